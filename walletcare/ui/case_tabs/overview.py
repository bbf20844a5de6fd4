"""Overview tab: every field of the case editable (what happened, amounts, status, deadlines, both
parties), with one "Save changes" button that is enabled only while there are unsaved edits, which an
"Unsaved changes" marker beside it shows. Unsaved edits survive a reload of the case, a lock (as a draft)
and a language switch; leaving the case asks first (``CasePage.may_leave``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import fields, replace
from datetime import date
from typing import Any, TypeVar

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from walletcare.evidence.models import CASE_KINDS, CASE_STATUSES, Case, Deadline, Party
from walletcare.i18n import N_, _
from walletcare.ui.case_tabs.base import CaseTab
from walletcare.ui.case_tabs.plan import BANNER_STYLE, OVERDUE_COLOR, days_text, next_step_text
from walletcare.ui.dialogs.new_case import parse_amount_text
from walletcare.ui.display import date_text, edit_date_text, kind_text, status_text
from walletcare.ui.editor_state import EditorState
from walletcare.ui.operations import Changes
from walletcare.ui.operations.cases import update_case
from walletcare.ui.operations.plan import PlanView
from walletcare.ui.session import VaultSession
from walletcare.ui.widgets.dates import date_of, localize, to_qdate

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
DEADLINE_LINE = re.compile(r"\s*(?P<year>\d{4})\s*[-/.年]\s*(?P<month>\d{1,2})\s*[-/.月]\s*(?P<day>\d{1,2})\s*日?"
                           r"(?:\s+|$)(?P<label>.*)$")


W = TypeVar("W", bound=QWidget)


def _date_edit() -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText("—")
    edit.setDate(NO_DATE)
    return localize(edit)


def _get_date(edit: QDateEdit) -> date | None:
    return None if edit.date() == NO_DATE else date_of(edit.date())


def _set_date(edit: QDateEdit, value: date | None) -> None:
    edit.setDate(to_qdate(value) if value else NO_DATE)


def parse_deadlines(text: str) -> tuple[Deadline, ...]:
    """Deadlines typed one per line as ``date label``, the date as ``2026-12-06``, ``2026/12/6`` or
    ``2026年12月6日`` (``[x]`` at the end marks one done)."""
    found = []
    for line in text.splitlines():
        match = DEADLINE_LINE.match(line)
        if not match:
            continue
        try:
            due = date(int(match["year"]), int(match["month"]), int(match["day"]))
        except ValueError:
            continue
        label = match["label"].strip()
        done = label.endswith("[x]")
        found.append(Deadline(due=due, label=label.removesuffix("[x]").strip(), done=done))
    return tuple(found)


def unreadable_deadlines(text: str) -> list[str]:
    """The non-empty lines ``parse_deadlines`` cannot read (saving them would lose them)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return [line for line in lines if not parse_deadlines(line)]


def deadlines_text(deadlines: tuple[Deadline, ...]) -> str:
    """The inverse of ``parse_deadlines``."""
    return "\n".join(f"{edit_date_text(d.due)} {d.label}{' [x]' if d.done else ''}" for d in deadlines)


