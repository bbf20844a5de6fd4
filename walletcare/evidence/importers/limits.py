"""How big an export file may be: the bounds every importer checks before the work that grows with its input.

A real export of a year of payments is a few MB; the benchmarks' 100,000-row Alipay export is about 15 MB and
a WeChat Pay workbook unpacks to ~420 bytes a row. The bounds below sit well above that and keep the worst
input inside a few hundred MB and seconds of work (measured: a 59 MB CSV peaked at 328 MB, so files stop at
32 MB; a workbook of a million numeric cells, 32 MB unpacked, took 13 s at 125 MB on a loaded two-core
machine): a file of at most ``MAX_FILE_BYTES``; text of at most ``MAX_LINES`` lines of at most
``MAX_LINE_CHARS`` characters; a workbook that unpacks to at most ``MAX_UNZIPPED_BYTES``, whose sheets hold at
most ``MAX_ROWS`` rows with content, cells up to column ``MAX_COLUMNS``, ``MAX_CELLS`` cells and
``MAX_CELL_CHARS`` characters in a cell (Excel's own limit). Only the cells a sheet really has are read: an
empty area (one cell at XFD1048576) costs nothing. Each refusal is a ``TooLarge`` (``InvalidInput``, exit 4)
naming the bound that was crossed, so nothing is ever cut off silently.
"""

from __future__ import annotations

from walletcare.errors import InvalidInput
from walletcare.i18n import _

MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_LINES = 1_000_000
MAX_LINE_CHARS = 100_000
MAX_UNZIPPED_BYTES = 32 * 1024 * 1024
MAX_ZIP_MEMBERS = 10_000
MAX_ROWS = 100_000
MAX_SHEET_ROW = 1_048_576  # the last row a spreadsheet can have
MAX_COLUMNS = 200
MAX_CELLS = 1_000_000
MAX_CELL_CHARS = 32_767


class TooLarge(InvalidInput):
    """The file is beyond one of the import bounds (exit 4, nothing written); ``limit`` names which."""

    def __init__(self, message: str, limit: str) -> None:
        super().__init__(message)
        self.limit = limit


def mb(count: int) -> str:
    """A byte count as whole megabytes (``64``)."""
    return f"{count / (1024 * 1024):.0f}"


def check_file_size(size: int) -> None:
    """Raises ``TooLarge`` when a file of ``size`` bytes is more than ``MAX_FILE_BYTES``."""
    if size > MAX_FILE_BYTES:
        raise TooLarge(_("The file is {size} MB; WalletCare imports export files of up to {limit} MB. Split it "
                         "into shorter periods and import each. Nothing was written.").format(
            size=mb(size), limit=mb(MAX_FILE_BYTES)), "file size")


def check_lines(lines: list[str]) -> None:
    """Raises ``TooLarge`` for more than ``MAX_LINES`` lines or a line longer than ``MAX_LINE_CHARS``."""
    if len(lines) > MAX_LINES:
        raise TooLarge(_("The file has {count} lines; WalletCare imports files of up to {limit} lines. Split it "
                         "into shorter periods and import each. Nothing was written.").format(
            count=len(lines), limit=MAX_LINES), "lines")
    for number, line in enumerate(lines, 1):
        if len(line) > MAX_LINE_CHARS:
            raise TooLarge(_("Line {line} is {count} characters long; an export's line has at most {limit}. The "
                             "file is not a real export or is damaged. Nothing was written.").format(
                line=number, count=len(line), limit=MAX_LINE_CHARS), "line length")


def unzipped_too_large(total: int) -> TooLarge:
    """The refusal for a workbook that unpacks to ``total`` bytes."""
    return TooLarge(_("The workbook unpacks to {size} MB; WalletCare reads workbooks of up to {limit} MB unpacked. "
                      "Nothing was written.").format(size=mb(total), limit=mb(MAX_UNZIPPED_BYTES)), "unpacked size")


def too_many_members(count: int) -> TooLarge:
    """The refusal for a workbook of ``count`` parts."""
    return TooLarge(_("The workbook is made of {count} parts; a real export has a few dozen (at most {limit} are "
                      "read). Nothing was written.").format(count=count, limit=MAX_ZIP_MEMBERS), "zip members")


def too_many_rows(sheet: str) -> TooLarge:
    """The refusal for a sheet with more than ``MAX_ROWS`` rows (or a row past the last possible one)."""
    return TooLarge(_("The sheet {sheet!r} has more than {limit} rows with content. Split the export into shorter "
                      "periods and import each. Nothing was written.").format(sheet=sheet, limit=MAX_ROWS), "rows")


def row_too_far(sheet: str) -> TooLarge:
    """The refusal for a row numbered past ``MAX_SHEET_ROW`` (no spreadsheet program writes one)."""
    return TooLarge(_("The sheet {sheet!r} has a row numbered past {limit}, the last row a spreadsheet can have. The "
                      "file is not a real export or is damaged. Nothing was written.").format(
        sheet=sheet, limit=f"{MAX_SHEET_ROW:,}"), "row number")


def cell_too_far(sheet: str, cell: str) -> TooLarge:
    """The refusal for a value beyond column ``MAX_COLUMNS`` or row ``MAX_SHEET_ROW``."""
    return TooLarge(_("The sheet {sheet!r} has a value in cell {cell}, outside the area an export uses (columns 1 "
                      "to {limit}). Delete that cell, or save the sheet again, and import once more. Nothing was "
                      "written.").format(sheet=sheet, cell=cell, limit=MAX_COLUMNS), "columns")


def too_many_cells(sheet: str) -> TooLarge:
    """The refusal for a sheet with more than ``MAX_CELLS`` filled cells."""
    return TooLarge(_("The sheet {sheet!r} has more than {limit} filled cells. Split the export into shorter periods "
                      "and import each. Nothing was written.").format(sheet=sheet, limit=MAX_CELLS), "cells")


def cell_too_long(sheet: str, cell: str, count: int) -> TooLarge:
    """The refusal for a cell holding more than ``MAX_CELL_CHARS`` characters."""
    return TooLarge(_("Cell {cell} of the sheet {sheet!r} holds {count} characters; a spreadsheet cell holds at most "
                      "{limit}. The file is not a real export or is damaged. Nothing was written.").format(
        cell=cell, sheet=sheet, count=count, limit=MAX_CELL_CHARS), "cell length")
