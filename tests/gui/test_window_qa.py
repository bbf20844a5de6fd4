"""Window defects a new-user pass found, each driven through the real window: menu entries, wording,
dialogs that follow a language switch, the evidence viewer and the tables."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenuBar,
    QPlainTextEdit,
    QWidget,
)

from tests.gui.conftest import answer_next_dialog
from walletcare.evidence.models import Case, Contact, Reference, Transaction
from walletcare.ui.dialogs.transaction import TransactionDialog
from walletcare.ui.main_window import AREAS, MainWindow

TZ = timezone(timedelta(hours=8))


def test_every_menu_action_can_be_triggered(qtbot: QtBot, unlocked: MainWindow) -> None:
    """View → each area shows that area (the "checked" flag once went where the area name belongs)."""
    names = [a for a, _t in AREAS]
    for area in ("help", "cases", "safety", "settings"):
        unlocked.actions_.actions[f"area-{area}"].trigger()
        assert names[unlocked.sidebar.currentRow()] == area
    unlocked.actions_.actions["area-help"].trigger()
    unlocked.actions_.actions["preferences"].trigger()
    assert unlocked.current_area() == "settings"


def _open_case(qtbot: QtBot, window: MainWindow, title: str = "退款被拒") -> Case:
    store = window.session._store()
    case = store.cases.add(Case(id=0, title=title, currency="CNY"))
    window.show_area("cases")
    window.cases.show_list()
    qtbot.waitUntil(lambda: window.cases.list.model.rowCount() >= 1, timeout=2000)
    window.cases.open_case(store.cases.get(case.id))
    return case


def _add_transaction(window: MainWindow, case: Case) -> None:
    window.session._store().transactions.add(Transaction(
        id=0, case_id=case.id, time=datetime(2024, 5, 1, 9, 0, tzinfo=TZ), amount=Decimal("120.50"), currency="CNY",
        direction="out", counterparty="某商户", references=(Reference("trade_no", "2024050122001"),), dedup_key="k1"))


def test_delete_key_deletes_the_selected_transaction(qtbot: QtBot, unlocked: MainWindow) -> None:
    case = _open_case(qtbot, unlocked)
    _add_transaction(unlocked, case)
    tab = unlocked.cases.case_page.transactions
    unlocked.cases.case_page.show_tab(1)
    tab.reload()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=2000)
    tab.select_row(0)
    qtbot.waitUntil(lambda: tab.selected() is not None, timeout=2000)
    tab.table.setFocus()
    qtbot.waitUntil(tab.table.hasFocus, timeout=2000)
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    assert unlocked.session._store().transactions.count(case.id) == 0


def test_order_number_has_one_name(qtbot: QtBot, unlocked: MainWindow) -> None:
    """The transaction dialog's field and the table column call the order number the same."""
    _open_case(qtbot, unlocked)
    tab = unlocked.cases.case_page.transactions
    header = tab.model.headerData(5, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
    dialog = TransactionDialog(Transaction(id=0, case_id=1, time=datetime.now(TZ), amount=Decimal(0), currency="CNY"), unlocked)
    label = dialog.findChild(QFormLayout).labelForField(dialog.reference).text()
    dialog.deleteLater()
    assert label.replace("(&O)", "") == header == "订单号"


def test_evidence_button_and_timeline_wording(qtbot: QtBot, unlocked: MainWindow) -> None:
    case = _open_case(qtbot, unlocked)
    page = unlocked.cases.case_page
    assert page.evidence.add_button.text() == "添加文件(&A)…"
    unlocked.session._store().contacts.add(Contact(id=0, case_id=case.id, kind="call",
                                                   at=datetime(2024, 5, 2, 10, 0, tzinfo=TZ), summary="客服说三天内退款"))
    unlocked.cases.open_case(unlocked.session._store().cases.get(case.id))
    page.show_tab(4)
    model = page.timeline.model
    qtbot.waitUntil(lambda: any(r.kind == "contact" for r in model.records()), timeout=2000)
    texts = [str(model.index(r, c).data()) for r in range(model.rowCount()) for c in range(model.columnCount())]
    line = next(t for t in texts if "客服说" in t)
    assert "：客服说" in line and ": " not in line


def test_settings_font_reset_says_what_it_does(qtbot: QtBot, unlocked: MainWindow, tmp_path: Path) -> None:
    unlocked.show_area("settings")
    page = unlocked.pages["settings"]
    assert "自动" not in page.font_reset.text() or "改回" in page.font_reset.text()
    assert not page.font_reset.isEnabled()  # nothing to reset while the automatic font is in use
    page._set_font(str(tmp_path / "NotoSansSC.ttf"))
    assert page.font_button.text() == "NotoSansSC.ttf" and page.font_reset.isEnabled()
    page.font_reset.click()
    assert unlocked.settings.dossier_font is None and not page.font_reset.isEnabled()


def test_a_clean_import_is_announced_once_with_plurals(qtbot: QtBot, existing_vault: Path, samples_dir: Path) -> None:
    """No modal box for an import that skipped nothing (its warnings were in the preview): the undo bar says it,
    in English with the right plural, and the status bar does not repeat it."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from tests.gui.conftest import make_window, unlock_through_ui
    from tests.gui.test_end_to_end import import_sample

    window = make_window(qtbot, existing_vault, language="en")
    window.switch_language("en")
    unlock_through_ui(window)
    _open_case(qtbot, window, "Alipay withdrawal")
    boxes: list[str] = []

    def watch() -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QMessageBox):
            boxes.append(modal.objectName())

    timer = QTimer()
    timer.timeout.connect(watch)
    timer.start(5)
    import_sample(qtbot, window.cases.case_page, samples_dir / "alipay" / "dsg_alipay_2023fmt_HEAD.csv")
    qtbot.wait(100)
    timer.stop()
    result = window.cases.case_page.transactions.import_flow.last_result
    assert result.warnings and not result.rejected  # the file has a warning, and no row was skipped
    assert "importResult" not in boxes
    text = window.cases.undo_bar.text.text()
    assert text.startswith(f"Imported {result.added} transactions.") and "(s)" not in text, text
    assert window.statusBar().currentMessage() == ""


def _texts(dialog: QWidget) -> list[str]:
    """Every text a user reads in ``dialog``: title, labels, buttons, choices, placeholders."""
    texts = [dialog.windowTitle()]
    texts += [w.text() for w in dialog.findChildren(QLabel) if w.isVisible()]
    texts += [w.text() for w in dialog.findChildren(QAbstractButton) if w.isVisible()]
    texts += [w.placeholderText() for w in dialog.findChildren(QLineEdit) if w.isVisible()]
    texts += [w.placeholderText() for w in dialog.findChildren(QPlainTextEdit) if w.isVisible()]
    for combo in dialog.findChildren(QComboBox):
        if combo.isVisible():
            texts += [combo.itemText(i) for i in range(combo.count())]
    return [t for t in texts if t]


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def test_open_dialogs_follow_a_language_switch(qtbot: QtBot, unlocked: MainWindow) -> None:
    """New case and the contact note, open while the language is switched, end up wholly in English (the
    language names in a language list stay as they are written); what was typed stays."""
    _open_case(qtbot, unlocked)
    seen: list[list[str]] = []

    def switch(dialog: QWidget, typed: QLineEdit | None) -> None:
        if typed is not None:
            typed.setText("退款被拒")
        unlocked.switch_language("en")
        QApplication.processEvents()  # Qt re-texts its own standard buttons on the LanguageChange event
        seen.append([t for t in _texts(dialog) if _has_chinese(t) and t not in ("简体中文", "繁體中文", "退款被拒")])
        if typed is not None:
            seen[-1] += [] if typed.text() == "退款被拒" else ["typed text lost"]
        unlocked.switch_language("zh-CN")
        dialog.reject()

    from walletcare.ui.dialogs.contact import ContactDialog
    from walletcare.ui.dialogs.new_case import NewCaseDialog

    answer_next_dialog(lambda d: switch(d, d.title if isinstance(d, NewCaseDialog) else None))
    unlocked.cases.ask_new_case()
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=5000)
    page = unlocked.cases.case_page
    unlocked.cases.open_case(unlocked.session._store().cases.list()[0])
    page.show_tab(2)
    answer_next_dialog(lambda d: switch(d, None) if isinstance(d, ContactDialog) else d.reject())
    page.contacts.call_button.click()
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
    assert seen == [[], []], seen


def test_leaving_overview_with_unsaved_edits(qtbot: QtBot, unlocked: MainWindow) -> None:
    """Another tab keeps the edits and says so (tab title and status bar); leaving the case asks Save /
    Discard / Cancel, and Cancel stays with the edits."""
    from PySide6.QtWidgets import QMessageBox

    case = _open_case(qtbot, unlocked)
    page = unlocked.cases.case_page
    page.overview.edits["provider"].setText("微信支付")
    assert page.overview.dirty_marker.isVisible()
    page.show_tab(1)
    assert "未保存" in page.tabs.tabText(0)
    assert "还没有保存" in unlocked.statusBar().currentMessage()
    answer_next_dialog(lambda box: box.button(QMessageBox.StandardButton.Cancel).click())
    page.back_button.click()
    assert unlocked.cases.case_page.case is not None and page.overview.edits["provider"].text() == "微信支付"
    answer_next_dialog(lambda box: box.button(QMessageBox.StandardButton.Save).click())
    page.back_button.click()
    qtbot.waitUntil(lambda: unlocked.session._store().cases.get(case.id).provider == "微信支付", timeout=3000)
    assert "未保存" not in page.tabs.tabText(0)


def test_the_language_page_shows_nothing_in_a_language_not_chosen(qtbot: QtBot, vault_dir: Path) -> None:
    from tests.gui.conftest import make_window

    window = make_window(qtbot, vault_dir, language=None)
    first_run = window.cases.gate.first_run
    assert first_run.currentIndex() == 0
    language_page = first_run.widget(0)
    outside = [w for w in window.findChildren(QWidget) if w.isVisible() and not language_page.isAncestorOf(w)
               and w is not language_page]
    shown = [t for w in outside for t in _texts_of(w)]
    assert not any(_has_chinese(t) for t in shown), shown
    assert not window.menuBar().isVisible() and not window.sidebar.isVisible()
    first_run.language_buttons["en"].click()
    assert window.menuBar().isVisible() and window.sidebar.isVisible()
    assert window.sidebar.item(0).text() == "Help articles" or not _has_chinese(window.sidebar.item(0).text())


def _texts_of(widget: QWidget) -> list[str]:
    if isinstance(widget, (QLabel, QAbstractButton)):
        return [widget.text()]
    if isinstance(widget, QListWidget):
        return [widget.item(i).text() for i in range(widget.count())]
    if isinstance(widget, QMenuBar):
        return [a.text() for a in widget.actions()]
    return []
