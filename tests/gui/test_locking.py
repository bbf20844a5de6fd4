"""Locking: Ctrl+L and idle auto-lock clear every view of vault data; a wrong passphrase gives a clear
message and a growing delay; the recovery code opens the vault and sets a new passphrase; copies of
hashes carry the clipboard-history exclusion hints and are cleared."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtGui import QGuiApplication

from tests.gui.conftest import PASSPHRASE, create_vault_through_ui, make_window, unlock_through_ui
from walletcare.evidence.models import Case
from walletcare.ui.clipboard import EXCLUSION_HINTS, SecretClipboard, secret_mime
from walletcare.ui.main_window import MainWindow
from walletcare.ui.pages.gate import retry_delay


def open_a_case(qtbot: QtBot, window: MainWindow) -> None:
    store = window.session._store()
    store.cases.add(Case(id=0, title="冻结的提现"))
    window.cases.show_list()
    qtbot.waitUntil(lambda: window.cases.list.model.rowCount() == 1, timeout=2000)
    window.cases.open_case(window.cases.list.model.record(0))


def test_ctrl_l_clears_every_view(qtbot: QtBot, unlocked: MainWindow) -> None:
    window = unlocked
    open_a_case(qtbot, window)
    assert window.cases.case_page.title.text() == "冻结的提现"
    window.clipboard.copy("deadbeef" * 8)
    window.actions_.actions["lock"].trigger()
    assert window.session.state == "locked"
    assert window.cases.list.model.rowCount() == 0
    assert window.cases.case_page.case is None and window.cases.case_page.title.text() == ""
    assert window.cases.case_page.overview.edits["title"].text() == ""
    assert window.cases.stack.currentWidget() is window.cases.gate_holder and window.cases.gate.currentIndex() == 1
    assert QGuiApplication.clipboard().text() == ""
    assert window.vault_state.text() == "保险箱已锁定"
    unlock_through_ui(window)
    assert window.session.unlocked
    qtbot.waitUntil(lambda: window.cases.list.model.rowCount() == 1, timeout=2000)


def test_wrong_passphrase_message_and_growing_delay(qtbot: QtBot, existing_vault: Path) -> None:
    window = make_window(qtbot, existing_vault)
    gate = window.cases.gate
    unlock_through_ui(window, "not the passphrase at all")
    assert not window.session.unlocked
    assert "口令" in gate.message.text() and "1 秒" in gate.message.text()
    assert not gate.unlock_button.isEnabled()
    qtbot.waitUntil(gate.unlock_button.isEnabled, timeout=3000)
    assert [retry_delay(n) for n in range(7)] == [0, 1, 2, 4, 8, 16, 30]
    unlock_through_ui(window, PASSPHRASE)
    assert window.session.unlocked and gate.failures == 0


def test_recovery_code_opens_and_sets_new_passphrase(qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window(qtbot, tmp_path / "vault")
    code = create_vault_through_ui(window)
    window.lock()
    gate = window.cases.gate
    gate.forgot.click()
    assert gate.currentIndex() == 2
    gate.code.setText(code.lower())
    gate.new_passphrase.first.setText("a brand new passphrase 2024")
    gate.new_passphrase.second.setText("a brand new passphrase 2024")
    gate.recover_button.click()
    assert window.session.unlocked, gate.recover_message.text()
    window.lock()
    unlock_through_ui(window, "a brand new passphrase 2024")
    assert window.session.unlocked


def test_idle_auto_lock(qtbot: QtBot, unlocked: MainWindow) -> None:
    window = unlocked
    open_a_case(qtbot, window)
    window.idle.set_minutes(0.002)  # 120 ms
    qtbot.waitUntil(lambda: window.session.state == "locked", timeout=3000)
    assert window.cases.case_page.case is None
    window.set_auto_lock(5)


def test_clipboard_hints_and_clearing(qtbot: QtBot) -> None:
    mime = secret_mime("abc123")
    assert mime.text() == "abc123"
    for kind, value in EXCLUSION_HINTS.items():
        assert mime.hasFormat(kind) and bytes(mime.data(kind).data()) == value
    shown: list[str] = []
    board = SecretClipboard(shown.append, clear_after_ms=50)
    board.copy("f" * 64)
    assert QGuiApplication.clipboard().text() == "f" * 64
    assert shown == ["已复制 — 0 秒后清除"] or shown[0].startswith("已复制")
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "", timeout=2000)
    QGuiApplication.clipboard().setText("the user's own text")
    board.copy("g" * 64)
    QGuiApplication.clipboard().setText("copied by the user later")
    board.clear()
    assert QGuiApplication.clipboard().text() == "copied by the user later"


def test_backup_generation(qtbot: QtBot, unlocked: MainWindow, tmp_path: Path) -> None:
    from walletcare.ui.operations import vault as vault_ops

    window = unlocked
    results: list[object] = []
    window.session.with_vault(lambda vault, _t: vault_ops.make_backup(vault, tmp_path / "backups", 2), results.append)
    assert isinstance(results[0], Path) and (results[0] / "vault.keys").exists()
    window.settings_page.backup_now.click()
    assert window.statusBar().currentMessage().startswith("备份已写入")


def test_restore_backup_replaces_the_vault(qtbot: QtBot, unlocked: MainWindow, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    from tests.gui.conftest import answer_next_dialog
    from walletcare.ui.dialogs.vault_dialogs import PassphrasePrompt
    from walletcare.ui.operations import vault as vault_ops

    window = unlocked
    store = window.session._store()
    store.cases.add(Case(id=0, title="备份之前"))
    backups: list[Path] = []
    window.session.with_vault(lambda vault, _t: vault_ops.make_backup(vault, tmp_path / "backups", 3), backups.append)
    store.cases.add(Case(id=0, title="备份之后"))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(backups[0]))

    def type_passphrase(dialog: object) -> None:
        assert isinstance(dialog, PassphrasePrompt)
        dialog.field.setText(PASSPHRASE)
        answer_next_dialog(confirm)  # the restore asks first, then says where the replaced vault went
        dialog.accept()

    def confirm(dialog: object) -> None:
        answer_next_dialog(lambda box: box.accept())  # type: ignore[attr-defined]
        dialog.action_button.click()  # type: ignore[attr-defined]

    answer_next_dialog(type_passphrase)
    window.settings_page.restore.click()
    assert window.session.state == "locked"
    assert "恢复" in window.statusBar().currentMessage()
    unlock_through_ui(window)
    assert window.session.unlocked
    titles = sorted(c.title for c in window.session._store().cases.list())
    assert titles == ["备份之前"]


def test_lock_closes_open_editors_and_keeps_their_input_as_a_draft(qtbot: QtBot, unlocked: MainWindow) -> None:
    from tests.gui.conftest import answer_next_dialog
    from walletcare.ui.dialogs.contact import ContactDialog

    window = unlocked
    open_a_case(qtbot, window)
    seen: list[bool] = []

    def lock_while_open(dialog: object) -> None:
        assert isinstance(dialog, ContactDialog)
        dialog.summary.setPlainText("客服的工号是 A01")
        window.lock()
        seen.append(dialog.isVisible())

    answer_next_dialog(lock_while_open)
    window.cases.case_page.contacts.call_button.click()
    assert seen == [False]
    assert window.session.state == "locked"
    reopened: list[str] = []

    def cancel(dialog: object) -> None:
        assert isinstance(dialog, ContactDialog)
        reopened.append(dialog.summary.toPlainText())
        dialog.reject()

    answer_next_dialog(cancel)
    unlock_through_ui(window)
    qtbot.waitUntil(lambda: bool(reopened), timeout=3000)
    assert reopened == ["客服的工号是 A01"]  # the draft came back; cancelling it stores nothing
    assert window.session._store().contacts.list(window.session._store().cases.list()[0].id) == []


def test_unlocked_folder_is_remembered_for_the_next_start(unlocked: MainWindow) -> None:
    assert unlocked.session.unlocked
    assert unlocked.settings.last_vault == str(unlocked.session.folder)
    from walletcare.config import Settings

    assert Settings.load().last_vault == str(unlocked.session.folder)


def test_a_restore_interrupted_between_its_renames_still_shows_the_vault(qtbot: QtBot, existing_vault: Path) -> None:
    import os

    aside = existing_vault.with_name(f"{existing_vault.name}.previous-1a2b3c4d")
    os.replace(existing_vault, aside)  # the crash: the vault renamed aside, the restored copy not yet in place
    window = make_window(qtbot, existing_vault)
    assert window.session.state == "locked"  # the unlock page, not "create a new vault"
    assert "恢复备份" in window.statusBar().currentMessage() and not aside.exists()  # (and it says so)
    unlock_through_ui(window)
    assert window.session.unlocked


def test_auto_lock_minutes_round_trip_through_the_settings_file(qtbot: QtBot, unlocked: MainWindow,
                                                                tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The spin box's whole minutes are saved as an integer, read back as one, and set the idle timer; a
    fraction in an older file is rounded up, never to "never"."""
    import json

    from walletcare.config import Settings
    from walletcare.ui.tasks import TaskRunner

    monkeypatch.setenv("WALLETCARE_CONFIG_DIR", str(tmp_path / "config"))
    window = unlocked
    window.settings_page.auto_lock.setValue(7)
    saved = json.loads((tmp_path / "config" / "settings.json").read_text(encoding="utf-8"))
    assert saved["auto_lock_minutes"] == 7 and type(saved["auto_lock_minutes"]) is int
    assert window.idle.interval == 7 * 60_000
    loaded = Settings.load()
    assert loaded.auto_lock_minutes == 7 and type(loaded.auto_lock_minutes) is int

    again = MainWindow(settings=loaded, vault_dir=window.session.folder, runner=TaskRunner(immediate=True),
                       kdf_seconds=0)
    qtbot.addWidget(again)
    assert again.idle.interval == 7 * 60_000
    assert again.settings_page.auto_lock.value() == 7
    again.idle.stop()

    saved["auto_lock_minutes"] = 0.002  # what an older version wrote for a test's 120 ms
    (tmp_path / "config" / "settings.json").write_text(json.dumps(saved), encoding="utf-8")
    assert Settings.load().auto_lock_minutes == 1


