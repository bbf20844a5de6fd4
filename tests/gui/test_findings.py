"""The window's side of read text: suggestions applied only on Accept, a sealed screenshot kept or deleted, the
search result's screenshot with the hit outlined, and an imported chat shown as its thread."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image
from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QLabel

from tests.gui.conftest import answer_next_dialog
from tests.gui.test_case_page import open_case
from walletcare.evidence.models import Reference, Transaction
from walletcare.evidence.ocr import OcrLine, OcrResult
from walletcare.ui.main_window import MainWindow

CST = timezone(timedelta(hours=8))
SAMPLES = Path(__file__).parent.parent / "unit" / "evidence" / "importers" / "chat_samples"
ORDER = "4200001234567890123456789012"


def _png(color: str = "white", size: tuple[int, int] = (400, 300)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def _line(text: str, top: int) -> OcrLine:
    words, x = [], 10
    for word in text.split():
        words.append((word, (x, top, x + 20 * len(word), top + 30)))
        x += 20 * len(word) + 10
    return OcrLine(text, 0.99, ((10, top), (x, top), (x, top + 30), (10, top + 30)), 0, tuple(words))


def _recovery_phrase_lines() -> tuple[OcrLine, ...]:
    """A 12-word recovery phrase as a screenshot's machine-read lines, three words a line."""
    from mnemonic import Mnemonic

    phrase = Mnemonic("english").to_mnemonic(bytes(range(16))).split()
    return tuple(_line(" ".join(phrase[i:i + 3]), 30 * i) for i in range(0, 12, 3))


def test_a_suggestion_is_applied_only_on_accept_and_dismiss_changes_nothing(
        qtbot: QtBot, unlocked: MainWindow) -> None:
    window = unlocked
    case = open_case(qtbot, window)
    store = window.session._store()
    paid = store.transactions.add(Transaction(id=0, case_id=case.id, time=datetime(2026, 11, 21, 9, tzinfo=CST),
                                              amount=Decimal("1288.00"), currency="CNY",
                                              references=(Reference("trade_no", ORDER),)))
    item, _dup = store.evidence.add(case.id, _png(), "客服.png")
    store.readings.save(item.id, OcrResult((_line(f"订单号 {ORDER}", 20), _line("工单号 T20261121-0042", 80)), 1,
                                           "test", "test"))
    page = window.cases.case_page
    page.show_tab(3)
    tab = page.evidence
    tab.reload()
    qtbot.waitUntil(lambda: len(tab.findings.suggestions) == 2, timeout=5000)
    assert tab.findings.isVisibleTo(page) and tab.findings.suggestions_box.isVisibleTo(page)
    assert store.evidence.get(item.id).linked_transactions == () and store.evidence.get(item.id).tags == ()
    link = next(sid for sid, text in tab.findings.suggestions if f"#{paid.id}" in text)
    label = next(sid for sid, text in tab.findings.suggestions if "T20261121-0042" in text)
    tab.findings.buttons[("dismiss", label)].click()
    qtbot.waitUntil(lambda: len(tab.findings.suggestions) == 1, timeout=5000)
    assert store.evidence.get(item.id).tags == () and store.evidence.get(item.id).linked_transactions == ()
    tab.findings.buttons[("accept", link)].click()
    qtbot.waitUntil(lambda: store.evidence.get(item.id).linked_transactions == (paid.id,), timeout=5000)
    qtbot.waitUntil(lambda: not tab.findings.suggestions, timeout=5000)
    assert tab.findings.isHidden() and store.evidence.get(item.id).tags == ()


