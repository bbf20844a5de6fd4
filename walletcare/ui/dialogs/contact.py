"""A contact with support: kind, when, which number or channel and where it came from, agent, ticket,
what was said and promised, when to follow up, whether the promise was kept."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QDate, QDateTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from walletcare.evidence.models import CONTACT_KINDS, Contact
from walletcare.i18n import _
from walletcare.ui.display import contact_kind_text
from walletcare.ui.widgets.dates import localize

NO_DATE = QDate(2000, 1, 1)


class ContactDialog(QDialog):
    """Every field of a contact note; ``contact()`` builds the record."""

    def __init__(self, contact: Contact, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contactDialog")
        self.setWindowTitle(_("Contact note"))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        self.original = contact
        self.kind = QComboBox()
        for kind in CONTACT_KINDS:
            self.kind.addItem(contact_kind_text(kind), kind)
        self.kind.setCurrentIndex(max(0, self.kind.findData(contact.kind)))
        self.at = QDateTimeEdit(QDateTime(contact.at.astimezone().replace(tzinfo=None)))
        self.at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.at.setCalendarPopup(True)
        localize(self.at)
        self.channel = QLineEdit(contact.channel)
        self.official_source = QLineEdit(contact.official_source)
        self.official_source.setPlaceholderText(_("e.g. the number printed inside the official app"))
        self.agent = QLineEdit(contact.agent)
        self.ticket = QLineEdit(contact.ticket)
        self.summary = QPlainTextEdit(contact.summary)
        self.summary.setObjectName("contactSummary")
        self.summary.setTabChangesFocus(True)
        self.promised = QLineEdit(contact.promised)
        self.follow_up = QDateEdit()
        self.follow_up.setMinimumDate(NO_DATE)
        self.follow_up.setSpecialValueText("—")
        self.follow_up.setCalendarPopup(True)
        self.follow_up.setDate(QDate(contact.follow_up) if contact.follow_up else NO_DATE)
        localize(self.follow_up)
        self.kept = QComboBox()
        for label, value in ((_("Not known yet"), None), (_("Yes"), True), (_("No"), False)):
            self.kept.addItem(label, value)
        self.kept.setCurrentIndex({None: 0, True: 1, False: 2}[contact.promise_kept])
        self.tags = QLineEdit(", ".join(contact.tags))
        self.problem = QLabel()
        form = QFormLayout(self)
        rows = ((_("&Kind"), self.kind), (_("&When"), self.at), (_("&Number or channel"), self.channel),
                (_("Where the number &came from"), self.official_source), (_("&Agent name or id"), self.agent),
                (_("&Ticket no."), self.ticket), (_("What was &said"), self.summary),
                (_("What was &promised, by when"), self.promised), (_("&Follow up on"), self.follow_up),
                (_("Promise &kept?"), self.kept), (_("Ta&gs"), self.tags))
        for label, field in rows:
            buddy = QLabel(label)
            buddy.setBuddy(field)
            field.setAccessibleName(label.replace("&", ""))
            form.addRow(buddy, field)
        hint = QLabel(_("Never give a passphrase, PIN, verification code or seed phrase on a call — real support never asks."))
        hint.setWordWrap(True)
        form.addRow(hint)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _accept(self) -> None:
        if not self.summary.toPlainText().strip():
            self.problem.setText(_("Write a few words about what was said, even “no answer”."))
            return
        self.accept()

    def contact(self) -> Contact:
        """The contact note as typed."""
        follow = None if self.follow_up.date() == NO_DATE else self.follow_up.date().toPython()
        return replace(self.original, kind=self.kind.currentData(), at=self.at.dateTime().toPython().astimezone(),
                       channel=self.channel.text().strip(), official_source=self.official_source.text().strip(),
                       agent=self.agent.text().strip(), ticket=self.ticket.text().strip(),
                       summary=self.summary.toPlainText().strip(), promised=self.promised.text().strip(),
                       follow_up=follow, promise_kept=self.kept.currentData(),
                       tags=tuple(t.strip() for t in self.tags.text().split(",") if t.strip()))

    @classmethod
    def ask(cls, parent: QWidget | None, contact: Contact) -> Contact | None:
        """Shows the dialog; the note typed, or None when cancelled."""
        dialog = cls(contact, parent)
        return dialog.contact() if dialog.exec() == QDialog.DialogCode.Accepted else None
