"""Rows of an export that cannot be stored, each with its line number and the reason, and the choice to
import the other rows or nothing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QVBoxLayout, QWidget

from walletcare.i18n import _


class BadRowsDialog(QDialog):
    """Lists the bad rows; Accept = import the rest."""

    def __init__(self, bad_rows: Sequence[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("badRowsDialog")
        self.setWindowTitle(_("Some rows cannot be imported"))
        text = QLabel(_("{n} rows of this file cannot be stored. Nothing has been written yet. You can import the "
                        "other rows now; the file itself is kept as evidence either way.").format(n=len(bad_rows)))
        text.setWordWrap(True)
        self.rows = QListWidget()
        self.rows.setObjectName("badRowsList")
        for bad in bad_rows:
            self.rows.addItem(_("Line {line}: {reason}").format(line=bad.line, reason=bad.reason))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_rest = self.buttons.addButton(_("Import the other rows"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(text)
        box.addWidget(self.rows, 1)
        box.addWidget(self.buttons)
        self.resize(640, 360)

    @classmethod
    def ask(cls, parent: QWidget | None, bad_rows: Sequence[Any]) -> bool:
        """True when the user chose to import the other rows."""
        return cls(bad_rows, parent).exec() == QDialog.DialogCode.Accepted
