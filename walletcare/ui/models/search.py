"""Help search results as a list model: title, highlighted snippet (HTML) and the article id."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
HTML_ROLE = Qt.ItemDataRole.UserRole + 3


class SearchResultsModel(QAbstractListModel):
    """Rows are search hits (``walletcare.faq.search.Hit``-shaped objects)."""

    def __init__(self) -> None:
        super().__init__()
        self._hits: list[Any] = []

    def set_hits(self, hits: list[Any]) -> None:
        """Replaces the results."""
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hit(self, row: int) -> Any:
        """The hit at ``row``."""
        return self._hits[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return hit.summary or hit.title
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{hit.title}. {hit.snippet}"
        if role == ID_ROLE:
            return hit.id
        if role == HTML_ROLE:
            return f"<b>{html.escape(hit.title)}</b><br/><span>{hit.snippet_html()}</span>"
        return None
