"""The Transactions tab's role column and its "Mark as disputed / context / record" actions, on several
selected rows at once, with one Undo giving every row its old role back."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

from pytestqt.qtbot import QtBot

from PySide6.QtCore import QItemSelectionModel, Qt

from tests.gui.test_case_page import open_case
from walletcare.evidence.models import Transaction
from walletcare.ui.main_window import MainWindow
from walletcare.ui.models.transactions import COLUMNS

CN = timezone(timedelta(hours=8))
ROLE = [key for key, _label, _get in COLUMNS].index("role")


def test_mark_selected_rows_and_undo(qtbot: QtBot, unlocked: MainWindow) -> None:
    window = unlocked
    case = open_case(qtbot, window, currency="CNY")
    store = window.session._store()
    ids = store.transactions.add_many([
        Transaction(0, case.id, datetime(2024, 5, day, 12, tzinfo=CN), Decimal("199.00"), "CNY", role="record",
                    counterparty=f"商户{day}") for day in (1, 2, 3)])
    tab = window.cases.case_page.transactions
    window.cases.case_page.show_tab(1)
    tab.reload()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3 and tab.model.index(2, ROLE).data() == "记录", timeout=3000)
    assert tab.model.headerData(ROLE, Qt.Orientation.Horizontal) == "用途"
    tab.table.selectRow(0)
    tab.table.selectionModel().select(tab.model.index(1, 0), QItemSelectionModel.SelectionFlag.Select
                                      | QItemSelectionModel.SelectionFlag.Rows)
    chosen = {tx.id for tx in tab.selected_all()}
    assert len(chosen) == 2
    tab.role_actions["disputed"].trigger()
    qtbot.waitUntil(lambda: store.transactions.count(case.id, role="disputed") == 2, timeout=3000)
    qtbot.waitUntil(lambda: sorted(tab.model.index(r, ROLE).data() for r in range(3)) == ["申诉", "申诉", "记录"],
                    timeout=3000)
    assert tab.role_actions["context"].text() == "标为说明"
    tab.undo_button.click()
    qtbot.waitUntil(lambda: store.transactions.count(case.id, role="record") == 3, timeout=3000)
    tab.redo_button.click()
    qtbot.waitUntil(lambda: store.transactions.count(case.id, role="disputed") == 2, timeout=3000)
    assert {i for i in ids if store.transactions.get(i).role == "disputed"} == chosen  # the other kept its role
