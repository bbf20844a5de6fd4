"""What a case disputes: the amount in dispute, summed over the transactions marked ``disputed``.

Imported statements bring every row of a year into a case; only the rows the user marks as ``disputed`` are
the money the complaint is about (``context`` rows explain it, ``record`` rows are the rest of the
statement). The amount in dispute is the user's own figure when the case states one, else these sums, per
currency and direction, exact.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
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
