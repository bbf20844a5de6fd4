"""Checking a finished dossier offline, without the vault or its passphrase (``walletcare verify``).

A dossier is intact only when all of these hold: the file carries exactly one seal (a PAdES certification
signature allowing no changes, see ``seal.py``), its bytes match and it covers the whole file (padding after
the last ``%%EOF`` aside; validation data appended later is accepted and named); the attached
``manifest.json`` is canonical JSON whose SHA-256 equals the fingerprint in the metadata and on the cover and
which names the key that sealed the file; ``manifest.sig`` is a valid Ed25519 signature of it; every exhibit
the manifest lists is attached once (or is in ``FILE.originals.zip`` beside the PDF) with the SHA-256 the
manifest gives; nothing else is attached; nothing is laid over a page, no page is cut down or turned, and
nothing runs. Each difference becomes one problem in plain words.

Intact proves the file is unchanged since the holder of the seal key exported it. The key is issued by the
vault that made the dossier, not by an authority, so the report names it for the receiver to compare.

Dossiers from before the seal (their printed pages signed in an attached ``pages.sig``) are checked as far
as they can be and are never called intact: their report says what could not be checked.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

from walletcare.errors import CheckFailed, InvalidInput, UsageError, os_reason
from walletcare.evidence.dossier.additions import additions, attachments
from walletcare.evidence.dossier.manifest import MANIFEST_NAME, SIGNATURE_NAME, canonical_json
from walletcare.evidence.dossier.pagesig import PAGES_SIG_NAME, pages_signed
from walletcare.evidence.dossier.seal_check import SealResult, check_seal
from walletcare.i18n import _

INTACT, ALTERED, UNSEALED = "intact", "altered", "unsealed"
OTHER_KEY = "other_key"  # unchanged, but sealed by another key than the one the receiver expected
ORIGINALS_CHANGED = "originals_changed"  # the sealed PDF is as exported, the originals zip beside it is not
NOT_A_DOSSIER = "not_a_dossier"  # a PDF with nothing of a dossier: no seal, manifest or fingerprint


@dataclass
class VerifyReport:
    """The result: intact or not, how many exhibits the manifest lists, and what differs."""

    intact: bool
    exhibits: int
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    fingerprint: str = ""
    public_key: str = ""
    signature_valid: bool = False
    exhibits_checked: bool = True  # False when the originals were left out or their zip is not beside the PDF
    status: str = ALTERED  # intact, altered, originals_changed, other_key, not_a_dossier, or unsealed
    sealed: bool = False  # a seal is present and valid
    seal_key: str = ""  # the fingerprint of the key that sealed the file
    signed_at: str = ""
    key_matches: bool | None = None  # with an expected key: whether the seal was made by it
    zip_problems: int = 0  # how many of the problems are about the originals zip (not in the JSON)

    def to_json(self) -> dict[str, Any]:
        """The ``--json`` document (keys of the CLI contract first)."""
        return {"intact": self.intact, "exhibits": self.exhibits, "problems": self.problems, "notes": self.notes,
                "fingerprint": self.fingerprint, "public_key": self.public_key,
                "signature_valid": self.signature_valid, "exhibits_checked": self.exhibits_checked,
                "status": self.status, "sealed": self.sealed, "seal_key": self.seal_key, "signed_at": self.signed_at,
                "key_matches": self.key_matches}


def zip_path_for(pdf: Path) -> Path:
    """``dossier.pdf`` → ``dossier.originals.zip`` beside it."""
    return pdf.with_name(pdf.stem + ".originals.zip")


def _parse(data: bytes, password: str | None) -> Any:
    """A ``pypdf.PdfReader`` over ``data``, decrypted with ``password`` (errors as pypdf raises them)."""
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(data))
    if reader.is_encrypted:
        if not password:  # exit 4, like any input file that cannot be read as it is
            raise InvalidInput(_("This dossier is protected by a password; give it with --pdf-password-file."))
        if not reader.decrypt(password):
            raise InvalidInput(_("That password does not open this dossier."))
    return reader


def _open(path: Path, password: str | None) -> tuple[bytes, Any]:
    from pypdf.errors import PdfReadError

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(_("Cannot read {file}: {error}").format(file=path, error=os_reason(exc))) from None
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are English noise; problems are reported below
    if data.startswith(b"%PDF-") and b"%%EOF" not in data[-1024:]:  # where PDF readers look for it
        raise CheckFailed(_("{file} is cut short: it is not the whole dossier that was exported.").format(file=path.name))
    try:
        return data, _parse(data, password)
    except (PdfReadError, ValueError, KeyError, TypeError):
        if data.startswith(b"%PDF-"):
            raise CheckFailed(_("{file} is damaged: it is not the dossier that was exported.").format(file=path.name)) from None
        raise InvalidInput(_("{file} is not a readable PDF.").format(file=path.name)) from None


def normalize_key(text: str) -> str:
    """A key fingerprint as typed (spaces, colons, any case) → lower-case hex; ValueError when it is not one."""
    cleaned = re.sub(r"[\s:.-]", "", text).lower()
    if len(cleaned) < 16 or len(cleaned) > 64 or re.fullmatch(r"[0-9a-f]+", cleaned) is None:
        raise ValueError(text)
    return cleaned


def _signature_ok(manifest_bytes: bytes, signature: bytes, public_key_hex: str) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex))
        key.verify(signature, manifest_bytes)
    except (InvalidSignature, ValueError):
        return False
    return True


def _check_files(rows: list[dict[str, Any]], files: dict[str, bytes | None], report: VerifyReport, where: str) -> None:
    """Compares each listed exhibit with its file (a ``None`` value: present but unreadable, i.e. changed)."""
    for row in rows:
        label = f"{row.get('label')} ({row.get('name')})"
        name = str(row.get("attachment") or "")
        if not name:  # a redacted dossier that carries no copy of this exhibit (``attached``: none)
            continue
        if name not in files:
            report.problems.append(_("{exhibit}: the original file is missing from {where}.").format(exhibit=label, where=where))
            continue
        data = files[name]
        if data is None or hashlib.sha256(data).hexdigest() != row.get("attached_sha256", row.get("sha256")):
            report.problems.append(
                _("{exhibit}: the original file in {where} was changed (its SHA-256 differs from the manifest).").format(
                    exhibit=label, where=where))


def verify_pdf(path: Path, password: str | None = None, expect_key: str | None = None) -> VerifyReport:
    """Checks a dossier PDF (and its originals zip, when the manifest says the originals are there).

    Args:
        path: The dossier PDF.
        password: The PDF password, when the dossier has one.
        expect_key: The seal key the receiver expects (hex, at least 16 digits, spaces allowed): another key
            is a problem.

    Returns:
        The report; ``intact`` is False when any problem was found or the dossier is from before the seal.

    Raises:
        InvalidInput: The file cannot be read, is not a PDF, or needs a password that was not given or is wrong.
        UsageError: ``expect_key`` is no key.
    """
    expected = None
    if expect_key is not None:
        try:
            expected = normalize_key(expect_key)
        except ValueError:
            raise UsageError(_("“{key}” is not a seal fingerprint: give at least 16 of its characters (0–9 and a–f).")
                             .format(key=expect_key)) from None
    try:
        data, reader = _open(path, password)
    except CheckFailed as exc:  # a dossier cut short or damaged: altered, reported like any other difference
        return VerifyReport(intact=False, exhibits=0, problems=[exc.text()])
    report = VerifyReport(intact=False, exhibits=0)
    seal = check_seal(data, password, lambda revision: _parse(revision, password))
    report.seal_key, report.signed_at = seal.key_fingerprint, seal.signed_at
    manifest = _check_contents(path, reader, report, _sealed_keywords(data, seal, reader, password))
    _judge_seal(seal, manifest, reader, report)
    other_key = expected is not None and not (report.seal_key and report.seal_key.startswith(expected))
    only_key = seal.valid and not report.problems  # everything else is as sealed
    only_zip = seal.valid and bool(report.problems) and len(report.problems) == report.zip_problems and not other_key
    if expected is not None:
        report.key_matches = seal.valid and not other_key  # a broken seal confirms no key
    if other_key:
        report.problems.append(_("This dossier’s seal fingerprint is {found}, not the one you expected "
                                 "({expected}).").format(found=report.seal_key or "—", expected=expected))
    report.sealed = seal.valid
    report.intact = not report.problems and seal.valid
    keywords = str((reader.metadata or {}).get("/Keywords", ""))
    if not seal.ours and not report.fingerprint and "walletcare-" not in keywords:
        report.status, report.intact, report.key_matches = NOT_A_DOSSIER, False, False if expected else None
        report.problems = [_("It has no WalletCare seal, no manifest and no dossier fingerprint.")]
        report.notes = []
    elif report.intact:
        report.status = INTACT
    elif only_zip:
        report.status = ORIGINALS_CHANGED
    elif other_key and only_key:
        report.status = OTHER_KEY
    elif not (report.status == UNSEALED and not report.problems):
        report.status = ALTERED
    return report


def _judge_seal(seal: SealResult, manifest: dict[str, Any] | None, reader: Any, report: VerifyReport) -> None:
    """Adds the seal's findings; a dossier that should carry a seal and has none is altered."""
    named = manifest.get("seal") if manifest is not None else None
    if seal.present:
        report.problems[:0] = seal.problems
        report.notes += seal.notes
        if manifest is not None and seal.key_fingerprint and (
                not isinstance(named, dict) or named.get("key_fingerprint") != seal.key_fingerprint):
            report.problems.append(_("The file’s seal fingerprint is not the one its manifest names."))
        return
    report.problems[:0] = seal.problems
    keywords = str((reader.metadata or {}).get("/Keywords", ""))
    if manifest is not None and named is None and manifest.get("version") == 1:  # from before the seal
        report.notes.insert(0, _("This dossier was made by an older WalletCare, before dossiers were sealed, so "
                                 "it cannot be confirmed as intact. Its manifest, the manifest signature and the "
                                 "attached files were checked; not checked: whether anything else in the file "
                                 "was changed since export, such as its metadata or parts that PDF readers show "
                                 "only in some cases."))
    elif manifest is not None or "walletcare-fingerprint:" in keywords:
        report.problems.insert(0, _("The seal (the PDF's digital signature) is missing: this dossier was changed "
                                    "after it was exported."))


