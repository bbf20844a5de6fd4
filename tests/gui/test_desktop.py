"""Handing a dossier to the desktop: the file-manager command per platform, and opening through Qt."""

from __future__ import annotations

from pathlib import Path

import pytest

from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices

from walletcare.ui import desktop


@pytest.mark.parametrize(("platform", "expected"), [
    ("win32", ["explorer", "/select,{path}"]),
    ("darwin", ["open", "-R", "{path}"]),
    ("linux", None),
])
def test_reveal_command_per_platform(tmp_path: Path, platform: str, expected: list[str] | None) -> None:
    target = tmp_path / "投诉材料.pdf"
    command = desktop.reveal_command(target, platform)
    assert command == (None if expected is None else [part.format(path=target) for part in expected])


class _Receiver(QObject):
    """Takes ``file:`` URLs through Qt's own handler hook instead of the desktop's file manager."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    @Slot(QUrl)
    def take(self, url: QUrl) -> None:
        self.opened.append(url.toLocalFile())


def test_open_and_show_in_folder_hand_file_urls_to_the_desktop(qtbot, monkeypatch: pytest.MonkeyPatch,
                                                                tmp_path: Path) -> None:
    receiver = _Receiver()
    QDesktopServices.setUrlHandler("file", receiver, "take")
    try:
        target = tmp_path / "投诉材料.pdf"
        assert desktop.open_file(target) is True
        monkeypatch.setattr(desktop, "reveal_command", lambda _path: None)  # as on Linux: the folder opens
        assert desktop.show_in_folder(target) is True
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert receiver.opened == [str(target), str(tmp_path)]
