"""Reading XLSX exports (WeChat Pay since 2025) as rows of text, with openpyxl, all in memory.

Every cell becomes the text a CSV export would have had: numbers in their shortest exact decimal form
(``28.16``, never a float artefact, never the ``\\¥#,##0.00`` display format), dates as
``YYYY-MM-DD HH:MM:SS``, empty cells as ``""``. The whole workbook is read from bytes (nothing written to disk),
in full mode because some exports carry a wrong ``<dimension>`` (formats.md §8 CIB).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from io import BytesIO

from walletcare.errors import InvalidInput
from walletcare.i18n import _


@dataclass(frozen=True)
class Sheet:
    """One worksheet as text rows (row ``i`` of ``rows`` is spreadsheet row ``i + 1``)."""

    name: str
    rows: list[list[str]]


def is_xlsx(data: bytes) -> bool:
    """Whether the bytes start like an OOXML (zip) workbook."""
    return data[:4] == b"PK\x03\x04"


def read_sheets(data: bytes) -> list[Sheet]:
    """Every worksheet of an XLSX file as text rows.

    Raises:
        InvalidInput: the file is not a readable workbook (truncated, damaged, encrypted, not XLSX).
    """
    import openpyxl  # heavy: imported only when a workbook is read

    try:
        book = openpyxl.load_workbook(BytesIO(data), read_only=False, data_only=True)
    except Exception as exc:  # openpyxl raises many types (zip, XML, KeyError) for a damaged file
        kind = "zip" if isinstance(exc, zipfile.BadZipFile) else type(exc).__name__
        raise InvalidInput(
            _("The workbook cannot be opened (it may be truncated, damaged or password-protected; {kind}). Nothing was written.").format(kind=kind)
        ) from None
    sheets: list[Sheet] = []
    try:
        for ws in book.worksheets:
            rows = [[_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
            sheets.append(Sheet(ws.title, rows))
    except Exception:
        raise InvalidInput(
            _("The workbook's sheet {sheet!r} cannot be read (the file may be damaged). Nothing was written.").format(sheet=ws.title)
        ) from None
    finally:
        book.close()
    return sheets


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
