"""Redacted copies of exhibits (``--redact``): what the dossier may carry instead of an original.

A redacted dossier never embeds or zips an original. Per exhibit it carries one of:

- ``redacted``: a derivative made here, in memory. A picture is re-encoded (which also drops its EXIF
  metadata, GPS included) with solid boxes over the words that machine reading (``readings.py``) found to be
  phone numbers, wallet addresses, card and account numbers or resident ID numbers; a text, CSV or JSON file
  has the same kinds of values masked to their first and last characters.
- ``none``: nothing, when no honest derivative can be made (a PDF, an archive, a picture that was never
  machine-read: nothing in it could be located to mask).

The transcription printed under a picture is masked the same way (``mask_text``). Order numbers and
transaction hashes stay readable: they name the disputed payment and are printed in the transaction table.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from io import BytesIO

from walletcare.evidence.dossier.patterns import MASK_FILL
from walletcare.evidence.ocr import OcrLine

ATTACHED_ORIGINAL = "original"
ATTACHED_REDACTED = "redacted"
ATTACHED_NONE = "none"
TEXT_MIMES = ("text/plain", "text/csv", "application/json", "application/xml", "text/xml")

def sensitive_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every phone number, wallet address, card or account number and resident ID
    number in ``text``, sorted and merged."""
    from walletcare.evidence.dossier.patterns import ACCOUNT as _ACCOUNT
    from walletcare.evidence.dossier.patterns import BASE58_ADDRESS as _BASE58_ADDRESS
    from walletcare.evidence.dossier.patterns import RESIDENT_ID, merged_spans, phone_spans, resident_id_ok
    from walletcare.evidence.dossier.patterns import WALLET as _WALLET
    from walletcare.secrets import _b58check, find_secrets

    spans: list[tuple[int, int]] = []
    spans += [m.span() for m in _WALLET.finditer(text)]
    spans += [m.span() for m in _BASE58_ADDRESS.finditer(text) if _b58check(m.group(0))]
    spans += [(h.start, h.end) for h in find_secrets(text, kinds=("card",))]
    spans += [m.span(2) for m in _ACCOUNT.finditer(text)]
    spans += [m.span(1) for m in RESIDENT_ID.finditer(text) if resident_id_ok(m.group(1))]
    spans += phone_spans(text)
    return merged_spans(spans)


def mask_text(text: str) -> str:
    """``text`` with the values of ``sensitive_spans`` masked to their first and last characters."""
    from walletcare.evidence.dossier.patterns import mask, mask_phone, phone_spans

    phones = set(phone_spans(text))
    out = text
    for start, end in reversed(sensitive_spans(text)):
        value = text[start:end]
        keep = (6, 4) if len(value) >= 26 else (3, 4)
        masked = mask_phone(value) if (start, end) in phones else mask(value, *keep)
        out = out[:start] + masked + out[end:]
    return out


def lines_text(lines: Sequence[OcrLine]) -> str:
    """The text of machine-read lines as the reader joins it: one per line, pages apart by a blank line."""
    out: list[str] = []
    page = 0
    for line in lines:
        if line.page != page and out:
            out.append("")
        page = line.page
        out.append(line.text)
    return "\n".join(out)


def _pad(box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    left, top, right, bottom = box
    grow = max(2, round((bottom - top) * 0.15))
    return left - grow, top - grow, right + grow, bottom + grow


def _line_box(line: OcrLine) -> tuple[int, int, int, int]:
    xs = [p[0] for p in line.box] or [0]
    ys = [p[1] for p in line.box] or [0]
    return min(xs), min(ys), max(xs), max(ys)


def mask_boxes(lines: Sequence[OcrLine]) -> list[tuple[int, tuple[int, int, int, int]]]:
    """``(page, (left, top, right, bottom))`` to cover in the picture: the boxes of the words that make up
    each sensitive value of the read text. A line whose words cannot be placed is covered whole."""
    text = lines_text(lines)
    spans = sensitive_spans(text)
    if not spans:
        return []
    out: list[tuple[int, tuple[int, int, int, int]]] = []
    offset, page = 0, 0
    for line in lines:
        if line.page != page and offset:
            offset += 1  # the blank line between pages
        page = line.page
        start, end = offset, offset + len(line.text)
        offset = end + 1
        hits = [(a, b) for a, b in spans if a < end and start < b]
        if not hits:
            continue
        placed: list[tuple[int, int, tuple[int, int, int, int]]] = []
        cursor = 0
        for word, box in line.words:
            at = line.text.find(word, cursor)
            if at < 0:
                placed = []
                break
            placed.append((start + at, start + at + len(word), box))
            cursor = at + len(word)
        covered = [box for a, b, box in placed if any(a < y and x < b for x, y in hits)]
        if covered:
            out += [(line.page, _pad(box)) for box in covered]
        else:
            out.append((line.page, _pad(_line_box(line))))
    return out


def boxed_image(original: bytes, boxes: Iterable[tuple[int, int, int, int]]) -> bytes | None:
    """The picture re-encoded as PNG (no metadata kept) with solid boxes drawn over ``boxes``; None when the
    image cannot be read."""
    from PIL import ImageDraw

    from walletcare.evidence.dossier.images import _from_image, _printable

    def draw(img: object) -> bytes:
        flat = _printable(img).copy()
        pen = ImageDraw.Draw(flat)
        for box in boxes:
            pen.rectangle(box, fill=MASK_FILL)
        out = BytesIO()
        flat.save(out, "PNG", optimize=False)
        return out.getvalue()

    return _from_image(original, draw)


def masked_text_file(original: bytes) -> bytes:
    """A text file (note, CSV, JSON) with its sensitive values masked, as UTF-8."""
    try:
        text = original.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = original.decode("gb18030", errors="replace")
    return mask_text(text).encode("utf-8")
