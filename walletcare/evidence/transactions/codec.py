"""Transactions to rows and back: the column values of a ``Transaction`` (or of a dict of its fields), the
record rebuilt from a stored row, and the audit digest of a batch of rows. No SQL is run here.

Column order, kinds and the SQL texts come from ``columns.TABLE``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import operator
import sys
from array import array
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from functools import cache
from itertools import chain
from typing import Any

import walletcare.evidence.transactions.columns as C
from walletcare.evidence import records
from walletcare.evidence.models import DIRECTIONS, TX_ROLES, Reference, Transaction

# the columns of the FTS5 trigram index (references, status and channel are matched in other ways, see
# ``manager.text_match``; short queries use like_clause, which covers them all)
FREE_TEXT = ("counterparty", "description", "note")
_SEARCHED = ("counterparty", "description", "note", "status", "channel", "refs")
_SEP = "\x1f"  # between several references in ref_kinds / refs, and between the keys and values of extra
_DIRECTIONS = frozenset(DIRECTIONS)
_ROLES = frozenset(TX_ROLES)
_EPOCH = records._EPOCH
_MICRO = timedelta(microseconds=1)
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

# The fields ``to_rows`` reads, in one C call per row (``attrgetter`` on a Transaction, ``itemgetter`` on a dict).
FIELDS = ("case_id", "time", "amount", "currency", "direction", "counterparty", "description", "references", "status",
          "channel", "fee", "note", "raw", "source_evidence_id", "source_line", "source_format", "dedup_key",
          "refund_of", "extra", "tags", "role")
# refund_of has a column (an indexed foreign key, cleared when the original is deleted) and is also kept in
# the body, which keeps the link then; tags live in the body only
_BODY_ONLY = ("refund_of", "tags")
if set(FIELDS) != {f.name for f in dataclasses.fields(Transaction)} - {"id"}:
    raise RuntimeError("transactions.codec does not store every Transaction field")  # a field was added to the model
_from_record, _from_fields = operator.attrgetter(*FIELDS), operator.itemgetter(*FIELDS)
DEFAULTS: dict[str, Any] = {f.name: f.default for f in dataclasses.fields(Transaction)
                            if f.default is not dataclasses.MISSING}  # what a field left out of a dict means


def _references(refs: tuple[Reference, ...]) -> tuple[str, str, bool]:
    """``(kinds, values, in_body)``: references joined for their columns; ``in_body`` when a kind is empty or a
    text holds the separator, so they are kept exactly in the body (``kinds`` is then empty, ``values`` serves
    the search only)."""
    if len(refs) == 2:  # the common case of imports (an order number and a merchant order number)
        first, second = refs
        kind1, kind2, value1, value2 = first.kind, second.kind, first.value, second.value
        if kind1 and kind2 and _SEP not in kind1 and _SEP not in kind2 and _SEP not in value1 and _SEP not in value2:
            return f"{kind1}{_SEP}{kind2}", f"{value1}{_SEP}{value2}", False
    if not refs:
        return "", "", False
    kinds, values = _SEP.join([r.kind for r in refs]), _SEP.join([r.value for r in refs])
    last = len(refs) - 1
    if (kinds and kinds.count(_SEP) == last == values.count(_SEP) and kinds[0] != _SEP and kinds[-1] != _SEP
            and _SEP + _SEP not in kinds):  # every kind non-empty, no separator inside a text
        return kinds, values, False
    return "", values, True


def _extra(pairs: tuple[tuple[str, str], ...]) -> tuple[str, bool]:
    """``(text, in_body)``: the extra pairs as key, value, key, value ... joined by U+001F; ``in_body`` (and no
    text) when a key or value holds the separator."""
    text = _SEP.join(chain.from_iterable(pairs))
    if text.count(_SEP) == 2 * len(pairs) - 1:
        return text, False
    return "", True


def _split_extra(text: str) -> tuple[tuple[str, str], ...]:
    parts = text.split(_SEP)
    return tuple(zip(parts[::2], parts[1::2], strict=True))


@cache
def _zone_epoch(tz: int) -> datetime:
    """The Unix epoch in the fixed-offset zone of ``tz`` microseconds (one zone object per offset)."""
    return _EPOCH.astimezone(timezone(timedelta(microseconds=tz)))


def load(row: Sequence[Any]) -> Transaction:
    """A ``Transaction`` from a row selected with ``columns.SELECT`` (its raw text already re-derived when it is
    cited)."""
    (tx_id, case_id, t, tz, amount, status, direction, currency, counterparty, description, note, channel, kinds,
     values, dedup_key, _refund_column, src_id, src_line, src_format, raw, extra, fee, body, role, _cited) = row
    if not kinds:
        references: tuple[Reference, ...] = ()
    elif _SEP in kinds:
        references = tuple(Reference(k, v) for k, v in zip(kinds.split(_SEP), values.split(_SEP), strict=True))
    else:
        references = (Reference(kinds, values),)
    moment = _zone_epoch(tz) + timedelta(microseconds=t)  # same wall time and offset as UTC + t, then to the zone
    pairs = _split_extra(extra) if extra else ()
    if not body:  # most rows: every field is a column (the body's fields are at their defaults)
        return Transaction(tx_id, case_id, moment, Decimal(amount), currency, direction, counterparty, description,
                           references, status, channel, fee=Decimal(fee) if fee else None, note=note, raw=raw,
                           source_evidence_id=src_id, source_line=src_line, source_format=src_format,
                           dedup_key=dedup_key, extra=pairs, role=role)
    fields: dict[str, Any] = {"references": references} if kinds else {}
    if extra:
        fields["extra"] = pairs
    return records.from_body(
        Transaction, json.loads(body), id=int(tx_id), case_id=int(case_id), time=moment,
        amount=Decimal(amount), status=status, direction=direction, currency=currency, counterparty=counterparty,
        description=description, note=note, channel=channel, dedup_key=dedup_key, raw=raw, source_evidence_id=src_id,
        source_line=src_line, source_format=src_format, fee=Decimal(fee) if fee else None, role=role, **fields)


def like_escaped(text: str) -> str:
    """``text`` as a literal inside a ``LIKE … ESCAPE '\\'`` pattern (its ``%``, ``_`` and ``\\`` escaped)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def like_clause(needle: str) -> tuple[str, list[str]]:
    """A ``LIKE`` test of every searchable column for ``needle`` (queries too short for the trigram index)."""
    pattern = "%" + like_escaped(needle) + "%"
    tests = [f"{column} LIKE ? ESCAPE '\\'" for column in _SEARCHED]
    return "(" + " OR ".join(tests) + ")", [pattern] * len(tests)


