"""Conventions people know from other password managers (KeePassXC as the model), checked through the
real window: passphrase pages (strength, show toggle, Caps Lock, Enter, focus), menus, titles, dates,
keyboard travel, icons, and Qt's own texts in the interface language."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from pytestqt.qtbot import QtBot

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QWidget,
)

from walletcare import __version__
from walletcare.evidence.models import Case, Contact, Deadline, Transaction
from walletcare.ui.dialogs.contact import ContactDialog
from walletcare.ui.dialogs.transaction import TransactionDialog
from walletcare.ui.dialogs.vault_dialogs import PassphrasePrompt
from walletcare.ui.icons import ICONS, icon
from walletcare.ui.main_window import MainWindow
from walletcare.ui.qt_translations import with_shortcut

from .conftest import PASSPHRASE, answer_next_dialog, create_vault_through_ui, make_window, unlock_through_ui


def _focused(widget: object) -> bool:
    return QApplication.focusWidget() is widget


def test_common_password_rates_weak_and_cannot_create_a_vault(window: MainWindow) -> None:
    first_run = window.cases.gate.first_run
    first_run.create_button.click()
    for field in (first_run.passphrase.first, first_run.passphrase.second):
        field.setText("password123")
    assert not first_run.create_go.isEnabled()
    assert first_run.passphrase.meter.value() == 1  # a red sliver: score 0 of 4
    verdict = first_run.passphrase.verdict.text()
    assert "最常被人使用" in verdict, verdict  # our own sentence for zxcvbn's "very common password"
    assert "。 " not in verdict, "Chinese sentences are joined without a space"
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


def test_menu_bar_follows_the_language(window: MainWindow) -> None:
    titles = [action.text() for action in window.menuBar().actions()]
    assert titles == ["文件(&F)", "编辑(&E)", "查看(&V)", "帮助(&H)"]
    file_menu = window.menus.menus["file"]
    texts = [a.text() for a in file_menu.actions() if not a.isSeparator()]
    assert texts == ["新建案件(&N)…", "导入账单导出文件(&I)…", "导出投诉材料(&E)…", "锁定保险箱(&L)", "退出(&Q)"]
    assert window.actions_.actions["quit"].shortcut().toString() == "Ctrl+Q"
    window.menus.language_actions["zh-TW"].trigger()
    assert [action.text() for action in window.menuBar().actions()] == ["檔案(&F)", "編輯(&E)", "檢視(&V)", "說明(&H)"]
    assert window.settings.language == "zh-TW"
    window.menus.language_actions["en"].trigger()
    assert [action.text() for action in window.menuBar().actions()] == ["&File", "&Edit", "&View", "&Help"]
    assert window.menus.language_actions["en"].isChecked()
    window.switch_language("zh-CN")


def test_ctrl_q_closes_the_window_through_close(qtbot: QtBot, window: MainWindow) -> None:
    closes: list[bool] = []
    original = window.closeEvent

    def spy(event: object) -> None:
        closes.append(True)
        original(event)  # type: ignore[arg-type]

    window.closeEvent = spy  # type: ignore[method-assign]
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert closes == [True], "Quit goes through close(), so the window's own close handling runs"
    assert not window.isVisible()


def test_about_shows_version_folders_and_licences(qtbot: QtBot, existing_vault: Path) -> None:
    window = make_window(qtbot, existing_vault)
    seen: dict[str, str] = {}

    def read(dialog: QWidget) -> None:
        seen["title"] = dialog.windowTitle()
        seen["version"] = dialog.findChild(QLabel, "aboutVersion").text()
        seen["vault"] = dialog.findChild(QLabel, "about-vault").text()
        table = dialog.findChild(QTableWidget, "aboutLicences")
        seen["libraries"] = " ".join(table.item(r, 0).text() + "=" + table.item(r, 2).text()
                                     for r in range(table.rowCount()))
        dialog.reject()

    answer_next_dialog(read)
    window.menus.menus["help"].actions()[-1].trigger()
    qtbot.waitUntil(lambda: "libraries" in seen)
    assert seen["title"] == "关于 WalletCare"
    assert __version__ in seen["version"]
    assert seen["vault"] == str(existing_vault)
    assert "zxcvbn=MIT" in seen["libraries"] and "PySide6-Essentials=LGPL-3.0" in seen["libraries"]
    assert "Material Design Icons=Apache-2.0" in seen["libraries"]


def test_window_title_shows_the_lock_state(qtbot: QtBot, existing_vault: Path) -> None:
    window = make_window(qtbot, existing_vault)
    assert window.windowTitle() == "WalletCare — 保险箱已锁定"
    unlock_through_ui(window)
    assert window.windowTitle() == "WalletCare — 保险箱已解锁"
    window.switch_language("en")
    assert window.windowTitle() == "WalletCare — Vault unlocked"
    window.lock()
    assert window.windowTitle() == "WalletCare — Vault locked"
    window.switch_language("zh-CN")


def _open_case(qtbot: QtBot, window: MainWindow, **fields: object) -> Case:
    store = window.session._store()
    case = store.cases.add(Case(id=0, title="退款被拒", **fields))  # type: ignore[arg-type]
    window.show_area("cases")
    window.cases.show_list()
    qtbot.waitUntil(lambda: window.cases.list.model.rowCount() >= 1, timeout=2000)
    window.cases.open_case(store.cases.get(case.id))
    return case


def test_dates_follow_the_language_and_party_labels_too(qtbot: QtBot, unlocked: MainWindow) -> None:
    window = unlocked
    _open_case(qtbot, window, opened=date(2026, 12, 6), deadlines=(Deadline(due=date(2027, 1, 5), label="复议"),))
    overview = window.cases.case_page.overview
    assert overview.deadlines.toPlainText() == "2027/1/5 复议"
    overview.deadlines.setPlainText("2027/1/5 复议\n2027年2月1日 起诉 [x]")
    overview.save.click()
    saved = window.session._store().cases.get(window.cases.case_page.case.id)
    assert [(d.due, d.label, d.done) for d in saved.deadlines] == [(date(2027, 1, 5), "复议", False),
                                                                  (date(2027, 2, 1), "起诉", True)]
    name_label = overview.form.parentWidget().findChild(QLineEdit, "respondent-name")
    label_of = overview.party_boxes["respondent"].layout().labelForField(name_label)
    assert overview.opened.text() == "2026/12/6"
    assert label_of.text() == "姓名"
    window.switch_language("en")
    assert overview.opened.text() == "2026-12-06"
    assert label_of.text() == "Name"
    overview.opened.setCalendarPopup(True)
    assert overview.opened.calendarWidget().locale().language() == QLocale.Language.English
    window.switch_language("zh-TW")
    assert overview.opened.text() == "2026/12/6"
    assert overview.opened.calendarWidget().locale().script() == QLocale.Script.TraditionalChineseScript
    assert label_of.text() == "姓名"
    assert overview.parties["respondent"]["organisation"].accessibleName() != "Organisation"
    window.switch_language("zh-CN")


def test_transaction_and_contact_dialogs_use_the_language_dates(qtbot: QtBot, unlocked: MainWindow) -> None:
    window = unlocked
    _open_case(qtbot, window)
    at = datetime(2026, 12, 6, 9, 5, 7).astimezone()
    tx = TransactionDialog(Transaction(id=0, case_id=1, time=at, amount=Decimal(1), currency="CNY"), window)
    assert tx.time.text() == "2026/12/6 09:05:07"
    contact = ContactDialog(Contact(id=0, case_id=1, kind="call", at=at, summary=""), window)
    assert contact.at.text() == "2026/12/6 09:05"
    tx.deleteLater()
    contact.deleteLater()


def test_tab_leaves_every_table(qtbot: QtBot, unlocked: MainWindow) -> None:
    window = unlocked
    _open_case(qtbot, window)
    page = window.cases.case_page
    page.show_tab(1)
    table = page.transactions.table
    window.activateWindow()
    qtbot.waitActive(window)
    table.setFocus()
    qtbot.waitUntil(lambda: _focused(table))
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert not _focused(table), "Tab moves on from the transactions table"
    for area in ("help", "safety", "settings"):  # build every page before looking at their views
        window.page(area)
    for view in window.findChildren(QAbstractItemView):
        assert not view.tabKeyNavigation(), view.objectName()


def test_new_case_dialog_fits_a_long_title(qtbot: QtBot, unlocked: MainWindow) -> None:
    window = unlocked
    widths: list[tuple[int, int]] = []

    def read(dialog: QWidget) -> None:
        title = dialog.findChild(QLineEdit, "caseTitle")
        widths.append((title.width(), title.fontMetrics().horizontalAdvance("Withdrawal stuck since 3 May " * 2)))
        dialog.reject()

    answer_next_dialog(read)
    window.actions_.actions["new_case"].trigger()
    qtbot.waitUntil(lambda: bool(widths))
    shown, needed = widths[0]
    assert shown >= needed, (shown, needed)


def test_icons_on_the_sidebar_menus_and_main_buttons(qtbot: QtBot, unlocked: MainWindow) -> None:
    window = unlocked
    for name in ICONS:
        assert not icon(name).pixmap(16, 16).isNull(), name
    for row in range(window.sidebar.count()):
        assert not window.sidebar.item(row).icon().isNull(), window.sidebar.item(row).text()
    for name in ("new_case", "import", "export", "lock", "quit", "about", "area-help", "area-cases"):
        assert not window.actions_.actions[name].icon().isNull(), name
    _open_case(qtbot, window)
    page = window.cases.case_page
    buttons = (window.cases.list.new_button, page.export_button, page.transactions.import_button, window.lock_button)
    for button in buttons:
        assert not button.icon().isNull(), button.text()


def test_pages_start_in_their_first_field(qtbot: QtBot, unlocked: MainWindow) -> None:
    window = unlocked
    window.activateWindow()
    qtbot.waitActive(window)
    _open_case(qtbot, window)
    overview = window.cases.case_page.overview
    qtbot.waitUntil(lambda: _focused(overview.edits["title"]))
    assert not overview.edits["title"].hasSelectedText(), "typing must not replace the title at once"
    window.show_area("settings")
    qtbot.waitUntil(lambda: _focused(window.settings_page.language))
    window.show_area("safety")
    qtbot.waitUntil(lambda: _focused(window.safety.text))


def test_enter_submits_the_recovery_page(qtbot: QtBot, window: MainWindow) -> None:
    code = create_vault_through_ui(window)
    window.lock()
    gate = window.cases.gate
    gate.forgot.click()
    qtbot.keyClicks(gate.code, code)
    qtbot.keyClick(gate.code, Qt.Key.Key_Return)
    new = "violet anchor moss thirteen"
    qtbot.keyClicks(gate.new_passphrase.first, new)
    qtbot.keyClick(gate.new_passphrase.first, Qt.Key.Key_Return)
    qtbot.keyClicks(gate.new_passphrase.second, new)
    qtbot.keyClick(gate.new_passphrase.second, Qt.Key.Key_Return)
    assert window.session.unlocked
    window.lock()
    unlock_through_ui(window, new)
    assert window.session.unlocked


DEFERRED_ICONS = """
import sys, tempfile
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from walletcare.config import Settings
from walletcare.ui.main_window import MainWindow

