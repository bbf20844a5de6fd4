"""A contact note: kind, who it was with, when, which number or channel and where it came from, agent, ticket,
what was said and promised, when to follow up, whether the promise was kept."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QDate
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

from walletcare.evidence import records
from walletcare.evidence.models import CONTACT_KINDS, CONTACT_PARTIES, CONTACT_PARTY_NAMES, Contact
from walletcare.i18n import N_, _
from walletcare.ui.dialogs.editor import EditorDialog
from walletcare.ui.display import contact_kind_text
from walletcare.ui.widgets.dates import date_of, datetime_of, localize, to_qdate, to_qdatetime

NO_DATE = QDate(2000, 1, 1)
KEPT = ((N_("Not known yet"), None), (N_("Yes"), True), (N_("No"), False))


class ContactDialog(EditorDialog):
    """Every field of a contact note; ``contact()`` builds the record."""

    draft_kind = "contact"

    def __init__(self, contact: Contact, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contactDialog")
        self.translated(self.setWindowTitle, N_("Contact note"))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        self.original = contact
        self.kind = QComboBox()
        self.kind.setObjectName("contactKind")
        self.party = QComboBox()
        self.party.setObjectName("contactParty")
        self.at = QDateTimeEdit(to_qdatetime(contact.at.astimezone().replace(tzinfo=None)))
        self.at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.at.setCalendarPopup(True)
        localize(self.at)
        self.channel = QLineEdit(contact.channel)
        self.official_source = QLineEdit(contact.official_source)
        self.translated(self.official_source.setPlaceholderText, N_("e.g. the number printed inside the official app"))
        self.agent = QLineEdit(contact.agent)
        self.agent.setObjectName("contactAgent")
        self.ticket = QLineEdit(contact.ticket)
        self.ticket.setObjectName("contactTicket")
        self.summary = QPlainTextEdit(contact.summary)
        self.summary.setObjectName("contactSummary")
        self.summary.setTabChangesFocus(True)
        self.promised = QLineEdit(contact.promised)
        self.follow_up = QDateEdit()
        self.follow_up.setMinimumDate(NO_DATE)
        self.follow_up.setSpecialValueText("—")
        self.follow_up.setCalendarPopup(True)
        self.follow_up.setDate(to_qdate(contact.follow_up) if contact.follow_up else NO_DATE)
        localize(self.follow_up)
        self.kept = QComboBox()
        self.retranslate_choices()
        self.kind.setCurrentIndex(max(0, self.kind.findData(contact.kind)))
        self.party.setCurrentIndex(max(0, self.party.findData(contact.party)))
        self.kept.setCurrentIndex({None: 0, True: 1, False: 2}[contact.promise_kept])
        self.tags = QLineEdit(", ".join(contact.tags))
        self.problem = QLabel()
        form = QFormLayout(self)
        rows = ((N_("&Kind"), self.kind), (N_("W&ho with"), self.party), (N_("&When"), self.at), (N_("&Number or channel"), self.channel),
                (N_("Where the number &came from"), self.official_source), (N_("&Agent name or id"), self.agent),
                (N_("&Ticket no."), self.ticket), (N_("What was &said"), self.summary),
                (N_("What was &promised, by when"), self.promised), (N_("&Follow up on"), self.follow_up),
                (N_("Promise k&ept?"), self.kept), (N_("Ta&gs"), self.tags))
        for label, field in rows:
            self.add_row(form, label, field)
        hint = QLabel()
        self.translated(hint.setText, N_("Never give a passphrase, PIN, verification code or seed phrase on a call — "
                                         "real support never asks."))
        hint.setWordWrap(True)
        form.addRow(hint)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.track({"kind": self.kind, "party": self.party, "at": self.at, "channel": self.channel, "official_source": self.official_source,
                    "agent": self.agent, "ticket": self.ticket, "summary": self.summary, "promised": self.promised,
                    "follow_up": self.follow_up, "kept": self.kept, "tags": self.tags})

    def retranslate_choices(self) -> None:
        for combo, choices in ((self.kind, [(contact_kind_text(k), k) for k in CONTACT_KINDS]),
                               (self.party, [(_(CONTACT_PARTY_NAMES[p]), p) for p in ("", *CONTACT_PARTIES)]),
                               (self.kept, [(_(label), value) for label, value in KEPT])):
            index = combo.currentIndex()
            combo.clear()
            for text, value in choices:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(0, index))

    def draft_context(self) -> dict[str, Any]:
        return {"case_id": self.original.case_id, "original": records.body_of(self.original, skip=())}

    @staticmethod
    def original_of(context: Mapping[str, Any]) -> Contact:
        """The note a draft was typed over (``draft_context``)."""
        return records.from_body(Contact, dict(context["original"]))

    def _accept(self) -> None:
        if not self.summary.toPlainText().strip():
            self.problem.setText(_("Write a few words about what was said, even “no answer”."))
            return
        self.accept()

    def contact(self) -> Contact:
        """The contact note as typed."""
        follow = None if self.follow_up.date() == NO_DATE else date_of(self.follow_up.date())
        return replace(self.original, kind=self.kind.currentData(), party=self.party.currentData(), at=datetime_of(self.at.dateTime()).astimezone(),
                       channel=self.channel.text().strip(), official_source=self.official_source.text().strip(),
                       agent=self.agent.text().strip(), ticket=self.ticket.text().strip(),
                       summary=self.summary.toPlainText().strip(), promised=self.promised.text().strip(),
                       follow_up=follow, promise_kept=self.kept.currentData(),
                       tags=tuple(t.strip() for t in self.tags.text().split(",") if t.strip()))

    @classmethod
    def ask(cls, parent: QWidget | None, contact: Contact, draft: Mapping[str, Any] | None = None) -> Contact | None:
        """Shows the dialog (with a draft's values typed back in); the note typed, or None when cancelled."""
        dialog = cls(contact, parent)
        dialog.restore_draft(draft)
        return dialog.contact() if dialog.exec() == QDialog.DialogCode.Accepted else None