def batch_digest(rows: Sequence[Sequence[Any]]) -> str:
    """SHA-256 (hex) over the stored values of a batch of rows (``to_rows``), column by column in table order.

    The columns of ``columns.DIGESTED`` are covered (not the ids, consecutive and named in the audit entry, the
    float sort copy of the amount, or whether the raw text is cited: the raw text itself is); each integer
    column is its values as 64-bit little-endian integers, each text column its values joined by U+001F,
    columns are separated by U+001E.
    """
    return digest_columns(list(zip(*rows, strict=True)))


def digest_columns(cols: Sequence[Sequence[Any]]) -> str:
    """``batch_digest`` of rows given column by column."""
    digest = hashlib.sha256()
    for index in C.DIGESTED:
        column = cols[index]
        if index in C.INT_POS:
            values = array("q", column)
            if sys.byteorder == "big":
                values.byteswap()
            digest.update(values.tobytes())
        else:
            digest.update(_SEP.join(column).encode("utf-8"))
        digest.update(b"\x1e")
    return digest.hexdigest()


@cache
def _partial_getter(keys: tuple[str, ...]) -> tuple[Callable[[Any], tuple[Any, ...]], Callable[[tuple[Any, ...]], tuple[Any, ...]], list[str]] | None:
    """For dicts with exactly the fields ``keys``: ``(present, order, absent)``: ``present(d)`` reads those
    fields, ``order(values + constants)`` puts them with the ``absent`` fields' values in ``FIELDS`` order.
    ``None`` when ``keys`` names something that is not a field."""
    if not set(keys) <= set(FIELDS):
        return None
    absent = [name for name in FIELDS if name not in keys]
    joined = list(keys) + absent
    present = operator.itemgetter(*keys) if len(keys) > 1 else (lambda d, k=keys[0]: (d[k],))
    order = operator.itemgetter(*[joined.index(name) for name in FIELDS])
    return present, order, absent


