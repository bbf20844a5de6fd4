"""Transactions in the vault: single and bulk insert, filtered and sorted pages, refunds and dedup keys.

Bulk inserts (``add_many``) run in one transaction (joining the caller's, so an importer can store the
source file and its rows together), in batches that report progress and honour cancellation; each batch
writes one audit entry whose digest covers every row of the batch. Pages are read with indexed
``ORDER BY … LIMIT/OFFSET`` and never load the whole case.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from walletcare.errors import Cancelled, UsageError
from walletcare.evidence import records
from walletcare.evidence.models import DIRECTIONS, Transaction
from walletcare.i18n import N_, _

if TYPE_CHECKING:
    from walletcare.evidence.store import Store

BATCH = 5000
# ORDER BY keys per sort: each ends in the columns of an index so SQLite reads pages in order, never sorts
SORTS = {"time": ("t", "id"), "amount": ("amount", "id"), "status": ("status", "t", "id"),
         "counterparty": ("counterparty", "id"), "id": ("id",)}
_COLUMNS = "id, case_id, t, amount, status, direction, currency, counterparty, dedup_key, refund_of, text, body"
_SKIP = ("id", "case_id")
_LABELS = (N_("Counterparty"), N_("Description"), N_("Note"))


class CancelFlag(Protocol):
    """Anything with ``is_set()`` (``threading.Event``)."""

    def is_set(self) -> bool: ...


def _text(tx: Transaction) -> str:
    text = f"{tx.counterparty} {tx.description} {tx.note} {tx.status} {tx.channel}"
    if tx.references:
        text += " " + " ".join(r.value for r in tx.references)
    return " ".join(text.split())


def _row(tx: Transaction, tx_id: int) -> tuple[Any, ...]:
    return (tx_id, tx.case_id, records.utc_micros(tx.time), float(tx.amount), tx.status, tx.direction, tx.currency,
            tx.counterparty, tx.dedup_key, tx.refund_of, _text(tx), records.dumps(records.body_of(tx, _SKIP)))


class TransactionManager:
    """``store.transactions``."""

    def __init__(self, store: Store) -> None:
        self._store = store

    # -- checks -------------------------------------------------------------------------------------
    def _check(self, tx: Transaction, seen: set[str] | None = None) -> None:
        if tx.time.utcoffset() is None:
            raise UsageError(_("A transaction time needs a time zone offset."))
        if type(tx.amount) is not Decimal or not tx.amount.is_finite():
            raise UsageError(_("A transaction amount must be a decimal number."))
        if tx.direction not in DIRECTIONS:
            raise UsageError(_("Unknown direction: {direction}").format(direction=tx.direction))
        for value, label in ((tx.counterparty, _LABELS[0]), (tx.description, _LABELS[1]), (tx.note, _LABELS[2])):
            if len(value) >= 12 and (seen is None or value not in seen):  # shorter text cannot hold a secret
                self._store.guard_text(label, value)
                if seen is not None:
                    seen.add(value)

    def _check_case(self, case_id: int) -> None:
        if not self._store.cases.exists(case_id):
            raise records.not_found("case", case_id)

    def _next_id(self) -> int:
        conn = self._store.conn
        seq = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'transactions'").fetchone()
        top = conn.execute("SELECT max(id) FROM transactions").fetchone()[0]
        return max(int(seq[0]) if seq else 0, int(top or 0)) + 1

    # -- writes -------------------------------------------------------------------------------------
    def add(self, tx: Transaction) -> Transaction:
        """Stores one transaction; returns it with its id."""
        return self.get(self.add_many([tx])[0])

    def add_many(self, txs: Iterable[Transaction], progress: Callable[[int, int], None] | None = None,
                 cancel: CancelFlag | None = None) -> list[int]:
        """Stores many transactions in one transaction; returns their ids in order.

        Args:
            txs: the transactions (their ``id`` is ignored).
            progress: called as ``progress(done, total)`` after each batch.
            cancel: when ``cancel.is_set()`` becomes true, raises Cancelled and nothing is stored.
        """
        items = list(txs)
        seen: set[str] = set()
        for tx in items:
            self._check(tx, seen)
        self._store.ensure_space(len(items) * 1024)
        ids: list[int] = []
        with self._store.transaction():
            for case_id in {tx.case_id for tx in items}:
                self._check_case(case_id)
            conn = self._store.conn
            next_id = self._next_id()
            for start in range(0, len(items), BATCH):
                if cancel is not None and cancel.is_set():
                    raise Cancelled()
                batch = items[start:start + BATCH]
                rows = [_row(tx, next_id + i) for i, tx in enumerate(batch)]
                next_id += len(batch)
                conn.executemany(f"INSERT INTO transactions({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
                conn.executemany("INSERT INTO tx_fts(rowid, text) VALUES (?, ?)", [(r[0], r[10]) for r in rows])
                ids.extend(r[0] for r in rows)
                self._record_batch(batch, rows)
                if progress is not None:
                    progress(len(ids), len(items))
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            for case_id in {tx.case_id for tx in items}:
                self._store.changed("transactions", case_id)
        return ids

    def _record_batch(self, batch: list[Transaction], rows: list[tuple[Any, ...]]) -> None:
        h = hashlib.sha256()
        for row in rows:
            h.update(f"{row[0]}:{row[1]}:{row[-1]}\n".encode())
        cases = {tx.case_id for tx in batch}
        case_id = next(iter(cases)) if len(cases) == 1 else None
        if len(rows) == 1:
            obj = f"transaction:{rows[0][0]}"
        else:
            obj = f"transactions:{rows[0][0]}-{rows[-1][0]} ({len(rows)})"
        self._store.audit.record("create", obj, case_id, h.hexdigest())

    def update(self, tx: Transaction) -> Transaction:
        """Saves a changed transaction (the old values go into the audit trail)."""
        self._check(tx)
        with self._store.transaction():
            old = self.get(tx.id)
            if old.case_id != tx.case_id:
                self._check_case(tx.case_id)
            row = _row(tx, tx.id)
            self._store.conn.execute(
                "UPDATE transactions SET case_id=?, t=?, amount=?, status=?, direction=?, currency=?, counterparty=?, "
                "dedup_key=?, refund_of=?, text=?, body=? WHERE id = ?", (*row[1:], tx.id))
            self._store.audit.record("update", f"transaction:{tx.id}", tx.case_id, records.digest(tx),
                                     detail=records.full(old))
            self._store.changed("transactions", tx.case_id)
        return self.get(tx.id)

    def link_refund(self, refund_id: int, original_id: int) -> Transaction:
        """Marks ``refund_id`` as the refund of ``original_id`` (both in the same case)."""
        refund, original = self.get(refund_id), self.get(original_id)
        if refund.case_id != original.case_id or refund_id == original_id:
            raise UsageError(_("A refund can only be linked to another transaction of the same case."))
        return self.update(dataclasses.replace(refund, refund_of=original_id))

    def delete(self, tx_id: int) -> None:
        """Deletes one transaction (its values stay in the audit trail)."""
        with self._store.transaction():
            old = self.get(tx_id)
            self._store.conn.execute("DELETE FROM evidence_links WHERE area = 'transaction' AND ref_id = ?", (tx_id,))
            self._store.conn.execute("DELETE FROM transactions WHERE id = ?", (tx_id,))
            self._store.audit.record("delete", f"transaction:{tx_id}", old.case_id, records.digest(old),
                                     detail=records.full(old))
            self._store.changed("transactions", old.case_id)

    # -- reads --------------------------------------------------------------------------------------
    @staticmethod
    def _load(row: tuple[Any, ...]) -> Transaction:
        return records.loads(Transaction, row[2], id=int(row[0]), case_id=int(row[1]))

    def get(self, tx_id: int) -> Transaction:
        """The transaction with that id (UsageError when there is none)."""
        row = self._store.conn.execute("SELECT id, case_id, body FROM transactions WHERE id = ?", (tx_id,)).fetchone()
        if row is None:
            raise records.not_found("transaction", tx_id)
        return self._load(row)

    def _where(self, case_id: int, text: str | None, status: str | None, direction: str | None,
               currency: str | None) -> tuple[str, list[Any]]:
        clauses, params = ["case_id = ?"], [case_id]
        if status is not None:
            clauses.append("status = ?")
            params.append(status)
        if direction is not None:
            clauses.append("direction = ?")
            params.append(direction)
        if currency is not None:
            clauses.append("currency = ?")
            params.append(currency)
        needle = (text or "").strip()
        if len(needle) >= 3:
            clauses.append("id IN (SELECT rowid FROM tx_fts WHERE tx_fts MATCH ?)")
            params.append('"' + needle.replace('"', '""') + '"')
        elif needle:
            clauses.append("text LIKE ? ESCAPE '\\'")
            params.append("%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
        return " AND ".join(clauses), params

    def page(self, case_id: int, *, offset: int = 0, limit: int = 200, sort: str = "time", descending: bool = False,
             text: str | None = None, status: str | None = None, direction: str | None = None,
             currency: str | None = None) -> list[Transaction]:
        """One page of a case's transactions, filtered and sorted (``sort``: time, amount, status, counterparty)."""
        if sort not in SORTS:
            raise UsageError(_("Unknown sort order: {sort}").format(sort=sort))
        where, params = self._where(case_id, text, status, direction, currency)
        order = "DESC" if descending else "ASC"
        keys = ", ".join(f"{column} {order}" for column in SORTS[sort])
        # ids first (skipping OFFSET rows in the index only), then the 200 bodies
        sql = (f"SELECT id, case_id, body FROM transactions WHERE id IN (SELECT id FROM transactions WHERE {where} "
               f"ORDER BY {keys} LIMIT ? OFFSET ?) ORDER BY {keys}")
        rows = self._store.conn.execute(sql, [*params, int(limit), int(offset)]).fetchall()
        return [self._load(r) for r in rows]

    def count(self, case_id: int, *, text: str | None = None, status: str | None = None,
              direction: str | None = None, currency: str | None = None) -> int:
        """How many of a case's transactions match the filters of ``page``."""
        where, params = self._where(case_id, text, status, direction, currency)
        return int(self._store.conn.execute(f"SELECT count(*) FROM transactions WHERE {where}", params).fetchone()[0])

    def all(self, case_id: int) -> list[Transaction]:
        """Every transaction of a case in time order (for the dossier; the UI pages instead)."""
        rows = self._store.conn.execute(
            "SELECT id, case_id, body FROM transactions WHERE case_id = ? ORDER BY t, id", (case_id,)).fetchall()
        return [self._load(r) for r in rows]

    def dedup_keys(self, case_id: int) -> set[str]:
        """The non-empty dedup keys already stored in a case (importers skip rows whose key is here)."""
        rows = self._store.conn.execute(
            "SELECT DISTINCT dedup_key FROM transactions WHERE case_id = ? AND dedup_key != ''", (case_id,))
        return {str(r[0]) for r in rows}

    def statuses(self, case_id: int) -> list[str]:
        """The distinct statuses in a case (for filter menus)."""
        rows = self._store.conn.execute(
            "SELECT DISTINCT status FROM transactions WHERE case_id = ? ORDER BY status", (case_id,))
        return [str(r[0]) for r in rows]
