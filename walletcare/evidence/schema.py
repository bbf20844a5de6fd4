"""The vault database schema and its forward-only migrations (version kept in ``PRAGMA user_version``).

``MIGRATIONS[n]`` brings a database from version ``n`` to ``n + 1``; version 0 is an empty file. Records are
stored as indexed columns plus a JSON body (see ``records.py``). Private full-text search uses FTS5 with the
trigram tokenizer (substring matches work for Chinese without a word splitter) inside the encrypted file;
transaction rows are indexed by ``add_many`` itself, in bulk (several times faster than an insert trigger),
while triggers keep the index in step on update and delete. There is deliberately no index on ``dedup_key``:
keys are hashes, so such an index is written in random order and cost a third of a 100k-row import, while
``dedup_keys()`` runs once per import and scans one case (about 0.4 s at 100k rows, on a loaded machine).
"""

from __future__ import annotations

from collections.abc import Callable
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


MIGRATIONS: list[Callable[[Any], None]] = [_v0_to_v1]


def current_version() -> int:
    """The schema version this WalletCare writes."""
    return len(MIGRATIONS)
