"""Tables inside a case page: contacts with support (calls, chats, emails ...) and the timeline that puts
everything dated — transactions, contacts, evidence, deadlines — in one order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from walletcare.evidence.chats import chat_summary
from walletcare.evidence.models import Case, Contact, Evidence, Transaction
from walletcare.i18n import N_, _
from walletcare.ui.display import amount_text, contact_kind_text, contact_party_text, date_text, time_text
from walletcare.ui.models.records import Column, RecordTableModel


class ContactsModel(RecordTableModel):
    """Rows are ``Contact`` records, newest first."""

    def __init__(self) -> None:
        super().__init__([
            Column(N_("When"), lambda c: time_text(c.at), lambda c: c.at.isoformat()),
            Column(N_("Kind"), lambda c: contact_kind_text(c.kind), lambda c: c.kind),
            Column(N_("With"), lambda c: contact_party_text(c.party), lambda c: c.party),
            Column(N_("Channel"), lambda c: c.channel),
            Column(N_("Agent"), lambda c: c.agent),
            Column(N_("Ticket"), lambda c: c.ticket),
            Column(N_("Summary"), lambda c: chat_summary(c.summary)),
            Column(N_("Promised"), lambda c: c.promised),
            Column(N_("Follow up"), lambda c: date_text(c.follow_up), lambda c: str(c.follow_up or "")),
        ])


@dataclass(frozen=True)
class TimelineItem:
    """One dated thing in a case."""

    when: datetime
    kind: str
    text: str


KIND_LABELS = {"transaction": N_("Transaction"), "contact": N_("Contact"), "evidence": N_("Evidence"),
               "deadline": N_("Deadline"), "case": N_("Case")}


def _local(day: date) -> datetime:
    return datetime.combine(day, time(0, 0)).astimezone()


def build_timeline(case: Case, transactions: list[Transaction], contacts: list[Contact],
                   evidence: list[Evidence]) -> list[TimelineItem]:
    """Every dated record of the case as timeline items, oldest first."""
    items: list[TimelineItem] = []
    if case.discovered:
        items.append(TimelineItem(_local(case.discovered), "case", _("Problem discovered")))
    if case.opened:
        items.append(TimelineItem(_local(case.opened), "case", _("Case opened")))
    for tx in transactions:
        who = f" · {tx.counterparty}" if tx.counterparty else ""
        items.append(TimelineItem(tx.time, "transaction", f"{amount_text(tx.amount, tx.currency)}{who}"))
    for contact in contacts:
        items.append(TimelineItem(contact.at, "contact", _("{kind}: {summary}").format(
            kind=contact_kind_text(contact.kind), summary=chat_summary(contact.summary))))
    for item in evidence:
        items.append(TimelineItem(item.captured_at or item.added_at, "evidence", item.caption or item.file_name))
    for deadline in case.deadlines:
        items.append(TimelineItem(_local(deadline.due), "deadline", deadline.label))
    return sorted(items, key=lambda i: i.when.timestamp())


def _kind(item: Any) -> str:
    return _(KIND_LABELS.get(item.kind, item.kind))


class TimelineModel(RecordTableModel):
    """Rows are ``TimelineItem`` values, oldest first."""

    def __init__(self) -> None:
        super().__init__([
            Column(N_("When"), lambda i: time_text(i.when), lambda i: i.when.timestamp()),
            Column(N_("What"), _kind),
            Column(N_("Details"), lambda i: i.text),
        ])
