"""Import into the case on screen: choose a file, preview it, import with progress and cancel, then
report what was added, skipped as duplicates, and rejected (with line numbers and reasons). A WhatsApp or
Telegram chat export becomes a contact thread of the case instead (asked first: its times are read in this
computer's zone)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from walletcare.errors import Cancelled, WalletCareError
from walletcare.evidence.importers.pipeline import SourceFile, read_source
from walletcare.evidence.importers.provider_check import FAMILY_NAMES, ProviderMismatch
from walletcare.i18n import _, current_language, ngettext
from walletcare.ui.dialogs.bad_rows import BadRowsDialog
from walletcare.ui.dialogs.import_dialog import ImportChoice, ImportDialog
from walletcare.ui.operations import Changes
from walletcare.ui.operations.imports import import_chat_file, import_export_file
from walletcare.ui.session import VaultSession
from walletcare.ui.widgets.progress import track

if TYPE_CHECKING:
    from walletcare.evidence.store import Store


def read_file(path: Path) -> SourceFile:
    """The file, read once (CPU pool) for the preview and the import, refusing unreadable files and files beyond
    the import bounds before they are read (the command line's check: ``pipeline.read_source``)."""
    return read_source(path)


def import_summary(result: Any) -> str:
    """What an import did, in whole sentences with the right plural: added, already there, unreadable."""
    parts = [ngettext("Imported {n} transaction.", "Imported {n} transactions.", result.added).format(n=result.added)]
    if result.duplicates:
        parts.append(ngettext("{n} was already there.", "{n} were already there.",
                              result.duplicates).format(n=result.duplicates))
    if result.rejected:
        parts.append(ngettext("{n} row could not be read.", "{n} rows could not be read.",
                              len(result.rejected)).format(n=len(result.rejected)))
    return ("" if current_language().startswith("zh") else " ").join(parts)


class ImportFlow:
    """One import at a time into ``case_id``; ``notify`` shows the outcome in the status bar."""

    def __init__(self, parent: QWidget, session: VaultSession, notify: Callable[[str], None]) -> None:
        self.parent, self.session, self.notify = parent, session, notify
        self.last_result: Any = None
        self.imported: Callable[[Any], None] = lambda _result: None  # e.g. offer "Undo this import"
        self.chat_imported: Callable[[Any], None] = lambda _chat: None  # e.g. show the Contacts tab

    def start(self, case_id: int, path: Path | None = None) -> None:
        """Asks for a file (unless given) and shows its preview."""
        if path is None:
            name, _filter = QFileDialog.getOpenFileName(
                self.parent, _("Import a bill, statement or chat export"), "",
                _("Exports (*.csv *.txt *.xlsx *.xls *.zip *.json);;All files (*)"))
            if not name:
                return
            path = Path(name)
        folder = path.parent
        self.session.runner.cpu(lambda _t: read_file(path), lambda source: self._preview(case_id, source, folder),
                                self._failed, label=_("Reading the file"))

    def _preview(self, case_id: int, source: SourceFile, folder: Path | None = None) -> None:
        from walletcare.evidence.importers import chats

        app = chats.detect(source.data)
        if app is not None:  # a chat is not a statement: no columns to preview, it becomes a contact thread
            self._chat(case_id, source, app, folder)
            return

        def load(store: Store) -> dict[str, dict[str, str]]:
            return {name: store.presets.get(name) or {} for name in store.presets.list()}

        self.session.read(load, lambda saved: self._ask(case_id, source, saved), self._failed)

    def _ask(self, case_id: int, source: SourceFile, saved: dict[str, dict[str, str]]) -> None:
        choice = ImportDialog.ask(self.parent, self.session.runner, source.data, source.name, saved)
        if choice is not None:
            self._run(case_id, source, choice)

    def _run(self, case_id: int, source: SourceFile, choice: ImportChoice, other_provider: bool = False) -> None:
        def failed(exc: object) -> None:
            if isinstance(exc, ProviderMismatch):
                if self.ask_other_provider(exc):
                    self._run(case_id, source, choice, True)
                else:
                    self.notify(_("Nothing was imported."))
                return
            bad_rows = getattr(exc, "bad_rows", None)
            if bad_rows and not choice.skip_bad_rows:
                if BadRowsDialog.ask(self.parent, bad_rows):
                    self._run(case_id, source, replace(choice, skip_bad_rows=True), other_provider)
                else:
                    self.notify(_("Nothing was imported."))
                return
            self._failed(exc)

        task = self.session.run(import_export_file, case_id, source, format=choice.format,
                                skip_bad_rows=choice.skip_bad_rows, mapping=choice.mapping,
                                save_preset=choice.save_preset, other_provider=other_provider, with_task=True,
                                label=_("Importing"), on_done=self._done, on_error=failed)
        track(task, self.parent, _("Importing {name}…").format(name=source.name))

    def _chat(self, case_id: int, source: SourceFile, app: str, folder: Path | None) -> None:
        from walletcare.evidence.importers.chats import system_zone

        name = {"whatsapp": "WhatsApp", "telegram": "Telegram"}.get(app, app)
        box = QMessageBox(QMessageBox.Icon.Question, _("Import"), _(
            "{file} is a {app} chat export. Import it into this case as a contact thread? Each message keeps its "
            "time and sender; the attachments in the export and the file itself become evidence. Times are read "
            "in this computer's time zone, {zone}.").format(file=source.name, app=name, zone=system_zone()[0]),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self.parent)
        box.setObjectName("importChat")
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        if box.exec() != QMessageBox.StandardButton.Yes:
            self.notify(_("Nothing was imported."))
            return
        self.session.run(import_chat_file, case_id, source, app, folder=folder, language=current_language(),
                         label=_("Importing"), on_done=self._chat_done, on_error=self._failed)

    def _chat_done(self, changes: Changes) -> None:
        outcome = changes.result
        self.last_result = outcome
        chat = outcome.chat
        if chat.duplicate:
            text = _("This chat export is already in the case; nothing was added.")
        else:
            text = ngettext("Imported the chat: {n} message; attachments kept: {media}. It is on the Contacts tab.",
                            "Imported the chat: {n} messages; attachments kept: {media}. It is on the Contacts tab.",
                            chat.messages).format(n=chat.messages, media=chat.media)
        lines = list(outcome.warnings)
        if outcome.flagged:
            lines.append(ngettext("{n} message shows scam warning signs: open the thread to see it. Check through "
                                  "the official app before you do anything it asks.",
                                  "{n} messages show scam warning signs: open the thread to see them. Check through "
                                  "the official app before you do anything they ask.",
                                  outcome.flagged).format(n=outcome.flagged))
        self.notify(text)
        box = QMessageBox(QMessageBox.Icon.Warning if lines else QMessageBox.Icon.Information, _("Import finished"),
                          "\n\n".join([text, *lines]), parent=self.parent)
        box.setObjectName("importResult")
        box.open()
        self.chat_imported(chat)

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
        text = import_summary(result)
        if not result.added:  # nothing to undo, so no undo bar: the status bar says what happened
            self.notify(text)
        if result.rejected:  # the one case that needs attention: rows were skipped (the warnings were in the preview)
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