class OverviewTab(CaseTab):
    """The case's fields; saving goes through ``operations.cases.update_case``."""

    dirty_changed = Signal(bool)  # the fields started or stopped holding unsaved edits
    plan_wanted = Signal()  # "Open the plan"

    def __init__(self, session: VaultSession, notify: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(session, notify, parent)
        self._build_next_step()
        inner = QWidget()
        self.form = QFormLayout(inner)
        self.edits: dict[str, QLineEdit] = {}
        self.labels: dict[str, tuple[QLabel, str]] = {}
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
        self.deadlines = self._row(QPlainTextEdit(), "deadlines", N_("Deadlines (one per line: date, then what)"))
        self.deadlines.setTabChangesFocus(True)
        self.deadlines.setMaximumHeight(80)
        self.parties: dict[str, dict[str, QLineEdit]] = {}
        self.party_boxes: dict[str, QGroupBox] = {}
        self.party_labels: list[tuple[QLabel, QLineEdit, str]] = []
        row = QHBoxLayout()
        for party in ("claimant", "respondent"):
            group = QGroupBox()
            party_form = QFormLayout(group)
            self.parties[party] = {}
            for f in fields(Party):
                party_edit = QLineEdit()
                party_edit.setObjectName(f"{party}-{f.name}")
                party_label = QLabel()
                party_label.setBuddy(party_edit)
                party_form.addRow(party_label, party_edit)
                self.parties[party][f.name] = party_edit
                self.party_labels.append((party_label, party_edit, PARTY_LABELS[f.name]))
            self.party_boxes[party] = group
            row.addWidget(group)
        self.form.addRow(row)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        self.save = QPushButton()
        self.save.setObjectName("saveCase")
        self.save.clicked.connect(self.save_changes)
        self.dirty_marker = QLabel()
        self.dirty_marker.setObjectName("caseUnsaved")
        self.dirty_marker.hide()
        save_row = QHBoxLayout()
        save_row.addWidget(self.dirty_marker, 1)
        save_row.addWidget(self.save)
        self.box.addWidget(scroll, 1)
        self.box.addLayout(save_row)
        named: dict[str, QWidget] = {**self.edits, "amount": self.amount, "kind": self.kind, "status": self.status,
                                     "opened": self.opened, "discovered": self.discovered, **self.long,
                                     "deadlines": self.deadlines}
        for party, edits in self.parties.items():
            named.update({f"{party}.{name}": edit for name, edit in edits.items()})
        self.state = EditorState(named, self._dirty_changed)
        self.retranslate()

    def _build_next_step(self) -> None:
        """The panel on top: standing warnings, the plan's next step, and the follow-ups promised in contacts."""
        self.next_panel = QFrame()
        self.next_panel.setObjectName("nextStepPanel")
        self.next_panel.setFrameShape(QFrame.Shape.StyledPanel)
        panel = QVBoxLayout(self.next_panel)
        self.plan_warnings = QLabel()
        self.plan_warnings.setObjectName("overviewWarnings")
        self.plan_warnings.setWordWrap(True)
        self.plan_warnings.setStyleSheet(BANNER_STYLE)
        self.plan_warnings.hide()
        self.next_step = QLabel()
        self.next_step.setObjectName("overviewNextStep")
        self.next_step.setWordWrap(True)
        font = self.next_step.font()
        font.setBold(True)
        self.next_step.setFont(font)
        self.open_plan = QPushButton()
        self.open_plan.setObjectName("openPlan")
        self.open_plan.clicked.connect(self.plan_wanted)
        row = QHBoxLayout()
        row.addWidget(self.next_step, 1)
        row.addWidget(self.open_plan)
        self.followups_title = QLabel()
        self.followups = QListWidget()
        self.followups.setObjectName("overviewFollowups")
        panel.addWidget(self.plan_warnings)
        panel.addLayout(row)
        panel.addWidget(self.followups_title)
        panel.addWidget(self.followups)
        self.followups_title.hide()
        self.followups.hide()
        self.next_panel.hide()
        self.box.addWidget(self.next_panel)

    def show_plan(self, view: PlanView | None) -> None:
        """The next step, the follow-ups (overdue ones in red, and marked in words) and the standing warnings."""
        self.followups.clear()
        if view is None or self.case is None or view.case_id != self.case.id:
            self.next_panel.hide()
            return
        self.plan_warnings.setText("\n".join("⚠ " + w for w in view.warnings))
        self.plan_warnings.setVisible(bool(view.warnings))
        self.next_step.setText(next_step_text(view))
        overdue = view.next is not None and view.next.overdue
        self.next_step.setStyleSheet(f"color: {OVERDUE_COLOR};" if overdue else "")
        for item in sorted(view.followups, key=lambda f: f.due):
            if item.kept:
                state = _("promise kept")
            elif item.overdue:
                state = _("overdue, {left}").format(left=days_text((item.due - view.today).days))
            else:
                state = days_text((item.due - view.today).days)
            line = QListWidgetItem(("⚠ " if item.overdue else "") + f"{date_text(item.due)} · {item.text} · {state}")
            if item.overdue:
                line.setForeground(QBrush(QColor(OVERDUE_COLOR)))
            self.followups.addItem(line)
        rows = min(max(1, self.followups.count()), 4)  # every follow-up in view up to four, then a scroll bar
        self.followups.setFixedHeight(self.followups.sizeHintForRow(0) * rows + 2 * self.followups.frameWidth() + 4
                                      if self.followups.count() else 0)
        self.followups_title.setVisible(bool(view.followups))
        self.followups.setVisible(bool(view.followups))
        self.next_panel.show()

    def _row(self, widget: W, name: str, label: str) -> W:
        widget.setObjectName(f"case-{name}")
        self.form.addRow(label, widget)
        made = self.form.labelForField(widget)
        assert isinstance(made, QLabel)  # (``addRow`` with a text makes a QLabel)
        self.labels[name] = (made, label)
        return widget

    def _dirty_changed(self, dirty: bool) -> None:
        self.save.setEnabled(dirty)
        self.dirty_marker.setVisible(dirty)
        self.dirty_changed.emit(dirty)

    def is_dirty(self) -> bool:
        """Whether the fields hold edits that are not saved."""
        return self.case is not None and self.state.is_dirty()

    def draft(self) -> dict[str, Any]:
        """The unsaved edits with the case they belong to, JSON-ready."""
        case_id = self.case.id if self.case is not None else None
        return {"kind": "overview", "context": {"case_id": case_id}, "fields": self.state.values()}

    def restore_draft(self, values: Mapping[str, Any]) -> None:
        """Puts a draft's edits back over the case shown."""
        self.state.restore(values)

    def discard_changes(self) -> None:
        """Drops the unsaved edits: the fields show the stored case again."""
        self.state.mark_clean()
        self.reload()

    def retranslate(self) -> None:
        with self.state.quiet():  # refilling the choice lists is not an edit
            self._retranslate()

    def _retranslate(self) -> None:
        for label, edit, msgid in self.party_labels:
            label.setText(_(msgid))
            edit.setAccessibleName(_(msgid))
        for name, (label_widget, msgid) in self.labels.items():
            label_widget.setText(_(msgid))
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
        self.open_plan.setText(_("Open the plan"))
        self.open_plan.setToolTip(_("Every step, its dates, what each channel asks for and the letter"))
        self.followups_title.setText(_("Follow-ups: what you were promised, and answers due after a submission:"))
        self.dirty_marker.setText(_("Unsaved changes — “Save changes” keeps them."))

    def set_case(self, case: Case | None) -> None:
        same = case is not None and self.case is not None and case.id == self.case.id
        if not same:
            self.state.mark_clean()  # another case (or none): edits of the previous one were saved or kept
            self.next_panel.hide()  # until that case's plan is read
        super().set_case(case)

    def reload(self) -> None:
        case = self.case
        if case is None:
            return
        if self.state.is_dirty():
            return  # the user's edits stay on screen over the newer stored values; saving writes them
        with self.state.quiet():
            self._fill(case)
        self.state.mark_clean()

    def _fill(self, case: Case) -> None:
        for name, edit in self.edits.items():
            value = getattr(case, name)
            edit.setText(", ".join(value) if isinstance(value, tuple) else str(value or ""))
        self.amount.setText("" if case.amount is None else str(case.amount))
        self.kind.setCurrentIndex(max(0, self.kind.findData(case.kind)))
        self.status.setCurrentIndex(max(0, self.status.findData(case.status)))
        _set_date(self.opened, case.opened)
        _set_date(self.discovered, case.discovered)
        for name, date_edit in self.dates.items():
            _set_date(date_edit, getattr(case, name))
        for name, long_edit in self.long.items():
            long_edit.setPlainText(getattr(case, name))
        self.deadlines.setPlainText(deadlines_text(case.deadlines))
        for party in ("claimant", "respondent"):
            value = getattr(case, party)
            for name, edit in self.parties[party].items():
                edit.setText(getattr(value, name))

    def clear(self) -> None:
        self.show_plan(None)
        with self.state.quiet():
            text_edits: list[QLineEdit | QPlainTextEdit] = [*self.edits.values(), self.amount, *self.long.values(),
                                                            self.deadlines]
            for text_edit in text_edits:
                text_edit.clear()
            for party in self.parties.values():
                for edit in party.values():
                    edit.clear()
        self.state.mark_clean()

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
        values.update({name: _get_date(edit) for name, edit in self.dates.items()})
        values.update({p: Party(**{n: e.text().strip() for n, e in edits.items()}) for p, edits in self.parties.items()})
        return replace(self.case, **values, amount=amount, kind=self.kind.currentData(),  # type: ignore[arg-type]
                       status=self.status.currentData(), opened=_get_date(self.opened),
                       discovered=_get_date(self.discovered), deadlines=parse_deadlines(self.deadlines.toPlainText()))

    def save_changes(self) -> bool:
        """Saves the edits; False (with the reason shown) when they cannot be saved as typed."""
        unreadable = unreadable_deadlines(self.deadlines.toPlainText())
        if unreadable:
            self.notify(_("This deadline has no date WalletCare can read: “{line}”. Start the line with a date "
                          "such as {example}.").format(line=unreadable[0], example=edit_date_text(date.today())))
            self.deadlines.setFocus()
            return False
        case = self.edited_case()
        if case is None:
            self.notify(_("The amount should be a number such as 1234.50."))
            return False
        if not case.title:
            self.notify(_("Give the case a short title, e.g. “Withdrawal stuck since 3 May”."))
            return False
        saved = self.state.values()

        def done(_changes: Changes) -> None:
            if self.case is not None and self.case.id == case.id and self.state.values() == saved:
                self.state.mark_clean()  # typed on since? then those edits stay unsaved
            self.notify(_("Case saved."))

        self.session.run(update_case, case, on_done=done, on_error=self.show_error)
        return True

    def cares_about(self, changes: Changes) -> bool:
        return changes.cases

