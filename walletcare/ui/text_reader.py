"""Reads the text of the vault's screenshots and PDFs in the background, one item at a time, with one worker.

There is one reader per vault session (``shared_reader``). After an unlock it works through every image and PDF
without a reading, in every case, the open case first; adding files or opening a case moves that case to the
front of the queue. What is left to read is simply the evidence without a reading, so a run cut short (Stop, a
lock, the window closed) carries on after the next unlock. Locking stops it at once.

The bytes of the next unread item are read on the vault thread, the text in the OCR worker process (waited for
on the CPU pool, so the vault thread stays free for the window), and the result is saved through
``operations.ocr`` (which screens it for recovery phrases and scam signs, and offers suggestions). Only one item
is in the worker at a time, so there is never more than one worker process. Cancelling stops the worker at once;
the item stays unread and is read next time. An item the reader cannot read is skipped until the next unlock.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from walletcare.evidence import ocr
from walletcare.i18n import _
from walletcare.ui.operations.ocr import next_to_read, save_reading

AFTER_UNLOCK_MS = 2000  # the vault-wide run waits for the window to show the unlocked vault first


def shared_reader(session: Any) -> TextReader:
    """The reader of ``session`` (made on first use; it lives as long as the session)."""
    found = session.findChild(TextReader)
    return found if isinstance(found, TextReader) else TextReader(session, session)

if TYPE_CHECKING:
    from walletcare.ui.session import VaultSession


class TextReader(QObject):
    """Background reading of every unread image and PDF of the vault, the ``start``-ed case first."""

    progressed = Signal(int, int)  # items read, items in this run
    stopped = Signal()
    sealed = Signal(str)  # why an item was sealed
    read = Signal(int, int)  # the id of an item whose text was just saved, and its case
    paused_changed = Signal(bool)  # the user stopped reading (True), or it carries on (False)

    def __init__(self, session: VaultSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._worker: ocr.OcrWorker | None = None
        self._active = False
        self._scope: int | None = None  # None: every case; a case id: that case only (after the user's Stop)
        self._prefer: int | None = None  # the case read first
        self._task: Any = None  # the item being read (at most one: one worker process)
        self._run = 0  # a run's number: what a finished item belongs to
        self._done = 0
        self._skip: set[int] = set()
        self._paused = False  # the user stopped reading: only newly added files are read until the next unlock
        self._after_unlock = QTimer(self)
        self._after_unlock.setSingleShot(True)
        self._after_unlock.setInterval(AFTER_UNLOCK_MS)
        self._after_unlock.timeout.connect(self._unlocked)
        session.state_changed.connect(self._state_changed)
        if getattr(session, "unlocked", False):
            self._after_unlock.start()

    @property
    def running(self) -> bool:
        """Whether a run is under way."""
        return self._active

    @property
    def paused(self) -> bool:
        """Whether the user stopped reading (``resume`` carries on)."""
        return self._paused

    @property
    def worker_pid(self) -> int | None:
        """The OCR worker's process id while it runs."""
        return self._worker.pid if self._worker is not None else None

    def start(self, case_id: int | None = None) -> None:
        """Reads the unread images and PDFs of ``case_id`` first, then (unless the user stopped reading) those of
        every other case; while a run is under way, ``case_id`` just moves to the front (does nothing if the
        reader is not installed)."""
        if not ocr.available() or not getattr(self._session, "unlocked", True):
            return
        if case_id is not None:
            self._prefer = case_id
        if self._active:
            if self._scope is not None and case_id is not None and case_id != self._scope:
                self._scope = None if not self._paused else case_id
            return
        self._active, self._done, self._skip = True, 0, set()
        self._scope = case_id if self._paused else None
        self._run += 1
        self._next()

    def resume(self) -> None:
        """Carries on reading every case after the user stopped."""
        self._set_paused(False)
        self._after_unlock.stop()
        if self._active:
            self._scope = None
        else:
            self.start(self._prefer)

    def cancel(self) -> None:
        """The user's Stop: the item being read stays unread; other cases wait for ``resume`` or the next unlock."""
        self._set_paused(True)
        self.halt()

    def halt(self) -> None:
        """Stops reading now (lock, window closing); the worker process ends."""
        self._after_unlock.stop()
        task = self._task
        if task is not None:
            task.cancel()  # the worker stops itself on its own thread as soon as it sees the flag
        self._finish()

    def _set_paused(self, paused: bool) -> None:
        if paused != self._paused:
            self._paused = paused
            self.paused_changed.emit(paused)

    def _state_changed(self, state: str) -> None:
        self._set_paused(False)  # a lock ends the pause: the next unlock reads again
        if state == "unlocked":
            self._after_unlock.start()
        else:
            self._prefer = None
            self.halt()

    def _unlocked(self) -> None:
        if not self._paused:
            self.start(self._prefer)

    def _next(self) -> None:
        if not self._active or self._task is not None:  # a cancelled item still winding down goes on when done
            return
        run, prefer, scope, skip = self._run, self._prefer, self._scope, frozenset(self._skip)
        self._session.read(lambda store: next_to_read(store, prefer, skip, scope),
                           lambda item: self._got(run, item), lambda _e: self._finish_run(run))

    def _got(self, run: int, item: tuple[int, str, str, bytes, int, int] | None) -> None:
        if run != self._run or not self._active or self._task is not None:
            return
        if item is None:
            self._finish()
            return
        evidence_id, name, mime, data, left, _case_id = item
        self.progressed.emit(self._done, self._done + left)
        if self._worker is None:
            self._worker = ocr.OcrWorker()
        worker = self._worker
        self._task = self._session.runner.cpu(
            lambda task: worker.read(data, mime, cancel=task.cancel_flag),
            lambda result: self._save(run, evidence_id, name, result),
            lambda exc: self._failed(run, evidence_id, exc), label=_("Reading the text of “{name}”").format(name=name))

    def _failed(self, run: int, evidence_id: int, exc: object) -> None:
        self._task = None
        if run == self._run and self._active and isinstance(exc, ocr.OcrFailed):
            self._skip.add(evidence_id)
            self._next()
        elif run == self._run:
            self._finish()
        else:
            self._carry_on()

    def _save(self, run: int, evidence_id: int, name: str, result: ocr.OcrResult) -> None:
        self._task = None
        if run != self._run or not self._active or not getattr(self._session, "unlocked", True):
            self._carry_on()
            return
        self._session.run(save_reading, evidence_id, result, on_done=lambda changes: self._saved(run, name, changes),
                          on_error=lambda _e: self._finish_run(run))

    def _finish_run(self, run: int) -> None:
        """A read or save failed: the run ends, unless a newer run has started meanwhile."""
        if run == self._run:
            self._finish()

    def _carry_on(self) -> None:
        """After an item of an earlier run wound down: the current run (if any) goes on, else the worker ends."""
        if self._active:
            self._next()
        else:
            self._close_worker()

    def _saved(self, run: int, name: str, changes: Any) -> None:
        reading = changes.result
        if run == self._run:
            self._done += 1
        self.read.emit(reading.evidence_id, reading.case_id)
        if reading.sealed:
            what = _("a recovery (seed) phrase") if reading.secret == "seed" else _("a private key")
            self.sealed.emit(_("“{name}” shows {what}. Anyone who sees it can take your funds, so it is sealed in the "
                               "vault and will never be exported. Remove it, or keep it sealed.").format(
                name=name, what=what))
        self._carry_on()

    def _finish(self) -> None:
        was_running = self._active
        self._active = False
        self._run += 1  # whatever is still under way belongs to a finished run
        if self._task is None:
            self._close_worker()
        if was_running:
            self.stopped.emit()

    def _close_worker(self) -> None:
        if self._task is None and self._worker is not None:  # idle: nothing else is using the worker
            worker, self._worker = self._worker, None
            # waiting for the process to end takes tens of milliseconds: not on the window's thread
            threading.Thread(target=worker.close, kwargs={"kill": True}, name="ocr-close", daemon=True).start()