def _getter(batch: Sequence[Any], base: dict[str, Any] | None) -> Callable[[Any], tuple[Any, ...]]:
    """Reads the values of ``FIELDS`` from each item of ``batch`` (Transactions, dicts of every field, or with
    ``base`` dicts of some fields, the others taken from ``base``)."""
    if type(batch[0]) is not dict:
        return _from_record
    if base is None:
        return _from_fields
    keys = tuple(batch[0])
    found = _partial_getter(keys)
    if found is None:
        return lambda item: _from_fields({**base, **item})
    present, order, absent = found
    constants = tuple(base[name] for name in absent)
    size = len(keys)

    def get(item: dict[str, Any]) -> tuple[Any, ...]:
        if len(item) != size:  # a row with other fields than the first
            return _from_fields({**base, **item})  # type: ignore[no-any-return]
        try:
            return order(present(item) + constants)
        except KeyError:
            return _from_fields({**base, **item})  # type: ignore[no-any-return]
    return get


def to_rows(batch: Sequence[Transaction] | Sequence[dict[str, Any]], first_id: int,
            screen: Callable[[dict[str, Any]], None], clean: set[str] | frozenset[str] = frozenset(),
            base: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
    """The column values (``columns.TABLE`` order, ids from ``first_id``, ``raw_cited`` 0) of transactions,
    given as ``Transaction`` objects or as dicts of their fields: every field of ``FIELDS``, or (with ``base``,
    which has them all) some of them, the others taken from ``base``.

    ``screen(fields)`` is called with a dict of the row's fields for each row whose time, amount or direction is
    invalid, or that has a text long enough to hold a secret and not in ``clean`` (texts already checked): the
    vault passes its checks (which raise), a migration of stored rows a no-op. This runs once per imported row,
    so the common tests are inlined.
    """
    rows: list[tuple[Any, ...]] = []
    if not batch:
        return rows
    get = _getter(batch, base)
    bases: dict[Any, datetime] = {}
    append, directions, roles, epoch, micro, references, extras, sep, encode = (
        rows.append, _DIRECTIONS, _ROLES, _EPOCH, _MICRO, _references, _extra, _SEP, _ENCODE)
    for tx_id, item in enumerate(batch, first_id):
        values = get(item)
        (case_id, moment, amount, currency, direction, counterparty, description, refs, status, channel, fee, note,
         raw, source_id, source_line, source_format, dedup_key, refund_of, pairs, tags, role) = values
        offset = moment.utcoffset()
        if (offset is None or type(amount) is not Decimal or not amount.is_finite() or direction not in directions
                or role not in roles
                or (len(counterparty) >= 12 and counterparty not in clean)
                or (len(description) >= 12 and description not in clean) or (len(note) >= 12 and note not in clean)):
            screen(dict(zip(FIELDS, values, strict=True)))  # raises for an invalid row
        if len(refs) == 1 and (kinds := refs[0].kind) and sep not in kinds and sep not in (joined := refs[0].value):
            in_body = False
        else:
            kinds, joined, in_body = references(refs)
        extra, extra_in_body = extras(pairs) if pairs else ("", False)
        if not refund_of and not tags and not in_body and not extra_in_body:
            body = ""
        else:
            body = encode(_body(refund_of, tags, refs if in_body else None, pairs if extra_in_body else None))
        zone = moment.tzinfo
        if type(zone) is timezone:  # fixed offset: subtracting an epoch in the same zone skips two utcoffset calls
            zone_epoch = bases.get(zone)
            if zone_epoch is None:
                zone_epoch = bases[zone] = epoch.astimezone(zone)
        else:
            zone_epoch = epoch
        append((tx_id, case_id, (moment - zone_epoch) // micro, offset // micro, float(amount), str(amount), status,
                direction, currency, counterparty, description, note, channel, kinds, joined, dedup_key, refund_of or 0,
                source_id or 0, source_line or 0, source_format, raw, extra, "" if fee is None else str(fee), body, role,
                0))
    return rows


if C.IMPORTED != ("t", "tz", "amount", "amount_text", "status", "direction", "currency", "counterparty", "description",
                  "note", "channel", "ref_kinds", "refs", "dedup_key", "src_line", "src_format", "raw", "extra", "fee",
                  "body"):
    raise RuntimeError("imported_row does not build the columns of columns.IMPORTED")


def imported_row(moment: datetime, amount: Decimal, currency: str, direction: str, counterparty: str,
                 description: str, refs: tuple[Reference, ...], status: str, channel: str, note: str, raw: str,
                 line: int, source_format: str, dedup_key: str, pairs: tuple[tuple[str, str], ...] | list[str],
                 fee: Decimal | None = None, tags: tuple[str, ...] = ()) -> tuple[Any, ...]:
    """The stored columns of one imported row (``columns.IMPORTED``), built by the parser as it reads the row,
    so an import needs no dict per row and no second pass. ``moment`` has a fixed offset; the vault checks the
    rest of each batch column by column (``TransactionManager.add_imported``). ``pairs``: the extra fields as
    pairs, or as one flat list key, value, key, value ..."""
    offset = moment.utcoffset()
    count = len(refs)
    if count == 1 and (kinds := refs[0].kind) and _SEP not in kinds and _SEP not in (joined := refs[0].value):
        in_body = False
    elif count == 2 and (kinds := f"{refs[0].kind}{_SEP}{refs[1].kind}").count(_SEP) == 1 and refs[0].kind and \
            refs[1].kind and (joined := f"{refs[0].value}{_SEP}{refs[1].value}").count(_SEP) == 1:
        in_body = False
    else:
        kinds, joined, in_body = _references(refs)
    if isinstance(pairs, list):  # key, value, key, value ... (a parser's cheaper form)
        extra = _SEP.join(pairs)
        extra_in_body = not (extra.count(_SEP) == len(pairs) - 1 or not pairs)
        kept: tuple[tuple[str, str], ...] = tuple(zip(pairs[::2], pairs[1::2], strict=True)) if extra_in_body else ()
    else:
        kept = pairs
        extra, extra_in_body = _extra(pairs) if pairs else ("", False)
    if extra_in_body:
        extra = ""
    if not tags and not in_body and not extra_in_body:
        body = ""
    else:
        body = _ENCODE(_body(None, tags, refs if in_body else None, kept if extra_in_body else None))
    if offset is None:
        raise ValueError("an imported time needs its offset")  # (the parsers give aware times only)
    return ((moment - _zone_epoch(offset // _MICRO)) // _MICRO, offset // _MICRO, float(amount), str(amount), status,
            direction, currency, counterparty, description, note, channel, kinds, joined, dedup_key, line,
            source_format, raw, extra, "" if fee is None else str(fee), body)


def imported_fields(row: Sequence[Any]) -> dict[str, Any]:
    """The ``Transaction`` fields of an ``imported_row`` (for previews and the few rows read field by field)."""
    (t, tz, _amount, amount_text, status, direction, currency, counterparty, description, note, channel, kinds,
     values, dedup_key, line, source_format, raw, extra, fee, body) = row
    stored = json.loads(body) if body else {}
    if kinds:
        references = tuple(Reference(k, v) for k, v in zip(kinds.split(_SEP), values.split(_SEP), strict=True))
    else:
        references = tuple(Reference(r["kind"], r["value"]) for r in stored.get("references", ()))
    pairs = _split_extra(extra) if extra else tuple(tuple(p) for p in stored.get("extra", ()))
    return {"time": _zone_epoch(tz) + timedelta(microseconds=t), "amount": Decimal(amount_text), "currency": currency,
            "direction": direction, "counterparty": counterparty, "description": description,
            "references": references, "status": status, "channel": channel, "note": note, "raw": raw,
            "source_line": line, "source_format": source_format, "dedup_key": dedup_key, "extra": pairs,
            "fee": Decimal(fee) if fee else None, "tags": tuple(stored.get("tags", ()))}


def _body(refund_of: int | None, tags: tuple[str, ...], refs: tuple[Reference, ...] | None,
          pairs: tuple[tuple[str, str], ...] | None) -> dict[str, Any]:
    """The JSON body: the fields without a column, and references or extra pairs that cannot be joined."""
    body: dict[str, Any] = {}
    if refund_of:
        body["refund_of"] = refund_of
    if tags:
        body["tags"] = list(tags)
    if refs is not None:
        body["references"] = [{"kind": r.kind, "value": r.value} for r in refs]
    if pairs is not None:
        body["extra"] = [list(pair) for pair in pairs]
    return body


def with_refund(body: str, original: int) -> str:
    """A stored body with ``refund_of`` set to ``original``."""
    if not body and type(original) is int:  # (most refunds: what the encoder writes for {"refund_of": original})
        return f'{{"refund_of":{original}}}'
    return _ENCODE({**(json.loads(body) if body else {}), "refund_of": original})
