"""Passphrase entry: a field with a show/hide toggle and a Caps Lock warning, and the two-field form for a
new passphrase with a strength meter (zxcvbn, via ``walletcare.strength``) and a match check. The text is
handed over as a ``bytearray`` and the fields are cleared right after."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QProgressBar, QVBoxLayout, QWidget

from walletcare.i18n import _, sentences
from walletcare.strength import rate
from walletcare.ui.icons import set_icon

METER_COLOURS = ("#c62828", "#c62828", "#ef6c00", "#2e7d32", "#2e7d32")  # by score: red, orange, green


def take_secret(field: QLineEdit) -> bytearray:
    """The field's text as UTF-8 bytes; the field is cleared."""
    secret = bytearray(field.text().encode("utf-8"))
    field.clear()
    return secret


def caps_lock_guess(event: QKeyEvent) -> bool | None:
    """Whether a typed key shows Caps Lock on: a capital without Shift or a small letter with Shift.
    None when the key says nothing (digits, symbols, letters without case)."""
    text = event.text()
    if len(text) != 1 or not text.isalpha() or text.lower() == text.upper():
        return None
    shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
    return text.isupper() != shift


class PassphraseField(QWidget):
    """A password line edit with an eye button that shows the text, and a Caps Lock warning below it.

    ``edit`` is the QLineEdit (for buddies, signals and tests); ``conceal()`` hides the text again."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setObjectName(object_name)
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.installEventFilter(self)
        self.toggle = QAction(self.edit)
        self.toggle.setObjectName("showPassphrase")
        self.toggle.setCheckable(True)
        self.toggle.toggled.connect(self._show)
        self.edit.addAction(self.toggle, QLineEdit.ActionPosition.TrailingPosition)
        self.caps = QLabel()
        self.caps.setObjectName("capsLockWarning")
        self.caps.setStyleSheet("color: #b45309;")
        self.caps.hide()
        self.partners: list[QLineEdit] = []  # fields that show and hide together with this one
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(self.edit)
        box.addWidget(self.caps)
        self.setFocusProxy(self.edit)
        self.retranslate()
        self._show(False)

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.caps.setText(_("Caps Lock is on."))
        self._show(self.toggle.isChecked())

    def conceal(self) -> None:
        """Back to dots (on lock, after use)."""
        self.toggle.setChecked(False)
        self.caps.hide()

    def _show(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        for field in (self.edit, *self.partners):
            field.setEchoMode(mode)
        set_icon(self.toggle.setIcon, "hide" if shown else "show")
        tip = _("Hide the passphrase") if shown else _("Show the passphrase")
        self.toggle.setText(tip)
        self.toggle.setToolTip(tip)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit:
            if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
                guess = caps_lock_guess(event)
                if guess is not None:
                    self.caps.setVisible(guess)
            elif event.type() == QEvent.Type.FocusOut:
                self.caps.hide()
        return False


class NewPassphrase(QWidget):
    """Two fields and a meter; ``acceptable_changed`` tells whether both match and it is strong enough.
    ``submitted`` is Enter in either field while the entry is acceptable."""

    acceptable_changed = Signal(bool)
    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = PassphraseField("newPassphrase")
        self.first = self.field.edit
        self.second = QLineEdit()
        self.second.setObjectName("repeatPassphrase")
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.partners.append(self.second)
        for field in (self.first, self.second):
            field.textChanged.connect(self._changed)
            field.returnPressed.connect(self._enter)
        self.meter = QProgressBar()
        self.meter.setRange(0, 5)  # the score 0–4, plus one so that a very weak entry shows a red sliver
        self.meter.setTextVisible(False)
        self.meter.setMaximumHeight(8)
        self.verdict = QLabel()
        self.verdict.setObjectName("strengthVerdict")
        self.verdict.setWordWrap(True)
        self.first_label = QLabel()
        self.first_label.setBuddy(self.first)
        self.second_label = QLabel()
        self.second_label.setBuddy(self.second)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.first_label, self.field)
        form.addRow("", self.meter)
        form.addRow(self.second_label, self.second)
        form.addRow("", self.verdict)
        self.setFocusProxy(self.first)
        self.retranslate()

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.first_label.setText(_("&Passphrase"))
        self.second_label.setText(_("&Repeat it"))
        self.first.setAccessibleName(_("New passphrase"))
        self.second.setAccessibleName(_("Repeat the new passphrase"))
        self.meter.setAccessibleName(_("Passphrase strength"))
        self.field.retranslate()
        self._changed()

    def acceptable(self) -> bool:
        """Strong enough by the estimator, and both fields match."""
        return rate(self.first.text()).acceptable and self.first.text() == self.second.text()

    def _enter(self) -> None:
        if self.acceptable():
            self.submitted.emit()
        elif self.sender() is self.first and not self.second.text():
            self.second.setFocus()

    def _changed(self) -> None:
        rating = rate(self.first.text())
        self.meter.setValue(rating.score + 1 if self.first.text() else 0)
        self.meter.setStyleSheet(f"QProgressBar::chunk {{ background: {METER_COLOURS[rating.score]}; }}")
        if not self.first.text():
            text = _("A few unrelated words work well, e.g. four words you would never put together.")
        elif not rating.acceptable:
            text = sentences(_("Strength: {name}.").format(name=rating.name()), rating.advice())
        elif self.second.text() and self.second.text() != self.first.text():
            text = _("The two entries are not the same yet.")
        else:
            text = _("Strength: {name}.").format(name=rating.name())
        self.verdict.setText(text)
        self.acceptable_changed.emit(self.acceptable())

    def take(self) -> bytearray:
        """The passphrase as bytes; both fields are cleared and the text hidden again."""
        self.second.clear()
        self.field.conceal()
        return take_secret(self.first)
