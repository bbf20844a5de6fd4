"""Guards against PySide6 6.12.0's reference-count bug on Python 3.11 (aborts with ``none_dealloc``)."""

from __future__ import annotations

import sys

from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QLabel


def test_void_qt_calls_keep_none_refcount(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    label.setText("warm-up")
    before = sys.getrefcount(None)
    for i in range(10_000):
        label.setText("x" if i % 2 else "y")
    after = sys.getrefcount(None)
    # Other threads may touch None meanwhile; a leak of one reference per call would show as ~-10,000.
    assert abs(after - before) < 100, f"None refcount moved by {after - before} over 10,000 calls"
