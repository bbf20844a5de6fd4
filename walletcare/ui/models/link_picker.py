"""The evidence viewer's transaction picker: the transactions a search found, each with a check box for "this
item shows it". The set of linked ids is kept apart from the rows shown, so a link to a transaction the
current search does not show is never dropped."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from walletcare.evidence.models import Transaction
from walletcare.ui.display import amount_text, time_text
from walletcare.ui.models.records import RECORD_ROLE

Index = QModelIndex | QPersistentModelIndex


def describe(tx: Transaction) -> str:
    """One line: time · amount · counterparty · order number."""
    parts = [time_text(tx.time), amount_text(tx.amount, tx.currency), tx.counterparty]
    if tx.references:
        parts.append(tx.references[0].value)
    return " · ".join(p for p in parts if p)


class LinkPickerModel(QAbstractListModel):
    """Rows are the transactions shown; ``linked_ids()`` are every linked one, shown or not."""

    def __init__(self, linked: tuple[int, ...]) -> None:
        super().__init__()
        self._rows: list[Transaction] = []
        self._linked: dict[int, None] = dict.fromkeys(linked)  # ordered: links keep the order they were made in

    def set_rows(self, rows: list[Transaction]) -> None:
        """Shows these transactions (the links are unchanged)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def set_linked(self, linked: tuple[int, ...]) -> None:
        """Replaces the links (a draft put back); the rows shown are unchanged."""
        self.beginResetModel()
        self._linked = dict.fromkeys(linked)
        self.endResetModel()

    def linked_ids(self) -> tuple[int, ...]:
        """Every linked transaction, those not shown included."""
        return tuple(self._linked)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        tx = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return describe(tx)
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if tx.id in self._linked else Qt.CheckState.Unchecked
        if role == RECORD_ROLE:
            return tx
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or not 0 <= index.row() < len(self._rows):
            return False
        tx_id = self._rows[index.row()].id
        state = value if isinstance(value, Qt.CheckState) else Qt.CheckState(int(value))
        if state == Qt.CheckState.Checked:
            self._linked.setdefault(tx_id)
        else:
            self._linked.pop(tx_id, None)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True
