"""A main window with the real background runner (vault thread and CPU pool, not the immediate test runner)
on a copy of the template vault, unlocked through the unlock screen, with a case open; and screenshots of a
widget saved under ``/tmp/shots-errs`` for a person to look at."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QWidget

from tests.gui.conftest import make_window, unlock_through_ui
from walletcare.evidence.models import Case
from walletcare.i18n import set_language
from walletcare.ui.main_window import MainWindow

T = TypeVar("T")
SHOTS = Path(os.environ.get("WALLETCARE_SHOTS", "/tmp/shots-errs"))


def live_window(qtbot: QtBot, vault: Path, language: str = "zh-CN") -> MainWindow:
    """A shown, unlocked window whose jobs run on the real worker threads."""
    set_language(language)  # as run_app does: Qt's own texts follow the language the window starts in
    window = make_window(qtbot, vault, language=language, immediate=False)
    unlock_through_ui(window)
    qtbot.waitUntil(lambda: window.session.unlocked, timeout=20000)
    return window


def open_case(qtbot: QtBot, window: MainWindow, title: str = "退款被拒") -> Case:
    """Adds a case through the window's session and opens its page."""
    from walletcare.ui.operations.cases import add_case

    added: list[object] = []
    window.session.run(add_case, Case(id=0, title=title), on_done=added.append, on_error=added.append)
    qtbot.waitUntil(lambda: bool(added), timeout=10000)
    cases: list[Case] = []
    window.session.read(lambda store: list(store.cases.list()), cases.extend)
    qtbot.waitUntil(lambda: bool(cases), timeout=10000)
    case = next(c for c in cases if c.title == title)
    window.show_area("cases")
    window.cases.open_case(case)
    qtbot.waitUntil(lambda: window.cases.case_page.case is not None, timeout=10000)
    return case


def query(qtbot: QtBot, window: MainWindow, fn: Callable[[Any], T]) -> T:
    """``fn(store)`` run on the vault thread (the connection is not for the GUI thread), its result."""
    out: list[Any] = []
    window.session.read(lambda store: [fn(store)], out.append, lambda exc: out.append(exc))
    qtbot.waitUntil(lambda: bool(out), timeout=20000)
    if isinstance(out[0], BaseException):
        raise out[0]
    return out[0][0]  # type: ignore[no-any-return]


def shoot(widget: QWidget, name: str) -> Path:
    """Saves ``widget`` as ``<name>.png`` (QWidget.grab) and returns the path."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    assert widget.grab().save(str(path)), path
    return path


def answer(kind: type, action: Callable[[Any], None], problems: list[BaseException], attempts: int = 3000) -> None:
    """Runs ``action`` on the next shown modal dialog of class ``kind`` (dialogs may be nested). A failed
    assertion inside it is kept in ``problems`` and the dialog rejected, so the test fails instead of hanging."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialog

    def poll(left: int = attempts) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            try:
                action(dialog)
            except BaseException as exc:
                problems.append(exc)
                if isinstance(dialog, QDialog) and dialog.isVisible():
                    dialog.reject()
        elif left:
            QTimer.singleShot(10, lambda: poll(left - 1))

    QTimer.singleShot(0, poll)
