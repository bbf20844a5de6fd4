"""The text read from a screenshot or PDF, shown read-only in the evidence viewer and marked machine-read."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from walletcare.i18n import _


class ReadText(QWidget):
    """Machine-read text of one item (or why there is none)."""

    def __init__(self, reading: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setObjectName("readText")
        self.text.setReadOnly(True)
        self.text.setAccessibleName(_("Text read from the picture"))
        self.text.setMaximumHeight(self.text.fontMetrics().height() * 8)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.note)
        box.addWidget(self.text)
        if reading is None:
            self.note.setText(_("The text of this file has not been read yet."))
            self.text.hide()
        elif reading.sealed:
            self.note.setText(_("This file shows a recovery phrase or private key. It is sealed: its text is not kept "
                                "and it is never exported."))
            self.text.hide()
        else:
            note = _("Read by the computer; it can contain mistakes, so check it against the picture.")
            if reading.flags:
                note += " " + _("It shows scam warning signs: {signs}.").format(
                    signs="、".join(f"“{f['match']}”" for f in reading.flags))
            self.note.setText(note)
            self.text.setPlainText(reading.text)
