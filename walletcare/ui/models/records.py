"""A table model over a list of frozen core records, with columns described as (header, getter) pairs;
the cases, contacts and timeline tables are instances of it. The list is replaced as a whole when the
store changes and emptied when the vault locks."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from walletcare.i18n import _

Index = QModelIndex | QPersistentModelIndex
RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2


class Column:
    """One column: an English header msgid, a text getter and an optional sort-key getter."""

    def __init__(self, header: str, text: Callable[[Any], str], key: Callable[[Any], Any] | None = None) -> None:
        self.header = header
        self.text = text
        self.key = key or text


class RecordTableModel(QAbstractTableModel):
    """Rows are records (any objects); ``RECORD_ROLE`` gives the record, ``SORT_ROLE`` a comparable key."""

    def __init__(self, columns: Sequence[Column]) -> None:
        super().__init__()
        self.columns = list(columns)
        self._records: list[Any] = []

    def set_records(self, records: Sequence[Any]) -> None:
        """Replaces every row."""
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    def clear(self) -> None:
        """Drops every row (the vault was locked)."""
        self.set_records([])

    def record(self, row: int) -> Any:
        """The record at ``row``."""
        return self._records[row]

    def records(self) -> list[Any]:
        """All records, in model order."""
        return list(self._records)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._records) or index.column() >= len(self.columns):
            return None
        record = self._records[index.row()]
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.text(record)
        if role == SORT_ROLE:
            key = column.key(record)
            return "" if key is None else key
        if role == RECORD_ROLE:
            return record
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return _(self.columns[section].header)
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._records):
            return str(section + 1)
        return None

    def retranslate(self) -> None:
        """Tells views that headers and texts changed language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, len(self.columns) - 1))
        if self._records:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._records) - 1, len(self.columns) - 1))
