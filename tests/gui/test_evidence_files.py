"""Evidence that is not a readable picture: a PDF, a text file, a picture kind that cannot be decoded and a
picture too large to preview are kept byte-exact, get a drawn file-type tile (not a blank one), and the tab
says why there is no preview — through the real window, vault and background runner."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QIcon

from tests.gui.live_window import live_window, open_case, query, shoot

KEPT = {"zh-CN": "原样保存", "zh-TW": "原樣保存", "en": "kept byte-exact"}


def sample_files(folder: Path) -> dict[str, bytes]:
    from PIL import Image

    huge = io.BytesIO()
    Image.new("1", (8000, 8000)).save(huge, "PNG")  # 64 million pixels: more than a preview is made for
    small = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(small, "PNG")
    files = {
        "银行回单.pdf": b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
        "客服聊天记录.txt": "客服：请提供订单号。\n我：2024050122001\n".encode(),
        "IMG_0042.HEIC": b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200,
        "扫描件.png": huge.getvalue(),
        "截图.png": small.getvalue(),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return files


def visible_pixels(icon: QIcon) -> int:
    image = icon.pixmap(160, 120).toImage()
    return sum(1 for x in range(0, image.width(), 4) for y in range(0, image.height(), 4) if image.pixelColor(x, y).alpha())


@pytest.mark.parametrize("lang", ["zh-CN", "zh-TW", "en"])
def test_files_without_a_picture_get_a_file_tile_and_a_reason(qtbot: QtBot, existing_vault: Path, tmp_path: Path,
                                                               lang: str) -> None:
    window = live_window(qtbot, existing_vault, lang)
    open_case(qtbot, window)
    page = window.cases.case_page
    page.show_tab(3)
    tab = page.evidence
    files = sample_files(tmp_path)
    tab.add_files([tmp_path / name for name in files])
    qtbot.waitUntil(lambda: tab.model.rowCount() == len(files), timeout=30000)
    qtbot.waitUntil(lambda: tab.note.isVisible(), timeout=10000)
    note = tab.note.text()
    for name in ("银行回单.pdf", "客服聊天记录.txt", "IMG_0042.HEIC", "扫描件.png"):
        assert name in note, note
    assert "截图.png" not in note
    assert note.count(KEPT[lang]) == 4, note
    by_name = {tab.model.item(row).file_name: row for row in range(tab.model.rowCount())}
    qtbot.waitUntil(lambda: tab.model.has_thumbnail(tab.model.item(by_name["截图.png"]).id), timeout=10000)
    for name, data in files.items():
        item = tab.model.item(by_name[name])
        assert query(qtbot, window, lambda store, i=item.id: store.evidence.data(i)) == data  # byte-exact
        icon = tab.model.index(by_name[name]).data(Qt.ItemDataRole.DecorationRole)
        assert isinstance(icon, QIcon) and not icon.isNull(), name
        assert visible_pixels(icon) > 50, name  # a drawn tile or the picture, not a blank square
        if name != "截图.png":
            assert not tab.model.has_thumbnail(item.id)
            assert KEPT[lang] in tab.model.index(by_name[name]).data(Qt.ItemDataRole.ToolTipRole)
    window.resize(1000, 640)
    shoot(tab, f"evidence-file-tiles-{lang}")


def test_a_read_cut_short_by_closing_the_window_shows_no_error_box(qtbot: QtBot, existing_vault: Path) -> None:
    from PySide6.QtWidgets import QApplication

    window = live_window(qtbot, existing_vault, "zh-CN")
    open_case(qtbot, window)
    window.shutdown()  # what closing the window does; a result delivered later still makes tabs reload
    boxes: list[str] = []

    def poll(left: int = 30) -> None:
        box = QApplication.activeModalWidget()
        if box is not None and box.isVisible():
            boxes.append(box.objectName() or type(box).__name__)
            box.close()
        elif left:
            QTimer.singleShot(10, lambda: poll(left - 1))

    QTimer.singleShot(0, poll)
    for tab in (window.cases.case_page.evidence, window.cases.case_page.timeline):
        tab.reload()
    qtbot.wait(400)
    assert boxes == []
