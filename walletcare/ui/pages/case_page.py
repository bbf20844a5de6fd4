"""One case: a header (title, provider, amount, status, next step or deadline with days left, "Export
dossier…") above the tabs Overview · Transactions · Contacts · Evidence · Timeline · Plan."""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from walletcare.evidence.models import Case
from walletcare.i18n import N_, _
from walletcare.ui.case_tabs.base import CaseTab
from walletcare.ui.case_tabs.contacts import ContactsTab
from walletcare.ui.case_tabs.evidence import EvidenceTab
from walletcare.ui.case_tabs.overview import OverviewTab
from walletcare.ui.case_tabs.plan import OVERDUE_COLOR, PlanTab
from walletcare.ui.case_tabs.timeline import TimelineTab
from walletcare.ui.case_tabs.transactions import TransactionsTab
from walletcare.ui.display import amount_text, date_text, days_left_text, status_text
from walletcare.ui.icons import set_icon
from walletcare.ui.models.cases import next_deadline
from walletcare.ui.operations import Changes
from walletcare.ui.operations.plan import NextStep, PlanView, next_step
from walletcare.ui.pages.base import focus_first_field
from walletcare.ui.session import VaultSession


class Tab(enum.IntEnum):
    """The case page's tabs, in their order."""

    OVERVIEW = 0
    TRANSACTIONS = 1
    CONTACTS = 2
    EVIDENCE = 3
    TIMELINE = 4
    PLAN = 5


TAB_TITLES = {Tab.OVERVIEW: N_("&Overview"), Tab.TRANSACTIONS: N_("&Transactions"), Tab.CONTACTS: N_("&Contacts"),
              Tab.EVIDENCE: N_("E&vidence"), Tab.TIMELINE: N_("Ti&meline"), Tab.PLAN: N_("&Plan")}
# where a missing checklist item is entered: an area's tab, else an Overview field
AREA_TABS = {"transactions": Tab.TRANSACTIONS, "contacts": Tab.CONTACTS, "evidence": Tab.EVIDENCE,
             "payment.date": Tab.TRANSACTIONS, "payment.amount": Tab.TRANSACTIONS, "goods": Tab.TRANSACTIONS,
             "order_no": Tab.TRANSACTIONS, "tx_hash": Tab.TRANSACTIONS, "to_addresses": Tab.TRANSACTIONS,
             "attempts": Tab.CONTACTS}
# the plan's field keys that are named differently on the Overview
OVERVIEW_FIELDS = {"request": "requested_resolution", "facts": "description", "reports": "reports_filed",
                   "card": "card_last4", "respondent.name": "respondent.organisation"}


