"""The vault database schema and its forward-only migrations (version kept in ``PRAGMA user_version``).

``MIGRATIONS[n]`` brings a database from version ``n`` to ``n + 1``; version 0 is an empty file. Records are
stored as indexed columns plus a JSON body (see ``records.py``); transactions keep every field that has a
column out of the body (version 2: the texts and references; version 3: the source of imported rows, their
raw text and extra fields), so a bulk insert does no per-row JSON work. Since version 3 the amount and status
indexes are built when a page first needs them and dropped before a bulk insert (``transactions.LAZY_INDEXES``). Private full-text search
uses FTS5 with the trigram tokenizer (substring matches work for Chinese without a word splitter) inside
the encrypted file. The transaction index (since version 9 ``tx_fts``, ``tx_refs`` and ``tx_labels``, see
``_search_parts``) is filled in bulk for the rows above ``meta.tx_fts_upto``; the triggers keep it in step on
update and delete for the rows already in it. Its ``automerge`` is off (segments are
merged only when 16 pile up on one level): bulk filling 100k rows costs 0.64 s of CPU instead of 0.96 s,
and a text page after 500 single additions was no slower (9 ms against 12 ms). There is deliberately no index on
``dedup_key``: keys are hashes, so such an index is written in random order and cost a third of a 100k-row
import, while ``dedup_keys()`` runs once per import and scans one case (about 0.4 s at 100k rows, on a
loaded machine). The transaction roles step (``_tx_roles``) adds the ``role`` column; a case's amount in
dispute is summed over its ``disputed`` rows. The cited-rows step (``_cited_rows``) lets an imported row that
is one line of its stored export cite it instead of keeping the text, indexes only free text in ``tx_fts``
and puts references in ``tx_ids`` for exact lookups; the search-parts step (``_search_parts``) replaces
those two with the three-part index.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE cases (
    id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL, status TEXT NOT NULL, kind TEXT NOT NULL,
    opened TEXT, body TEXT NOT NULL
);
CREATE TABLE transactions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    t INTEGER NOT NULL, amount REAL NOT NULL, status TEXT NOT NULL, direction TEXT NOT NULL,
    currency TEXT NOT NULL, counterparty TEXT NOT NULL, dedup_key TEXT NOT NULL,
    refund_of INTEGER REFERENCES transactions(id) ON DELETE SET NULL,
    text TEXT NOT NULL, body TEXT NOT NULL
);
CREATE INDEX tx_case_time ON transactions(case_id, t, id);
CREATE INDEX tx_case_amount ON transactions(case_id, amount, id);
CREATE INDEX tx_case_status ON transactions(case_id, status, t, id);
CREATE INDEX tx_refund ON transactions(refund_of);
CREATE VIRTUAL TABLE tx_fts USING fts5(text, content='transactions', content_rowid='id', tokenize='trigram');
CREATE TRIGGER tx_ad AFTER DELETE ON transactions BEGIN
    INSERT INTO tx_fts(tx_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER tx_au AFTER UPDATE OF text ON transactions BEGIN
    INSERT INTO tx_fts(tx_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO tx_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TABLE contacts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    t INTEGER NOT NULL, body TEXT NOT NULL
);
CREATE INDEX contacts_case ON contacts(case_id, t);
CREATE TABLE evidence (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    sha256 TEXT NOT NULL, body TEXT NOT NULL,
    UNIQUE (case_id, sha256)
);
CREATE TABLE evidence_data (
    evidence_id INTEGER PRIMARY KEY REFERENCES evidence(id) ON DELETE CASCADE, data BLOB NOT NULL
);
CREATE TABLE derived (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    evidence_id INTEGER NOT NULL REFERENCES evidence(id) ON DELETE CASCADE,
    kind TEXT NOT NULL, mime TEXT NOT NULL, width INTEGER NOT NULL, height INTEGER NOT NULL,
    sha256 TEXT NOT NULL, data BLOB NOT NULL, UNIQUE (evidence_id, kind)
);
CREATE TABLE evidence_links (
    evidence_id INTEGER NOT NULL REFERENCES evidence(id) ON DELETE CASCADE,
    area TEXT NOT NULL, ref_id INTEGER NOT NULL, PRIMARY KEY (evidence_id, area, ref_id)
);
CREATE INDEX evidence_links_ref ON evidence_links(area, ref_id);
CREATE TABLE presets (name TEXT PRIMARY KEY, mapping TEXT NOT NULL);
CREATE TABLE audit (
    seq INTEGER PRIMARY KEY, at TEXT NOT NULL, action TEXT NOT NULL, object TEXT NOT NULL,
    case_id INTEGER, digest TEXT NOT NULL, detail TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL
);
CREATE INDEX audit_case ON audit(case_id, seq);
CREATE VIRTUAL TABLE private_fts USING fts5(
    area UNINDEXED, ref_id UNINDEXED, case_id UNINDEXED, text, tokenize='trigram'
);
"""


