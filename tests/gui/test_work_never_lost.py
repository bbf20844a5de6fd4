"""Work is never lost: for every editor (call note, New case, Transaction, Evidence viewer caption, Export,
Overview) typed text survives (a) the idle auto-lock, driven through the real idle timer, (b) Ctrl+L, which
asks first, (c) closing the window, which asks and keeps a draft in the vault, and (d) a language switch,
which retranslates the editor and keeps the text. Real vault, real TaskRunner, real widgets."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QBuffer, QIODevice, Qt, QTimer
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QWidget

from tests.gui.conftest import answer_next_dialog, make_window, unlock_through_ui
from walletcare.evidence.models import Case
from walletcare.i18n import set_language
from walletcare.ui.dialogs.contact import ContactDialog
from walletcare.ui.dialogs.evidence_viewer import EvidenceViewer
from walletcare.ui.dialogs.export import ExportDialog
from walletcare.ui.dialogs.new_case import NewCaseDialog
from walletcare.ui.dialogs.transaction import TransactionDialog
from walletcare.ui.main_window import MainWindow

TYPED = "客服工号 A01，说三天内回电"


@dataclass(frozen=True)
class Editor:
    """How to open one editor dialog and which of its fields the test types into."""

    name: str
    dialog: type
    open: Callable[[MainWindow], None]
    field: Callable[[QWidget], QLineEdit | QPlainTextEdit]
    tab: int | None


def _text(field: QLineEdit | QPlainTextEdit) -> str:
    return field.toPlainText() if isinstance(field, QPlainTextEdit) else field.text()


def _type(qtbot: QtBot, field: QLineEdit | QPlainTextEdit) -> None:
    field.setFocus()
    if isinstance(field, QPlainTextEdit):
        field.setPlainText(TYPED)
    else:
        field.clear()
        field.insert(TYPED)  # as typing does: textEdited too


EDITORS = [
    Editor("contact", ContactDialog, lambda w: w.cases.case_page.contacts.call_button.click(),
           lambda d: d.summary, 2),  # type: ignore[attr-defined]
    Editor("new_case", NewCaseDialog, lambda w: w.cases.ask_new_case(), lambda d: d.title, None),  # type: ignore[attr-defined]
    Editor("transaction", TransactionDialog, lambda w: w.cases.case_page.transactions.add_button.click(),
           lambda d: d.note, 1),  # type: ignore[attr-defined]
    Editor("evidence", EvidenceViewer, lambda w: _open_first_evidence(w),
           lambda d: d.caption, 3),  # type: ignore[attr-defined]
    Editor("export", ExportDialog, lambda w: w.cases.case_page.export_button.click(),
           lambda d: d.path, None),  # type: ignore[attr-defined]
]


def answer_box(action: Callable[[QMessageBox], None], attempts: int = 300) -> None:
    """Runs ``action(box)`` on the next question box shown over whatever is open."""

    def poll(left: int = attempts) -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            action(box)
        elif left:
            QTimer.singleShot(10, lambda: poll(left - 1))

    QTimer.singleShot(0, poll)


def accept(box: QMessageBox) -> None:
    """Presses the box's main button (Lock, Keep as draft)."""
    next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole).click()


def _png() -> bytes:
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("#3a7"))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data().data())


def _open_first_evidence(window: MainWindow) -> None:
    """Opens the viewer on the first thumbnail, as a double click does."""
    tab = window.cases.case_page.evidence
    window.cases.case_page.show_tab(3)
    assert tab.model.rowCount() == 1
    tab.open_viewer(tab.model.index(0, 0))


@pytest.fixture(autouse=True)
def _back_to_simplified_chinese() -> Iterator[None]:
    yield
    set_language("zh-CN")


def _press_ctrl_l(qtbot: QtBot, widget: QWidget) -> None:
    """Ctrl+L as typed into ``widget`` once its window is the active one (as the window manager makes it)."""
    widget.window().activateWindow()
    QTest.qWaitForWindowActive(widget.window(), 2000)
    qtbot.keyClick(widget, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)


