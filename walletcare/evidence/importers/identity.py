"""Row identity for de-duplication (``Transaction.dedup_key``).

A key is ``<family>:<the format's transaction id>`` where the format has one (Alipay 交易订单号, WeChat
交易单号, PayPal Transaction ID, a chain hash plus the transfer's parties). Where it has none (bank CSVs) the
key is a fingerprint: SHA-256 over the row's date, amounts, balance, counterparty and description. When
one file holds the same key more than once (token transfers of one swap, anonymised sample ids), the 2nd,
3rd ... occurrence gets ``#2``, ``#3``: re-importing the same file, or an overlapping export listing the
same rows in the same order, yields the same keys, so nothing is added twice.
"""

from __future__ import annotations

import hashlib


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


EMPTY_IDS = frozenset(("", "/", "-", "--"))


def is_empty_id(value: str) -> bool:
    """Whether an id cell is empty in the export's own notation (blank, ``/``, ``-``)."""
    return value in EMPTY_IDS
