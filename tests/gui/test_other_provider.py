"""Importing a WeChat Pay bill into a PayPal case asks first; "No" writes nothing, "Yes" imports it."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QMessageBox

from tests.gui.conftest import answer_next_dialog
from tests.gui.test_case_page import open_case
from walletcare.ui.main_window import MainWindow


def test_other_provider_asks_before_writing(qtbot: QtBot, unlocked: MainWindow, samples_dir: Path) -> None:
    window = unlocked
    case = open_case(qtbot, window, provider="PayPal")
    store = window.session._store()
    flow = window.cases.case_page.transactions.import_flow
    sample = samples_dir / "wechat" / "dsg_wechat_2022.csv"
    asked: list[str] = []

    def answer(button: QMessageBox.StandardButton) -> None:
        def press(dialog: object) -> None:
            assert isinstance(dialog, QMessageBox) and dialog.objectName() == "otherProvider"
            asked.append(dialog.text())
            dialog.button(button).click()

        answer_next_dialog(press)

    answer(QMessageBox.StandardButton.No)
    flow._run(case.id, sample, "auto", False)
    qtbot.waitUntil(lambda: len(asked) == 1, timeout=5000)
    assert "微信支付" in asked[0] and "PayPal" in asked[0]
    assert store.transactions.count(case.id) == 0 and store.evidence.list(case.id) == []
    flow.last_result = None
    answer(QMessageBox.StandardButton.Yes)
    flow._run(case.id, sample, "auto", False)
    qtbot.waitUntil(lambda: flow.last_result is not None, timeout=5000)
    assert store.transactions.count(case.id, role="record") == flow.last_result.added > 0
