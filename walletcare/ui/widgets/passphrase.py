"""Passphrase entry: two fields with a strength meter and a match check, handing the text over as a
``bytearray`` and clearing the fields right after."""

from __future__ import annotations

import math
import string

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QProgressBar, QWidget

from walletcare.i18n import N_, _

MIN_LENGTH = 10
STRENGTH_NAMES = (N_("Too short"), N_("Weak"), N_("Fair"), N_("Good"), N_("Strong"))


def strength(passphrase: str) -> int:
    """A 0–4 score from length and character variety (≈ entropy bits / 20), 0 below MIN_LENGTH."""
    if len(passphrase) < MIN_LENGTH:
        return 0
    pool = 0
    if any(c in string.ascii_lowercase for c in passphrase):
        pool += 26
    if any(c in string.ascii_uppercase for c in passphrase):
        pool += 26
    if any(c in string.digits for c in passphrase):
        pool += 10
    if any(c in string.punctuation or c == " " for c in passphrase):
        pool += 33
    if any(ord(c) > 127 for c in passphrase):
        pool += 2000
    distinct = len(set(passphrase))
    bits = min(len(passphrase), distinct * 2) * math.log2(max(pool, 2))
    return max(1, min(4, int(bits // 20)))


def take_secret(field: QLineEdit) -> bytearray:
    """The field's text as UTF-8 bytes; the field is cleared."""
    secret = bytearray(field.text().encode("utf-8"))
    field.clear()
    return secret


class NewPassphrase(QWidget):
    """Two fields and a meter; ``acceptable_changed`` tells whether both match and are long enough."""

    acceptable_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.first = QLineEdit()
        self.first.setObjectName("newPassphrase")
        self.second = QLineEdit()
        self.second.setObjectName("repeatPassphrase")
        for field in (self.first, self.second):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.textChanged.connect(self._changed)
        self.meter = QProgressBar()
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(False)
        self.meter.setMaximumHeight(8)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.first_label = QLabel()
        self.first_label.setBuddy(self.first)
        self.second_label = QLabel()
        self.second_label.setBuddy(self.second)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.first_label, self.first)
        form.addRow("", self.meter)
        form.addRow(self.second_label, self.second)
        form.addRow("", self.verdict)
        self.retranslate()

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.first_label.setText(_("&Passphrase"))
        self.second_label.setText(_("&Repeat it"))
        self.first.setAccessibleName(_("New passphrase"))
        self.second.setAccessibleName(_("Repeat the new passphrase"))
        self.meter.setAccessibleName(_("Passphrase strength"))
        self._changed()

    def acceptable(self) -> bool:
        """Long enough, not weak, and both fields match."""
        return strength(self.first.text()) >= 2 and self.first.text() == self.second.text()

    def _changed(self) -> None:
        score = strength(self.first.text())
        self.meter.setValue(score)
        if not self.first.text():
            text = _("At least {n} characters. A few unrelated words work well.").format(n=MIN_LENGTH)
        elif score < 2:
            text = _("Strength: {name}. Add more words or characters.").format(name=_(STRENGTH_NAMES[score]))
        elif self.second.text() and self.second.text() != self.first.text():
            text = _("The two entries are not the same yet.")
        else:
            text = _("Strength: {name}.").format(name=_(STRENGTH_NAMES[score]))
        self.verdict.setText(text)
        self.acceptable_changed.emit(self.acceptable())

    def take(self) -> bytearray:
        """The passphrase as bytes; both fields are cleared."""
        self.second.clear()
        return take_secret(self.first)
