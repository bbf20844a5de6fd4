"""Reading export files as text tables: encoding detection, CSV records with their line numbers, header search.

Encodings are tried in the order of formats.md §0.2 (BOM → strict UTF-8 → GB18030). Records keep the
physical line they start on, so rejected rows can be named by line, and the raw text of each row is kept
for the evidence (``Transaction.raw``). Headers are found by their content, never by a line count (§0.1).
"""

from __future__ import annotations

import csv
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import repeat

from walletcare.errors import InvalidInput
from walletcare.i18n import _

_STRIP = " \t\r\n\ufeff\u3000\xa0"


def decode(data: bytes) -> str:
    """Decodes an export file: UTF-8 BOM, UTF-16 BOM, strict UTF-8, then GB18030.

    Raises:
        InvalidInput: the bytes are not text in any of these encodings, or contain NUL bytes (binary).
    """
    text: str | None = None
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = [("utf-8", data[3:])]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = [("utf-16", data)]
    else:
        candidates = [("utf-8", data), ("gb18030", data)]
    for encoding, payload in candidates:
        try:
            text = payload.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        raise InvalidInput(_("The file is not text in UTF-8 or GB18030 (it may be binary, damaged or encrypted). Nothing was written."))
    if "\x00" in text:
        raise InvalidInput(_("The file contains binary data, not a text export. Nothing was written."))
    return text


def clean(cell: str | None) -> str:
    """A cell without padding: spaces, TABs (formats.md §0.4-0.5), BOM and ideographic spaces trimmed."""
    if cell is None:
        return ""
    return cell.strip(_STRIP)


def split_lines(text: str) -> list[str]:
    """Physical lines without their terminators (LF, CRLF, or CR alone for very old files)."""
    if "\n" not in text and "\r" in text:
        return text.split("\r")
    if "\r" not in text:  # LF only
        return text.split("\n")
    if text.count("\r") == text.count("\n") == text.count("\r\n"):  # CRLF only: every CR ends a line
        return text.split("\r\n")
    lines = text.split("\n")
    return [line[:-1] if line.endswith("\r") else line for line in lines]


class Record:
    """One CSV record: its first and last physical line (1-based) and its cells as written."""

    __slots__ = ("line", "end_line", "cells")

    def __init__(self, line: int, end_line: int, cells: list[str]) -> None:
        self.line, self.end_line, self.cells = line, end_line, cells


class Records:
    """The CSV records of ``lines`` (quoted commas, ``""`` escapes and newlines in quotes handled), in order.

    A parser that reads its rows one at a time calls ``release_data_lines`` once it has found the header and
    looked at the lines it needs: from then on the physical lines of each record are released (set to
    ``None`` in ``lines``, when it is a list) as soon as the next record is asked for, so a 100,000-row file
    is not kept whole in memory while its rows are stored. The parser takes what it needs from ``lines`` (the
    raw text) while it holds the record. The lines up to the header stay.

    Once ``find_header`` has found the header, ``width`` is its number of cells: a field with line breaks whose
    later lines hold half as many delimiters as a row has (they read like rows of their own) is a quote never
    closed that swallowed the lines after it. A note or footer with line breaks holds few or none.

    Raises (while iterating):
        InvalidInput: the CSV structure is broken (e.g. a quote never closed), naming the line.
    """

    def __init__(self, lines: Sequence[str], delimiter: str = ",") -> None:
        self.releasing = False
        self.width = 0
        self._lines = lines
        self._records = self._read(delimiter)

    def __iter__(self) -> Iterator[Record]:
        return self._records

    def __next__(self) -> Record:
        return next(self._records)

    def release_data_lines(self) -> None:
        """From the next record on, each record's lines are released once the record after it is asked for."""
        self.releasing = isinstance(self._lines, list)

    def _read(self, delimiter: str) -> Iterator[Record]:
        lines = self._lines
        reader = csv.reader(map(operator.add, lines, repeat("\n")), delimiter=delimiter, strict=False)
        previous = 0
        try:
            for cells in reader:
                end = reader.line_num
                if end > previous + 1 and self.width and _swallowed_rows(cells, delimiter, self.width):
                    last = end - 1 if end == len(lines) and not lines[end - 1] else end  # not the empty last line
                    raise InvalidInput(_(
                        "Line {line}: a quote opened on this line is never closed, so lines {line} to {end} read as "
                        "one row. The file may have been edited. Nothing was written.").format(line=previous + 1, end=last))
                release = self.releasing  # read before the yield: a record read before the switch stays
                yield Record(previous + 1, end, cells)
                if release:
                    if end == previous + 1:
                        lines[previous] = None  # type: ignore[index]
                    else:
                        lines[previous:end] = [None] * (end - previous)  # type: ignore[index]
                previous = end
        except csv.Error as exc:
            raise InvalidInput(
                _("Line {line} of the file cannot be read as CSV ({error}). Nothing was written.").format(
                    line=reader.line_num, error=exc
                )
            ) from None


