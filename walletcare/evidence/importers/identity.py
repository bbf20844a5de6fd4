"""Row identity for de-duplication (``Transaction.dedup_key``) and refund links by order number.

A key is ``<family>:<the format's transaction id>`` where the format has one (Alipay 交易订单号, WeChat
交易单号, PayPal Transaction ID, a chain hash plus the transfer's parties). Where it has none (bank CSVs) the
key is a fingerprint: SHA-256 over the row's date, amounts, balance, counterparty and description. When
one file holds the same key more than once (token transfers of one swap, anonymised sample ids), the 2nd,
3rd ... occurrence gets ``#2``, ``#3``: re-importing the same file, or an overlapping export listing the
same rows in the same order, yields the same keys, so nothing is added twice.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal


class KeyCounter:
    """Hands out unique keys within one file, numbering repeats (``k``, ``k#2``, ``k#3`` ...)."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def unique(self, base: str) -> str:
        """``base`` the first time, then ``base#2``, ``base#3`` ..."""
        count = self._seen.get(base, 0) + 1
        self._seen[base] = count
        return base if count == 1 else f"{base}#{count}"


def fingerprint(family: str, *parts: object) -> str:
    """``<family>:fp:<24 hex>``: a key made from the row's content, for formats without transaction ids."""
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return f"{family}:fp:{hashlib.sha256(joined.encode('utf-8')).hexdigest()[:24]}"


def is_empty_id(value: str) -> bool:
    """Whether an id cell is empty in the export's own notation (blank, ``/``, ``-``)."""
    return value in ("", "/", "-", "--")


def index_by(values: Sequence[str]) -> dict[str, list[int]]:
    """Positions of each non-empty value (for refund look-ups by order number)."""
    found: dict[str, list[int]] = {}
    for pos, value in enumerate(values):
        if value:
            found.setdefault(value, []).append(pos)
    return found


def link_by_order_number(
    refund_index: int,
    by_order: dict[str, list[int]],
    order_numbers: Sequence[str],
    counterparties: Sequence[str],
    times: Sequence[datetime],
    amounts: Sequence[Decimal],
    refund_flags: Sequence[bool],
) -> int | None:
    """The row a refund belongs to when no id links them: same merchant order number, not a refund itself,
    not later than the refund, not smaller than the refunded amount; among several, the one with the same
    counterparty, latest first. ``None`` when nothing (or nothing unambiguous) matches."""
    order = order_numbers[refund_index]
    if not order:
        return None
    candidates = [
        i for i in by_order.get(order, ())
        if i != refund_index and not refund_flags[i]
        and times[i] <= times[refund_index] and amounts[i] >= amounts[refund_index]
    ]
    same_party = [i for i in candidates if counterparties[i] == counterparties[refund_index]]
    pool = same_party or (candidates if len(candidates) == 1 else [])
    if not pool:
        return None
    return max(pool, key=lambda i: times[i])
