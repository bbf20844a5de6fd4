"""Add or edit one transaction typed in by hand: time, amount, currency, direction, counterparty, order
number, status, description, note."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from walletcare.evidence import records
from walletcare.evidence.models import DIRECTIONS, Reference, Transaction
from walletcare.i18n import N_, _
from walletcare.ui.dialogs.editor import EditorDialog
from walletcare.ui.dialogs.new_case import parse_amount_text
from walletcare.ui.display import direction_text, is_local_zone, zone_text
from walletcare.ui.widgets.dates import datetime_of, localize, to_qdatetime


class TransactionDialog(EditorDialog):
    """The fields of one transaction; ``transaction()`` builds the record."""

    draft_kind = "transaction"

    def __init__(self, tx: Transaction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transactionDialog")
        self.translated(self.setWindowTitle, N_("Transaction"))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)  # room for order numbers and placeholders
        self.original = tx
        # the time as recorded, in its own zone (a statement's China time stays China time), named when it is
        # not the computer's; saved back in the same zone
        self.time = QDateTimeEdit(to_qdatetime(tx.time.replace(tzinfo=None)))
        self.time.setCalendarPopup(True)
        self.time.setDisplayFormat("yyyy-MM-dd HH:mm:ss")
        localize(self.time)
        self.amount = QLineEdit("" if tx.id == 0 and not tx.amount else str(tx.amount))
        self.amount.setObjectName("txAmount")
        self.currency = QLineEdit(tx.currency or "CNY")
        self.direction = QComboBox()
        self.retranslate_choices()
        self.direction.setCurrentIndex(max(0, self.direction.findData(tx.direction)))
        self.counterparty = QLineEdit(tx.counterparty)
        self.reference = QLineEdit(tx.references[0].value if tx.references else "")
        self.status = QLineEdit(tx.status)
        self.description = QLineEdit(tx.description)
        self.note = QLineEdit(tx.note)
        self.problem = QLabel()
        form = QFormLayout(self)
        rows = ((N_("&Time"), self.time), (N_("&Amount"), self.amount), (N_("C&urrency"), self.currency),
                (N_("&Direction"), self.direction), (N_("Counter&party"), self.counterparty),
                (N_("&Order no."), self.reference), (N_("&Status"), self.status),
                (N_("D&escription"), self.description), (N_("&Note"), self.note))
        for label, field in rows:
            self.add_row(form, label, field)
        self.zone = QLabel()
        self.zone.setObjectName("txZone")
        if not is_local_zone(tx.time):
            self.translated(lambda text: self.zone.setText(text.format(zone=zone_text(tx.time))),
                            N_("Time as recorded, in {zone}"))
            form.insertRow(1, "", self.zone)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.track({"time": self.time, "amount": self.amount, "currency": self.currency, "direction": self.direction,
                    "counterparty": self.counterparty, "reference": self.reference, "status": self.status,
                    "description": self.description, "note": self.note})

    def retranslate_choices(self) -> None:
        index = self.direction.currentIndex()
        self.direction.clear()
        for direction in DIRECTIONS:
            self.direction.addItem(direction_text(direction), direction)
        self.direction.setCurrentIndex(max(0, index))

    def draft_context(self) -> dict[str, Any]:
        return {"case_id": self.original.case_id, "original": records.body_of(self.original, skip=())}

    @staticmethod
    def original_of(context: Mapping[str, Any]) -> Transaction:
        """The transaction a draft was typed over (``draft_context``)."""
        return records.from_body(Transaction, dict(context["original"]))

    def _accept(self) -> None:
        if parse_amount_text(self.amount.text()) is None:
            self.problem.setText(_("The amount should be a number such as 1234.50."))
            return
        if not self.currency.text().strip():
            self.problem.setText(_("Add the currency, e.g. CNY, USD or USDT."))
            return
        self.accept()

    def transaction(self) -> Transaction:
        """The transaction as typed."""
        when = datetime_of(self.time.dateTime()).replace(tzinfo=self.original.time.tzinfo)
        refs = list(self.original.references)
        value = self.reference.text().strip()
        if refs:
            refs[0] = replace(refs[0], value=value)
        elif value:
            refs.append(Reference(kind="trade_no", value=value))
        return replace(self.original, time=when, amount=parse_amount_text(self.amount.text()) or self.original.amount,
                       currency=self.currency.text().strip().upper(), direction=self.direction.currentData(),
                       counterparty=self.counterparty.text().strip(), references=tuple(r for r in refs if r.value),
                       status=self.status.text().strip(), description=self.description.text().strip(),
                       note=self.note.text().strip())

    @classmethod
    def ask(cls, parent: QWidget | None, tx: Transaction, draft: Mapping[str, Any] | None = None) -> Transaction | None:
        """Shows the dialog (with a draft's values typed back in); the transaction typed, or None when cancelled."""
        dialog = cls(tx, parent)
        dialog.restore_draft(draft)
        return dialog.transaction() if dialog.exec() == QDialog.DialogCode.Accepted else None
