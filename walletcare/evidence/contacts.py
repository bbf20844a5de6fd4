"""Contacts with support (calls, chats, emails, visits, letters) kept in a case, in time order."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from walletcare.errors import UsageError
from walletcare.evidence import records
from walletcare.evidence.models import CONTACT_KINDS, CONTACT_PARTIES, Contact
from walletcare.i18n import N_, _

if TYPE_CHECKING:
    from walletcare.evidence.store import Store

_SKIP = ("id", "case_id")


def _search_text(contact: Contact) -> str:
    parts = [contact.summary, contact.channel, contact.agent, contact.ticket, contact.promised, contact.official_source]
    return "\n".join(p for p in parts if p)


class ContactManager:
    """``store.contacts``."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def _check(self, contact: Contact) -> None:
        if contact.kind not in CONTACT_KINDS:
            raise UsageError(_("Unknown kind of contact: {kind}").format(kind=contact.kind))
        if contact.party and contact.party not in CONTACT_PARTIES:
            raise UsageError(_("Unknown party of a contact: {party!r}. Say who the contact was with: {choices}.")
                             .format(party=contact.party, choices=", ".join(CONTACT_PARTIES)))
        if contact.at.tzinfo is None or contact.at.utcoffset() is None:
            raise UsageError(_("A contact time needs a time zone offset."))
        for value, label in ((contact.summary, N_("Summary")), (contact.promised, N_("Promised")),
                             (contact.agent, N_("Agent")), (contact.channel, N_("Channel")),
                             (contact.ticket, N_("Ticket"))):
            self._store.guard_text(label, value)

    def _write(self, contact: Contact) -> None:
        self._store.conn.execute(
            "UPDATE contacts SET case_id = ?, t = ?, body = ? WHERE id = ?",
            (contact.case_id, records.utc_micros(contact.at), records.dumps(records.body_of(contact, _SKIP)), contact.id))
        messages = "\n".join(f"{sender}: {text}" for sender, text in self._store.conn.execute(
            "SELECT sender, text FROM chat_messages WHERE contact_id = ? ORDER BY seq", (contact.id,)))
        self._store.index_text("contact", contact.id, contact.case_id,
                               _search_text(contact) + ("\n" + messages if messages else ""))

    def add(self, contact: Contact) -> Contact:
        """Stores a contact; returns it with its id."""
        self._check(contact)
        with self._store.transaction():
            if not self._store.cases.exists(contact.case_id):
                raise records.not_found("case", contact.case_id)
            cur = self._store.conn.execute("INSERT INTO contacts(case_id, t, body) VALUES (?, 0, '{}')",
                                           (contact.case_id,))
            stored = dataclasses.replace(contact, id=int(cur.lastrowid))
            self._write(stored)
            self._store.audit.record("create", f"contact:{stored.id}", stored.case_id, records.digest(stored))
            self._store.changed("contacts", stored.case_id)
        return stored

    def get(self, contact_id: int) -> Contact:
        """The contact with that id (UsageError when there is none)."""
        row = self._store.conn.execute("SELECT id, case_id, body FROM contacts WHERE id = ?", (contact_id,)).fetchone()
        if row is None:
            raise records.not_found("contact", contact_id)
        return records.loads(Contact, row[2], id=int(row[0]), case_id=int(row[1]))

    def list(self, case_id: int) -> list[Contact]:
        """A case's contacts in time order."""
        rows = self._store.conn.execute(
            "SELECT id, case_id, body FROM contacts WHERE case_id = ? ORDER BY t, id", (case_id,)).fetchall()
        return [records.loads(Contact, body, id=int(i), case_id=int(c)) for i, c, body in rows]

    def update(self, contact: Contact) -> Contact:
        """Saves a changed contact (old values go into the audit trail)."""
        self._check(contact)
        with self._store.transaction():
            old = self.get(contact.id)
            if old.case_id != contact.case_id and not self._store.cases.exists(contact.case_id):
                raise records.not_found("case", contact.case_id)
            self._write(contact)
            self._store.audit.record("update", f"contact:{contact.id}", contact.case_id, records.digest(contact),
                                     detail=records.full(old))
            self._store.changed("contacts", contact.case_id)
        return contact

    def delete(self, contact_id: int) -> None:
        """Deletes a contact (its values stay in the audit trail)."""
        with self._store.transaction():
            old = self.get(contact_id)
            conn = self._store.conn
            conn.execute("DELETE FROM evidence_links WHERE area = 'contact' AND ref_id = ?", (contact_id,))
            conn.execute("DELETE FROM contacts WHERE id = ?", (contact_id,))
            self._store.index_text("contact", contact_id, old.case_id, "")
            self._store.audit.record("delete", f"contact:{contact_id}", old.case_id, records.digest(old),
                                     detail=records.full(old))
            self._store.changed("contacts", old.case_id)