def _sealed_keywords(data: bytes, seal: SealResult, reader: Any, password: str | None) -> str | None:
    """The PDF keywords as they were sealed, or None when no revision's bytes match the seal."""
    if not seal.signed_end:
        return None
    try:
        sealed = reader if seal.covers_whole_file else _parse(data[:seal.signed_end], password)
        return str((sealed.metadata or {}).get("/Keywords", ""))
    except Exception:
        return None


def _check_contents(path: Path, reader: Any, report: VerifyReport, sealed_keywords: str | None) -> dict[str, Any] | None:  # noqa: C901 - each check of the PDF reports on its own
    """The manifest, its signature, the attached files, the pages and what is laid over them; returns the
    manifest when it could be read."""
    try:
        found = attachments(reader)
        report.problems += found.problems
        report.problems += additions(reader)
    except Exception as exc:
        report.problems.append(_("The attached files cannot be read: {error}").format(error=str(exc)[:200]))
        return None
    files = found.files
    manifest_bytes = files.pop(MANIFEST_NAME, None)
    signature = files.pop(SIGNATURE_NAME, None)
    pages_record = files.pop(PAGES_SIG_NAME, None)
    if manifest_bytes is None:
        report.problems.append(_("The manifest (manifest.json) is not attached: this is not a WalletCare dossier or it was changed."))
        return None
    report.fingerprint = hashlib.sha256(manifest_bytes).hexdigest()
    try:
        manifest = json.loads(manifest_bytes.decode("utf-8"))
        rows = list(manifest["exhibits"])
    except (ValueError, KeyError, TypeError):
        report.problems.append(_("The manifest cannot be read: it was changed or damaged."))
        return None
    if not isinstance(manifest, dict):
        report.problems.append(_("The manifest cannot be read: it was changed or damaged."))
        return None
    report.exhibits = len(rows)
    report.public_key = str(manifest.get("public_key", ""))
    if canonical_json(manifest) != manifest_bytes:
        report.problems.append(_("The manifest is not in its original form: it was edited."))
    if signature is None:
        report.problems.append(_("The manifest signature (manifest.sig) is missing."))
    else:
        report.signature_valid = _signature_ok(manifest_bytes, signature, report.public_key)
        if not report.signature_valid:
            report.problems.append(_("The manifest signature does not match: the manifest was changed after export."))
    keywords = str((reader.metadata or {}).get("/Keywords", ""))
    if f"walletcare-fingerprint:{report.fingerprint}" not in keywords:
        report.problems.append(_("The fingerprint recorded in the PDF does not match its manifest."))
    if "seal" not in manifest:  # a dossier from before the seal: its pages carry a signature of their own
        if pages_record is None:
            report.status = UNSEALED
            report.notes.append(_("The printed pages carry no signature of their own (a dossier from an older "
                                  "WalletCare); they were not checked."))
        elif not pages_signed(reader, pages_record, report.public_key):
            report.problems.append(_("The printed pages were changed after export: what they show no longer "
                                     "matches their signature."))
        else:
            report.status = UNSEALED
            report.notes.append(_("The printed pages match the signature they were exported with."))
    elif pages_record is not None:
        files[PAGES_SIG_NAME] = pages_record  # not part of a sealed dossier: reported as unexpected below
    _check_page_count(keywords, sealed_keywords, len(reader.pages), report)
    try:
        cover = "".join(reader.pages[0].extract_text().split()) if reader.pages else ""
    except Exception:
        cover = ""
    if report.fingerprint not in cover:
        report.problems.append(_("The fingerprint printed on the cover does not match the manifest."))
    expected = {str(r.get("attachment")) for r in rows}
    mode = manifest.get("originals", "embed")
    if mode == "embed":
        _check_files(rows, dict(files), report, _("the PDF"))
    elif mode == "zip":
        _check_zip(path, rows, manifest_bytes, report)
    else:
        report.notes.append(_("The originals were not included in this dossier; their hashes are listed only."))
        report.exhibits_checked = False
    for name in sorted(set(files) - (expected if mode == "embed" else set())):
        report.problems.append(_("An unexpected file is attached: {name}.").format(name=name))
    return manifest