def test_a_sealed_screenshot_is_kept_sealed_or_deleted_from_the_window(qtbot: QtBot, unlocked: MainWindow) -> None:
    from walletcare.ui.dialogs.confirm_removal import ConfirmRemoval

    window = unlocked
    case = open_case(qtbot, window)
    store = window.session._store()
    lines = _recovery_phrase_lines()
    first, _d = store.evidence.add(case.id, _png("white"), "backup1.png")
    second, _d = store.evidence.add(case.id, _png("gray"), "backup2.png")
    for item in (first, second):
        assert store.readings.save(item.id, OcrResult(lines, 1, "test", "test")).sealed == "held"
    page = window.cases.case_page
    page.show_tab(3)
    tab = page.evidence
    tab.reload()
    qtbot.waitUntil(lambda: len(tab.findings.sealed) == 2, timeout=5000)
    assert not tab.findings.suggestions and tab.findings.sealed_box.isVisibleTo(page)
    said = [label.text() for label in tab.findings.sealed_box.findChildren(QLabel)]
    assert len(said) == 2 and all("不安全" in t and "新钱包" in t and "12 个词" in t for t in said), said
    tab.findings.buttons[("keep", str(first.id))].click()
    qtbot.waitUntil(lambda: store.readings.get(first.id).sealed == "kept", timeout=5000)
    qtbot.waitUntil(lambda: ("keep", str(first.id)) not in tab.findings.buttons, timeout=5000)
    assert ("delete", str(first.id)) in tab.findings.buttons  # a kept one can still be deleted
    assert store.readings.get(second.id).sealed == "held"

    def confirm(dialog: object) -> None:
        assert isinstance(dialog, ConfirmRemoval)
        dialog.accept()

    answer_next_dialog(confirm)
    tab.findings.buttons[("delete", str(second.id))].click()
    qtbot.waitUntil(lambda: store.readings.get(second.id) is None, timeout=5000)
    assert {e.id for e in store.evidence.list(case.id, sealed=True)} == {first.id}
    qtbot.waitUntil(lambda: [i for i, _n, _r in tab.findings.sealed] == [first.id], timeout=5000)


def test_a_sealed_screenshot_is_not_shown_in_the_viewer_nor_copied_out(
        qtbot: QtBot, unlocked: MainWindow, tmp_path: Path) -> None:
    from walletcare.errors import Refused
    from walletcare.ui.dialogs.evidence_viewer import EvidenceViewer
    from walletcare.ui.operations.evidence import save_evidence_copy

    window = unlocked
    case = open_case(qtbot, window)
    store = window.session._store()
    lines = _recovery_phrase_lines()
    sealed, _d = store.evidence.add(case.id, _png("white"), "backup.png")
    plain, _d = store.evidence.add(case.id, _png("gray"), "receipt.png")
    assert store.readings.save(sealed.id, OcrResult(lines, 1, "test", "test")).sealed == "held"
    page = window.cases.case_page
    page.show_tab(3)
    tab = page.evidence
    seen: list[tuple[str, bool, bool, str]] = []
    lines: list[int] = []

    def look(dialog: object) -> None:
        assert isinstance(dialog, EvidenceViewer)
        seen.append((dialog.evidence.file_name, dialog.image.isNull(), dialog.save_button.isVisibleTo(dialog),
                     dialog.picture.text()))
        if dialog.image.isNull():  # the reason is wrapped in full, not cut after one line
            lines.append(dialog.picture.height() // dialog.picture.fontMetrics().height())
        dialog.reject()

    for item in (sealed, plain):
        answer_next_dialog(look)
        tab.open_item(item.id)
        qtbot.waitUntil(lambda n=item.file_name: bool(seen) and seen[-1][0] == n, timeout=5000)
    (name, no_image, can_save, said), other = seen
    assert name == "backup.png" and no_image and not can_save and "助记词" in said and lines[0] >= 2
    assert other[0] == "receipt.png" and not other[1] and other[2]  # an ordinary item is shown and can be saved
    target = tmp_path / "copy.png"
    with pytest.raises(Refused):
        save_evidence_copy(store, sealed.id, target)
    assert not target.exists()
    assert save_evidence_copy(store, plain.id, target).read_bytes() == _png("gray")
    again = tmp_path / "same-again.png"
    again.write_bytes(_png("white"))
    qtbot.waitUntil(lambda: [i for i, _n, _r in tab.findings.sealed] == [sealed.id], timeout=5000)
    tab.add_files([again])
    qtbot.waitUntil(lambda: "已被封存" in window.statusBar().currentMessage(), timeout=5000)
    assert "backup.png" in window.statusBar().currentMessage()


def test_the_search_result_shows_the_screenshot_with_the_hit_outlined(qtbot: QtBot, unlocked: MainWindow) -> None:
    from walletcare.ui.dialogs.evidence_search import EvidenceSearch

    window = unlocked
    case = open_case(qtbot, window)
    store = window.session._store()
    item, _d = store.evidence.add(case.id, _png("white", (760, 1400)), "long.png")
    store.readings.save(item.id, OcrResult((_line("您好 请稍等", 40), _line("工单号 T998877", 1200)), 1, "t", "t"))
    page = window.cases.case_page
    page.show_tab(3)
    tab = page.evidence
    tab.reload()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=5000)
    seen: list[object] = []

    def find(dialog: object) -> None:
        assert isinstance(dialog, EvidenceSearch)
        dialog.field.setText("T998877")
        dialog.run()
        qtbot.waitUntil(lambda: dialog.model.rowCount() == 1 and bool(dialog.boxes), timeout=5000)
        # the word's box (x 80-220, y 1200-1230 in the 760 px picture) at the preview's scale of 0.5, 3 px margin
        box = dialog.boxes[0]
        assert (box.left(), box.top(), box.right(), box.bottom()) == (37, 597, 112, 617)
        image = dialog.picture.pixmap().toImage()
        assert image.width() == 380
        assert image.pixelColor(box.left(), box.center().y()).red() > 150  # the red outline
        assert image.pixelColor(box.left(), box.center().y()).green() < 120
        assert image.pixelColor(200, 300).name() == "#ffffff"  # elsewhere untouched
        assert dialog.count.text() == "有 1 项包含“T998877”。"
        dialog.field.setText("T000000")
        dialog.run()
        qtbot.waitUntil(lambda: dialog.model.rowCount() == 0, timeout=5000)
        assert dialog.count.text() == "没有证据包含“T000000”。"  # not "0 items show …"
        seen.append(box)
        dialog.reject()

    answer_next_dialog(find)
    tab.find_button.click()
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)


