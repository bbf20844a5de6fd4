"""Timeline tab: everything dated in the case — when it was discovered and opened, transactions, contacts,
evidence and deadlines — in one chronological table (built on the vault thread)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableView, QWidget

from walletcare.i18n import _
from walletcare.ui.case_tabs.base import CaseTab
from walletcare.ui.models.case_records import TimelineItem, TimelineModel, build_timeline
from walletcare.ui.operations import Changes
from walletcare.ui.session import VaultSession
from walletcare.ui.widgets.tables import tidy_table

if TYPE_CHECKING:
    from walletcare.evidence.store import Store

MAX_TRANSACTIONS = 2000


class TimelineTab(CaseTab):
    """Read-only chronological table."""

    def __init__(self, session: VaultSession, notify: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(session, notify, parent)
        self.model = TimelineModel()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.table = QTableView()
        self.table.setObjectName("timelineTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        tidy_table(self.table)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.hide()
        self.box.addWidget(self.note)
        self.box.addWidget(self.empty)
        self.box.addWidget(self.table, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.note.setText(_("Everything dated in this case, oldest first. The dossier uses the same order."))
        self.empty.setText(_("Nothing dated yet — transactions, contact notes and evidence appear here as you add "
                             "them, and so does the date you noticed the problem (Overview)."))
        self.model.retranslate()

    def reload(self) -> None:
        if self.case is None:
            return
        case_id = self.case.id

        def load(store: Store) -> list[TimelineItem]:
            case = store.cases.get(case_id)
            txs = list(store.transactions.page(case_id, offset=0, limit=MAX_TRANSACTIONS, sort="time", descending=False))
            return build_timeline(case, txs, list(store.contacts.list(case_id)), list(store.evidence.list(case_id)))

        self.session.read(load, self._loaded, self.show_error)

    def _loaded(self, items: list[TimelineItem]) -> None:
        self.model.set_records(items)
        self.empty.setVisible(not items)

    def clear(self) -> None:
        self.model.clear()

    def cares_about(self, changes: Changes) -> bool:
        return True