def run_script(conn: Any, script: str) -> None:
    """Runs each statement of ``script`` with ``execute`` (``executescript`` would commit the transaction)."""
    import sqlcipher3

    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlcipher3.complete_statement(pending):
            conn.execute(pending)
            pending = ""
    if pending.strip():
        raise ValueError("incomplete SQL statement in a migration")


def _v0_to_v1(conn: Any) -> None:
    run_script(conn, _V1)


_V2 = """
DROP TRIGGER tx_ad;
DROP TRIGGER tx_au;
DROP TABLE tx_fts;
DROP INDEX tx_case_time;
DROP INDEX tx_case_amount;
DROP INDEX tx_case_status;
DROP INDEX tx_refund;
ALTER TABLE transactions RENAME TO transactions_v1;
CREATE TABLE transactions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    t INTEGER NOT NULL, tz INTEGER NOT NULL, amount REAL NOT NULL, amount_text TEXT NOT NULL,
    status TEXT NOT NULL, direction TEXT NOT NULL, currency TEXT NOT NULL,
    counterparty TEXT NOT NULL, description TEXT NOT NULL, note TEXT NOT NULL, channel TEXT NOT NULL,
    ref_kinds TEXT NOT NULL, refs TEXT NOT NULL, dedup_key TEXT NOT NULL,
    refund_of INTEGER REFERENCES transactions(id) ON DELETE SET NULL,
    body TEXT NOT NULL
);
"""
_V2_AFTER = """
CREATE INDEX tx_case_time ON transactions(case_id, t, id);
CREATE INDEX tx_case_amount ON transactions(case_id, amount, id);
CREATE INDEX tx_case_status ON transactions(case_id, status, t, id);
CREATE INDEX tx_refund ON transactions(refund_of) WHERE refund_of IS NOT NULL;
CREATE VIRTUAL TABLE tx_fts USING fts5(text, content='', contentless_delete=1, tokenize='trigram');
INSERT INTO tx_fts(tx_fts, rank) VALUES ('automerge', 0);
CREATE TRIGGER tx_ad AFTER DELETE ON transactions
WHEN old.id <= (SELECT value FROM meta WHERE key = 'tx_fts_upto') BEGIN
    DELETE FROM tx_fts WHERE rowid = old.id;
END;
CREATE TRIGGER tx_au AFTER UPDATE OF counterparty, description, note, status, channel, refs ON transactions
WHEN old.id <= (SELECT value FROM meta WHERE key = 'tx_fts_upto') BEGIN
    DELETE FROM tx_fts WHERE rowid = old.id;
    INSERT INTO tx_fts(rowid, text) VALUES (new.id, {new_text});
END;
INSERT OR REPLACE INTO meta(key, value) VALUES ('tx_fts_upto', 0);
"""


# Each step below is frozen: it names its own columns and converts stored rows with plain dicts and its own
# copies of the encodings of its time, never through today's models or transactions.py, so a later change to
# those cannot change what an old vault becomes (tests/unit/evidence/test_old_vaults.py opens vaults that the
# old code wrote).
_V2_COLUMNS = ("id, case_id, t, tz, amount, amount_text, status, direction, currency, counterparty, description, "
               "note, channel, ref_kinds, refs, dedup_key, refund_of, body")
# the fields of a version-1 body that version 2 keeps in columns (the rest stay in the body)
_V2_IN_COLUMNS = frozenset({"id", "case_id", "time", "amount", "status", "direction", "currency", "counterparty",
                            "description", "note", "channel", "references", "dedup_key"})
# the searchable text of a row (the trigger keeps the contentless index in step), as version 2 defined it
_V2_NEW_TEXT = ("new.counterparty || ' ' || new.description || ' ' || new.note || ' ' || new.status || ' ' || "
                "new.channel || ' ' || new.refs")
