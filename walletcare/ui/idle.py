"""Idle auto-lock: an application-wide event filter restarts a timer on every key press, click or mouse
move; when the timer runs out the ``idle`` signal fires (the window locks the vault)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

ACTIVITY = {
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin, QEvent.Type.InputMethod,
}


class IdleWatcher(QObject):
    """Fires ``idle`` after ``minutes`` without user input (0 turns it off)."""

    idle = Signal()

    def __init__(self, minutes: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self.set_minutes(minutes)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_minutes(self, minutes: float) -> None:
        """Changes the idle time; restarts the count. The setting is whole minutes; a fraction is taken as
        given (tests lock after a fraction of a second)."""
        self._ms = int(minutes * 60_000)
        self.restart()

    @property
    def interval(self) -> int:
        """The idle time in milliseconds (0: never locks)."""
        return self._ms

    def restart(self) -> None:
        """Starts counting again from now."""
        if self._ms > 0:
            self._timer.start(self._ms)
        else:
            self._timer.stop()

    def stop(self) -> None:
        """Stops watching (window closing)."""
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY and self._timer.isActive():
            self._timer.start(self._ms)
        return False
