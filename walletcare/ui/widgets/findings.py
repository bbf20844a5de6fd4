"""What the machine-read text of a case's screenshots asks of the user, above the evidence grid: screenshots
sealed because they show a recovery phrase or private key (Delete, or Keep sealed), and suggestions made from
facts found in the text (Accept, or Dismiss). Each is one click; nothing is applied without one."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from walletcare.evidence.readings import sealed_advice
from walletcare.i18n import _, sentences
from walletcare.ui.icons import set_icon

MAX_SHOWN = 20  # suggestions listed at once; the rest come up as these are accepted or dismissed


def _row(text: str, buttons: list[QPushButton], name: str) -> QWidget:
    row = QWidget()
    row.setObjectName(name)
    box = QHBoxLayout(row)
    box.setContentsMargins(0, 0, 0, 0)
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.addWidget(label, 1)
    for button in buttons:
        box.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
    return row


class FindingsPanel(QWidget):
    """Sealed screenshots and pending suggestions of one case; hidden when there are none."""

    accept = Signal(str)  # suggestion id
    dismiss = Signal(str)
    delete = Signal(int)  # evidence id
    keep = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findingsPanel")
        self.sealed_box = QGroupBox()
        self.sealed_box.setObjectName("sealedBox")
        self.sealed_rows = QVBoxLayout(self.sealed_box)
        self.suggestions_box = QGroupBox()
        self.suggestions_box.setObjectName("suggestionsBox")
        inner = QWidget()
        self.suggestion_rows = QVBoxLayout(inner)
        self.suggestion_rows.setContentsMargins(0, 0, 0, 0)
        self.scroller = QScrollArea()
        self.scroller.setWidget(inner)
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.more = QLabel()
        wrap = QVBoxLayout(self.suggestions_box)
        wrap.addWidget(self.scroller)
        wrap.addWidget(self.more)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.sealed_box)
        box.addWidget(self.suggestions_box)
        self.sealed: list[tuple[int, str, Any]] = []
        self.suggestions: list[tuple[str, str]] = []
        self.buttons: dict[tuple[str, str], QPushButton] = {}  # (action, id) -> button, for keyboard and tests
        self.show_findings([], [])

    def retranslate(self) -> None:
        """Texts in the current language (the sentences come translated from ``load_findings``)."""
        self.show_findings(self.sealed, self.suggestions)

    def clear(self) -> None:
        """Drops everything shown (vault locked, or another case)."""
        self.show_findings([], [])

    def show_findings(self, sealed: list[tuple[int, str, Any]], suggestions: list[tuple[str, str]]) -> None:
        """Replaces the rows (nothing is rebuilt when they are the same)."""
        shown = ([(i, n, r.sealed) for i, n, r in sealed], list(suggestions), _("Accept"))
        if self.buttons and shown == getattr(self, "_shown", None):
            return
        self._shown = shown
        self.sealed, self.suggestions = list(sealed), list(suggestions)
        self.buttons = {}
        for layout in (self.sealed_rows, self.suggestion_rows):
            while layout.count():
                item = layout.takeAt(0)
                widget = item.widget() if item is not None else None
                if widget is not None:  # off screen at once: deleteLater alone leaves it drawn until the loop runs
                    widget.hide()
                    widget.setParent(None)
                    widget.deleteLater()
        self.sealed_box.setTitle(_("Sealed: screenshots that show a secret"))
        for evidence_id, name, reading in self.sealed:
            what = _("a recovery (seed) phrase") if reading.secret == "seed" else _("a private key")
            if reading.sealed == "held":
                text = sentences(_("“{name}” shows {what} ({excerpt}). Anyone who sees it can take your funds, so "
                                   "it is sealed in the vault and never exported. Delete it, or keep it sealed.").format(
                    name=name, what=what, excerpt=reading.excerpt), sealed_advice())
                delete = self._button("delete", str(evidence_id), _("Delete…"), "delete", partial(self.delete.emit, evidence_id))
                keep = self._button("keep", str(evidence_id), _("Keep sealed"), "lock",
                                    partial(self.keep.emit, evidence_id))
                self.sealed_rows.addWidget(_row(text, [delete, keep], "sealedHeld"))
            else:
                text = _("“{name}” is kept sealed and never exported.").format(name=name)
                delete = self._button("delete", str(evidence_id), _("Delete…"), "delete",
                                      partial(self.delete.emit, evidence_id))
                self.sealed_rows.addWidget(_row(text, [delete], "sealedKept"))
        self.sealed_box.setVisible(bool(self.sealed))
        self.suggestions_box.setTitle(_("Suggestions from the text of your screenshots ({n})").format(
            n=len(self.suggestions)))
        for suggestion_id, text in self.suggestions[:MAX_SHOWN]:
            accept = self._button("accept", suggestion_id, _("Accept"), "ok",
                                  partial(self.accept.emit, suggestion_id))
            dismiss = self._button("dismiss", suggestion_id, _("Ignore"), "close",
                                   partial(self.dismiss.emit, suggestion_id))
            self.suggestion_rows.addWidget(_row(text, [accept, dismiss], "suggestion"))
        self.suggestion_rows.addStretch(1)
        # about two lines a row (measuring each wrapped label would cost a layout pass per row)
        rows = min(len(self.suggestions), MAX_SHOWN)
        self.scroller.setFixedHeight(min(180, rows * (self.fontMetrics().height() * 2 + 14) + 4))
        hidden = len(self.suggestions) - MAX_SHOWN
        self.more.setText(_("{n} more after these.").format(n=hidden) if hidden > 0 else "")
        self.more.setVisible(hidden > 0)
        self.suggestions_box.setVisible(bool(self.suggestions))
        self.setVisible(bool(self.sealed or self.suggestions))

    def _button(self, action: str, key: str, text: str, icon: str, clicked: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        set_icon(button.setIcon, icon)
        button.clicked.connect(lambda _c=False: clicked())
        self.buttons[(action, key)] = button
        return button
