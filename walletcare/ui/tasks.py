"""Background work for the window: one single-worker executor for every vault call (the SQLCipher
connection lives on that one thread) and a separate pool for CPU work that needs no connection (PDF
building, indexing, hashing). Results, errors and progress come back to the GUI thread by queued signal;
workers never touch widgets. ``TaskRunner(immediate=True)`` runs each job at once on the calling thread,
which tests use so a flow needs no waiting."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from walletcare.errors import Cancelled
from walletcare.logs import log
from walletcare.ui import collector

Callback = Callable[[Any], object]


class Task(QObject):
    """One job: cancel flag, progress reporting (callable from the worker) and its outcome signals."""

    progressed = Signal(int, int)
    staged = Signal(str)  # the job moved on to another step (its progress starts again)
    done = Signal(object)
    failed = Signal(object)

    def __init__(self, label: str = "") -> None:
        super().__init__()
        self.label = label
        self.finished = False
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Asks the job to stop at its next check; a stopped job leaves nothing half-done."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        """Whether cancel() was called."""
        return self._cancel.is_set()

    def is_cancelled(self) -> bool:
        """Callable form of ``cancelled`` (core functions take ``cancel=task.is_cancelled``)."""
        return self._cancel.is_set()

    @property
    def cancel_flag(self) -> threading.Event:
        """The flag core functions poll (``cancel=task.cancel_flag``: anything with ``is_set()``)."""
        return self._cancel

    def check(self) -> None:
        """Raises Cancelled when the job was cancelled (for loops inside job functions)."""
        if self._cancel.is_set():
            raise Cancelled()

    def report(self, done: int, total: int = 0) -> None:
        """Progress from the worker: ``done`` of ``total`` (0 when unknown). Delivered queued."""
        self.progressed.emit(int(done), int(total))

    def stage(self, text: str) -> None:
        """From the worker: the job goes on with the step ``text`` (shown in place of the label). Queued."""
        self.staged.emit(text)
        self.progressed.emit(0, 0)


class _Bridge(QObject):
    """Lives on the GUI thread; a signal emitted from a worker reaches ``_deliver`` through the event loop."""

    deliver = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.deliver.connect(self._deliver)

    @Slot(object)
    def _deliver(self, payload: tuple[Task, bool, Any] | tuple[Task, bool, Any, Callback]) -> None:
        task, ok, value = payload[:3]
        if ok and len(payload) == 4:  # a stage of a pipeline: the next stage starts (from the GUI thread)
            payload[3](value)
            return
        task.finished = True
        (task.done if ok else task.failed).emit(value)


class TaskRunner(QObject):
    """Runs jobs off the GUI thread; ``busy`` tells the status bar how many are under way."""

    busy = Signal(int)
    started = Signal(str)

    def __init__(self, *, immediate: bool = False) -> None:
        super().__init__()
        self.immediate = immediate
        self._bridge = _Bridge()
        self._vault_pool: ThreadPoolExecutor | None = None
        self._cpu_pool: ThreadPoolExecutor | None = None
        self._running = 0
        self._closed = False
        if not immediate:  # (garbage holding Qt objects must never be collected on a worker: collector.py)
            collector.install()

    def vault(self, fn: Callable[[Task], Any], on_done: Callback | None = None,
              on_error: Callback | None = None, *, label: str = "") -> Task:
        """Runs ``fn(task)`` on the single vault thread (every vault call must go through here)."""
        return self._submit("vault", fn, on_done, on_error, label)

    def cpu(self, fn: Callable[[Task], Any], on_done: Callback | None = None,
            on_error: Callback | None = None, *, label: str = "") -> Task:
        """Runs ``fn(task)`` on the CPU pool (work that needs no vault connection)."""
        return self._submit("cpu", fn, on_done, on_error, label)

    def pipeline(self, stages: Sequence[tuple[str, Callable[[Task, Any], Any]]], on_done: Callback | None = None,
                 on_error: Callback | None = None, *, label: str = "") -> Task:
        """Runs ``stages`` one after another as one job, each ``(pool, fn)`` on its pool (``"vault"`` or
        ``"cpu"``) as ``fn(task, result of the stage before)`` (``None`` for the first); ``on_done`` gets the last
        result. One Task carries progress and cancel for them all: a cancel stops before the next stage, and
        the first failure ends the pipeline. (An export collects on the vault thread, renders on the CPU pool
        and writes on the vault thread, so the vault answers other reads while ReportLab works.)"""
        if not stages or any(kind not in ("vault", "cpu") for kind, _fn in stages):
            raise ValueError("a pipeline needs stages on the vault thread or the CPU pool")

        def stage(index: int, value: Any) -> None:
            kind, fn = stages[index]

            def job(task: Task) -> Any:
                task.check()
                return fn(task, value)

            self._start(task, kind, job, None if index + 1 == len(stages) else (lambda out: stage(index + 1, out)))

        task = self._new_task(on_done, on_error, label)
        stage(0, None)
        return task

    def _pool(self, kind: str) -> ThreadPoolExecutor | None:
        """The executor of ``kind`` (``vault`` or ``cpu``), made on first use (None when immediate)."""
        if self.immediate:
            return None
        if kind == "vault":
            if self._vault_pool is None:
                self._vault_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="walletcare-vault")
            return self._vault_pool
        if self._cpu_pool is None:
            self._cpu_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="walletcare-cpu")
        return self._cpu_pool

    def _start(self, task: Task, kind: str, fn: Callable[[Task], Any], then: Callback | None = None) -> None:
        """Runs ``fn(task)`` on the pool of ``kind`` (at once when immediate); its outcome comes back on the GUI
        thread: to ``then`` when given and it succeeded, else as the task's ``done`` / ``failed``."""
        if self._closed:
            self._bridge._deliver((task, False, Cancelled()))
            return
        pool = self._pool(kind)

        def run() -> tuple[Any, ...]:
            outcome = self._call(task, fn)
            return outcome if then is None else (*outcome, then)

        if pool is None:
            self._bridge._deliver(run())
        else:
            pool.submit(lambda: self._bridge.deliver.emit(run()))

    def _new_task(self, on_done: Callback | None, on_error: Callback | None, label: str) -> Task:
        task = Task(label)
        task.setParent(self)
        if on_done is not None:
            task.done.connect(on_done)
        task.failed.connect(on_error or self._unhandled)
        task.done.connect(lambda _v: self._finished(task))
        task.failed.connect(lambda _v: self._finished(task))
        self._running += 1
        self.busy.emit(self._running)
        if label:
            self.started.emit(label)
        return task

    def _submit(self, kind: str, fn: Callable[[Task], Any], on_done: Callback | None, on_error: Callback | None,
                label: str) -> Task:
        task = self._new_task(on_done, on_error, label)
        self._start(task, kind, fn)
        return task

    @staticmethod
    def _call(task: Task, fn: Callable[[Task], Any]) -> tuple[Task, bool, Any]:
        try:
            return task, True, fn(task)
        except BaseException as exc:
            if "sqlcipher3" in sys.modules:  # a damaged page found after unlock: the message says how to restore
                from walletcare.evidence.database import user_error

                found = user_error(exc)
                if found is not exc:
                    log.error("vault damage found: %s", exc, exc_info=exc)
                    return task, False, found
            return task, False, exc

    def _finished(self, task: Task) -> None:
        self._running = max(0, self._running - 1)
        self.busy.emit(self._running)
        task.setParent(None)
        task.deleteLater()

    @staticmethod
    def _unhandled(exc: object) -> None:
        from walletcare.errors import VaultLocked

        if isinstance(exc, Cancelled | VaultLocked):  # expected after a cancel or a lock: nothing to report
            return
        if isinstance(exc, BaseException):
            log.error("background job failed: %s", type(exc).__name__, exc_info=exc)

    @property
    def running(self) -> int:
        """How many jobs are queued or running."""
        return self._running

    def shutdown(self, wait: bool = True) -> None:
        """Stops accepting jobs and waits for the running ones (called when the window closes).

        Queued CPU jobs are dropped; queued vault jobs still run (the last one closes the vault and keeps the
        drafts of unsaved editors; the ones before it fail at once, as the session is locked by then).
        """
        self._closed = True
        for pool, drop_queued in ((self._vault_pool, False), (self._cpu_pool, True)):
            if pool is not None:
                pool.shutdown(wait=wait, cancel_futures=drop_queued)
        self._vault_pool = self._cpu_pool = None