_V2_SEP = "\x1f"  # between several references in ref_kinds / refs (and, from version 3, the parts of extra)
_V2_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_V2_MICRO = timedelta(microseconds=1)
_V2_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _v2_references(refs: list[dict[str, str]]) -> tuple[str, str, bool]:
    """``(kinds, values, in_body)`` of a body's references: joined by U+001F when every kind is non-empty and
    no text holds the separator, otherwise kept in the body (``values`` then serves the search only)."""
    if not refs:
        return "", "", False
    kinds = _V2_SEP.join(r["kind"] for r in refs)
    values = _V2_SEP.join(r["value"] for r in refs)
    last = len(refs) - 1
    if (all(r["kind"] for r in refs) and kinds.count(_V2_SEP) == last == values.count(_V2_SEP)):
        return kinds, values, False
    return "", values, True


def _v2_row(tx_id: int, case_id: int, fields: dict[str, Any]) -> tuple[Any, ...]:
    """The version-2 row of a version-1 transaction body (``fields``: its JSON, non-default fields only)."""
    moment = datetime.fromisoformat(fields["time"])
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError(f"transaction {tx_id} has a time without a zone")
    amount = Decimal(fields["amount"])
    kinds, values, in_body = _v2_references(fields.get("references") or [])
    kept = {k: v for k, v in fields.items() if k not in _V2_IN_COLUMNS}
    if in_body:  # references that cannot be joined stay in the body
        kept["references"] = fields["references"]
    return (tx_id, case_id, (moment - _V2_EPOCH) // _V2_MICRO, offset // _V2_MICRO, float(amount), str(amount),
            fields.get("status", ""), fields.get("direction", "out"), fields["currency"],
            fields.get("counterparty", ""), fields.get("description", ""), fields.get("note", ""),
            fields.get("channel", ""), kinds, values, fields.get("dedup_key", ""), fields.get("refund_of") or 0,
            _V2_JSON(kept) if kept else "")


def _v1_to_v2(conn: Any) -> None:
    """Transactions as columns plus a small body; a contentless text index filled in bulk."""
    seq = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'transactions'").fetchone()
    run_script(conn, _V2)
    rows = conn.execute("SELECT id, case_id, body FROM transactions_v1 ORDER BY id")
    insert = f"INSERT INTO transactions({_V2_COLUMNS}) VALUES ({','.join('?' * 16)}, NULLIF(?, 0), ?)"
    while chunk := rows.fetchmany(5000):
        conn.executemany(insert, [_v2_row(int(i), int(c), json.loads(body)) for i, c, body in chunk])
    # dropping a table deletes its rows first, and each delete looks up the rows whose refund_of (a foreign key
    # to the table itself) names it: without this index that is a scan per row (20k rows: 22 s of CPU)
    conn.execute("CREATE INDEX tx_v1_refund ON transactions_v1(refund_of)")
    conn.execute("DROP TABLE transactions_v1")
    if seq is not None:
        if conn.execute("SELECT 1 FROM sqlite_sequence WHERE name = 'transactions'").fetchone() is None:
            conn.execute("INSERT INTO sqlite_sequence(name, seq) VALUES ('transactions', ?)", (int(seq[0]),))
        conn.execute("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'transactions'", (int(seq[0]),))
    run_script(conn, _V2_AFTER.replace("{new_text}", _V2_NEW_TEXT))


_V3 = """
ALTER TABLE transactions ADD COLUMN src_id INTEGER;
ALTER TABLE transactions ADD COLUMN src_line INTEGER;
ALTER TABLE transactions ADD COLUMN src_format TEXT NOT NULL DEFAULT '';
ALTER TABLE transactions ADD COLUMN raw TEXT NOT NULL DEFAULT '';
ALTER TABLE transactions ADD COLUMN extra TEXT NOT NULL DEFAULT '';
ALTER TABLE transactions ADD COLUMN fee TEXT NOT NULL DEFAULT '';
DROP INDEX tx_case_amount;
DROP INDEX tx_case_status;
CREATE TABLE evidence_chunks (
    evidence_id INTEGER NOT NULL REFERENCES evidence(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (evidence_id, seq)
);
INSERT INTO evidence_chunks(evidence_id, seq, data) SELECT evidence_id, 0, data FROM evidence_data;
DROP TABLE evidence_data;
"""
_V3_UPDATE = ("UPDATE transactions SET src_id = NULLIF(?, 0), src_line = NULLIF(?, 0), src_format = ?, raw = ?, "
              "extra = ?, fee = ?, body = ? WHERE id = ?")


