"""A bar that says what was just removed and offers "Undo" until the next one, or until the vault is locked."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from walletcare.i18n import _


class UndoBar(QFrame):
    """Hidden until ``offer``; ``clear`` hides it (lock, or the undo was used)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("undoBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.undo_button = QPushButton()
        self.undo_button.setObjectName("undoRemoval")
        self.undo_button.clicked.connect(self._undo)
        self.close_button = QPushButton()
        self.close_button.setFlat(True)
        self.close_button.clicked.connect(self.clear)
        row = QHBoxLayout(self)
        row.addWidget(self.text, 1)
        row.addWidget(self.undo_button)
        row.addWidget(self.close_button)
        self._action: Callable[[], None] | None = None
        self._dropped: Callable[[], None] | None = None
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.undo_button.setText(_("Undo"))
        self.close_button.setText(_("Dismiss"))
        self.close_button.setAccessibleName(_("Dismiss"))

    def offer(self, text: str, action: Callable[[], None] | None, dropped: Callable[[], None] | None = None,
              button: str | None = None) -> None:
        """Shows ``text``; the button ("Undo", or ``button``) runs ``action`` (none: no button). ``dropped`` runs
        when the offer is replaced or dismissed without being used (to free what was kept for it)."""
        self._drop()
        self.text.setText(text)
        self.undo_button.setText(button or _("Undo"))
        self._action, self._dropped = action, dropped
        self.undo_button.setVisible(action is not None)
        self.show()

    def clear(self) -> None:
        """Hides the bar; the offer is gone."""
        self._drop()
        self.hide()

    def forget(self) -> None:
        """Hides the bar without running ``dropped`` (the vault was locked: nothing is kept any more)."""
        self._action = self._dropped = None
        self.hide()

    def _drop(self) -> None:
        dropped, self._dropped, self._action = self._dropped, None, None
        if dropped is not None:
            dropped()

    def _undo(self) -> None:
        action, self._action, self._dropped = self._action, None, None
        self.hide()
        if action is not None:
            action()
