"""Builds the argument parser from the command modules, runs the chosen command and maps errors to exit codes.

Exit codes (``spec/cli.md``): 0 success · 1 a check found a problem · 2 usage error · 3 wrong passphrase
or no vault · 4 unreadable or invalid input file · 5 internal error (message names the log file).
"""

from __future__ import annotations

import argparse
import errno
import sys
from collections.abc import Sequence

from walletcare import __version__
from walletcare.cli import (
    channel_cmds,
    content_cmds,
    export_cmds,
    gui_cmd,
    help_cmds,
    import_cmd,
    ocr_cmds,
    plan_cmds,
    safety_cmds,
    vault_cmds,
    wizard_cmds,
)
from walletcare.cli.common import OPTION_HELP, Context, ExitCode
from walletcare.errors import DiskFull, WalletCareError, os_reason, os_storage_error
from walletcare.i18n import LANGUAGES, _, pick_language, set_language

# a file that cannot be written for lack of space or permission: exit 4, like DiskFull and NotWritable
_NOT_WRITABLE = (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM)
COMMAND_MODULES = (gui_cmd, vault_cmds, ocr_cmds, import_cmd, export_cmds, channel_cmds, help_cmds, wizard_cmds, safety_cmds,
                   content_cmds, plan_cmds)


class _Parser(argparse.ArgumentParser):
    """argparse with exit code 2 and a translated one-line error (no usage dump)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(_("walletcare: usage error: {message}").format(message=message) + "\n")
        raise SystemExit(ExitCode.USAGE)


def _early_language(argv: Sequence[str]) -> None:
    """Sets the interface language before the parser is built, so ``--help`` is translated too."""
    requested = None
    i = 0
    while i < len(argv):  # global options only: stop at the sub-command (its own --lang is the content's)
        arg = argv[i]
        if arg == "--lang" and i + 1 < len(argv):
            requested = argv[i + 1]
        elif arg.startswith("--lang="):
            requested = arg.split("=", 1)[1]
        elif arg in ("--vault", "--passphrase-file"):
            i += 1
        elif not arg.startswith("-"):
            break
        i += 1
    from walletcare.config import Settings

    set_language(pick_language(requested, Settings.load().language))


def build_parser() -> argparse.ArgumentParser:
    """The full parser: global options, then one sub-parser per command of the contract."""
    argparse._ = _  # type: ignore[attr-defined]  # argparse's own texts (usage, options, errors) in our catalogue
    parser = _Parser(
        prog="walletcare",
        description=_(
            "WalletCare helps when a digital wallet payment goes wrong: offline help and wizards, "
            "an encrypted evidence vault, and a dispute dossier (PDF). Without a command, opens the window."
        ),
        epilog=_(
            "Passphrase for automation: --passphrase-file FILE or the WALLETCARE_PASSPHRASE variable. "
            "Both are less safe than typing it: the passphrase sits in a file or the environment."
        ),
    )
    parser.add_argument("--version", action="version", version=f"WalletCare {__version__}",
                        help=_("show the version and exit"))
    parser.add_argument("--vault", metavar="DIR", help=_("vault folder (default: WALLETCARE_VAULT or the user data folder)"))
    parser.add_argument("--lang", choices=LANGUAGES, help=_("interface language"))
    parser.add_argument("--passphrase-file", metavar="FILE", help=_("read the passphrase from the first line of FILE (less safe)"))
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=_Parser)
    for module in COMMAND_MODULES:
        module.register(sub)
    _fill_help(parser, "")
    return parser


def _fill_help(parser: argparse.ArgumentParser, path: str) -> None:
    """Gives every option registered without a help text the one of ``OPTION_HELP`` (by command and
    destination, else by destination), so ``--help`` explains each option in the interface language."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                _fill_help(child, f"{path} {name}".strip())
        elif action.help is None:
            text = OPTION_HELP.get(f"{path}:{action.dest}") or OPTION_HELP.get(action.dest)
            if text:
                action.help = _(text)


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the command line; returns the exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    _early_language(args_list)
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exc:
        return int(exc.code or 0)
    if not getattr(args, "func", None):
        if args.command:
            parser.parse_args([args.command, "--help"])
        args_list = [*args_list, "gui"]
        args = parser.parse_args(args_list)
    ctx = Context.from_args(args)
    try:
        try:
            code = int(args.func(args, ctx) or 0)
            sys.stdout.flush()  # inside the handlers below: a closed pipe shows here, not at exit
            return code
        except Exception as exc:
            found: BaseException | None = os_storage_error(exc)
            if isinstance(exc, OSError) and exc.filename is not None and not isinstance(found, DiskFull):
                found = None  # (named below with the file it is about)
            if found is None and "sqlcipher3" in sys.modules:
                from walletcare.evidence.database import storage_error, user_error

                found = storage_error(exc) or user_error(exc)
            if found is None or found is exc:
                raise
            from walletcare.logs import log_exception

            log_exception(f"command {args.command}", exc)
            raise found from exc
    except WalletCareError as exc:
        sys.stderr.write(exc.text() + "\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write(_("Interrupted. Nothing was changed.") + "\n")
        return ExitCode.USAGE
    except BrokenPipeError:  # the reader of our output stopped early (``| head``): not a problem
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error when Python flushes
        return ExitCode.OK
    except OSError as exc:
        if exc.filename is None:
            return _internal(args, exc)
        from walletcare.logs import log_exception

        log_exception(f"command {args.command}", exc)
        sys.stderr.write(_("Cannot use {path}: {reason}. Nothing was changed.").format(
            path=exc.filename, reason=os_reason(exc)) + "\n")
        return ExitCode.INPUT if exc.errno in _NOT_WRITABLE else ExitCode.USAGE
    except Exception as exc:  # noqa: BLE001 - the last line of defence: log, never a bare traceback
        return _internal(args, exc)


def _internal(args: argparse.Namespace, exc: BaseException) -> int:
    from walletcare.logs import log_exception

    where = log_exception(f"command {args.command}", exc)
    sys.stderr.write(
        _("WalletCare hit an unexpected problem and stopped. Details were written to {log}.").format(log=where) + "\n"
    )
    return ExitCode.INTERNAL


if __name__ == "__main__":
    sys.exit(main())
