"""Reads the text of a case's new screenshots and PDFs in the background, one item at a time.

The bytes of the next unread item are read on the vault thread, the text in the OCR worker process (waited for
on the CPU pool, so the vault thread stays free for the window), and the result is saved through
``operations.ocr``. Cancelling stops the worker at once; the item stays unread and is read next time. An item
the reader cannot read is skipped until the next start.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from walletcare.evidence import ocr
from walletcare.i18n import _
from walletcare.ui.operations.ocr import next_unread, save_reading

if TYPE_CHECKING:
    from walletcare.ui.session import VaultSession


class TextReader(QObject):
    """Background reading for one case at a time (``start`` again while running reads the newcomers too)."""

    progressed = Signal(int, int)  # items read, items in this run
    stopped = Signal()
    sealed = Signal(str)  # why an item was sealed
    read = Signal(int)  # the id of an item whose text was just saved

    def __init__(self, session: VaultSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._worker: ocr.OcrWorker | None = None
        self._case: int | None = None
        self._task: Any = None
        self._done = 0
        self._skip: set[int] = set()

    @property
    def running(self) -> bool:
        """Whether a run is under way."""
        return self._case is not None

    def start(self, case_id: int) -> None:
        """Reads every unread image and PDF of the case (does nothing if the reader is not installed)."""
        if not ocr.available() or self._case == case_id:
            return
        if self._case is not None:
            self.cancel()
        self._case, self._done, self._skip = case_id, 0, set()
        self._next()

    def cancel(self) -> None:
        """Stops reading (the item being read stays unread)."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()  # the worker stops itself on its own thread as soon as it sees the flag
            self._worker = None
        self._finish()

    def _next(self) -> None:
        case_id = self._case
        if case_id is None:
            return
        skip = frozenset(self._skip)
        self._session.read(lambda store: next_unread(store, case_id, skip), self._got, lambda _e: self._finish())

    def _got(self, item: tuple[int, str, str, bytes, int] | None) -> None:
        if item is None or self._case is None:
            self._finish()
            return
        evidence_id, name, mime, data, left = item
        self.progressed.emit(self._done, self._done + left)
        if self._worker is None:
            self._worker = ocr.OcrWorker()
        worker = self._worker
        self._task = self._session.runner.cpu(
            lambda task: worker.read(data, mime, cancel=task.cancel_flag),
            lambda result: self._save(evidence_id, name, result),
            lambda exc: self._failed(evidence_id, exc), label=_("Reading the text of “{name}”").format(name=name))

    def _failed(self, evidence_id: int, exc: object) -> None:
        self._task = None
        if isinstance(exc, ocr.OcrFailed) and self._case is not None:
            self._skip.add(evidence_id)
            self._next()
        else:
            self._finish()

    def _save(self, evidence_id: int, name: str, result: ocr.OcrResult) -> None:
        self._task = None
        if self._case is None:
            return
        self._session.run(save_reading, evidence_id, result, on_done=lambda changes: self._saved(name, changes),
                          on_error=lambda _e: self._finish())

    def _saved(self, name: str, changes: Any) -> None:
        reading = changes.result
        self._done += 1
        self.read.emit(reading.evidence_id)
        if reading.sealed:
            what = _("a recovery (seed) phrase") if reading.secret == "seed" else _("a private key")
            self.sealed.emit(_("“{name}” shows {what}. Anyone who sees it can take your funds, so it is sealed in the "
                               "vault and will never be exported. Remove it, or keep it sealed.").format(
                name=name, what=what))
        self._next()

    def _finish(self) -> None:
        was_running = self._case is not None
        self._case = None
        if self._task is None and self._worker is not None:  # idle: nothing else is using the worker
            worker, self._worker = self._worker, None
            # waiting for the process to end takes tens of milliseconds: not on the window's thread
            threading.Thread(target=worker.close, kwargs={"kill": True}, name="ocr-close", daemon=True).start()
        if was_running:
            self.stopped.emit()
