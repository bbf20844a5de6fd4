"""Reading screenshots in the window: the text is read in the background after adding (progress shown, OpenCV
never loaded in the window's process), shown in the viewer, and a screenshot of a recovery phrase is sealed."""

from __future__ import annotations

import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.gui.conftest import answer_next_dialog
from tests.gui.test_case_page import open_case
from tests.unit.evidence.chat_screens import chat_screen, seed_screen
from walletcare.ui.dialogs.evidence_viewer import EvidenceViewer
from walletcare.ui.main_window import MainWindow


def test_added_screenshot_is_read_in_the_background_and_shown_in_the_viewer(
        qtbot: QtBot, unlocked: MainWindow, tmp_path: Path) -> None:
    window = unlocked
    open_case(qtbot, window)
    page = window.cases.case_page
    page.show_tab(3)
    tab = page.evidence
    screen = chat_screen(7)
    shot = tmp_path / "客服聊天.png"
    shot.write_bytes(screen.png)
    seen: list[tuple[int, int]] = []
    tab.reader.progressed.connect(lambda done, total: seen.append((done, total)))
    qtbot.waitUntil(lambda: not tab.reader.running, timeout=5000)  # opening the case looked for unread items
    with qtbot.waitSignal(tab.reader.stopped, timeout=120_000):
        tab.add_files([shot])
    assert seen and seen[0] == (0, 1)
    assert tab.reading_bar.isHidden()
    assert "cv2" not in sys.modules  # OpenCV stays in the worker process
    store = window.session._store()
    item = tab.model.item(0)
    reading = store.readings.get(item.id)
    assert reading is not None and screen.order_no in "".join(reading.text.split())

    def view(dialog: object) -> None:
        assert isinstance(dialog, EvidenceViewer)
        assert screen.order_no in "".join(dialog.read_text.text.toPlainText().split())
        assert dialog.read_text.text.isReadOnly()
        dialog.reject()

    answer_next_dialog(view)
    tab.open_viewer(tab.model.index(0, 0))


def test_a_screenshot_of_a_recovery_phrase_is_sealed_and_the_user_told(
        qtbot: QtBot, unlocked: MainWindow, tmp_path: Path) -> None:
    from mnemonic import Mnemonic

    window = unlocked
    case = open_case(qtbot, window)
    page = window.cases.case_page
    page.show_tab(3)
    tab = page.evidence
    shot = tmp_path / "backup.png"
    shot.write_bytes(seed_screen(Mnemonic("english").to_mnemonic(bytes(range(16))).split()))
    qtbot.waitUntil(lambda: not tab.reader.running, timeout=5000)  # opening the case looked for unread items
    with qtbot.waitSignal(tab.reader.stopped, timeout=120_000):
        tab.add_files([shot])
    qtbot.waitUntil(lambda: "封存" in window.statusBar().currentMessage(), timeout=5000)
    store = window.session._store()
    assert store.evidence.list(case.id) == []
    assert tab.model.rowCount() == 1  # still shown, so it can be removed


def test_find_in_screenshots_opens_the_item_that_shows_the_text(
        qtbot: QtBot, unlocked: MainWindow, tmp_path: Path) -> None:
    from walletcare.evidence.ocr import OcrLine, OcrResult
    from walletcare.ui.dialogs.evidence_search import EvidenceSearch

    window = unlocked
    case = open_case(qtbot, window)
    page = window.cases.case_page
    page.show_tab(3)
    tab = page.evidence
    store = window.session._store()
    shots = []
    for name, color in (("a.png", "white"), ("b.png", "black")):
        from PIL import Image

        path = tmp_path / name
        Image.new("RGB", (40, 60), color).save(path)
        shots.append(store.evidence.add(case.id, path.read_bytes(), name)[0])
    store.readings.save(shots[1].id, OcrResult((OcrLine("工单号 T998877", 0.99, ((0, 0), (9, 0), (9, 9), (0, 9))),),
                                               1, "test", "test"))
    tab.reload()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=3000)
    opened: list[str] = []

    def find(dialog: object) -> None:
        assert isinstance(dialog, EvidenceSearch)
        dialog.field.setText("T998877")
        dialog.run()
        assert dialog.model.rowCount() == 1 and "b.png" in dialog.model.data(dialog.model.index(0, 0))
        dialog.results.activated.emit(dialog.model.index(0, 0))

    def view(dialog: object) -> None:
        assert isinstance(dialog, EvidenceViewer)
        opened.append(dialog.evidence.file_name)
        assert "T998877" in dialog.read_text.text.toPlainText()
        dialog.reject()

    answer_next_dialog(find)
    answer_next_dialog(view)
    tab.find_button.click()
    qtbot.waitUntil(lambda: opened == ["b.png"], timeout=5000)
