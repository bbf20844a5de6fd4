"""Exporting a dossier to files: the size estimate and budget, the PDF written atomically, and with
``--originals zip`` a ``FILE.originals.zip`` beside it carrying the originals and the same manifest.

The zip is deterministic too (stored entries, sorted names, timestamps from the export time). Files are
written to a temporary name in the target folder and renamed into place, the PDF last, together with the
export's audit entry (``evidence/outputs.py``): a failed export removes its temps (the zip holds the originals
in plaintext) and a crash is settled at the next open, so the PDF and zip appear together or not at all.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from walletcare.errors import Refused
from walletcare.evidence.dossier.data import (
    DEFAULT_SIZE_BUDGET,
    ORIGINALS_MODES,
    PAPERS,
    CancelFlag,
    DossierData,
    ExportOptions,
    ProgressFn,
    Signer,
)
from walletcare.evidence.dossier.layout import RenderResult, render
from walletcare.evidence.dossier.manifest import MANIFEST_NAME, SIGNATURE_NAME
from walletcare.evidence.dossier.seal import SealKey
from walletcare.evidence.dossier.verify import zip_path_for
from walletcare.evidence.letters import letter_for
from walletcare.evidence.outputs import Content, write_files, write_outputs
from walletcare.i18n import _

PAGE_OVERHEAD = 250_000  # fonts, text and tables of a typical dossier, bytes


@dataclass(frozen=True)
class ExportResult:
    """What was written."""

    pdf_path: Path
    zip_path: Path | None
    pdf_size: int
    zip_size: int
    fingerprint: str
    pages: int
    warnings: tuple[str, ...]
    seal_key: str = ""  # the fingerprint of the key that sealed the PDF

    def __fspath__(self) -> str:
        """The PDF's path (so a result can be used wherever a path is expected)."""
        return str(self.pdf_path)


def originals_size(data: DossierData) -> int:
    """Total bytes of the exhibits' originals."""
    return sum(ex.evidence.size for ex in data.exhibits)


def estimate_size(data: DossierData, options: ExportOptions) -> int:
    """The expected PDF size in bytes: print copies, originals when embedded, and the text pages."""
    prints = sum(len(ex.print_jpeg or b"") for ex in data.exhibits)
    embedded = originals_size(data) if options.originals == "embed" else 0
    return prints + embedded + PAGE_OVERHEAD + 120 * len(data.transactions)


def check_budget(data: DossierData, options: ExportOptions) -> None:
    """Refuses embedding originals that would make the PDF larger than the size budget (suggests zip)."""
    if options.originals != "embed":
        return
    size = estimate_size(data, options)
    if size > options.size_budget:
        raise Refused(_(
            "With the original files embedded the dossier would be about {size} MB, more than the {budget} MB "
            "limit that upload forms and email usually accept. Use “--originals zip” to put them in a separate zip "
            "file, or raise the limit with --size-budget."
        ).format(size=round(size / 1024 / 1024, 1), budget=round(options.size_budget / 1024 / 1024, 1)))


def _write_zip(result: RenderResult, exported_at: datetime, fh: BinaryIO) -> None:
    """The originals zip, written into ``fh`` one file at a time (stored, sorted names, export-time stamps)."""
    stamp = exported_at.timetuple()[:6]
    files: list[tuple[str, bytes | Callable[[], bytes]]] = [(name, content) for name, content, _size in
                                                            result.exhibit_files]
    files += [(MANIFEST_NAME, result.manifest), (SIGNATURE_NAME, result.signature)]
    with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_STORED) as zf:
        for name, content in sorted(files, key=lambda f: f[0]):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o644 << 16
            zf.writestr(info, content if isinstance(content, bytes) else content())



@dataclass(frozen=True)
class HeldSigner:
    """The vault's signing keys as a render needs them, read on the vault thread (``hold_signer``) so the
    render can run on another thread without touching the database."""

    public: bytes
    seal: SealKey
    signer: Signer  # signs with the key already read (the vault keeps it after the first signature)

    def public_key(self) -> bytes:
        """The raw 32-byte Ed25519 public key."""
        return self.public

    def seal_key(self) -> SealKey:
        """The ECDSA P-256 key and certificate that seal the PDF."""
        return self.seal

    def sign(self, data: bytes) -> bytes:
        """An Ed25519 signature of ``data``."""
        return self.signer.sign(data)


def hold_signer(signer: Signer) -> HeldSigner:
    """Reads what signing needs from ``signer`` now (on the vault thread: a vault made before seals gets its
    seal key here, and the first signature reads the signing key from the database)."""
    signer.sign(b"")
    return HeldSigner(signer.public_key(), signer.seal_key(), signer)


