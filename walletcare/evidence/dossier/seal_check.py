"""Checking a dossier's seal with pyHanko's validator: is there exactly one seal, a certification signature
that allows no changes, do its bytes match, does it cover the whole file, and if something was appended
after it, is that only validation data (harmless) or a change — and then which pages now show something
else than what was sealed.

The certificate is issued by the seal key itself, so it is its own trust anchor here: the check proves the
file is unchanged since the holder of that key sealed it, and says so; it cannot say who that holder is.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from walletcare.evidence.dossier.pagesig import page_digests
from walletcare.evidence.dossier.seal import SEAL_FIELD, certificate_fingerprint, subject_fingerprint
from walletcare.i18n import _

_WHITESPACE = b"\0\t\n\f\r "  # PDF white-space characters: padding after %%EOF changes nothing


@dataclass
class SealResult:
    """What the seal check found."""

    present: bool = False
    ours: bool = False  # a signature in WalletCare's seal field: the file was sealed as a dossier
    valid: bool = False  # one certification seal, bytes match, covers the file (or only harmless additions)
    key_fingerprint: str = ""
    signed_at: str = ""
    covers_whole_file: bool = False
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    signed_end: int = 0  # where the sealed revision ends (bytes)


def _reader(data: bytes, password: str | None) -> Any:
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(BytesIO(data), strict=False)
    if reader.encrypted:
        reader.decrypt(password or "")
    return reader


def check_seal(data: bytes, password: str | None, open_pdf: Any) -> SealResult:
    """Validates the seal of ``data`` (the whole file).

    Args:
        data: The file's bytes.
        password: The PDF password, when the dossier has one.
        open_pdf: ``open_pdf(bytes) -> pypdf.PdfReader`` (decrypted), to compare the sealed revision's pages.
    """
    from pyhanko.sign.fields import MDPPerm
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)  # English noise; findings are reported below
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    result = SealResult()
    try:
        signatures = list(_reader(data, password).embedded_signatures)
    except Exception:
        result.problems.append(_("The seal cannot be read: the file was changed or damaged."))
        return result
    if not signatures:
        return result
    result.present = True
    # document time stamps (PAdES-LTA) may follow the seal; any other signature may not
    signatures = [s for s in signatures if s.sig_object.get("/Type") != "/DocTimeStamp"]
    seals = [s for s in signatures if s.field_name == SEAL_FIELD]
    result.ours = bool(seals)
    if len(signatures) > 1 or not seals:
        result.problems.append(_("A second signature was added to the file after it was sealed."))
    if not signatures:
        result.problems.append(_("The seal (the PDF's digital signature) is missing: this dossier was changed "
                                 "after it was exported."))
        return result
    sig = seals[0] if seals else signatures[0]
    try:
        certificate = sig.signer_cert.dump()
        result.key_fingerprint = certificate_fingerprint(certificate)
        context = ValidationContext(trust_roots=[sig.signer_cert], allow_fetching=False)
        status = validate_pdf_signature(sig, signer_validation_context=context)
    except Exception:
        result.problems.append(_("The seal is damaged: it cannot be checked."))
        return result
    if subject_fingerprint(certificate) != result.key_fingerprint:
        result.problems.append(_("The seal's certificate names a different key than the one that made it."))
    if sig.docmdp_level != MDPPerm.NO_CHANGES:
        result.problems.append(_("The seal is not the one WalletCare makes (a seal that allows no changes)."))
    if status.signer_reported_dt is not None:
        result.signed_at = status.signer_reported_dt.isoformat()
    if not (status.intact and status.valid):
        result.problems.append(_("This is not the sealed file: its bytes no longer match the seal. It was "
                                 "edited, or re-saved by another program."))
        return result
    byte_range = list(sig.byte_range)
    result.signed_end = int(byte_range[2]) + int(byte_range[3])
    tail = data[result.signed_end:]
    if not tail.strip(_WHITESPACE):
        result.covers_whole_file = True
    elif status.modification_level is not None and status.modification_level.name in ("NONE", "LTA_UPDATES") and status.docmdp_ok and b"%%EOF" in tail:
        # pyHanko lets document information change at this level too: what readers show must stay the same
        changed = _differences(data, result.signed_end, open_pdf)
        if changed:
            result.problems += [_("The file was changed after it was sealed: something was appended to it."), *changed]
        else:
            result.notes.append(_("Information for checking the seal was added after it; it changes nothing that "
                                  "is shown."))
    else:
        result.problems += _later_changes(data, result.signed_end, open_pdf)
    result.valid = not result.problems
    return result


def _later_changes(data: bytes, end: int, open_pdf: Any) -> list[str]:
    """What was appended after the seal, page by page where the pages differ."""
    tail = data[end:]
    if b"%%EOF" not in tail or b"startxref" not in tail:
        return [_("Data was added after the end of the sealed file.")]
    return [_("The file was changed after it was sealed: something was appended to it."),
            *_differences(data, end, open_pdf)]


def _metadata(reader: Any) -> tuple[Any, ...]:
    """What readers show of the document information (Info and XMP); the modification date and the producer
    may change with validation data."""
    info = {str(k): str(v) for k, v in (reader.metadata or {}).items() if k not in ("/ModDate", "/Producer")}
    xmp = reader.xmp_metadata
    shown = (xmp.dc_title, xmp.dc_creator, xmp.dc_description, xmp.dc_subject, xmp.pdf_keywords) if xmp else ()
    return tuple(sorted(info.items())), repr(shown)


def _differences(data: bytes, end: int, open_pdf: Any) -> list[str]:
    """What readers show differently in the file as it is now than in the sealed revision."""
    found: list[str] = []
    try:
        sealed, now = open_pdf(data[:end]), open_pdf(data)
        before, after = page_digests(sealed), page_digests(now)
        if _metadata(sealed) != _metadata(now):
            found.append(_("The document information (title, author, keywords) was changed after it was sealed."))
    except Exception:
        return [_("The part appended after the seal cannot be read.")]
    if len(before) != len(after):
        found.append(_("The sealed file had {expected} pages and now has {found}: pages were taken out or added.")
                     .format(expected=len(before), found=len(after)))
    changed = [str(i + 1) for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b]
    if changed:
        found.append(_("These pages now show something else than what was sealed: {pages}.").format(
            pages=", ".join(changed)))
    return found
