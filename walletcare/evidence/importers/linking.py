"""Refunds → the payments they return, for rows whose export names no original.

Rules per format (formats.md §0.10): ``order`` (Alipay, WeChat Pay) — the same merchant order number (商家订单号 /
商户单号), not a refund itself, not later than the refund, not smaller than the refunded amount; among several,
the one with the same counterparty, latest first. ``name_amount`` (PayPal exports without a Reference Txn ID
column) — the same counterparty and currency, exactly the refunded amount in the opposite direction, not
later, each payment used once, latest first. A ``RefundLinker`` is fed the originals as they are stored
(with any identifier: a dedup key in memory, a transaction id in the vault) and resolves refunds at the end,
so the originals can come before or after their refunds in the file.
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import datetime
from decimal import Decimal
from typing import Any

from walletcare.evidence.importers.records import BadRow, ParsedFile, ParsedRow, ParsedStream

RULES = ("order", "name_amount")


def _order_no(fields: dict[str, Any]) -> str:
    for ref in fields["references"]:
        if ref.kind == "merchant_order_no":
            return ref.value  # type: ignore[no-any-return]
    return ""


class RefundLinker:
    """Indexes originals, then finds the original of each refund by the file's rule."""

    def __init__(self, rule: str | None) -> None:
        self.rule = rule
        self._by_key: dict[str, Hashable] = {}
        self._by_order: dict[str, list[tuple[datetime, Decimal, str, Hashable]]] = {}
        self._by_name: dict[tuple[str, str, Decimal, str], list[tuple[datetime, Hashable]]] = {}
        self._used: set[Hashable] = set()

    def add(self, row: ParsedRow, ident: Hashable) -> None:
        """Remembers a stored row (``ident``: its dedup key or its transaction id)."""
        self.add_many([row], [ident])

    def add_many(self, rows: list[ParsedRow], idents: list[Hashable]) -> None:
        """Remembers stored rows, ``idents[i]`` being the ident of ``rows[i]`` (one call per stored chunk)."""
        self._by_key.update(zip([row.fields["dedup_key"] for row in rows], idents, strict=True))
        if self.rule == "order":
            by_order = self._by_order
            for row, ident in zip(rows, idents, strict=True):
                if not row.is_refund and (order := _order_no(row.fields)):
                    f = row.fields
                    by_order.setdefault(order, []).append((f["time"], f["amount"], f["counterparty"], ident))
        elif self.rule == "name_amount":
            by_name = self._by_name
            for row, ident in zip(rows, idents, strict=True):
                f = row.fields
                if not row.is_refund and f["counterparty"]:
                    key = (f["counterparty"], f["currency"], f["amount"], f["direction"])
                    by_name.setdefault(key, []).append((f["time"], ident))

    def ident_of(self, key: str) -> Hashable | None:
        """The ident of a row added under dedup key ``key``."""
        return self._by_key.get(key)

    def find(self, refund: ParsedRow) -> Hashable | None:
        """The original of ``refund`` by the rule (``None`` when nothing, or nothing unambiguous, matches)."""
        f = refund.fields
        if self.rule == "order":
            order = _order_no(f)
            candidates = [c for c in self._by_order.get(order, ()) if c[0] <= f["time"] and c[1] >= f["amount"]] if order else []
            same_party = [c for c in candidates if c[2] == f["counterparty"]]
            pool = same_party or (candidates if len(candidates) == 1 else [])
            return max(pool, key=lambda c: c[0])[3] if pool else None
        if self.rule == "name_amount" and f["counterparty"]:
            opposite = "out" if f["direction"] == "in" else "in"
            options = [c for c in self._by_name.get((f["counterparty"], f["currency"], f["amount"], opposite), ())
                       if c[0] <= f["time"] and c[1] not in self._used]
            if options:
                best = max(options, key=lambda c: c[0])[1]
                self._used.add(best)
                return best
        return None


def link_in_memory(parsed: ParsedFile, rule: str | None) -> None:
    """Sets ``refund_of_key`` of the refunds of a whole parsed file that name no original, by the rule."""
    linker = RefundLinker(rule)
    linker.add_many(parsed.rows, [row.dedup_key for row in parsed.rows])
    for row in parsed.rows:
        if row.is_refund and row.refund_of_key is None:
            match = linker.find(row)
            row.refund_of_key = str(match) if match is not None else None


def collect(stream: ParsedStream) -> ParsedFile:
    """Reads a whole stream into a ``ParsedFile`` and links its refunds (for previews and tests)."""
    parsed = ParsedFile(stream.format, stream.variant, declared_count=stream.declared_count, headers=stream.headers)
    for item in stream.items:
        if isinstance(item, BadRow):
            parsed.bad_rows.append(item)
        else:
            parsed.rows.append(item)
    parsed.warnings = list(stream.warnings)
    link_in_memory(parsed, stream.link_rule)
    return parsed
