"""What an editor holds, as plain values: read from its input widgets, put back into them, compared with
what it held when it was filled (dirty or not). Drafts, dirty markers and "save changes?" questions are all
built on this. Password fields are never read: a password is not kept in a draft."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol, runtime_checkable

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QLineEdit,
    QListView,
    QListWidget,
    QPlainTextEdit,
    QWidget,
)

Fields = Mapping[str, QWidget]


@runtime_checkable
class LinkedRows(Protocol):
    """A list model of rows the user ticks to link (the transaction link picker's)."""

    def linked_ids(self) -> tuple[int, ...]: ...

    def set_linked(self, linked: tuple[int, ...]) -> None: ...


def _checked_items(widget: QListWidget) -> list[Any]:
    return [widget.item(i).data(Qt.ItemDataRole.UserRole) for i in range(widget.count())
            if widget.item(i).checkState() == Qt.CheckState.Checked]


def read_value(widget: QWidget) -> Any:
    """The value a user set in one input widget (None for a password field or an unknown widget)."""
    if isinstance(widget, QLineEdit):
        return None if widget.echoMode() != QLineEdit.EchoMode.Normal else widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentIndex()
    if isinstance(widget, QDateTimeEdit):  # QDateEdit too
        return widget.dateTime().toString(Qt.DateFormat.ISODate)
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QListWidget):
        return _checked_items(widget)
    if isinstance(widget, QListView) and isinstance(model := widget.model(), LinkedRows):  # the link picker
        return list(model.linked_ids())
    return None


def write_value(widget: QWidget, value: Any) -> None:
    """Puts a value read by ``read_value`` back (values of the wrong type are ignored)."""
    if isinstance(widget, QLineEdit) and isinstance(value, str):
        widget.setText(value)
    elif isinstance(widget, QPlainTextEdit) and isinstance(value, str):
        widget.setPlainText(value)
    elif isinstance(widget, QComboBox) and isinstance(value, int) and 0 <= value < widget.count():
        widget.setCurrentIndex(value)
    elif isinstance(widget, QDateTimeEdit) and isinstance(value, str):
        moment = QDateTime.fromString(value, Qt.DateFormat.ISODate)
        if moment.isValid():
            widget.setDateTime(moment)
    elif isinstance(widget, QCheckBox) and isinstance(value, bool):
        widget.setChecked(value)
    elif isinstance(widget, QListWidget) and isinstance(value, list):
        for i in range(widget.count()):
            item = widget.item(i)
            checked = item.data(Qt.ItemDataRole.UserRole) in value
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    elif isinstance(widget, QListView) and isinstance(model := widget.model(), LinkedRows) and isinstance(value, list):
        model.set_linked(tuple(v for v in value if isinstance(v, int)))


def _connect(widget: QWidget, callback: Callable[[], None]) -> None:
    if isinstance(widget, QLineEdit):
        widget.textChanged.connect(lambda _t: callback())
    elif isinstance(widget, QPlainTextEdit):
        widget.textChanged.connect(callback)
    elif isinstance(widget, QComboBox):
        widget.currentIndexChanged.connect(lambda _i: callback())
    elif isinstance(widget, QDateTimeEdit):
        widget.dateTimeChanged.connect(lambda _d: callback())
    elif isinstance(widget, QCheckBox):
        widget.toggled.connect(lambda _c: callback())
    elif isinstance(widget, QListWidget):
        widget.itemChanged.connect(lambda _i: callback())
    elif isinstance(widget, QListView) and widget.model() is not None:
        widget.model().dataChanged.connect(lambda *_a: callback())
        widget.model().modelReset.connect(callback)


class EditorState:
    """The named input widgets of one editor and the values they held when last filled or saved."""

    def __init__(self, fields: Fields, on_dirty: Callable[[bool], None] | None = None) -> None:
        self.fields = dict(fields)
        self._baseline: dict[str, Any] = {}
        self._on_dirty = on_dirty
        self._dirty = False
        self._quiet = 0
        for widget in self.fields.values():
            _connect(widget, self._changed)
        self.mark_clean()

    def values(self) -> dict[str, Any]:
        """What every field holds now (password fields left out)."""
        values = {name: read_value(widget) for name, widget in self.fields.items()}
        return {name: value for name, value in values.items() if value is not None}

    def restore(self, values: Mapping[str, Any]) -> None:
        """Puts ``values`` (from ``values()``, maybe of an older editor) back into the fields."""
        with self.quiet():
            for name, value in values.items():
                widget = self.fields.get(name)
                if widget is not None:
                    write_value(widget, value)
        self._changed()

    def mark_clean(self) -> None:
        """What the fields hold now is what is stored (just filled or saved)."""
        self._baseline = self.values()
        self._dirty = False
        if self._on_dirty is not None:
            self._on_dirty(False)

    def is_dirty(self) -> bool:
        """Whether any field differs from what was stored."""
        return self.values() != self._baseline

    def quiet(self) -> _Quiet:
        """A block in which field changes do not re-check the dirty state (refilling lists, retranslating)."""
        return _Quiet(self)

    def _changed(self) -> None:
        if self._quiet:
            return
        dirty = self.is_dirty()
        if dirty != self._dirty:
            self._dirty = dirty
            if self._on_dirty is not None:
                self._on_dirty(dirty)


class _Quiet:
    def __init__(self, state: EditorState) -> None:
        self.state = state

    def __enter__(self) -> None:
        self.state._quiet += 1

    def __exit__(self, *exc: object) -> None:
        self.state._quiet -= 1
        self.state._changed()
