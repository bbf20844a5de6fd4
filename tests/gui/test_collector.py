"""Garbage is collected on the GUI thread once the window's TaskRunner runs real workers: a cycle dropped on
the GUI thread is not freed by a worker's allocations (where Qt objects in it would be destroyed on the wrong
thread: the segfaults "Garbage-collecting" on the help-search and plan workers), but by the GUI thread soon
after."""

from __future__ import annotations

import gc
import threading

from pytestqt.qtbot import QtBot

from walletcare.ui.tasks import TaskRunner


class _Cycle:
    def __init__(self, freed_on: list[str]) -> None:
        self.me = self
        self.freed_on = freed_on

    def __del__(self) -> None:
        self.freed_on.append(threading.current_thread().name)


def test_a_worker_allocating_never_collects_the_guis_garbage(qtbot: QtBot) -> None:
    runner = TaskRunner()
    freed_on: list[str] = []
    try:
        gc.collect()
        _Cycle(freed_on)  # (unreachable at once: only the cyclic collector can free it)

        kept: list[list[int]] = []

        def allocate() -> None:  # (far past the first generation's threshold, all kept alive)
            kept.extend([i] for i in range(50 * gc.get_threshold()[0]))

        worker = threading.Thread(target=allocate, name="worker")
        worker.start()
        worker.join()
        assert freed_on == []
        qtbot.waitUntil(lambda: freed_on == [threading.main_thread().name], timeout=5000)
    finally:
        runner.shutdown()
