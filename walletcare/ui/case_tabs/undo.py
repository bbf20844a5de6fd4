"""Undoable transaction edits: each command runs its operation on the vault thread; ids created by a redo
are recorded on that thread, so an undo queued right after always sees them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from walletcare.evidence.models import Transaction
from walletcare.i18n import _
from walletcare.ui.operations import Changes
from walletcare.ui.operations.removal import put_back, remove_transactions
from walletcare.ui.operations.transactions import (
    add_transaction,
    delete_transaction,
    mark_roles,
    update_transaction,
)
from walletcare.ui.session import VaultSession

if TYPE_CHECKING:
    from walletcare.evidence.store import Store


class AddTransaction(QUndoCommand):
    """Adds a transaction; undo deletes it."""

    def __init__(self, session: VaultSession, tx: Transaction, on_error: Any) -> None:
        super().__init__(_("add transaction"))
        self.session, self.tx, self.on_error = session, tx, on_error
        self.new_id: int | None = None

    def redo(self) -> None:
        def op(store: Store) -> Changes:
            changes = add_transaction(store, self.tx)
            self.new_id = changes.result
            return changes

        self.session.run(op, on_error=self.on_error)

    def undo(self) -> None:
        def op(store: Store) -> Changes:
            if self.new_id is None:  # the add failed (its error was shown): nothing to take back
                return Changes()
            return delete_transaction(store, self.new_id)

        self.session.run(op, on_error=self.on_error)


class DeleteTransactions(QUndoCommand):
    """Removes several transactions in one step; one undo puts every one back with its id and links."""

    def __init__(self, session: VaultSession, ids: list[int], on_error: Any) -> None:
        super().__init__(_("delete transactions"))
        self.session, self.ids, self.on_error = session, list(ids), on_error
        self.done: Any = None

    def redo(self) -> None:
        def op(store: Store) -> Changes:
            changes = remove_transactions(store, self.ids)
            self.done = changes.result
            return changes

        self.session.run(op, on_error=self.on_error)

    def undo(self) -> None:
        def op(store: Store) -> Changes:
            if self.done is None:  # the removal failed (its error was shown): nothing to put back
                return Changes()
            return put_back(store, self.done)

        self.session.run(op, on_error=self.on_error)


class EditTransaction(QUndoCommand):
    """Replaces a transaction's fields; undo puts the old ones back."""

    def __init__(self, session: VaultSession, old: Transaction, new: Transaction, on_error: Any) -> None:
        super().__init__(_("edit transaction"))
        self.session, self.old, self.new, self.on_error = session, old, new, on_error

    def redo(self) -> None:
        self.session.run(update_transaction, self.new, on_error=self.on_error)

    def undo(self) -> None:
        self.session.run(update_transaction, self.old, on_error=self.on_error)


class MarkRoles(QUndoCommand):
    """Marks the selected transactions as disputed, context or record; undo gives each its old role back."""

    def __init__(self, session: VaultSession, ids: list[int], role: str, on_error: Any) -> None:
        super().__init__(_("mark transactions"))
        self.session, self.ids, self.role, self.on_error = session, list(ids), role, on_error
        self.before: dict[int, str] = {}

    def redo(self) -> None:
        def op(store: Store) -> Changes:
            changes = mark_roles(store, dict.fromkeys(self.ids, self.role))
            self.before = changes.result
            return changes

        self.session.run(op, on_error=self.on_error)

    def undo(self) -> None:
        self.session.run(lambda store: mark_roles(store, dict(self.before)), on_error=self.on_error)
