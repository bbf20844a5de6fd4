"""``walletcare export`` (the dispute dossier) and ``walletcare verify`` (checks a dossier)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from walletcare.cli.common import Context, ExitCode, parse_time, print_json
from walletcare.errors import UsageError, os_reason
from walletcare.i18n import LANGUAGES, _, current_language


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Adds ``export`` and ``verify``."""
    p = sub.add_parser("export", help=_("write the dispute dossier (PDF) of a case"))
    p.add_argument("--case", type=int, required=True)
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p.add_argument("--lang", dest="dossier_lang", choices=LANGUAGES)
    p.add_argument("--redact", action="store_true")
    p.add_argument("--to", metavar="CHANNEL",
                   help=_("address the dossier and its letter to one channel (see “walletcare channels --case N”)"))
    p.add_argument("--full-statements", action="store_true",
                   help=_("print every row of imported statements in an appendix (by default each statement is "
                          "one line, and only the disputed and context rows are printed)"))
    p.add_argument("--paper", choices=("A4", "Letter"), default="A4")
    p.add_argument("--originals", choices=("embed", "zip", "none"), default="embed")
    p.add_argument("--pdf-password-file", metavar="FILE")
    p.add_argument("--export-time", metavar="TIME",
                   help=_("the export time printed in the dossier (default: now); the same case, options and time "
                          "give the same PDF, byte for byte"))
    p.add_argument("--size-budget", type=float, default=20.0, metavar="MB",
                   help=_("largest PDF allowed with embedded originals, in MB (default 20)"))
    p.set_defaults(func=run_export)
    p = sub.add_parser("verify", help=_("check a dossier's seal, manifest and embedded exhibits"))
    p.add_argument("file", metavar="FILE.pdf")
    p.add_argument("--json", action="store_true")
    p.add_argument("--pdf-password-file", metavar="FILE")
    p.add_argument("--expect-key", metavar="FINGERPRINT",
                   help=_("the seal fingerprint you expect (from the sender or an earlier dossier); another "
                          "fingerprint is a problem"))
    p.set_defaults(func=run_verify)


def _read_password(path: str | None) -> str | None:
    if not path:
        return None
    try:
        with open(path, encoding="utf-8") as fh:
            value = fh.readline().rstrip("\r\n")
    except OSError as exc:
        raise UsageError(_("Cannot read the password file: {error}").format(error=os_reason(exc))) from None
    if not value:
        raise UsageError(_("The password file is empty."))
    return value


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def run_export(args: argparse.Namespace, ctx: Context) -> int:
    """Collects the case from the vault, prints the expected size, renders and writes the dossier."""
    from walletcare.cli.common import open_vault
    from walletcare.config import Settings
    from walletcare.evidence.dossier.data import ExportOptions
    from walletcare.evidence.dossier.export import prepare_export, render_export, save_export
    from walletcare.evidence.dossier.manifest import group_hex

    output = Path(args.output).expanduser()
    if not output.parent.is_dir():
        raise UsageError(_("The folder {folder} does not exist.").format(folder=output.parent))
    if output.is_dir():
        raise UsageError(_("{path} is a folder. Give the dossier a file name, e.g. {example}.").format(
            path=output, example=output / "dossier.pdf"))
    if args.size_budget <= 0:
        raise UsageError(_("The size budget must be more than 0 MB."))
    options = ExportOptions(
        lang=args.dossier_lang or current_language(), redact=args.redact, paper=args.paper, originals=args.originals,
        pdf_password=_read_password(args.pdf_password_file), font_path=Settings.load().dossier_font,
        size_budget=int(args.size_budget * 1024 * 1024),
        exported_at=parse_time(args.export_time) if args.export_time else None, full_statements=args.full_statements,
    )
    vault = open_vault(ctx)
    try:
        prepared = prepare_export(vault, args.case, output, options, to=args.to)
        unfit = _unfit_channel(vault.store, args.case, args.to)
        print(_("Expected size: {size}").format(size=_mb(prepared.estimated_size)))
        result = save_export(vault.store, render_export(prepared))
    finally:
        vault.close()
    for warning in ([unfit] if unfit else []) + list(result.warnings):
        sys.stderr.write(warning + "\n")
    written = (_("Crime report dossier written: {file} ({size}, {pages} pages)") if args.to == "police"
               else _("Dossier written: {file} ({size}, {pages} pages)"))  # as the dossier calls itself
    print(written.format(file=result.pdf_path, size=_mb(result.pdf_size), pages=result.pages))
    if result.zip_path is not None:
        print(_("Original files: {file} ({size})").format(file=result.zip_path, size=_mb(result.zip_size)))
    print(_("Fingerprint: {fingerprint}").format(fingerprint=result.fingerprint))
    print(_("Seal fingerprint: {key}").format(key=group_hex(result.seal_key)))
    return ExitCode.OK


