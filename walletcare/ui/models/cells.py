"""The first rows of a CSV file as read (cells, not yet transactions), for choosing its columns; each
column's header shows the file's column name and, under it, what the person chose it holds."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


class CellsModel(QAbstractTableModel):
    """Rows of cells under named columns; ``set_labels`` adds a second header line per column."""

    def __init__(self) -> None:
        super().__init__()
        self._columns: list[str] = []
        self._rows: list[tuple[str, ...]] = []
        self._labels: dict[str, str] = {}

    def set_rows(self, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        """Replaces the column names and rows (cells past the last column are dropped)."""
        self.beginResetModel()
        self._columns = list(columns)
        self._rows = [tuple(cells) for cells in rows]
        self.endResetModel()

    def set_labels(self, labels: dict[str, str]) -> None:
        """``{column: what it holds}`` shown under the column names."""
        self._labels = dict(labels)
        if self._columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        cells = self._rows[index.row()]
        return cells[index.column()] if index.column() < len(cells) else ""

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            name = self._columns[section]
            label = self._labels.get(name)
            return f"{name}\n→ {label}" if label else name
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None
