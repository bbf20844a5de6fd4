"""User actions on transactions: add one typed in, edit, delete (several at once, with undo: ``removal.py``)."""

from __future__ import annotations

from typing import Any

from walletcare.evidence.models import Transaction
from walletcare.ui.operations import Changes
from walletcare.ui.operations.cases import _id_of


def add_transaction(store: Any, tx: Transaction) -> Changes:
    """Stores a typed-in transaction; ``result`` is its id."""
    new_id = _id_of(store.transactions.add(tx))
    return Changes(transactions=True, case_id=tx.case_id, result=new_id)


def update_transaction(store: Any, tx: Transaction) -> Changes:
    """Saves an edited transaction."""
    store.transactions.update(tx)
    return Changes(transactions=True, case_id=tx.case_id)


def delete_transaction(store: Any, tx_id: int) -> Changes:
    """Deletes a transaction; ``result`` is the record as it was (for undo)."""
    old = store.transactions.get(tx_id)
    store.transactions.delete(tx_id)
    return Changes(transactions=True, case_id=getattr(old, "case_id", None), result=old)
