"""A progress dialog bound to a background Task: shows its progress, cancels it, closes when it ends."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from walletcare.i18n import _
from walletcare.ui.tasks import Task


def track(task: Task, parent: QWidget | None, label: str) -> QProgressDialog:
    """Shows progress for ``task`` (after 300 ms, so quick jobs flash nothing); Cancel cancels the task."""
    dialog = QProgressDialog(label, _("Cancel"), 0, 0, parent)
    dialog.setObjectName("taskProgress")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def progressed(done: int, total: int) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total else 0)

    def finished(_value: object) -> None:
        dialog.reset()
        dialog.hide()
        dialog.deleteLater()

    task.progressed.connect(progressed)
    task.staged.connect(dialog.setLabelText)
    task.done.connect(finished)
    task.failed.connect(finished)
    dialog.canceled.connect(task.cancel)
    if task.finished:
        finished(None)
    return dialog
