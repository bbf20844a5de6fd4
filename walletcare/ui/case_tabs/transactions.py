"""Transactions tab: the paged table (sort by header click, search, filters), add / edit / delete and mark as
disputed / context / record (several selected rows at once, from the context menu) with undo and redo, and
"Import…" (the primary action)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from walletcare.evidence.models import DIRECTIONS, TX_ROLES, Case, Transaction
from walletcare.i18n import _
from walletcare.ui.case_tabs.base import CaseTab
from walletcare.ui.case_tabs.import_flow import ImportFlow
from walletcare.ui.case_tabs.undo import AddTransaction, DeleteTransactions, EditTransaction, MarkRoles
from walletcare.ui.dialogs.transaction import TransactionDialog
from walletcare.ui.display import direction_text
from walletcare.ui.icons import set_icon
from walletcare.ui.models.transactions import COLUMNS, TransactionsModel, TxQuery
from walletcare.ui.operations import Changes
from walletcare.ui.session import VaultSession


class TransactionsTab(CaseTab):
    """Table + toolbar. ``import_requested`` is wired by the case page to the import flow."""

    def __init__(self, session: VaultSession, notify: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(session, notify, parent)
        self.model = TransactionsModel(self.session)
        self._statuses: list[str] = []
        self.model.loaded.connect(self._count_shown)
        self.undo_stack = QUndoStack(self)
        self.search = QLineEdit()
        self.search.setObjectName("txSearch")
        self.search.setClearButtonEnabled(True)
        self.direction = QComboBox()
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self._search_timer.timeout.connect(self._apply_query)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.direction.currentIndexChanged.connect(lambda _i: self._apply_query())
        self.status = QComboBox()
        self.status.setObjectName("txStatus")
        self.status.currentIndexChanged.connect(lambda _i: self._apply_query())
        self.import_button = QPushButton()
        set_icon(self.import_button.setIcon, "import")
        self.import_button.setObjectName("importButton")
        self.import_flow = ImportFlow(self, self.session, self.notify)
        self.import_button.clicked.connect(self.start_import)
        self.add_button = QPushButton()
        set_icon(self.add_button.setIcon, "add")
        self.edit_button = QPushButton()
        self.delete_button = QPushButton()
        self.undo_button = QPushButton()
        self.redo_button = QPushButton()
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.undo_button.setEnabled(False)
        self.redo_button.setEnabled(False)
        self.undo_button.clicked.connect(self.undo_stack.undo)
        self.redo_button.clicked.connect(self.undo_stack.redo)
        self.undo_button.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_button.setShortcut(QKeySequence.StandardKey.Redo)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.direction)
        top.addWidget(self.status)
        top.addWidget(self.import_button)
        self.table = QTableView()
        self.table.setObjectName("transactionsTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setWordWrap(False)  # one line per cell: much cheaper to paint 100,000 rows
        self.table.setTabKeyNavigation(False)  # Tab moves on to the next control; arrows move between rows
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        metrics = self.table.fontMetrics()
        self.table.verticalHeader().setDefaultSectionSize(metrics.height() + 8)
        # a time recorded in another zone than the computer's names it (UTC+8): the column shows it whole
        header.resizeSection(0, metrics.horizontalAdvance("2024年12月31日 23:59 UTC−10:30") + 24)
        header.resizeSection(1, metrics.horizontalAdvance("1,234,567.89 USDT") + 16)
        # the counterparty and the description get the room the window has; the role is one short word
        header.setStretchLastSection(False)
        names = [column[0] for column in COLUMNS]
        for name, sample in (("counterparty", "Taxi Technologies, Inc"), ("reference", "2024050122001412"),
                             ("role", "Disputed")):
            header.resizeSection(names.index(name), metrics.horizontalAdvance(sample) + 24)
        header.setSectionResizeMode(names.index("description"), QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.copy_secret: Callable[[str], None] = lambda _t: None
        self.copy_action = QAction(self.table)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.copy_action.triggered.connect(self.copy_reference)
        self.table.addAction(self.copy_action)
        self.role_actions: dict[str, QAction] = {}
        for role in TX_ROLES:
            action = QAction(self.table)
            action.setObjectName(f"mark_{role}")
            action.triggered.connect(lambda _checked=False, r=role: self.mark_selected(r))
            self.table.addAction(action)
            self.role_actions[role] = action
        self.delete_action = QAction(self.table)  # the Delete key does what the Delete button does
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(self.delete_selected)
        self.table.addAction(self.delete_action)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.count_label = QLabel()
        self.count_label.setWordWrap(True)  # the empty-state sentence must not set the window's minimum width
        bottom = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button, self.undo_button, self.redo_button):
            bottom.addWidget(button)
        bottom.addStretch(1)
        bottom.addWidget(self.count_label)
        self.box.addLayout(top)
        self.box.addWidget(self.table, 1)
        self.box.addLayout(bottom)
        self.retranslate()

    def start_import(self) -> None:
        """Asks for a bill or statement export and imports it into the case (the Import button, Ctrl+I)."""
        if self.case is not None:
            self.import_flow.start(self.case.id)

    def retranslate(self) -> None:
        self.search.setPlaceholderText(_("Search counterparty, order no., description…"))
        self.search.setAccessibleName(_("Search transactions"))
        current = self.direction.currentData()
        self.direction.blockSignals(True)
        self.direction.clear()
        self.direction.addItem(_("All directions"), "")
        for direction in DIRECTIONS:
            self.direction.addItem(direction_text(direction), direction)
        self.direction.setCurrentIndex(max(0, self.direction.findData(current)))
        self.direction.blockSignals(False)
        self.direction.setAccessibleName(_("Direction"))
        self.status.setAccessibleName(_("Status"))
        self._fill_statuses(self._statuses)
        self.import_button.setText(_("&Import…"))
        self.import_button.setToolTip(_("Import a bill or statement export (Ctrl+I)"))
        self.add_button.setText(_("&Add…"))
        self.edit_button.setText(_("&Edit…"))
        self.delete_button.setText(_("&Delete"))
        self.copy_action.setText(_("Copy order no. (clears in 30 s)"))
        self.role_actions["disputed"].setText(_("Mark as disputed"))
        self.role_actions["context"].setText(_("Mark as context"))
        self.role_actions["record"].setText(_("Mark as record"))
        self.delete_action.setText(_("&Delete"))
        self.undo_button.setText(_("Undo"))
        self.redo_button.setText(_("Redo"))
        self.model.retranslate()
        self._count_shown(self.model.rowCount())

    def _count_shown(self, count: int) -> None:
        if count == 0 and not self.search.text() and not self.direction.currentData() and not self.status.currentData():
            self.count_label.setText(_("No transactions yet — import a bill export (Ctrl+I) or add one by hand."))
        else:
            self.count_label.setText(_("{n} transactions").format(n=count))

    def _apply_query(self) -> None:
        if self.case is None:
            return
        current = self.model.query or TxQuery(self.case.id)
        from dataclasses import replace

        self.model.set_query(replace(current, case_id=self.case.id, text=self.search.text().strip(),
                                     direction=self.direction.currentData() or "",
                                     status=self.status.currentData() or ""))

    def set_case(self, case: Case | None) -> None:
        if case is None or self.case is None or getattr(case, "id", None) != self.case.id:
            self.undo_stack.clear()
            self.search.clear()
            for combo in (self.direction, self.status):
                combo.blockSignals(True)
                combo.setCurrentIndex(0)
                combo.blockSignals(False)
        super().set_case(case)

    def _fill_statuses(self, statuses: list[str]) -> None:
        self._statuses = statuses
        current = self.status.currentData()
        self.status.blockSignals(True)
        self.status.clear()
        self.status.addItem(_("All statuses"), "")
        for status in statuses:
            self.status.addItem(status, status)
        self.status.setCurrentIndex(max(0, self.status.findData(current)))
        self.status.blockSignals(False)
        self.status.setVisible(bool(statuses))

    def reload(self) -> None:
        if self.case is None:
            return
        case_id = self.case.id
        self.session.read(lambda store: list(store.transactions.statuses(case_id)), self._fill_statuses)
        if self.model.query is None or self.model.query.case_id != self.case.id:
            self._apply_query()
        else:
            self.model.reload()

    def clear(self) -> None:
        self._fill_statuses([])
        self.model.clear()
        self.undo_stack.clear()
        self.search.clear()

    def cares_about(self, changes: Changes) -> bool:
        return changes.transactions

    def selected(self) -> Transaction | None:
        """The current selected transaction (if its page is loaded)."""
        chosen = self.selected_all()
        current = self.model.transaction(self.table.currentIndex().row()) if self.table.currentIndex().isValid() else None
        if current is not None and any(t.id == current.id for t in chosen):
            return current
        return chosen[0] if chosen else None

    def selected_all(self) -> list[Transaction]:
        """Every selected transaction whose page is loaded, in table order."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        found = [self.model.transaction(row) for row in rows]
        return [tx for tx in found if tx is not None]

    def add(self) -> None:
        """Asks for a new transaction and adds it (undoable)."""
        if self.case is None:
            return
        blank = Transaction(id=0, case_id=self.case.id, time=datetime.now().astimezone(), amount=Decimal("0"),
                            currency=self.case.currency or "CNY", source_format="typed")
        self.edit_transaction(blank)

    def edit_transaction(self, old: Transaction, draft: Mapping[str, Any] | None = None) -> None:
        """Opens the editor on ``old`` (id 0: a new one), with a draft's values typed back in; undoable."""
        new = TransactionDialog.ask(self, old, draft)
        if new is None:
            return
        if old.id == 0:
            self.undo_stack.push(AddTransaction(self.session, new, self.show_error))
        elif new != old:
            self.undo_stack.push(EditTransaction(self.session, old, new, self.show_error))

    def edit_selected(self) -> None:
        """Edits the selected transaction (undoable)."""
        old = self.selected()
        if old is None:
            return
        self.edit_transaction(old)

    def delete_selected(self) -> None:
        """Deletes every selected transaction in one step (one Undo puts them all back)."""
        chosen = self.selected_all()
        if not chosen:
            return
        self.undo_stack.push(DeleteTransactions(self.session, [tx.id for tx in chosen], self.show_error))
        if len(chosen) == 1:
            self.notify(_("Transaction deleted — Undo (Ctrl+Z) puts it back."))
        else:
            self.notify(_("{n} transactions deleted — Undo (Ctrl+Z) puts them all back.").format(n=len(chosen)))

    def mark_selected(self, role: str) -> None:
        """Gives every selected transaction the role ``role`` in one step (one Undo gives back the old roles)."""
        chosen = self.selected_all()
        if not chosen:
            return
        self.undo_stack.push(MarkRoles(self.session, [tx.id for tx in chosen], role, self.show_error))

    def copy_reference(self) -> None:
        """Copies the selected transaction's order number or hash (the clipboard is cleared after 30 s)."""
        tx = self.selected()
        if tx is not None and tx.references:
            self.copy_secret(tx.references[0].value)

    def select_row(self, row: int) -> None:
        """Selects a row (keyboard users and tests)."""
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.EnsureVisible)

    def current_index(self) -> QModelIndex:
        """The view's current index."""
        return self.table.currentIndex()

    def focus_table(self) -> None:
        """Moves keyboard focus to the table."""
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
