"""User actions on transactions: add one typed in, edit, delete (several at once, with undo: ``removal.py``),
mark several as disputed, context or record."""

from __future__ import annotations

from typing import TYPE_CHECKING

from walletcare.evidence.models import Transaction
from walletcare.ui.operations import Changes
from walletcare.ui.operations.cases import _id_of

if TYPE_CHECKING:
    from walletcare.evidence.store import Store


def add_transaction(store: Store, tx: Transaction) -> Changes:
    """Stores a typed-in transaction; ``result`` is its id."""
    new_id = _id_of(store.transactions.add(tx))
    return Changes(transactions=True, case_id=tx.case_id, result=new_id)


def update_transaction(store: Store, tx: Transaction) -> Changes:
    """Saves an edited transaction."""
    store.transactions.update(tx)
    return Changes(transactions=True, case_id=tx.case_id)


def delete_transaction(store: Store, tx_id: int) -> Changes:
    """Deletes a transaction; ``result`` is the record as it was (for undo)."""
    old = store.transactions.get(tx_id)
    store.transactions.delete(tx_id)
    return Changes(transactions=True, case_id=getattr(old, "case_id", None), result=old)


def mark_roles(store: Store, roles: dict[int, str]) -> Changes:
    """Gives each listed transaction its role (``{id: role}``); ``result`` is the roles they had before (for
    undo). Ids of one role are marked together, so a big selection is a few statements."""
    before = {tx_id: store.transactions.get(tx_id).role for tx_id in roles}
    by_role: dict[str, list[int]] = {}
    for tx_id, role in roles.items():
        by_role.setdefault(role, []).append(tx_id)
    with store.transaction():
        for role, ids in by_role.items():
            store.transactions.mark(ids, role)
    case_ids = {store.transactions.get(tx_id).case_id for tx_id in roles}
    return Changes(transactions=True, case_id=case_ids.pop() if len(case_ids) == 1 else None, result=before)
