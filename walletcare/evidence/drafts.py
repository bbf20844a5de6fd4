"""Unsaved input kept inside the encrypted vault: when the window locks or closes while an editor holds
typed text, the editor's fields are stored here and given back after the next unlock.

Drafts live in the ``meta`` table under ``draft:<key>`` as JSON, so they need no schema change and are
encrypted like every other row. They are working copies, not records: writing one adds no audit entry and
fires no change notification. A text that holds a seed phrase or private key is not kept (the vault never
stores one); the rest of the draft is.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from walletcare.errors import Refused

if TYPE_CHECKING:
    from walletcare.evidence.store import Store

PREFIX = "draft:"


def _without_secrets(store: Store, value: Any) -> Any:
    """``value`` with every text that holds a seed phrase or private key emptied."""
    if isinstance(value, str):
        try:
            store.guard_text("Draft", value)
        except Refused:
            return ""
        return value
    if isinstance(value, dict):
        return {k: _without_secrets(store, v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_secrets(store, v) for v in value]
    return value


class DraftManager:
    """``store.drafts``: save, list and take the drafts of unsaved editors."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def save(self, key: str, draft: dict[str, Any]) -> None:
        """Stores ``draft`` (JSON-ready) under ``key``, replacing an older one."""
        text = json.dumps(_without_secrets(self._store, draft), ensure_ascii=False, separators=(",", ":"))
        with self._store.transaction():
            self._store.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (PREFIX + key, text))

    def save_all(self, drafts: dict[str, dict[str, Any]]) -> None:
        """Stores several drafts together (all or none)."""
        with self._store.transaction():
            for key, draft in drafts.items():
                self.save(key, draft)

    def list(self) -> dict[str, dict[str, Any]]:
        """Every stored draft by key."""
        rows = self._store.conn.execute("SELECT key, value FROM meta WHERE key >= ? AND key < ? ORDER BY key",
                                        (PREFIX, PREFIX[:-1] + chr(ord(PREFIX[-1]) + 1))).fetchall()
        found = {}
        for key, value in rows:
            text = value.decode("utf-8") if isinstance(value, bytes) else str(value)
            found[str(key)[len(PREFIX):]] = json.loads(text)
        return found

    def take(self) -> dict[str, dict[str, Any]]:
        """Every stored draft by key, removing them from the vault (they are back in their editors)."""
        with self._store.transaction():
            found = self.list()
            self._store.conn.execute("DELETE FROM meta WHERE key >= ? AND key < ?",
                                     (PREFIX, PREFIX[:-1] + chr(ord(PREFIX[-1]) + 1)))
        return found

    def discard(self, key: str) -> None:
        """Removes one draft."""
        with self._store.transaction():
            self._store.conn.execute("DELETE FROM meta WHERE key = ?", (PREFIX + key,))
