"""Undo after a change that failed, and the wizard buttons after an unknown wizard: each of these once reached
an attribute of ``None`` (an undo deleting transaction ``None``, a click calling ``None.restart()``)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from pytestqt.qtbot import QtBot

from PySide6.QtGui import QUndoStack

from tests.gui.test_case_page import open_case
from walletcare.evidence.models import Transaction
from walletcare.ui.case_tabs.undo import AddTransaction, DeleteTransactions
from walletcare.ui.main_window import MainWindow
from walletcare.ui.pages.wizard_runner import WizardRunner


def test_undo_of_a_failed_add_or_delete_changes_nothing(qtbot: QtBot, unlocked: MainWindow) -> None:
    window = unlocked
    case = open_case(qtbot, window)
    store = window.session._store()
    kept = store.transactions.add(Transaction(id=0, case_id=case.id, time=datetime(2024, 5, 1, 9).astimezone(),
                                              amount=Decimal("12.00"), currency="CNY"))
    errors: list[BaseException] = []
    stack = QUndoStack()
    no_zone = Transaction(id=0, case_id=case.id, time=datetime(2024, 5, 1, 10), amount=Decimal("1.00"),
                          currency="CNY")
    stack.push(AddTransaction(window.session, no_zone, errors.append))  # refused: a time without offset
    assert len(errors) == 1
    stack.undo()
    assert len(errors) == 1, errors[1:]  # the undo asked for no transaction "None"
    stack.redo()
    assert len(errors) == 2  # the add is refused again, and says so
    stack.clear()

    stack.push(DeleteTransactions(window.session, [kept.id + 1000], errors.append))  # no such transaction
    assert len(errors) == 3
    stack.undo()
    assert len(errors) == 3, errors[3:]  # nothing to put back, no error from putting back "None"
    assert [t.id for t in store.transactions.all(case.id)] == [kept.id]


def test_wizard_buttons_after_an_unknown_wizard(qtbot: QtBot) -> None:
    runner = WizardRunner()
    qtbot.addWidget(runner)
    first = sorted(runner.available())[0]
    runner.start(first)
    assert runner.restart_button.isEnabled()
    runner.start("no-such-wizard")
    assert runner.run is None
    assert not runner.restart_button.isEnabled() and not runner.back_button.isEnabled()
    runner.restart_button.click()  # a disabled button does nothing; the slots must not reach None either
    runner.back_button.clicked.emit()
    runner.restart_button.clicked.emit()
    runner.answer.returnPressed.emit()
    runner.start(first)
    assert runner.run is not None and runner.restart_button.isEnabled()
    runner.restart_button.click()
    assert runner.run.transcript() == []
