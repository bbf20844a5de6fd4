"""The export dialog offers only the channels that apply to the case, shows the chosen channel's letter in
the dossier's language, keeps typed changes in its draft, and stores the edited letter with the case (audited)
before the export, so the dossier prints it. Real vault, real dialog, the PDF read back with pypdf."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from walletcare.evidence.models import Case, Reference, Transaction
from walletcare.ui.dialogs.export import ExportDialog
from walletcare.ui.main_window import MainWindow

CST = timezone(timedelta(hours=8))
ORDER = "2024052022001412345678901234"
ADDED = "Ticket T20240520-0088 was never answered."


def test_letter_is_edited_in_the_export_dialog_and_stored(qtbot: QtBot, unlocked: MainWindow, tmp_path: Path) -> None:
    window = unlocked
    store = window.session._store()
    case = store.cases.add(Case(0, "游戏充值已扣款未到账", provider="支付宝", classification="充值未到账", currency="CNY",
                                requested_resolution="退还 199.00 元"))
    store.transactions.add(Transaction(0, case.id, datetime(2024, 5, 20, 14, 32, tzinfo=CST), Decimal("199.00"), "CNY",
                                       counterparty="某游戏官方充值", references=(Reference("trade_no", ORDER),)))
    dialog = ExportDialog(window.session, case, window.settings, window, channel="12315")
    qtbot.addWidget(dialog)
    offered = [dialog.channel.itemData(i) for i in range(dialog.channel.count())]
    assert "12315" in offered and "merchant" in offered
    assert not {"paypal", "reg-e", "12363", "fdrc", "foi"} & set(offered)  # not for an Alipay top-up in the mainland
    assert dialog.channel.currentData() == "12315"  # the hook for the plan's next step
    dialog.lang.setCurrentIndex(dialog.lang.findData("en"))
    qtbot.waitUntil(lambda: ORDER in dialog.letter.toPlainText(), timeout=5000)
    generated = dialog.letter.toPlainText()
    assert "199.00" in generated and dialog.edited_letter() is None
    edited = generated.rstrip() + "\n\n" + ADDED
    dialog.letter.setPlainText(edited)
    assert dialog.edited_letter() == ("12315", edited)

    draft = dialog.draft()  # what a lock or close keeps
    again = ExportDialog(window.session, case, window.settings, window)
    qtbot.addWidget(again)
    again.restore_draft(draft["fields"])
    qtbot.wait(50)
    assert again.channel.currentData() == "12315" and again.letter.toPlainText() == edited
    assert again.edited_letter() == ("12315", edited)

    target = tmp_path / "dossier.pdf"
    dialog.path.setText(str(target))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.output is not None, timeout=60000)
    assert dict(store.cases.get(case.id).letters)["12315"] == edited
    assert any(e.action == "update" and e.object == f"case:{case.id}" for e in store.audit.entries(case.id))
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(target).pages).split())
    assert ADDED in text
    assert dialog.edited_letter() is None  # stored: nothing left to save


def test_choosing_no_channel_disables_the_letter(qtbot: QtBot, unlocked: MainWindow) -> None:
    store = unlocked.session._store()
    case = store.cases.add(Case(0, "PayPal item not received", provider="PayPal", currency="USD"))
    dialog = ExportDialog(unlocked.session, case, unlocked.settings, unlocked, channel="12315")
    qtbot.addWidget(dialog)
    offered = [dialog.channel.itemData(i) for i in range(dialog.channel.count())]
    assert "paypal" in offered and "12315" not in offered
    assert dialog.channel.currentData() is None and not dialog.letter.isEnabled()  # 12315 does not apply here
