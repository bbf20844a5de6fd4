"""The confirmation before something is removed or replaced: what goes (name, counts), whether Undo can bring
it back, and a button that names the action ("Remove", "Delete case", "Undo import", "Restore"); Cancel is the
default."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from walletcare.i18n import _


def file_size_text(size: int) -> str:
    """``12.3 MB``, ``456 KB`` or ``789 B``."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    if size >= 1_000:
        return f"{size / 1_000:.0f} KB"
    return f"{size} B"


class ConfirmRemoval(QDialog):
    """Asks once; ``ask`` returns whether the user chose the action."""

    def __init__(self, title: str, question: str, details: list[str], undoable: bool, action: str,
                 parent: QWidget | None = None, notes: list[str] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confirmRemoval")
        self.setWindowTitle(title)
        self.question = QLabel(question)
        self.question.setWordWrap(True)
        font = self.question.font()
        font.setBold(True)
        self.question.setFont(font)
        self.details = QLabel("\n".join(f"• {line}" for line in details))
        self.details.setWordWrap(True)
        self.undo_note = QLabel(_("You can undo this until the vault is locked: press “Undo” in the bar that "
                                  "appears.") if undoable else
                                _("This is too large to keep for Undo: once removed, it can only come back from a "
                                  "backup."))
        self.undo_note.setObjectName("undoNote")
        self.undo_note.setWordWrap(True)
        self.audit_note = QLabel(_("The history of changes keeps a record of what was removed and its fingerprint "
                                   "(SHA-256)."))
        self.audit_note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.action_button = QPushButton(action)
        self.action_button.setObjectName("confirmRemove")
        self.action_button.setAutoDefault(False)
        buttons.addButton(self.action_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)
        cancel.setFocus()
        self.action_button.clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        if notes is not None:  # not a removal (a restore): the caller says what else to know
            self.undo_note.setText("\n".join(notes))
            self.undo_note.setVisible(bool(notes))
            self.audit_note.hide()
        box = QVBoxLayout(self)
        for widget in (self.question, self.details, self.undo_note, self.audit_note):
            box.addWidget(widget)
        box.addWidget(buttons)
        self.setMinimumWidth(460)

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, question: str, details: list[str], undoable: bool,
            action: str, notes: list[str] | None = None) -> bool:
        """Shows the confirmation; True when the action was chosen (``notes`` replace the notes on Undo and the
        history of changes)."""
        return cls(title, question, details, undoable, action, parent, notes).exec() == QDialog.DialogCode.Accepted