@pytest.fixture
def on_case(qtbot: QtBot, unlocked: MainWindow) -> MainWindow:
    """An unlocked window showing a case that holds one picture."""
    window = unlocked
    store = window.session._store()
    case = store.cases.add(Case(id=0, title="冻结的提现", provider="Alipay"))
    store.evidence.add(case.id, _png(), "receipt.png")
    window.cases.show_list()
    qtbot.waitUntil(lambda: window.cases.list.model.rowCount() == 1, timeout=2000)
    window.cases.open_case(window.cases.list.model.record(0))
    return window


def _open_and(editor: Editor, window: MainWindow, action: Callable[[QWidget], None]) -> list[QWidget]:
    """Opens the editor; ``action(dialog)`` runs while it is on screen. Returns the dialogs seen."""
    seen: list[QWidget] = []

    def run(dialog: QWidget) -> None:
        seen.append(dialog)
        try:
            assert isinstance(dialog, editor.dialog), dialog
            action(dialog)
        except BaseException:
            dialog.reject()  # type: ignore[attr-defined]  # a failed check must not leave the editor waiting
            raise

    answer_next_dialog(run)
    editor.open(window)
    return seen


def _expect_restored(qtbot: QtBot, editor: Editor, window: MainWindow, unlock: Callable[[], None]) -> None:
    """Unlocks with ``unlock``; the editor must come back by itself holding the typed text."""
    restored: list[str] = []

    def check(dialog: QWidget) -> None:
        assert isinstance(dialog, editor.dialog), dialog
        restored.append(_text(editor.field(dialog)))
        dialog.reject()  # type: ignore[attr-defined]

    answer_next_dialog(check, attempts=400)
    unlock()
    qtbot.waitUntil(lambda: bool(restored), timeout=5000)
    assert restored == [TYPED]
    if editor.tab is not None:
        assert window.cases.case_page.tabs.currentIndex() == editor.tab


@pytest.mark.parametrize("editor", EDITORS, ids=[e.name for e in EDITORS])
def test_idle_lock_keeps_the_draft_and_gives_it_back(qtbot: QtBot, on_case: MainWindow, editor: Editor) -> None:
    window = on_case

    def type_then_wait(dialog: QWidget) -> None:
        _type(qtbot, editor.field(dialog))
        window.idle.set_minutes(0.002)  # 120 ms: the real idle timer fires while the editor is open

    _open_and(editor, window, type_then_wait)
    qtbot.waitUntil(lambda: window.session.state == "locked", timeout=3000)
    window.set_auto_lock(5)
    assert not any(d.isVisible() for d in window.findChildren(editor.dialog))
    store_file = (window.session.folder / "vault.db")
    assert TYPED.encode() not in store_file.read_bytes() if store_file.exists() else True
    _expect_restored(qtbot, editor, window, lambda: unlock_through_ui(window))


@pytest.mark.parametrize("editor", EDITORS, ids=[e.name for e in EDITORS])
def test_ctrl_l_asks_first_then_keeps_the_draft(qtbot: QtBot, on_case: MainWindow, editor: Editor) -> None:
    window = on_case
    asked: list[str] = []

    def type_then_ctrl_l(dialog: QWidget) -> None:
        _type(qtbot, editor.field(dialog))

        def cancel_first(box: QMessageBox) -> None:
            asked.append(box.objectName())
            box.button(QMessageBox.StandardButton.Cancel).click()

        answer_box(cancel_first)
        _press_ctrl_l(qtbot, dialog)
        qtbot.waitUntil(lambda: len(asked) == 1, timeout=3000)
        assert window.session.unlocked and dialog.isVisible() and _text(editor.field(dialog)) == TYPED

        def lock(box: QMessageBox) -> None:
            asked.append(box.objectName())
            accept(box)

        answer_box(lock)
        _press_ctrl_l(qtbot, dialog)

    _open_and(editor, window, type_then_ctrl_l)
    qtbot.waitUntil(lambda: window.session.state == "locked", timeout=3000)
    assert asked == ["confirmLock", "confirmLock"]
    _expect_restored(qtbot, editor, window, lambda: unlock_through_ui(window))


