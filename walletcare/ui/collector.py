"""Python's cyclic garbage collector, run on the GUI thread only.

The collector runs in whichever thread crosses its allocation threshold: with the automatic collector on, a
dossier export or an import on a worker thread can collect a reference cycle that holds a Qt object (a closed
dialog, a slot's lambda), and Qt then destroys that object off its own thread, which ends in a segmentation
fault. ``GuiThreadCollector`` switches the automatic collector off and collects from a timer on the GUI thread
with the same generation thresholds (the pattern calibre and pyqtgraph use). Reference counting still frees
everything that is not in a cycle at once, on any thread.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class GuiThreadCollector(QObject):
    """From its start, cycles are collected on the thread that made it (the GUI thread) until ``stop()`` gives
    collection back to Python."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        self.was_enabled = gc.isenabled()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> int:
        """Collects the generations whose counts passed their thresholds; returns the oldest one collected
        (-1: none was due)."""
        counts = gc.get_count()
        if counts[0] <= self.threshold[0]:
            return -1
        generation = 0
        if counts[1] > self.threshold[1]:
            generation = 2 if counts[2] > self.threshold[2] else 1
        gc.collect(generation)
        return generation

    def stop(self) -> None:
        """Automatic collection again (as it was before)."""
        self.timer.stop()
        if self.was_enabled:
            gc.enable()
