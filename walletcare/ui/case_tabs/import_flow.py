"""Import into the case on screen: choose a file, preview it, import with progress and cancel, then
report what was added, skipped as duplicates, and rejected (with line numbers and reasons)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from walletcare.errors import Cancelled, InvalidInput, WalletCareError
from walletcare.evidence.importers.provider_check import FAMILY_NAMES, ProviderMismatch
from walletcare.i18n import _
from walletcare.ui.dialogs.bad_rows import BadRowsDialog
from walletcare.ui.dialogs.import_dialog import ImportDialog
from walletcare.ui.operations import Changes
from walletcare.ui.operations.imports import import_export_file
from walletcare.ui.session import VaultSession
from walletcare.ui.widgets.progress import track

MAX_IMPORT_BYTES = 200 * 1024 * 1024


def read_file(path: Path) -> bytes:
    """The file's bytes (CPU pool), refusing unreadable or huge files with a clear message."""
    try:
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise InvalidInput(_("{name} is larger than 200 MB; export a shorter period and try again.").format(name=path.name))
        return path.read_bytes()
    except OSError:
        raise InvalidInput(_("{name} could not be read. Nothing was written.").format(name=path.name)) from None


class ImportFlow:
    """One import at a time into ``case_id``; ``notify`` shows the outcome in the status bar."""

    def __init__(self, parent: QWidget, session: VaultSession, notify: Callable[[str], None]) -> None:
        self.parent, self.session, self.notify = parent, session, notify
        self.last_result: Any = None
        self.imported: Callable[[Any], None] = lambda _result: None  # e.g. offer "Undo this import"

    def start(self, case_id: int, path: Path | None = None) -> None:
        """Asks for a file (unless given) and shows its preview."""
        if path is None:
            name, _filter = QFileDialog.getOpenFileName(
                self.parent, _("Import a bill or statement export"), "",
                _("Exports (*.csv *.txt *.xlsx *.xls);;All files (*)"))
            if not name:
                return
            path = Path(name)
        self.session.runner.cpu(lambda _t: read_file(path), lambda data: self._preview(case_id, path, data),
                                self._failed, label=_("Reading the file"))

    def _preview(self, case_id: int, path: Path, data: bytes) -> None:
        choice = ImportDialog.ask(self.parent, self.session.runner, data, path.name)
        if choice is not None:
            self._run(case_id, path, choice.format, choice.skip_bad_rows)

    def _run(self, case_id: int, path: Path, fmt: str, skip_bad_rows: bool, other_provider: bool = False) -> None:
        def failed(exc: object) -> None:
            if isinstance(exc, ProviderMismatch):
                if self.ask_other_provider(exc):
                    self._run(case_id, path, fmt, skip_bad_rows, True)
                else:
                    self.notify(_("Nothing was imported."))
                return
            bad_rows = getattr(exc, "bad_rows", None)
            if bad_rows and not skip_bad_rows:
                if BadRowsDialog.ask(self.parent, bad_rows):
                    self._run(case_id, path, fmt, True, other_provider)
                else:
                    self.notify(_("Nothing was imported."))
                return
            self._failed(exc)

        task = self.session.run(import_export_file, case_id, path, format=fmt, skip_bad_rows=skip_bad_rows,
                                other_provider=other_provider, with_task=True, label=_("Importing"), on_done=self._done, on_error=failed)
        track(task, self.parent, _("Importing {name}…").format(name=path.name))

    def ask_other_provider(self, exc: ProviderMismatch) -> bool:
        """Asks whether to import an export of another provider than the case's (nothing is written yet)."""
        text = _("This file is an export of {file}, but this case is about {case}. It may be the wrong file or "
                 "the wrong case. Nothing has been written yet. Import it into this case anyway?").format(
            file=_(FAMILY_NAMES[exc.file_family]), case=_(FAMILY_NAMES[exc.case_family]))
        box = QMessageBox(QMessageBox.Icon.Question, _("Import"), text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self.parent)
        box.setObjectName("otherProvider")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def _done(self, changes: Changes) -> None:
        result = changes.result
        self.last_result = result
        text = _("Imported {added} transactions; {dup} were already there; {bad} rows could not be read.").format(
            added=result.added, dup=result.duplicates, bad=len(result.rejected))
        self.notify(text)
        if result.rejected or result.warnings:
            details = "\n".join([*result.warnings, *(f"{r.line}: {r.reason}" for r in result.rejected[:200])])
            box = QMessageBox(QMessageBox.Icon.Information, _("Import finished"), text, parent=self.parent)
            box.setObjectName("importResult")
            box.setDetailedText(details)
            box.open()
        self.imported(result)

    def _failed(self, exc: object) -> None:
        if isinstance(exc, Cancelled):
            self.notify(exc.text())
            return
        text = exc.text() if isinstance(exc, WalletCareError) else _("The import did not work, and nothing was written. Details were written to the log file.")
        box = QMessageBox(QMessageBox.Icon.Warning, _("Import"), text, parent=self.parent)
        box.setObjectName("importFailed")
        box.open()
