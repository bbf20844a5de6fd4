"""The Cases area: the vault gate while locked, then the case list (status, provider, amount, next
deadline, with a filter) and a case page. Locking drops everything shown and returns to the gate."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from walletcare.evidence import removal
from walletcare.evidence.models import CASE_STATUSES, Case
from walletcare.evidence.removal import Removal
from walletcare.i18n import _, current_language, ngettext
from walletcare.ui.case_tabs.import_flow import import_summary
from walletcare.ui.dialogs.confirm_removal import ConfirmRemoval
from walletcare.ui.dialogs.new_case import NewCaseDialog
from walletcare.ui.display import status_text
from walletcare.ui.icons import set_icon
from walletcare.ui.models.cases import CaseFilter, CasesModel
from walletcare.ui.models.records import RECORD_ROLE
from walletcare.ui.operations import Changes
from walletcare.ui.operations.cases import add_case
from walletcare.ui.operations.removal import put_back, remove_case, undo_import, what_goes
from walletcare.ui.pages.base import Page
from walletcare.ui.pages.gate import VaultGate
from walletcare.ui.session import VaultSession
from walletcare.ui.widgets.progress import track
from walletcare.ui.widgets.tables import tidy_table
from walletcare.ui.widgets.undo_bar import UndoBar

if TYPE_CHECKING:
    from walletcare.ui.pages.case_page import CasePage


class CaseList(QWidget):
    """Filter row, "New case" (the primary action) and the table."""

    open_case = Signal(object)
    new_case = Signal()
    delete_case = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CasesModel()
        self.proxy = CaseFilter()
        self.proxy.setSourceModel(self.model)
        self.filter = QLineEdit()
        self.filter.setObjectName("caseFilter")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.set_text)
        self.status = QComboBox()
        self.status.currentIndexChanged.connect(lambda _i: self.proxy.set_status(self.status.currentData() or ""))
        self.new_button = QPushButton()
        set_icon(self.new_button.setIcon, "new_case")
        self.new_button.setObjectName("newCase")
        self.new_button.clicked.connect(self.new_case)
        self.delete_button = QPushButton()
        self.delete_button.setObjectName("deleteCase")
        self.delete_button.setEnabled(False)
        self.delete_button.clicked.connect(self._delete_selected)
        self.table = QTableView()
        self.table.setObjectName("caseTable")
        self.table.setModel(self.proxy)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # newest first until a header is clicked
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tidy_table(self.table)
        self.table.activated.connect(self._activated)
        self.table.doubleClicked.connect(self._activated)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_a: self.delete_button.setEnabled(self.selected() is not None))
        self.proxy.modelReset.connect(lambda: self.delete_button.setEnabled(self.selected() is not None))
        self.empty = QLabel()
        self.empty.setObjectName("casesEmpty")
        self.empty.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.filter, 1)
        row.addWidget(self.status)
        row.addWidget(self.new_button)
        row.addWidget(self.delete_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(row)
        box.addWidget(self.empty)
        box.addWidget(self.table, 1)
        self.retranslate()

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.filter.setPlaceholderText(_("Filter cases by title or provider"))
        self.filter.setAccessibleName(_("Filter cases"))
        current = self.status.currentData()
        self.status.blockSignals(True)
        self.status.clear()
        self.status.addItem(_("All statuses"), "")
        for status in CASE_STATUSES:
            self.status.addItem(status_text(status), status)
        self.status.setCurrentIndex(max(0, self.status.findData(current)))
        self.status.blockSignals(False)
        self.status.setAccessibleName(_("Status"))
        self.new_button.setText(_("&New case…"))
        self.new_button.setToolTip(_("Ctrl+N"))
        self.delete_button.setText(_("&Delete case…"))
        self.delete_button.setToolTip(_("Delete the selected case with everything in it (asks first)"))
        self.empty.setText(_("No cases yet — press “New case…” (Ctrl+N), or run a help wizard and choose “Open a case from this”."))
        self.model.retranslate()

    def set_cases(self, cases: list[Case]) -> None:
        """Shows these cases."""
        self.model.set_records(cases)
        self.empty.setVisible(not cases)
        self.table.setVisible(bool(cases))

    def selected(self) -> Case | None:
        """The selected case, if any."""
        rows = self.table.selectionModel().selectedRows()
        return rows[0].siblingAtColumn(0).data(RECORD_ROLE) if rows else None

    def _delete_selected(self) -> None:
        case = self.selected()
        if case is not None:
            self.delete_case.emit(case)

    def _activated(self, index: QModelIndex) -> None:
        case = index.siblingAtColumn(0).data(RECORD_ROLE)
        if case is not None:
            self.open_case.emit(case)


class CasesPage(Page):
    """Gate → list → case page."""

    area = "cases"
    help_wanted = Signal()
    language_chosen = Signal(str)
    export_requested = Signal(object)
    export_to = Signal(object, str)

    def __init__(self, session: VaultSession, notify: Callable[[str], None], copy: Callable[[str], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.notify = notify
        self.copy = copy
        self._case_page: CasePage | None = None
        self.pending_case: Case | None = None
        self.pending_then: Callable[[], None] | None = None
        self.stack = QStackedWidget()
        self.gate = VaultGate(session)
        self.gate.unlocked.connect(self._unlocked)
        self.gate.help_wanted.connect(self.help_wanted)
        self.gate.language_chosen.connect(self.language_chosen)
        self.list = CaseList()
        self.list.open_case.connect(self.open_case)
        self.list.new_case.connect(self.ask_new_case)
        self.list.delete_case.connect(self.ask_delete_case)
        self.undo_bar = UndoBar()
        self.gate.setMaximumWidth(640)
        self.gate_holder = QWidget()
        holder = QHBoxLayout(self.gate_holder)
        holder.setContentsMargins(0, 0, 0, 0)
        holder.addStretch(1)
        holder.addWidget(self.gate, 3)
        holder.addStretch(1)
        for widget in (self.gate_holder, self.list):
            self.stack.addWidget(widget)
        self.layout_.addWidget(self.undo_bar)
        self.layout_.addWidget(self.stack, 1)
        session.store_changed.connect(self._store_changed)
        session.state_changed.connect(self._state_changed)

    @property
    def case_page(self) -> CasePage:
        """The case page, built the first time a case is opened (keeps start-up light)."""
        if self._case_page is None:
            from walletcare.ui.pages.case_page import CasePage, Tab  # deferred: not needed before unlocking

            page = CasePage(self.session, self.notify)
            page.back.connect(self.leave_case)
            page.export_requested.connect(self.export_requested)
            page.export_to.connect(self.export_to)
            page.evidence.copy_secret = self.copy
            page.transactions.copy_secret = self.copy
            page.plan.copy_secret = self.copy
            page.evidence.offer_undo = self.offer_undo
            page.transactions.import_flow.imported = self.offer_import_undo
            page.transactions.import_flow.chat_imported = lambda _chat: page.show_tab(Tab.CONTACTS)
            self.stack.addWidget(page)
            self._case_page = page
        return self._case_page

    @property
    def built_case_page(self) -> CasePage | None:
        """The case page if it was built (without building it)."""
        return self._case_page

    def retranslate(self) -> None:
        self.heading.setText(_("Cases"))
        self.gate.retranslate()
        self.list.retranslate()
        if self.session.unlocked and self.list.model.steps:
            self.reload()  # the next steps are worded by the plan, in the language it was read in
        self.undo_bar.retranslate()
        if self._case_page is not None:
            self._case_page.retranslate()

    def show_gate(self, choose_language: bool = False) -> None:
        """Shows first run or unlock, as the vault folder calls for."""
        self.gate.show_for_state(choose_language)
        self.stack.setCurrentWidget(self.gate_holder)

    def activated(self) -> None:
        if not self.session.unlocked:
            self.show_gate()
        elif self.stack.currentWidget() is self.gate_holder and not self.gate.showing_recovery_code():
            self.show_list()

    def _unlocked(self) -> None:
        self.show_list()
        if self.pending_case is not None:
            prefill, self.pending_case = self.pending_case, None
            then, self.pending_then = self.pending_then, None
            self.ask_new_case(prefill, then)

    def show_list(self) -> None:
        """Back to the list (reloading it)."""
        self.stack.setCurrentWidget(self.list)
        self.reload()
        self.list.table.setFocus()

    def reload(self) -> None:
        """Reads the cases, then each case's next step (the plan; a second read, so the list shows at once)."""
        self.session.read(lambda store: sorted(store.cases.list(), key=lambda c: c.id, reverse=True), self._listed)

    def _listed(self, cases: list[Case]) -> None:
        from walletcare.ui.operations.plan import next_steps

        self.list.set_cases(cases)
        if cases:
            ids, today = [c.id for c in cases], date.today()
            self.session.read(lambda store: next_steps(store, ids, today), self.list.model.set_next_steps,
                              lambda exc: None)

    def leave_case(self) -> bool:
        """From the case to the list, once unsaved edits are saved or discarded. True when it moved."""
        if self._case_page is not None and not self._case_page.may_leave():
            return False
        self.show_list()
        return True

    def open_case(self, case: Case) -> None:
        """Shows one case (asking first when another case has unsaved edits)."""
        shown = self._case_page.case if self._case_page is not None else None
        if shown is not None and shown.id != case.id and not self.case_page.may_leave():
            return
        self.case_page.show_case(case)
        self.stack.setCurrentWidget(self.case_page)
        self.case_page.focus_first_field()

    def current_case(self) -> Case | None:
        """The case on screen, if any."""
        page = self._case_page
        return page.case if page is not None and self.stack.currentWidget() is page else None

    def ask_new_case(self, prefill: Case | None = None, then: Callable[[], None] | None = None,
                     draft: Mapping[str, Any] | None = None) -> None:
        """Asks for a new case (a draft's values typed back in) and opens it when stored; ``then`` runs once it
        is on screen."""
        if not self.session.unlocked:
            self.show_gate()
            return
        case = NewCaseDialog.ask(self, prefill, draft)
        if case is not None:
            self.session.run(add_case, case, on_done=lambda changes: self._created(changes, then), on_error=self._error)

    def ask_delete_case(self, case: Case) -> None:
        """Shows what deleting ``case`` removes, asks, deletes it and offers Undo."""
        self.session.read(lambda store: what_goes(store, "case", case.id),
                          lambda info: self._confirm_delete(case.id, info), self._error)

    def _confirm_delete(self, case_id: int, info: dict[str, Any]) -> None:
        details = [ngettext("{n} transaction", "{n} transactions", info["transactions"]).format(n=info["transactions"]),
                   ngettext("{n} evidence item (screenshots and files)", "{n} evidence items (screenshots and files)",
                            info["evidence"]).format(n=info["evidence"]),
                   ngettext("{n} note of contacts with support", "{n} notes of contacts with support",
                            info["contacts"]).format(n=info["contacts"])]
        if not ConfirmRemoval.ask(self, _("Delete case"), _("Delete the case “{title}” and everything in it?").format(
                title=info["name"]), details, info["undoable"], _("Delete case")):
            return
        title = info["name"]
        task = self.session.run(remove_case, case_id, on_error=self._error, label=_("Removing"), with_task=True,
                                on_done=lambda changes: self.offer_undo(
                                    _("The case “{title}” was deleted.").format(title=title), changes.result))
        track(task, self, _("Removing"))

    def offer_undo(self, text: str, done: Removal) -> None:
        """Shows ``text`` in the undo bar; "Undo" puts back what ``done`` removed (until the vault is locked)."""
        if not done.undoable:
            self.undo_bar.offer(text, None)
            return

        def undo() -> None:
            self.session.run(put_back, done, on_error=self._error, label=_("Putting back"),
                             on_done=lambda _c: self.notify(_("Put back as it was.")))

        def dropped() -> None:
            if self.session.unlocked:
                self.session.read(lambda store: removal.forget(store, done), lambda _v: None)

        self.undo_bar.offer(text, undo, dropped)

    def offer_import_undo(self, result: Any) -> None:
        """After an import that added rows: "Undo this import" removes exactly them and the file."""
        if not result.added:
            return
        import_id = result.evidence_id

        def undo() -> None:
            task = self.session.run(
                undo_import, import_id, on_error=self._error, label=_("Removing"), with_task=True,
                on_done=lambda changes: self.offer_undo(
                    ngettext("The import was undone ({n} transaction removed).",
                             "The import was undone ({n} transactions removed).",
                             changes.result.transactions).format(n=changes.result.transactions),
                    changes.result))
            track(task, self, _("Removing"))

        summary = import_summary(result) + ("" if current_language().startswith("zh") else " ")
        self.undo_bar.offer(summary + _("Wrong file or wrong case?"), undo,
                            button=_("Undo this import"))

    def _error(self, exc: object) -> None:
        from PySide6.QtWidgets import QMessageBox

        from walletcare.errors import WalletCareError

        text = exc.text() if isinstance(exc, WalletCareError) else _("That did not work, and nothing was changed. Details were written to the log file.")
        QMessageBox.warning(self, _("WalletCare"), text)

    def _created(self, changes: Changes, then: Callable[[], None] | None = None) -> None:
        def opened(case: Case) -> None:
            self.open_case(case)
            if then is not None:
                then()
            else:
                self.offer_playbook(case.id)

        self.session.read(lambda store: store.cases.get(changes.result), opened)

    def offer_playbook(self, case_id: int) -> None:
        """At case creation: when the problem is an urgent incident (wallet drained, account taken over, card
        fraud …), opens its first-hour checklist beside the case (not blocking it)."""
        from walletcare.ui.operations.plan import playbooks
        from walletcare.ui.pages.case_page import Tab

        def found(books: list[Any]) -> None:
            page = self._case_page
            if books and page is not None and page.case is not None and page.case.id == case_id:
                page.show_tab(Tab.PLAN)
                page.plan.open_playbook_now(books[0])

        self.session.read(lambda store: playbooks(store, case_id), found, lambda exc: None)

    def _store_changed(self, changes: Changes) -> None:
        if changes.touches("cases") and self.stack.currentWidget() is self.list:
            self.reload()

    def _state_changed(self, state: str) -> None:
        if state != "unlocked":
            self.undo_bar.forget()  # locking drops what was kept for Undo
            self.list.set_cases([])
            if self._case_page is not None:
                self._case_page.clear()
            self.gate.reset()
            self.show_gate()

    def go_back(self) -> bool:
        """Esc: from a case to the list. True when it moved."""
        if self._case_page is not None and self.stack.currentWidget() is self._case_page:
            return self.leave_case()
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.go_back():
            return
        super().keyPressEvent(event)