app = QApplication([])
window = MainWindow(settings=Settings(language="en"), vault_dir=Path(tempfile.mkdtemp()) / "vault")
before = any(name in sys.modules for name in ("qtawesome", "zxcvbn"))
window.show()
waited = 0


def poll() -> None:  # until the sidebar has its icons, at most 30 s (a busy machine is slow)
    global waited
    waited += 50
    if not window.sidebar.item(0).icon().isNull() or waited > 30000:
        app.quit()
    else:
        QTimer.singleShot(50, poll)


QTimer.singleShot(50, poll)
app.exec()
icons = [window.sidebar.item(row).icon().isNull() for row in range(window.sidebar.count())]
print(before, "qtawesome" in sys.modules, any(icons), window.actions_.actions["quit"].icon().isNull())
window.close()
"""


def test_icon_font_loads_after_the_first_paint() -> None:
    """Neither the icon font nor the strength estimator is loaded before the window is painted."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WALLETCARE_CONFIG_DIR": tempfile.mkdtemp()}
    done = subprocess.run([sys.executable, "-c", DEFERRED_ICONS], capture_output=True, text=True, env=env,
                          timeout=120, check=True)
    assert done.stdout.split()[-4:] == ["False", "True", "False", "False"], done.stdout + done.stderr


def test_backup_passphrase_prompt_has_the_eye_and_caps_warning(qtbot: QtBot, window: MainWindow) -> None:
    prompt = PassphrasePrompt("t", "x", window)
    prompt.show()
    qtbot.keyClicks(prompt.field, "Abc")
    prompt.passphrase.toggle.trigger()
    assert prompt.field.echoMode() == QLineEdit.EchoMode.Normal
    qtbot.keyClick(prompt.field, "D")
    assert prompt.passphrase.caps.isVisible()
    prompt.reject()


def test_a_deadline_without_a_readable_date_is_not_dropped(qtbot: QtBot, unlocked: MainWindow) -> None:
    window = unlocked
    case = _open_case(qtbot, window)
    overview = window.cases.case_page.overview
    overview.deadlines.setPlainText("2027/1/5 复议\n下周一 给银行打电话")
    overview.save.click()
    assert "下周一 给银行打电话" in window.statusBar().currentMessage()
    assert overview.deadlines.toPlainText().endswith("下周一 给银行打电话"), "the typed line stays in the field"
    assert window.session._store().cases.get(case.id).deadlines == (), "nothing was saved half-way"
