"""Transactions in the vault: single and bulk insert, filtered and sorted pages, refunds and dedup keys.

A transaction is stored as plain columns (time as UTC microseconds plus its offset, the amount as a sort key
and as exact text, the texts, references, keys, the fee, the source file, line and raw row of an imported
row, its extra fields) and a JSON ``body`` holding only the rarer fields that differ from their defaults
(tags, the refunded original), so a row is written without per-row JSON work and every value is stored once.
Bulk inserts (``add_many``; ``add_fields`` takes plain dicts of the fields instead of ``Transaction``
objects) run in one transaction (joining the caller's, so an importer can store the source file and its rows
together), in batches that report progress and honour cancellation; each batch writes one audit entry whose
digest covers every stored value of the batch. ``hold`` keeps checked rows in memory inside SQLite until they
can be stored (an import's refunds wait for their originals' ids). The FTS5 text index is filled in bulk with one ``INSERT … SELECT`` for the
rows added since it was last brought up to date: right away for small additions, otherwise before the next
text search (``index_pending``). Pages are read with indexed ``ORDER BY … LIMIT/OFFSET`` and never load the
whole case. Each row has a role (``disputed``, ``context`` or ``record``; ``mark`` changes it, audited).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import operator
import sys
from array import array
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from functools import cache
from itertools import chain
from typing import TYPE_CHECKING, Any, Protocol

from walletcare.errors import Cancelled, UsageError
from walletcare.evidence import records
from walletcare.evidence.models import DIRECTIONS, TX_ROLES, Reference, Transaction
from walletcare.i18n import N_, _

if TYPE_CHECKING:
    from walletcare.evidence.store import Store

BATCH = 5000
EAGER_INDEX_ROWS = 200  # up to this many unindexed rows are added to the text index at once
# ORDER BY keys per sort: each ends in the columns of an index so SQLite reads pages in order, never sorts
SORTS = {"time": ("t", "id"), "amount": ("amount", "id"), "status": ("status", "t", "id"),
         "counterparty": ("counterparty", "id"), "id": ("id",)}
COLUMNS = ("id, case_id, t, tz, amount, amount_text, status, direction, currency, counterparty, description, note, "
           "channel, ref_kinds, refs, dedup_key, refund_of, src_id, src_line, src_format, raw, extra, fee, body, role")
INSERT_SQL = (f"INSERT INTO transactions({COLUMNS}) "
              "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,NULLIF(?, 0),NULLIF(?, 0),NULLIF(?, 0),?,?,?,?,?,?)")
BODY = COLUMNS.split(", ").index("body")  # where the body sits in a row of ``to_rows``
# the searchable text of a row, as the FTS5 trigram index holds it (short queries use like_clause instead)
SEARCH_TEXT = ("counterparty || ' ' || description || ' ' || note || ' ' || status || ' ' || channel || ' ' || "
               "refs")
_SEARCHED = ("counterparty", "description", "note", "status", "channel", "refs")
_SELECT = ("SELECT id, case_id, t, tz, amount_text, status, direction, currency, counterparty, description, note, "
           "channel, ref_kinds, refs, dedup_key, refund_of, src_id, src_line, src_format, raw, extra, fee, body, role "
           "FROM transactions")
_SEP = "\x1f"  # between several references in ref_kinds / refs, and between the keys and values of extra
_IN_COLUMNS = ("id", "case_id", "time", "amount", "status", "direction", "currency", "counterparty", "description",
               "note", "channel", "references", "dedup_key", "source_evidence_id", "source_line", "source_format",
               "raw", "extra", "fee", "role")  # refund_of: also in the body, which keeps the link when the original is deleted
# (the column, an indexed foreign key, is cleared then)
_INT_COLUMNS = frozenset({1, 2, 3, 16, 17, 18})  # case_id, t, tz, refund_of, src_id, src_line (0 for none)
# Indexes for the less common sorts and filters, built when first needed: a bulk insert drops them (keeping
# them up to date row by row costs a third of a 100k-row insert) and the next page that needs one rebuilds it.
LAZY_INDEXES = {"tx_case_amount": "(case_id, amount, id)", "tx_case_status": "(case_id, status, t, id)"}
BULK_ROWS = 20_000  # an insert of at least this many rows drops LAZY_INDEXES first
# the transactions whose ids a JSON array lists, looked up one by one (CROSS JOIN keeps SQLite from scanning
# the table once per listed id)
_IDS_IN_JSON = "FROM json_each(?) AS j CROSS JOIN transactions AS t ON t.id = j.value"
_DIRECTIONS = frozenset(DIRECTIONS)
_ROLES = frozenset(TX_ROLES)
_LABELS = (N_("Counterparty"), N_("Description"), N_("Note"))
_EPOCH = records._EPOCH
_MICRO = timedelta(microseconds=1)
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


class CancelFlag(Protocol):
    """Anything with ``is_set()`` (``threading.Event``)."""

    def is_set(self) -> bool: ...


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


def _load(row: tuple[Any, ...]) -> Transaction:
    """A ``Transaction`` from a row selected with ``_SELECT``."""
    (tx_id, case_id, t, tz, amount, status, direction, currency, counterparty, description, note, channel, kinds,
     values, dedup_key, _refund_column, src_id, src_line, src_format, raw, extra, fee, body, role) = row
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
    columns: dict[str, Any] = {"references": references} if kinds else {}
    if extra:
        columns["extra"] = pairs
    return records.from_body(
        Transaction, json.loads(body), id=int(tx_id), case_id=int(case_id), time=moment,
        amount=Decimal(amount), status=status, direction=direction, currency=currency, counterparty=counterparty,
        description=description, note=note, channel=channel, dedup_key=dedup_key, raw=raw, source_evidence_id=src_id,
        source_line=src_line, source_format=src_format, fee=Decimal(fee) if fee else None, role=role, **columns)


def like_clause(needle: str) -> tuple[str, list[str]]:
    """A ``LIKE`` test of every searchable column for ``needle`` (queries too short for the trigram index)."""
    pattern = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    tests = [f"{column} LIKE ? ESCAPE '\\'" for column in _SEARCHED]
    return "(" + " OR ".join(tests) + ")", [pattern] * len(tests)


def batch_digest(rows: list[tuple[Any, ...]]) -> str:
    """SHA-256 (hex) over the stored values of a batch of rows, column by column in ``COLUMNS`` order.

    The ids (consecutive, named in the audit entry) and the float sort copy of the amount are left out; each
    integer column is its values as 64-bit little-endian integers, each text column its values joined by
    U+001F, columns are separated by U+001E. Built column-wise so a 100k-row import spends ~0.1 s on it.
    """
    digest = hashlib.sha256()
    for index, column in enumerate(zip(*rows, strict=True)):
        if index in (0, 4):
            continue
        if index in _INT_COLUMNS:
            values = array("q", column)
            if sys.byteorder == "big":
                values.byteswap()
            digest.update(values.tobytes())
        else:
            digest.update(_SEP.join(column).encode("utf-8"))
        digest.update(b"\x1e")
    return digest.hexdigest()


# The fields ``to_rows`` reads, in one C call per row (``attrgetter`` on a Transaction, ``itemgetter`` on a dict).
_FIELDS = ("case_id", "time", "amount", "currency", "direction", "counterparty", "description", "references", "status",
           "channel", "fee", "note", "raw", "source_evidence_id", "source_line", "source_format", "dedup_key",
           "refund_of", "extra", "tags", "role")
_BODY_ONLY = ("refund_of", "tags")  # the fields without a column of their own (refund_of: see _IN_COLUMNS)
if set(_FIELDS) != {f.name for f in dataclasses.fields(Transaction)} - {"id"} or set(_BODY_ONLY) != set(_FIELDS) - set(_IN_COLUMNS):
    raise RuntimeError("transactions.py does not store every Transaction field")  # a field was added to the model
_from_record, _from_fields = operator.attrgetter(*_FIELDS), operator.itemgetter(*_FIELDS)
DEFAULTS: dict[str, Any] = {f.name: f.default for f in dataclasses.fields(Transaction)
                            if f.default is not dataclasses.MISSING}  # what a field left out of a dict means


@cache
def _partial_getter(keys: tuple[str, ...]) -> Callable[..., Callable[[dict[str, Any]], tuple[Any, ...]]] | None:
    """For dicts with exactly the fields ``keys``: ``make(*others)`` returns a function giving the values of
    ``_FIELDS`` in order, the fields not in ``keys`` taken from ``others`` (in ``_FIELDS`` order). The function
    raises KeyError for a dict with other keys. ``None`` when ``keys`` names something that is not a field.

    Reading the fields an importer gave and filling in the rest this way costs a third of merging each dict
    over the defaults and reading it with ``itemgetter``.
    """
    if not set(keys) <= set(_FIELDS):
        return None
    absent = [name for name in _FIELDS if name not in keys]
    values = ", ".join(f"f[{name!r}]" if name in keys else f"c{absent.index(name)}" for name in _FIELDS)
    source = (f"def make({', '.join(f'c{i}' for i in range(len(absent)))}):\n"
              f"    def get(f):\n"
              f"        if len(f) != {len(keys)}:\n"
              f"            raise KeyError('other fields')\n"
              f"        return ({values})\n"
              f"    return get\n")
    env: dict[str, Any] = {}
    exec(source, env)  # noqa: S102 - generated from the field names only
    return env["make"]  # type: ignore[no-any-return]


def to_rows(batch: list[Transaction] | list[dict[str, Any]], first_id: int,
            screen: Callable[[dict[str, Any]], None], clean: set[str] | frozenset[str] = frozenset(),
            base: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
    """The column values (``COLUMNS`` order, ids from ``first_id``) of transactions, given as ``Transaction``
    objects or as dicts of their fields: every field of ``_FIELDS``, or (with ``base``, which has them all)
    some of them, the others taken from ``base``.

    ``screen(fields)`` is called with a dict of the row's fields for each row whose time, amount or direction is
    invalid, or that has a text long enough to hold a secret and not in ``clean`` (texts already checked): the
    vault passes its checks (which raise), a migration of stored rows a no-op. This runs once per imported row,
    so the common tests are inlined.
    """
    rows: list[tuple[Any, ...]] = []
    if not batch:
        return rows
    get = _from_fields if type(batch[0]) is dict else _from_record
    if base is not None and get is _from_fields:
        make = _partial_getter(tuple(batch[0]))
        if make is not None:
            fast = make(*[base[name] for name in _FIELDS if name not in batch[0]])

            def get(item: Any) -> tuple[Any, ...]:
                try:
                    return fast(item)  # type: ignore[no-any-return]
                except KeyError:  # a row with other fields than the first
                    return _from_fields({**base, **item})  # type: ignore[no-any-return]
        else:
            def get(item: Any) -> tuple[Any, ...]:
                return _from_fields({**base, **item})  # type: ignore[no-any-return]
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
            screen(dict(zip(_FIELDS, values, strict=True)))  # raises for an invalid row
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
                source_id or 0, source_line or 0, source_format, raw, extra, "" if fee is None else str(fee), body, role))
    return rows


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


class TransactionManager:
    """``store.transactions``."""

    def __init__(self, store: Store) -> None:
        self._store = store

    # -- checks -------------------------------------------------------------------------------------
    def _check(self, fields: dict[str, Any]) -> None:
        """Raises UsageError or Refused for a transaction (its fields by name) that cannot be stored."""
        if fields["time"].utcoffset() is None:
            raise UsageError(_("A transaction time needs a time zone offset."))
        amount = fields["amount"]
        if type(amount) is not Decimal or not amount.is_finite():
            raise UsageError(_("A transaction amount must be a decimal number."))
        direction = fields.get("direction", "out")
        if direction not in _DIRECTIONS:
            raise UsageError(_("Unknown direction: {direction}").format(direction=direction))
        role = fields.get("role", "disputed")
        if role not in _ROLES:
            raise UsageError(_("Unknown role: {role}. Use disputed, context or record.").format(role=role))
        for name, label in zip(("counterparty", "description", "note"), _LABELS, strict=True):
            self._store.guard_text(label, fields.get(name, ""))

    def _rows(self, batch: list[Transaction] | list[dict[str, Any]], first_id: int,
              base: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """Checks and converts one batch (``to_rows`` with the checks of ``_check``)."""
        return to_rows(batch, first_id, self._check, self._store.clean_texts, base)

    def _check_case(self, case_id: int) -> None:
        if not self._store.cases.exists(case_id):
            raise records.not_found("case", case_id)

    def _next_id(self) -> int:
        conn = self._store.conn
        seq = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'transactions'").fetchone()
        top = conn.execute("SELECT max(id) FROM transactions").fetchone()[0]
        return max(int(seq[0]) if seq else 0, int(top or 0)) + 1

    # -- writes -------------------------------------------------------------------------------------
    def add(self, tx: Transaction) -> Transaction:
        """Stores one transaction; returns it with its id."""
        return self.get(self.add_many([tx])[0])

    def add_many(self, txs: Iterable[Transaction], progress: Callable[[int, int], None] | None = None,
                 cancel: CancelFlag | None = None) -> list[int]:
        """Stores many transactions in one transaction; returns their ids in order.

        Every row is checked (time offset, decimal amount, direction, no secret in its texts) before the
        transaction commits; any error rolls back the whole call.

        Args:
            txs: the transactions (their ``id`` is ignored).
            progress: called as ``progress(done, total)`` after each batch.
            cancel: when ``cancel.is_set()`` becomes true, raises Cancelled and nothing is stored.
        """
        return self.add_fields(list(txs), progress, cancel)

    def add_fields(self, items: list[Transaction] | list[dict[str, Any]], progress: Callable[[int, int], None] | None = None,
                   cancel: CancelFlag | None = None, *, base: dict[str, Any] | None = None) -> list[int]:
        """``add_many`` for a list of transactions given either as ``Transaction`` objects or as dicts of their
        fields but ``id``: every field, or (with ``base``, a dict of every field but ``id``) some of them, the
        others taken from ``base``. Importers hand their parsed rows over as they are, without building a
        ``Transaction`` or a merged dict for each. Returns the ids in order."""
        if not items:
            return []
        self._store.ensure_space(len(items) * 256)
        with self._store.transaction():
            if type(items[0]) is not dict:
                cases = {tx.case_id for tx in items}  # type: ignore[union-attr]
            elif base is None:
                cases = {f["case_id"] for f in items}  # type: ignore[index]
            else:
                cases = {f.get("case_id", base["case_id"]) for f in items}  # type: ignore[union-attr]
            self.defer_indexes(len(items))
            for case_id in cases:
                self._check_case(case_id)
            first = next_id = self._next_id()
            for start in range(0, len(items), BATCH):
                if cancel is not None and cancel.is_set():
                    raise Cancelled()
                batch = items[start:start + BATCH]
                rows = self._rows(batch, next_id, base)
                self._write(cases, rows)
                next_id += len(rows)
                if progress is not None:
                    progress(next_id - first, len(items))
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            self._written(cases, next_id)
        return list(range(first, next_id))

    def _write(self, cases: set[int], rows: list[tuple[Any, ...]]) -> None:
        self._store.conn.executemany(INSERT_SQL, rows)
        self._record_batch(cases, rows)

    def _written(self, cases: set[int], next_id: int) -> None:
        """After rows up to ``next_id - 1`` were written: the text index when they are few, change notices."""
        if next_id - self._indexed_up_to() - 1 <= EAGER_INDEX_ROWS:
            self.index_pending()
        for case_id in cases:
            self._store.changed("transactions", case_id)

    def hold(self) -> HeldTransactions:
        """A place for transactions that are checked now and stored later (see ``HeldTransactions``)."""
        return HeldTransactions(self)

    def _record_batch(self, cases: set[int], rows: list[tuple[Any, ...]]) -> None:
        case_id = next(iter(cases)) if len(cases) == 1 else None
        if len(rows) == 1:
            obj = f"transaction:{rows[0][0]}"
        else:
            obj = f"transactions:{rows[0][0]}-{rows[-1][0]} ({len(rows)})"
        self._store.audit.record("create", obj, case_id, batch_digest(rows))

    # -- indexes for the other sorts and the status filter -------------------------------------------
    def defer_indexes(self, rows: int) -> None:
        """Drops ``LAZY_INDEXES`` before an insert of ``rows`` rows when that is at least ``BULK_ROWS`` (inside
        the caller's transaction, so a rollback brings them back); ``page`` rebuilds each when first needed."""
        if rows < BULK_ROWS:
            return
        with self._store.transaction():
            for name in LAZY_INDEXES:
                self._store.conn.execute(f"DROP INDEX IF EXISTS {name}")

    def _ensure_index(self, name: str) -> None:
        conn = self._store.conn
        if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", (name,)).fetchone():
            return
        with self._store.transaction():
            conn.execute(f"CREATE INDEX IF NOT EXISTS {name} ON transactions{LAZY_INDEXES[name]}")

    def _indexes_for(self, sort: str, status: str | None) -> None:
        if sort == "amount":
            self._ensure_index("tx_case_amount")
        if sort == "status" or status is not None:
            self._ensure_index("tx_case_status")

    # -- text index -----------------------------------------------------------------------------------
    def _indexed_up_to(self) -> int:
        row = self._store.conn.execute("SELECT value FROM meta WHERE key = 'tx_fts_upto'").fetchone()
        return int(row[0]) if row else 0

    def index_pending(self) -> int:
        """Adds the transactions stored since the text index was last brought up to date; returns how many.

        Text searches call it first; the UI can also call it from its worker when idle after a big import.
        """
        with self._store.transaction():
            conn = self._store.conn
            done = self._indexed_up_to()
            top = int(conn.execute("SELECT coalesce(max(id), 0) FROM transactions").fetchone()[0])
            if top <= done:
                return 0
            cur = conn.execute(f"INSERT INTO tx_fts(rowid, text) SELECT id, {SEARCH_TEXT} FROM transactions "
                               "WHERE id > ?", (done,))
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('tx_fts_upto', ?)", (top,))
            return int(cur.rowcount)

    def update(self, tx: Transaction) -> Transaction:
        """Saves a changed transaction (the old values go into the audit trail)."""
        self._check(dict(zip(_FIELDS, _from_record(tx), strict=True)))
        with self._store.transaction():
            old = self.get(tx.id)
            if old.case_id != tx.case_id:
                self._check_case(tx.case_id)
            row = self._rows([tx], tx.id)[0]
            self._store.conn.execute(
                "UPDATE transactions SET case_id=?, t=?, tz=?, amount=?, amount_text=?, status=?, direction=?, "
                "currency=?, counterparty=?, description=?, note=?, channel=?, ref_kinds=?, refs=?, dedup_key=?, "
                "refund_of=NULLIF(?, 0), src_id=NULLIF(?, 0), src_line=NULLIF(?, 0), src_format=?, raw=?, extra=?, "
                "fee=?, body=?, role=? WHERE id = ?", (*row[1:], tx.id))
            self._store.audit.record("update", f"transaction:{tx.id}", tx.case_id, records.digest(tx),
                                     detail=records.full(old))
            self._store.changed("transactions", tx.case_id)
        return self.get(tx.id)

    def mark(self, ids: Iterable[int], role: str) -> int:
        """Gives the transactions ``ids`` the role ``role`` (all or none: an unknown id changes nothing).

        One audit entry per case lists the ids and their roles before; returns how many changed.
        """
        if role not in _ROLES:
            raise UsageError(_("Unknown role: {role}. Use disputed, context or record.").format(role=role))
        wanted = sorted(set(ids))
        if not wanted:
            return 0
        with self._store.transaction():
            conn = self._store.conn
            found = {int(i): (int(c), str(r)) for i, c, r in conn.execute(
                f"SELECT t.id, t.case_id, t.role {_IDS_IN_JSON}", (json.dumps(wanted),))}
            for tx_id in wanted:
                if tx_id not in found:
                    raise records.not_found("transaction", tx_id)
            changed = [i for i in wanted if found[i][1] != role]
            by_case: dict[int, list[int]] = {}
            for tx_id in changed:
                by_case.setdefault(found[tx_id][0], []).append(tx_id)
            for case_id, part in by_case.items():
                for start in range(0, len(part), BATCH):
                    chunk = part[start:start + BATCH]
                    conn.executemany("UPDATE transactions SET role = ? WHERE id = ?", [(role, i) for i in chunk])
                    detail = records.canonical({"role": role, "before": {str(i): found[i][1] for i in chunk}})
                    self._store.audit.record("update", f"transaction roles ({len(chunk)})", case_id,
                                             detail.encode("utf-8"), detail=detail)
                self._store.changed("transactions", case_id)
        return len(changed)

    def link_refund(self, refund_id: int, original_id: int) -> Transaction:
        """Marks ``refund_id`` as the refund of ``original_id`` (both in the same case)."""
        refund, original = self.get(refund_id), self.get(original_id)
        if refund.case_id != original.case_id or refund_id == original_id:
            raise UsageError(_("A refund can only be linked to another transaction of the same case."))
        return self.update(dataclasses.replace(refund, refund_of=original_id))

    def link_refunds(self, case_id: int, pairs: list[tuple[int, int]]) -> int:
        """Marks many refunds of a case at once, each pair ``(refund_id, original_id)`` (an import links its
        refunds after storing every row). Pairs whose two transactions are not both in the case, or are one
        and the same, are left out. One audit entry per batch keeps the pairs. Returns how many were linked."""
        linked = 0
        with self._store.transaction(savepoint=False):  # rows that exist: no in-memory copy of their pages
            conn = self._store.conn
            wanted = json.dumps(sorted({i for pair in pairs for i in pair}))
            in_case = {int(r[0]) for r in conn.execute(
                f"SELECT t.id {_IDS_IN_JSON} WHERE t.case_id = ?",
                (wanted, case_id))}
            valid = [(r, o) for r, o in pairs if r != o and r in in_case and o in in_case]
            for start in range(0, len(valid), BATCH):
                part = valid[start:start + BATCH]
                conn.executemany("UPDATE transactions SET refund_of = ?, "
                                 "body = json_set(CASE body WHEN '' THEN '{}' ELSE body END, '$.refund_of', ?) "
                                 "WHERE id = ?", [(original, original, refund) for refund, original in part])
                detail = records.canonical({"refund_of": [list(pair) for pair in part]})
                self._store.audit.record("update", f"refund links ({len(part)})", case_id, detail.encode("utf-8"),
                                         detail=detail)
                linked += len(part)
            if linked:
                self._store.changed("transactions", case_id)
        return linked

    def delete(self, tx_id: int) -> None:
        """Deletes one transaction (its values stay in the audit trail)."""
        with self._store.transaction():
            old = self.get(tx_id)
            self._store.conn.execute("DELETE FROM evidence_links WHERE area = 'transaction' AND ref_id = ?", (tx_id,))
            self._store.conn.execute("DELETE FROM transactions WHERE id = ?", (tx_id,))
            self._store.audit.record("delete", f"transaction:{tx_id}", old.case_id, records.digest(old),
                                     detail=records.full(old))
            self._store.changed("transactions", old.case_id)

    # -- reads --------------------------------------------------------------------------------------
    def get(self, tx_id: int) -> Transaction:
        """The transaction with that id (UsageError when there is none)."""
        row = self._store.conn.execute(f"{_SELECT} WHERE id = ?", (tx_id,)).fetchone()
        if row is None:
            raise records.not_found("transaction", tx_id)
        return _load(row)

    def _where(self, case_id: int, text: str | None, status: str | None, direction: str | None,
               currency: str | None, role: str | None = None) -> tuple[str, list[Any]]:
        clauses, params = ["case_id = ?"], [case_id]
        if role is not None:
            clauses.append("role = ?")
            params.append(role)
        if status is not None:
            clauses.append("status = ?")
            params.append(status)
        if direction is not None:
            clauses.append("direction = ?")
            params.append(direction)
        if currency is not None:
            clauses.append("currency = ?")
            params.append(currency)
        needle = (text or "").strip()
        if len(needle) >= 3:
            self.index_pending()
            clauses.append("id IN (SELECT rowid FROM tx_fts WHERE tx_fts MATCH ?)")
            params.append('"' + needle.replace('"', '""') + '"')
        elif needle:
            sql, like = like_clause(needle)
            clauses.append(sql)
            params += like
        return " AND ".join(clauses), params

    def page(self, case_id: int, *, offset: int = 0, limit: int = 200, sort: str = "time", descending: bool = False,
             text: str | None = None, status: str | None = None, direction: str | None = None,
             currency: str | None = None, role: str | None = None) -> list[Transaction]:
        """One page of a case's transactions, filtered and sorted (``sort``: time, amount, status, counterparty)."""
        if sort not in SORTS:
            raise UsageError(_("Unknown sort order: {sort}").format(sort=sort))
        self._indexes_for(sort, status)
        where, params = self._where(case_id, text, status, direction, currency, role)
        order = "DESC" if descending else "ASC"
        keys = ", ".join(f"{column} {order}" for column in SORTS[sort])
        # ids first (skipping OFFSET rows in the index only), then the 200 bodies
        sql = (f"{_SELECT} WHERE id IN (SELECT id FROM transactions WHERE {where} "
               f"ORDER BY {keys} LIMIT ? OFFSET ?) ORDER BY {keys}")
        rows = self._store.conn.execute(sql, [*params, int(limit), int(offset)]).fetchall()
        return [_load(r) for r in rows]

    def count(self, case_id: int, *, text: str | None = None, status: str | None = None,
              direction: str | None = None, currency: str | None = None, role: str | None = None) -> int:
        """How many of a case's transactions match the filters of ``page``."""
        self._indexes_for("time", status)
        where, params = self._where(case_id, text, status, direction, currency, role)
        return int(self._store.conn.execute(f"SELECT count(*) FROM transactions WHERE {where}", params).fetchone()[0])

    def all(self, case_id: int) -> list[Transaction]:
        """Every transaction of a case in time order (for the dossier; the UI pages instead)."""
        rows = self._store.conn.execute(f"{_SELECT} WHERE case_id = ? ORDER BY t, id", (case_id,)).fetchall()
        return [_load(r) for r in rows]

    def with_roles(self, case_id: int, roles: Iterable[str]) -> list[Transaction]:
        """The case's transactions whose role is one of ``roles``, in time order (the dossier's own rows)."""
        wanted = sorted(set(roles))
        marks = ",".join("?" * len(wanted))
        rows = self._store.conn.execute(f"{_SELECT} WHERE case_id = ? AND role IN ({marks}) ORDER BY t, id",
                                        (case_id, *wanted)).fetchall()
        return [_load(r) for r in rows]

    def sources(self, case_id: int) -> list[tuple[int, str, int, int, datetime, datetime]]:
        """Per imported file of the case: ``(evidence id, format, rows, disputed or context rows, first time,
        last time)``, in evidence id order (the dossier's one-line statement exhibits)."""
        rows = self._store.conn.execute(
            "SELECT src_id, min(src_format), count(*), sum(role != 'record'), min(t), max(t), min(tz), max(tz) "
            "FROM transactions WHERE case_id = ? AND src_id IS NOT NULL GROUP BY src_id ORDER BY src_id", (case_id,))
        return [(int(src), str(fmt), int(n), int(picked), _zone_epoch(tz_min) + timedelta(microseconds=first),
                 _zone_epoch(tz_max) + timedelta(microseconds=last))
                for src, fmt, n, picked, first, last, tz_min, tz_max in rows]

    def role_counts(self, case_id: int) -> dict[str, int]:
        """How many transactions of the case have each role (every role named, 0 when none)."""
        counts = dict.fromkeys(TX_ROLES, 0)
        for role, count in self._store.conn.execute(
                "SELECT role, count(*) FROM transactions WHERE case_id = ? GROUP BY role", (case_id,)):
            counts[str(role)] = int(count)
        return counts

    def dedup_keys(self, case_id: int) -> set[str]:
        """The non-empty dedup keys already stored in a case (importers skip rows whose key is here)."""
        rows = self._store.conn.execute(
            "SELECT DISTINCT dedup_key FROM transactions WHERE case_id = ? AND dedup_key != ''", (case_id,))
        return {str(r[0]) for r in rows}

    def summaries(self, ids: list[int]) -> dict[int, tuple[datetime, Decimal, str, str, str]]:
        """Time, amount, counterparty, currency and direction of each listed transaction (refund matching)."""
        rows = self._store.conn.execute(
            f"SELECT t.id, t.t, t.tz, t.amount_text, t.counterparty, t.currency, t.direction {_IDS_IN_JSON}",
            (json.dumps(ids),))
        return {int(i): (_zone_epoch(tz) + timedelta(microseconds=t), Decimal(amount), party, currency, direction)
                for i, t, tz, amount, party, currency, direction in rows}

    def statuses(self, case_id: int) -> list[str]:
        """The distinct statuses in a case (for filter menus)."""
        rows = self._store.conn.execute(
            "SELECT DISTINCT status FROM transactions WHERE case_id = ? ORDER BY status", (case_id,))
        return [str(r[0]) for r in rows]


class HeldTransactions:
    """Transactions checked and converted now, and stored later with their ids and refund links: an import holds
    its refunds here until every original has an id. They wait in a temporary table of the vault's connection,
    which ``temp_store = MEMORY`` keeps in memory (a few hundred bytes a row, never on disk); storing them
    without a refund link first and adding it afterwards would rewrite, and split, a page per refund. Use within
    one ``store.transaction()``.
    """

    _TABLE = "temp.held_transactions"

    def __init__(self, manager: TransactionManager) -> None:
        self._manager = manager
        self._conn = manager._store.conn
        self._count = 0
        columns = COLUMNS.replace("id, case_id", "case_id", 1)
        self._conn.execute(f"DROP TABLE IF EXISTS {self._TABLE}")
        self._conn.execute(f"CREATE TABLE {self._TABLE} (pos INTEGER PRIMARY KEY, {columns})")
        self._insert = f"INSERT INTO {self._TABLE} (pos, {columns}) VALUES ({','.join('?' * (COLUMNS.count(',') + 1))})"
        self._select = f"SELECT pos, {columns} FROM {self._TABLE} WHERE pos >= ? ORDER BY pos LIMIT {BATCH}"

    def __len__(self) -> int:
        return self._count

    def add(self, items: list[dict[str, Any]], base: dict[str, Any] | None = None) -> None:
        """Checks and holds transactions (fields as for ``add_fields``); they are numbered from 0 in order."""
        if items:
            self._conn.executemany(self._insert, self._manager._rows(items, self._count, base))
            self._count += len(items)

    def store(self, refund_of: dict[int, int], cancel: CancelFlag | None = None) -> list[int]:
        """Stores every held transaction, the one numbered ``n`` as the refund of ``refund_of[n]`` when that is
        given; returns their ids in order. The case of each link is not checked again: the caller found the
        original in the same case."""
        manager = self._manager
        ids: list[int] = []
        if self._count:
            first = next_id = manager._next_id()
            cases: set[int] = set()
            while rows := self._conn.execute(self._select, (next_id - first,)).fetchall():
                if cancel is not None and cancel.is_set():
                    raise Cancelled()
                out = []
                for pos, *values in rows:
                    original = refund_of.get(pos)
                    if original:
                        body = values[BODY - 1]
                        values[15] = original  # refund_of (the row without its id)
                        values[BODY - 1] = _ENCODE({**(json.loads(body) if body else {}), "refund_of": original})
                    out.append((next_id, *values))
                    next_id += 1
                    cases.add(values[0])
                manager._write(cases, out)
            manager._written(cases, next_id)
            ids = list(range(first, next_id))
        self._conn.execute(f"DROP TABLE {self._TABLE}")
        self._count = 0
        return ids