@dataclass(frozen=True)
class PreparedExport:
    """A case collected for export (``prepare_export``, on the vault thread): what ``render_export`` needs."""

    data: DossierData
    options: ExportOptions
    output: Path
    signer: Signer
    case_id: int | None

    @property
    def estimated_size(self) -> int:
        """The expected PDF size in bytes."""
        return estimate_size(self.data, self.options)


@dataclass(frozen=True)
class RenderedExport:
    """A rendered dossier not yet written: the files (the PDF last) and the result to report."""

    files: tuple[tuple[Path, Content], ...]  # writers: originals are read while written, on the vault thread
    result: ExportResult
    originals: str
    case_id: int | None


def prepare(data: DossierData, options: ExportOptions, output: Path, *, signer: Signer,
            case_id: int | None = None) -> PreparedExport:
    """Checks the options against ``data`` (the size budget, originals for a zip) and fixes the export time."""
    options = replace(options, exported_at=options.exported_at or datetime.now(UTC).astimezone(),
                      output_name=output.name)
    check_budget(data, options)
    if options.pdf_password and options.originals == "zip":
        raise Refused(_("A password protects the PDF, but a zip of the originals beside it would not be encrypted. "
                        "Keep the originals inside the PDF (they are encrypted with it) or leave them out."))
    if options.originals == "zip" and not options.redact and any(ex.original is None and ex.load is None
                                                                    for ex in data.exhibits):
        raise ValueError("the originals are needed for --originals zip")
    return PreparedExport(data, options, output, signer, case_id)


def prepare_export(vault: Any, case_id: int, output: Path, options: ExportOptions, *, to: str | None = None,
                   cancel: CancelFlag | None = None) -> PreparedExport:
    """Collects a case for export (run it where the vault's connection lives).

    Args:
        vault: The open ``Vault``: its store is read, its keys sign the manifest and seal the PDF.
        options: What the user chose (``ExportOptions``); the app version is filled in.
        to: A channel id (``channels.CHANNEL_IDS``): the cover names its addressee and the letter is the one
            for that channel (stored by the user, else filled from its template).
        cancel: Checked while collecting; ``Cancelled`` leaves nothing written.

    Raises:
        Refused: Embedded originals would exceed the size budget.
        Cancelled: The user cancelled.
    """
    from walletcare import __version__
    from walletcare.evidence.dossier.collect import collect

    if options.paper not in PAPERS or options.originals not in ORIGINALS_MODES:
        raise ValueError(f"unknown paper {options.paper!r} or originals mode {options.originals!r}")
    # a redacted dossier makes its masked copies from the originals, whatever travels; the copies are made
    # while rendering, off the vault thread, so the originals are read here
    data = collect(vault.store, case_id, originals=options.originals != "none" or options.redact,
                   full_statements=options.full_statements, cancel=cancel)
    if options.redact:
        data = replace(data, exhibits=tuple(replace(ex, original=ex.data(), load=None) for ex in data.exhibits))
    options = replace(options, app_version=options.app_version or __version__)
    if to:
        options = addressed(vault.store, case_id, options, to)
    return prepare(data, options, Path(output), signer=hold_signer(vault), case_id=case_id)


def render_export(prepared: PreparedExport, *, progress: ProgressFn | None = None,
                  cancel: CancelFlag | None = None) -> RenderedExport:
    """Renders the PDF (and the originals zip): the long part, which needs no database and so runs on any
    thread. Nothing is written yet (``save_export``).

    Raises:
        Refused: A secret would be exported.
        Cancelled: The user cancelled.
    """
    options, output = prepared.options, prepared.output
    result = render(prepared.data, options, signer=prepared.signer, progress=progress, cancel=cancel, defer=True)
    assert options.exported_at is not None and result.write is not None
    exported_at, seal = options.exported_at, result.write

    def write_pdf(fh: BinaryIO) -> None:
        seal(fh)

    files: list[tuple[Path, Content]] = []
    if options.originals == "zip":
        files.append((zip_path_for(output), lambda fh: _write_zip(result, exported_at, fh)))
    files.append((output, write_pdf))  # (last: the PDF in place means the export is complete)
    written = ExportResult(pdf_path=output, zip_path=files[0][0] if len(files) > 1 else None, pdf_size=0,
                           zip_size=0, fingerprint=result.fingerprint, pages=result.pages, warnings=result.warnings,
                           seal_key=result.seal_key)
    return RenderedExport(tuple(files), written, options.originals, prepared.case_id)


