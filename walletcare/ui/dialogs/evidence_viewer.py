"""One piece of evidence: the image with zoom, opened fitted to the window (a PDF's first pages fitted to the
width; a text file — txt, csv, json, eml — shown as read-only text; other files their details, with Zoom greyed
out), "Save a copy…" of the original, its caption, the transactions and contacts it is
linked to, and its SHA-256 (copyable; the copy is cleared after 30 s). Transactions are picked through a search
(order number, amount, date or any text) that runs off the GUI thread; links to transactions the search does
not show are kept."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontDatabase, QImage, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSlider,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from walletcare.errors import WalletCareError
from walletcare.evidence.chats import chat_summary
from walletcare.evidence.models import Contact, Evidence, Transaction
from walletcare.i18n import N_, _, ngettext
from walletcare.ui.dialogs.editor import EditorDialog
from walletcare.ui.dialogs.evidence_preview import PDF_PREVIEW_PAGES
from walletcare.ui.display import (
    contact_kind_text,
    file_kind_text,
    size_text,
    time_text,
)
from walletcare.ui.models.link_picker import LinkPickerModel
from walletcare.ui.widgets.read_text import ReadText

# search(query, on_found): runs the query off the GUI thread and calls on_found(transactions) with the result
Search = Callable[[str, Callable[[list[Transaction]], None]], None]

# save(target, on_saved, on_failed): writes the original to target off the GUI thread, then calls on_saved(target)
# or on_failed(error)
SaveCopy = Callable[[Path, Callable[[Path], None], Callable[[object], None]], None]

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


class EvidenceViewer(EditorDialog):
    """Viewer and editor of one item."""

    draft_kind = "evidence"

    def __init__(self, evidence: Evidence, image: QImage, transactions: list[Transaction], contacts: list[Contact],
                 copy: Callable[[str], None], parent: QWidget | None = None, search: Search | None = None,
                 *, text: str | None = None, reading: Any = None, save_copy: SaveCopy | None = None,
                 pages: int = 0) -> None:
        super().__init__(parent)
        self.setObjectName("evidenceViewer")
        self.setWindowTitle(evidence.file_name)
        self.evidence = evidence
        # a sealed item shows a recovery phrase or key: it is never shown nor copied out of the vault
        self.sealed = bool(reading is not None and getattr(reading, "sealed", ""))
        self.image = QImage() if self.sealed else image
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroller = scroll = QScrollArea()
        scroll.setObjectName("evidencePicture")
        scroll.setWidget(self.picture)
        scroll.setWidgetResizable(False)
        scroll.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text = QPlainTextEdit()
        self.text.setObjectName("evidenceText")
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setAccessibleName(_("Contents of the file"))
        self.text.setVisible(text is not None)
        self.text.setPlainText(text or "")
        self._fitted = False
        self._pages = pages
        self.zoom = QSlider(Qt.Orientation.Horizontal)
        self.zoom.setRange(10, 400)
        self.zoom.setValue(100)
        self.translated(self.zoom.setAccessibleName, N_("Zoom"))
        self.zoom.valueChanged.connect(self._rescale)
        fit = QPushButton()
        self.translated(fit.setText, N_("Fit"))
        fit.clicked.connect(lambda: self._fit(scroll))
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.addWidget(scroll, 1)
        left_box.addWidget(self.text, 1)
        self.zoom_row = QWidget()
        zoom_row = QHBoxLayout(self.zoom_row)
        zoom_row.setContentsMargins(0, 0, 0, 0)
        zoom_label = QLabel()
        self.translated(zoom_label.setText, N_("Zoom"))
        zoom_row.addWidget(zoom_label)
        zoom_row.addWidget(self.zoom, 1)
        zoom_row.addWidget(fit)
        left_box.addWidget(self.zoom_row)
        self.caption = QLineEdit(evidence.caption)
        self.caption.setObjectName("evidenceCaption")
        self.sha = QLineEdit(evidence.sha256)
        self.sha.setReadOnly(True)
        self.sha.setObjectName("evidenceSha")
        self.sha.setCursorPosition(0)  # show the start of the fingerprint, as it is read out and compared
        copy_button = QPushButton()
        self.translated(copy_button.setText, N_("Copy"))
        copy_button.setObjectName("copySha")
        copy_button.clicked.connect(lambda: copy(evidence.sha256))
        sha_row = QHBoxLayout()
        sha_row.addWidget(self.sha, 1)
        sha_row.addWidget(copy_button)
        self._save_copy = save_copy
        self.save_button = QPushButton()
        self.save_button.setObjectName("saveCopy")
        self.translated(self.save_button.setText, N_("Save a &copy…"))
        self.save_button.clicked.connect(self.ask_save_copy)
        self.save_button.setVisible(save_copy is not None and not self.sealed)
        self.saved = QLabel()
        self.saved.setObjectName("savedCopy")
        self.saved.setWordWrap(True)
        self.saved.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        file_row = QVBoxLayout()
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
        self.translated(self.tx_search.setPlaceholderText, N_("Find by order number, amount or date (e.g. 2024-05-01)"))
        self.translated(self.tx_search.setAccessibleName, N_("Find transactions to link"))
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
        self.contact_links = _checklist([(c.id, f"{time_text(c.at)} · {contact_kind_text(c.kind)} · {chat_summary(c.summary)[:40]}")
                                         for c in contacts], evidence.linked_contacts)
        right = QWidget()
        form = QFormLayout(right)
        self.add_row(form, N_("&Caption"), self.caption)
        form.addRow("SHA-256", sha_row)
        file_label = QLabel(f"{evidence.file_name} · {file_kind_text(evidence.mime, evidence.file_name)} · "
                            f"{size_text(evidence.size)}")
        file_label.setObjectName("evidenceFile")
        file_label.setWordWrap(True)
        file_row.addWidget(file_label)
        file_row.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignLeft)
        file_row.addWidget(self.saved)
        file_box = QWidget()
        file_box.setLayout(file_row)
        file_row.setContentsMargins(0, 0, 0, 0)
        for label, value in ((N_("File"), file_box), (N_("Added"), QLabel(time_text(evidence.added_at))),
                             (N_("Linked transactions"), picker), (N_("Linked contacts"), self.contact_links)):
            row_label = QLabel()
            self.translated(row_label.setText, label)
            form.addRow(row_label, value)
        self.read_text = ReadText(reading)
        read_label = QLabel()
        self.translated(read_label.setText, N_("Text in the picture"))
        form.addRow(read_label, self.read_text)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(splitter, 1)
        box.addWidget(buttons)
        self.resize(900, 600)
        if text is not None:
            scroll.hide()
            self.zoom_row.hide()
        elif self.image.isNull():
            if self.sealed:
                self.picture.setText(_("This file shows a recovery phrase or private key, so it is not shown here and "
                                       "no copy of it can be saved. It stays sealed in the vault and is never "
                                       "exported."))
            elif evidence.mime.startswith("image/"):
                self.picture.setText(_("This picture cannot be shown here: it is very large or of a kind that cannot "
                                       "be read. It is kept byte-exact as it is."))
            else:
                self.picture.setText(_("No preview for this kind of file. The original is kept unchanged in the vault. "
                                       "“Save a copy…” puts the original where you can open it."))
            self.picture.setWordWrap(True)
            self.picture.setMinimumWidth(320)
            self.picture.resize(320, self.picture.heightForWidth(320))  # the scroll area does not size it: wrapped
            self.zoom_row.setEnabled(False)  # nothing to zoom: the slider and "Fit" are greyed out
        else:
            self._rescale(100)
        self.pages_note = QLabel()
        self.pages_note.setObjectName("pdfPagesNote")
        self.pages_note.setWordWrap(True)
        if pages > PDF_PREVIEW_PAGES and not self.image.isNull():
            self.translated(self.pages_note.setText, N_("Only the first pages are shown here. “Save a copy…” puts the "
                                                        "whole original where you can open it."))
        else:
            self.pages_note.hide()
        left_box.insertWidget(1, self.pages_note)
        self.track({"caption": self.caption, "transactions": self.tx_links, "contacts": self.contact_links})

    def draft_context(self) -> dict[str, Any]:
        return {"case_id": self.evidence.case_id, "evidence_id": self.evidence.id}

    def ask_save_copy(self) -> None:
        """Asks where to save a copy of the original, then saves it there."""
        name, _filter = QFileDialog.getSaveFileName(self, _("Save a copy of the original"), self.evidence.file_name)
        if name:
            self.save_copy_to(Path(name))

    def save_copy_to(self, target: Path) -> None:
        """Saves the original, byte-exact, to ``target`` (written whole or not at all) and says where."""
        if self._save_copy is None:
            return
        self.save_button.setEnabled(False)

        def saved(path: Path) -> None:
            self.save_button.setEnabled(True)
            self.saved.setText(_("A copy was saved to {path}. It is your own file, outside the vault, and it is not "
                                 "encrypted there: anyone who can open that folder can read it.").format(
                                     path=str(path).replace(os.sep, os.sep + "\u200b")))  # a long path may wrap

        def failed(exc: object) -> None:
            self.save_button.setEnabled(True)
            self.saved.setText(exc.text() if isinstance(exc, WalletCareError) else
                               _("The copy could not be saved there. Nothing was written."))

        self._save_copy(target, saved, failed)

    def retranslate(self) -> None:
        super().retranslate()
        self._count_links()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._fitted and not self.image.isNull():
            self._fitted = True
            # once laid out (the viewport's size); PDF pages fill the width and are read by scrolling down
            QTimer.singleShot(0, lambda: self._fit(self.scroller, largest=100, width_only=self._pages > 0))

    def _rescale(self, percent: int) -> None:
        if self.image.isNull():
            return
        size = self.image.size() * (percent / 100)
        self.picture.setPixmap(QPixmap.fromImage(self.image).scaled(size, Qt.AspectRatioMode.KeepAspectRatio,
                                                                   Qt.TransformationMode.SmoothTransformation))
        self.picture.adjustSize()

    def _fit(self, scroll: QScrollArea, largest: int = 400, *, width_only: bool = False) -> None:
        """Zooms so the whole picture shows (a small one is not enlarged past ``largest`` percent); with
        ``width_only``, so its width fits beside a vertical scroll bar."""
        if self.image.isNull() or self.image.width() == 0 or self.image.height() == 0:
            return
        room = scroll.maximumViewportSize()  # the viewport without scroll bars: none are needed once it fits
        if width_only:
            bar = scroll.style().pixelMetric(scroll.style().PixelMetric.PM_ScrollBarExtent)
            ratio = (room.width() - bar - 4) / self.image.width()
        else:
            ratio = min(room.width() / self.image.width(), room.height() / self.image.height())
        self.zoom.setValue(max(10, min(largest, int(ratio * 100))))

    def _count_links(self) -> None:
        count = len(self.tx_model.linked_ids())
        self.link_count.setText(ngettext("Linked to {n} transaction; links not in this list are kept.",
                                         "Linked to {n} transactions; links not in this list are kept.",
                                         count).format(n=count))

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
            contacts: list[Contact], copy: Callable[[str], None], search: Search | None = None, *,
            text: str | None = None, reading: Any = None, draft: Mapping[str, Any] | None = None,
            save_copy: SaveCopy | None = None, pages: int = 0) -> EvidenceEdit | None:
        """Shows the viewer (``image`` or ``text`` prepared beforehand, off the GUI thread; a draft's values put
        back); the edits when saved, else None. ``transactions`` are shown first (the linked ones and the
        newest); ``search`` finds others; ``reading`` is the item's machine-read text (``store.readings.get``),
        shown read-only."""
        dialog = cls(evidence, image, transactions, contacts, copy, parent, search, text=text, reading=reading,
                     save_copy=save_copy, pages=pages)
        dialog.restore_draft(draft)
        return dialog.edit() if dialog.exec() == QDialog.DialogCode.Accepted else None
