"""Reading XLSX exports (WeChat Pay since 2025) as rows of text, with openpyxl, all in memory.

Every cell becomes the text a CSV export would have had: numbers in their shortest exact decimal form
(``28.16``, never a float artefact, never the ``\\¥#,##0.00`` display format), dates as
``YYYY-MM-DD HH:MM:SS``, empty cells as ``""``. The workbook is read from bytes (nothing written to disk) in
openpyxl's streaming mode with the ``<dimension>`` ignored, because some exports carry a wrong one (formats.md
§8 CIB) and a hostile one makes a rectangle of billions of empty cells; the bounds of ``limits`` apply.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from io import BytesIO
from typing import Any

from walletcare.errors import InvalidInput
from walletcare.evidence.importers import limits
from walletcare.evidence.importers.limits import TooLarge
from walletcare.i18n import _


@dataclass(frozen=True)
class Sheet:
    """One worksheet as text rows: ``rows`` holds ``(row number, cells)`` of the rows with content, in order."""

    name: str
    rows: list[tuple[int, list[str]]]


def is_xlsx(data: bytes) -> bool:
    """Whether the bytes start like an OOXML (zip) workbook."""
    return data[:4] == b"PK\x03\x04"


def read_sheets(data: bytes) -> list[Sheet]:
    """Every worksheet of an XLSX file as text rows, within the bounds of ``limits``.

    Raises:
        TooLarge: the workbook unpacks to too much, or a sheet has too many rows, cells, or a cell too far out
            or too long (the error names the bound).
        InvalidInput: the file is not a readable workbook (truncated, damaged, encrypted, not XLSX).
    """
    import openpyxl  # heavy: imported only when a workbook is read

    _check_unpacked_size(data)
    try:
        book = openpyxl.load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types (zip, XML, KeyError) for a damaged file
        kind = "zip" if isinstance(exc, zipfile.BadZipFile) else type(exc).__name__
        raise InvalidInput(
            _("The workbook cannot be opened (it may be truncated, damaged or password-protected; {kind}). Nothing was written.").format(kind=kind)
        ) from None
    sheets: list[Sheet] = []
    title = ""
    try:
        for ws in book.worksheets:
            title = ws.title
            sheets.append(Sheet(title, _rows_of(ws)))
    except TooLarge:
        raise
    except Exception:
        raise InvalidInput(
            _("The workbook's sheet {sheet!r} cannot be read (the file may be damaged). Nothing was written.").format(sheet=title)
        ) from None
    finally:
        book.close()
    return sheets


def _check_unpacked_size(data: bytes) -> None:
    """Refuses a zip bomb before anything is unpacked: the members' declared sizes are what ``zipfile`` will
    ever return (it stops reading a member at its declared size)."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            members = archive.infolist()
    except Exception:  # not a readable zip: openpyxl names the damage
        return
    if len(members) > limits.MAX_ZIP_MEMBERS:
        raise limits.too_many_members(len(members))
    total = sum(member.file_size for member in members)
    if total > limits.MAX_UNZIPPED_BYTES:
        raise limits.unzipped_too_large(total)


def _rows_of(ws: Any) -> list[tuple[int, list[str]]]:
    """The rows with content of a read-only worksheet, streamed from its XML: only the cells the sheet really
    has are read (its ``<dimension>`` may be wrong, and a sparse sheet's rectangle may be 17 billion cells)."""
    from openpyxl.utils import get_column_letter

    ws.reset_dimensions()  # rows as long as their own last cell, no padding to the sheet's rectangle
    rows: list[tuple[int, list[str]]] = []
    filled = 0
    for number, values in enumerate(ws.iter_rows(values_only=True), 1):
        if number > limits.MAX_SHEET_ROW:
            raise limits.row_too_far(ws.title)
        end = len(values)
        while end and values[end - 1] is None:
            end -= 1
        if not end:
            continue
        if end > limits.MAX_COLUMNS:
            raise limits.cell_too_far(ws.title, f"{get_column_letter(end)}{number}")
        cells = [_text(v) for v in values[:end]]
        for pos, text in enumerate(cells):
            if len(text) > limits.MAX_CELL_CHARS:
                raise limits.cell_too_long(ws.title, f"{get_column_letter(pos + 1)}{number}", len(text))
        filled += end
        if filled > limits.MAX_CELLS:
            raise limits.too_many_cells(ws.title)
        rows.append((number, cells))
        if len(rows) > limits.MAX_ROWS:
            raise limits.too_many_rows(ws.title)
    return rows


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format(Decimal(repr(value)).normalize(), "f") if value == value else ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    return str(value)


def row_text(cells: list[str]) -> str:
    """A row as one CSV-style line (for ``Transaction.raw``)."""
    out = []
    for cell in cells:
        if any(ch in cell for ch in ',"\n\r'):
            out.append('"' + cell.replace('"', '""') + '"')
        else:
            out.append(cell)
    while out and out[-1] == "":
        out.pop()
    return ",".join(out)
