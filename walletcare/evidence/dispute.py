"""What a case disputes: the amount in dispute, summed over the transactions marked ``disputed``.

Imported statements bring every row of a year into a case; only the rows the user marks as ``disputed`` are
the money the complaint is about (``context`` rows explain it, ``record`` rows are the rest of the
statement). The amount in dispute is the user's own figure when the case states one, else these sums, per
currency and direction, exact.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import MAX_PREC, Decimal, localcontext

from walletcare.evidence.models import Case, Transaction


@dataclass(frozen=True)
class DisputedSum:
    """The disputed amounts of one currency moving one way (``out``: paid, ``in``: received)."""

    currency: str
    direction: str
    amount: Decimal
    count: int


def moved(tx: Transaction) -> bool:
    """Whether a transaction's amount moved: a failed chain transaction (``failed=yes``, kept for its fee and
    as evidence) counts in no total, whatever value it shows."""
    return ("failed", "yes") not in tx.extra


def disputed_sums(transactions: Iterable[Transaction]) -> tuple[DisputedSum, ...]:
    """The sums of the disputed transactions per currency and direction (paid first, then received), exact:
    crypto amounts carry up to 18 decimals, more than the default 28 significant digits hold."""
    sums: dict[tuple[str, str], tuple[Decimal, int]] = {}
    with localcontext(prec=MAX_PREC):
        for tx in transactions:
            if tx.role != "disputed" or not moved(tx):
                continue
            key = (tx.currency, tx.direction)
            total, count = sums.get(key, (Decimal(0), 0))
            sums[key] = (total + tx.amount.copy_abs(), count + 1)
    order = {"out": 0, "in": 1, "neutral": 2}
    return tuple(DisputedSum(c, d, total, count)
                 for (c, d), (total, count) in sorted(sums.items(), key=lambda kv: (order.get(kv[0][1], 3), kv[0][0])))


def stated_or_derived(case: Case, transactions: Iterable[Transaction]) -> tuple[tuple[DisputedSum, ...], bool]:
    """The amount in dispute and whether the user stated it: the case's own amount (one sum, ``out``) when set,
    else the sums of the disputed transactions."""
    if case.amount is not None:
        return (DisputedSum(case.currency, "out", case.amount, 0),), True
    return disputed_sums(transactions), False


def payment_day(case: Case, transactions: tuple[Transaction, ...]) -> date | None:
    """The day the deadlines count from: the payment in dispute, not the first row of an imported statement
    (only the disputed transactions are looked at when the case has any).

    Among the payments of exactly the amount in dispute (else among all payments): the latest on or before
    the day the problem was noticed; without that day, the latest payment of the amount in dispute (a charge
    that recurs each month is disputed for its latest month), or else the earliest payment (nothing tells
    which; the earliest deadlines are the safe ones). Without payments: the first transaction, else the day
    the case was opened.
    """
    disputed = [tx for tx in transactions if tx.role == "disputed"] or list(transactions)
    outgoing = sorted(((tx.time.date(), tx) for tx in disputed if tx.direction == "out" and moved(tx)),
                      key=lambda pair: pair[0])
    matching = [day for day, tx in outgoing if case.amount is not None and tx.amount == case.amount
                and (not case.currency or tx.currency.upper() == case.currency.upper())]
    pool = matching or [day for day, _tx in outgoing]
    if not pool:
        return min(tx.time.date() for tx in transactions) if transactions else case.opened
    if case.discovered is not None:
        before = [day for day in pool if day <= case.discovered]
        if before:
            return before[-1]
    return pool[-1] if matching else pool[0]
