"""``store.transactions``: single and bulk insert, filtered and sorted pages, refunds, roles and the indexes.

Bulk inserts (``add_many``; ``add_fields`` takes plain dicts of the fields instead of ``Transaction``
objects) run in one transaction (joining the caller's, so an importer can store the source file and its rows
together), in batches of ``BATCH`` rows that report progress and honour cancellation; each batch writes one
audit entry whose digest covers every stored value of the batch. A batch is written with multi-row ``INSERT
… VALUES (…),(…)`` statements of ``MULTI_ROWS`` rows, values that are the same in every row of the batch (the
case, the source file, the format, the role …) written once as SQL literals, with the collector paused.

The text index is filled in bulk with one ``INSERT … SELECT`` for the rows added since it was last brought up
to date: right away for small additions, otherwise before the next text search (``index_pending``). The FTS5
trigram index ``tx_fts`` covers the free text (counterparty, description, note); order numbers and hashes are
words of ``tx_refs`` (a search finds the references that start with it, ASCII letters in either case); the
distinct (status, channel) pairs are kept in ``tx_labels`` and matched by substring (``text_match``). Pages
are read with indexed ``ORDER BY … LIMIT/OFFSET`` and never load the whole case. Each row has a role (``disputed``, ``context`` or ``record``;
``mark`` changes it, audited).
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from itertools import chain
from typing import TYPE_CHECKING, Any, Protocol

import walletcare.evidence.transactions.cited as _cited
import walletcare.evidence.transactions.columns as C
from walletcare.errors import Cancelled, UsageError
from walletcare.evidence import records
from walletcare.evidence.importers.allocation import collector_paused
from walletcare.evidence.models import TX_ROLES, Transaction
from walletcare.evidence.transactions.codec import (
    _DIRECTIONS,
    _ROLES,
    _SEP,
    FIELDS,
    FREE_TEXT,
    _from_record,
    _zone_epoch,
    digest_columns,
    like_clause,
    like_escaped,
    load,
    to_rows,
)
from walletcare.i18n import N_, _

if TYPE_CHECKING:
    from walletcare.evidence.store import Store
    from walletcare.evidence.transactions.held import HeldTransactions

BATCH = C.BATCH  # rows per audit entry (and per progress report)
MULTI_ROWS = 200  # rows per INSERT statement
VARIABLE_LIMIT = 32_000  # SQLite's SQLITE_MAX_VARIABLE_NUMBER is 32,766 since 3.32
EAGER_INDEX_ROWS = 200  # up to this many unindexed rows are added to the text index at once
INDEX_STEP = 20_000  # rows indexed per step of index_pending (each step reports progress)
# ORDER BY keys per sort: each ends in the columns of an index so SQLite reads pages in order, never sorts
SORTS = {"time": ("t", "id"), "amount": ("amount", "id"), "status": ("status", "t", "id"),
         "counterparty": ("counterparty", "id"), "id": ("id",)}
# Indexes for the less common sorts and filters, built when first needed: a bulk insert drops them (keeping
# them up to date row by row costs a third of a 100k-row insert) and the next page that needs one rebuilds it.
LAZY_INDEXES = {"tx_case_amount": "(case_id, amount, id)", "tx_case_status": "(case_id, status, t, id)"}
BULK_ROWS = 20_000  # an insert of at least this many rows drops LAZY_INDEXES first
# the transactions whose ids a JSON array lists, looked up one by one (CROSS JOIN keeps SQLite from scanning
# the table once per listed id)
_IDS_IN_JSON = "FROM json_each(?) AS j CROSS JOIN transactions AS t ON t.id = j.value"
_LABELS = (N_("Counterparty"), N_("Description"), N_("Note"))
_VARYING = (C.ID, C.POS["amount"])  # never written as literals (the ids differ; a float literal may round)
_LITERAL_TYPES = (int, str)


# what FTS5's ``ascii`` tokenizer splits words on (ASCII other than letters and digits)
_REF_SPLIT = re.compile(r"[\x00-/:-@\[-`{-\x7f]+")
_LISTED_LABELS = 500  # statuses or channels a search lists by value at most


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def text_match(conn: Any, needle: str, alias: str = "", case_id: int | None = None) -> tuple[str, list[Any]]:
    """An SQL test (and its parameters) for the transactions that hold ``needle`` (3+ characters): in their
    free text (trigram index), as the start of one of their references (ASCII letters in either case), or in
    their status or channel (the distinct values in ``tx_labels``, compared case-insensitively here).
    ``alias`` is the transactions table's alias in the caller's query, if it has one; ``case_id`` the case
    the caller's query is limited to, if it is (a needle of punctuation only then scans that case alone)."""
    t = f"{alias}." if alias else ""
    clauses = [f"{t}id IN (SELECT rowid FROM tx_fts WHERE tx_fts MATCH ?)"]
    params: list[Any] = [_quoted(needle)]
    words = [word for word in _REF_SPLIT.split(needle) if word]
    starts = "(x.refs LIKE ? ESCAPE '\\' OR x.refs LIKE ? ESCAPE '\\')"
    if words:  # the reference's words (the last one may be cut short), then its start compared exactly
        query = " ".join(_quoted(word) for word in words)
        if not _REF_SPLIT.fullmatch(needle[-1]):
            query += " *"
        clauses.append(f"{t}id IN (SELECT x.id FROM tx_refs CROSS JOIN transactions AS x ON x.id = tx_refs.rowid "
                       f"WHERE tx_refs MATCH ? AND {starts})")
        params.append(query)
    else:  # punctuation only: no word to look up, the references are scanned
        in_case = "" if case_id is None else f"x.case_id = {int(case_id)} AND "
        clauses.append(f"{t}id IN (SELECT x.id FROM transactions AS x WHERE {in_case}{starts})")
    params += [like_escaped(needle) + "%", "%" + _SEP + like_escaped(needle) + "%"]
    folded = needle.lower()
    for column in ("status", "channel"):
        values = [value for (value,) in conn.execute(f"SELECT DISTINCT {column} FROM tx_labels")
                  if folded in value.lower()]
        if len(values) > _LISTED_LABELS:  # (very many: one JSON parameter instead of a variable each)
            clauses.append(f"{t}{column} IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(values, ensure_ascii=False))
        elif values:
            clauses.append(f"{t}{column} IN ({','.join('?' * len(values))})")
            params += values
    return "(" + " OR ".join(clauses) + ")", params


class CancelFlag(Protocol):
    """Anything with ``is_set()`` (``threading.Event``)."""

    def is_set(self) -> bool: ...


def _literal(value: Any, link: bool) -> str | None:
    """``value`` as an SQL literal, or None when it is better bound (a float, a text with NUL)."""
    if type(value) is int:
        return "NULL" if link and value == 0 else str(value)
    if type(value) is str and "\x00" not in value:
        return "'" + value.replace("'", "''") + "'"
    return None


def write_rows(conn: Any, cols: list[Sequence[Any]]) -> None:
    """Inserts rows given column by column (``columns.TABLE`` order, raw texts in full): multi-row statements
    of ``MULTI_ROWS`` rows, the values every row shares written once as literals, cited raw texts empty."""
    count = len(cols[0])
    cited = cols[C.CITED]
    if any(cited):
        cols = list(cols)
        cols[C.RAW] = ["" if c else r for r, c in zip(cols[C.RAW], cited, strict=True)]
    parts: list[str] = []
    varying: list[Sequence[Any]] = []
    for n, column in enumerate(cols):
        first = column[0]
        literal = None
        if n not in _VARYING and (count == 1 or (column[-1] == first and column[count // 2] == first
                                                 and column.count(first) == count)):  # (two probes first: cheap)
            literal = _literal(first, n in C.LINK_POS)
        if literal is None:
            parts.append(C.PLACEHOLDERS[n])
            varying.append(column)
        else:
            parts.append(literal)
    row_sql = "(" + ",".join(parts) + ")"
    per_row = len(varying)
    flat = list(chain.from_iterable(zip(*varying, strict=True)))
    step = max(1, min(MULTI_ROWS, VARIABLE_LIMIT // per_row))
    full = C.INSERT_HEAD + ",".join([row_sql] * step)
    start = 0
    while start < count:
        size = min(step, count - start)
        sql = full if size == step else C.INSERT_HEAD + ",".join([row_sql] * size)
        conn.execute(sql, flat[start * per_row:(start + size) * per_row])
        start += size


class TransactionManager:
    """``store.transactions``."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self.cited = _cited.CitedLines()  # the lines of export files that stored rows cite (emptied at lock)

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

    def rows(self, batch: Sequence[Transaction] | Sequence[dict[str, Any]], first_id: int,
             base: dict[str, Any] | None = None, cited: Sequence[bool] | None = None) -> list[tuple[Any, ...]]:
        """Checks and converts one batch (``to_rows`` with the checks of ``_check``); ``cited[n]`` says that the
        raw text of row ``n`` is its source line of the stored export file (see ``cited.py``)."""
        out = to_rows(batch, first_id, self._check, self._store.clean_texts, base)
        if cited is not None and any(cited):
            out = [(*row[:-1], 1) if flag else row for row, flag in zip(out, cited, strict=True)]
        return out

    def _check_case(self, case_id: int) -> None:
        if not self._store.cases.exists(case_id):
            raise records.not_found("case", case_id)

    def next_id(self) -> int:
        """The id the next stored transaction gets."""
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
                   cancel: CancelFlag | None = None, *, base: dict[str, Any] | None = None,
                   cited: Sequence[bool] | None = None) -> list[int]:
        """``add_many`` for a list of transactions given either as ``Transaction`` objects or as dicts of their
        fields but ``id``: every field, or (with ``base``, a dict of every field but ``id``) some of them, the
        others taken from ``base``. Importers hand their parsed rows over as they are, without building a
        ``Transaction`` or a merged dict for each; ``cited`` (one flag per item) marks the rows whose raw text is
        their line of the stored export file (``rows``). Returns the ids in order."""
        if not items:
            return []
        self._store.ensure_space(len(items) * 256)
        with collector_paused(), self._store.transaction():
            if type(items[0]) is not dict:
                cases = {tx.case_id for tx in items}  # type: ignore[union-attr]
            elif base is None:
                cases = {f["case_id"] for f in items}
            else:
                cases = {f.get("case_id", base["case_id"]) for f in items}
            self.defer_indexes(len(items))
            for case_id in cases:
                self._check_case(case_id)
            first = next_id = self.next_id()
            for start in range(0, len(items), BATCH):
                if cancel is not None and cancel.is_set():
                    raise Cancelled()
                batch = items[start:start + BATCH]
                rows = self.rows(batch, next_id, base, None if cited is None else cited[start:start + BATCH])
                self.write(cases, rows)
                next_id += len(rows)
                if progress is not None:
                    progress(next_id - first, len(items))
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            self.written(cases, next_id)
        return list(range(first, next_id))

    def imported_columns(self, rows: Sequence[Sequence[Any]], first_id: int, case_id: int, source_id: int,
                         role: str, cited: Sequence[bool]) -> list[Sequence[Any]]:
        """Checks imported rows (``codec.imported_row``) column by column and returns every column of them
        (``columns.TABLE`` order, ids from ``first_id``, no refund links). Raises like ``_check`` for a row that
        cannot be stored."""
        count = len(rows)
        given = dict(zip(C.IMPORTED, zip(*rows, strict=True), strict=True))
        if role not in _ROLES:
            raise UsageError(_("Unknown role: {role}. Use disputed, context or record.").format(role=role))
        unknown = set(given["direction"]) - _DIRECTIONS
        if unknown:
            raise UsageError(_("Unknown direction: {direction}").format(direction=min(unknown)))
        if not all(map(math.isfinite, given["amount"])):
            raise UsageError(_("A transaction amount must be a decimal number."))
        clean = self._store.clean_texts
        for name, label in zip(("counterparty", "description", "note"), _LABELS, strict=True):
            for text in set(given[name]):
                if len(text) >= 12 and text not in clean:
                    self._store.guard_text(label, text)
        fixed = {"id": range(first_id, first_id + count), "case_id": [case_id] * count, "refund_of": [0] * count,
                 "src_id": [source_id] * count, "role": [role] * count, "raw_cited": list(map(int, cited))}
        return [given[name] if name in given else fixed[name] for name in C.NAMES]

    def add_imported(self, rows: Sequence[Sequence[Any]], case_id: int, source_id: int, role: str,
                     cited: Sequence[bool], cancel: CancelFlag | None = None) -> list[int]:
        """``add_fields`` for rows an importer built as stored columns (``codec.imported_row``) of one case and
        one source file; ``cited[n]`` as for ``add_fields``. Returns the ids in order."""
        if not rows:
            return []
        self._store.ensure_space(len(rows) * 256)
        with collector_paused(), self._store.transaction():
            self.defer_indexes(len(rows))
            self._check_case(case_id)
            first = next_id = self.next_id()
            for start in range(0, len(rows), BATCH):
                if cancel is not None and cancel.is_set():
                    raise Cancelled()
                cols = self.imported_columns(rows[start:start + BATCH], next_id, case_id, source_id, role,
                                             cited[start:start + BATCH])
                self.write_columns({case_id}, cols)
                next_id += len(cols[0])
            self.written({case_id}, next_id)
        return list(range(first, next_id))

    def write(self, cases: set[int], rows: list[tuple[Any, ...]]) -> None:
        """Inserts finished rows (``rows``; consecutive ids from ``next_id``) of the cases ``cases`` and records
        their audit entry."""
        self.write_columns(cases, list(zip(*rows, strict=True)))

    def write_columns(self, cases: set[int], cols: list[Sequence[Any]]) -> None:
        """``write`` for rows given column by column."""
        write_rows(self._store.conn, cols)
        case_id = next(iter(cases)) if len(cases) == 1 else None
        ids = cols[C.ID]
        obj = f"transaction:{ids[0]}" if len(ids) == 1 else f"transactions:{ids[0]}-{ids[-1]} ({len(ids)})"
        self._store.audit.record("create", obj, case_id, digest_columns(cols))

    def written(self, cases: set[int], next_id: int) -> None:
        """After rows up to ``next_id - 1`` were written: the text index when they are few, change notices."""
        if next_id - self._indexed_up_to() - 1 <= EAGER_INDEX_ROWS:
            self.index_pending()
        for case_id in cases:
            self._store.changed("transactions", case_id)

    def hold(self) -> HeldTransactions:
        """A place for transactions that are checked now and stored later (see ``HeldTransactions``)."""
        from walletcare.evidence.transactions.held import HeldTransactions

        return HeldTransactions(self, self._store.conn)

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

    def index_pending(self, progress: Callable[[int, int], None] | None = None,
                      cancel: CancelFlag | None = None) -> int:
        """Adds the transactions stored since the text index was last brought up to date; returns how many.

        ``INDEX_STEP`` rows at a time, each step reported as ``progress(done, total)``; ``cancel`` stops it (what
        was indexed in this call is rolled back, the next call starts again). Text searches call it first; the
        importers' callers run it after a big import, with progress.
        """
        with self._store.transaction():
            conn = self._store.conn
            done = self._indexed_up_to()
            top = int(conn.execute("SELECT coalesce(max(id), 0) FROM transactions").fetchone()[0])
            if top <= done:
                return 0
            added = 0
            low = done
            while low < top:
                if cancel is not None and cancel.is_set():
                    raise Cancelled()
                high = min(top, low + INDEX_STEP)
                added += self._index(f"id > {int(low)} AND id <= {int(high)}")
                low = high
                if progress is not None:
                    progress(low - done, top - done)
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('tx_fts_upto', ?)", (top,))
            return added

    def _index(self, where: str, params: Sequence[Any] = ()) -> int:
        """Puts the rows ``where`` selects into the three parts of the text index; returns how many."""
        conn = self._store.conn
        added = int(conn.execute(f"INSERT INTO tx_fts(rowid, {', '.join(FREE_TEXT)}) SELECT id, {', '.join(FREE_TEXT)} "
                                 f"FROM transactions WHERE {where}", tuple(params)).rowcount)
        conn.execute(f"INSERT INTO tx_refs(rowid, refs) SELECT id, refs FROM transactions WHERE ({where}) AND refs != ''",
                     tuple(params))
        conn.execute(f"INSERT OR IGNORE INTO tx_labels(status, channel) SELECT DISTINCT status, channel FROM transactions "
                     f"WHERE {where}", tuple(params))
        return added

    def reindex(self, where: str, params: Sequence[Any] = ()) -> None:
        """Puts rows the text index held before (``where`` selects them; they were removed and put back, or
        changed) into the text index again; rows above ``tx_fts_upto`` are left for ``index_pending``."""
        self._index(f"({where}) AND id <= (SELECT value FROM meta WHERE key = 'tx_fts_upto')", params)

    def update(self, tx: Transaction) -> Transaction:
        """Saves a changed transaction (the old values go into the audit trail)."""
        self._check(dict(zip(FIELDS, _from_record(tx), strict=True)))
        with self._store.transaction():
            conn = self._store.conn
            old = self.get(tx.id)
            if old.case_id != tx.case_id:
                self._check_case(tx.case_id)
            was_cited = conn.execute("SELECT raw_cited FROM transactions WHERE id = ?", (tx.id,)).fetchone()[0]
            still_cited = was_cited and (tx.raw, tx.source_evidence_id, tx.source_line) == (
                old.raw, old.source_evidence_id, old.source_line)
            row = list(self.rows([tx], tx.id, cited=[bool(still_cited)])[0])
            if still_cited:
                row[C.RAW] = ""
            conn.execute(C.UPDATE_SQL, (*row[1:], tx.id))  # (the triggers keep the text index in step)
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
        row = self._store.conn.execute(f"{C.SELECT} WHERE id = ?", (tx_id,)).fetchone()
        if row is None:
            raise records.not_found("transaction", tx_id)
        return self._load([row])[0]

    def _load(self, rows: list[Any]) -> list[Transaction]:
        """Records from rows selected with ``columns.SELECT``, the raw text of cited rows re-derived."""
        if any(row[-1] for row in rows):
            rows = self.cited.fill(self._store.conn, rows, *_cited.SELECTED)
        return [load(r) for r in rows]

    def stored_rows(self, where: str, params: Sequence[Any] = ()) -> list[Any]:
        """The rows ``where`` selects as ``to_rows`` built them (``columns.TABLE`` order, 0 for no link, the raw
        text of cited rows re-derived), in id order: what ``codec.batch_digest`` covers."""
        rows: list[Any] = self._store.conn.execute(f"SELECT {C.STORED} FROM transactions WHERE {where} ORDER BY id",
                                                   tuple(params)).fetchall()
        if any(row[C.CITED] for row in rows):
            rows = self.cited.fill(self._store.conn, rows, *_cited.STORED)
        return rows

    def _where(self, case_id: int, text: str | None, status: str | None, direction: str | None,
               currency: str | None, role: str | None = None) -> tuple[str, list[Any]]:
        equal = {"case_id": case_id, "role": role, "status": status, "direction": direction, "currency": currency}
        clauses: list[str] = [f"{column} = ?" for column, value in equal.items() if value is not None]
        params: list[Any] = [value for value in equal.values() if value is not None]
        needle = (text or "").strip()
        if len(needle) >= 3:
            self.index_pending()
            sql, found = text_match(self._store.conn, needle, case_id=case_id)
            clauses.append(sql)
            params += found
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
        sql = (f"{C.SELECT} WHERE id IN (SELECT id FROM transactions WHERE {where} "
               f"ORDER BY {keys} LIMIT ? OFFSET ?) ORDER BY {keys}")
        rows = self._store.conn.execute(sql, [*params, int(limit), int(offset)]).fetchall()
        return self._load(rows)

    def count(self, case_id: int, *, text: str | None = None, status: str | None = None,
              direction: str | None = None, currency: str | None = None, role: str | None = None) -> int:
        """How many of a case's transactions match the filters of ``page``."""
        self._indexes_for("time", status)
        where, params = self._where(case_id, text, status, direction, currency, role)
        return int(self._store.conn.execute(f"SELECT count(*) FROM transactions WHERE {where}", params).fetchone()[0])

    def all(self, case_id: int) -> list[Transaction]:
        """Every transaction of a case in time order (for the dossier; the UI pages instead)."""
        rows = self._store.conn.execute(f"{C.SELECT} WHERE case_id = ? ORDER BY t, id", (case_id,)).fetchall()
        return self._load(rows)

    def with_roles(self, case_id: int, roles: Iterable[str]) -> list[Transaction]:
        """The case's transactions whose role is one of ``roles``, in time order (the dossier's own rows)."""
        wanted = sorted(set(roles))
        marks = ",".join("?" * len(wanted))
        rows = self._store.conn.execute(f"{C.SELECT} WHERE case_id = ? AND role IN ({marks}) ORDER BY t, id",
                                        (case_id, *wanted)).fetchall()
        return self._load(rows)

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

    def refuse_uncited(self, evidence_id: int) -> None:
        """Raises UsageError when stored transactions cite the export file ``evidence_id`` (their raw text is
        read from it): the file can only go with them (undo the import)."""
        count = int(self._store.conn.execute("SELECT count(*) FROM transactions WHERE src_id = ? AND raw_cited = 1",
                                             (evidence_id,)).fetchone()[0])
        if count:
            raise UsageError(_("{count} imported transactions are read from this file. Undo the import to remove "
                               "the file together with its transactions. Nothing was changed.").format(count=count))

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


