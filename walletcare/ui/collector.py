"""Python's cyclic garbage collector, run on the GUI thread only.

The collector runs in whichever thread happens to allocate when a threshold is crossed. When that is a worker
of the TaskRunner (help search, vault or export job) and the garbage holds Qt objects in a reference cycle
(a closed dialog whose slots are its own methods), their C++ side is destroyed on the worker thread and the
process crashes (seen: a segmentation fault inside "Garbage-collecting" on the help-search and plan workers).
``install`` switches automatic collection off and collects from a timer on the GUI thread instead, generation
by generation with Python's own thresholds; reference counting still frees everything else at once. Code that
pauses the collector itself (``importers.allocation.collector_paused``) leaves it off again afterwards.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer

INTERVAL_MS = 100
NAME = "guiThreadCollector"


class GuiThreadCollector(QObject):
    """Collects from a timer on the thread it lives on (the GUI thread), with Python's thresholds."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.setObjectName(NAME)
        self.thresholds = gc.get_threshold()
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        gc.disable()
        self.timer.start()

    def check(self) -> None:
        """Collects the oldest generation whose count passed its threshold, as the automatic collector would."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if self.thresholds[generation] and counts[generation] > self.thresholds[generation]:
                gc.collect(generation)
                return


def uninstall() -> None:
    """Hands collection back to Python (automatic, on any thread) and collects once, here on the GUI thread
    (for tests that leave the window behind)."""
    app = QCoreApplication.instance()
    found = app.findChild(GuiThreadCollector, NAME) if app is not None else None
    if isinstance(found, GuiThreadCollector):
        found.timer.stop()
        found.setObjectName("")
        found.deleteLater()
    gc.enable()
    gc.collect()


def install() -> GuiThreadCollector | None:
    """Moves collection to the GUI thread for as long as the application lives (once; called on the GUI thread
    before the first worker starts). None without an application or off the GUI thread."""
    app = QCoreApplication.instance()
    if app is None or QThread.currentThread() is not app.thread():
        return None
    found = app.findChild(GuiThreadCollector, NAME)
    return found if isinstance(found, GuiThreadCollector) else GuiThreadCollector(app)
