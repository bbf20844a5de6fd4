"""The contact form's "Who with" choice, driven like a user on a real vault: a new note saves the party
chosen, an edit of another field keeps it, the table shows it, and switching the language keeps the choice."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from tests.gui.conftest import answer_next_dialog
from tests.gui.test_case_page import open_case
from walletcare.evidence.models import CONTACT_PARTIES, Contact
from walletcare.i18n import set_language
from walletcare.ui.dialogs.contact import ContactDialog
from walletcare.ui.main_window import MainWindow

TZ = timezone(timedelta(hours=8))


def test_who_with_is_saved_kept_on_edit_and_shown(qtbot: QtBot, unlocked: MainWindow) -> None:
    window = unlocked
    case = open_case(qtbot, window)
    store = window.session._store()
    tab = window.cases.case_page.contacts
    window.cases.case_page.show_tab(2)

    def new_note(dialog: object) -> None:
        assert isinstance(dialog, ContactDialog)
        assert dialog.party.currentData() == ""  # nothing said until the user says it
        assert [dialog.party.itemData(i) for i in range(dialog.party.count())] == ["", *CONTACT_PARTIES]
        dialog.party.setCurrentIndex(dialog.party.findData("platform"))
        dialog.summary.setPlainText("客服说会在三天内回复")
        dialog.accept()

    answer_next_dialog(new_note)
    tab.call_button.click()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=3000)
    (stored,) = store.contacts.list(case.id)
    assert stored.party == "platform"
    with_column = next(c for c in range(tab.model.columnCount()) if tab.model.headerData(c, Qt.Orientation.Horizontal) == "联系对象")
    assert tab.model.index(0, with_column).data() == "支付平台或钱包的官方客服"

    def change_agent_only(dialog: object) -> None:
        assert isinstance(dialog, ContactDialog)
        assert dialog.party.currentData() == "platform"
        dialog.agent.setText("工号 1234")
        dialog.accept()

    tab.table.selectRow(0)
    answer_next_dialog(change_agent_only)
    tab.edit_selected()
    qtbot.waitUntil(lambda: store.contacts.get(stored.id).agent == "工号 1234", timeout=3000)
    assert store.contacts.get(stored.id).party == "platform"

    def say_it_was_a_fake(dialog: object) -> None:
        assert isinstance(dialog, ContactDialog)
        dialog.party.setCurrentIndex(dialog.party.findData("impostor"))
        dialog.accept()

    qtbot.waitUntil(lambda: tab.model.rowCount() == 1 and tab.model.record(0).agent == "工号 1234", timeout=3000)
    tab.table.selectRow(0)
    answer_next_dialog(say_it_was_a_fake)
    tab.edit_selected()
    qtbot.waitUntil(lambda: store.contacts.get(stored.id).party == "impostor", timeout=3000)
    assert store.contacts.get(stored.id).agent == "工号 1234"


def test_an_old_note_stays_not_said_and_the_choice_survives_a_language_switch(qtbot: QtBot) -> None:
    old = Contact(7, 1, "call", datetime(2024, 5, 1, 10, 0, tzinfo=TZ), "客服说三天内退款", agent="A01")
    dialog = ContactDialog(old)
    qtbot.addWidget(dialog)
    assert dialog.party.currentData() == "" and dialog.party.currentText() == "未注明"
    dialog.ticket.setText("T-1")
    assert dialog.contact() == replace(old, ticket="T-1")  # editing another field invents no party
    dialog.party.setCurrentIndex(dialog.party.findData("seller"))
    try:
        set_language("en")
        dialog.retranslate()  # what the window does on a switch
        assert dialog.party.currentData() == "seller" and dialog.party.currentText() == "The seller or merchant"
    finally:
        set_language("zh-CN")
    assert dialog.contact().party == "seller" and dialog.is_dirty()


def test_every_field_of_the_contact_form_has_its_own_key_in_each_language(qtbot: QtBot) -> None:
    import re

    from PySide6.QtWidgets import QLabel

    dialog = ContactDialog(Contact(7, 1, "call", datetime(2024, 5, 1, 10, 0, tzinfo=TZ), "客服说三天内退款"))
    qtbot.addWidget(dialog)
    try:
        for lang in ("zh-CN", "zh-TW", "en"):
            set_language(lang)
            dialog.retranslate()
            keys = [m.group(1).lower() for label in dialog.findChildren(QLabel) if label.buddy() is not None
                    for m in [re.search(r"&(\w)", label.text())] if m]
            assert len(keys) >= 12 and len(keys) == len(set(keys)), (lang, sorted(keys))
    finally:
        set_language("zh-CN")
