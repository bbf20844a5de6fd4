"""The vault's records as frozen dataclasses: what the store returns and what importers and the dossier use.

Money is always ``Decimal`` with a currency code (ISO 4217 or a crypto symbol); times are timezone-aware
``datetime`` values; ids are integers assigned by the vault (``0`` for a record not stored yet). Enumerated
fields are plain strings checked against the tuples below, so the values stay readable in JSON and SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from walletcare.i18n import N_

CASE_KINDS = ("payment", "crypto", "bank", "other")
CASE_STATUSES = ("open", "escalated", "resolved", "closed")
# how people read them (msgids: translate with ``walletcare.i18n._``)
CASE_STATUS_NAMES = {"open": N_("Open"), "escalated": N_("Escalated"), "resolved": N_("Resolved"), "closed": N_("Closed")}
CASE_KIND_NAMES = {"payment": N_("Payment app"), "crypto": N_("Crypto wallet"), "bank": N_("Bank"), "other": N_("Other")}
DIRECTIONS = ("out", "in", "neutral")
CONTACT_KINDS = ("call", "chat", "email", "visit", "letter")
CONTACT_KIND_NAMES = {"call": N_("Call"), "chat": N_("Chat"), "email": N_("Email"), "visit": N_("Visit"),
                      "letter": N_("Letter")}
# who a contact was with; "" is "not said" (every contact stored before the field existed)
CONTACT_PARTIES = ("seller", "platform", "bank", "authority", "impostor", "other")
# the contacts that are a complaint to the other side (first-complaint dates, "attempts with the firm"): a talk
# with a person posing as support, the police or someone else is not one
COMPLAINT_PARTIES = ("seller", "platform", "bank", "")
CONTACT_PARTY_NAMES = {
    "": N_("Not said"), "seller": N_("The seller or merchant"),
    "platform": N_("The payment app's or wallet's official support"), "bank": N_("My bank or card issuer"),
    "authority": N_("Police, regulator or consumer body"),
    "impostor": N_("Someone posing as support (a scam)"), "other": N_("Someone else"),
}
REFERENCE_KINDS = ("trade_no", "merchant_order_no", "tx_hash", "reference", "other")
EVIDENCE_ORIGINS = ("file", "clipboard", "import", "typed", "wizard")
# what a transaction is to the case: the money in dispute, a row that explains it, or just a statement line
TX_ROLES = ("disputed", "context", "record")
TX_ROLE_NAMES = {"disputed": N_("Disputed"), "context": N_("Context"), "record": N_("Record")}


@dataclass(frozen=True)
class Reference:
    """One identifier of a transaction: 交易号 (trade_no), 商户单号 (merchant_order_no), a chain tx hash ..."""

    kind: str
    value: str


@dataclass(frozen=True)
class Party:
    """A person or organisation in a dossier (claimant or respondent). Every field is optional."""

    name: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    id_type: str = ""
    id_number: str = ""
    organisation: str = ""
    staff: str = ""
    merchant_order_no: str = ""
    counterparty_account: str = ""
    on_behalf_of: str = ""
    credit_code: str = ""  # 统一社会信用代码 of a company (12315 asks for it)
    shop: str = ""  # the shop's name on the platform
    url: str = ""  # the shop's or company's web address


@dataclass(frozen=True)
class Deadline:
    """A date the user must act by, with what it is for."""

    due: date
    label: str
    done: bool = False


@dataclass(frozen=True)
class Case:
    """A dispute the user is working on."""

    id: int
    title: str
    provider: str = ""
    kind: str = "payment"
    account: str = ""
    amount: Decimal | None = None
    currency: str = ""
    opened: date | None = None
    status: str = "open"
    description: str = ""
    desired_outcome: str = ""
    deadlines: tuple[Deadline, ...] = ()
    claimant: Party = field(default_factory=Party)
    respondent: Party = field(default_factory=Party)
    classification: str = ""
    requested_resolution: str = ""
    security_actions: str = ""
    reports_filed: str = ""
    discovered: date | None = None
    tags: tuple[str, ...] = ()
    created_at: datetime | None = None
    updated_at: datetime | None = None
    linked_card: str = ""  # card network and last digits, e.g. "Visa 1234" (never the full number)
    chain: str = ""  # crypto cases: the network, e.g. "Ethereum", "TRON"
    own_addresses: tuple[str, ...] = ()  # crypto cases: the user's own wallet addresses
    wallet_app: str = ""  # the wallet app and its version, e.g. "imToken 2.14"
    letter: str = ""  # the summary letter as the user edited it (empty: generated from the case)
    letters: tuple[tuple[str, str], ...] = ()  # (channel id, letter text) as the user edited them (letters.py)
    card_network: str = ""  # Visa, Mastercard, UnionPay … (with card_last4: never a full card number)
    card_last4: str = ""
    merchant_descriptor: str = ""  # the merchant's name as the card statement shows it
    expected_delivery: date | None = None
    statement_date: date | None = None  # the statement that first showed the error (Regulation E)
    first_complaint: date | None = None  # when the user first complained to the firm
    final_reply: date | None = None  # the firm's final reply (FDRC, FOI, 12363 count from it)


@dataclass(frozen=True)
class Transaction:
    """One money movement, typed in or imported from an export file (``raw`` keeps the source row)."""

    id: int
    case_id: int
    time: datetime
    amount: Decimal
    currency: str
    direction: str = "out"
    counterparty: str = ""
    description: str = ""
    references: tuple[Reference, ...] = ()
    status: str = ""
    channel: str = ""
    fee: Decimal | None = None
    note: str = ""
    raw: str = ""
    source_evidence_id: int | None = None
    source_line: int | None = None
    source_format: str = ""
    dedup_key: str = ""
    refund_of: int | None = None
    extra: tuple[tuple[str, str], ...] = ()
    tags: tuple[str, ...] = ()
    role: str = "disputed"  # TX_ROLES: typed rows are what the user disputes; imports store "record"


@dataclass(frozen=True)
class Contact:
    """A contact about the case: with whom (``party``), when, which number or channel, what was said and promised."""

    id: int
    case_id: int
    kind: str
    at: datetime
    summary: str
    channel: str = ""
    official_source: str = ""
    agent: str = ""
    ticket: str = ""
    promised: str = ""
    follow_up: date | None = None
    promise_kept: bool | None = None
    tags: tuple[str, ...] = ()
    party: str = ""  # CONTACT_PARTIES: who the contact was with ("" not said: notes stored before)


@dataclass(frozen=True)
class Evidence:
    """An original file kept as received (bytes are read separately: ``store.evidence.data(id)``)."""

    id: int
    case_id: int
    file_name: str
    mime: str
    size: int
    sha256: str
    added_at: datetime
    captured_at: datetime | None = None  # when it was taken (never the file's modification time)
    caption: str = ""
    origin: str = "file"
    origin_detail: str = ""
    linked_transactions: tuple[int, ...] = ()
    linked_contacts: tuple[int, ...] = ()
    tags: tuple[str, ...] = ()
    captured_source: str = ""  # how captured_at is known: capture_time.SOURCES ("" for items stored before)
    file_modified: datetime | None = None  # the file's modification time when it was added


@dataclass(frozen=True)
class Derived:
    """A copy made from an original (thumbnail or print JPEG), with its own hash."""

    id: int
    evidence_id: int
    kind: str
    mime: str
    width: int
    height: int
    sha256: str


@dataclass(frozen=True)
class AuditEntry:
    """One link of the append-only, hash-chained audit trail."""

    seq: int
    at: datetime
    action: str
    object: str
    digest: str
    prev_hash: str
    hash: str
    detail: str = ""
    case_id: int | None = None
