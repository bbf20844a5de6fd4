"""Handing a file to the desktop: open it in its usual program, or show it in the file manager.

Opening goes through ``QDesktopServices`` (the file associations of Windows, macOS and the freedesktop
``xdg-open``). Showing a file selects it in its folder where the platform offers that (Explorer
``/select,``, Finder ``open -R``); elsewhere the folder is opened.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices


def reveal_command(path: Path, platform: str = sys.platform) -> list[str] | None:
    """The command that shows ``path`` selected in the platform's file manager; None where there is none."""
    if platform == "win32":
        return ["explorer", f"/select,{path}"]
    if platform == "darwin":
        return ["open", "-R", str(path)]
    return None


def open_file(path: Path) -> bool:
    """Opens ``path`` in the program the desktop associates with it (a PDF viewer for a dossier)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def show_in_folder(path: Path) -> bool:
    """Shows ``path`` in its folder: selected in Explorer or Finder, else the folder opened."""
    command = reveal_command(path)
    if command is not None:
        try:
            subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
            return True
        except OSError:
            pass  # no file manager command: open the folder the portable way
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
