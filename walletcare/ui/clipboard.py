"""Copying ids, hashes and addresses: the clipboard gets the text with the hints clipboard managers honour
to keep it out of their history, and is cleared again after 30 seconds if it still holds our copy."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMimeData, QObject, QTimer
from PySide6.QtGui import QClipboard, QGuiApplication

from walletcare.i18n import _

CLEAR_AFTER_MS = 30_000
# KDE Klipper, Windows clipboard history/cloud clipboard, and the macOS nspasteboard.org convention.
EXCLUSION_HINTS: dict[str, bytes] = {
    "x-kde-passwordManagerHint": b"secret",
    "ExcludeClipboardContentFromMonitorProcessing": b"1",
    "CanIncludeInClipboardHistory": b"\x00\x00\x00\x00",
    "CanUploadToCloudClipboard": b"\x00\x00\x00\x00",
    "org.nspasteboard.ConcealedType": b"",
}


def secret_mime(text: str) -> QMimeData:
    """Mime data carrying ``text`` plus the history-exclusion hints."""
    mime = QMimeData()
    mime.setText(text)
    for kind, value in EXCLUSION_HINTS.items():
        mime.setData(kind, value)
    return mime


class SecretClipboard(QObject):
    """Copies with exclusion hints and clears after ``clear_after_ms``; ``notify`` shows the status text."""

    def __init__(self, notify: Callable[[str], None], clear_after_ms: int = CLEAR_AFTER_MS) -> None:
        super().__init__()
        self._notify = notify
        self._copied: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(clear_after_ms)
        self._timer.timeout.connect(self.clear)

    def copy(self, text: str) -> None:
        """Puts ``text`` on the clipboard and starts the clearing timer."""
        QGuiApplication.clipboard().setMimeData(secret_mime(text), QClipboard.Mode.Clipboard)
        self._copied = text
        self._timer.start()
        seconds = self._timer.interval() // 1000
        self._notify(_("Copied — clears in {seconds} s").format(seconds=seconds))

    def clear(self) -> None:
        """Empties the clipboard if it still holds what we put there (never wipes the user's own copy)."""
        self._timer.stop()
        board = QGuiApplication.clipboard()
        if self._copied is not None and board.text() == self._copied:
            board.clear(QClipboard.Mode.Clipboard)
        self._copied = None

    @property
    def pending(self) -> bool:
        """Whether a copy is waiting to be cleared."""
        return self._timer.isActive()
