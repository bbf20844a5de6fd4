"""The evidence grid: one item per original with its thumbnail (decoded in memory from the derived copy
the vault keeps — never written to disk), caption and file name."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPixmap

from walletcare.evidence.models import Evidence
from walletcare.ui.models.records import RECORD_ROLE

Index = QModelIndex | QPersistentModelIndex
THUMB = QSize(160, 120)


class EvidenceModel(QAbstractListModel):
    """Rows are ``Evidence`` records; ``set_thumbnail`` adds a decoded preview when it arrives."""

    def __init__(self) -> None:
        super().__init__()
        self._items: list[Evidence] = []
        self._icons: dict[int, QIcon] = {}
        self._placeholder = QIcon.fromTheme("image-x-generic")

    def set_items(self, items: list[Evidence]) -> None:
        """Replaces every item (keeps already decoded thumbnails of items still present)."""
        self.beginResetModel()
        self._items = list(items)
        keep = {e.id for e in items}
        self._icons = {k: v for k, v in self._icons.items() if k in keep}
        self.endResetModel()

    def clear(self) -> None:
        """Drops items and thumbnails (vault locked)."""
        self.beginResetModel()
        self._items = []
        self._icons = {}
        self.endResetModel()

    def missing_thumbnails(self) -> list[int]:
        """Ids of image items whose thumbnail is not decoded yet."""
        return [e.id for e in self._items if e.id not in self._icons and e.mime.startswith("image/")]

    def set_thumbnail(self, evidence_id: int, data: bytes) -> None:
        """Decodes thumbnail bytes (in memory) and shows them."""
        image = QImage.fromData(data)
        if image.isNull():
            return
        self._icons[evidence_id] = QIcon(QPixmap.fromImage(image))
        for row, item in enumerate(self._items):
            if item.id == evidence_id:
                index = self.index(row, 0)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def item(self, row: int) -> Evidence:
        """The evidence record at ``row``."""
        return self._items[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt signature
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._items):
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return item.caption or item.file_name
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{item.file_name}\nSHA-256 {item.sha256}"
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icons.get(item.id, self._placeholder)
        if role == RECORD_ROLE:
            return item
        return None