def save_export(store: Any, rendered: RenderedExport) -> ExportResult:
    """Writes a rendered dossier: with ``store`` (run it where the vault's connection lives) the files and the
    export's audit entry together or not at all (``outputs.write_outputs``); without it only the files, all or
    none.

    Raises:
        DiskFull, NotWritable: The disk is full or cannot be written; nothing was left behind.
    """
    if store is None:
        write_files(list(rendered.files))
    else:
        write_outputs(store, list(rendered.files), export_audit(rendered.case_id, rendered.result,
                                                                 rendered.originals))
    written = rendered.result
    return replace(written, pdf_size=written.pdf_path.stat().st_size,
                   zip_size=written.zip_path.stat().st_size if written.zip_path is not None else 0)


def write_dossier(data: DossierData, options: ExportOptions, output: Path, *, signer: Signer,
                  progress: ProgressFn | None = None, cancel: CancelFlag | None = None, store: Any = None,
                  case_id: int | None = None) -> ExportResult:
    """Renders ``data`` and writes the PDF (and the originals zip when chosen): ``prepare``, ``render_export``
    and ``save_export`` in a row.

    Args:
        data: The case content (from ``collect``).
        options: Export options; ``exported_at`` defaults to now.
        output: The PDF path; the zip goes beside it as ``<name>.originals.zip``.
        signer: Signs the manifest (the vault).
        progress: ``(done, total)`` while rendering.
        cancel: Stops the export before anything is written.
        store: The vault's store: the files and the audit entry of the export (``case_id``) are written
            together or not at all (``outputs.write_outputs``); without it only the files, all or none.

    Raises:
        Refused: A secret would be exported, or embedded originals exceed the size budget.
        Cancelled: The user cancelled; nothing was written.
        DiskFull, NotWritable: The disk is full or cannot be written; nothing was left behind.
    """
    prepared = prepare(data, options, output, signer=signer, case_id=case_id)
    return save_export(store, render_export(prepared, progress=progress, cancel=cancel))


def record_export(store: Any, case_id: int, result: ExportResult, originals: str) -> None:
    """Adds an ``export`` entry to the vault's audit trail: the dossier's fingerprint, file name and pages.

    The entry comes after the audit head printed in the dossier, so the trail shows which dossier left the
    vault and when (chain of custody); the path is not recorded, only the file name.
    """
    entry = export_audit(case_id, result, originals)
    with store.transaction():
        store.audit.record(entry["action"], entry["object"], case_id, entry["digest"], detail=entry["detail"])


def export_audit(case_id: int | None, result: ExportResult, originals: str) -> dict[str, Any]:
    """The audit entry of an export: the dossier's fingerprint, file name, pages (never the path)."""
    detail = json.dumps({"file": result.pdf_path.name, "pages": result.pages, "originals": originals},
                        ensure_ascii=False, sort_keys=True)
    return {"action": "export", "object": f"dossier:{case_id}", "case_id": case_id, "digest": result.fingerprint,
            "detail": detail}


def addressed(store: Any, case_id: int, options: ExportOptions, channel: str) -> ExportOptions:
    """``options`` with the addressee and letter of ``channel`` (dated by the export time, else today)."""
    day = (options.exported_at or datetime.now(UTC).astimezone()).date()
    addressee, text, _stored = letter_for(store, case_id, channel, options.lang, day)
    return replace(options, addressee=addressee, letter=text, channel=channel)


def export_case(vault: Any, case_id: int, target: Path, *, lang: str = "zh-CN", redact: bool = False,
                paper: str = "A4", originals: str = "embed", password: str | None = None, font: str | None = None,
                progress: ProgressFn | None = None, cancel: CancelFlag | None = None,
                size_budget: int = DEFAULT_SIZE_BUDGET, full_statements: bool = False,
                to: str | None = None) -> ExportResult:
    """Collects a case from an open vault and writes its dossier, all on the calling thread: ``prepare_export``,
    ``render_export`` and ``save_export`` in a row (the CLI and the window call those three; the window
    renders on its worker pool).

    Args:
        vault: The open ``Vault`` (its store is read on the calling thread; it signs the manifest).
        case_id: The case to export.
        target: The PDF path.
        lang, redact, paper, originals, password, font, size_budget, full_statements: the ``ExportOptions``
            (``password`` is ``pdf_password``, ``font`` is ``font_path``).
        progress: ``(done, total)`` while rendering.
        cancel: Checked between steps; ``Cancelled`` leaves nothing written.
        to: A channel id: the cover names its addressee and the letter is the one for that channel.

    Returns:
        What was written (usable as the PDF's path); the vault's audit trail records the export.
    """
    options = ExportOptions(lang=lang, redact=redact, paper=paper, originals=originals, pdf_password=password,
                            font_path=font, size_budget=size_budget, full_statements=full_statements)
    prepared = prepare_export(vault, case_id, Path(target), options, to=to, cancel=cancel)
    return save_export(vault.store, render_export(prepared, progress=progress, cancel=cancel))
