"""Fixtures for the window tests: a main window on a fresh vault folder with a runner that runs every job
at once (so flows need no waiting), the cheapest KDF the vault allows, and a helper that answers the next
modal dialog the way a user would."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from walletcare.config import Settings
from walletcare.ui import collector
from walletcare.ui.main_window import MainWindow
from walletcare.ui.tasks import TaskRunner

PASSPHRASE = "correct horse battery staple 42"


def answer_next_dialog(action: Callable[[QWidget], None], attempts: int = 200) -> None:
    """Runs ``action(dialog)`` on the next modal dialog once it is shown (call before the code that opens it)."""

    def poll(left: int = attempts) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None and dialog.isVisible():
            action(dialog)
        elif left:
            QTimer.singleShot(10, lambda: poll(left - 1))

    QTimer.singleShot(0, poll)


def discard_unsaved_on_close(window: QWidget) -> None:
    """At teardown: answers "Discard" if closing asks about unsaved input (a test may end mid-edit)."""
    from PySide6.QtWidgets import QMessageBox

    def discard(left: int = 50) -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.objectName() == "confirmClose":
            box.button(QMessageBox.StandardButton.Discard).click()
        elif left:
            QTimer.singleShot(10, lambda: discard(left - 1))

    if isinstance(window, MainWindow) and window.isVisible() and window.guard.unsaved():
        QTimer.singleShot(0, discard)


def make_window(qtbot: QtBot, folder: Path, *, language: str | None = "zh-CN", immediate: bool = True) -> MainWindow:
    """A shown main window on ``folder``."""
    settings = Settings(language=language)
    window = MainWindow(settings=settings, vault_dir=folder, runner=TaskRunner(immediate=immediate), kdf_seconds=0)
    qtbot.addWidget(window, before_close_func=discard_unsaved_on_close)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    """A vault folder that does not exist yet."""
    return tmp_path / "vault"


@pytest.fixture
def window(qtbot: QtBot, vault_dir: Path) -> MainWindow:
    """A window with no vault yet (first run, language already chosen)."""
    return make_window(qtbot, vault_dir)


def create_vault_through_ui(window: MainWindow, passphrase: str = PASSPHRASE) -> str:
    """Drives first run: create → passphrase twice → recovery code confirmed. Returns the recovery code."""
    first_run = window.cases.gate.first_run
    window.show_area("cases")
    if first_run.currentIndex() == 0:
        first_run.language_buttons["zh-CN"].click()
    first_run.create_button.click()
    first_run.passphrase.first.setText(passphrase)
    first_run.passphrase.second.setText(passphrase)
    assert first_run.create_go.isEnabled()
    first_run.create_go.click()
    code = first_run.code.text()
    assert code
    first_run.wrote_it.setChecked(True)
    first_run.code_done.click()
    assert window.session.unlocked
    return code


def unlock_through_ui(window: MainWindow, passphrase: str = PASSPHRASE) -> None:
    """Types the passphrase on the unlock screen and presses Unlock."""
    window.show_area("cases")
    gate = window.cases.gate
    assert gate.currentIndex() == 1, "the unlock page is shown for an existing vault"
    gate.passphrase.setText(passphrase)
    gate.unlock_button.click()


@pytest.fixture(scope="session")
def template_vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty vault made once per test session (the KDF is the slow part); tests get copies."""
    from walletcare.evidence.vault import Vault

    folder = tmp_path_factory.mktemp("template") / "vault"
    vault, _code = Vault.create(folder, bytearray(PASSPHRASE.encode()), kdf_seconds=0)
    vault.close()
    return folder


@pytest.fixture
def existing_vault(template_vault: Path, vault_dir: Path) -> Path:
    """A copy of the template vault at ``vault_dir``."""
    shutil.copytree(template_vault, vault_dir)
    return vault_dir


@pytest.fixture
def unlocked(qtbot: QtBot, existing_vault: Path) -> MainWindow:
    """A window on an existing vault, unlocked through the unlock screen."""
    window = make_window(qtbot, existing_vault)
    unlock_through_ui(window)
    assert window.session.unlocked
    return window


@pytest.fixture(autouse=True)
def _collector_back_to_python() -> Iterator[None]:
    """A TaskRunner with real workers moves garbage collection to the GUI thread for the application's life
    (walletcare/ui/collector.py); after each test it goes back to Python, after one collection here, so the
    tests after it (and the core suite in the same process) run with the collector as Python sets it."""
    yield
    collector.uninstall()
