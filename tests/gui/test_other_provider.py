"""Importing a WeChat Pay bill into a PayPal case asks first; "No" writes nothing, "Yes" imports it."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QMessageBox

from tests.gui.conftest import answer_next_dialog
from tests.gui.test_case_page import open_case
from walletcare.ui.case_tabs.import_flow import read_file
from walletcare.ui.dialogs.import_dialog import ImportChoice
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
    flow._run(case.id, read_file(sample), ImportChoice("auto", False))
    qtbot.waitUntil(lambda: len(asked) == 1, timeout=5000)
    assert "微信支付" in asked[0] and "PayPal" in asked[0]
    assert store.transactions.count(case.id) == 0 and store.evidence.list(case.id) == []
    flow.last_result = None
    answer(QMessageBox.StandardButton.Yes)
    flow._run(case.id, read_file(sample), ImportChoice("auto", False))
    qtbot.waitUntil(lambda: flow.last_result is not None, timeout=5000)
    assert store.transactions.count(case.id, role="record") == flow.last_result.added > 0


def test_export_dialog_addresses_one_channel(qtbot: QtBot, unlocked: MainWindow, tmp_path: Path) -> None:
    from datetime import datetime, timedelta, timezone
    from decimal import Decimal

    from pypdf import PdfReader

    from walletcare.config import Settings
    from walletcare.evidence.models import Transaction
    from walletcare.ui.dialogs.export import ExportDialog

    window = unlocked
    case = open_case(qtbot, window, provider="支付宝", classification="游戏充值未到账")
    window.session._store().transactions.add(Transaction(
        0, case.id, datetime(2024, 5, 20, 14, 32, tzinfo=timezone(timedelta(hours=8))), Decimal("199"), "CNY"))
    dialog = ExportDialog(window.session, case, Settings())
    qtbot.addWidget(dialog)
    offered = [dialog.channel.itemData(i) for i in range(dialog.channel.count())]
    assert offered[0] is None and "12315" in offered and "paypal" not in offered and "reg-e" not in offered
    dialog.channel.setCurrentIndex(offered.index("12315"))
    dialog.lang.setCurrentIndex(dialog.lang.findData("zh-CN"))
    target = tmp_path / "to-12315.pdf"
    dialog.path.setText(str(target))
    dialog.start()
    qtbot.waitUntil(lambda: dialog.output is not None, timeout=20000)
    text = "".join("".join(p.extract_text() for p in PdfReader(target).pages).split())
    assert "全国12315平台/市场监督管理部门" in text and "投诉人：" in text


def test_overview_edits_the_channel_fields(qtbot: QtBot, unlocked: MainWindow) -> None:
    from datetime import date

    from PySide6.QtCore import QDate

    window = unlocked
    case = open_case(qtbot, window, provider="某商城")
    overview = window.cases.case_page.overview
    overview.edits["card_network"].setText("Visa")
    overview.edits["card_last4"].setText("4242")
    overview.edits["merchant_descriptor"].setText("MOUHUO SHOP HZ")
    overview.dates["first_complaint"].setDate(QDate(2024, 5, 26))
    overview.parties["respondent"]["credit_code"].setText("91330100MA2XXXXX1X")
    overview.parties["claimant"]["id_number"].setText("310101199001011234")
    overview.save.click()
    saved = window.session._store().cases.get(case.id)
    assert (saved.card_network, saved.card_last4, saved.merchant_descriptor) == ("Visa", "4242", "MOUHUO SHOP HZ")
    assert saved.first_complaint == date(2024, 5, 26) and saved.final_reply is None
    assert saved.respondent.credit_code == "91330100MA2XXXXX1X"
    assert saved.claimant.id_number == "310***********1234"  # only a masked form is kept
