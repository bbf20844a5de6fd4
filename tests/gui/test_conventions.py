"""Conventions people know from other password managers (KeePassXC as the model), checked through the
real window: passphrase pages (strength, show toggle, Caps Lock, Enter, focus), menus, titles, dates,
keyboard travel, icons, and Qt's own texts in the interface language."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from walletcare.ui.main_window import MainWindow
from walletcare.ui.qt_translations import with_shortcut

from .conftest import PASSPHRASE, answer_next_dialog, make_window


def _focused(widget: object) -> bool:
    return QApplication.focusWidget() is widget


def test_common_password_rates_weak_and_cannot_create_a_vault(window: MainWindow) -> None:
    first_run = window.cases.gate.first_run
    first_run.create_button.click()
    for field in (first_run.passphrase.first, first_run.passphrase.second):
        field.setText("password123")
    assert not first_run.create_go.isEnabled()
    assert first_run.passphrase.meter.value() <= 1
    verdict = first_run.passphrase.verdict.text()
    assert "最常被人使用" in verdict, verdict  # our own sentence for zxcvbn's "very common password"
    first_run.passphrase.first.setText(PASSPHRASE)
    first_run.passphrase.second.setText(PASSPHRASE)
    assert first_run.create_go.isEnabled()


def test_enter_in_the_repeat_field_creates_the_vault(qtbot: QtBot, window: MainWindow) -> None:
    first_run = window.cases.gate.first_run
    first_run.create_button.click()
    qtbot.waitUntil(lambda: _focused(first_run.passphrase.first))
    qtbot.keyClicks(first_run.passphrase.first, PASSPHRASE)
    qtbot.keyClick(first_run.passphrase.first, Qt.Key.Key_Return)  # Enter in the first field moves on
    assert _focused(first_run.passphrase.second)
    qtbot.keyClicks(first_run.passphrase.second, PASSPHRASE)
    qtbot.keyClick(first_run.passphrase.second, Qt.Key.Key_Return)
    assert first_run.showing_code()
    assert window.session.unlocked


def test_unlock_page_focus_show_toggle_and_enter(qtbot: QtBot, existing_vault: Path) -> None:
    window = make_window(qtbot, existing_vault)
    gate = window.cases.gate
    qtbot.waitUntil(lambda: _focused(gate.passphrase))
    qtbot.keyClicks(gate.passphrase, "wrong")
    assert gate.passphrase.echoMode() == QLineEdit.EchoMode.Password
    gate.passphrase_field.toggle.trigger()
    assert gate.passphrase.echoMode() == QLineEdit.EchoMode.Normal
    assert gate.passphrase_field.toggle.toolTip() == "隐藏口令"
    gate.passphrase.clear()
    qtbot.keyClicks(gate.passphrase, PASSPHRASE)
    qtbot.keyClick(gate.passphrase, Qt.Key.Key_Enter)
    assert window.session.unlocked
    window.lock()
    assert gate.passphrase.echoMode() == QLineEdit.EchoMode.Password, "locking hides a shown passphrase again"
    assert gate.passphrase.text() == ""


def test_caps_lock_warning_on_the_unlock_page(qtbot: QtBot, existing_vault: Path) -> None:
    window = make_window(qtbot, existing_vault)
    gate = window.cases.gate
    caps = gate.passphrase_field.caps
    qtbot.keyClick(gate.passphrase, "A")  # a capital without Shift: Caps Lock is on
    assert caps.isVisible()
    assert caps.text() == "大写锁定已打开。"
    qtbot.keyClick(gate.passphrase, "a", Qt.KeyboardModifier.ShiftModifier)  # Shift+a → a
    assert caps.isVisible()
    qtbot.keyClick(gate.passphrase, "b")
    assert not caps.isVisible()
    qtbot.keyClick(gate.passphrase, "1")  # says nothing either way
    assert not caps.isVisible()


def test_recovery_page_starts_in_the_code_field(qtbot: QtBot, existing_vault: Path) -> None:
    window = make_window(qtbot, existing_vault)
    gate = window.cases.gate
    gate.forgot.click()
    qtbot.waitUntil(lambda: _focused(gate.code))
    qtbot.keyClick(gate.code, Qt.Key.Key_Return)
    assert _focused(gate.new_passphrase.first)


def _labels_of_next_file_dialog(qtbot: QtBot, open_it: Callable[[], None]) -> list[str]:
    seen: list[str] = []

    def read(dialog: QWidget) -> None:
        assert isinstance(dialog, QFileDialog)
        seen.extend(label.text() for label in dialog.findChildren(QLabel))
        seen.extend(button.text() for button in dialog.findChildren(QPushButton))
        dialog.reject()

    answer_next_dialog(read)
    open_it()
    qtbot.waitUntil(lambda: bool(seen))
    return seen


def _cancel_text(window: MainWindow) -> str:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, window)
    text = box.button(QDialogButtonBox.StandardButton.Cancel).text()
    box.deleteLater()
    return text


def test_qt_file_dialog_and_buttons_read_in_chinese(qtbot: QtBot, window: MainWindow) -> None:
    first_run = window.cases.gate.first_run
    first_run.show_start(False)
    texts = _labels_of_next_file_dialog(qtbot, first_run.open_button.click)
    assert "查找范围(&L)：" in texts, texts  # Qt's own "&Look in:" label
    assert "文件类型(&T)：" in texts, texts
    assert "取消" in texts, texts
    assert _cancel_text(window) == "取消"

    window.switch_language("zh-TW")
    texts = _labels_of_next_file_dialog(qtbot, first_run.open_button.click)
    assert "尋找於(&L)：" in texts, texts
    assert _cancel_text(window) == "取消"
    window.switch_language("en")
    assert "&Look in:" in _labels_of_next_file_dialog(qtbot, first_run.open_button.click)
    assert _cancel_text(window) == "Cancel"
    window.switch_language("zh-CN")


def test_shortcut_goes_before_the_colon() -> None:
    assert with_shortcut("查找范围：", "l") == "查找范围(&L)："
    assert with_shortcut("Look in:", "l") == "Look in(&L):"
    assert with_shortcut("打开", "o") == "打开(&O)"
