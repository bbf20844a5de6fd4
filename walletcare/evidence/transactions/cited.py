"""Raw text of imported rows, re-derived from the export file they cite.

A row that is one physical line of its stored export file is written without its raw text (``raw_cited`` =
1): the file is kept byte-exact as an evidence item anyway, and storing the line again made a vault five
times the size of the export. On read, the file's bytes are checked against the SHA-256 taken at intake,
decoded the way the importer decoded them, and split into the same physical lines; the row's text is line
``src_line``. The lines of the last few files are cached per store (evidence bytes are never edited, and a
file that rows cite cannot be deleted while they exist).
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import walletcare.evidence.transactions.columns as C
from walletcare.errors import VaultCorrupt
from walletcare.evidence.importers.text import decode, split_lines

_KEEP_FILES = 2  # files whose lines stay cached (a 100k-row export: ~40 MB of str)


class CitedLines:
    """The physical lines of stored export files, by evidence id."""

    def __init__(self) -> None:
        self._files: OrderedDict[int, list[str]] = OrderedDict()

    def clear(self) -> None:
        """Forgets every cached file (at lock)."""
        self._files.clear()

    def lines(self, conn: Any, evidence_id: int) -> list[str]:
        """The lines of evidence item ``evidence_id``, its bytes checked against their SHA-256 first.

        Raises:
            VaultCorrupt: the item is gone or its bytes no longer match their hash.
        """
        found = self._files.get(evidence_id)
        if found is not None:
            self._files.move_to_end(evidence_id)
            return found
        row = conn.execute("SELECT sha256 FROM evidence WHERE id = ?", (evidence_id,)).fetchone()
        digest = hashlib.sha256()
        for (chunk,) in conn.execute("SELECT data FROM evidence_chunks WHERE evidence_id = ? ORDER BY seq",
                                     (evidence_id,)):
            digest.update(chunk)
        if row is None or digest.hexdigest() != row[0]:
            raise VaultCorrupt(f"evidence {evidence_id}: the export file that transactions cite is missing or altered")
        data = b"".join(chunk for (chunk,) in conn.execute(
            "SELECT data FROM evidence_chunks WHERE evidence_id = ? ORDER BY seq", (evidence_id,)))
        found = split_lines(decode(data))
        self._files[evidence_id] = found
        while len(self._files) > _KEEP_FILES:
            self._files.popitem(last=False)
        return found

    def fill(self, conn: Any, rows: Sequence[Sequence[Any]], raw: int, src_id: int, src_line: int,
             cited: int) -> list[Any]:
        """``rows`` with the raw text of every cited row put back (positions of the raw, source evidence id,
        source line and cited columns given); rows that cite nothing are returned as they are."""
        out: list[Any] = []
        for row in rows:
            if row[cited]:
                line = row[src_line]
                lines = self.lines(conn, int(row[src_id]))
                if not 0 < line <= len(lines):
                    raise VaultCorrupt(f"evidence {row[src_id]}: line {line} cited by a transaction is missing")
                row = list(row)
                row[raw] = lines[line - 1]
            out.append(row)
        return out


# positions in a row selected with columns.SELECT (no float amount) and in a stored row (columns.STORED)
SELECTED = tuple(C.SELECT_NAMES.index(name) for name in ("raw", "src_id", "src_line", "raw_cited"))
STORED = (C.RAW, C.SRC_ID, C.SRC_LINE, C.CITED)
