"""What a dossier is made from: a case gathered from the vault into plain dataclasses (``DossierData``), the
export options the user chose (``ExportOptions``), and the small protocols for signing, progress and cancel.

Rendering works on these values only, so it can be built and tested without a vault, and the GUI can hand
the same values to a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import MAX_PREC, Decimal, localcontext
from typing import NamedTuple, Protocol

from walletcare.evidence.chats import StoredMessage
from walletcare.evidence.dossier.seal import SealKey
from walletcare.evidence.models import AuditEntry, Case, Contact, Evidence, Transaction
from walletcare.evidence.ocr import OcrLine
from walletcare.evidence.plan.model import Submission
from walletcare.i18n import N_

PAPERS = ("A4", "Letter")
ORIGINALS_MODES = ("embed", "zip", "none")
DEFAULT_SIZE_BUDGET = 20 * 1024 * 1024

ProgressFn = Callable[[int, int], None]


class Signer(Protocol):
    """Signs the manifest and seals the PDF: the vault (``sign``, ``public_key``, ``seal_key``) or a test key."""

    def sign(self, data: bytes) -> bytes:
        """An Ed25519 signature of ``data``."""
        ...

    def public_key(self) -> bytes:
        """The raw 32-byte Ed25519 public key."""
        ...

    def seal_key(self) -> SealKey:
        """The ECDSA P-256 key and certificate that seal the PDF."""
        ...


class CancelFlag(Protocol):
    """Anything with ``is_set()`` (``threading.Event``)."""

    def is_set(self) -> bool:
        """True once the user asked to stop."""
        ...


@dataclass(frozen=True)
class ExhibitData:
    """One evidence item for the dossier: its record, the original bytes and an optional print JPEG.

    ``original`` may be ``None`` when the originals are neither embedded nor zipped (``--originals none``)
    and the caller chose not to read them; the hash in ``evidence.sha256`` still names them. In a redacted
    dossier ``original`` holds the masked copy when ``attached`` is ``redacted`` (``masking.py``).
    """

    evidence: Evidence
    original: bytes | None = None
    print_jpeg: bytes | None = None
    print_size: tuple[int, int] | None = None
    reading: str = ""  # machine-read text (``readings.py``), printed under the picture
    reading_lines: tuple[OcrLine, ...] = ()  # its lines and word boxes (redaction covers them)
    attached: str = "original"  # what travels with the dossier: ``original``, ``redacted`` (a masked copy) or ``none``
    mask_boxes: tuple[tuple[int, tuple[int, int, int, int]], ...] = ()  # (page, box) covered on printed pages
    load: Callable[[], bytes] | None = None  # reads the original when ``original`` is not held (streamed exports)

    def data(self) -> bytes | None:
        """The original's bytes: held, else read now (None when neither)."""
        if self.original is not None:
            return self.original
        return self.load() if self.load is not None else None


@dataclass(frozen=True)
class Statement:
    """An imported statement file, printed as one line: which exhibit, the provider's format, the period its
    rows cover, how many rows it holds and how many of them the dossier prints (disputed or context)."""

    evidence_id: int
    format: str
    rows: int
    printed_rows: int
    first: datetime
    last: datetime


@dataclass(frozen=True)
class DossierData:
    """A case and everything linked to it, sorted, as the dossier prints it.

    ``transactions`` are the rows the dossier prints: the disputed and context ones, and every statement row
    only when the user asked for the full statements. ``statements`` summarise the imported files.
    """

    case: Case
    transactions: tuple[Transaction, ...] = ()
    contacts: tuple[Contact, ...] = ()
    exhibits: tuple[ExhibitData, ...] = ()
    audit_head: AuditEntry | None = None
    statements: tuple[Statement, ...] = ()
    submissions: tuple[Submission, ...] = ()  # recorded submissions to the plan's rungs (``evidence/plan``)
    ticks: tuple[tuple[str, datetime], ...] = ()  # (playbook item id, when it was ticked)
    messages: tuple[tuple[int, tuple[StoredMessage, ...]], ...] = ()  # (chat contact id, its messages in order)

    def thread(self, contact_id: int) -> tuple[StoredMessage, ...]:
        """The messages of an imported chat thread (empty for other contacts)."""
        return next((found for cid, found in self.messages if cid == contact_id), ())


@dataclass(frozen=True)
class ExportOptions:
    """What the user chose in the export dialog or on the command line."""

    lang: str = "zh-CN"
    exported_at: datetime | None = None
    redact: bool = False
    paper: str = "A4"
    originals: str = "embed"
    pdf_password: str | None = None
    font_path: str | None = None
    letter: str | None = None
    app_version: str = ""
    output_name: str = "dossier.pdf"
    size_budget: int = DEFAULT_SIZE_BUDGET
    full_statements: bool = False  # print every imported row in an appendix, not only disputed and context ones
    addressee: str = ""  # who the dossier is addressed to (export --to CHANNEL), printed on the cover
    channel: str = ""  # the channel it is addressed to (``resources/letters/<id>``); "police" words it as a report


class Roles(NamedTuple):
    """The dossier's title, the two parties' labels and the letter's heading (untranslated msgids)."""

    title: str
    claimant: str
    respondent: str
    letter: str


def role_words(options: ExportOptions) -> Roles:
    """A complaint's words, or a crime report's when the dossier goes to the police."""
    if options.channel == "police":
        return Roles(N_("Crime report dossier"), N_("Person reporting"), N_("Other party (payee)"),
                     N_("Statement to the police"))
    return Roles(N_("Dispute dossier"), N_("Claimant"), N_("Respondent"), N_("Summary letter"))


def moved(tx: Transaction) -> bool:
    """Whether a transaction's amount moved: a failed chain transaction (``failed=yes``, kept for its fee and
    as evidence) counts in no total, whatever value it shows."""
    return ("failed", "yes") not in tx.extra


def totals_by_currency(transactions: Iterable[Transaction], direction: str = "out") -> dict[str, Decimal]:
    """Sum of the amounts that moved in one direction, per currency, currencies sorted. The sums are exact:
    crypto amounts carry up to 18 decimals, more than the default 28 significant digits hold."""
    sums: dict[str, Decimal] = {}
    with localcontext(prec=MAX_PREC):
        for tx in transactions:
            if tx.direction == direction and moved(tx):
                sums[tx.currency] = sums.get(tx.currency, Decimal(0)) + tx.amount.copy_abs()
    return dict(sorted(sums.items()))