class CasePage(QWidget):
    """Header + tabs; ``back`` returns to the list, ``export_requested`` opens the export dialog."""

    back = Signal()
    export_requested = Signal(object)
    export_to = Signal(object, str)  # (case, channel id): the export dialog addressed to that channel

    def __init__(self, session: VaultSession, notify: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.case: Case | None = None
        self.back_button = QPushButton()
        self.back_button.setObjectName("backToCases")
        self.back_button.setFlat(True)
        self.back_button.clicked.connect(self.back)
        self.title = QLabel()
        self.title.setObjectName("caseHeading")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.export_button = QPushButton()
        set_icon(self.export_button.setIcon, "export")
        self.export_button.setObjectName("exportDossier")
        self.export_button.clicked.connect(lambda: self.case and self.export_requested.emit(self.case))
        head = QHBoxLayout()
        head.addWidget(self.back_button)
        head.addWidget(self.title, 1)
        head.addWidget(self.export_button)
        self.overview = OverviewTab(session, notify)
        self.transactions = TransactionsTab(session, notify)
        self.contacts = ContactsTab(session, notify)
        self.evidence = EvidenceTab(session, notify)
        self.contacts.open_evidence = self.evidence.open_item  # a chat's attachment opens in the viewer
        self.timeline = TimelineTab(session, notify)
        self.plan = PlanTab(session, notify)
        self.plan.go_to.connect(self.go_to)
        self.plan.plan_shown.connect(self._plan_shown)
        self.plan.export_wanted.connect(lambda channel: self.case and self.export_to.emit(self.case, channel))
        self.overview.plan_wanted.connect(lambda: self.show_tab(Tab.PLAN))
        self.next_step: NextStep | None = None
        self.tabs = QTabWidget()
        self.tabs.setObjectName("caseTabs")
        for tab in self.all_tabs():
            self.tabs.addTab(tab, "")
        self._notify = notify
        self._shown_tab = Tab.OVERVIEW
        self.tabs.currentChanged.connect(self._tab_changed)
        self.overview.dirty_changed.connect(lambda _dirty: self._overview_title())
        box = QVBoxLayout(self)
        box.addLayout(head)
        box.addWidget(self.details)
        box.addWidget(self.tabs, 1)
        session.store_changed.connect(self.on_changes)
        self.retranslate()

    def all_tabs(self) -> list[CaseTab]:
        """The tabs in order (``Tab``)."""
        return [self.overview, self.transactions, self.contacts, self.evidence, self.timeline, self.plan]

    def show_case(self, case: Case) -> None:
        """Shows ``case`` on the Overview tab."""
        same = self.case is not None and self.case.id == case.id
        self.case = case
        if not same:
            self.next_step = None
        self._header()
        for tab in self.all_tabs():
            tab.set_case(case)
        if not same:
            self.show_tab(Tab.OVERVIEW)

    def focus_first_field(self) -> None:
        """Puts the cursor in the first field of the tab on view (the case title on Overview: the next-step
        panel above it is read first, but the case is what the user came to edit)."""
        if self.tabs.currentWidget() is self.overview:
            self.overview.edits["title"].setFocus(Qt.FocusReason.OtherFocusReason)
            return
        focus_first_field(self.tabs.currentWidget())

    def may_leave(self) -> bool:
        """Before leaving the case: asks to save unsaved Overview edits. False when the user stays."""
        if self.case is None or not self.overview.is_dirty():
            return True
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self, _("Unsaved changes"),
            _("Save your changes to “{title}” before leaving it?").format(title=self.case.title),
            buttons.Save | buttons.Discard | buttons.Cancel, buttons.Save)
        if answer == buttons.Save:
            if self.overview.save_changes():
                return True
            self.show_tab(Tab.OVERVIEW)  # the reason it cannot be saved is in the status bar
            return False
        if answer == buttons.Discard:
            self.overview.discard_changes()
            return True
        return False

    def _overview_title(self) -> None:
        """The Overview tab's title, marked while it holds unsaved edits (seen from every other tab)."""
        title = _(TAB_TITLES[Tab.OVERVIEW])
        self.tabs.setTabText(Tab.OVERVIEW, _("{tab} (unsaved)").format(tab=title) if self.overview.is_dirty() else title)

    def _tab_changed(self, index: int) -> None:
        """Leaving Overview with unsaved edits: they stay in place, and the status bar says so (not a box:
        nothing is lost by looking at another tab; leaving the case asks)."""
        if self._shown_tab == Tab.OVERVIEW and index != Tab.OVERVIEW and self.overview.is_dirty():
            self._notify(_("Your Overview changes are not saved yet. They stay there until you save or discard "
                           "them; leaving the case asks first."))
        self._shown_tab = Tab(index) if index >= 0 else Tab.OVERVIEW

    def show_tab(self, tab: Tab) -> None:
        """Switches to ``tab``."""
        self.tabs.setCurrentIndex(Tab(tab))

    def current_tab(self) -> Tab:
        """The tab on view."""
        return Tab(max(0, self.tabs.currentIndex()))

    def start_import(self) -> None:
        """Shows the Transactions tab and starts importing a bill export into the case (Ctrl+I)."""
        self.show_tab(Tab.TRANSACTIONS)
        self.transactions.start_import()

    def go_to(self, where: str) -> None:
        """Shows where a missing checklist item is entered: the Transactions, Contacts or Evidence tab, or the
        Overview field ``where`` names (``statement_date``, ``claimant.phone`` …) with the cursor in it."""
        if where in AREA_TABS:
            self.show_tab(AREA_TABS[where])
            return
        where = OVERVIEW_FIELDS.get(where, where)
        party, _dot, name = where.partition(".")
        field = (self.overview.parties.get(party, {}).get(name) if name else None) or \
            self.overview.findChild(QWidget, f"case-{where}")
        self.show_tab(Tab.OVERVIEW)
        if field is not None:
            scroll = field.parentWidget()
            while scroll is not None and not isinstance(scroll, QScrollArea):
                scroll = scroll.parentWidget()
            if scroll is not None:
                scroll.ensureWidgetVisible(field)
            field.setFocus()

    def _plan_shown(self, view: PlanView) -> None:
        self.overview.show_plan(view)
        self.next_step = next_step(view)
        self._header()

    def clear(self) -> None:
        """Drops the case and every tab's data (vault locked)."""
        self.case = None
        self.next_step = None
        self.title.clear()
        self.details.clear()
        for tab in self.all_tabs():
            tab.set_case(None)

    def on_changes(self, changes: Changes) -> None:
        """Re-reads the case when its fields changed; lets each tab reload what it shows."""
        if self.case is None:
            return
        if changes.touches("cases") and changes.case_id in (None, self.case.id):
            case_id = self.case.id
            self.session.read(lambda store: store.cases.get(case_id) if store.cases.exists(case_id) else None,
                              self._case_reloaded)
        for tab in self.all_tabs():
            tab.on_changes(changes)

    def _case_reloaded(self, case: Case | None) -> None:
        if case is None:
            self.clear()
            self.back.emit()
        elif self.case is not None and case.id == self.case.id:
            self.case = case
            self._header()
            self.overview.set_case(case)
            self.timeline.set_case(case)

    def _header(self) -> None:
        case = self.case
        if case is None:
            return
        self.title.setText(case.title)
        parts = [p for p in (case.provider, amount_text(case.amount, case.currency), status_text(case.status)) if p]
        step = self.next_step
        due = next_deadline(case)
        overdue = False
        if step is not None and step.due is not None and (due is None or step.due <= due.due):
            overdue = step.overdue
            parts.append((_("Overdue: {what} {date} ({left})") if overdue else _("Next step: {what} {date} ({left})"))
                         .format(what=step.what, date=date_text(step.due), left=days_left_text(step.due)).strip())
        elif due is not None:
            overdue = due.due < date.today()
            parts.append(_("Next deadline: {date} ({left}) {label}").format(
                date=date_text(due.due), left=days_left_text(due.due), label=due.label).strip())
        elif step is not None:  # a step with no closing date (complain to the platform first)
            parts.append(_("Next step: {what}").format(what=step.what))
        self.details.setText(" · ".join(parts))
        self.details.setStyleSheet(f"color: {OVERDUE_COLOR};" if overdue else "")

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.back_button.setText(_("← All cases"))
        self.back_button.setToolTip(_("Back to the case list (Esc)"))
        self.export_button.setText(_("&Export dossier…"))
        self.export_button.setToolTip(_("A print-ready PDF for a complaint (Ctrl+E)"))
        for tab, title in TAB_TITLES.items():
            self.tabs.setTabText(tab, _(title))
        self._overview_title()
        for case_tab in self.all_tabs():
            case_tab.retranslate()
        self._header()