def _v3_update(tx_id: int, body: dict[str, Any]) -> tuple[Any, ...]:
    """The values of ``_V3_UPDATE`` for a row whose version-2 body is ``body``: the source, raw text, fee and
    extra pairs leave the body for their columns (extra pairs joined by U+001F unless a text holds it)."""
    pairs = body.pop("extra", None) or []
    extra = _V2_SEP.join(part for pair in pairs for part in pair)
    if pairs and extra.count(_V2_SEP) != 2 * len(pairs) - 1:
        extra, body["extra"] = "", pairs
    fee = body.pop("fee", None)
    values = (body.pop("source_evidence_id", None) or 0, body.pop("source_line", None) or 0,
              body.pop("source_format", ""), body.pop("raw", ""), extra, "" if fee is None else str(Decimal(fee)))
    return (*values, _V2_JSON(body) if body else "", tx_id)


def _v2_to_v3(conn: Any) -> None:
    """The source of imported rows (evidence id, line, format), their raw text, extra fields and fee as
    columns, so an import writes no JSON per row; the amount and status indexes are built when a page first needs them;
    evidence bytes in chunks (``exhibits.CHUNK``), so storing a 25 MB file does not copy it whole twice in memory."""
    run_script(conn, _V3)
    last = 0
    while rows := conn.execute("SELECT id, body FROM transactions WHERE id > ? AND body != '' ORDER BY id "
                               "LIMIT 5000", (last,)).fetchall():
        last = rows[-1][0]
        conn.executemany(_V3_UPDATE, [_v3_update(int(tx_id), json.loads(body)) for tx_id, body in rows])


_TX_ROLES = """
ALTER TABLE transactions ADD COLUMN role TEXT NOT NULL DEFAULT 'record';
UPDATE transactions SET role = 'disputed' WHERE src_id IS NULL AND src_format IN ('', 'typed');
"""


def _tx_roles(conn: Any) -> None:
    """Transaction roles (``disputed``, ``context``, ``record``): the rows typed in by hand are what the user
    disputes, imported statement rows are records until the user marks them."""
    run_script(conn, _TX_ROLES)


_OCR = """
CREATE TABLE evidence_text (
    evidence_id INTEGER PRIMARY KEY REFERENCES evidence(id) ON DELETE CASCADE,
    source TEXT NOT NULL, engine TEXT NOT NULL, model TEXT NOT NULL, read_at TEXT NOT NULL,
    text TEXT NOT NULL, lines TEXT NOT NULL, flags TEXT NOT NULL DEFAULT '', secret TEXT NOT NULL DEFAULT '',
    sealed TEXT NOT NULL DEFAULT ''
);
"""


def _ocr_text(conn: Any) -> None:
    """Machine-read text of evidence items (``readings.py``): the text, its line boxes as JSON, the engine and
    model that read it, the scam checker's flags, and for an item that shows a recovery phrase or private key the
kind and masked excerpt of it (``secret``) and ``sealed`` (``held`` until the user deletes it or confirms
``kept``; the text itself is then not stored). A step of its
    own, so it can be renumbered when other migrations land before it."""
    run_script(conn, _OCR)


_CHATS = """
CREATE TABLE chat_messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL, at TEXT NOT NULL, sender TEXT NOT NULL, text TEXT NOT NULL,
    evidence_id INTEGER REFERENCES evidence(id) ON DELETE SET NULL
);
CREATE INDEX chat_messages_contact ON chat_messages(contact_id, seq);
"""


def _chat_messages(conn: Any) -> None:
    """The messages of an imported chat (``chats.py``), one row each under the contact that holds the thread,
    with the evidence item of its attachment. A step of its own, like ``_ocr_text``."""
    run_script(conn, _CHATS)


_PLAN_MARKS = """
CREATE TABLE plan_marks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    kind TEXT NOT NULL, key TEXT NOT NULL, at TEXT NOT NULL, body TEXT NOT NULL
);
CREATE INDEX plan_marks_case ON plan_marks(case_id, kind, key, id);
"""