def _swallowed_rows(cells: list[str], delimiter: str, width: int) -> bool:
    """Whether a multi-line record's fields hold whole rows after a line break (see ``Records``)."""
    enough = max(2, width // 2)
    return any("\n" in cell and any(line.count(delimiter) >= enough for line in cell.split("\n")[1:])
               for cell in cells)


def read_records(lines: Sequence[str], *, delimiter: str = ",") -> Records:
    """The CSV records of ``lines`` (see ``Records``)."""
    return Records(lines, delimiter)


def raw_text(lines: Sequence[str], record: Record) -> str:
    """The row exactly as the file has it (all its physical lines, LF-joined)."""
    if record.line == record.end_line:
        return lines[record.line - 1]
    return "\n".join(lines[record.line - 1 : record.end_line])


@dataclass(frozen=True)
class Header:
    """A header row found by content: the cleaned column names and their positions."""

    line: int
    names: tuple[str, ...]
    index: dict[str, int]

    def has(self, name: str) -> bool:
        """Whether the header has a column of that name."""
        return name in self.index

    def pos(self, name: str) -> int:
        """The column's position, or ``-1`` (the always-empty slot ``row_cells`` appends) when it is missing."""
        return self.index.get(name, -1)

    def row_cells(self, cells: Sequence[str]) -> list[str]:
        """The cleaned cells of a row, padded to the header's width, plus one empty slot at the end (``pos``
        returns ``-1`` for missing columns), so positions can be used without bounds checks."""
        out = [c.strip(_STRIP) for c in cells]
        missing = len(self.names) - len(out)
        if missing > 0:
            out.extend([""] * missing)
        out.append("")
        return out

    def cell(self, cells: Sequence[str], name: str) -> str:
        """The cleaned cell of column ``name`` in ``cells`` ("" when the column or the cell is missing)."""
        pos = self.index.get(name)
        if pos is None or pos >= len(cells):
            return ""
        return cells[pos].strip(_STRIP)


def make_header(line: int, cells: Iterable[str], aliases: dict[str, str] | None = None) -> Header:
    """Builds a ``Header`` from raw header cells; ``aliases`` maps localised names to canonical ones."""
    names = tuple(clean(c) for c in cells)
    index: dict[str, int] = {}
    for pos, name in enumerate(names):
        canonical = aliases.get(name, name) if aliases else name
        if canonical and canonical not in index:
            index[canonical] = pos
    return Header(line, names, index)


def non_empty(cells: Sequence[str]) -> bool:
    """Whether a record has any content at all (blank and all-comma lines are skipped)."""
    return any(c.strip(_STRIP) for c in cells)


def preview_headers(lines: Sequence[str], limit: int = 5) -> list[str]:
    """The first few non-empty lines, shortened, to show the user what the file starts with."""
    shown: list[str] = []
    for line in lines:
        text = line.strip(_STRIP).strip(",")
        if text:
            shown.append(text[:120])
        if len(shown) >= limit:
            break
    return shown


def find_header(records: Iterator[Record] | Records, accept: Callable[[list[str]], bool],
                limit: int = 120) -> Record | None:
    """Consumes records until one whose cleaned cells ``accept`` says is the header (``None`` after ``limit``
    records); the same iterator then continues with the data rows."""
    for count, record in enumerate(records):
        if count >= limit:
            return None
        if accept([clean(c) for c in record.cells]):
            if isinstance(records, Records):
                records.width = len(record.cells)
            return record
    return None