@pytest.mark.parametrize("editor", EDITORS, ids=[e.name for e in EDITORS])
def test_closing_asks_and_keeps_the_draft_for_the_next_start(qtbot: QtBot, on_case: MainWindow, editor: Editor,
                                                             existing_vault: Path) -> None:
    window = on_case
    asked: list[str] = []

    def type_then_close(dialog: QWidget) -> None:
        _type(qtbot, editor.field(dialog))

        def keep(box: QMessageBox) -> None:
            asked.append(box.objectName())
            accept(box)

        answer_box(keep)
        window.close()

    _open_and(editor, window, type_then_close)
    assert asked == ["confirmClose"]
    assert not window.isVisible() and not window.session.unlocked
    for path in existing_vault.rglob("*"):
        if path.is_file():
            assert TYPED.encode() not in path.read_bytes(), path
    again = make_window(qtbot, existing_vault)
    _expect_restored(qtbot, editor, again, lambda: unlock_through_ui(again))


@pytest.mark.parametrize("editor", EDITORS, ids=[e.name for e in EDITORS])
def test_language_switch_retranslates_and_keeps_the_text(qtbot: QtBot, on_case: MainWindow, editor: Editor) -> None:
    window = on_case
    texts: list[list[str]] = []

    def type_then_switch(dialog: QWidget) -> None:
        field = editor.field(dialog)
        _type(qtbot, field)
        texts.append([label.text() for label in dialog.findChildren(QLabel)] + [dialog.windowTitle()])
        window.switch_language("en")
        texts.append([label.text() for label in dialog.findChildren(QLabel)] + [dialog.windowTitle()])
        assert _text(field) == TYPED
        assert dialog.isVisible() and window.session.unlocked
        dialog.reject()  # type: ignore[attr-defined]

    _open_and(editor, window, type_then_switch)
    assert len(texts) == 2
    changed = [(old, new) for old, new in zip(*texts, strict=True) if old != new]
    assert changed and not any(re.search("[\u4e00-\u9fff]", new) for _old, new in changed), changed


def test_a_pdf_password_is_never_kept_in_a_draft(qtbot: QtBot, on_case: MainWindow) -> None:
    window = on_case
    export = next(e for e in EDITORS if e.name == "export")

    def type_then_lock(dialog: QWidget) -> None:
        dialog.password.setText("pdf-password-1234")  # type: ignore[attr-defined]
        _type(qtbot, export.field(dialog))
        window.lock()

    _open_and(export, window, type_then_lock)
    restored: list[tuple[str, str]] = []

    def check(dialog: QWidget) -> None:
        restored.append((dialog.password.text(), dialog.path.text()))  # type: ignore[attr-defined]
        dialog.reject()  # type: ignore[attr-defined]

    answer_next_dialog(check, attempts=400)
    unlock_through_ui(window)
    qtbot.waitUntil(lambda: bool(restored), timeout=5000)
    assert restored == [("", TYPED)]


# -- the Overview tab -----------------------------------------------------------------------------------

def _type_overview(window: MainWindow) -> QPlainTextEdit:
    overview = window.cases.case_page.overview
    assert not overview.save.isEnabled() and not overview.dirty_marker.isVisible()
    overview.long["description"].setPlainText(TYPED)
    assert overview.save.isEnabled() and overview.dirty_marker.isVisibleTo(overview)
    return overview.long["description"]