def _plan_marks(conn: Any) -> None:
    """What the user did about a case's plan (``evidence/plan/marks.py``): submissions to a rung of the
    escalation ladder (confirmation number, time, receipt item) and ticks of first-hour playbook items, one
    row per mark, the latest per key winning. A step of its own, like ``_ocr_text``."""
    run_script(conn, _PLAN_MARKS)


_CITED_ROWS = """
ALTER TABLE transactions ADD COLUMN raw_cited INTEGER NOT NULL DEFAULT 0;
DROP TRIGGER tx_ad;
DROP TRIGGER tx_au;
DROP TABLE tx_fts;
CREATE VIRTUAL TABLE tx_fts USING fts5(text, content='', contentless_delete=1, tokenize='trigram');
INSERT INTO tx_fts(tx_fts, rank) VALUES ('automerge', 0);
CREATE TABLE tx_ids (ref TEXT NOT NULL COLLATE NOCASE, tx_id INTEGER NOT NULL, PRIMARY KEY (ref, tx_id)) WITHOUT ROWID;
CREATE TRIGGER tx_ad AFTER DELETE ON transactions
WHEN old.id <= (SELECT value FROM meta WHERE key = 'tx_fts_upto') BEGIN
    DELETE FROM tx_fts WHERE rowid = old.id;
    DELETE FROM tx_ids WHERE ref IN ({refs}) AND tx_id = old.id;
    DELETE FROM tx_ids WHERE {more} AND tx_id = old.id;
END;
CREATE TRIGGER tx_au AFTER UPDATE OF counterparty, description, note, status, channel ON transactions
WHEN old.id <= (SELECT value FROM meta WHERE key = 'tx_fts_upto') BEGIN
    DELETE FROM tx_fts WHERE rowid = old.id;
    INSERT INTO tx_fts(rowid, text) VALUES (new.id, new.counterparty || ' ' || new.description || ' ' || new.note
        || ' ' || new.status || ' ' || new.channel);
END;
INSERT OR REPLACE INTO meta(key, value) VALUES ('tx_fts_upto', 0);
CREATE INDEX tx_cited ON transactions(src_id) WHERE raw_cited = 1;
CREATE TRIGGER evidence_cited BEFORE DELETE ON evidence
WHEN EXISTS (SELECT 1 FROM transactions WHERE src_id = old.id AND raw_cited = 1) BEGIN
    SELECT RAISE(ABORT, 'evidence cited by transactions');
END;
"""


def _cited_rows(conn: Any) -> None:
    """Imported rows that are one line of their stored export file cite it (``raw_cited``) instead of keeping
    their raw text, which is re-derived on read (``transactions/cited.py``); a file that rows cite cannot be
    deleted before them. The text index covers the free text only (rebuilt at the next search), order
    numbers and hashes go to ``tx_ids``, looked up exactly. Self-contained: its own SQL and column names; a
    row is cited only when its stored text is exactly that line of the file, whose bytes match their hash."""
    import hashlib

    from walletcare.errors import InvalidInput
    from walletcare.evidence.importers.text import decode, split_lines

    rest = "old.refs"  # the first three references of the deleted row by key; a row with more (rare) by a scan
    refs = []
    for _n in range(3):
        refs.append(f"CASE WHEN instr({rest}, char(31)) > 0 THEN substr({rest}, 1, instr({rest}, char(31)) - 1) "
                    f"ELSE {rest} END")
        rest = f"substr({rest}, instr({rest}, char(31)) + 1)"
    more = "length(old.refs) - length(replace(old.refs, char(31), '')) > 2"
    run_script(conn, _CITED_ROWS.replace("{refs}", ", ".join(refs)).replace("{more}", more))
    sources = [int(r[0]) for r in conn.execute(
        "SELECT DISTINCT src_id FROM transactions WHERE src_id IS NOT NULL AND src_line IS NOT NULL AND raw != '' "
        "AND instr(raw, char(10)) = 0")]
    for evidence_id in sources:
        found = conn.execute("SELECT sha256 FROM evidence WHERE id = ?", (evidence_id,)).fetchone()
        data = b"".join(r[0] for r in conn.execute(
            "SELECT data FROM evidence_chunks WHERE evidence_id = ? ORDER BY seq", (evidence_id,)))
        if found is None or hashlib.sha256(data).hexdigest() != found[0]:
            continue
        try:
            lines = split_lines(decode(data))
        except InvalidInput:  # a workbook: its rows' texts were built from cells
            continue
        del data
        last = 0
        while rows := conn.execute("SELECT id, src_line, raw FROM transactions WHERE src_id = ? AND id > ? "
                                   "ORDER BY id LIMIT 5000", (evidence_id, last)).fetchall():
            last = rows[-1][0]
            cited = [(tx_id,) for tx_id, line, raw in rows if 0 < line <= len(lines) and lines[line - 1] == raw]
            conn.executemany("UPDATE transactions SET raw = '', raw_cited = 1 WHERE id = ?", cited)


