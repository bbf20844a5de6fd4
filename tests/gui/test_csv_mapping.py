""""Other CSV" in the import dialog: a bank statement WalletCare does not know by name is imported by choosing
its columns in the window (preview, pick, save as a layout), the same mapping and preset ``walletcare import
--map … --save-preset`` makes; the saved layout is offered the next time. Real window, vault and runner."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QDialogButtonBox, QWidget

from tests.gui.live_window import answer, live_window, open_case, query, shoot
from walletcare.evidence.importers.generic import ColumnMapping
from walletcare.ui.dialogs.column_mapping import ColumnMappingDialog
from walletcare.ui.dialogs.import_dialog import ImportDialog

STATEMENT = """某某农商银行 账户交易明细
账号：6222 **** 1234,,,,,,
记账日期,交易时间,收入金额,支出金额,账户余额,对方名称,用途
2024-05-01,10:15:02,,120.50,1000.00,某商户,网购
2024-05-02,09:00:00,88.00,,1088.00,张三,退款
2024-05-03,18:30:00,,15.00,1073.00,某咖啡店,消费
"""
NEXT_MONTH = STATEMENT.replace("2024-05-0", "2024-06-0")


@pytest.mark.parametrize("lang", ["zh-CN", "zh-TW", "en"])
def test_other_csv_columns_are_chosen_in_the_window_and_saved(qtbot: QtBot, existing_vault: Path, tmp_path: Path,
                                                              lang: str) -> None:
    window = live_window(qtbot, existing_vault, lang)
    case = open_case(qtbot, window)
    flow = window.cases.case_page.transactions.import_flow
    path = tmp_path / "农商银行流水.csv"
    path.write_text(STATEMENT, encoding="utf-8")
    done: list[str] = []
    problems: list[BaseException] = []

    def pick_columns(dialog: QWidget) -> None:
        assert isinstance(dialog, ColumnMappingDialog)
        assert dialog.columns() == ["记账日期", "交易时间", "收入金额", "支出金额", "账户余额", "对方名称", "用途"]
        assert dialog.cells.rowCount() == 3 and dialog.cells.index(0, 5).data() == "某商户"
        guessed = dialog.chosen()
        assert guessed["记账日期"] == "date" and guessed["收入金额"] == "amount_in" and guessed["支出金额"] == "amount_out"
        dialog.field_boxes["交易时间"].setCurrentIndex(dialog.field_boxes["交易时间"].findData("clock"))
        dialog.field_boxes["用途"].setCurrentIndex(dialog.field_boxes["用途"].findData("description"))
        dialog.save_as.setText("农商银行卡")
        qtbot.waitUntil(dialog.ok.isEnabled, timeout=10000)
        assert "3" in dialog.summary.text()
        dialog.resize(960, 620)
        shoot(dialog, f"csv-mapping-{lang}")
        done.append("mapping")
        dialog.accept()

    def preview(dialog: QWidget) -> None:
        assert isinstance(dialog, ImportDialog)
        qtbot.waitUntil(lambda: dialog.columns_button.isVisible(), timeout=10000)
        assert "walletcare import" not in dialog.summary.text() and "--map" not in dialog.summary.text()
        shoot(dialog, f"import-unknown-csv-{lang}")
        answer(ColumnMappingDialog, pick_columns, problems)
        dialog.columns_button.click()
        qtbot.waitUntil(lambda: dialog.parsed is not None and len(dialog.parsed.rows) == 3, timeout=10000)
        assert dialog.format.currentData() == "csv"
        assert "csv-" not in dialog.summary.text() and "mapped" not in dialog.summary.text()
        done.append("preview")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    answer(ImportDialog, preview, problems)
    flow.start(case.id, path)
    qtbot.waitUntil(lambda: flow.last_result is not None or bool(problems), timeout=30000)
    assert not problems, problems
    assert done == ["mapping", "preview"]
    txs = sorted(query(qtbot, window, lambda store: store.transactions.all(case.id)), key=lambda t: t.time)
    assert [(t.amount, t.direction, t.counterparty) for t in txs] == [
        (Decimal("120.50"), "out", "某商户"), (Decimal("88.00"), "in", "张三"), (Decimal("15.00"), "out", "某咖啡店")]
    assert txs[0].time.hour == 10 and txs[0].time.minute == 15
    saved = query(qtbot, window, lambda store: store.presets.get("农商银行卡"))
    assert saved is not None
    assert ColumnMapping.from_store("农商银行卡", saved).columns["交易时间"] == "clock"  # what --preset reads

    # Next month's statement: the saved layout is offered and picks every column again.
    path2 = tmp_path / "农商银行流水-6月.csv"
    path2.write_text(NEXT_MONTH, encoding="utf-8")
    flow.last_result = None

    def reuse(dialog: QWidget) -> None:
        assert isinstance(dialog, ColumnMappingDialog)
        dialog.layout_box.setCurrentIndex(dialog.layout_box.findData("农商银行卡"))
        assert dialog.chosen()["交易时间"] == "clock"
        qtbot.waitUntil(dialog.ok.isEnabled, timeout=10000)
        dialog.accept()

    def preview2(dialog: QWidget) -> None:
        assert isinstance(dialog, ImportDialog)
        qtbot.waitUntil(lambda: dialog.columns_button.isVisible(), timeout=10000)
        answer(ColumnMappingDialog, reuse, problems)
        dialog.columns_button.click()
        qtbot.waitUntil(lambda: dialog.parsed is not None and len(dialog.parsed.rows) == 3, timeout=10000)
        assert "农商银行卡" in dialog.summary.text()
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    answer(ImportDialog, preview2, problems)
    flow.start(case.id, path2)
    qtbot.waitUntil(lambda: flow.last_result is not None or bool(problems), timeout=30000)
    assert not problems, problems
    assert query(qtbot, window, lambda store: store.transactions.count(case.id)) == 6


def test_the_column_dialog_chooses_the_date_order(qtbot: QtBot) -> None:
    from walletcare.ui.tasks import TaskRunner

    data = b"Date,Payee,Amount,Memo,Ref\n2024-05-01 10:22,Shop A,-128.50,groceries,R001\n" \
           b"05/02/2024,Shop B,\"1,200.00\",refund,R002\n2024/05/03,Shop C,-99,web,R003\n"
    dialog = ColumnMappingDialog(TaskRunner(immediate=True), data)
    qtbot.addWidget(dialog)
    assert dialog.chosen()["Ref"] == "reference"
    qtbot.waitUntil(dialog.ok.isEnabled, timeout=10000)
    assert "有 2 行可以读取，1 行无法读取" in dialog.summary.text()
    dialog.date_order.setCurrentIndex(dialog.date_order.findData("dmy"))
    qtbot.waitUntil(lambda: "有 3 行可以读取，0 行" in dialog.summary.text(), timeout=10000)
    choice = dialog.choice()
    assert choice is not None and choice.mapping.date_order == "dmy"
    assert choice.mapping.to_store()["@date_order"] == "dmy"
    again = ColumnMappingDialog(TaskRunner(immediate=True), data, start=choice.mapping)
    qtbot.addWidget(again)
    assert again.date_order.currentData() == "dmy"
