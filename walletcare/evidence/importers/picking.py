"""Which rows of an import the user disputes: ``--pick ROW_SPEC`` of ``walletcare import``.

A ROW_SPEC is a comma-separated list. A number of up to seven digits (``12``) or two such numbers joined by
a hyphen (``12-15``) names line numbers of the file, counted as the import counts them (the numbers shown
for rejected rows; the header lines count too). Any other item is a reference of a transaction, matched
exactly: an order number, a merchant order number or a transaction hash (real ones are longer than seven
digits); ``ref:`` in front makes a short number a reference too (``ref:202011``). Picked rows get the role ``disputed``; the
others of the import stay ``record``. An item that matches no row is an error, and the import is rolled back,
so a mistyped order number is never silently left out of the dispute.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from walletcare.errors import UsageError
from walletcare.i18n import _

if TYPE_CHECKING:
    from walletcare.evidence.store import Store

MAX_LINES = 1_000_000  # a range wider than this is a typing mistake
LINE_DIGITS = 7  # a longer number is an order number, not a line
_SEP = "\x1f"  # as in transactions.py: between the references of a row
_RANGE = re.compile(rf"^(\d{{1,{LINE_DIGITS}}})\s*-\s*(\d{{1,{LINE_DIGITS}}})$")


@dataclass(frozen=True)
class Pick:
    """A parsed ROW_SPEC: line ranges (inclusive) and references."""

    ranges: tuple[tuple[int, int], ...] = ()
    references: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.ranges or self.references)


def parse_pick(spec: str) -> Pick:
    """Reads a ROW_SPEC (see the module docstring).

    Raises:
        UsageError: the spec is empty, or a range is backwards or too wide.
    """
    ranges: list[tuple[int, int]] = []
    references: list[str] = []
    for raw in spec.split(","):
        item = raw.strip()
        if not item:
            continue
        found = _RANGE.match(item)
        if item[:4].lower() == "ref:":
            if item[4:].strip():
                references.append(item[4:].strip())
        elif item.isdigit() and len(item) <= LINE_DIGITS:
            ranges.append((int(item), int(item)))
        elif found:
            first, last = int(found.group(1)), int(found.group(2))
            if first > last or last - first >= MAX_LINES:
                raise UsageError(_("“{item}” is not a range of lines: write the first line, a hyphen, then the "
                                   "last line, e.g. 12-15.").format(item=item))
            ranges.append((first, last))
        else:
            references.append(item)
    if not ranges and not references:
        raise UsageError(_("--pick needs line numbers (e.g. 12,15-17) or order numbers of the disputed rows."))
    return Pick(tuple(ranges), tuple(dict.fromkeys(references)))


def apply_pick(store: Store, case_id: int, evidence_id: int, pick: Pick) -> int:
    """Marks the picked rows as disputed, inside the caller's transaction; returns how many rows were picked.

    Line numbers name rows of this import (evidence item ``evidence_id``); references are looked up in the
    whole case, so a row that was already there (a duplicate of this import) can be picked too.

    Raises:
        UsageError: an item matches no row (the caller rolls the import back).
    """
    conn = store.conn
    ids: set[int] = set()
    missing: list[str] = []
    for first, last in pick.ranges:
        found = {int(r[0]) for r in conn.execute(
            "SELECT id FROM transactions WHERE src_id = ? AND src_line BETWEEN ? AND ?", (evidence_id, first, last))}
        if not found:
            missing.append(str(first) if first == last else f"{first}-{last}")
        ids |= found
    for reference in pick.references:
        found = {int(i) for i, refs in conn.execute(
            "SELECT id, refs FROM transactions WHERE case_id = ? AND instr(refs, ?) > 0", (case_id, reference))
            if reference in str(refs).split(_SEP)}
        if not found:
            missing.append(reference)
        ids |= found
    if missing:
        raise UsageError(_("No row of this file matches {items} (from --pick). Nothing was imported; check the "
                           "line numbers or order numbers.").format(items=", ".join(missing)))
    store.transactions.mark(ids, "disputed")
    return len(ids)
