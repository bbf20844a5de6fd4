"""One piece of evidence: the image with zoom (or the file's details), its caption, the transactions and
contacts it is linked to, and its SHA-256 (copyable; the copy is cleared after 30 s). Transactions are picked
through a search (order number, amount, date or any text) that runs off the GUI thread; links to transactions
the search does not show are kept."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSlider,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from walletcare.evidence.models import Contact, Evidence, Transaction
from walletcare.i18n import _
from walletcare.ui.display import contact_kind_text, time_text
from walletcare.ui.models.link_picker import LinkPickerModel
from walletcare.ui.widgets.read_text import ReadText

# search(query, on_found): runs the query off the GUI thread and calls on_found(transactions) with the result
Search = Callable[[str, Callable[[list[Transaction]], None]], None]


@dataclass(frozen=True)
class EvidenceEdit:
    """What the viewer changed."""

    caption: str
    transactions: tuple[int, ...]
    contacts: tuple[int, ...]


def _checklist(items: list[tuple[int, str]], checked: tuple[int, ...]) -> QListWidget:
    widget = QListWidget()
    for item_id, text in items:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, item_id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if item_id in checked else Qt.CheckState.Unchecked)
        widget.addItem(item)
    return widget


def _checked(widget: QListWidget) -> tuple[int, ...]:
    return tuple(widget.item(i).data(Qt.ItemDataRole.UserRole) for i in range(widget.count())
                 if widget.item(i).checkState() == Qt.CheckState.Checked)


class EvidenceViewer(QDialog):
    """Viewer and editor of one item."""

    def __init__(self, evidence: Evidence, image: QImage, transactions: list[Transaction], contacts: list[Contact],
                 copy: Callable[[str], None], parent: QWidget | None = None, search: Search | None = None,
                 reading: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("evidenceViewer")
        self.setWindowTitle(evidence.file_name)
        self.evidence = evidence
        self.image = image
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        scroll = QScrollArea()
        scroll.setWidget(self.picture)
        scroll.setWidgetResizable(False)
        self.zoom = QSlider(Qt.Orientation.Horizontal)
        self.zoom.setRange(10, 400)
        self.zoom.setValue(100)
        self.zoom.setAccessibleName(_("Zoom"))
        self.zoom.valueChanged.connect(self._rescale)
        fit = QPushButton(_("Fit"))
        fit.clicked.connect(lambda: self._fit(scroll))
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.addWidget(scroll, 1)
        zoom_row = QHBoxLayout()
        zoom_row.addWidget(QLabel(_("Zoom")))
        zoom_row.addWidget(self.zoom, 1)
        zoom_row.addWidget(fit)
        left_box.addLayout(zoom_row)
        self.caption = QLineEdit(evidence.caption)
        self.caption.setObjectName("evidenceCaption")
        self.sha = QLineEdit(evidence.sha256)
        self.sha.setReadOnly(True)
        self.sha.setObjectName("evidenceSha")
        copy_button = QPushButton(_("Copy"))
        copy_button.setObjectName("copySha")
        copy_button.clicked.connect(lambda: copy(evidence.sha256))
        sha_row = QHBoxLayout()
        sha_row.addWidget(self.sha, 1)
        sha_row.addWidget(copy_button)
        self.tx_model = LinkPickerModel(evidence.linked_transactions)
        self.tx_model.set_rows(transactions)
        self.tx_model.dataChanged.connect(lambda *_a: self._count_links())
        self.tx_links = QListView()
        self.tx_links.setObjectName("linkList")
        self.tx_links.setModel(self.tx_model)
        self.tx_links.setUniformItemSizes(True)
        self.tx_search = QLineEdit()
        self.tx_search.setObjectName("linkSearch")
        self.tx_search.setClearButtonEnabled(True)
        self.tx_search.setPlaceholderText(_("Find by order number, amount or date (e.g. 2024-05-01)"))
        self.tx_search.setAccessibleName(_("Find transactions to link"))
        self.link_count = QLabel()
        self.link_count.setObjectName("linkCount")
        self._search = search
        self._generation = 0
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        self._search_timer.timeout.connect(self._run_search)
        self.tx_search.textChanged.connect(lambda _t: self._search_timer.start())
        self.tx_search.setEnabled(search is not None)
        picker = QWidget()
        picker_box = QVBoxLayout(picker)
        picker_box.setContentsMargins(0, 0, 0, 0)
        picker_box.addWidget(self.tx_search)
        picker_box.addWidget(self.tx_links, 1)
        self.tx_links.setMinimumHeight(self.tx_links.fontMetrics().height() * 12)
        picker_box.addWidget(self.link_count)
        self._count_links()
        self.contact_links = _checklist([(c.id, f"{time_text(c.at)} · {contact_kind_text(c.kind)} · {c.summary[:40]}")
                                         for c in contacts], evidence.linked_contacts)
        right = QWidget()
        form = QFormLayout(right)
        form.addRow(_("&Caption"), self.caption)
        form.addRow("SHA-256", sha_row)
        form.addRow(_("File"), QLabel(f"{evidence.file_name} · {evidence.mime} · {evidence.size:,} B"))
        form.addRow(_("Added"), QLabel(time_text(evidence.added_at)))
        form.addRow(_("Linked transactions"), picker)
        form.addRow(_("Linked contacts"), self.contact_links)
        self.read_text = ReadText(reading)
        form.addRow(_("Text in the picture"), self.read_text)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(splitter, 1)
        box.addWidget(buttons)
        self.resize(900, 600)
        if self.image.isNull():
            self.picture.setText(_("No preview for this kind of file. The original is kept unchanged in the vault."))
            self.zoom.setEnabled(False)
        else:
            self._rescale(100)

    def _rescale(self, percent: int) -> None:
        if self.image.isNull():
            return
        size = self.image.size() * (percent / 100)
        self.picture.setPixmap(QPixmap.fromImage(self.image).scaled(size, Qt.AspectRatioMode.KeepAspectRatio,
                                                                   Qt.TransformationMode.SmoothTransformation))
        self.picture.adjustSize()

    def _fit(self, scroll: QScrollArea) -> None:
        if self.image.isNull() or self.image.width() == 0:
            return
        ratio = min(scroll.viewport().width() / self.image.width(), scroll.viewport().height() / self.image.height())
        self.zoom.setValue(max(10, min(400, int(ratio * 100))))

    def _count_links(self) -> None:
        self.link_count.setText(_("Linked to {n} transaction(s); links not in this list are kept.").format(
            n=len(self.tx_model.linked_ids())))

    def _run_search(self) -> None:
        if self._search is None:
            return
        self._generation += 1
        generation = self._generation

        def found(rows: list[Transaction]) -> None:
            if generation == self._generation and self.isVisible():  # a newer search or a closed viewer wins
                self.tx_model.set_rows(rows)

        self._search(self.tx_search.text(), found)

    def edit(self) -> EvidenceEdit:
        """The caption and links as set (every linked transaction, shown by the search or not)."""
        return EvidenceEdit(self.caption.text().strip(), self.tx_model.linked_ids(), _checked(self.contact_links))

    @classmethod
    def ask(cls, parent: QWidget | None, evidence: Evidence, image: QImage, transactions: list[Transaction],
            contacts: list[Contact], copy: Callable[[str], None], search: Search | None = None,
            reading: Any = None) -> EvidenceEdit | None:
        """Shows the viewer (``image`` decoded beforehand, off the GUI thread); the edits when saved, else None.

        ``transactions`` are shown first (the linked ones and the newest); ``search`` finds others; ``reading``
        is the item's machine-read text (``store.readings.get``), shown read-only.
        """
        dialog = cls(evidence, image, transactions, contacts, copy, parent, search, reading)
        return dialog.edit() if dialog.exec() == QDialog.DialogCode.Accepted else None