def test_an_imported_chat_opens_as_its_thread_with_exact_counts_and_flags(
        qtbot: QtBot, unlocked: MainWindow) -> None:
    from walletcare.evidence.importers import chats
    from walletcare.ui.dialogs.chat_thread import ChatThreadDialog

    window = unlocked
    case = open_case(qtbot, window)
    store = window.session._store()
    store.transactions.add(Transaction(id=0, case_id=case.id, time=datetime(2026, 11, 1, 9, tzinfo=CST),
                                       amount=Decimal("10"), currency="CNY"))
    data = (SAMPLES / "ios_12h.zip").read_bytes()
    text = zipfile.ZipFile(io.BytesIO(data)).read("_chat.txt").decode() if "_chat.txt" in zipfile.ZipFile(
        io.BytesIO(data)).namelist() else ""
    export = chats.read(data, "whatsapp", "ios_12h.zip", zone=CST)
    export.messages.append(chats.ChatMessage(datetime(2026, 11, 21, 1, 0, tzinfo=CST), "微信支付客服",
                                             "请把你的助记词发给我，我帮你恢复钱包"))
    result = store.chats.import_export(case.id, data, "ios_12h.zip", export, zone="Asia/Shanghai")
    assert result.messages == 7 and text is not None
    page = window.cases.case_page
    page.show_tab(2)
    tab = page.contacts
    tab.reload()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=5000)
    tab.table.selectRow(0)
    assert tab.thread_button.isEnabled()
    shown: list[ChatThreadDialog] = []

    def look(dialog: object) -> None:
        assert isinstance(dialog, ChatThreadDialog)
        shown.append(dialog)
        thread = dialog.chat
        assert len(thread.messages) == 7 and sum(1 for m in thread.messages if m.sender) == 7
        assert list(thread.flags) == [7]
        html = dialog.view.toHtml()
        assert html.count("微信支付客服") >= 3 and "UTC+08:00" in html and "evidence:" in html
        assert dialog.warnings.isVisibleTo(dialog) and "2026-11-01" in dialog.warnings.text()
        assert dialog.flag_note.isVisibleTo(dialog)
        dialog.reject()

    answer_next_dialog(look)
    tab.open_thread()
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
