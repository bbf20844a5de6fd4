"""What each channel asks for, as case fields: a label, how to read the value from the case, and where the
user enters it. ``resources/plan/packs.yaml`` lists, per channel, these field keys in the order of that
channel's form; the plan turns them into the rung's checklist (what is missing) and its copy-sheet."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from walletcare.evidence.models import COMPLAINT_PARTIES, Case, Contact, Transaction
from walletcare.i18n import N_


@dataclass(frozen=True)
class CaseView:
    """What the fields are read from: the case, its disputed payments and contacts, the payment day."""

    case: Case
    transactions: tuple[Transaction, ...]
    contacts: tuple[Contact, ...]
    payment_day: date | None


def _refs(view: CaseView, kinds: tuple[str, ...]) -> str:
    values = [r.value for tx in view.transactions for r in tx.references if r.kind in kinds]
    return ", ".join(dict.fromkeys(values))


def _amount(view: CaseView) -> str:
    case = view.case
    if case.amount is not None:
        return f"{case.amount} {case.currency}".strip()
    paid = [tx for tx in view.transactions if tx.direction == "out"]
    return "; ".join(f"{tx.amount.copy_abs()} {tx.currency}" for tx in paid[:5])


def _goods(view: CaseView) -> str:
    """What was bought, from the payments' descriptions (the payee's name is not what was bought: without a
    description the item is missing, and the checklist says where to enter it)."""
    texts = [tx.description for tx in view.transactions if tx.description]
    return "; ".join(dict.fromkeys(texts[:5]))


def _attempts(view: CaseView) -> str:
    firm = [c for c in view.contacts if c.party in COMPLAINT_PARTIES]
    return "; ".join(f"{c.at.date().isoformat()} {c.channel or c.kind}: {c.summary[:80]}" for c in firm[:5])


def _reports(view: CaseView) -> str:
    """The reports filed as the case states them, else the contacts with the police or a regulator (a report
    made and noted as a contact is a report filed)."""
    if view.case.reports_filed.strip():
        return view.case.reports_filed
    told = [c for c in view.contacts if c.party == "authority"]
    return "; ".join(" ".join(p for p in (c.at.date().isoformat(), c.channel or c.kind, c.ticket, c.summary[:80]) if p)
                     for c in told[:5])


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _respondent(view: CaseView) -> str:
    party = view.case.respondent
    counterparties = [tx.counterparty for tx in view.transactions if tx.counterparty]
    return party.organisation or party.name or (counterparties[0] if counterparties else "")


def _card(view: CaseView) -> str:
    case = view.case
    return " ".join(p for p in (case.card_network, case.card_last4) if p) or case.linked_card


def _to_addresses(view: CaseView) -> str:
    own = set(view.case.own_addresses)
    found = [tx.counterparty for tx in view.transactions if tx.counterparty and tx.counterparty not in own]
    return ", ".join(dict.fromkeys(found[:5]))


@dataclass(frozen=True)
class Field:
    """One thing a channel asks for: its label (msgid), how to read it and where to enter it (msgid)."""

    label: str
    read: Callable[[CaseView], str]
    where: str


_CLAIMANT = N_("Case → Parties → You (claimant)")
_RESPONDENT = N_("Case → Parties → The other side (respondent)")
_CASE = N_("Case → Details")
_TX = N_("Case → Transactions (the disputed payment)")
_CONTACTS = N_("Case → Contacts (log each contact with the firm)")
_DATES = N_("Case → Details → Dates")
_CARD = N_("Case → Details → Card (network and last four digits)")
_CRYPTO = N_("Case → Details → Crypto (chain and your addresses)")

FIELDS: dict[str, Field] = {
    "claimant.name": Field(N_("Your name"), lambda v: v.case.claimant.name, _CLAIMANT),
    "claimant.phone": Field(N_("Your phone"), lambda v: v.case.claimant.phone, _CLAIMANT),
    "claimant.email": Field(N_("Your e-mail"), lambda v: v.case.claimant.email, _CLAIMANT),
    "claimant.address": Field(N_("Your address"), lambda v: v.case.claimant.address, _CLAIMANT),
    "claimant.id_type": Field(N_("Your ID document type"), lambda v: v.case.claimant.id_type, _CLAIMANT),
    "respondent.name": Field(N_("The firm or merchant"), _respondent, _RESPONDENT),
    "institution": Field(N_("The payment institution or bank"), lambda v: v.case.provider, _CASE),
    "respondent.address": Field(N_("Its address"), lambda v: v.case.respondent.address, _RESPONDENT),
    "respondent.credit_code": Field(N_("Unified social credit code or shop name"),
                                    lambda v: v.case.respondent.credit_code or v.case.respondent.shop, _RESPONDENT),
    "account": Field(N_("Your account"), lambda v: v.case.account, _CASE),
    "payment.date": Field(N_("Date of the payment"), lambda v: _iso(v.payment_day), _TX),
    "payment.amount": Field(N_("Amount"), _amount, _TX),
    "goods": Field(N_("What was bought or paid for"), _goods, _TX),
    "order_no": Field(N_("Order or transaction number"),
                      lambda v: _refs(v, ("merchant_order_no", "trade_no", "reference"))
                      or v.case.respondent.merchant_order_no, _TX),
    "classification": Field(N_("Problem category"), lambda v: v.case.classification, _CASE),
    "request": Field(N_("What you ask for"), lambda v: v.case.requested_resolution or v.case.desired_outcome, _CASE),
    "facts": Field(N_("What happened"), lambda v: v.case.description, _CASE),
    "first_complaint": Field(N_("Date you first complained to the firm"),
                             lambda v: _iso(v.case.first_complaint), _DATES),
    "final_reply": Field(N_("Date of the firm's final reply"), lambda v: _iso(v.case.final_reply), _DATES),
    "attempts": Field(N_("Your attempts with the firm (date, channel, answer)"), _attempts, _CONTACTS),
    "card": Field(N_("Card network and last four digits"), _card, _CARD),
    "merchant_descriptor": Field(N_("Merchant name as on the statement"), lambda v: v.case.merchant_descriptor, _CARD),
    "expected_delivery": Field(N_("Expected delivery date"), lambda v: _iso(v.case.expected_delivery), _DATES),
    "statement_date": Field(N_("Date of the statement that first showed the error"),
                            lambda v: _iso(v.case.statement_date), _DATES),
    "tx_hash": Field(N_("Transaction hashes"), lambda v: _refs(v, ("tx_hash",)), _TX),
    "chain": Field(N_("Chain"), lambda v: v.case.chain, _CRYPTO),
    "own_addresses": Field(N_("Your wallet addresses"), lambda v: ", ".join(v.case.own_addresses), _CRYPTO),
    "to_addresses": Field(N_("Addresses the funds went to"), _to_addresses, _TX),
    "reports": Field(N_("Reports filed (police report number)"), _reports, _CASE),
}
