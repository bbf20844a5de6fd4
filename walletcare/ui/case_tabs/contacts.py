"""Contacts tab: notes of calls, chats, emails, visits and letters with support. "Start a call note"
(the primary action) stamps the start time."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QWidget,
)

from walletcare.evidence.chats import chat_summary
from walletcare.evidence.models import Contact
from walletcare.i18n import _
from walletcare.ui.case_tabs.base import CaseTab
from walletcare.ui.dialogs.contact import ContactDialog
from walletcare.ui.display import contact_kind_text, time_text
from walletcare.ui.icons import set_icon
from walletcare.ui.models.case_records import ContactsModel
from walletcare.ui.models.records import RECORD_ROLE
from walletcare.ui.operations import Changes
from walletcare.ui.operations.contacts import add_contact, delete_contact, update_contact
from walletcare.ui.session import VaultSession
from walletcare.ui.widgets.tables import tidy_table


class ContactsTab(CaseTab):
    """Table of contact notes with add / edit / delete."""

    def __init__(self, session: VaultSession, notify: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(session, notify, parent)
        self.model = ContactsModel()
        self.open_evidence: Callable[[int], None] = lambda _i: None
        self.call_button = QPushButton()
        set_icon(self.call_button.setIcon, "call")
        self.call_button.setObjectName("startCallNote")
        self.call_button.clicked.connect(lambda: self.start_note("call"))
        self.other_button = QPushButton()
        set_icon(self.other_button.setIcon, "note")
        self.other_button.clicked.connect(lambda: self.start_note("chat"))
        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton()
        self.delete_button.clicked.connect(self.delete_selected)
        self.table = QTableView()
        self.table.setObjectName("contactsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        tidy_table(self.table)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.thread_button = QPushButton()
        set_icon(self.thread_button.setIcon, "chat")
        self.thread_button.setObjectName("openChatThread")
        self.thread_button.clicked.connect(self.open_thread)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selection_changed())
        self.model.modelReset.connect(self._selection_changed)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.call_button)
        top.addWidget(self.other_button)
        top.addStretch(1)
        top.addWidget(self.thread_button)
        top.addWidget(self.edit_button)
        top.addWidget(self.delete_button)
        self.box.addLayout(top)
        self.box.addWidget(self.empty)
        self.box.addWidget(self.table, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.call_button.setText(_("Start a &call note"))
        self.call_button.setToolTip(_("Notes the start time now; fill in the rest during the call"))
        self.other_button.setText(_("Add a chat, email or visit…"))
        self.edit_button.setText(_("&Edit…"))
        self.thread_button.setText(_("Open chat &thread…"))
        self.thread_button.setToolTip(_("The messages of an imported WhatsApp or Telegram chat"))
        self.delete_button.setText(_("&Delete"))
        self.empty.setText(_("No contacts yet — before you call, press “Start a call note” to keep who said what."))
        self.model.retranslate()

    def reload(self) -> None:
        if self.case is None:
            return
        case_id = self.case.id
        self.session.read(lambda store: sorted(store.contacts.list(case_id), key=lambda c: c.at, reverse=True),
                          self._loaded)

    def _loaded(self, contacts: list[Contact]) -> None:
        self.model.set_records(contacts)
        self.empty.setVisible(not contacts)

    def clear(self) -> None:
        self.model.clear()

    def cares_about(self, changes: Changes) -> bool:
        return changes.contacts

    def start_note(self, kind: str, prefill: Contact | None = None) -> None:
        """Opens a new note of ``kind`` stamped with the current time (or ``prefill``)."""
        if self.case is None:
            return
        blank = prefill or Contact(id=0, case_id=self.case.id, kind=kind, at=datetime.now().astimezone(), summary="")
        self.edit_note(blank)

    def edit_note(self, original: Contact, draft: Mapping[str, Any] | None = None) -> None:
        """Opens the note editor on ``original`` (id 0: a new note), with a draft's values typed back in."""
        new = ContactDialog.ask(self, original, draft)
        if new is None:
            return
        if original.id == 0:
            self.session.run(add_contact, new, on_done=lambda _c: self.notify(_("Contact note saved.")),
                             on_error=self.show_error)
        elif new != original:
            self.session.run(update_contact, new, on_error=self.show_error)

    def _selected(self) -> Contact | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.index(rows[0].row(), 0).data(RECORD_ROLE) if rows else None

    def _selection_changed(self) -> None:
        contact = self._selected()
        self.thread_button.setEnabled(contact is not None and contact.kind == "chat"
                                      and contact.channel in ("WhatsApp", "Telegram"))

    def open_selected(self) -> None:
        """An imported chat opens as its thread; any other note in the editor."""
        contact = self._selected()
        if contact is not None and contact.kind == "chat" and contact.channel in ("WhatsApp", "Telegram"):
            self.open_thread()
        else:
            self.edit_selected()

    def open_thread(self) -> None:
        """Shows the selected imported chat as its thread (messages read on the vault thread)."""
        contact = self._selected()
        if contact is None:
            return
        from walletcare.i18n import current_language
        from walletcare.ui.dialogs.chat_thread import ChatThreadDialog

        language = current_language()
        self.session.read(lambda store: store.chats.thread(contact.id, language),
                          lambda thread: ChatThreadDialog(thread, self.open_evidence, self).exec(), self.show_error)

    def edit_selected(self) -> None:
        """Edits the selected note."""
        old = self._selected()
        if old is None:
            return
        self.edit_note(old)

    def delete_selected(self) -> None:
        """Deletes the selected note, once the user confirms (a note of a call is evidence)."""
        old = self._selected()
        if old is None:
            return
        said = chat_summary(old.summary)
        summary = said if len(said) <= 80 else said[:80] + "…"
        answer = QMessageBox.question(
            self, _("Delete contact note"),
            _("Delete the note of {kind} on {time}?\n\n{summary}\n\nThe audit trail keeps a record of it, but the "
              "note leaves the case and its dossier.").format(kind=contact_kind_text(old.kind), time=time_text(old.at),
                                                             summary=summary),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Yes:
            self.session.run(delete_contact, old.id, old.case_id, on_done=lambda _r: self.notify(_("Contact note deleted.")),
                             on_error=self.show_error)
