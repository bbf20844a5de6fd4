"""Refunds → the payments they return, for rows whose export names no original.

Rules per format (formats.md §0.10): ``order`` (Alipay, WeChat Pay) — the same merchant order number (商家订单号 /
商户单号), not a refund itself, not later than the refund, not smaller than the refunded amount; among several,
the one with the same counterparty, latest first. ``name_amount`` (PayPal exports without a Reference Txn ID
column) — the same counterparty and currency, in the opposite direction, not later: exactly the refunded
amount (each payment used once, latest first), or else, for a partial refund, the one payment with at
least that much not yet refunded (none when several fit). A ``RefundLinker`` is fed the originals as they are stored
(with any identifier: a dedup key in memory, a transaction id in the vault) and resolves refunds at the end,
so the originals can come before or after their refunds in the file.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Hashable, Sequence
from datetime import datetime
from decimal import Decimal

from walletcare.evidence.importers.records import BadRow, ParsedFile, ParsedRow, ParsedStream
from walletcare.evidence.transactions.columns import IMPORTED

RULES = ("order", "name_amount")


def _time_of(candidate: tuple[datetime, Hashable]) -> datetime:
    return candidate[0]


def _counterparty(row: ParsedRow) -> str:
    return row.text("counterparty")


def _summary(row: ParsedRow) -> tuple[str, str, str, str, str]:
    """What a refund is matched on, as texts: time, amount, counterparty, currency, direction."""
    fields = row.fields
    return (fields["time"].isoformat(), str(fields["amount"]), fields["counterparty"], fields["currency"],
            fields["direction"])


def _order_no(row: ParsedRow) -> str:
    stored = row.stored
    if stored is not None:
        kinds: str = stored[_KINDS_AT]
        refs: str = stored[_REFS_AT]
        if kinds == _TRADE_AND_ORDER:  # (most Alipay rows: the order number is the second reference)
            return refs.partition(_SEP)[2]
        if kinds == "merchant_order_no":
            return refs
        if "merchant_order_no" not in kinds:
            return ""
    return row.reference("merchant_order_no")


_KEY_AT, _KINDS_AT, _REFS_AT = IMPORTED.index("dedup_key"), IMPORTED.index("ref_kinds"), IMPORTED.index("refs")
_SEP = "\x1f"  # between the references of a stored row (transactions.codec)
_TRADE_AND_ORDER = f"trade_no{_SEP}merchant_order_no"


_NUL = "\x00"  # joins the remembered texts: a decoded export holds no NUL (text.decode refuses them)
_COMPACT_EVERY = 5000  # rows added one by one are compacted in groups of this size
_NO_KEY = "\x01"  # in the remembered refund_of_key texts: the refund names no original (keys start with a format)
_NOT_LINKED = "\x02"  # ... a refund stored by an earlier import: never an original, never linked again


Details = Callable[[list[Hashable]], dict[Hashable, tuple[datetime, Decimal, str, str, str]]]


class RefundLinker:
    """Remembers rows as they are stored (with any identifier: a dedup key in memory, a transaction id in the
    vault), then pairs every refund among them with its original (``links``).

    A 100,000-row import must not keep 100,000 small objects alive until its end (they would also pin the
    memory of every row freed around them), so the rows are remembered as a few long texts per group of rows
    (fields joined by NUL): dedup keys, the refund_of_key of refunds, and the one field the rule looks up (the
    merchant order number, or the counterparty). At the end, ``details`` gives the time, amount, counterparty,
    currency and direction of the few originals whose order number or counterparty a refund asks for.
    """

    def __init__(self, rule: str | None, details: Details) -> None:
        self.rule = rule
        self._details = details
        # per group of rows: their idents, dedup keys, refund_of_keys (_NO_KEY: none; "": not a refund), the
        # looked-up field, and the details of the refunds that name no original
        self._groups: list[tuple[list[Hashable], str, str, str, str]] = []
        self._loose: tuple[list[ParsedRow], list[Hashable]] = ([], [])

    def add_stored(self, row: ParsedRow, key: str) -> None:
        """Remembers a row of the file that an earlier import stored (``key``: its dedup key): a possible
        original; as a refund it was linked then and is left alone."""
        rows, idents = self._loose
        rows.append(row)
        idents.append(key)
        if len(rows) >= _COMPACT_EVERY:
            self._compact_loose()

    def _compact_loose(self) -> None:
        rows, idents = self._loose
        self._loose = ([], [])
        self.add_many(rows, idents, stored_before=True)

    def add_many(self, rows: list[ParsedRow], idents: Sequence[Hashable], *, stored_before: bool = False) -> None:
        """Remembers stored rows, ``idents[i]`` being the ident of ``rows[i]`` (one call per stored chunk)."""
        if not rows:
            return
        keys = _NUL.join([row.stored[_KEY_AT] if row.stored is not None else row.dedup_key for row in rows])
        if stored_before:
            refunds = _NUL.join([_NOT_LINKED if row.is_refund else "" for row in rows])
        else:
            refunds = _NUL.join([(row.refund_of_key or _NO_KEY) if row.is_refund else "" for row in rows])
        looked_up = searched = ""
        if self.rule in RULES:
            field = _order_no if self.rule == "order" else _counterparty
            looked_up = _NUL.join([field(row) for row in rows])
            searched = _NUL.join([_NUL.join(_summary(row)) for row in rows
                                  if row.is_refund and row.refund_of_key is None])
        self._groups.append((list(idents), keys, refunds, looked_up, searched))

    def links(self) -> list[tuple[Hashable, Hashable]]:
        """``(refund, original)`` for every remembered refund whose original is found, in the order they were
        added. A refund whose export names an original that was not added is paired with that dedup key (the
        caller may find it stored by an earlier import)."""
        if self._loose[0]:
            self._compact_loose()
        named: list[tuple[Hashable, str]] = []  # refunds whose export names the original's key
        searched: list[tuple[Hashable, str, list[str]]] = []  # refunds matched by the rule: looked-up field, details
        for idents, _keys, refunds, looked_up, details in self._groups:
            fields = looked_up.split(_NUL) if looked_up else []
            summaries = details.split(_NUL) if details else []
            count = 0
            for position, key in enumerate(refunds.split(_NUL)):
                if key == _NO_KEY:
                    if fields:
                        searched.append((idents[position], fields[position],
                                         [*summaries[5 * count:5 * count + 5], fields[position]]))
                        count += 1
                elif key and key != _NOT_LINKED:
                    named.append((idents[position], key))
        wanted = {key for _ident, key in named}
        by_key: dict[str, Hashable] = {}
        if wanted:
            for idents, keys, _refunds, _looked_up, _details in self._groups:
                by_key.update((key, ident) for key, ident in zip(keys.split(_NUL), idents, strict=True) if key in wanted)
        found: dict[Hashable, Hashable] = {ident: by_key.get(key, key) for ident, key in named}
        if searched:
            match = self._matcher({field for _ident, field, _values in searched} - {""})
            for ident, _field, values in searched:
                original = match(values)
                if original is not None:
                    found[ident] = original
        order = [ident for idents, _k, refunds, _l, _d in self._groups
                 for ident, key in zip(idents, refunds.split(_NUL), strict=True) if key and key != _NOT_LINKED]
        return [(ident, found[ident]) for ident in order if ident in found and found[ident] != ident]

    def _matcher(self, wanted: set[str]) -> Callable[[list[str]], Hashable | None]:
        """A function from a refund's details to its original's ident, by the rule, over the originals whose
        order number (or counterparty) is in ``wanted``."""
        fields = {ident: field for idents, _k, refunds, looked_up, _d in self._groups  # the candidates
                  for ident, refund, field in zip(idents, refunds.split(_NUL), looked_up.split(_NUL), strict=True)
                  if not refund and field in wanted}
        details = self._details(list(fields)) if fields else {}
        if self.rule == "order":
            by_order: dict[str, list[tuple[datetime, Decimal, str, Hashable]]] = {}
            for ident, (time, amount, party, _currency, _direction) in details.items():
                by_order.setdefault(fields[ident], []).append((time, amount, party, ident))

            def by_order_number(values: list[str]) -> Hashable | None:
                time, amount, party, _currency, _direction, order = values
                moment, money = datetime.fromisoformat(time), Decimal(amount)
                options = [c for c in by_order.get(order, ()) if c[0] <= moment and c[1] >= money]
                same_party = [c for c in options if c[2] == party]
                pool = same_party or (options if len(options) == 1 else [])
                return max(pool, key=lambda c: c[0])[3] if pool else None

            return by_order_number
        by_amount: dict[tuple[str, str, Decimal, str], list[tuple[datetime, Hashable]]] = {}
        by_name: dict[tuple[str, str, str], list[tuple[datetime, Hashable]]] = {}
        left: dict[Hashable, Decimal] = {}  # what each payment has not had refunded yet
        for ident, (time, amount, party, currency, direction) in details.items():
            by_amount.setdefault((party, currency, amount, direction), []).append((time, ident))
            by_name.setdefault((party, currency, direction), []).append((time, ident))
            left[ident] = amount
        for same in by_amount.values():
            same.sort(key=_time_of)

        def by_name_and_amount(values: list[str]) -> Hashable | None:
            time, amount, party, currency, direction, _party = values
            opposite = "out" if direction == "in" else "in"
            moment, money = datetime.fromisoformat(time), Decimal(amount)
            exact = by_amount.get((party, currency, money, opposite), [])
            # the latest earlier payment of exactly that amount not refunded yet (sorted by time: scan back from it)
            for position in range(bisect_right(exact, moment, key=_time_of) - 1, -1, -1):
                if left[exact[position][1]] == money:
                    best = exact[position][1]
                    left[best] -= money
                    return best
            fits: list[Hashable] = []  # a partial refund: linked only when one payment fits it (stop at the second)
            for when, ident in by_name.get((party, currency, opposite), ()):
                if when <= moment and left[ident] >= money:
                    fits.append(ident)
                    if len(fits) > 1:
                        return None
            if not fits:
                return None
            left[fits[0]] -= money
            return fits[0]

        return by_name_and_amount


def link_in_memory(parsed: ParsedFile, rule: str | None) -> None:
    """Sets ``refund_of_key`` of the refunds of a whole parsed file that name no original, by the rule."""

    def details(idents: list[Hashable]) -> dict[Hashable, tuple[datetime, Decimal, str, str, str]]:
        return {ident: (f["time"], f["amount"], f["counterparty"], f["currency"], f["direction"])
                for ident in idents for f in (by_key[str(ident)].fields,)}

    linker = RefundLinker(rule, details)
    linker.add_many(parsed.rows, [row.dedup_key for row in parsed.rows])
    by_key = {row.dedup_key: row for row in parsed.rows}
    for refund, original in linker.links():
        row = by_key[str(refund)]
        if row.refund_of_key is None:
            row.refund_of_key = str(original)


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
