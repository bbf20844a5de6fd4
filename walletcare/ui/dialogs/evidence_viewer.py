"""One piece of evidence: the image with zoom (or the file's details), its caption, the transactions and
contacts it is linked to, and its SHA-256 (copyable; the copy is cleared after 30 s)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
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
from walletcare.i18n import N_
from walletcare.ui.dialogs.editor import EditorDialog
from walletcare.ui.display import amount_text, contact_kind_text, time_text


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
                 copy: Callable[[str], None], parent: QWidget | None = None) -> None:
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
        self.translated(self.zoom.setAccessibleName, N_("Zoom"))
        self.zoom.valueChanged.connect(self._rescale)
        fit = QPushButton()
        self.translated(fit.setText, N_("Fit"))
        fit.clicked.connect(lambda: self._fit(scroll))
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.addWidget(scroll, 1)
        zoom_row = QHBoxLayout()
        zoom_label = QLabel()
        self.translated(zoom_label.setText, N_("Zoom"))
        zoom_row.addWidget(zoom_label)
        zoom_row.addWidget(self.zoom, 1)
        zoom_row.addWidget(fit)
        left_box.addLayout(zoom_row)
        self.caption = QLineEdit(evidence.caption)
        self.caption.setObjectName("evidenceCaption")
        self.sha = QLineEdit(evidence.sha256)
        self.sha.setReadOnly(True)
        self.sha.setObjectName("evidenceSha")
        copy_button = QPushButton()
        self.translated(copy_button.setText, N_("Copy"))
        copy_button.setObjectName("copySha")
        copy_button.clicked.connect(lambda: copy(evidence.sha256))
        sha_row = QHBoxLayout()
        sha_row.addWidget(self.sha, 1)
        sha_row.addWidget(copy_button)
        self.tx_links = _checklist([(t.id, f"{time_text(t.time)} · {amount_text(t.amount, t.currency)} · {t.counterparty}")
                                    for t in transactions], evidence.linked_transactions)
        self.contact_links = _checklist([(c.id, f"{time_text(c.at)} · {contact_kind_text(c.kind)} · {c.summary[:40]}")
                                         for c in contacts], evidence.linked_contacts)
        right = QWidget()
        form = QFormLayout(right)
        self.add_row(form, N_("&Caption"), self.caption)
        form.addRow("SHA-256", sha_row)
        for label, value in ((N_("File"), QLabel(f"{evidence.file_name} · {evidence.mime} · {evidence.size:,} B")),
                             (N_("Added"), QLabel(time_text(evidence.added_at))),
                             (N_("Linked transactions"), self.tx_links), (N_("Linked contacts"), self.contact_links)):
            row_label = QLabel()
            self.translated(row_label.setText, label)
            form.addRow(row_label, value)
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
            self.translated(self.picture.setText,
                            N_("No preview for this kind of file. The original is kept unchanged in the vault."))
            self.zoom.setEnabled(False)
        else:
            self._rescale(100)
        self.track({"caption": self.caption, "transactions": self.tx_links, "contacts": self.contact_links})

    def draft_context(self) -> dict[str, Any]:
        return {"case_id": self.evidence.case_id, "evidence_id": self.evidence.id}

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

    def edit(self) -> EvidenceEdit:
        """The caption and links as set."""
        return EvidenceEdit(self.caption.text().strip(), _checked(self.tx_links), _checked(self.contact_links))

    @classmethod
    def ask(cls, parent: QWidget | None, evidence: Evidence, image: QImage, transactions: list[Transaction],
            contacts: list[Contact], copy: Callable[[str], None],
            draft: Mapping[str, Any] | None = None) -> EvidenceEdit | None:
        """Shows the viewer (``image`` decoded beforehand, off the GUI thread; a draft's values put back); the
        edits when saved, else None."""
        dialog = cls(evidence, image, transactions, contacts, copy, parent)
        dialog.restore_draft(draft)
        return dialog.edit() if dialog.exec() == QDialog.DialogCode.Accepted else None