def _overview_restored(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.cases.current_case() is not None, timeout=3000)
    overview = window.cases.case_page.overview
    assert overview.long["description"].toPlainText() == TYPED
    assert overview.is_dirty() and overview.save.isEnabled()


def test_overview_idle_lock(qtbot: QtBot, on_case: MainWindow) -> None:
    window = on_case
    _type_overview(window)
    window.idle.set_minutes(0.002)
    qtbot.waitUntil(lambda: window.session.state == "locked", timeout=3000)
    window.set_auto_lock(5)
    assert window.cases.case_page.overview.long["description"].toPlainText() == ""
    unlock_through_ui(window)
    _overview_restored(qtbot, window)


def test_overview_ctrl_l_asks(qtbot: QtBot, on_case: MainWindow) -> None:
    window = on_case
    _type_overview(window)
    asked: list[str] = []

    def lock(box: QMessageBox) -> None:
        asked.append(box.objectName())
        accept(box)

    answer_box(lock)
    _press_ctrl_l(qtbot, window.cases.case_page.overview.long["description"])
    qtbot.waitUntil(lambda: window.session.state == "locked", timeout=3000)
    assert asked == ["confirmLock"]
    unlock_through_ui(window)
    _overview_restored(qtbot, window)


def test_overview_close_keeps_a_draft(qtbot: QtBot, on_case: MainWindow, existing_vault: Path) -> None:
    window = on_case
    _type_overview(window)
    asked: list[str] = []

    def keep(box: QMessageBox) -> None:
        asked.append(box.objectName())
        accept(box)

    answer_box(keep)
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=3000)
    assert asked == ["confirmClose"]
    again = make_window(qtbot, existing_vault)
    unlock_through_ui(again)
    _overview_restored(qtbot, again)


def test_closing_can_be_cancelled(qtbot: QtBot, on_case: MainWindow) -> None:
    window = on_case
    _type_overview(window)
    answer_box(lambda box: box.button(QMessageBox.StandardButton.Cancel).click())
    window.close()
    assert window.isVisible() and window.session.unlocked
    assert window.cases.case_page.overview.long["description"].toPlainText() == TYPED
    answer_box(lambda box: box.button(QMessageBox.StandardButton.Discard).click())
    window.close()
    assert not window.isVisible()


def test_overview_language_switch(qtbot: QtBot, on_case: MainWindow) -> None:
    window = on_case
    _type_overview(window)
    overview = window.cases.case_page.overview
    label = overview.party_labels[0][0]
    before = label.text()
    window.switch_language("en")
    assert label.text() == "Name" and before != "Name"
    assert overview.long["description"].toPlainText() == TYPED and overview.is_dirty()


def test_overview_leaving_asks_save_discard_or_stay(qtbot: QtBot, on_case: MainWindow) -> None:
    window = on_case
    case_id = window.cases.case_page.case.id  # type: ignore[union-attr]
    _type_overview(window)
    answer_box(lambda box: box.button(QMessageBox.StandardButton.Cancel).click())
    window.actions_.actions["back"].trigger()  # Esc
    assert window.cases.current_case() is not None
    assert window.cases.case_page.overview.long["description"].toPlainText() == TYPED
    answer_box(lambda box: box.button(QMessageBox.StandardButton.Save).click())
    window.cases.case_page.back_button.click()  # "← All cases"
    assert window.cases.current_case() is None
    assert window.session._store().cases.get(case_id).description == TYPED
    window.cases.open_case(window.session._store().cases.get(case_id))
    overview = window.cases.case_page.overview
    assert not overview.is_dirty() and not overview.save.isEnabled()
    overview.long["description"].setPlainText("改了又不要")
    answer_box(lambda box: box.button(QMessageBox.StandardButton.Discard).click())
    window.actions_.actions["back"].trigger()
    assert window.cases.current_case() is None
    assert window.session._store().cases.get(case_id).description == TYPED


# -- lock state, recovery code, where the user was ------------------------------------------------------

