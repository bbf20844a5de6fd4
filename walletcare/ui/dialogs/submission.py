"""Recording a submission to one rung's channel: the confirmation or case number it gave, when it was sent,
and optionally a screenshot of the receipt. Together they become part of the case (audited, the receipt
hashed into the evidence), mark the rung done and start the next clock."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from walletcare.i18n import N_, _
from walletcare.ui.dialogs.editor import EditorDialog
from walletcare.ui.widgets.dates import datetime_of, localize

PICTURES = "*.png *.jpg *.jpeg *.webp *.heic *.gif *.bmp *.pdf"


@dataclass(frozen=True)
class Submission:
    """What the user recorded."""

    ref: str
    at: datetime
    receipt: Path | None
    typed: dict[str, Any] = field(default_factory=dict, compare=False)  # the fields, to type them back in


class SubmissionDialog(EditorDialog):
    """Confirmation number, date and time, receipt screenshot."""

    draft_kind = "submission"

    def __init__(self, case_id: int, rung_id: str, channel_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("submissionDialog")
        self.case_id, self.rung_id = case_id, rung_id
        self.translated(self.setWindowTitle, N_("Record submission"))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 90)
        heading = QLabel(channel_name)
        heading.setObjectName("submissionChannel")
        heading.setWordWrap(True)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        self.ref = QLineEdit()
        self.ref.setObjectName("submissionRef")
        self.translated(self.ref.setPlaceholderText, N_("e.g. the complaint or case number on the receipt"))
        self.at = QDateTimeEdit(QDateTime.currentDateTime())
        self.at.setObjectName("submissionAt")
        self.at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.at.setCalendarPopup(True)
        self.at.setMaximumDateTime(QDateTime.currentDateTime().addDays(1))  # sent, so not days ahead
        localize(self.at)
        self.receipt = QLineEdit()
        self.receipt.setObjectName("submissionReceipt")
        self.translated(self.receipt.setPlaceholderText, N_("optional: a screenshot of the confirmation page"))
        browse = QPushButton()
        browse.setObjectName("submissionBrowse")
        self.translated(browse.setText, N_("Choose…"))
        browse.clicked.connect(self._browse)
        receipt_row = QHBoxLayout()
        receipt_row.addWidget(self.receipt, 1)
        receipt_row.addWidget(browse)
        self.problem = QLabel()
        self.problem.setObjectName("submissionProblem")
        self.problem.setWordWrap(True)
        hint = QLabel()
        hint.setWordWrap(True)
        self.translated(hint.setText, N_("Write the number exactly as the channel shows it. Nobody from a real "
                                         "complaint channel asks for your password, PIN or verification code."))
        form = QFormLayout(self)
        form.addRow(heading)
        self.add_row(form, N_("&Confirmation or case number"), self.ref)
        self.add_row(form, N_("&Sent on"), self.at)
        receipt_label = QLabel()
        self.translated(receipt_label.setText, N_("&Receipt screenshot"))
        receipt_label.setBuddy(self.receipt)
        self.translated(lambda text: self.receipt.setAccessibleName(text.replace("&", "")), N_("&Receipt screenshot"))
        form.addRow(receipt_label, receipt_row)
        form.addRow(hint)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setObjectName("submissionSave")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.track({"ref": self.ref, "at": self.at, "receipt": self.receipt})

    def draft_context(self) -> dict[str, Any]:
        return {"case_id": self.case_id, "rung_id": self.rung_id}

    def _browse(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, _("Receipt screenshot"), self.receipt.text(),
                                                    _("Pictures and PDF ({patterns})").format(patterns=PICTURES))
        if name:
            self.receipt.setText(name)

    def _accept(self) -> None:
        if not self.ref.text().strip():
            self.problem.setText(_("Type the confirmation or case number the channel gave you. If it gave none, "
                                   "write “none” and add a screenshot."))
            self.ref.setFocus()
            return
        receipt = self.receipt.text().strip()
        if receipt and not Path(receipt).is_file():
            self.problem.setText(_("There is no file at “{path}”. Choose the screenshot again, or leave the field "
                                   "empty.").format(path=receipt))
            self.receipt.setFocus()
            return
        self.accept()

    def submission(self) -> Submission:
        """What was typed."""
        receipt = self.receipt.text().strip()
        return Submission(self.ref.text().strip(), datetime_of(self.at.dateTime()).astimezone(),
                          Path(receipt) if receipt else None, self.state.values() if self.state else {})

    @classmethod
    def ask(cls, parent: QWidget | None, case_id: int, rung_id: str, channel_name: str,
            draft: Mapping[str, Any] | None = None) -> Submission | None:
        """Shows the dialog (a draft's values typed back in); the submission, or None when cancelled."""
        dialog = cls(case_id, rung_id, channel_name, parent)
        dialog.restore_draft(draft)
        return dialog.submission() if dialog.exec() == QDialog.DialogCode.Accepted else None
