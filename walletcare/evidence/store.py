"""The storage facade: owns the single SQLCipher connection and hands out one manager per kind of record.

``store.cases``, ``store.transactions``, ``store.contacts``, ``store.evidence``, ``store.audit`` and
``store.presets`` return frozen dataclasses from ``models.py``, never rows (``store.drafts`` keeps the unsaved
input of open editors over a lock). Every write runs inside ``store.transaction()`` (nestable: the outermost level is ``BEGIN IMMEDIATE`` … ``COMMIT``, inner levels are
savepoints) and writes an audit entry; change callbacks registered with ``on_change`` run after the
outermost commit. Text fields are checked for seed phrases and private keys before anything is written.
"""

from __future__ import annotations

import json
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from walletcare.errors import DiskFull, Refused, VaultLocked, WalletCareError
from walletcare.evidence.audit import AuditTrail
from walletcare.evidence.cases import CaseManager
from walletcare.evidence.chats import ChatManager
from walletcare.evidence.contacts import ContactManager
from walletcare.evidence.database import storage_error
from walletcare.evidence.drafts import DraftManager
from walletcare.evidence.exhibits import EvidenceManager
from walletcare.evidence.facts import SuggestionManager
from walletcare.evidence.readings import ReadingManager
from walletcare.evidence.transactions import TransactionManager, like_clause
from walletcare.evidence.transactions.codec import like_escaped
from walletcare.evidence.transactions.manager import text_match
from walletcare.i18n import _
from walletcare.secrets import find_secrets

# What an ASCII text needs before it can hold a seed phrase or a private key (``walletcare.secrets``): a run of
# 51+ letters and digits (every key form it knows) or 12+ separate runs of letters (12+ list words). Non-ASCII
# texts (Chinese list words) are always checked in full.
_MAY_HOLD_SECRET = re.compile(r"[0-9A-Za-z]{51}|(?:[A-Za-z]+[^A-Za-z]+){11}[A-Za-z]").search
_CLEAN_TEXTS_MAX = 50_000  # about 8 MB of texts at most; the set is emptied when full

ChangeCallback = Callable[[str, "int | None"], None]
SECRET_KINDS = ("seed", "private_key")
SPACE_MARGIN = 16 * 1024 * 1024


class PartialWrite(WalletCareError):
    """A part of a larger change failed and the error was caught; the whole change was undone."""

    exit_code = 5

    def default_text(self) -> str:
        return _("Part of this change could not be saved, so none of it was. Nothing was written; please try again.")


def find_secret_kinds(text: str) -> list[tuple[str, str, tuple[str | int, ...]]]:
    """``(kind, masked excerpt, shape)`` for every seed phrase or private key in ``text`` (``walletcare.secrets``;
    the shape says the excerpt again in another language)."""
    return [(hit.kind, hit.excerpt, hit.shape) for hit in find_secrets(text, kinds=SECRET_KINDS)]


