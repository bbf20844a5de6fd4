"""Starts the desktop app: QApplication, language, fonts, icon, the main window and the error hook."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from types import TracebackType
from typing import cast

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from walletcare import APP_NAME, resources
from walletcare.config import Settings
from walletcare.i18n import _, pick_language, set_language
from walletcare.logs import log_exception, setup_logging
from walletcare.ui import collector

CJK_SAMPLE = "提现失败帳戶"


def pick_cjk_font() -> str | None:
    """A system font family that covers Chinese, preferring the platform's UI fonts; None when there is none."""
    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    preferred = ("Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC",
                 "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Droid Sans Fallback")
    for name in preferred:
        if name in families:
            return name
    return families[0] if families else None


def apply_cjk_font(app: QApplication) -> str | None:
    """Adds a Chinese-capable family behind the system UI font (so CJK text never falls back to boxes)."""
    family = pick_cjk_font()
    if family:
        font = QFont(app.font())
        font.setFamilies([app.font().family(), family])
        app.setFont(font)
    return family


def app_icon() -> QIcon:
    """The application icon from resources (SVG scales cleanly at any DPI)."""
    return QIcon(str(resources.path("icons/walletcare.svg")))


def _install_excepthook(app: QApplication) -> None:
    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        where = log_exception("window", exc.with_traceback(tb))
        QMessageBox.critical(
            app.activeWindow(),
            APP_NAME,
            _("WalletCare hit an unexpected problem. Your vault was not changed by it. Details were written to {log}.").format(log=where),
        )

    sys.excepthook = hook


def create_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication (reused when one exists, as under pytest-qt)."""
    app = cast("QApplication | None", QApplication.instance()) or QApplication(argv or [sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setWindowIcon(app_icon())
    return app


class _QuitAtFirstPaint(QObject):
    """For ``gui --smoke``: prints the time of the window's first paint, then quits (installed bundles are
    checked with it; ``make test-dist``)."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # (installed on the window: a paint event comes from a widget)
        if event.type() == QEvent.Type.Paint and isinstance(obj, QWidget) and not self.property("done"):
            self.setProperty("done", True)
            print(f"first-paint {time.time():.3f} {obj.windowTitle()}", flush=True)
            QTimer.singleShot(0, QApplication.quit)
        return False


def run_app(vault_dir: Path, language: str | None = None, smoke: bool = False) -> int:
    """Runs the window until it is closed (with ``smoke``: until its first paint); returns the exit code."""
    setup_logging()
    settings = Settings.load()
    set_language(pick_language(language, settings.language))
    app = create_app()
    _install_excepthook(app)
    font_family = apply_cjk_font(app)
    from walletcare.ui.main_window import MainWindow

    collector.install()  # Qt objects in reference cycles are never destroyed on a worker thread
    window = MainWindow(settings=settings, vault_dir=vault_dir)
    if smoke:
        watch = _QuitAtFirstPaint(window)
        window.installEventFilter(watch)
    window.show()
    if font_family is None:
        QTimer.singleShot(0, window.warn_no_cjk_font)
    try:
        return app.exec()
    finally:
        collector.uninstall()
