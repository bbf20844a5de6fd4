"""New case: title, provider, kind, amount and currency (everything else is edited on the Overview tab)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from walletcare.evidence import records
from walletcare.evidence.models import CASE_KINDS, Case
from walletcare.i18n import N_, _
from walletcare.ui.dialogs.editor import EditorDialog
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


class NewCaseDialog(EditorDialog):
    """Asks for the essentials of a new case; ``case()`` builds the record."""

    draft_kind = "new_case"

    def __init__(self, prefill: Case | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newCaseDialog")
        self.translated(self.setWindowTitle, N_("New case"))
        self.prefill = prefill or Case(id=0, title="")
        self.title = QLineEdit(self.prefill.title)
        self.title.setObjectName("caseTitle")
        metrics = self.title.fontMetrics()
        self.title.setMinimumWidth(max(metrics.horizontalAdvance(TITLE_SAMPLE), metrics.horizontalAdvance("案" * 30)) + 16)
        self.provider = QLineEdit(self.prefill.provider)
        self.kind = QComboBox()
        self.retranslate_choices()
        self.kind.setCurrentIndex(max(0, self.kind.findData(self.prefill.kind)))
        self.amount = QLineEdit("" if self.prefill.amount is None else str(self.prefill.amount))
        self.currency = QLineEdit(self.prefill.currency or "CNY")
        self.problem = QLabel()
        form = QFormLayout(self)
        for label, field in ((N_("&Title"), self.title), (N_("&Provider"), self.provider), (N_("&Kind"), self.kind),
                             (N_("&Amount"), self.amount), (N_("C&urrency"), self.currency)):
            self.add_row(form, label, field)
        form.addRow(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.track({"title": self.title, "provider": self.provider, "kind": self.kind, "amount": self.amount,
                    "currency": self.currency})

    def retranslate_choices(self) -> None:
        index = self.kind.currentIndex()
        self.kind.clear()
        for kind in CASE_KINDS:
            self.kind.addItem(kind_text(kind), kind)
        self.kind.setCurrentIndex(max(0, index))

    def draft_context(self) -> dict[str, Any]:
        return {"prefill": records.body_of(self.prefill, skip=())}

    @staticmethod
    def prefill_of(context: Mapping[str, Any]) -> Case:
        """The prefill a draft was typed over (``draft_context``)."""
        return records.from_body(Case, dict(context["prefill"]))

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
    def ask(cls, parent: QWidget | None, prefill: Case | None = None,
            draft: Mapping[str, Any] | None = None) -> Case | None:
        """Shows the dialog (with a draft's values typed back in); the case typed, or None when cancelled."""
        dialog = cls(prefill, parent)
        dialog.restore_draft(draft)
        return dialog.case() if dialog.exec() == QDialog.DialogCode.Accepted else None
