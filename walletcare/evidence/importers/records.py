"""What a parser hands to the import pipeline: parsed rows, rejected rows, the file's own summary, warnings.

A parser never touches the vault. It turns the bytes of one export file into a ``ParsedFile``: every good
row as a ``ParsedRow`` (a ``Transaction`` with ``id=0``/``case_id=0`` plus the key of the row it refunds, if
the file says so), every broken row as a ``BadRow`` with its line number and reason, the record count the
file declares about itself (``共N笔记录``) and warnings for the user.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from walletcare.evidence.models import Transaction

FORMATS = ("alipay", "wechat", "paypal", "etherscan", "oklink", "csv")


@dataclass
class ParsedRow:
    """One good row: the ``Transaction`` fields (all but ids) and the dedup key of the original it refunds.

    The fields stay a plain dict until the pipeline knows the case and the source evidence, so each
    transaction is built once (``build``); ``tx`` builds a preview with ``case_id=0`` for callers without a
    vault.
    """

    fields: dict[str, Any]
    refund_of_key: str | None = None

    @property
    def dedup_key(self) -> str:
        """The row's ``Transaction.dedup_key``."""
        return str(self.fields["dedup_key"])

    @cached_property
    def tx(self) -> Transaction:
        """The transaction as it would be stored, without case, evidence or refund ids."""
        return Transaction(id=0, case_id=0, **self.fields)

    def build(self, case_id: int, evidence_id: int | None, refund_of: int | None = None) -> Transaction:
        """The transaction to store in ``case_id``, citing its source evidence item and refunded original."""
        return Transaction(id=0, case_id=case_id, source_evidence_id=evidence_id, refund_of=refund_of, **self.fields)


@dataclass(frozen=True)
class BadRow:
    """A row that could not be read: its first physical line (1-based) and a translated reason."""

    line: int
    reason: str


@dataclass
class ParsedFile:
    """The result of parsing one export file (no vault involved)."""

    format: str
    variant: str
    rows: list[ParsedRow] = field(default_factory=list)
    bad_rows: list[BadRow] = field(default_factory=list)
    declared_count: int | None = None
    warnings: list[str] = field(default_factory=list)
    headers: tuple[str, ...] = ()

    @property
    def source_format(self) -> str:
        """The label stored in ``Transaction.source_format`` (``alipay-1c``, ``csv-icbc_debit_v2`` ...)."""
        return f"{self.format}-{self.variant}" if self.variant else self.format


@dataclass(frozen=True)
class ImportResult:
    """What one import did to the vault."""

    format: str
    variant: str
    added: int
    duplicates: int
    rejected: tuple[BadRow, ...]
    warnings: tuple[str, ...]
    evidence_id: int
    refunds_linked: int = 0
