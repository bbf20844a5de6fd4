"""The window shell: opens with its areas, switches language without restart, remembers geometry."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from walletcare.config import Settings
from walletcare.i18n import set_language
from walletcare.ui.main_window import MainWindow


def make_window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    window = MainWindow(settings=Settings(), vault_dir=tmp_path / "vault")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def sidebar_texts(window: MainWindow) -> list[str]:
    return [window.sidebar.item(i).text() for i in range(window.sidebar.count())]


def test_window_shows_its_areas(qtbot: QtBot, tmp_path: Path) -> None:
    set_language("zh-CN")
    window = make_window(qtbot, tmp_path)
    assert sidebar_texts(window)[:4] == ["求助", "我的案件", "安全检查", "设置"]
    window.show_area("settings")
    assert window.stack.currentWidget() is window.settings_page


def test_language_switch_changes_visible_texts(qtbot: QtBot, tmp_path: Path) -> None:
    set_language("zh-CN")
    window = make_window(qtbot, tmp_path)
    combo = window.settings_page.language
    combo.setCurrentIndex(combo.findData("en"))
    assert sidebar_texts(window)[:4] == ["Help", "Cases", "Safety check", "Settings"]
    combo.setCurrentIndex(combo.findData("zh-TW"))
    assert sidebar_texts(window)[:4] == ["求助", "我的案件", "安全檢查", "設定"]
    assert Settings.load().language == "zh-TW"
