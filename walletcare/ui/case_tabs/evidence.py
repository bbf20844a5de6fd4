"""Evidence tab: a thumbnail grid of originals; drop files on it, paste a screenshot with Ctrl+V, or
"Add files…" (the primary action: screenshots, PDFs, text). Double-click opens the viewer (zoom, caption, links, SHA-256).
Pasted images are encoded to PNG in memory; nothing is written outside the vault."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData, QModelIndex, QSize, Qt, QTimer
from PySide6.QtGui import (
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QImage,
    QImageWriter,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QListView, QPushButton, QWidget

from walletcare.evidence import picker
from walletcare.evidence.models import Derived, Evidence
from walletcare.i18n import _, ngettext
from walletcare.ui.case_tabs.base import CaseTab
from walletcare.ui.dialogs.confirm_removal import ConfirmRemoval, file_size_text
from walletcare.ui.dialogs.evidence_preview import pdf_preview, text_preview
from walletcare.ui.dialogs.evidence_search import EvidenceSearch, highlighted
from walletcare.ui.dialogs.evidence_viewer import EvidenceViewer
from walletcare.ui.display import file_category
from walletcare.ui.icons import set_icon
from walletcare.ui.models.evidence import THUMB, EvidenceModel
from walletcare.ui.operations import Changes
from walletcare.ui.operations.evidence import (
    add_evidence_bytes,
    add_evidence_files,
    save_evidence_copy,
    update_evidence,
)
from walletcare.ui.operations.ocr import accept_suggestion, dismiss_suggestion, keep_sealed, load_findings
from walletcare.ui.operations.removal import remove_evidence, undo_import, what_goes
from walletcare.ui.session import VaultSession
from walletcare.ui.text_reader import shared_reader
from walletcare.ui.widgets.findings import FindingsPanel
from walletcare.ui.widgets.progress import track
from walletcare.ui.widgets.reading_bar import ReadingBar

if TYPE_CHECKING:
    from walletcare.evidence.store import Store


def _thumbnail(evidence_id: int, store: Store) -> tuple[Derived, bytes] | None:
    return store.evidence.derived(evidence_id, "thumbnail")


def image_png(image: QImage) -> bytes:
    """A QImage as PNG bytes, encoded in memory."""
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # (what ``image.save(buffer, "PNG")`` does; PySide6's stubs declare that format as bytes, which it refuses)
    QImageWriter(buffer, QByteArray(b"PNG")).write(image)
    buffer.close()
    return bytes(array.data())


class EvidenceTab(CaseTab):
    """Grid of evidence with drag-and-drop and paste."""

    def __init__(self, session: VaultSession, notify: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(session, notify, parent)
        self.copy_secret: Callable[[str], None] = lambda _t: None
        self.offer_undo: Callable[[str, Any], None] = lambda _text, _removal: None
        self.model = EvidenceModel()
        self.setAcceptDrops(True)
        self.add_button = QPushButton()
        set_icon(self.add_button.setIcon, "attach")
        self.add_button.setObjectName("addScreenshot")
        self.add_button.clicked.connect(self.choose_files)
        self.paste_button = QPushButton()
        set_icon(self.paste_button.setIcon, "paste")
        self.paste_button.clicked.connect(self.paste)
        self.remove_button = QPushButton()
        self.remove_button.setObjectName("removeEvidence")
        self.remove_button.setEnabled(False)
        self.remove_button.clicked.connect(self.remove_selected)
        self.empty = QLabel()
        self.empty.setObjectName("evidenceEmpty")
        self.empty.setWordWrap(True)
        self.note = QLabel()
        self.note.setObjectName("evidenceNote")
        self.note.setWordWrap(True)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note.hide()
        self.grid = QListView()
        self.grid.setObjectName("evidenceGrid")
        self.grid.setViewMode(QListView.ViewMode.IconMode)
        self.grid.setIconSize(THUMB)
        self.grid.setGridSize(QSize(THUMB.width() + 24, THUMB.height() + 48))
        self.grid.setResizeMode(QListView.ResizeMode.Adjust)
        self.grid.setWordWrap(True)
        self.grid.setModel(self.model)
        self.grid.setAcceptDrops(False)
        self.grid.activated.connect(self.open_viewer)
        self.grid.doubleClicked.connect(self.open_viewer)
        self.grid.selectionModel().selectionChanged.connect(lambda *_a: self._selection_changed())
        self.model.modelReset.connect(self._selection_changed)
        self.paste_shortcut = QShortcut(QKeySequence.StandardKey.Paste, self)
        self.paste_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.paste_shortcut.activated.connect(self.paste)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.paste_button)
        self.find_button = QPushButton()
        self.find_button.setObjectName("findInEvidence")
        self.find_button.clicked.connect(self.find_in_evidence)
        row.addWidget(self.find_button)
        row.addStretch(1)
        row.addWidget(self.remove_button)
        self.box.addLayout(row)
        self.box.addWidget(self.empty)
        self.box.addWidget(self.note)
        self.findings = FindingsPanel()
        self.findings.accept.connect(lambda sid: self._suggestion(accept_suggestion, sid, _("Suggestion applied.")))
        self.findings.dismiss.connect(lambda sid: self._suggestion(dismiss_suggestion, sid,
                                                                   _("Suggestion dismissed; nothing was changed.")))
        self.findings.delete.connect(self.remove_item)
        self.findings.keep.connect(self._keep_sealed)
        self.box.addWidget(self.findings)
        self._findings_timer = QTimer(self)
        self._findings_timer.setSingleShot(True)
        self._findings_timer.setInterval(400)  # once for a burst of changes
        self._findings_timer.timeout.connect(self._load_findings)
        self.box.addWidget(self.grid, 1)
        self.reader = shared_reader(self.session)  # one for the vault: it reads every case (sealed: the window)
        self.reader.read.connect(lambda _i, case_id: self.case is None or case_id != self.case.id
                                 or self._findings_timer.isActive() or self._findings_timer.start())
        self.reader.stopped.connect(lambda: self._findings_timer.start())
        self.reading_bar = ReadingBar(self.reader)
        self.box.addWidget(self.reading_bar)
        self.retranslate()

    def retranslate(self) -> None:
        self.add_button.setText(_("&Add files…"))
        self.paste_button.setText(_("&Paste screenshot (Ctrl+V)"))
        self.empty.setText(_("No evidence yet — drag screenshots here or press Ctrl+V."))
        self.grid.setAccessibleName(_("Evidence"))
        self.reading_bar.retranslate()
        self.findings.retranslate()
        self.find_button.setText(_("&Find in screenshots…"))
        self._selection_changed()

    def selected(self) -> Evidence | None:
        """The selected item, if any."""
        rows = self.grid.selectionModel().selectedIndexes()
        return self.model.item(rows[0].row()) if rows else None

    def _selection_changed(self) -> None:
        item = self.selected()
        self.remove_button.setEnabled(item is not None)
        if item is not None and item.origin == "import":
            self.remove_button.setText(_("&Undo this import…"))
            self.remove_button.setToolTip(_("Remove the transactions this file added, and the file"))
        else:
            self.remove_button.setText(_("&Remove evidence…"))
            self.remove_button.setToolTip(_("Remove the selected item (asks first)"))

    def remove_selected(self) -> None:
        """Asks, then removes the selected item (an imported file: undoes its import); Undo is offered."""
        item = self.selected()
        if item is not None:
            self.remove_item(item.id)

    def remove_item(self, evidence_id: int) -> None:
        """Asks, then removes one item (an imported file: undoes its import); Undo is offered."""
        self.session.read(lambda store: store.evidence.get(evidence_id), self._remove_loaded, self.show_error)

    def _remove_loaded(self, item: Evidence) -> None:
        self.session.read(lambda store: what_goes(store, "evidence", item.id),
                          lambda info: self._confirm_remove(item, info), self.show_error)

    def _confirm_remove(self, item: Evidence, info: dict[str, Any]) -> None:
        details = [_("File: {name} ({size})").format(name=info["name"], size=file_size_text(info["size"])),
                   _("Fingerprint (SHA-256): {sha}…").format(sha=info["sha256"][:16])]
        operation: Callable[..., Changes]
        if info.get("chat"):
            details.insert(0, ngettext("A chat thread of {n} message, with the attachments it added",
                                       "A chat thread of {n} messages, with the attachments it added",
                                       info["messages"]).format(n=info["messages"]))
            question = _("Undo the import of the chat “{name}”? The thread, its messages, the attachments it added "
                         "and the file are removed.").format(name=info["name"])
            title, action, operation = _("Undo this import"), _("Undo import"), undo_import
            said = _("The import of “{name}” was undone.")
        elif info["import"]:
            details.insert(0, ngettext("{n} transaction this import added", "{n} transactions this import added",
                                       info["transactions"]).format(n=info["transactions"]))
            question = _("Undo the import of “{name}”? Its transactions and the file are removed; transactions "
                         "added in other ways stay.").format(name=info["name"])
            title, action, operation = _("Undo this import"), _("Undo import"), undo_import
            said = ngettext("The import of “{name}” was undone ({n} transaction removed).",
                            "The import of “{name}” was undone ({n} transactions removed).", info["transactions"])
        else:
            if info["links"]:
                details.append(ngettext("Its link to {n} transaction (the transaction stays)",
                                        "Its links to {n} transactions (the transactions stay)",
                                        info["links"]).format(n=info["links"]))
            question = _("Remove “{name}” from this case?").format(name=info["name"])
            title, action, operation = _("Remove evidence"), _("Remove"), remove_evidence
            said = _("“{name}” was removed.")
        if not ConfirmRemoval.ask(self, title, question, details, info["undoable"], action):
            return
        task = self.session.run(operation, item.id, on_error=self.show_error, label=_("Removing"), with_task=True,
                                on_done=lambda changes: self.offer_undo(
                                    said.format(name=info["name"], n=changes.result.transactions), changes.result))
        track(task, self, _("Removing"))

    def set_case(self, case: Any) -> None:
        if case is None or self.case is None or case.id != self.case.id:
            self.note.hide()
        super().set_case(case)
        if case is not None:
            self.reader.start(case.id)  # this case's unread images first (added before this version, or cut short)

    def reload(self) -> None:
        if self.case is None:
            return
        case_id = self.case.id
        # sealed items too, so the user can remove them (every export leaves them out)
        self.session.read(lambda store: list(store.evidence.list(case_id, sealed=True)), self._loaded)
        self._findings_timer.start()

    def _loaded(self, items: list[Evidence]) -> None:
        self.model.set_items(items)
        self.empty.setVisible(not items)
        for evidence_id in self.model.missing_thumbnails():
            self.session.read(partial(_thumbnail, evidence_id), partial(self._thumbnail_read, evidence_id))

    def _thumbnail_read(self, evidence_id: int, found: tuple[Derived, bytes] | None) -> None:
        if found:
            self.model.set_thumbnail(evidence_id, found[1])

    def clear(self) -> None:
        self._findings_timer.stop()
        self.findings.clear()
        self.model.clear()
        self.note.clear()
        self.note.hide()

    def cares_about(self, changes: Changes) -> bool:
        return changes.evidence or changes.transactions  # new transactions can match read text

    def _load_findings(self) -> None:
        if self.case is None:
            return
        if self.reader.running and not self._findings_timer.property("late"):
            # while screenshots are being read, the list is brought up to date every few seconds, not per item
            self._findings_timer.setProperty("late", True)
            self._findings_timer.start(3000)
            return
        self._findings_timer.setProperty("late", False)
        self._findings_timer.setInterval(400)
        case_id = self.case.id
        self.session.read(lambda store: load_findings(store, case_id),
                          lambda found: self.findings.show_findings(*found)
                          if self.case is not None and self.case.id == case_id else None)

    def _suggestion(self, operation: Any, suggestion_id: str, said: str) -> None:
        if self.case is not None:
            self.session.run(operation, self.case.id, suggestion_id, on_done=lambda _c: self.notify(said),
                             on_error=self.show_error)

    def _keep_sealed(self, evidence_id: int) -> None:
        self.session.run(keep_sealed, evidence_id, on_error=self.show_error,
                         on_done=lambda _c: self.notify(_("Kept sealed. It stays in the vault and is never exported.")))

    def choose_files(self) -> None:
        """Asks for files and adds each as an original."""
        names, _filter = QFileDialog.getOpenFileNames(self, _("Add screenshots or files"))
        self.add_files([Path(n) for n in names])

    def add_files(self, paths: list[Path]) -> None:
        """Adds files (progress in the status bar); each is hashed and kept as received."""
        if self.case is None or not paths:
            return
        self.session.run(add_evidence_files, self.case.id, paths, with_task=True, label=_("Adding evidence"),
                         on_done=self._added, on_error=self.show_error)

    def paste(self) -> None:
        """Adds the image on the clipboard (a screenshot) as evidence."""
        if self.case is None:
            return
        mime = QGuiApplication.clipboard().mimeData()
        if mime is not None and mime.hasUrls() and all(u.isLocalFile() for u in mime.urls()):
            self.add_files([Path(u.toLocalFile()) for u in mime.urls()])
            return
        image = QGuiApplication.clipboard().image()
        if image.isNull():
            self.notify(_("The clipboard holds no picture. Take a screenshot first, then press Ctrl+V here."))
            return
        name = f"screenshot-{datetime.now():%Y%m%d-%H%M%S}.png"
        self.session.run(add_evidence_bytes, self.case.id, image_png(image), name, origin="clipboard",
                         origin_detail=_("pasted from the clipboard"), label=_("Adding evidence"),
                         on_done=self._added, on_error=self.show_error)

    def _added(self, changes: Changes) -> None:
        results = changes.result if isinstance(changes.result, list) else [changes.result]
        duplicates = sum(1 for _e, dup in results if dup)
        self.note.setText("\n".join(changes.messages))
        self.note.setVisible(bool(changes.messages))
        sealed = {i for i, _n, _r in self.findings.sealed}
        again = [e.file_name for e, dup in results if dup and e.id in sealed]
        if again:  # the same picture again: it still shows the secret, and the panel above says what to do
            self.notify(_("“{name}” is already in this case and sealed: it shows a recovery phrase or private key, "
                          "so it is never shown or exported. See “Sealed” above.").format(name=again[0]))
        elif duplicates:
            self.notify(_("{n} item(s) were already in this case and were not added twice.").format(n=duplicates))
        elif changes.messages:
            self.notify(changes.messages[-1])
        else:
            self.notify(_("Evidence added: {name}. It is kept exactly as received.").format(name=results[-1][0].file_name))
        if self.case is not None:
            self.reader.start(self.case.id)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.case is not None and self._droppable(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        if mime.hasUrls():
            self.add_files([Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()])
        elif mime.hasImage():
            image = QImage(mime.imageData())
            if not image.isNull() and self.case is not None:
                self.session.run(add_evidence_bytes, self.case.id, image_png(image), "dropped-image.png",
                                 origin="file", on_done=self._added, on_error=self.show_error)
        event.acceptProposedAction()

    @staticmethod
    def _droppable(mime: QMimeData) -> bool:
        return (mime.hasUrls() and any(u.isLocalFile() for u in mime.urls())) or mime.hasImage()

    def find_in_evidence(self) -> None:
        """Searches the case's evidence by the text it shows; opens the chosen item in the viewer."""
        if self.case is None:
            return
        case_id = self.case.id

        def search(text: str, found: Callable[[list[Any]], None]) -> None:
            self.session.read(lambda store: store.readings.search(text, case_id), found, self.show_error)

        def preview(evidence_id: int, text: str, ready: Callable[[QImage, list[Any]], None]) -> None:
            def load(store: Store) -> tuple[QImage, list[Any]]:
                item, reading = store.evidence.get(evidence_id), store.readings.get(evidence_id)
                if not item.mime.startswith("image/") or (reading is not None and reading.sealed):
                    return QImage(), []  # a sealed screenshot is never shown
                return highlighted(store.evidence.data(evidence_id), reading.lines if reading else (), text)

            self.session.read(load, lambda found: ready(*found), self.show_error)

        chosen = EvidenceSearch.ask(self, search, preview)
        for row in range(self.model.rowCount()):
            if chosen is not None and self.model.item(row).id == chosen:
                self.grid.setCurrentIndex(self.model.index(row, 0))
                self.open_viewer(self.model.index(row, 0))
                return

    def open_viewer(self, index: QModelIndex) -> None:
        """Opens the viewer for the item at ``index`` (bytes are read from the vault first)."""
        if not index.isValid() or self.case is None:
            return
        self.open_item(self.model.item(index.row()).id)

    def open_item(self, evidence_id: int, draft: Mapping[str, Any] | None = None) -> None:
        """Opens the viewer for one item (bytes read from the vault first), a draft's edits put back."""
        if self.case is None:
            return
        case_id = self.case.id

        def load(store: Store) -> tuple[Evidence, QImage, str | None, list[Any], list[Any], Any, bytes | None]:
            item = store.evidence.get(evidence_id)
            shown = picker.linked(store, item.linked_transactions)  # every linked one first, then the newest
            known = {t.id for t in shown}
            txs = shown + [t for t in picker.find_to_link(store, case_id, "") if t.id not in known]
            reading = store.readings.get(item.id)
            if reading is not None and reading.sealed:  # it shows a secret: never decoded nor shown
                return item, QImage(), None, txs, list(store.contacts.list(case_id)), reading, None
            data = store.evidence.data(item.id)
            image = QImage.fromData(data) if item.mime.startswith("image/") else QImage()  # decoded off the GUI thread
            pdf = data if file_category(item.mime, item.file_name) == "pdf" else None
            return (item, image, text_preview(item, data), txs, list(store.contacts.list(case_id)), reading, pdf)

        def loaded(item: Evidence, image: QImage, text: str | None, txs: list[Any], contacts: list[Any],
                   reading: Any, pdf: bytes | None) -> None:
            if pdf is None:
                self._view(item, image, text, txs, contacts, reading=reading, draft=draft)
                return
            # the first pages are drawn on the CPU pool (well under a second), not on the vault thread or the GUI
            self.session.runner.cpu(lambda _t: pdf_preview(pdf),
                                    lambda drawn: self._view(item, drawn[0], None, txs, contacts, reading=reading,
                                                             draft=draft, pages=drawn[1]),
                                    self.show_error, label=_("Preparing the preview"))

        self.session.read(load, lambda values: loaded(*values), self.show_error)

    def _view(self, item: Evidence, image: QImage, text: str | None, txs: list[Any], contacts: list[Any],
              reading: Any = None, draft: Mapping[str, Any] | None = None, pages: int = 0) -> None:
        case_id = item.case_id

        def search(query: str, found: Callable[[list[Any]], None]) -> None:
            self.session.read(lambda store: picker.find_to_link(store, case_id, query), found, self.show_error)

        def save_copy(target: Path, saved: Callable[[Path], None], failed: Callable[[object], None]) -> None:
            self.session.read(lambda store: save_evidence_copy(store, item.id, target), saved, failed)

        edit = EvidenceViewer.ask(self, item, image, txs, contacts, self.copy_secret, search, text=text,
                                  reading=reading, draft=draft, save_copy=save_copy, pages=pages)
        if edit is not None and self.case is not None:
            self.session.run(update_evidence, item.id, self.case.id, caption=edit.caption,
                             transactions=edit.transactions, contacts=edit.contacts, on_error=self.show_error)
