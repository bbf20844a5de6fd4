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

from collections.abc import Hashable, Sequence
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


_NUL = "\x00"  # joins the remembered texts: a decoded export holds no NUL (text.decode refuses them)
_COMPACT_EVERY = 5000  # rows added one by one are compacted in groups of this size


class RefundLinker:
    """Remembers the rows as they are stored, then finds the original of each refund by the file's rule.

    A 100,000-row import must not keep 100,000 small objects alive until its end (they would also pin the memory
    of every row freed around them), so the rows are remembered as a few long texts per stored chunk (fields
    joined by NUL); ``prepare`` builds the indexes for the keys and order numbers the refunds ask for, and only
    then can ``ident_of`` and ``find`` be used.
    """

    def __init__(self, rule: str | None) -> None:
        self.rule = rule
        # per group of rows: their idents, their dedup keys, and what the rule compares (fields per row)
        self._groups: list[tuple[Sequence[Hashable], str, str]] = []
        self._loose: tuple[list[ParsedRow], list[Hashable]] = ([], [])
        self._prepared = False
        self._by_key: dict[str, Hashable] = {}
        self._by_order: dict[str, list[tuple[datetime, Decimal, str, Hashable]]] = {}
        self._by_name: dict[tuple[str, str, Decimal, str], list[tuple[datetime, Hashable]]] = {}
        self._used: set[Hashable] = set()

    def add(self, row: ParsedRow, ident: Hashable) -> None:
        """Remembers one stored row (``ident``: its dedup key or its transaction id)."""
        rows, idents = self._loose
        rows.append(row)
        idents.append(ident)
        if len(rows) >= _COMPACT_EVERY:
            self._loose = ([], [])
            self.add_many(rows, idents)

    def add_many(self, rows: list[ParsedRow], idents: Sequence[Hashable]) -> None:
        """Remembers stored rows, ``idents[i]`` being the ident of ``rows[i]`` (one call per stored chunk)."""
        self._prepared = False
        keys = _NUL.join([row.fields["dedup_key"] for row in rows])
        compared = ""
        if self.rule == "order":  # order number ("" for a refund), time, amount, counterparty
            compared = _NUL.join([_NUL.join(("" if row.is_refund else _order_no(f), f["time"].isoformat(), str(f["amount"]),
                                             f["counterparty"])) for row in rows for f in (row.fields,)])
        elif self.rule == "name_amount":  # counterparty ("" for a refund), currency, amount, direction, time
            compared = _NUL.join([_NUL.join(("" if row.is_refund else f["counterparty"], f["currency"], str(f["amount"]),
                                             f["direction"], f["time"].isoformat())) for row in rows for f in (row.fields,)])
        self._groups.append((list(idents), keys, compared))

    def prepare(self, refunds: list[ParsedRow]) -> None:
        """Builds the indexes ``ident_of`` and ``find`` need for these refunds (call after the last ``add``)."""
        if self._loose[0]:
            rows, idents = self._loose
            self._loose = ([], [])
            self.add_many(rows, idents)
        wanted_keys = {r.refund_of_key for r in refunds if r.refund_of_key is not None}
        searched = [r.fields for r in refunds if r.refund_of_key is None]
        wanted_orders = {_order_no(f) for f in searched} - {""} if self.rule == "order" else set()
        wanted_names = {f["counterparty"] for f in searched} - {""} if self.rule == "name_amount" else set()
        self._by_key, self._by_order, self._by_name = {}, {}, {}
        for idents, keys, compared in self._groups:
            if wanted_keys:
                self._by_key.update((key, ident) for key, ident in zip(keys.split(_NUL), idents, strict=True)
                                    if key in wanted_keys)
            if wanted_orders:
                parts = compared.split(_NUL)
                for position, ident in enumerate(idents):
                    order, time, amount, party = parts[4 * position:4 * position + 4]
                    if order in wanted_orders:
                        self._by_order.setdefault(order, []).append(
                            (datetime.fromisoformat(time), Decimal(amount), party, ident))
            if wanted_names:
                parts = compared.split(_NUL)
                for position, ident in enumerate(idents):
                    party, currency, amount, direction, time = parts[5 * position:5 * position + 5]
                    if party in wanted_names:
                        self._by_name.setdefault((party, currency, Decimal(amount), direction), []).append(
                            (datetime.fromisoformat(time), ident))
        self._prepared = True

    def ident_of(self, key: str) -> Hashable | None:
        """The ident of a row added under dedup key ``key`` (a key some refund names, see ``prepare``)."""
        self._check_prepared()
        return self._by_key.get(key)

    def _check_prepared(self) -> None:
        if not self._prepared:
            raise RuntimeError("RefundLinker.prepare() must run after the last add")

    def find(self, refund: ParsedRow) -> Hashable | None:
        """The original of ``refund`` by the rule (``None`` when nothing, or nothing unambiguous, matches)."""
        self._check_prepared()
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
    linker.prepare([row for row in parsed.rows if row.is_refund and row.refund_of_key is None])
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
