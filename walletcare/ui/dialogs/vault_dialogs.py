"""Vault-wide dialogs: choose a new passphrase, show a new recovery code once, type a backup's passphrase."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from walletcare.i18n import _
from walletcare.ui.widgets.passphrase import NewPassphrase, PassphraseField, take_secret


class NewPassphraseDialog(QDialog):
    """Two fields with the strength meter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newPassphraseDialog")
        self.setWindowTitle(_("Change the passphrase"))
        self.fields = NewPassphrase()
        note = QLabel(_("Your data is not re-encrypted; only the key that opens it is wrapped again. The recovery code keeps working."))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)
        self.fields.acceptable_changed.connect(ok.setEnabled)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(note)
        box.addWidget(self.fields)
        box.addWidget(buttons)

    @classmethod
    def ask(cls, parent: QWidget | None) -> bytearray | None:
        """The new passphrase as bytes, or None when cancelled."""
        dialog = cls(parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        secret = dialog.fields.take()
        return secret if accepted else None


class RecoveryCodeDialog(QDialog):
    """Shows a recovery code once; closing needs "I wrote it down"."""

    def __init__(self, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryCodeDialog")
        self.setWindowTitle(_("Your recovery code"))
        text = QLabel(_("The old code no longer works. Write this one down and keep it away from this computer. "
                        "No real support will ever ask for it."))
        text.setWordWrap(True)
        self.code = QLabel(code)
        self.code.setObjectName("recoveryCode")
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSizeF(self.font().pointSizeF() * 1.4)
        self.code.setFont(font)
        self.confirm = QCheckBox(_("I have &written it down or printed it"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)
        self.confirm.toggled.connect(ok.setEnabled)
        buttons.accepted.connect(self.accept)
        box = QVBoxLayout(self)
        for widget in (text, self.code, self.confirm, buttons):
            box.addWidget(widget)

    def reject(self) -> None:
        if self.confirm.isChecked():
            super().reject()

    @classmethod
    def ask(cls, parent: QWidget | None, code: str) -> None:
        """Shows the code until the user confirms."""
        cls(code, parent).exec()


class PassphrasePrompt(QDialog):
    """One password field (e.g. the passphrase of a backup to restore)."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.passphrase = PassphraseField("promptPassphrase")
        self.field = self.passphrase.edit
        self.field.setAccessibleName(_("Passphrase"))
        label = QLabel(text)
        label.setWordWrap(True)
        label.setBuddy(self.field)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        for widget in (label, self.passphrase, buttons):
            box.addWidget(widget)

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, text: str) -> bytearray | None:
        """The typed passphrase as bytes, or None when cancelled."""
        dialog = cls(title, text, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        secret = take_secret(dialog.field)
        return secret if accepted and secret else None
