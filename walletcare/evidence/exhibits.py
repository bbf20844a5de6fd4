"""Evidence items: original bytes kept exactly as received inside the encrypted file, with derived copies.

Intake hashes the bytes (SHA-256), sniffs the type from the content, reads the capture time, and makes a
thumbnail and a print copy (``media.py``); the same bytes added twice to a case are reported as a
duplicate and stored once. Metadata edits (caption, links, tags) keep the old values in the audit trail;
the bytes themselves are never edited.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from walletcare.errors import Cancelled, InvalidInput, UsageError
from walletcare.evidence import records
from walletcare.evidence.capture_time import capture_time
from walletcare.evidence.media import Intake, MediaPool, inspect
from walletcare.evidence.models import EVIDENCE_ORIGINS, Derived, Evidence
from walletcare.i18n import N_, _

if TYPE_CHECKING:
    from walletcare.evidence.store import Store
    from walletcare.evidence.transactions import CancelFlag

# evidence bytes are stored in chunks of this size: SQLite copies a bound blob and then builds the row from the
# copy, so one 25 MB row would need 50 MB of memory on top of the file
CHUNK = 1 << 20
_SKIP = ("id", "case_id", "linked_transactions", "linked_contacts")



@dataclasses.dataclass(frozen=True)
class NewEvidence:
    """One file to add with ``add_many``."""

    data: bytes
    file_name: str
    caption: str = ""
    origin: str = "file"
    origin_detail: str = ""
    captured_at: datetime | None = None
    file_mtime: datetime | None = None


class EvidenceManager:
    """``store.evidence``."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._pool: MediaPool | None = None
        self.last_problems: dict[int, str] = {}

    def close(self) -> None:
        """Stops the worker processes used for image copies."""
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    # -- intake -------------------------------------------------------------------------------------
    def add(self, case_id: int, data: bytes, file_name: str, *, caption: str = "", origin: str = "file",
            origin_detail: str = "", captured_at: datetime | None = None, linked_transactions: Iterable[int] = (),
            linked_contacts: Iterable[int] = (), file_mtime: datetime | None = None) -> tuple[Evidence, bool]:
        """Adds one file; returns ``(evidence, duplicate)`` (``duplicate``: the same bytes were already there).

        The capture time is ``captured_at`` when given, else the EXIF time of a photo, the PNG ``tIME`` or a
        screenshot's file name (``capture_time.py``), each recorded with its source; ``file_mtime`` is kept
        as the file's modification time, never as its capture time.

        Raises:
            InvalidInput: the file is empty or a damaged image (nothing is stored).
            Refused: the caption holds a seed phrase or private key.
        """
        item = NewEvidence(bytes(data), file_name, caption, origin, origin_detail, captured_at, file_mtime)
        self._precheck(item)
        sha = hashlib.sha256(item.data).hexdigest()
        found = self._find(case_id, sha)
        if found is not None:
            return found, True
        self._store.ensure_space(len(item.data) * 2)
        intake = inspect(item.data, file_name)
        with self._store.transaction():
            return self._store_one(case_id, item, intake, tuple(linked_transactions), tuple(linked_contacts), sha)

    def add_many(self, case_id: int, items: Sequence[NewEvidence], progress: Callable[[int, int], None] | None = None,
                 cancel: CancelFlag | None = None) -> list[tuple[Evidence, bool]]:
        """Adds many files in one transaction, making image copies in parallel worker processes.

        A damaged image raises InvalidInput naming the file, and nothing is stored.
        """
        for item in items:
            self._precheck(item)
        if not self._store.cases.exists(case_id):
            raise records.not_found("case", case_id)
        self._store.ensure_space(sum(len(it.data) for it in items) * 2)
        if self._pool is None:
            self._pool = MediaPool()
        results: list[tuple[Evidence, bool]] = []
        # a small page cache makes SQLCipher encrypt and write the pages of each file while the workers
        # decode the next ones, instead of encrypting the last 64 MiB at the commit, after they are done
        with self._store.small_cache():
            with self._store.transaction():
                # the workers make copies of the next files while this thread hashes and stores the previous ones
                for item, intake in zip(items, self._pool.imap([(it.data, it.file_name) for it in items]),
                                        strict=True):
                    if cancel is not None and cancel.is_set():
                        raise Cancelled()
                    if isinstance(intake, InvalidInput):
                        raise intake
                    sha = hashlib.sha256(item.data).hexdigest()
                    found = self._find(case_id, sha)
                    results.append((found, True) if found else self._store_one(case_id, item, intake, (), (), sha))
                    if progress is not None and (len(results) % 8 == 0 or len(results) == len(items)):
                        progress(len(results), len(items))
        return results

    def _precheck(self, item: NewEvidence) -> None:
        if item.origin not in EVIDENCE_ORIGINS:
            raise UsageError(_("Unknown evidence origin: {origin}").format(origin=item.origin))
        if not item.data:
            raise InvalidInput(_("“{name}” is empty. Nothing was added.").format(name=item.file_name))
        if any(t is not None and t.tzinfo is None for t in (item.captured_at, item.file_mtime)):
            raise UsageError(_("A capture time needs a time zone offset."))
        self._store.guard_text(N_("Caption"), item.caption)

    def _find(self, case_id: int, sha: str) -> Evidence | None:
        row = self._store.conn.execute("SELECT id FROM evidence WHERE case_id = ? AND sha256 = ?", (case_id, sha)).fetchone()
        return self.get(int(row[0])) if row else None

    def _store_one(self, case_id: int, item: NewEvidence, intake: Intake, txs: tuple[int, ...],
                   contacts: tuple[int, ...], sha: str) -> tuple[Evidence, bool]:
        found = self._find(case_id, sha)
        if found is not None:
            return found, True
        if not self._store.cases.exists(case_id):
            raise records.not_found("case", case_id)
        conn = self._store.conn
        captured, source = capture_time(user=item.captured_at, exif=intake.captured_at, data=item.data,
                                        file_name=item.file_name)
        evidence = Evidence(
            id=0, case_id=case_id, file_name=item.file_name, mime=intake.mime, size=len(item.data), sha256=sha,
            added_at=records.now(), captured_at=captured, caption=item.caption,
            origin=item.origin, origin_detail=item.origin_detail, captured_source=source,
            file_modified=item.file_mtime,
        )
        cur = conn.execute("INSERT INTO evidence(case_id, sha256, body) VALUES (?, ?, ?)",
                           (case_id, sha, records.dumps(records.body_of(evidence, _SKIP))))
        evidence = dataclasses.replace(evidence, id=int(cur.lastrowid))
        view = memoryview(item.data)
        conn.executemany("INSERT INTO evidence_chunks(evidence_id, seq, data) VALUES (?, ?, ?)",
                         ((evidence.id, seq, view[start:start + CHUNK])
                          for seq, start in enumerate(range(0, len(view), CHUNK))))
        for copy in intake.copies:
            conn.execute(
                "INSERT INTO derived(evidence_id, kind, mime, width, height, sha256, data) VALUES (?,?,?,?,?,?,?)",
                (evidence.id, copy.kind, copy.mime, copy.width, copy.height, copy.sha256, copy.data))
        if intake.problem:
            self.last_problems[evidence.id] = intake.problem
        evidence = self._set_links(evidence, txs, contacts)
        self._store.index_text("evidence", evidence.id, case_id, f"{item.file_name}\n{item.caption}")
        self._store.audit.record("create", f"evidence:{evidence.id}", case_id, sha,
                                 detail=records.dumps({"file_name": item.file_name, "size": len(item.data),
                                                       "copies": {c.kind: c.sha256 for c in intake.copies}}))
        self._store.changed("evidence", case_id)
        return evidence, False

    def _set_links(self, evidence: Evidence, txs: tuple[int, ...], contacts: tuple[int, ...]) -> Evidence:
        conn = self._store.conn
        for table, ids in (("transactions", txs), ("contacts", contacts)):
            for ref in ids:
                row = conn.execute(f"SELECT case_id FROM {table} WHERE id = ?", (ref,)).fetchone()
                if row is None or int(row[0]) != evidence.case_id:
                    raise UsageError(_("Evidence can only be linked to records of the same case."))
        conn.execute("DELETE FROM evidence_links WHERE evidence_id = ?", (evidence.id,))
        conn.executemany("INSERT OR IGNORE INTO evidence_links(evidence_id, area, ref_id) VALUES (?, ?, ?)",
                         [(evidence.id, "transaction", t) for t in txs] + [(evidence.id, "contact", c) for c in contacts])
        return dataclasses.replace(evidence, linked_transactions=tuple(dict.fromkeys(txs)),
                                   linked_contacts=tuple(dict.fromkeys(contacts)))

    # -- reads --------------------------------------------------------------------------------------
    def _load(self, row: tuple[Any, ...]) -> Evidence:
        links = self._store.conn.execute(
            "SELECT area, ref_id FROM evidence_links WHERE evidence_id = ? ORDER BY rowid", (row[0],)).fetchall()
        return records.loads(
            Evidence, row[2], id=int(row[0]), case_id=int(row[1]),
            linked_transactions=tuple(int(r) for a, r in links if a == "transaction"),
            linked_contacts=tuple(int(r) for a, r in links if a == "contact"),
        )

    def get(self, evidence_id: int) -> Evidence:
        """The evidence item with that id (UsageError when there is none)."""
        row = self._store.conn.execute("SELECT id, case_id, body FROM evidence WHERE id = ?", (evidence_id,)).fetchone()
        if row is None:
            raise records.not_found("evidence", evidence_id)
        return self._load(row)

    def list(self, case_id: int, *, sealed: bool = False) -> list[Evidence]:
        """A case's evidence in the order it was added; items sealed because they show a recovery phrase or
        private key (``readings.py``) only with ``sealed=True``, so nothing that exports a case sees them."""
        hide = "" if sealed else " AND id NOT IN (SELECT evidence_id FROM evidence_text WHERE sealed != '')"
        rows = self._store.conn.execute(f"SELECT id, case_id, body FROM evidence WHERE case_id = ?{hide} ORDER BY id",
                                        (case_id,)).fetchall()
        return [self._load(r) for r in rows]

    def data(self, evidence_id: int) -> bytes:
        """The original bytes, exactly as received."""
        rows = self._store.conn.execute("SELECT data FROM evidence_chunks WHERE evidence_id = ? ORDER BY seq",
                                        (evidence_id,)).fetchall()
        if not rows:
            raise records.not_found("evidence", evidence_id)
        return rows[0][0] if len(rows) == 1 else b"".join(row[0] for row in rows)

    def derived(self, evidence_id: int, kind: str) -> tuple[Derived, bytes] | None:
        """The ``thumbnail`` or ``print`` copy of an item with its bytes, or None when there is none."""
        row = self._store.conn.execute(
            "SELECT id, evidence_id, kind, mime, width, height, sha256, data FROM derived WHERE evidence_id = ? AND kind = ?",
            (evidence_id, kind)).fetchone()
        if row is None:
            return None
        return Derived(int(row[0]), int(row[1]), row[2], row[3], int(row[4]), int(row[5]), row[6]), bytes(row[7])

    # -- edits ----------------------------------------------------------------------------------------
    def update(self, evidence: Evidence) -> Evidence:
        """Saves a new caption, links or tags (other fields are fixed at intake; old values are audited)."""
        self._store.guard_text(N_("Caption"), evidence.caption)
        with self._store.transaction():
            old = self.get(evidence.id)
            new = dataclasses.replace(old, caption=evidence.caption, tags=evidence.tags)
            self._store.conn.execute("UPDATE evidence SET body = ? WHERE id = ?",
                                     (records.dumps(records.body_of(new, _SKIP)), new.id))
            new = self._set_links(new, tuple(evidence.linked_transactions), tuple(evidence.linked_contacts))
            self.reindex(new)
            self._store.audit.record("update", f"evidence:{new.id}", new.case_id, records.digest(new),
                                     detail=records.full(old))
            self._store.changed("evidence", new.case_id)
        return new

    def reindex(self, evidence: Evidence) -> None:
        """Puts an item's file name, caption and machine-read text (``readings.py``) in the private search index."""
        row = self._store.conn.execute("SELECT text FROM evidence_text WHERE evidence_id = ?",
                                       (evidence.id,)).fetchone()
        read = f"\n{row[0]}" if row and row[0] else ""
        self._store.index_text("evidence", evidence.id, evidence.case_id,
                               f"{evidence.file_name}\n{evidence.caption}{read}")

    def delete(self, evidence_id: int) -> None:
        """Removes an item with its bytes and copies (metadata and hash stay in the audit trail)."""
        with self._store.transaction():
            old = self.get(evidence_id)
            self._store.transactions.refuse_uncited(evidence_id)
            self._store.conn.execute("DELETE FROM evidence WHERE id = ?", (evidence_id,))
            self._store.index_text("evidence", evidence_id, old.case_id, "")
            self._store.audit.record("delete", f"evidence:{evidence_id}", old.case_id, old.sha256,
                                     detail=records.full(old))
            self._store.changed("evidence", old.case_id)