def test_unlock_returns_to_the_case_and_tab(qtbot: QtBot, on_case: MainWindow) -> None:
    window = on_case
    window.cases.case_page.show_tab(4)
    window.actions_.actions["lock"].trigger()
    assert window.session.state == "locked"
    assert "保险箱已锁定" in window.windowTitle()
    unlock_through_ui(window)
    qtbot.waitUntil(lambda: window.cases.current_case() is not None, timeout=3000)
    assert window.cases.case_page.tabs.currentIndex() == 4
    assert window.cases.case_page.case.title == "冻结的提现"  # type: ignore[union-attr]
    assert "保险箱已解锁" in window.windowTitle() and "保险箱已锁定" not in window.windowTitle()
    assert "锁定" not in window.statusBar().currentMessage()
    assert window.vault_state.text().startswith("保险箱已解锁")


def test_recovery_code_stays_until_continue(qtbot: QtBot, window: MainWindow) -> None:
    first_run = window.cases.gate.first_run
    window.show_area("cases")
    first_run.create_button.click()
    first_run.passphrase.first.setText("a long enough passphrase 42")
    first_run.passphrase.second.setText("a long enough passphrase 42")
    first_run.create_go.click()
    code = first_run.code.text()
    assert code and window.session.unlocked
    window.idle.set_minutes(0.002)
    qtbot.wait(400)  # three idle periods
    window.actions_.actions["lock"].trigger()
    assert window.session.unlocked and window.cases.gate.showing_recovery_code()
    assert first_run.code.text() == code and first_run.code.isVisible()
    window.set_auto_lock(5)
    first_run.wrote_it.setChecked(True)
    first_run.code_done.click()
    window.actions_.actions["lock"].trigger()
    assert window.session.state == "locked"
    QApplication.processEvents()


def test_a_change_saved_just_before_a_lock_or_close_is_stored(qtbot: QtBot, tmp_path: Path) -> None:
    import threading
    from dataclasses import replace
    from datetime import datetime

    from tests.gui.conftest import PASSPHRASE
    from walletcare.evidence.models import Contact
    from walletcare.evidence.vault import Vault
    from walletcare.ui.operations.cases import add_case
    from walletcare.ui.operations.contacts import add_contact

    window = make_window(qtbot, tmp_path / "vault", immediate=False)
    created: list[object] = []
    window.session.create(bytearray(PASSPHRASE.encode()), created.append, created.append)
    qtbot.waitUntil(lambda: bool(created), timeout=20000)
    done: list[object] = []
    window.session.run(add_case, Case(id=0, title="线程"), on_done=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    case_id = done[0].result  # type: ignore[attr-defined]
    release = threading.Event()
    window.runner.vault(lambda _t: release.wait(5))  # the vault thread is busy (an import, a backup …)
    note = Contact(id=0, case_id=case_id, kind="call", at=datetime.now().astimezone(), summary=TYPED)
    window.session.run(add_contact, note)  # "Save" pressed …
    window.lock()  # … and the idle lock fires before the job ran
    window.session.run(add_contact, note)  # queued after the lock: refused, as before
    release.set()
    qtbot.waitUntil(lambda: window.runner.running == 0, timeout=10000)
    opened: list[object] = []
    window.session.open(bytearray(PASSPHRASE.encode()), opened.append, opened.append)
    qtbot.waitUntil(lambda: bool(opened) and window.session.unlocked, timeout=10000)
    release.clear()
    window.runner.vault(lambda _t: release.wait(5))
    window.session.run(add_contact, replace(note, summary="关窗前刚保存"))  # "Save", then closing at once
    QTimer.singleShot(200, release.set)
    window.close()
    with Vault.open(tmp_path / "vault", bytearray(PASSPHRASE.encode())) as vault:
        assert sorted(c.summary for c in vault.store.contacts.list(case_id)) == sorted([TYPED, "关窗前刚保存"])
