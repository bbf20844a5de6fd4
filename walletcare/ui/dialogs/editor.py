"""What every editor dialog shares so typed text is never lost: its named fields (``EditorState``), a
draft of them (kind, what it edits, the values) that the window keeps in the vault over a lock or a close
and puts back with ``restore_draft``, and texts that follow a language switch without touching the input."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QWidget

from walletcare.i18n import _
from walletcare.ui.editor_state import EditorState


class EditorDialog(QDialog):
    """A dialog whose input is kept as a draft; subclasses call ``track(fields)`` once they are built."""

    draft_kind = ""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._texts: list[tuple[Callable[[str], object], str]] = []
        self.state: EditorState | None = None

    def translated(self, setter: Callable[[str], object], msgid: str) -> None:
        """Calls ``setter`` with ``msgid`` translated, now and after every language switch."""
        self._texts.append((setter, msgid))
        setter(_(msgid))

    def add_row(self, form: QFormLayout, msgid: str, field: QWidget) -> QLabel:
        """A form row whose label (with its ``&`` key) is the field's buddy and accessible name."""
        label = QLabel()
        label.setBuddy(field)
        self.translated(label.setText, msgid)
        self.translated(lambda text: field.setAccessibleName(text.replace("&", "")), msgid)
        form.addRow(label, field)
        return label

    def track(self, fields: Mapping[str, QWidget]) -> None:
        """Starts watching ``fields``; what they hold now counts as saved."""
        self.state = EditorState(fields)

    def draft_context(self) -> dict[str, Any]:
        """What the editor edits, so it can be opened again (case id, the record as it was)."""
        return {}

    def is_dirty(self) -> bool:
        """Whether something was typed or changed that is not saved."""
        return self.state is not None and self.state.is_dirty()

    def draft(self) -> dict[str, Any]:
        """The unsaved input with what it belongs to, JSON-ready."""
        values = self.state.values() if self.state is not None else {}
        return {"kind": self.draft_kind, "context": self.draft_context(), "fields": values}

    def restore_draft(self, values: Mapping[str, Any] | None) -> None:
        """Puts a draft's values back into the fields (nothing when ``values`` is None)."""
        if values and self.state is not None:
            self.state.restore(values)

    def retranslate(self) -> None:
        """Texts in the current language; what was typed stays."""
        for setter, msgid in self._texts:
            setter(_(msgid))
        if self.state is not None:
            with self.state.quiet():
                self.retranslate_choices()
        else:
            self.retranslate_choices()

    def retranslate_choices(self) -> None:
        """Re-fills translated choice lists keeping the choice (subclasses)."""