def test_a_restore_refused_for_the_backup_s_passphrase_says_the_vault_is_as_it_was(
        qtbot: QtBot, unlocked: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from tests.gui.conftest import answer_next_dialog
    from walletcare.ui.dialogs.vault_dialogs import PassphrasePrompt
    from walletcare.ui.operations import vault as vault_ops

    window = unlocked
    window.session._store().cases.add(Case(id=0, title="备份之前"))
    backups: list[Path] = []
    window.session.with_vault(lambda vault, _t: vault_ops.make_backup(vault, tmp_path / "backups", 3), backups.append)
    window.session._store().cases.add(Case(id=0, title="备份之后"))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(backups[0]))
    shown: list[str] = []

    def type_passphrase(dialog: object) -> None:
        assert isinstance(dialog, PassphrasePrompt)
        dialog.field.setText("not the backup's passphrase")
        answer_next_dialog(confirm)
        dialog.accept()

    def confirm(dialog: object) -> None:
        answer_next_dialog(refused)
        dialog.action_button.click()  # type: ignore[attr-defined]

    def refused(box: object) -> None:
        assert isinstance(box, QMessageBox)
        shown.append(box.text())
        box.accept()

    answer_next_dialog(type_passphrase)
    window.settings_page.restore.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert "这个口令打不开这份备份" in shown[0] and "用它自己的口令解锁" in shown[0]
    assert window.session.state == "locked"
    unlock_through_ui(window)
    assert sorted(c.title for c in window.session._store().cases.list()) == ["备份之前", "备份之后"]


