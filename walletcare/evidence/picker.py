"""Finding the transactions to link an evidence item to: by order number or any text, by amount, or by day,
in a case of any size (each query reads at most ``limit`` rows through an index, never the whole case)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from walletcare.evidence.models import Transaction

if TYPE_CHECKING:
    from walletcare.evidence.store import Store

LIMIT = 200
_AMOUNT = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_DAY = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _micros(moment: datetime) -> int:
    """Microseconds since the Unix epoch (the ``t`` column)."""
    return (moment - _EPOCH) // timedelta(microseconds=1)


def amount_of(query: str) -> Decimal | None:
    """The amount a query names (``88.80``, ``1,299``, ``-5``), or None."""
    text = query.strip()
    if not _AMOUNT.fullmatch(text):
        return None
    try:
        return abs(Decimal(text.replace(",", "")))
    except InvalidOperation:
        return None


def day_of(query: str) -> date | None:
    """The day a query names (``2024-05-01``, ``2024/5/1``, ``2024年5月1日``), or None."""
    match = _DAY.fullmatch(query.strip())
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def find_to_link(store: Store, case_id: int, query: str, *, limit: int = LIMIT) -> list[Transaction]:
    """Transactions of a case matching ``query``: the newest when it is empty; else those on the day it names,
    of the amount it names (either sign), and whose texts or order numbers contain it, in that order."""
    text = query.strip()
    if not text:
        return store.transactions.page(case_id, limit=limit, sort="time", descending=True)
    found: dict[int, Transaction] = {}
    conn = store.conn
    day = day_of(text)
    if day is not None:  # the day as the window shows times: in this computer's time zone
        start, end = (_micros(datetime(d.year, d.month, d.day).astimezone()) for d in (day, day + timedelta(days=1)))
        ids = [int(r[0]) for r in conn.execute(
            "SELECT id FROM transactions WHERE case_id = ? AND t >= ? AND t < ? ORDER BY t, id LIMIT ?",
            (case_id, start, end, limit))]
        found.update((i, store.transactions.get(i)) for i in ids)
    amount = amount_of(text)
    if amount is not None and len(found) < limit:
        store.transactions._indexes_for("amount", None)
        rows = conn.execute("SELECT id, amount_text FROM transactions WHERE case_id = ? AND amount IN (?, ?) "
                            "ORDER BY amount, id LIMIT ?", (case_id, float(amount), -float(amount), limit))
        for tx_id, exact in rows.fetchall():
            if abs(Decimal(exact)) == amount and int(tx_id) not in found:
                found[int(tx_id)] = store.transactions.get(int(tx_id))
    if len(found) < limit:
        for tx in store.transactions.page(case_id, limit=limit, sort="time", descending=True, text=text):
            found.setdefault(tx.id, tx)
    return list(found.values())[:limit]


def linked(store: Store, ids: tuple[int, ...]) -> list[Transaction]:
    """The transactions with these ids that still exist, in the given order."""
    out = []
    for tx_id in ids:
        row = store.conn.execute("SELECT 1 FROM transactions WHERE id = ?", (tx_id,)).fetchone()
        if row is not None:
            out.append(store.transactions.get(tx_id))
    return out
