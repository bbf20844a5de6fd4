"""Find evidence by the text it shows: a search field over the case's machine-read text, names and captions
(the vault's private trigram index, queried on the vault thread); choosing a result opens it in the viewer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from walletcare.i18n import _

# search(text, on_found): runs off the GUI thread and calls on_found(hits) with ``readings.TextHit`` values
Search = Callable[[str, Callable[[list[Any]], None]], None]
Index = QModelIndex | QPersistentModelIndex


class TextHitModel(QAbstractListModel):
    """Search results: file name and the snippet around the match."""

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[Any] = []

    def set_hits(self, hits: list[Any]) -> None:
        """Replaces the results."""
        self.beginResetModel()
        self.hits = list(hits)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt override
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.hits):
            return None
        hit = self.hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{hit.file_name}\n{hit.snippet}"
        if role == Qt.ItemDataRole.UserRole:
            return hit.evidence_id
        return None


class EvidenceSearch(QDialog):
    """Search field and results; ``chosen`` is the evidence id the user opened (or None)."""

    def __init__(self, search: Search, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evidenceSearch")
        self.setWindowTitle(_("Find in screenshots and files"))
        self.chosen: int | None = None
        self._search = search
        self._generation = 0
        self.field = QLineEdit()
        self.field.setObjectName("evidenceSearchField")
        self.field.setClearButtonEnabled(True)
        self.field.setPlaceholderText(_("Order number, amount, a word from the chat…"))
        self.field.setAccessibleName(_("Find in screenshots and files"))
        self.model = TextHitModel()
        self.results = QListView()
        self.results.setObjectName("evidenceSearchResults")
        self.results.setModel(self.model)
        self.results.activated.connect(self._open)
        self.results.doubleClicked.connect(self._open)
        self.count = QLabel()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.run)
        self.field.textChanged.connect(lambda _t: self._timer.start())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(self.field)
        box.addWidget(self.results, 1)
        box.addWidget(self.count)
        box.addWidget(buttons)
        self.resize(560, 420)

    def run(self) -> None:
        """Searches for the field's text now (the field waits 250 ms after typing)."""
        self._timer.stop()
        text = self.field.text().strip()
        self._generation += 1
        generation = self._generation
        if not text:
            self.model.set_hits([])
            self.count.clear()
            return

        def found(hits: list[Any]) -> None:
            if generation == self._generation:
                self.model.set_hits(hits)
                self.count.setText(_("{n} item(s) show “{text}”.").format(n=len(hits), text=text))

        self._search(text, found)

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.chosen = int(self.model.data(index, Qt.ItemDataRole.UserRole))
            self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, search: Search) -> int | None:
        """Shows the search; the id of the item the user chose, else None."""
        dialog = cls(search, parent)
        return dialog.chosen if dialog.exec() == QDialog.DialogCode.Accepted else None