def test_a_damaged_vault_says_where_the_window_restores_a_backup(qtbot: QtBot, existing_vault: Path) -> None:
    from tests.gui.conftest import make_window
    from walletcare.errors import VaultCorrupt
    from walletcare.evidence.database import corrupt_message

    data = bytearray((existing_vault / "vault.db").read_bytes())
    data[16:48] = bytes(32)  # page 1 unreadable
    (existing_vault / "vault.db").write_bytes(bytes(data))
    window = make_window(qtbot, existing_vault)
    window.cases.gate._unlock_failed(VaultCorrupt(corrupt_message(), detail="database disk image is malformed"))
    with_detail = window.cases.gate.message.text()
    assert with_detail.endswith("在本窗口中：设置 → “恢复备份…”。（技术细节：database disk image is malformed）")
    unlock_through_ui(window)
    shown = window.cases.gate.message.text()
    assert "已损坏" in shown and "的备份。在本窗口中：设置 → “恢复备份…”。" in shown
    assert "（技术细节" not in shown.split("在本窗口中")[0]  # (the way out before any technical detail)
    assert not window.session.unlocked and (existing_vault / "vault.db").read_bytes() == bytes(data)
    window.show_area("settings")
    assert window.settings_page.restore.isEnabled()  # the way it names is open while the vault is locked