class Store:
    """One vault's records, through one connection (use it from one thread at a time)."""

    def __init__(self, conn: Any, *, sign: Callable[[bytes], bytes] | None = None, folder: Path | None = None) -> None:
        self._conn: Any = conn
        self._folder = folder
        self._depth = 0
        # the depth of a block without a savepoint that failed: the blocks around it must roll back
        self._broken_at: int | None = None
        self._lock = threading.RLock()
        self._pending: list[tuple[str, int | None]] = []
        self._listeners: list[ChangeCallback] = []
        self._sign = sign
        # run before the first write transaction (the vault's page check when unlock did not check every page)
        self.before_first_write: Callable[[], None] | None = None
        # texts guard_text passed (an import repeats the same payee thousands of times); emptied on lock
        self.clean_texts: set[str] = set()
        self.audit = AuditTrail(self)
        self.cases = CaseManager(self)
        self.transactions = TransactionManager(self)
        self.contacts = ContactManager(self)
        self.evidence = EvidenceManager(self)
        self.presets = PresetManager(self)
        self.drafts = DraftManager(self)
        self.readings = ReadingManager(self, find_secret_kinds)
        self.chats = ChatManager(self)
        self.suggestions = SuggestionManager(self)

    # -- connection ---------------------------------------------------------------------------------
    @property
    def conn(self) -> Any:
        """The open connection (VaultLocked while the vault is locked)."""
        if self._conn is None:
            raise VaultLocked()
        return self._conn

    def detach(self) -> Any:
        """Takes the connection away (locking); returns it so the caller can close it."""
        with self._lock:
            conn, self._conn = self._conn, None
            self.clean_texts = set()
            self.transactions.cited.clear()
            return conn

    def attach(self, conn: Any) -> None:
        """Gives the store a freshly opened connection (unlocking)."""
        with self._lock:
            self._conn = conn

    @contextmanager
    def small_cache(self) -> Iterator[None]:
        """A small page cache inside the block (``database.BULK_CACHE_KIB``), for bulk writes."""
        from walletcare.evidence import database

        conn = self.conn
        conn.execute(f"PRAGMA cache_size = -{database.BULK_CACHE_KIB}")
        try:
            yield
        finally:
            if self._conn is conn:
                conn.execute(f"PRAGMA cache_size = -{database.CACHE_KIB}")

    @property
    def in_transaction(self) -> bool:
        """Whether a ``transaction()`` block is open."""
        return self._depth > 0

    @contextmanager
    def transaction(self, savepoint: bool = True) -> Iterator[None]:  # noqa: C901 - the savepoint and rollback state machine in one place
        """All writes inside happen together or not at all; nested blocks use savepoints.

        ``savepoint=False`` joins an open transaction without one, for bulk changes to rows that already exist
        (SQLite keeps the original of every page a savepoint changes in memory: 110 MB for 10,000 rows updated
        across a 100,000-row import). If such a block fails, the blocks around it cannot keep their writes:
        they roll back even when the error was caught (``PartialWrite``).
        """
        with self._lock:
            conn = self.conn
            depth = self._depth
            plain = depth > 0 and not savepoint
            if depth == 0:
                if self.before_first_write is not None:
                    self.before_first_write()
                conn.execute("BEGIN IMMEDIATE")
            elif not plain:
                conn.execute(f"SAVEPOINT sp{depth}")
            self._depth += 1
            pending_mark = len(self._pending)
            try:
                yield
                if not plain and self._broken_at is not None and depth < self._broken_at:
                    raise PartialWrite()
            except BaseException as exc:
                self._depth -= 1
                del self._pending[pending_mark:]
                if plain:
                    self._broken_at = depth if self._broken_at is None else min(self._broken_at, depth)
                    raise
                if self._broken_at is not None and depth < self._broken_at:
                    self._broken_at = None  # the rollback below undoes the failed block's writes
                if self._conn is not None and conn.in_transaction:
                    if depth == 0:
                        conn.execute("ROLLBACK")
                    else:
                        conn.execute(f"ROLLBACK TO sp{depth}")
                        conn.execute(f"RELEASE sp{depth}")
                found = storage_error(exc)
                if found is not None and found is not exc:
                    raise found from exc
                raise
            self._depth -= 1
            if depth == 0:
                try:
                    conn.execute("COMMIT")
                except BaseException as exc:
                    self._pending.clear()
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    found = storage_error(exc)
                    if found is not None and found is not exc:
                        raise found from exc
                    raise
                fired = list(dict.fromkeys(self._pending))
                self._pending.clear()
                for area, case_id in fired:
                    for listener in list(self._listeners):
                        listener(area, case_id)
            elif not plain:
                conn.execute(f"RELEASE sp{depth}")

    def ensure_space(self, needed_bytes: int) -> None:
        """Raises DiskFull unless the vault's disk has ``needed_bytes`` (plus a margin for the journal) free."""
        if self._folder is None:
            return
        try:
            free = shutil.disk_usage(self._folder).free
        except OSError:
            return
        if free < needed_bytes * 2 + SPACE_MARGIN:  # the rollback journal can hold a copy of the changed pages
            raise DiskFull()

    # -- notifications --------------------------------------------------------------------------------
    def on_change(self, callback: ChangeCallback) -> Callable[[], None]:
        """Calls ``callback(area, case_id)`` after each committed change; returns an unregister function.

        Areas: ``cases``, ``transactions``, ``contacts``, ``evidence``, ``presets``.
        """
        self._listeners.append(callback)

        def unregister() -> None:
            if callback in self._listeners:
                self._listeners.remove(callback)

        return unregister

    def changed(self, area: str, case_id: int | None) -> None:
        """Queues a change notification for the end of the current transaction."""
        self._pending.append((area, case_id))

    # -- checks -----------------------------------------------------------------------------------
    def guard_text(self, field_label: str, text: str) -> None:
        """Raises Refused when ``text`` holds a seed phrase or private key.

        ``field_label`` is the English name of the field (marked with ``N_``), translated only for the message.
        """
        if len(text) < 12 or text in self.clean_texts:
            return
        hits = None if text.isascii() and not _MAY_HOLD_SECRET(text) else find_secret_kinds(text)
        if not hits:
            if len(self.clean_texts) >= _CLEAN_TEXTS_MAX:
                self.clean_texts.clear()
            self.clean_texts.add(text)
            return
        kind, excerpt, _shape = hits[0]
        what = _("a recovery (seed) phrase") if kind == "seed" else _("a private key")
        raise Refused(
            _("The field “{field}” looks like it contains {what} ({excerpt}). WalletCare never stores seed "
              "phrases or private keys: anyone who sees them can take your funds. Remove it and try again; "
              "nothing was saved.").format(field=_(field_label), what=what, excerpt=excerpt)
        )

    def sign(self, data: bytes) -> bytes:
        """Ed25519 signature with the vault's key."""
        if self._sign is None:
            raise VaultLocked()
        return self._sign(data)

    # -- search -----------------------------------------------------------------------------------
    def search_private(self, text: str, case_id: int | None = None, *, limit: int = 1000) -> list[tuple[str, int]]:
        """``(area, id)`` of cases, transactions, contacts and evidence whose text contains ``text``.

        Areas are ``case``, ``transaction``, ``contact``, ``evidence`` (in that order; transactions in time
        order, at most ``limit`` of them). FTS5 trigram matching inside the encrypted file for 3+ characters,
        a scan of the indexed text for shorter queries.
        """
        needle = text.strip()
        if not needle:
            return []
        conn = self.conn
        results: list[tuple[str, int]] = []
        params: list[str | int]
        if len(needle) >= 3:
            self.transactions.index_pending()
            quoted = '"' + needle.replace('"', '""') + '"'
            where, params = "private_fts MATCH ?", [quoted]
            tx_match, tx_params = text_match(conn, needle, "t", case_id)
            tx_sql = f"SELECT t.id FROM transactions t WHERE {tx_match}"
        else:
            like = "%" + like_escaped(needle) + "%"
            where, params = "text LIKE ? ESCAPE '\\'", [like]
            tx_where, tx_params = like_clause(needle)
            tx_sql = f"SELECT t.id FROM transactions t WHERE {tx_where}"
        if case_id is not None:
            where += " AND case_id = ?"
            params.append(case_id)
            tx_sql += " AND t.case_id = ?"
            tx_params.append(case_id)
        for area, ref_id in conn.execute(f"SELECT area, ref_id FROM private_fts WHERE {where}", params):
            results.append((str(area), int(ref_id)))
        for (tx_id,) in conn.execute(tx_sql + " ORDER BY t.t, t.id LIMIT ?", [*tx_params, int(limit)]):
            results.append(("transaction", int(tx_id)))
        order = {"case": 0, "contact": 1, "evidence": 2, "transaction": 3}
        results.sort(key=lambda item: order.get(item[0], 9))
        return results

    def index_text(self, area: str, ref_id: int, case_id: int | None, text: str) -> None:
        """Replaces the private search text of one case, contact or evidence item."""
        conn = self.conn
        conn.execute("DELETE FROM private_fts WHERE area = ? AND ref_id = ?", (area, ref_id))
        if text.strip():
            conn.execute("INSERT INTO private_fts(area, ref_id, case_id, text) VALUES (?, ?, ?, ?)",
                         (area, ref_id, case_id, text))

    def unindex_case(self, case_id: int) -> None:
        """Drops the private search text of a case and everything in it."""
        self.conn.execute("DELETE FROM private_fts WHERE case_id = ?", (case_id,))


