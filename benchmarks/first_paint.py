"""Process start → first paint of the main window (or, with --bare, of an empty QMainWindow); then quits."""

from __future__ import annotations

import os
import sys
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("WALLETCARE_CONFIG_DIR", tempfile.mkdtemp())

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class PaintWatch(QObject):
    """Quits the app at the window's first Paint event."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, QApplication.quit)
        return False


def main() -> None:
    app = QApplication(sys.argv[:1])
    if "--bare" in sys.argv:
        window = QMainWindow()
    else:
        from pathlib import Path

        from walletcare.config import Settings
        from walletcare.ui.main_window import MainWindow

        window = MainWindow(settings=Settings(), vault_dir=Path(tempfile.mkdtemp()) / "vault")
    watch = PaintWatch()
    window.installEventFilter(watch)
    window.show()
    app.exec()


if __name__ == "__main__":
    main()