_SEARCH_PARTS = """
DROP TRIGGER tx_ad;
DROP TRIGGER tx_au;
DROP TABLE tx_fts;
DROP TABLE tx_ids;
CREATE VIRTUAL TABLE tx_fts USING fts5(counterparty, description, note, content='', columnsize=0, tokenize='trigram');
INSERT INTO tx_fts(tx_fts, rank) VALUES ('automerge', 0);
CREATE VIRTUAL TABLE tx_refs USING fts5(refs, content='', columnsize=0, detail=none, tokenize='ascii');
INSERT INTO tx_refs(tx_refs, rank) VALUES ('automerge', 0);
CREATE TABLE tx_labels (status TEXT NOT NULL, channel TEXT NOT NULL, PRIMARY KEY (status, channel)) WITHOUT ROWID;
CREATE TRIGGER tx_ad AFTER DELETE ON transactions
WHEN old.id <= (SELECT value FROM meta WHERE key = 'tx_fts_upto') BEGIN
    INSERT INTO tx_fts(tx_fts, rowid, counterparty, description, note)
        VALUES ('delete', old.id, old.counterparty, old.description, old.note);
    INSERT INTO tx_refs(tx_refs, rowid, refs) SELECT 'delete', old.id, old.refs WHERE old.refs != '';
END;
CREATE TRIGGER tx_au AFTER UPDATE OF counterparty, description, note ON transactions
WHEN old.id <= (SELECT value FROM meta WHERE key = 'tx_fts_upto') BEGIN
    INSERT INTO tx_fts(tx_fts, rowid, counterparty, description, note)
        VALUES ('delete', old.id, old.counterparty, old.description, old.note);
    INSERT INTO tx_fts(rowid, counterparty, description, note) VALUES (new.id, new.counterparty, new.description, new.note);
END;
CREATE TRIGGER tx_au_refs AFTER UPDATE OF refs ON transactions
WHEN old.id <= (SELECT value FROM meta WHERE key = 'tx_fts_upto') BEGIN
    INSERT INTO tx_refs(tx_refs, rowid, refs) SELECT 'delete', old.id, old.refs WHERE old.refs != '';
    INSERT INTO tx_refs(rowid, refs) SELECT new.id, new.refs WHERE new.refs != '';
END;
CREATE TRIGGER tx_au_labels AFTER UPDATE OF status, channel ON transactions
WHEN old.id <= (SELECT value FROM meta WHERE key = 'tx_fts_upto') BEGIN
    INSERT OR IGNORE INTO tx_labels(status, channel) VALUES (new.status, new.channel);
END;
INSERT OR REPLACE INTO meta(key, value) VALUES ('tx_fts_upto', 0);
"""


def _search_parts(conn: Any) -> None:
    """The text index in three parts, each as cheap to fill as it can be: a trigram index of the free text
    (counterparty, description, note as three columns, so no match runs across two fields), the references
    as words (FTS5's ``ascii`` tokenizer, no positions: a search for the start of an order number or hash
    looks up its words, then compares the start exactly) and the distinct (status, channel) pairs, few in any
    vault, matched by substring at search time. Neither FTS5 table keeps per-row sizes (``columnsize=0``;
    nothing ranks these rows): the triggers take a row out with FTS5's ``delete`` command and the row's old
    values. Rebuilt at the next search, like the step before it."""
    run_script(conn, _SEARCH_PARTS)


MIGRATIONS: list[Callable[[Any], None]] = [_v0_to_v1, _v1_to_v2, _v2_to_v3, _tx_roles, _ocr_text,
                                              _chat_messages, _plan_marks, _cited_rows, _search_parts]


def current_version() -> int:
    """The schema version this WalletCare writes."""
    return len(MIGRATIONS)
