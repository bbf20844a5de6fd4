"""User actions on contacts with support: add a call/chat/email note, edit it, delete it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from walletcare.evidence.models import Contact
from walletcare.ui.operations import Changes
from walletcare.ui.operations.cases import _id_of

if TYPE_CHECKING:
    from walletcare.evidence.store import Store


def add_contact(store: Store, contact: Contact) -> Changes:
    """Stores a new contact note; ``result`` is its id."""
    new_id = _id_of(store.contacts.add(contact))
    return Changes(contacts=True, case_id=contact.case_id, result=new_id)


def update_contact(store: Store, contact: Contact) -> Changes:
    """Saves an edited contact note."""
    store.contacts.update(contact)
    return Changes(contacts=True, case_id=contact.case_id)


def delete_contact(store: Store, contact_id: int, case_id: int) -> Changes:
    """Deletes a contact note."""
    store.contacts.delete(contact_id)
    return Changes(contacts=True, case_id=case_id)
