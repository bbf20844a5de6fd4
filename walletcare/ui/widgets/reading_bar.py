"""A slim bar under the evidence grid while text is being read: how far it is, and Cancel."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from walletcare.i18n import _
from walletcare.ui.text_reader import TextReader


class ReadingBar(QWidget):
    """Shows the progress of a ``TextReader``; hidden while it is idle."""

    def __init__(self, reader: TextReader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readingBar")
        self.label = QLabel()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.cancel = QPushButton()
        self.cancel.setObjectName("cancelReading")
        self.cancel.clicked.connect(reader.cancel)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.progress)
        row.addWidget(self.cancel)
        reader.progressed.connect(self._progressed)
        reader.stopped.connect(self.hide)
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        """Sets the texts in the current language."""
        self.cancel.setText(_("Stop reading"))
        self.progress.setAccessibleName(_("Reading the text in screenshots"))

    def _progressed(self, done: int, total: int) -> None:
        self.label.setText(_("Reading the text in screenshots: {done} of {total}").format(done=done, total=total))
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.show()
