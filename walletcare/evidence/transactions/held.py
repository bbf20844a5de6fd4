"""Transactions checked now and stored later (an import's refunds wait here until their originals have ids)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import walletcare.evidence.transactions.columns as C
from walletcare.errors import Cancelled
from walletcare.evidence.transactions.codec import with_refund

if TYPE_CHECKING:
    from walletcare.evidence.transactions.manager import CancelFlag, TransactionManager

_HELD = C.NAMES[1:]  # a held row is a stored row without its id
_REFUND_OF, _BODY = C.REFUND_OF - 1, C.BODY - 1


class HeldTransactions:
    """Transactions checked and converted now, and stored later with their ids and refund links: an import holds
    its refunds here until every original has an id. They wait in a temporary table of the vault's connection,
    which ``temp_store = MEMORY`` keeps in memory (a few hundred bytes a row, never on disk); storing them
    without a refund link first and adding it afterwards would rewrite, and split, a page per refund. Use within
    one ``store.transaction()``.
    """

    _TABLE = "temp.held_transactions"

    def __init__(self, manager: TransactionManager, conn: Any) -> None:
        self._manager = manager
        self._conn = conn
        self._count = 0
        columns = ", ".join(_HELD)
        self._conn.execute(f"DROP TABLE IF EXISTS {self._TABLE}")
        self._conn.execute(f"CREATE TABLE {self._TABLE} (pos INTEGER PRIMARY KEY, {columns})")
        self._insert = f"INSERT INTO {self._TABLE} (pos, {columns}) VALUES ({','.join('?' * (len(_HELD) + 1))})"
        self._select = f"SELECT pos, {columns} FROM {self._TABLE} WHERE pos >= ? ORDER BY pos LIMIT {C.BATCH}"

    def __len__(self) -> int:
        return self._count

    def add(self, items: list[dict[str, Any]], base: dict[str, Any] | None = None,
            cited: Sequence[bool] | None = None) -> None:
        """Checks and holds transactions (fields and ``cited`` as for ``add_fields``); they are numbered from 0
        in order."""
        if items:
            self._conn.executemany(self._insert, self._manager.rows(items, self._count, base, cited))
            self._count += len(items)

    def add_imported(self, rows: Sequence[Sequence[Any]], case_id: int, source_id: int, role: str,
                     cited: Sequence[bool]) -> None:
        """Checks and holds imported rows (as for ``TransactionManager.add_imported``), numbered on from the
        rows held before."""
        if rows:
            cols = self._manager.imported_columns(rows, self._count, case_id, source_id, role, cited)
            self._conn.executemany(self._insert, zip(*cols, strict=True))
            self._count += len(rows)

    def store(self, refund_of: dict[int, int], cancel: CancelFlag | None = None) -> list[int]:
        """Stores every held transaction, the one numbered ``n`` as the refund of ``refund_of[n]`` when that is
        given; returns their ids in order. The case of each link is not checked again: the caller found the
        original in the same case."""
        manager = self._manager
        ids: list[int] = []
        if self._count:
            first = next_id = manager.next_id()
            cases: set[int] = set()
            while rows := self._conn.execute(self._select, (next_id - first,)).fetchall():
                if cancel is not None and cancel.is_set():
                    raise Cancelled()
                cols: list[Any] = list(zip(*rows, strict=True))  # pos, then the stored columns but the id
                links, bodies = list(cols[1 + _REFUND_OF]), list(cols[1 + _BODY])
                for n, pos in enumerate(cols[0]):
                    original = refund_of.get(pos)
                    if original:
                        links[n], bodies[n] = original, with_refund(bodies[n], original)
                cols[0] = range(next_id, next_id + len(rows))
                cols[1 + _REFUND_OF], cols[1 + _BODY] = links, bodies
                cases |= set(cols[1])
                manager.write_columns(cases, cols)
                next_id += len(rows)
            manager.written(cases, next_id)
            ids = list(range(first, next_id))
        self._conn.execute(f"DROP TABLE {self._TABLE}")
        self._count = 0
        return ids
