"""Find evidence by the text it shows: a search field over the case's machine-read text, names and captions
(the vault's private trigram index, queried on the vault thread); the selected result's screenshot is shown
beside the list with the words that hold the hit outlined (their boxes as the reader found them); choosing a
result opens it in the viewer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from walletcare.i18n import _

# search(text, on_found): runs off the GUI thread and calls on_found(hits) with ``readings.TextHit`` values
Search = Callable[[str, Callable[[list[Any]], None]], None]
# preview(evidence_id, text, on_ready): off the GUI thread, calls on_ready(image, boxes) (``highlighted``)
Preview = Callable[[int, str, Callable[[QImage, list[QRect]], None]], None]
Index = QModelIndex | QPersistentModelIndex
PREVIEW_WIDTH = 380


def highlighted(data: bytes, lines: tuple[Any, ...], needle: str, width: int = PREVIEW_WIDTH) -> tuple[QImage,
                                                                                                         list[QRect]]:
    """The picture scaled to ``width`` with the words holding ``needle`` outlined, and their boxes in it (run off
    the GUI thread: QImage and QPainter on an image work on any thread)."""
    from walletcare.evidence.readings import hit_boxes

    image = QImage.fromData(data)
    if image.isNull():
        return image, []
    scale = min(1.0, width / max(image.width(), 1))
    shown = image.scaledToWidth(round(image.width() * scale), Qt.TransformationMode.SmoothTransformation) \
        if scale < 1.0 else image.copy()
    shown = shown.convertToFormat(QImage.Format.Format_ARGB32)
    boxes = [QRect(round(left * scale) - 3, round(top * scale) - 3, round((right - left) * scale) + 6,
                   round((bottom - top) * scale) + 6) for page, (left, top, right, bottom) in hit_boxes(lines, needle)
             if page == 0]
    painter = QPainter(shown)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for box in boxes:
        painter.fillRect(box, QColor(255, 213, 0, 90))
        painter.setPen(QPen(QColor("#d32f2f"), 2))
        painter.drawRect(box)
    painter.end()
    return shown, boxes


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

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt override
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

    def __init__(self, search: Search, parent: QWidget | None = None, preview: Preview | None = None) -> None:
        super().__init__(parent)
        self._preview = preview
        self.boxes: list[QRect] = []  # the outlined boxes of the shown preview
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
        self.picture = QLabel()
        self.picture.setObjectName("evidenceSearchPicture")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.picture.setAccessibleName(_("The screenshot, with the found text outlined"))
        self.scroller = QScrollArea()
        self.scroller.setWidget(self.picture)
        self.scroller.setWidgetResizable(True)
        self.scroller.setMinimumWidth(PREVIEW_WIDTH + 24)
        self.scroller.setVisible(preview is not None)
        self.results.selectionModel().currentChanged.connect(lambda index, _old: self._show(index))
        self.model.modelReset.connect(self._first)
        box = QVBoxLayout(self)
        box.addWidget(self.field)
        row = QHBoxLayout()
        row.addWidget(self.results, 1)
        row.addWidget(self.scroller)
        box.addLayout(row, 1)
        box.addWidget(self.count)
        box.addWidget(buttons)
        self.resize(980 if preview is not None else 560, 560 if preview is not None else 420)

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
                self.count.setText(_("{n} item(s) show “{text}”.").format(n=len(hits), text=text) if hits
                                   else _("No evidence shows “{text}”.").format(text=text))

        self._search(text, found)

    def _first(self) -> None:
        if self.model.rowCount():
            self.results.setCurrentIndex(self.model.index(0, 0))
        else:
            self.picture.clear()
            self.boxes = []

    def _show(self, index: QModelIndex) -> None:
        if self._preview is None or not index.isValid():
            return
        evidence_id = int(self.model.data(index, Qt.ItemDataRole.UserRole))
        text, generation = self.field.text().strip(), self._generation

        def ready(image: QImage, boxes: list[QRect]) -> None:
            current = self.results.currentIndex()
            if generation != self._generation or not current.isValid() or \
                    int(self.model.data(current, Qt.ItemDataRole.UserRole)) != evidence_id:
                return
            self.boxes = boxes
            self.picture.setPixmap(QPixmap.fromImage(image) if not image.isNull() else QPixmap())
            if image.isNull():
                self.picture.setText(_("No picture to show for this item."))
            if boxes:  # the first hit in view (a long screenshot scrolls)
                QTimer.singleShot(0, lambda: self.scroller.ensureVisible(boxes[0].center().x(), boxes[0].center().y(),
                                                                       40, 120))

        self._preview(evidence_id, text, ready)

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.chosen = int(self.model.data(index, Qt.ItemDataRole.UserRole))
            self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, search: Search, preview: Preview | None = None) -> int | None:
        """Shows the search; the id of the item the user chose, else None."""
        dialog = cls(search, parent, preview)
        return dialog.chosen if dialog.exec() == QDialog.DialogCode.Accepted else None
