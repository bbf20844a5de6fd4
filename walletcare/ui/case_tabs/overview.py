"""Overview tab: every field of the case editable (what happened, amounts, status, deadlines, both
parties), with one "Save" button."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QWidget,
)

from walletcare.evidence.models import CASE_KINDS, CASE_STATUSES, Case, Deadline, Party
from walletcare.i18n import N_, _
from walletcare.ui.case_tabs.base import CaseTab
from walletcare.ui.dialogs.new_case import parse_amount_text
from walletcare.ui.display import kind_text, status_text
from walletcare.ui.operations import Changes
from walletcare.ui.operations.cases import update_case

TEXT_FIELDS = (("title", N_("Title")), ("provider", N_("Provider")), ("account", N_("Account")),
               ("currency", N_("Currency")), ("classification", N_("Kind of problem")), ("tags", N_("Tags")),
               ("card_network", N_("Card network (Visa, Mastercard, UnionPay …)")),
               ("card_last4", N_("Card: last four digits only")),
               ("merchant_descriptor", N_("Merchant as shown on the statement")))
# the dates the channels count from (letters, the cover's key dates)
CHANNEL_DATES = (("expected_delivery", N_("Expected delivery")), ("statement_date", N_("Statement date")),
                 ("first_complaint", N_("First complaint")), ("final_reply", N_("Final reply")))
LONG_FIELDS = (("description", N_("What happened")), ("desired_outcome", N_("What you want")),
               ("requested_resolution", N_("Resolution requested")),
               ("security_actions", N_("Security steps taken")), ("reports_filed", N_("Reports filed")))
PARTY_LABELS = {"name": N_("Name"), "phone": N_("Phone"), "email": N_("Email"), "address": N_("Address"),
                "id_type": N_("ID type"), "id_number": N_("ID number"), "organisation": N_("Organisation"),
                "staff": N_("Staff member"), "merchant_order_no": N_("Merchant order no."),
                "counterparty_account": N_("Counterparty account"), "on_behalf_of": N_("On behalf of"),
                "credit_code": N_("Unified social credit code"), "shop": N_("Shop"), "url": N_("Web address")}
NO_DATE = QDate(2000, 1, 1)


def _date_edit() -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText("—")
    edit.setDate(NO_DATE)
    return edit


def _get_date(edit: QDateEdit) -> date | None:
    return None if edit.date() == NO_DATE else edit.date().toPython()


def _set_date(edit: QDateEdit, value: date | None) -> None:
    edit.setDate(QDate(value) if value else NO_DATE)


def parse_deadlines(text: str) -> tuple[Deadline, ...]:
    """Deadlines typed one per line as ``YYYY-MM-DD label`` (``[x]`` at the end marks one done)."""
    found = []
    for line in text.splitlines():
        parts = line.strip().split(maxsplit=1)
        if not parts:
            continue
        try:
            due = date.fromisoformat(parts[0])
        except ValueError:
            continue
        label = parts[1] if len(parts) > 1 else ""
        done = label.endswith("[x]")
        found.append(Deadline(due=due, label=label.removesuffix("[x]").strip(), done=done))
    return tuple(found)


def deadlines_text(deadlines: tuple[Deadline, ...]) -> str:
    """The inverse of ``parse_deadlines``."""
    return "\n".join(f"{d.due.isoformat()} {d.label}{' [x]' if d.done else ''}" for d in deadlines)


class OverviewTab(CaseTab):
    """The case's fields; saving goes through ``operations.cases.update_case``."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        inner = QWidget()
        self.form = QFormLayout(inner)
        self.edits: dict[str, QLineEdit] = {}
        self.labels: dict[str, tuple[QWidget, str]] = {}
        for name, label in TEXT_FIELDS:
            self.edits[name] = self._row(QLineEdit(), name, label)
        self.amount = self._row(QLineEdit(), "amount", N_("Amount"))
        self.kind = self._row(QComboBox(), "kind", N_("Kind"))
        self.status = self._row(QComboBox(), "status", N_("Status"))
        self.opened = self._row(_date_edit(), "opened", N_("Opened"))
        self.discovered = self._row(_date_edit(), "discovered", N_("Discovered"))
        self.dates = {name: self._row(_date_edit(), name, label) for name, label in CHANNEL_DATES}
        self.long: dict[str, QPlainTextEdit] = {}
        for name, label in LONG_FIELDS:
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setMaximumHeight(80)
            self.long[name] = self._row(edit, name, label)
        self.deadlines = self._row(QPlainTextEdit(), "deadlines", N_("Deadlines (one per line: 2024-05-01 what)"))
        self.deadlines.setTabChangesFocus(True)
        self.deadlines.setMaximumHeight(80)
        self.parties: dict[str, dict[str, QLineEdit]] = {}
        self.party_boxes: dict[str, QGroupBox] = {}
        row = QHBoxLayout()
        for party in ("claimant", "respondent"):
            group = QGroupBox()
            party_form = QFormLayout(group)
            self.parties[party] = {}
            for f in fields(Party):
                edit = QLineEdit()
                party_form.addRow(_(PARTY_LABELS[f.name]), edit)
                self.parties[party][f.name] = edit
            self.party_boxes[party] = group
            row.addWidget(group)
        self.form.addRow(row)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        self.save = QPushButton()
        self.save.setObjectName("saveCase")
        self.save.clicked.connect(self._save)
        self.box.addWidget(scroll, 1)
        self.box.addWidget(self.save)
        self.retranslate()

    def _row(self, widget: QWidget, name: str, label: str):  # noqa: ANN202 - returns the widget given
        widget.setObjectName(f"case-{name}")
        self.form.addRow(label, widget)
        self.labels[name] = (self.form.labelForField(widget), label)
        return widget

    def retranslate(self) -> None:
        for name, (label_widget, msgid) in self.labels.items():
            label_widget.setText(_(msgid))  # type: ignore[attr-defined]
            self.labels[name][0].setAccessibleName(_(msgid))
        current_kind, current_status = self.kind.currentData(), self.status.currentData()
        self.kind.clear()
        for kind in CASE_KINDS:
            self.kind.addItem(kind_text(kind), kind)
        self.status.clear()
        for status in CASE_STATUSES:
            self.status.addItem(status_text(status), status)
        self.kind.setCurrentIndex(max(0, self.kind.findData(current_kind)))
        self.status.setCurrentIndex(max(0, self.status.findData(current_status)))
        self.party_boxes["claimant"].setTitle(_("You (claimant)"))
        self.party_boxes["respondent"].setTitle(_("The other side (respondent)"))
        self.save.setText(_("&Save changes"))

    def reload(self) -> None:
        case = self.case
        if case is None:
            return
        for name, edit in self.edits.items():
            value = getattr(case, name)
            edit.setText(", ".join(value) if isinstance(value, tuple) else str(value or ""))
        self.amount.setText("" if case.amount is None else str(case.amount))
        self.kind.setCurrentIndex(max(0, self.kind.findData(case.kind)))
        self.status.setCurrentIndex(max(0, self.status.findData(case.status)))
        _set_date(self.opened, case.opened)
        _set_date(self.discovered, case.discovered)
        for name, edit in self.dates.items():
            _set_date(edit, getattr(case, name))
        for name, edit in self.long.items():
            edit.setPlainText(getattr(case, name))
        self.deadlines.setPlainText(deadlines_text(case.deadlines))
        for party in ("claimant", "respondent"):
            value = getattr(case, party)
            for name, edit in self.parties[party].items():
                edit.setText(getattr(value, name))

    def clear(self) -> None:
        for edit in [*self.edits.values(), self.amount, *self.long.values(), self.deadlines]:
            edit.clear()
        for party in self.parties.values():
            for edit in party.values():
                edit.clear()

    def edited_case(self) -> Case | None:
        """The case with the edits applied (None when the amount is not a number)."""
        if self.case is None:
            return None
        amount = parse_amount_text(self.amount.text())
        if self.amount.text().strip() and amount is None:
            return None
        values: dict[str, object] = {name: edit.text().strip() for name, edit in self.edits.items()}
        values["tags"] = tuple(t.strip() for t in str(values["tags"]).split(",") if t.strip())
        values.update({name: edit.toPlainText() for name, edit in self.long.items()})
        parties = {p: Party(**{n: e.text().strip() for n, e in edits.items()}) for p, edits in self.parties.items()}
        return replace(self.case, **values, amount=amount, kind=self.kind.currentData(),  # type: ignore[arg-type]
                       status=self.status.currentData(), opened=_get_date(self.opened),
                       discovered=_get_date(self.discovered), deadlines=parse_deadlines(self.deadlines.toPlainText()),
                       **{name: _get_date(edit) for name, edit in self.dates.items()}, **parties)

    def _save(self) -> None:
        case = self.edited_case()
        if case is None:
            self.notify(_("The amount should be a number such as 1234.50."))
            return
        if not case.title:
            self.notify(_("Give the case a short title, e.g. “Withdrawal stuck since 3 May”."))
            return
        self.session.run(update_case, case, on_done=lambda _c: self.notify(_("Case saved.")), on_error=self.show_error)

    def cares_about(self, changes: Changes) -> bool:
        return changes.cases