class PresetManager:
    """Saved column mappings for the generic CSV importer (name → {column: field})."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def save(self, name: str, mapping: dict[str, str]) -> None:
        """Creates or replaces the preset ``name``."""
        from walletcare.evidence.records import dumps

        text = dumps({str(k): str(v) for k, v in mapping.items()})
        with self._store.transaction():
            conn = self._store.conn
            existed = conn.execute("SELECT mapping FROM presets WHERE name = ?", (name,)).fetchone()
            conn.execute("INSERT OR REPLACE INTO presets(name, mapping) VALUES (?, ?)", (name, text))
            self._store.audit.record("update" if existed else "create", f"preset:{name}", None,
                                     text.encode("utf-8"), detail=existed[0] if existed else "")
            self._store.changed("presets", None)

    def get(self, name: str) -> dict[str, str] | None:
        """The mapping saved as ``name``, or None."""
        row = self._store.conn.execute("SELECT mapping FROM presets WHERE name = ?", (name,)).fetchone()
        return dict(json.loads(row[0])) if row else None

    def list(self) -> list[str]:
        """Names of the saved presets, sorted."""
        return [str(r[0]) for r in self._store.conn.execute("SELECT name FROM presets ORDER BY name")]

    def delete(self, name: str) -> None:
        """Removes a preset (no error when absent)."""
        with self._store.transaction():
            row = self._store.conn.execute("SELECT mapping FROM presets WHERE name = ?", (name,)).fetchone()
            if row:
                self._store.conn.execute("DELETE FROM presets WHERE name = ?", (name,))
                self._store.audit.record("delete", f"preset:{name}", None, row[0].encode("utf-8"), detail=row[0])
                self._store.changed("presets", None)
