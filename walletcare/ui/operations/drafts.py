"""Drafts of unsaved editors: taken back out of the vault after an unlock (they are written by the lock
itself, ``VaultSession.lock(drafts)``, and by closing, ``VaultSession.close(drafts)``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from walletcare.ui.operations import Changes

if TYPE_CHECKING:
    from walletcare.evidence.store import Store


def take_drafts(store: Store) -> Changes:
    """Removes every draft from the vault; ``result`` maps editor keys to drafts for reopening the editors."""
    return Changes(result=store.drafts.take())
