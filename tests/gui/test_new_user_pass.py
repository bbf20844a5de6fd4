"""Defects a new user's pass through the window found (zh-CN, zh-TW, en), each driven through the real window on
a real vault."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QApplication, QMessageBox

from tests.gui.conftest import answer_next_dialog
from tests.gui.test_case_page import open_case
from walletcare.i18n import _
from walletcare.ui.main_window import MainWindow
from walletcare.ui.pages.case_page import Tab

CHATS = Path(__file__).parents[1] / "unit" / "evidence" / "importers" / "chat_samples"


def _press(asked: list[QMessageBox], name: str, button: QMessageBox.StandardButton) -> None:
    def press(dialog: object) -> None:
        assert isinstance(dialog, QMessageBox) and dialog.objectName() == name, dialog
        asked.append(dialog)
        dialog.button(button).click()

    answer_next_dialog(press)


def _result_box(qtbot: QtBot) -> QMessageBox:
    found: list[QMessageBox] = []

    def shown() -> bool:
        found[:] = [w for w in QApplication.topLevelWidgets()
                    if isinstance(w, QMessageBox) and w.objectName() == "importResult" and w.isVisible()]
        return bool(found)

    qtbot.waitUntil(shown, timeout=10000)
    return found[0]


def test_a_whatsapp_export_imports_as_a_thread_from_the_window(qtbot: QtBot, unlocked: MainWindow) -> None:
    """The window's Import took a WhatsApp export for an unknown CSV and told the user to use ``--map``."""
    window = unlocked
    case = open_case(qtbot, window, provider="支付宝")
    store = window.session._store()
    page = window.cases.case_page
    flow = page.transactions.import_flow
    sample = CHATS / "WhatsApp Chat with Support Agent 88.txt"
    asked: list[QMessageBox] = []

    _press(asked, "importChat", QMessageBox.StandardButton.No)
    flow.start(case.id, sample)
    qtbot.waitUntil(lambda: len(asked) == 1, timeout=10000)
    assert "WhatsApp" in asked[0].text() and sample.name in asked[0].text()
    assert store.contacts.list(case.id) == [] and store.evidence.list(case.id) == []

    _press(asked, "importChat", QMessageBox.StandardButton.Yes)
    flow.start(case.id, sample)
    box = _result_box(qtbot)
    contacts = store.contacts.list(case.id)
    assert [c.channel for c in contacts] == ["WhatsApp"]
    messages = store.chats.messages(contacts[0].id)
    assert len(messages) == flow.last_result.chat.messages > 0
    assert str(len(messages)) in box.text() and "--map" not in box.text()
    assert page.current_tab() == Tab.CONTACTS
    box.close()

    _press(asked, "importChat", QMessageBox.StandardButton.Yes)  # the same export again: nothing is added twice
    flow.start(case.id, sample)
    qtbot.waitUntil(lambda: flow.last_result.chat.duplicate, timeout=10000)
    assert len(store.contacts.list(case.id)) == 1


def _import_chat(qtbot: QtBot, window: MainWindow, path: Path) -> tuple[Any, Any, Any, Any, list[QMessageBox]]:
    """Imports the chat export at ``path`` into a new case through the window, saying Yes when asked; returns
    the case, the store, the import's result, its message box and the questions asked."""
    case = open_case(qtbot, window)
    flow = window.cases.case_page.transactions.import_flow
    asked: list[QMessageBox] = []
    _press(asked, "importChat", QMessageBox.StandardButton.Yes)
    flow.start(case.id, path)
    box = _result_box(qtbot)
    return case, window.session._store(), flow.last_result.chat, box, asked


def test_a_whatsapp_zip_keeps_its_attachments(qtbot: QtBot, unlocked: MainWindow) -> None:
    case, store, chat, box, _asked = _import_chat(qtbot, unlocked, CHATS / "WhatsApp Chat with Support Agent 88.zip")
    assert chat.media > 0 and len(store.evidence.list(case.id)) == chat.media + 1
    assert str(chat.media) in box.text()



def test_the_transactions_table_shows_times_whole_and_gives_room_to_words(qtbot: QtBot, unlocked: MainWindow) -> None:
    """A statement's times were cut ("2023年2月12日 21:32 UT…") and the Role column took the free width while
    the counterparty and description were cut."""
    from datetime import datetime, timedelta, timezone
    from decimal import Decimal

    from walletcare.evidence.models import Transaction
    from walletcare.ui.models.transactions import COLUMNS

    window = unlocked
    window.resize(1366, 830)
    case = open_case(qtbot, window)
    store = window.session._store()
    store.transactions.add(Transaction(
        id=0, case_id=case.id, time=datetime(2023, 2, 12, 21, 32, tzinfo=timezone(timedelta(hours=-10, minutes=-30))),
        amount=Decimal("49.74"), currency="CNY", counterparty="蚂蚁财富-蚂蚁（杭州）基金销售有限公司",
        description="亲情卡 · 商品说明", dedup_key="k"))
    page = window.cases.case_page
    page.show_tab(Tab.TRANSACTIONS)
    page.transactions.reload()
    table = page.transactions.table
    qtbot.waitUntil(lambda: table.model().rowCount() == 1 and "…" != table.model().index(0, 0).data(), timeout=5000)
    shown = table.model().index(0, 0).data()
    assert "UTC" in shown
    header = table.horizontalHeader()
    assert header.sectionSize(0) >= table.fontMetrics().horizontalAdvance(shown) + 2 * table.frameWidth()
    names = [c[0] for c in COLUMNS]
    assert header.sectionSize(names.index("description")) > header.sectionSize(names.index("role"))
    assert header.sectionSize(names.index("role")) < 200


def test_the_export_dialog_names_a_police_dossiers_sections_as_it_does(qtbot: QtBot, unlocked: MainWindow) -> None:
    """Addressed to the police, the dialog listed "You (claimant)" and "Complaint letter" while the dossier heads
    them "Person reporting" and "Statement to the police"."""
    from walletcare.config import Settings
    from walletcare.ui.dialogs.export import ExportDialog

    window = unlocked
    case = open_case(qtbot, window, provider="TokenPocket", kind="crypto", currency="USDT")
    dialog = ExportDialog(window.session, case, Settings())
    qtbot.addWidget(dialog)
    listed = lambda: [dialog.sections.item(i).text() for i in range(dialog.sections.count())]  # noqa: E731
    qtbot.waitUntil(lambda: _("Summary letter") in listed(), timeout=5000)
    index = dialog.channel.findData("police")
    assert index >= 0
    dialog.channel.setCurrentIndex(index)
    qtbot.waitUntil(lambda: "报案陈述" in listed(), timeout=5000)
    shown = listed()
    assert any(line.startswith("报案人") for line in shown) and _("Summary letter") not in shown, shown


def test_a_telegram_export_brings_its_photos_from_its_folder(qtbot: QtBot, unlocked: MainWindow) -> None:
    case, store, chat, box, asked = _import_chat(qtbot, unlocked, CHATS / "telegram" / "result.json")
    assert "Telegram" in asked[0].text()
    assert chat.app == "telegram" and chat.media == 1
    assert [c.channel for c in store.contacts.list(case.id)] == ["Telegram"]
    box.close()
