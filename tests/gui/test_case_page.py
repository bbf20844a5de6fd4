"""The case page driven like a user: edit fields and save, add/edit/delete transactions with undo and
redo, drop files on the Evidence tab and paste with Ctrl+V, the viewer's caption, links and copyable
SHA-256, and the keyboard (Esc back, F1 help, Ctrl+N)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

from pytestqt.qtbot import QtBot

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDropEvent, QGuiApplication, QImage

from tests.gui.conftest import answer_next_dialog
from walletcare.evidence.models import Case, Reference, Transaction
from walletcare.ui.clipboard import EXCLUSION_HINTS
from walletcare.ui.dialogs.evidence_viewer import EvidenceViewer
from walletcare.ui.dialogs.transaction import TransactionDialog
from walletcare.ui.main_window import MainWindow

TZ = timezone(timedelta(hours=8))


def open_case(qtbot: QtBot, window: MainWindow, **fields: object) -> Case:
    store = window.session._store()
    case = store.cases.add(Case(id=0, title=str(fields.pop("title", "退款被拒")), **fields))  # type: ignore[arg-type]
    window.show_area("cases")
    window.cases.show_list()
    qtbot.waitUntil(lambda: window.cases.list.model.rowCount() >= 1, timeout=2000)
    window.cases.open_case(store.cases.get(case.id))
    return case


def test_overview_edits_are_saved(qtbot: QtBot, unlocked: MainWindow) -> None:
    window = unlocked
    open_case(qtbot, window)
    overview = window.cases.case_page.overview
    overview.edits["provider"].setText("微信支付")
    overview.amount.setText("88.80")
    overview.edits["currency"].setText("CNY")
    overview.long["description"].setPlainText("付款成功但商家说没收到")
    overview.parties["respondent"]["organisation"].setText("某商户")
    overview.deadlines.setPlainText("2030-01-15 12315 投诉\n2030-02-01 复议 [x]")
    overview.status.setCurrentIndex(overview.status.findData("escalated"))
    overview.save.click()
    saved = window.session._store().cases.get(window.cases.case_page.case.id)
    assert (saved.provider, saved.amount, saved.status) == ("微信支付", Decimal("88.80"), "escalated")
    assert saved.respondent.organisation == "某商户"
    assert [(d.label, d.done) for d in saved.deadlines] == [("12315 投诉", False), ("复议", True)]
    assert "2030年1月15日" in window.cases.case_page.details.text()


def test_transactions_add_edit_delete_undo_redo(qtbot: QtBot, unlocked: MainWindow) -> None:
    window = unlocked
    case = open_case(qtbot, window, currency="CNY")
    tab = window.cases.case_page.transactions
    window.cases.case_page.show_tab(1)
    assert "还没有交易" in tab.count_label.text()

    def fill(dialog: object) -> None:
        assert isinstance(dialog, TransactionDialog)
        dialog.amount.setText("120.50")
        dialog.counterparty.setText("某商户")
        dialog.reference.setText("2024050122001")
        dialog.accept()

    answer_next_dialog(fill)
    tab.add_button.click()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=2000)
    qtbot.waitUntil(lambda: tab.model.index(0, 3).data() == "某商户", timeout=2000)
    tab.select_row(0)
    tab.copy_reference()
    assert QGuiApplication.clipboard().text() == "2024050122001"
    assert QGuiApplication.clipboard().mimeData().hasFormat(next(iter(EXCLUSION_HINTS)))

    def edit(dialog: object) -> None:
        assert isinstance(dialog, TransactionDialog)
        dialog.amount.setText("99.00")
        dialog.accept()

    answer_next_dialog(edit)
    tab.edit_selected()
    store = window.session._store()
    assert [t.amount for t in store.transactions.all(case.id)] == [Decimal("99.00")]
    tab.undo_button.click()
    assert [t.amount for t in store.transactions.all(case.id)] == [Decimal("120.50")]
    tab.select_row(0)
    qtbot.waitUntil(lambda: tab.selected() is not None, timeout=2000)
    tab.delete_selected()
    assert store.transactions.count(case.id) == 0
    tab.undo_stack.undo()
    assert store.transactions.count(case.id) == 1
    tab.undo_stack.redo()
    assert store.transactions.count(case.id) == 0
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0, timeout=2000)


def test_search_and_filter_transactions(qtbot: QtBot, unlocked: MainWindow) -> None:
    window = unlocked
    case = open_case(qtbot, window)
    start = datetime(2024, 3, 1, 12, tzinfo=TZ)
    window.session._store().transactions.add_many([
        Transaction(id=0, case_id=case.id, time=start + timedelta(hours=i), amount=Decimal(i + 1), currency="CNY",
                    direction="in" if i % 2 else "out", counterparty="淘宝商家" if i < 3 else "京东",
                    status="退款成功" if i in (4, 6) else "交易成功",
                    references=(Reference("trade_no", f"T{i:04d}"),), dedup_key=f"d{i}") for i in range(10)])
    tab = window.cases.case_page.transactions
    tab.reload()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 10, timeout=2000)
    tab.search.setText("淘宝商家")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3, timeout=2000)
    tab.direction.setCurrentIndex(tab.direction.findData("in"))
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=2000)
    assert tab.count_label.text() == "1 笔交易"
    tab.search.setText("")
    tab.direction.setCurrentIndex(0)
    assert sorted(tab.status.itemData(i) for i in range(1, tab.status.count())) == ["交易成功", "退款成功"]
    tab.status.setCurrentIndex(tab.status.findData("退款成功"))
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=2000)


def test_evidence_drop_paste_and_viewer(qtbot: QtBot, unlocked: MainWindow, tmp_path: Path) -> None:
    window = unlocked
    open_case(qtbot, window)
    page = window.cases.case_page
    page.show_tab(3)
    tab = page.evidence
    assert tab.empty.isVisible()
    shot = tmp_path / "转账截图.png"
    image = QImage(300, 500, QImage.Format.Format_RGB32)
    image.fill(QColor("#22aa55"))
    assert image.save(str(shot))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(shot))])
    drop = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    # Qt only routes a Drop event during a real drag, so the handler gets the synthesised event directly.
    tab.dropEvent(drop)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=3000)
    item = tab.model.item(0)
    assert item.file_name == "转账截图.png" and item.origin == "file"
    qtbot.waitUntil(lambda: tab.model.missing_thumbnails() == [], timeout=3000)
    other = QImage(200, 100, QImage.Format.Format_RGB32)
    other.fill(QColor("#aa2255"))
    QGuiApplication.clipboard().setImage(other)
    tab.grid.setFocus()
    qtbot.keyClick(tab.grid, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=3000)
    tab.dropEvent(drop)  # the same file again: kept once
    qtbot.waitUntil(lambda: "没有重复添加" in window.statusBar().currentMessage(), timeout=3000)
    assert tab.model.rowCount() == 2

    def view(dialog: object) -> None:
        assert isinstance(dialog, EvidenceViewer)
        assert dialog.sha.text() == item.sha256 and not dialog.image.isNull()
        dialog.zoom.setValue(200)
        assert dialog.picture.pixmap().width() == 600
        from PySide6.QtWidgets import QPushButton

        dialog.findChild(QPushButton, "copySha").click()
        dialog.caption.setText("转账成功截图")
        dialog.accept()

    answer_next_dialog(view)
    row = next(r for r in range(tab.model.rowCount()) if tab.model.item(r).id == item.id)
    tab.open_viewer(tab.model.index(row, 0))
    assert QGuiApplication.clipboard().text() == item.sha256
    assert "30" in window.statusBar().currentMessage()
    saved = window.session._store().evidence.get(item.id)
    assert saved.caption == "转账成功截图" and saved.sha256 == item.sha256


def test_keyboard_back_help_and_new_case(qtbot: QtBot, unlocked: MainWindow) -> None:
    window = unlocked
    open_case(qtbot, window)
    window.actions_.actions["back"].trigger()
    assert window.cases.stack.currentWidget() is window.cases.list
    window.actions_.actions["help"].trigger()
    assert window.current_area() == "help" and window.help.views.currentIndex() == 1
    window.actions_.actions["back"].trigger()
    assert window.help.views.currentIndex() == 0
    answer_next_dialog(lambda dialog: dialog.reject())  # type: ignore[attr-defined]
    window.actions_.actions["new_case"].trigger()
    assert window.current_area() == "cases"
    # locked: Ctrl+N shows the unlock screen, and the new case form follows the unlock
    from tests.gui.conftest import unlock_through_ui
    from walletcare.ui.dialogs.new_case import NewCaseDialog

    window.actions_.actions["lock"].trigger()
    qtbot.waitUntil(lambda: not window.session.unlocked, timeout=5000)
    window.actions_.actions["new_case"].trigger()
    shown: list[object] = []
    answer_next_dialog(lambda dialog: (shown.append(dialog), dialog.reject()))  # type: ignore[attr-defined]
    unlock_through_ui(window)
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert isinstance(shown[0], NewCaseDialog)


def test_settings_passphrase_and_recovery_code(qtbot: QtBot, unlocked: MainWindow) -> None:
    from PySide6.QtWidgets import QMessageBox

    from tests.gui.conftest import unlock_through_ui
    from walletcare.ui.dialogs.vault_dialogs import NewPassphraseDialog, RecoveryCodeDialog

    window = unlocked
    window.show_area("settings")
    settings = window.settings_page

    def new_passphrase(dialog: object) -> None:
        assert isinstance(dialog, NewPassphraseDialog)
        dialog.fields.first.setText("another long passphrase 77")
        dialog.fields.second.setText("another long passphrase 77")
        dialog.accept()

    answer_next_dialog(new_passphrase)
    settings.change_pass.click()
    codes: list[str] = []

    def confirm(dialog: object) -> None:
        assert isinstance(dialog, QMessageBox)
        answer_next_dialog(show_code)
        dialog.button(QMessageBox.StandardButton.Yes).click()

    def show_code(dialog: object) -> None:
        assert isinstance(dialog, RecoveryCodeDialog)
        codes.append(dialog.code.text())
        dialog.reject()  # Esc does nothing before "I wrote it down"
        assert dialog.isVisible()
        dialog.confirm.setChecked(True)
        dialog.accept()

    answer_next_dialog(confirm)
    settings.new_code.click()
    assert codes and len(codes[0]) > 20
    settings.auto_lock.setValue(9)
    assert window.settings.auto_lock_minutes == 9
    window.lock()
    unlock_through_ui(window, "another long passphrase 77")
    assert window.session.unlocked


def test_deleting_a_contact_note_asks_first(qtbot: QtBot, unlocked: MainWindow) -> None:
    from PySide6.QtWidgets import QMessageBox

    from walletcare.evidence.models import Contact

    window = unlocked
    case = open_case(qtbot, window)
    store = window.session._store()
    store.contacts.add(Contact(0, case.id, "call", datetime(2024, 5, 1, 10, 0, tzinfo=TZ), "客服说三天内退款"))
    tab = window.cases.case_page.contacts
    tab.reload()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=2000)
    tab.table.selectRow(0)

    def answer(button: QMessageBox.StandardButton) -> object:
        def press(dialog: object) -> None:
            assert isinstance(dialog, QMessageBox) and "客服说三天内退款" in dialog.text()
            dialog.button(button).click()
        return press

    answer_next_dialog(answer(QMessageBox.StandardButton.Cancel))
    tab.delete_selected()
    assert len(store.contacts.list(case.id)) == 1  # cancelled: kept
    answer_next_dialog(answer(QMessageBox.StandardButton.Yes))
    tab.delete_selected()
    assert store.contacts.list(case.id) == []


def test_the_settings_page_needs_no_window(qtbot: QtBot, tmp_path: Path) -> None:
    """Settings gets the session and the settings and asks the window for the rest by signal."""
    from walletcare.config import Settings
    from walletcare.ui.pages.settings import SettingsPage
    from walletcare.ui.session import VaultSession
    from walletcare.ui.tasks import TaskRunner

    settings = Settings()
    page = SettingsPage(VaultSession(tmp_path / "vault", TaskRunner(immediate=True)), settings)
    qtbot.addWidget(page)
    page.retranslate()
    asked: list[tuple[str, object]] = []
    page.auto_lock_changed.connect(lambda minutes: asked.append(("lock", minutes)))
    page.language_chosen.connect(lambda lang: asked.append(("language", lang)))
    page.auto_lock.setValue(7)
    page.language.setCurrentIndex(page.language.findData("en"))
    assert asked == [("lock", 7), ("language", "en")]
    assert settings.auto_lock_minutes == 7 and Settings.load().auto_lock_minutes == 7  # saved


def test_ctrl_i_opens_the_transactions_tab_and_asks_for_the_file(qtbot: QtBot, unlocked: MainWindow) -> None:
    from walletcare.ui.pages.case_page import Tab

    window = unlocked
    window.cases.open_case(window.session._store().cases.add(Case(id=0, title="导入测试")))
    page = window.cases.case_page
    asked: list[str] = []
    answer_next_dialog(lambda dialog: (asked.append(dialog.windowTitle()), dialog.reject()))  # type: ignore[attr-defined]
    window.actions_.import_file()
    assert page.current_tab() is Tab.TRANSACTIONS
    qtbot.waitUntil(lambda: bool(asked), timeout=5000)
    assert asked == ["导入账单、对账单或聊天导出文件"]
