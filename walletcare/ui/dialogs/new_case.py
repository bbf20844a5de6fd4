"""New case: title, provider, kind, amount and currency (everything else is edited on the Overview tab)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from walletcare.evidence.models import CASE_KINDS, Case
from walletcare.i18n import _
from walletcare.ui.display import kind_text


def parse_amount_text(text: str) -> Decimal | None:
    """A typed amount ("1,234.50", "１２") as Decimal; None when empty or not a number."""
    cleaned = text.strip().replace(",", "").replace("，", "")
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


TITLE_SAMPLE = "Withdrawal of 3,000 CNY stuck since 3 May, support says wait"  # 60 characters the field shows


class NewCaseDialog(QDialog):
    """Asks for the essentials of a new case; ``case()`` builds the record."""

    def __init__(self, prefill: Case | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newCaseDialog")
        self.setWindowTitle(_("New case"))
        self.prefill = prefill or Case(id=0, title="")
        self.title = QLineEdit(self.prefill.title)
        self.title.setObjectName("caseTitle")
        metrics = self.title.fontMetrics()
        self.title.setMinimumWidth(max(metrics.horizontalAdvance(TITLE_SAMPLE), metrics.horizontalAdvance("案" * 30)) + 16)
        self.provider = QLineEdit(self.prefill.provider)
        self.kind = QComboBox()
        for kind in CASE_KINDS:
            self.kind.addItem(kind_text(kind), kind)
        self.kind.setCurrentIndex(max(0, self.kind.findData(self.prefill.kind)))
        self.amount = QLineEdit("" if self.prefill.amount is None else str(self.prefill.amount))
        self.currency = QLineEdit(self.prefill.currency or "CNY")
        self.problem = QLabel()
        form = QFormLayout(self)
        for label, field in ((_("&Title"), self.title), (_("&Provider"), self.provider), (_("&Kind"), self.kind),
                             (_("&Amount"), self.amount), (_("C&urrency"), self.currency)):
            buddy = QLabel(label)
            buddy.setBuddy(field)
            field.setAccessibleName(label.replace("&", ""))
            form.addRow(buddy, field)
        form.addRow(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    def _accept(self) -> None:
        if not self.title.text().strip():
            self.problem.setText(_("Give the case a short title, e.g. “Withdrawal stuck since 3 May”."))
            return
        if self.amount.text().strip() and parse_amount_text(self.amount.text()) is None:
            self.problem.setText(_("The amount should be a number such as 1234.50."))
            return
        self.accept()

    def case(self) -> Case:
        """The new case as typed."""
        from dataclasses import replace

        return replace(self.prefill, id=0, title=self.title.text().strip(), provider=self.provider.text().strip(),
                       kind=self.kind.currentData(), amount=parse_amount_text(self.amount.text()),
                       currency=self.currency.text().strip().upper(), opened=self.prefill.opened or date.today())

    @classmethod
    def ask(cls, parent: QWidget | None, prefill: Case | None = None) -> Case | None:
        """Shows the dialog; the case typed, or None when cancelled."""
        dialog = cls(prefill, parent)
        return dialog.case() if dialog.exec() == QDialog.DialogCode.Accepted else None
