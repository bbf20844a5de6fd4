"""Taking back what was added by mistake: transactions, an evidence item, a whole case, or one import (its rows
and its file), each recorded in the audit trail with the removed item's SHA-256 and reversible until the vault
is locked.

A removal first copies the rows it is about to delete (with the links pointing at them and their private
search text) into temporary tables of the vault's connection, which ``temp_store = MEMORY`` keeps in memory
and which vanish when the connection is closed at lock: nothing removed is ever written outside the encrypted
file, and an undo is possible exactly until the next lock. ``restore`` puts the rows back with their old ids,
so refund links, evidence links and audit references stay valid. A removal larger than ``UNDO_MAX_BYTES`` of
file data is not kept for undo (the confirmation says so). Everything happens inside one
``store.transaction()``: an interrupted or cancelled removal or undo leaves the vault as it was before; the
rows go in chunks that report progress (``progress(done, total)``) and check ``cancel``.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from walletcare.errors import Cancelled, UsageError
from walletcare.evidence import records
from walletcare.evidence.transactions import BATCH, CancelFlag, batch_digest
from walletcare.i18n import _

if TYPE_CHECKING:
    from walletcare.evidence.store import Store

Progress = Callable[[int, int], None]
UNDO_MAX_BYTES = 256 * 1024 * 1024  # file data kept in memory for an undo at most
DETAILED_ROWS = 500  # up to this many removed transactions get an audit entry each, with every field
_counter = itertools.count(1)
# the tables a removal may copy, in the order they are put back (parents before children)
_LINK_COLUMNS = "rowid AS rid, evidence_id, area, ref_id"  # the rowid keeps the links in the order they were made
_TABLES = ("cases", "transactions", "contacts", "evidence", "evidence_chunks", "derived", "evidence_links",
           "evidence_text", "chat_messages")


class UndoNotPossible(UsageError):
    """The removed rows cannot be put back (locked since, or the same file or rows were added again)."""

    def default_text(self) -> str:
        return _("This can no longer be undone. Nothing was changed.")


@dataclass(frozen=True)
class Removal:
    """What one removal took away; hand it to ``restore`` to put it back (while ``undoable``)."""

    token: int
    kind: str  # "transactions", "evidence", "case" or "import"
    case_id: int
    sha256: str  # of the evidence file, the case record, or the removed rows
    transactions: int = 0
    evidence: int = 0
    contacts: int = 0
    undoable: bool = True
    messages: int = 0  # chat messages (undoing a chat import)
    stashed: tuple[tuple[str, str], ...] = ()  # (table, temporary table holding copies of its rows)


@dataclass(frozen=True)
class ImportInfo:
    """One import of a case: its file (the evidence item whose id is the import's id) and its rows."""

    id: int
    case_id: int
    file_name: str
    format: str
    rows: int
    at: datetime
    sha256: str


# -- reads ------------------------------------------------------------------------------------------------
def list_imports(store: Store, case_id: int) -> list[ImportInfo]:
    """The imports of a case, oldest first (evidence items of origin ``import``, with their row counts)."""
    if not store.cases.exists(case_id):
        raise records.not_found("case", case_id)
    conn = store.conn
    counts = {int(i): (int(n), str(f)) for i, n, f in conn.execute(
        "SELECT src_id, count(*), max(src_format) FROM transactions WHERE case_id = ? AND src_id IS NOT NULL "
        "GROUP BY src_id", (case_id,))}
    found = []
    for item in store.evidence.list(case_id):
        if item.origin != "import":
            continue
        rows, fmt = counts.get(item.id, (0, ""))
        threads = _chat_threads(store, item.id)
        if threads:  # a chat export: its rows are the thread's messages
            rows = int(conn.execute(f"SELECT count(*) FROM chat_messages WHERE contact_id IN "
                                    f"({','.join('?' * len(threads))})", threads).fetchone()[0])
            fmt = threads_app(store, threads)
        found.append(ImportInfo(item.id, case_id, item.file_name, fmt, rows, item.added_at, item.sha256))
    return found


def import_info(store: Store, import_id: int) -> ImportInfo:
    """One import by its id (UsageError when no import has that id)."""
    row = store.conn.execute("SELECT case_id FROM evidence WHERE id = ?", (import_id,)).fetchone()
    if row is not None:
        for info in list_imports(store, int(row[0])):
            if info.id == import_id:
                return info
    raise UsageError(_("There is no import {id}. See “walletcare import list --case N”.").format(id=import_id))


def _chat_threads(store: Store, import_id: int) -> tuple[int, ...]:
    """The chat threads (contacts of kind ``chat``) whose export file is the evidence item ``import_id``."""
    rows = store.conn.execute(
        "SELECT c.id FROM evidence_links l JOIN contacts c ON c.id = l.ref_id WHERE l.evidence_id = ? "
        "AND l.area = 'contact' AND json_extract(c.body, '$.kind') = 'chat' ORDER BY c.id", (import_id,)).fetchall()
    return tuple(int(r[0]) for r in rows)


def threads_app(store: Store, threads: tuple[int, ...]) -> str:
    """``whatsapp`` or ``telegram``: the app of a chat import (from its thread's channel)."""
    channel = str(store.contacts.get(threads[0]).channel).lower()
    return channel if channel in ("whatsapp", "telegram") else "chat"


def _chat_media(store: Store, import_id: int, threads: tuple[int, ...]) -> list[int]:
    """The attachments a chat import added: items linked to its threads, stored after its export file (an item
    that was already in the case was linked, not added) and not used by another chat thread."""
    marks = ",".join("?" * len(threads))
    rows = store.conn.execute(
        f"SELECT DISTINCT e.id FROM evidence e WHERE e.id > ? AND e.id IN ("
        f"SELECT evidence_id FROM evidence_links WHERE area = 'contact' AND ref_id IN ({marks}) "
        f"UNION SELECT evidence_id FROM chat_messages WHERE contact_id IN ({marks})) "
        f"AND coalesce(json_extract(e.body, '$.origin'), '') != 'import' "
        f"AND e.id NOT IN (SELECT evidence_id FROM chat_messages WHERE evidence_id IS NOT NULL "
        f"AND contact_id NOT IN ({marks})) ORDER BY e.id",
        (import_id, *threads, *threads, *threads)).fetchall()
    return [int(r[0]) for r in rows]


def evidence_bytes(store: Store, where: str, params: tuple[Any, ...]) -> int:
    """The size of the file data of the evidence items selected by ``where`` (on table ``evidence``)."""
    row = store.conn.execute(f"SELECT coalesce(sum(length(data)), 0) FROM evidence_chunks WHERE evidence_id IN "
                             f"(SELECT id FROM evidence WHERE {where})", params).fetchone()
    derived = store.conn.execute(f"SELECT coalesce(sum(length(data)), 0) FROM derived WHERE evidence_id IN "
                                 f"(SELECT id FROM evidence WHERE {where})", params).fetchone()
    return int(row[0]) + int(derived[0])


def can_undo_case(store: Store, case_id: int) -> bool:
    """Whether removing the case would be kept for undo (its files fit in ``UNDO_MAX_BYTES``)."""
    return evidence_bytes(store, "case_id = ?", (case_id,)) <= UNDO_MAX_BYTES


# -- removals ----------------------------------------------------------------------------------------------
class _Stash:
    """Copies rows into temporary tables before they are deleted (nothing, when the removal is not undoable)."""

    def __init__(self, store: Store, keep: bool) -> None:
        self.store, self.keep = store, keep
        self.token = next(_counter)
        self.tables: list[tuple[str, str]] = []

    def copy(self, table: str, where: str, params: tuple[Any, ...] = (), columns: str = "*",
             source: str | None = None) -> None:
        if not self.keep:
            return
        name = f"undo{self.token}_{len(self.tables)}_{table}"
        self.store.conn.execute(f"CREATE TEMP TABLE {name} AS SELECT {columns} FROM main.{source or table} "
                                f"WHERE {where}", params)
        self.tables.append((table, name))

    def transactions(self, where: str, params: tuple[Any, ...]) -> None:
        """The rows, the refund links and evidence links pointing at them, and nothing else."""
        self.copy("transactions", where, params)
        inner = f"SELECT id FROM transactions WHERE {where}"
        self.copy("evidence_links", f"area = 'transaction' AND ref_id IN ({inner})", params, _LINK_COLUMNS)
        self.copy("refunds", f"refund_of IN ({inner}) AND NOT ({where})", params + params, "id, refund_of",
                  source="transactions")


def _tx_rows(store: Store, where: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    """The rows as they were written (raw texts of cited rows re-derived), as ``batch_digest`` reads them."""
    return store.transactions.stored_rows(where, params)


def _record_transactions(store: Store, case_id: int, rows: list[tuple[Any, ...]], action: str,
                         detailed: bool) -> str:
    """Audit entries for removed (or restored) transactions: one per row with every field when ``detailed``
    and they are few, else one for the batch; returns the SHA-256 of their stored values."""
    if not rows:
        return hashlib.sha256(b"").hexdigest()
    digest = batch_digest(rows)
    if detailed and len(rows) <= DETAILED_ROWS:
        for row_id, *_values in rows:
            tx = store.transactions.get(int(row_id))
            store.audit.record(action, f"transaction:{tx.id}", case_id, records.digest(tx), detail=records.full(tx))
    else:
        detail = records.canonical({"ids": _ranges([int(r[0]) for r in rows]), "count": len(rows)})
        store.audit.record(action, f"transactions ({len(rows)})", case_id, digest, detail=detail)
    return digest


def _ranges(ids: list[int]) -> list[list[int]]:
    """Consecutive ids as ``[first, last]`` pairs (an import's rows are one or a few ranges)."""
    out: list[list[int]] = []
    for i in sorted(ids):
        if out and out[-1][1] == i - 1:
            out[-1][1] = i
        else:
            out.append([i, i])
    return out


def _delete_transactions(store: Store, rows: list[tuple[Any, ...]], progress: Progress | None,
                         cancel: CancelFlag | None) -> None:
    """Deletes the given rows (and the evidence links to them) in chunks, reporting progress; a cancel raises
    Cancelled and the caller's transaction puts everything back."""
    conn = store.conn
    total = len(rows)
    for start in range(0, total, BATCH):
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        ids = json.dumps([int(r[0]) for r in rows[start:start + BATCH]])
        conn.execute("DELETE FROM evidence_links WHERE area = 'transaction' AND ref_id IN "
                     "(SELECT value FROM json_each(?))", (ids,))
        conn.execute("DELETE FROM transactions WHERE id IN (SELECT value FROM json_each(?))", (ids,))
        if progress is not None:
            progress(min(start + BATCH, total), total)
    if cancel is not None and cancel.is_set():
        raise Cancelled()


def remove_transactions(store: Store, ids: list[int], progress: Progress | None = None,
                        cancel: CancelFlag | None = None) -> Removal:
    """Removes transactions of one case (a selection in the table) in one step; undo puts every one back."""
    wanted = sorted(set(ids))
    if not wanted:
        raise UsageError(_("Nothing is selected."))
    where, params = "id IN (SELECT value FROM json_each(?))", (json.dumps(wanted),)
    with store.transaction():
        rows = _tx_rows(store, where, params)
        if len(rows) != len(wanted):
            missing = sorted(set(wanted) - {int(r[0]) for r in rows})
            raise records.not_found("transaction", missing[0])
        cases = {int(r[1]) for r in rows}
        if len(cases) != 1:
            raise UsageError(_("Transactions of different cases cannot be removed together."))
        case_id = cases.pop()
        stash = _Stash(store, True)
        stash.transactions(where, params)
        digest = _record_transactions(store, case_id, rows, "delete", True)
        _delete_transactions(store, rows, progress, cancel)
        store.changed("transactions", case_id)
        store.changed("evidence", case_id)
    return Removal(stash.token, "transactions", case_id, digest, transactions=len(rows), stashed=tuple(stash.tables))


def _stash_evidence(stash: _Stash, where: str, params: tuple[Any, ...]) -> None:
    inner = f"SELECT id FROM evidence WHERE {where}"
    stash.copy("evidence", where, params)
    stash.copy("evidence_chunks", f"evidence_id IN ({inner})", params)
    stash.copy("derived", f"evidence_id IN ({inner})", params)
    stash.copy("evidence_links", f"evidence_id IN ({inner})", params, _LINK_COLUMNS)
    stash.copy("evidence_text", f"evidence_id IN ({inner})", params)
    stash.copy("private_fts", f"area = 'evidence' AND ref_id IN ({inner})", params, "area, ref_id, case_id, text")


def remove_evidence(store: Store, evidence_id: int, *, keep: bool = True) -> Removal:
    """Removes one evidence item with its copies and links (its SHA-256 stays in the audit trail)."""
    with store.transaction():
        old = store.evidence.get(evidence_id)
        store.transactions.refuse_uncited(evidence_id)
        where, params = "id = ?", (evidence_id,)
        stash = _Stash(store, keep and evidence_bytes(store, where, params) <= UNDO_MAX_BYTES)
        _stash_evidence(stash, where, params)
        store.conn.execute("DELETE FROM evidence WHERE id = ?", (evidence_id,))
        store.index_text("evidence", evidence_id, old.case_id, "")
        store.audit.record("delete", f"evidence:{evidence_id}", old.case_id, old.sha256, detail=records.full(old))
        store.changed("evidence", old.case_id)
    return Removal(stash.token, "evidence", old.case_id, old.sha256, evidence=1, undoable=stash.keep,
                   stashed=tuple(stash.tables))


def undo_import(store: Store, import_id: int, *, keep: bool = True, progress: Progress | None = None,
                cancel: CancelFlag | None = None) -> Removal:
    """Removes exactly the rows one import stored and its file (the evidence item ``import_id``); for a chat
    export, its thread with every message and the attachments it added."""
    info = import_info(store, import_id)
    threads = _chat_threads(store, import_id)
    if threads:
        return _undo_chat_import(store, info, threads, keep)
    with store.transaction():
        case_id = info.case_id
        where, params = "case_id = ? AND src_id = ?", (case_id, import_id)
        ev_where, ev_params = "id = ?", (import_id,)
        stash = _Stash(store, keep and evidence_bytes(store, ev_where, ev_params) <= UNDO_MAX_BYTES)
        stash.transactions(where, params)
        _stash_evidence(stash, ev_where, ev_params)
        rows = _tx_rows(store, where, params)
        old = store.evidence.get(import_id)
        rows_digest = _record_transactions(store, case_id, rows, "delete", False)
        _delete_transactions(store, rows, progress, cancel)
        store.conn.execute("DELETE FROM evidence WHERE id = ?", (import_id,))
        store.index_text("evidence", import_id, case_id, "")
        detail = records.canonical({"evidence": json.loads(records.full(old)), "rows": len(rows),
                                    "rows_sha256": rows_digest})
        store.audit.record("delete", f"import:{import_id}", case_id, info.sha256, detail=detail)
        store.changed("transactions", case_id)
        store.changed("evidence", case_id)
    return Removal(stash.token, "import", case_id, info.sha256, transactions=len(rows), evidence=1,
                   undoable=stash.keep, stashed=tuple(stash.tables))


def _undo_chat_import(store: Store, info: ImportInfo, threads: tuple[int, ...], keep: bool) -> Removal:
    conn = store.conn
    with store.transaction():
        case_id = info.case_id
        media = _chat_media(store, info.id, threads)
        files = [info.id, *media]
        ev_where = f"id IN ({','.join('?' * len(files))})"
        ev_params = tuple(files)
        th_where = f"id IN ({','.join('?' * len(threads))})"
        stash = _Stash(store, keep and evidence_bytes(store, ev_where, ev_params) <= UNDO_MAX_BYTES)
        stash.copy("contacts", th_where, threads)
        stash.copy("chat_messages", f"contact_{th_where}", threads)
        stash.copy("evidence_links", f"area = 'contact' AND ref_{th_where} AND evidence_id NOT IN "
                   f"(SELECT id FROM evidence WHERE {ev_where})", threads + ev_params, _LINK_COLUMNS)
        stash.copy("private_fts", f"area = 'contact' AND ref_{th_where}", threads, "area, ref_id, case_id, text")
        _stash_evidence(stash, ev_where, ev_params)
        old = store.evidence.get(info.id)
        hashes = {str(i): str(s) for i, s in conn.execute(f"SELECT id, sha256 FROM evidence WHERE {ev_where}",
                                                          ev_params)}
        messages = int(conn.execute(f"SELECT count(*) FROM chat_messages WHERE contact_{th_where}",
                                    threads).fetchone()[0])
        for contact_id in threads:
            conn.execute("DELETE FROM evidence_links WHERE area = 'contact' AND ref_id = ?", (contact_id,))
            store.index_text("contact", contact_id, case_id, "")
        conn.execute(f"DELETE FROM contacts WHERE {th_where}", threads)  # the messages go with their thread
        for evidence_id in files:
            store.index_text("evidence", evidence_id, case_id, "")
        conn.execute(f"DELETE FROM evidence WHERE {ev_where}", ev_params)
        detail = records.canonical({"evidence": json.loads(records.full(old)), "threads": list(threads),
                                    "messages": messages, "evidence_sha256": hashes})
        store.audit.record("delete", f"import:{info.id}", case_id, info.sha256, detail=detail)
        for area in ("contacts", "evidence"):
            store.changed(area, case_id)
    return Removal(stash.token, "import", case_id, info.sha256, evidence=len(files), contacts=len(threads),
                   undoable=stash.keep, stashed=tuple(stash.tables), messages=messages)


def remove_case(store: Store, case_id: int, *, keep: bool = True, progress: Progress | None = None,
                cancel: CancelFlag | None = None) -> Removal:
    """Removes a case with everything in it (the audit entry lists the hashes of its files and rows)."""
    with store.transaction():
        old = store.cases.get(case_id)
        conn = store.conn
        where, params = "case_id = ?", (case_id,)
        stash = _Stash(store, keep and can_undo_case(store, case_id))
        stash.copy("cases", "id = ?", params)
        stash.transactions(where, params)
        stash.copy("contacts", where, params)
        stash.copy("chat_messages", "contact_id IN (SELECT id FROM contacts WHERE case_id = ?)", params)
        _stash_evidence(stash, where, params)
        stash.copy("private_fts", "case_id = ? AND area != 'evidence'", params, "area, ref_id, case_id, text")
        rows = _tx_rows(store, where, params)
        files = {str(i): str(s) for i, s in conn.execute("SELECT id, sha256 FROM evidence WHERE case_id = ?", params)}
        contacts = int(conn.execute("SELECT count(*) FROM contacts WHERE case_id = ?", params).fetchone()[0])
        _delete_transactions(store, rows, progress, cancel)  # the many rows in chunks; the rest goes with the case
        conn.execute("DELETE FROM cases WHERE id = ?", params)
        store.unindex_case(case_id)
        detail = records.canonical({
            "case": json.loads(records.full(old)),
            "removed": {"transactions": len(rows), "contacts": contacts, "evidence": len(files)},
            "evidence_sha256": files, "transactions_sha256": batch_digest(rows) if rows else "",
        })
        digest = records.digest(old)
        store.audit.record("delete", f"case:{case_id}", case_id, digest, detail=detail)
        store.changed("cases", case_id)
    return Removal(stash.token, "case", case_id, digest, transactions=len(rows), evidence=len(files),
                   contacts=contacts, undoable=stash.keep, stashed=tuple(stash.tables))


# -- undo ---------------------------------------------------------------------------------------------------
def _exists(conn: Any, name: str) -> bool:
    return conn.execute("SELECT 1 FROM temp.sqlite_master WHERE type = 'table' AND name = ?",
                        (name,)).fetchone() is not None


def restore(store: Store, removal: Removal) -> int:  # noqa: C901 - puts back each kind of record in dependency order
    """Puts back what ``removal`` took away, with the old ids and links; returns how many records came back.

    Raises:
        UndoNotPossible: the vault was locked since (the copies are gone), or the same file or the same
            imported rows were added again meanwhile; nothing is changed then.
    """
    if not removal.undoable or not removal.stashed:
        raise UndoNotPossible()
    conn = store.conn
    if not all(_exists(conn, name) for _table, name in removal.stashed):
        raise UndoNotPossible()
    by_table: dict[str, list[str]] = {}
    for table, name in removal.stashed:
        by_table.setdefault(table, []).append(name)

    def clash(table: str, sql: str) -> bool:
        return any(conn.execute(sql.format(name=name)).fetchone() for name in by_table.get(table, ()))

    with store.transaction():
        if clash("cases", "SELECT 1 FROM cases WHERE id IN (SELECT id FROM temp.{name})"):
            raise UndoNotPossible()
        if clash("evidence", "SELECT 1 FROM evidence e JOIN temp.{name} s ON e.case_id = s.case_id "
                             "AND e.sha256 = s.sha256"):
            raise UndoNotPossible(_("The same file was added to this case again since, so it cannot be put back. "
                                    "Nothing was changed."))
        if clash("transactions", "SELECT 1 FROM transactions t JOIN temp.{name} s ON t.case_id = s.case_id "
                                 "AND t.dedup_key = s.dedup_key AND s.dedup_key != ''"):
            raise UndoNotPossible(_("The same rows were imported into this case again since, so they cannot be put "
                                    "back. Nothing was changed."))
        restored = 0
        for table in _TABLES:
            for name in by_table.get(table, ()):
                if table == "evidence_links":  # the links whose evidence item is still (or again) there, in order
                    alive = "evidence_id IN (SELECT id FROM evidence)"
                    conn.execute(f"INSERT OR IGNORE INTO main.evidence_links(rowid, evidence_id, area, ref_id) "
                                 f"SELECT rid, evidence_id, area, ref_id FROM temp.{name} WHERE {alive} "
                                 "AND rid NOT IN (SELECT rowid FROM main.evidence_links) ORDER BY rid")
                    conn.execute(f"INSERT OR IGNORE INTO main.evidence_links(evidence_id, area, ref_id) "
                                 f"SELECT evidence_id, area, ref_id FROM temp.{name} WHERE {alive} ORDER BY rid")
                    continue
                cur = conn.execute(f"INSERT INTO main.{table} SELECT * FROM temp.{name}")
                if table in ("cases", "transactions", "contacts", "evidence"):
                    restored += max(int(cur.rowcount), 0)
        for name in by_table.get("private_fts", ()):
            conn.execute(f"INSERT INTO private_fts(area, ref_id, case_id, text) SELECT area, ref_id, case_id, text "
                         f"FROM temp.{name}")
        for name in by_table.get("refunds", ()):  # refunds kept elsewhere point at their originals again
            conn.execute(f"UPDATE transactions SET refund_of = (SELECT refund_of FROM temp.{name} r "
                         f"WHERE r.id = transactions.id) WHERE id IN (SELECT id FROM temp.{name})")
        for name in by_table.get("transactions", ()):
            # rows the text index held before they were removed go back into it (the others are added later)
            store.transactions.reindex(f"id IN (SELECT id FROM temp.{name})")
            rows = _tx_rows(store, f"id IN (SELECT id FROM temp.{name})", ())
            if rows:
                store.audit.record("restore", f"transactions ({len(rows)})", removal.case_id, batch_digest(rows),
                                   detail=records.canonical({"ids": _ranges([int(r[0]) for r in rows])}))
        if removal.kind == "case":
            store.audit.record("restore", f"case:{removal.case_id}", removal.case_id, removal.sha256)
        elif removal.kind in ("evidence", "import"):
            for name in by_table.get("evidence", ()):
                for (ev_id,) in conn.execute(f"SELECT id FROM temp.{name}").fetchall():
                    store.audit.record("restore", f"{removal.kind}:{ev_id}", removal.case_id, removal.sha256)
        for _table, name in removal.stashed:
            conn.execute(f"DROP TABLE temp.{name}")
        for area in ("cases", "transactions", "contacts", "evidence"):
            store.changed(area, removal.case_id)
    return restored


def forget(store: Store, removal: Removal) -> None:
    """Drops the copies kept for an undo (the undo history was cleared)."""
    conn = store.conn
    for _table, name in removal.stashed:
        conn.execute(f"DROP TABLE IF EXISTS temp.{name}")
