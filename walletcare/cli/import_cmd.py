"""``walletcare import``: reads a wallet's own export file into a case; ``import list`` and ``import undo`` (in
``removal_cmds``) show and take back earlier imports. A file named ``list`` or ``undo`` is imported as ``./list``.
On a terminal a progress bar (stderr) follows the rows being stored and then the search index being built; piped
or with ``--json`` nothing but the result is written."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from walletcare.cli.common import Context, ExitCode, open_vault, print_json
from walletcare.errors import InvalidInput, UsageError
from walletcare.evidence.models import CONTACT_PARTIES
from walletcare.i18n import _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Adds the ``import`` command."""
    p = sub.add_parser("import", help=_("import a wallet or bank export file into a case"), add_help=False,
                       usage=_("walletcare import FILE --case N [options]  |  walletcare import list --case N [--json]"
                               "  |  walletcare import undo IMPORT_ID [--yes]"))
    p.add_argument("-h", "--help", action=_FormHelp, help=_("show this help message and exit"))
    p.add_argument("file", metavar=_("FILE"), help=_("the export file, as the wallet or bank gave it (or “list”, "
                                                     "or “undo” followed by IMPORT_ID)"))
    p.add_argument("import_id", nargs="?", type=int, metavar=_("IMPORT_ID"),
                   help=_("with “undo”: the import to take back (see “walletcare import list --case N”)"))
    p.add_argument("--case", type=int)
    p.add_argument("--yes", action="store_true", help=_("with “undo”: do not ask (needed without a terminal)"))
    p.add_argument("--format", default="auto", choices=("auto", "alipay", "wechat", "paypal", "etherscan", "oklink", "csv",
                                                       "whatsapp", "telegram"),
                   help=_("the layout of the file (auto: found from its content; whatsapp and telegram are chat "
                          "exports, imported as a contact thread)"))
    p.add_argument("--map", action="append", default=[], metavar=_("COLUMN=field"),
                   help=_("which column holds which field, for any other CSV (e.g. 交易日期=date, 金额=amount); "
                          "@currency=CNY and @timezone=+08:00 set defaults; @date_order=dmy or mdy reads 05/02/2024 as day/month "
                          "or month/day"))
    p.add_argument("--preset", metavar="NAME",
                   help=_("use a saved column mapping (built in: icbc_debit_v2, icbc_debit_v1, icbc_credit, cmb_debit)"))
    p.add_argument("--save-preset", metavar="NAME", help=_("save the column mapping under NAME after a successful import"))
    p.add_argument("--skip-bad-rows", action="store_true", help=_("import the readable rows and list the others"))
    p.add_argument("--force-provider", action="store_true",
                   help=_("import even when the file is an export of another provider than the case's"))
    p.add_argument("--pick", metavar="ROW_SPEC",
                   help=_("the rows you dispute, by line number of the file or order number, e.g. 12,15-17 or "
                          "2024052022001; the other rows are kept as records"))
    p.add_argument("--tz", metavar=_("ZONE"),
                   help=_("chat exports: the time zone of the phone that made the export (e.g. Asia/Shanghai, "
                          "Europe/London, UTC+8; default: this computer's zone); WhatsApp writes times without one"))
    p.add_argument("--with", dest="party", choices=CONTACT_PARTIES,
                   help=_("chat exports: who the chat was with (seller, platform, bank, authority, impostor for "
                          "someone posing as support, other); the letters list the thread under a heading that says "
                          "so"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_import)


class _FormHelp(argparse.Action):
    """``--help``: the help of ``import list`` or ``import undo`` when one of them was given, else of ``import``."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, help: str | None = None) -> None:
        super().__init__(option_strings, dest, default=argparse.SUPPRESS, nargs=0, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        from walletcare.cli import removal_cmds

        form = getattr(namespace, "file", None)
        (removal_cmds.form_parser(form) if form in ("list", "undo") else parser).print_help()
        parser.exit()


def run_import(args: argparse.Namespace, ctx: Context) -> int:  # noqa: C901 - the import command's forms and outcomes, each a short branch
    """Imports FILE into case ``--case``; prints added / duplicates / rejected rows / warnings (``list`` and
    ``undo`` in place of FILE: the forms of ``removal_cmds``)."""
    from pathlib import Path

    from walletcare.cli import removal_cmds

    if args.file == "list":
        return removal_cmds.run_import_list(args, ctx)
    if args.file == "undo":
        return removal_cmds.run_import_undo(args, ctx)
    if args.import_id is not None:
        raise UsageError(_("Import one file at a time: “walletcare import FILE --case N”."))
    if args.case is None:
        raise UsageError(_("Which case? Add --case N (see “walletcare case list”)."))

    from walletcare.evidence.importers.format_names import format_text
    from walletcare.evidence.importers.generic import PRESETS, ColumnMapping
    from walletcare.evidence.importers.picking import parse_pick
    from walletcare.evidence.importers.pipeline import BadRowsFound, import_file

    path = Path(args.file).expanduser()
    if not path.is_file():
        raise InvalidInput(_("There is no file {path}.").format(path=str(path)))  # exit 4: unreadable input file
    app = _chat_app(path, args.format)
    if app is not None:
        return _import_chat(args, ctx, path, app)
    if getattr(args, "party", None):
        raise UsageError(_("--with is for chat exports (WhatsApp, Telegram): this file is not one."))
    vault = open_vault(ctx)
    try:
        store = vault.store
        if not store.cases.exists(args.case):
            raise UsageError(_("There is no case {id}. See “walletcare case list”.").format(id=args.case))
        mapping = _mapping(store, args, PRESETS, ColumnMapping)
        pick = parse_pick(args.pick) if args.pick is not None else None
        if args.save_preset and mapping is None:
            raise UsageError(_("--save-preset needs a mapping (--map or --preset)."))
        shown = not args.json and sys.stderr is not None and sys.stderr.isatty()
        try:
            with _bar(_("Importing"), shown) as progress:
                result = import_file(store, args.case, path, format=args.format, mapping=mapping,
                                     skip_bad_rows=args.skip_bad_rows, pick=pick,
                                     other_provider=args.force_provider, progress=progress)
        except BadRowsFound as exc:
            _report_bad_rows(exc, args.json)
            return ExitCode.INPUT
        with _bar(_("Indexing for search"), shown) as progress:
            store.transactions.index_pending(progress=progress)
        if args.save_preset and mapping is not None:
            store.presets.save(args.save_preset, mapping.to_store())
    finally:
        vault.close()
    document = {
        "format": result.format, "variant": result.variant, "added": result.added, "duplicates": result.duplicates,
        "rejected": [{"line": b.line, "reason": b.reason} for b in result.rejected],
        "warnings": list(result.warnings), "evidence_id": result.evidence_id, "refunds_linked": result.refunds_linked,
        "picked": result.picked,
    }
    if args.json:
        print_json(document)
        return ExitCode.OK
    out = sys.stdout
    out.write(_("Format: {format}").format(format=format_text(result.format, result.variant)) + "\n")
    out.write(_("Added: {count}").format(count=result.added) + "\n")
    out.write(_("Duplicates skipped: {count}").format(count=result.duplicates) + "\n")
    if result.refunds_linked:
        out.write(_("Refunds linked to their payments: {count}").format(count=result.refunds_linked) + "\n")
    if result.picked:
        out.write(_("Marked as disputed: {count}").format(count=result.picked) + "\n")
    elif result.added:
        out.write(_("The rows are kept as records. Mark the ones you dispute with “walletcare tx mark ID --role "
                    "disputed” (see “walletcare tx list --case {case}”).").format(case=args.case) + "\n")
    if result.rejected:
        out.write(_("Rejected rows: {count}").format(count=len(result.rejected)) + "\n")
        for bad in result.rejected:
            out.write("  " + _("line {line}: {reason}").format(line=bad.line, reason=bad.reason) + "\n")
    for warning in result.warnings:
        out.write(_("Warning: {text}").format(text=warning) + "\n")
    out.write(_("The original file is kept as evidence item {id}.").format(id=result.evidence_id) + "\n")
    return ExitCode.OK


@contextmanager
def _bar(label: str, shown: bool) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr while the block runs (only when ``shown``: stderr is a terminal and the output
    is not JSON); yields the ``progress(done, total)`` callback to hand to the core."""
    if not shown:
        yield lambda done, total: None
        return
    import os

    from tqdm import tqdm

    try:
        width, height = os.get_terminal_size(sys.stderr.fileno())
    except OSError:
        width = height = 0
    # (a terminal that reports no size, as some multiplexers and test ptys do, gets 80x24: tqdm hides a bar
    # below the last row, and with 0 rows that is every bar)
    with tqdm(total=0, desc=label, unit=_("rows"), file=sys.stderr, leave=False, ncols=width or 80,
              nrows=height or 24) as bar:
        def progress(done: int, total: int) -> None:
            bar.total = max(total, done)
            bar.n = done
            bar.refresh()

        yield progress


def _chat_app(path: Any, fmt: str) -> str | None:
    """``whatsapp`` or ``telegram`` when FILE is (or is said to be) a chat export, else None."""
    if fmt in ("whatsapp", "telegram"):
        return fmt
    if fmt != "auto":
        return None
    from walletcare.evidence.importers import chats

    try:
        with open(path, "rb") as fh:
            head = fh.read(1 << 20)
    except OSError:
        return None
    if head[:4] == b"PK\x03\x04":
        head = path.read_bytes()  # the chat's name is in the zip's directory at its end
    return chats.detect(head)


def chat_zone(name: str | None) -> tuple[str, Any]:
    """The name and ``tzinfo`` of ``--tz`` (default: this computer's zone by its IANA name when known).

    Raises:
        UsageError: the zone is not one WalletCare knows.
    """
    from walletcare.evidence.importers.chats import system_zone
    from walletcare.evidence.importers.timestamps import zone

    if not name:
        return system_zone()
    try:
        return name.strip(), zone(name)
    except ValueError:
        raise UsageError(_("“{zone}” is not a time zone WalletCare knows. Give a name such as Asia/Shanghai or an "
                           "offset such as UTC+8.").format(zone=name)) from None


def _import_chat(args: argparse.Namespace, ctx: Context, path: Any, app: str) -> int:
    """Imports a WhatsApp or Telegram export as a contact thread; prints what was stored and any warnings."""
    from walletcare.evidence.chats import stamp
    from walletcare.evidence.importers import chats
    from walletcare.evidence.importers.pipeline import read_source
    from walletcare.i18n import current_language, ngettext

    zone_name, zone = chat_zone(args.tz)
    data, name, detail, mtime = read_source(path)
    export = chats.read(data, app, name, zone=zone, folder=path.parent)
    with open_vault(ctx) as vault:
        store = vault.store
        if not store.cases.exists(args.case):
            raise UsageError(_("There is no case {id}. See “walletcare case list”.").format(id=args.case))
        result = store.chats.import_export(args.case, data, name, export, origin_detail=detail, file_mtime=mtime,
                                           zone=zone_name, party=getattr(args, "party", None) or "")
        # what the window shows on the thread: an export later than the case's start, and scam warning signs
        thread = store.chats.thread(result.contact_id, current_language()) if result.contact_id else None
    warnings = list(dict.fromkeys([*result.warnings, *(thread.warnings if thread else ())]))
    flagged = [(m, thread.flags[m.seq]) for m in thread.messages if m.seq in thread.flags] if thread else []
    if args.json:
        print_json({"format": result.app, "variant": result.variant, "added": result.messages,
                    "duplicates": result.messages if result.duplicate else 0, "rejected": [],
                    "warnings": warnings, "evidence_id": result.evidence_id,
                    "contact_id": result.contact_id, "media": result.media,
                    "flags": [{"seq": m.seq, "sender": m.sender, "found": list(found)} for m, found in flagged]})
        return ExitCode.OK
    out = sys.stdout
    out.write(_("Format: {format} ({variant})").format(format=result.app, variant=result.variant) + "\n")
    if result.duplicate:
        out.write(_("This chat export is already in the case; nothing was added.") + "\n")
    else:
        out.write(_("Messages: {count}, attachments kept: {media}").format(count=result.messages,
                                                                           media=result.media) + "\n")
        out.write(_("The chat is contact {id} of the case.").format(id=result.contact_id) + "\n")
        out.write(_("Times were read in the time zone {zone}.").format(zone=zone_name) + "\n")
    for warning in warnings:
        out.write(_("Warning: {text}").format(text=warning) + "\n")
    if flagged:
        out.write(ngettext("{n} message shows scam warning signs:", "{n} messages show scam warning signs:",
                           len(flagged)).format(n=len(flagged)) + "\n")
        for message, found in flagged:
            out.write(f"  {stamp(message.at)}  {message.sender}: " + "、".join(f"“{f}”" for f in found) + "\n")
        out.write(_("Check through the official app before you do anything they ask. Real support never asks for "
                    "your recovery phrase, keys, passwords or codes.") + "\n")
    out.write(_("The original file is kept as evidence item {id}.").format(id=result.evidence_id) + "\n")
    return ExitCode.OK


def _mapping(store: Any, args: argparse.Namespace, presets: dict[str, Any], mapping_cls: Any) -> Any:
    """The column mapping from ``--preset`` (built-in or saved) and ``--map`` items, or None."""
    base = None
    if args.preset:
        base = presets.get(args.preset)
        if base is None:
            saved = store.presets.get(args.preset)
            if saved is None:
                names = ", ".join(sorted([*presets, *store.presets.list()]))
                raise UsageError(_("There is no preset {name!r}. Presets: {names}.").format(name=args.preset, names=names))
            base = mapping_cls.from_store(args.preset, saved)
    if args.map:
        return mapping_cls.from_pairs(args.map, base=base)
    return base


def _report_bad_rows(exc: Any, as_json: bool) -> None:
    if as_json:
        print_json({
            "format": exc.format, "variant": exc.variant, "added": 0, "duplicates": 0,
            "rejected": [{"line": b.line, "reason": b.reason} for b in exc.bad_rows],
            "warnings": list(exc.warnings), "error": exc.text(),
        })
        return
    err = sys.stderr
    err.write(_("{count} rows cannot be read. Nothing was written.").format(count=len(exc.bad_rows)) + "\n")
    for bad in exc.bad_rows:
        err.write("  " + _("line {line}: {reason}").format(line=bad.line, reason=bad.reason) + "\n")
    err.write(_("Run again with --skip-bad-rows to import the other rows.") + "\n")
