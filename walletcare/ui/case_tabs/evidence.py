"""Evidence tab: a thumbnail grid of originals; drop files on it, paste a screenshot with Ctrl+V, or
"Add screenshot…" (the primary action). Double-click opens the viewer (zoom, caption, links, SHA-256).
Pasted images are encoded to PNG in memory; nothing is written outside the vault."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData, QModelIndex, QSize, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QListView, QPushButton

from walletcare.evidence.models import Evidence
from walletcare.i18n import _
from walletcare.ui.case_tabs.base import CaseTab
from walletcare.ui.dialogs.evidence_viewer import EvidenceViewer
from walletcare.ui.models.evidence import THUMB, EvidenceModel
from walletcare.ui.operations import Changes
from walletcare.ui.operations.evidence import add_evidence_bytes, add_evidence_files, update_evidence


def image_png(image: QImage) -> bytes:
    """A QImage as PNG bytes, encoded in memory."""
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(array.data())


class EvidenceTab(CaseTab):
    """Grid of evidence with drag-and-drop and paste."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.copy_secret: Callable[[str], None] = lambda _t: None
        self.model = EvidenceModel()
        self.setAcceptDrops(True)
        self.add_button = QPushButton()
        self.add_button.setObjectName("addScreenshot")
        self.add_button.clicked.connect(self.choose_files)
        self.paste_button = QPushButton()
        self.paste_button.clicked.connect(self.paste)
        self.empty = QLabel()
        self.empty.setObjectName("evidenceEmpty")
        self.empty.setWordWrap(True)
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
        self.paste_shortcut = QShortcut(QKeySequence.StandardKey.Paste, self)
        self.paste_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.paste_shortcut.activated.connect(self.paste)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.paste_button)
        row.addStretch(1)
        self.box.addLayout(row)
        self.box.addWidget(self.empty)
        self.box.addWidget(self.grid, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.add_button.setText(_("&Add screenshot…"))
        self.paste_button.setText(_("&Paste screenshot (Ctrl+V)"))
        self.empty.setText(_("No evidence yet — drag screenshots here or press Ctrl+V."))
        self.grid.setAccessibleName(_("Evidence"))

    def reload(self) -> None:
        if self.case is None:
            return
        case_id = self.case.id
        self.session.read(lambda store: list(store.evidence.list(case_id)), self._loaded)

    def _loaded(self, items: list[Evidence]) -> None:
        self.model.set_items(items)
        self.empty.setVisible(not items)
        for evidence_id in self.model.missing_thumbnails():
            self.session.read(lambda store, i=evidence_id: store.evidence.derived(i, "thumbnail"),
                              lambda found, i=evidence_id: found and self.model.set_thumbnail(i, found[1]))

    def clear(self) -> None:
        self.model.clear()

    def cares_about(self, changes: Changes) -> bool:
        return changes.evidence

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
        if duplicates:
            self.notify(_("{n} item(s) were already in this case and were not added twice.").format(n=duplicates))
        else:
            self.notify(_("Evidence added. SHA-256: {sha}").format(sha=results[-1][0].sha256[:16] + "…"))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if self.case is not None and self._droppable(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
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

        def load(store: Any) -> tuple[Evidence, QImage, list[Any], list[Any]]:
            item = store.evidence.get(evidence_id)
            txs = list(store.transactions.page(case_id, offset=0, limit=500, sort="time", descending=True))
            data = store.evidence.data(item.id)
            image = QImage.fromData(data) if item.mime.startswith("image/") else QImage()  # decoded off the GUI thread
            return item, image, txs, list(store.contacts.list(case_id))

        self.session.read(load, lambda loaded: self._view(*loaded, draft=draft), self.show_error)

    def _view(self, item: Evidence, image: QImage, txs: list[Any], contacts: list[Any],
              draft: Mapping[str, Any] | None = None) -> None:
        edit = EvidenceViewer.ask(self, item, image, txs, contacts, self.copy_secret, draft)
        if edit is not None and self.case is not None:
            self.session.run(update_evidence, item.id, self.case.id, caption=edit.caption,
                             transactions=edit.transactions, contacts=edit.contacts, on_error=self.show_error)