def _check_page_count(keywords: str, sealed_keywords: str | None, found: int, report: VerifyReport) -> None:
    """Compares the page count recorded at export with the pages there are. The number is stated as a fact
    only when it comes from the sealed revision; otherwise it is what the file claims, which anyone can edit."""
    sealed = re.search(r"walletcare-pages:(\d+)", sealed_keywords or "")
    if sealed is not None:
        if int(sealed.group(1)) != found:
            report.problems.append(_("The dossier was exported with {expected} pages and now has {found}: pages "
                                     "were taken out or added.").format(expected=sealed.group(1), found=found))
        return
    claimed = re.search(r"walletcare-pages:(\d+)", keywords)
    if claimed is not None and int(claimed.group(1)) != found:
        report.problems.append(_("The file claims it was exported with {claimed} pages but has {found}: pages were "
                                 "taken out or added, or the claim itself was edited.").format(
                                     claimed=claimed.group(1), found=found))


def _check_zip(pdf: Path, rows: list[dict[str, Any]], manifest_bytes: bytes, report: VerifyReport) -> None:
    zpath = zip_path_for(pdf)
    if not zpath.is_file():
        report.exhibits_checked = False
        report.notes.append(_("The originals are in {zip}, which is not beside the PDF; they were not checked.").format(
            zip=zpath.name))
        return
    before = len(report.problems)
    _compare_zip(zpath, rows, manifest_bytes, report)
    report.zip_problems = len(report.problems) - before


def _compare_zip(zpath: Path, rows: list[dict[str, Any]], manifest_bytes: bytes, report: VerifyReport) -> None:
    files: dict[str, bytes | None] = {}
    try:
        with zipfile.ZipFile(zpath) as zf:
            for info in zf.infolist():
                if info.is_dir():
                    continue
                try:
                    files[info.filename] = zf.read(info)
                except (zipfile.BadZipFile, OSError, ValueError):  # a CRC error: the entry's bytes were changed
                    files[info.filename] = None
    except (zipfile.BadZipFile, OSError, ValueError):
        report.problems.append(_("{zip} cannot be read.").format(zip=zpath.name))
        return
    if files.pop(MANIFEST_NAME, None) != manifest_bytes:
        report.problems.append(_("The manifest in {zip} differs from the one in the PDF.").format(zip=zpath.name))
    files.pop(SIGNATURE_NAME, None)
    _check_files(rows, files, report, zpath.name)
    for name in sorted(set(files) - {str(r.get("attachment")) for r in rows}):
        report.problems.append(_("An unexpected file is in {zip}: {name}.").format(zip=zpath.name, name=name))
