"""Machine-read text of evidence items (``store.readings``), kept inside the encrypted vault.

Each item has at most one reading: its text, the boxes of its lines (JSON), the engine and model that read
it and when (``source`` is ``machine``, so nobody mistakes it for something the user typed). The text joins
the item's file name and caption in the private full-text index (``private_fts``, FTS5 trigram, inside the
encrypted file), so ``store.search_private`` finds screenshots by the words they show. Items without a
reading are the ones ``pending`` lists: reading is resumable item by item.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from walletcare.evidence import records
from walletcare.evidence.ocr import READABLE_MIMES, OcrLine, OcrResult, OcrWorker

if TYPE_CHECKING:
    from walletcare.evidence.store import Store
    from walletcare.evidence.transactions import CancelFlag

SOURCE_MACHINE = "machine"


@dataclasses.dataclass(frozen=True)
class Reading:
    """The machine-read text of one evidence item."""

    evidence_id: int
    case_id: int
    text: str
    lines: tuple[OcrLine, ...]
    engine: str
    model: str
    read_at: datetime
    source: str = SOURCE_MACHINE
    flags: tuple[dict[str, str], ...] = ()
    secret: str = ""


@dataclasses.dataclass(frozen=True)
class TextHit:
    """An evidence item whose name, caption or read text holds the searched text."""

    evidence_id: int
    case_id: int
    file_name: str
    snippet: str


class ReadingManager:
    """``store.readings``."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def pending(self, case_id: int | None = None) -> list[int]:
        """Ids of images and PDFs not yet read, oldest first."""
        sql = ("SELECT e.id, e.body FROM evidence e LEFT JOIN evidence_text t ON t.evidence_id = e.id "
               "WHERE t.evidence_id IS NULL")
        params: tuple[int, ...] = ()
        if case_id is not None:
            sql += " AND e.case_id = ?"
            params = (case_id,)
        rows = self._store.conn.execute(sql + " ORDER BY e.id", params).fetchall()
        return [int(i) for i, body in rows if json.loads(body).get("mime") in READABLE_MIMES]

    def save(self, evidence_id: int, result: OcrResult, *, flags: tuple[dict[str, str], ...] = (),
             secret: str = "") -> Reading:
        """Stores (or replaces) the reading of one item and adds its text to the private search index."""
        store = self._store
        with store.transaction():
            evidence = store.evidence.get(evidence_id)
            reading = Reading(evidence_id, evidence.case_id, result.text, result.lines, result.engine, result.model,
                              records.now(), flags=flags, secret=secret)
            lines = json.dumps([[ln.text, ln.score, [list(p) for p in ln.box], ln.page] for ln in result.lines],
                               ensure_ascii=False, separators=(",", ":"))
            store.conn.execute(
                "INSERT OR REPLACE INTO evidence_text(evidence_id, source, engine, model, read_at, text, lines, flags, "
                "secret) VALUES (?,?,?,?,?,?,?,?,?)",
                (evidence_id, reading.source, reading.engine, reading.model, reading.read_at.isoformat(),
                 reading.text, lines, json.dumps(list(flags), ensure_ascii=False), secret))
            store.evidence.reindex(evidence)
            store.audit.record("create", f"evidence_text:{evidence_id}", evidence.case_id,
                               reading.text.encode("utf-8"),
                               detail=records.dumps({"engine": reading.engine, "model": reading.model,
                                                     "lines": len(result.lines)}))
            store.changed("evidence", evidence.case_id)
        return reading

    def get(self, evidence_id: int) -> Reading | None:
        """The reading of an item, or None when it has not been read."""
        row = self._store.conn.execute(
            "SELECT t.evidence_id, e.case_id, t.text, t.lines, t.engine, t.model, t.read_at, t.source, t.flags, "
            "t.secret FROM evidence_text t JOIN evidence e ON e.id = t.evidence_id WHERE t.evidence_id = ?",
            (evidence_id,)).fetchone()
        if row is None:
            return None
        lines = tuple(OcrLine(str(t), float(s), tuple((int(x), int(y)) for x, y in box), int(p))
                      for t, s, box, p in json.loads(row[3]))
        return Reading(int(row[0]), int(row[1]), str(row[2]), lines, str(row[4]), str(row[5]),
                       datetime.fromisoformat(row[6]), str(row[7]), tuple(json.loads(row[8]) if row[8] else ()),
                       str(row[9]))

    def text_of(self, evidence_id: int) -> str:
        """The read text of an item ('' when unread)."""
        row = self._store.conn.execute("SELECT text FROM evidence_text WHERE evidence_id = ?",
                                       (evidence_id,)).fetchone()
        return str(row[0]) if row else ""

    def search(self, text: str, case_id: int | None = None) -> list[TextHit]:
        """Evidence items whose file name, caption or read text contains ``text``, with a short snippet."""
        needle = text.strip()
        hits: list[TextHit] = []
        for area, ref_id in self._store.search_private(needle, case_id):
            if area != "evidence":
                continue
            evidence = self._store.evidence.get(ref_id)
            body = "\n".join((evidence.file_name, evidence.caption, self.text_of(ref_id)))
            hits.append(TextHit(ref_id, evidence.case_id, evidence.file_name, snippet(body, needle)))
        return hits

    def read_pending(self, worker: OcrWorker, case_id: int | None = None, *,
                     progress: Callable[[int, int], None] | None = None, cancel: CancelFlag | None = None,
                     on_item: Callable[[int, Reading | Exception], None] | None = None) -> int:
        """Reads every item not yet read, saving each as soon as it is read; returns how many were read.

        Cancelling keeps what was read so far (the rest is read next time). An item that cannot be read is
        reported to ``on_item`` with the error and skipped (it stays pending).
        """
        from walletcare.errors import Cancelled
        from walletcare.evidence.ocr import OcrFailed

        ids = self.pending(case_id)
        done = 0
        for index, evidence_id in enumerate(ids):
            if progress is not None:
                progress(index, len(ids))
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            evidence = self._store.evidence.get(evidence_id)
            try:
                result = worker.read(self._store.evidence.data(evidence_id), evidence.mime, cancel=cancel)
            except OcrFailed as exc:
                if on_item is not None:
                    on_item(evidence_id, exc)
                continue
            reading = self.save(evidence_id, result)
            done += 1
            if on_item is not None:
                on_item(evidence_id, reading)
        if progress is not None:
            progress(len(ids), len(ids))
        return done


def snippet(text: str, needle: str, width: int = 40) -> str:
    """About ``width`` characters either side of the first match of ``needle`` in ``text``, on one line."""
    flat = " ".join(text.split())
    at = flat.lower().find(needle.lower())
    if at < 0:
        return flat[: width * 2]
    start = max(0, at - width)
    end = min(len(flat), at + len(needle) + width)
    return ("…" if start else "") + flat[start:end] + ("…" if end < len(flat) else "")
