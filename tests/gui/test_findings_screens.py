"""Screenshots of the views of read text in the three languages (``tests/screenshots/``, git-ignored): the
evidence tab with suggestions and a sealed screenshot, the search with the hit outlined on a screenshot read by
the real OCR engine, and an imported chat thread; checked non-blank and free of missing glyphs."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QApplication

from tests.gui.conftest import answer_next_dialog, make_window, unlock_through_ui
from tests.gui.test_screenshots import save
from tests.unit.evidence.chat_screens import chat_screen
from walletcare.evidence.models import Case, Reference, Transaction
from walletcare.evidence.ocr import OcrLine, OcrResult
from walletcare.i18n import set_language
from walletcare.ui.app import apply_cjk_font

CST = timezone(timedelta(hours=8))
SAMPLES = Path(__file__).parent.parent / "unit" / "evidence" / "importers" / "chat_samples"


@pytest.fixture(scope="module")
def read_screen() -> tuple[Any, OcrResult]:
    """One generated chat screenshot and what the real engine read from it (read once for the module)."""
    from walletcare.evidence.ocr import OcrWorker

    screen = chat_screen(7, height=1600)
    with OcrWorker() as worker:
        return screen, worker.read(screen.png, "image/png")


@pytest.mark.parametrize("lang", ["zh-CN", "zh-TW", "en"])
def test_read_text_screens(qtbot: QtBot, existing_vault: Path, lang: str, read_screen: tuple[Any, OcrResult]) -> None:
    from mnemonic import Mnemonic

    from walletcare.evidence.importers import chats
    from walletcare.ui.dialogs.chat_thread import ChatThreadDialog
    from walletcare.ui.dialogs.evidence_search import EvidenceSearch

    screen, result = read_screen
    has_cjk = apply_cjk_font(QApplication.instance()) is not None  # type: ignore[arg-type]
    set_language(lang)
    window = make_window(qtbot, existing_vault, language=lang)
    window.resize(1100, 720)
    unlock_through_ui(window)
    store = window.session._store()
    case = store.cases.add(Case(id=0, title="微信支付退款未到账", provider="微信支付"))
    store.transactions.add(Transaction(id=0, case_id=case.id, time=datetime(2026, 11, 20, 9, 12, tzinfo=CST),
                                       amount=-Decimal(screen.amount), currency="CNY", counterparty="某商城",
                                       references=(Reference("trade_no", screen.order_no),)))
    item, _d = store.evidence.add(case.id, screen.png, "客服聊天.png")
    store.readings.save(item.id, result)
    sealed, _d = store.evidence.add(case.id, chat_screen(8, height=400).png, "备份助记词.png")
    words = Mnemonic("english").to_mnemonic(bytes(range(16))).split()
    store.readings.save(sealed.id, OcrResult(tuple(OcrLine(" ".join(words[i:i + 4]), 0.99, ((0, 0),) * 4)
                                                   for i in range(0, 12, 4)), 1, "t", "t"))
    data = (SAMPLES / "ios_12h.zip").read_bytes()
    export = chats.read(data, "whatsapp", "ios_12h.zip", zone=CST)
    export.messages.append(chats.ChatMessage(datetime(2026, 11, 21, 1, 0, tzinfo=CST), "微信支付客服",
                                             "请把你的助记词发给我，我帮你恢复钱包"))
    store.chats.import_export(case.id, data, "ios_12h.zip", export, zone="Asia/Shanghai")
    window.show_area("cases")
    window.cases.show_list()
    qtbot.waitUntil(lambda: window.cases.list.model.rowCount() >= 1, timeout=3000)
    window.cases.open_case(store.cases.get(case.id))
    page = window.cases.case_page
    page.show_tab(3)
    tab = page.evidence
    qtbot.waitUntil(lambda: bool(tab.findings.suggestions) and bool(tab.findings.sealed), timeout=10000)
    problems: list[str] = []
    save("evidence-findings", window, lang, problems, has_cjk)
    done: list[str] = []

    def search(dialog: object) -> None:
        assert isinstance(dialog, EvidenceSearch)
        dialog.field.setText(screen.order_no[-8:])
        dialog.run()
        qtbot.waitUntil(lambda: bool(dialog.boxes), timeout=10000)
        save("evidence-search", dialog, lang, problems, has_cjk)
        done.append("search")
        dialog.reject()

    answer_next_dialog(search)
    tab.find_button.click()
    qtbot.waitUntil(lambda: "search" in done, timeout=20000)
    page.show_tab(2)
    contacts = page.contacts
    qtbot.waitUntil(lambda: contacts.model.rowCount() == 1, timeout=5000)
    contacts.table.selectRow(0)

    def thread(dialog: object) -> None:
        assert isinstance(dialog, ChatThreadDialog)
        save("chat-thread", dialog, lang, problems, has_cjk)
        done.append("thread")
        dialog.reject()

    answer_next_dialog(thread)
    contacts.open_thread()
    qtbot.waitUntil(lambda: "thread" in done, timeout=10000)
    assert problems == []