def run_verify(args: argparse.Namespace, ctx: Context) -> int:
    """Checks a dossier without the vault: exit 0 intact, 1 altered or not confirmed."""
    from walletcare.evidence.dossier.manifest import group_hex
    from walletcare.evidence.dossier.verify import (
        ALTERED,
        NOT_A_DOSSIER,
        ORIGINALS_CHANGED,
        OTHER_KEY,
        verify_pdf,
        zip_path_for,
    )

    report = verify_pdf(Path(args.file).expanduser(), _read_password(args.pdf_password_file), args.expect_key)
    if args.json:
        print_json(report.to_json())
        return ExitCode.OK if report.intact else ExitCode.CHECK_FAILED
    key = group_hex(report.seal_key) if report.seal_key else "—"
    if report.intact:
        print(_("Intact: this file is unchanged since it was exported and sealed (seal fingerprint {key}).").format(key=key))
        if report.key_matches:
            print(_("The seal fingerprint matches the one you expected."))
        else:
            print(_("The seal fingerprint is not a secret and unlocks nothing; it names whoever made the dossier, "
                    "not an authority: compare it with the one the sender gave you, or check it with --expect-key."))
        if report.exhibits_checked:
            print(_("The manifest, its signature and all {count} exhibits match.").format(count=report.exhibits))
        else:
            print(_("The manifest and its signature match; the originals of its {count} exhibits could not be "
                    "checked here.").format(count=report.exhibits))
    elif report.status == NOT_A_DOSSIER:
        print(_("Not a WalletCare dossier: this PDF was not exported by WalletCare, so there is nothing to check."))
        for problem in report.problems:
            print(f"  - {problem}")
        return ExitCode.CHECK_FAILED
    elif report.status == ORIGINALS_CHANGED:
        print(_("The originals file does not match the dossier: {zip} was changed. The dossier PDF itself is "
                "unchanged since it was exported and sealed (seal fingerprint {key}).").format(
                    zip=zip_path_for(Path(args.file)).name, key=key))
        for problem in report.problems:
            print(f"  - {problem}")
    elif report.status == OTHER_KEY:
        print(_("Not the seal you expected: the file is unchanged since it was sealed, but its seal fingerprint "
                "is {key}.").format(key=key))
        print(_("Ask the sender for their seal fingerprint, by another way than the file itself."))
    elif report.status == ALTERED:
        print(_("Altered: this dossier was changed after it was exported."))
        for problem in report.problems:
            print(f"  - {problem}")
    else:
        print(_("Not confirmed: this dossier cannot be checked completely."))
    for note in report.notes:
        print(f"  ({note})")
    if report.fingerprint:
        print(_("Fingerprint: {fingerprint}").format(fingerprint=report.fingerprint))
    print(_("Seal fingerprint: {key}").format(key=key))
    return ExitCode.OK if report.intact else ExitCode.CHECK_FAILED


def _unfit_channel(store: Any, case_id: int, channel: str | None) -> str:
    """A warning when ``channel`` is not one that fits the case (``walletcare channels``), else ""."""
    if not channel:
        return ""
    from walletcare.evidence.channels import applicable

    fitting = [a.id for a in applicable(store.cases.get(case_id), store.transactions.with_roles(case_id, ("disputed",)))]
    if channel in fitting:
        return ""
    return _("Note: “{channel}” is not among the channels that fit this case ({fitting}); the dossier is addressed "
             "to it as asked. “walletcare channels --case {id}” says why each one fits.").format(
        channel=channel, fitting=", ".join(fitting) or "-", id=case_id)
