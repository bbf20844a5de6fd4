"""What a parser hands to the import pipeline: parsed rows, rejected rows, the file's own summary, warnings.

A parser never touches the vault. It returns a ``ParsedStream``: what the file is (format, variant, header,
the record count it declares about itself, ``共N笔记录``) and an iterator over its rows, each a ``ParsedRow``
(the ``Transaction`` fields, whether it is a refund, and the key of the row it refunds when the file says)
or a ``BadRow`` (line number and reason). The pipeline stores rows chunk by chunk as they come, so a
100,000-row file never sits in memory whole; ``collect`` turns a stream into a ``ParsedFile`` (all rows in
a list, refunds linked) for previews and tests. Warnings found while reading are appended to the stream's
list when the iterator ends.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from walletcare.evidence.importers.allocation import record_builder
from walletcare.evidence.models import Transaction

FORMATS = ("alipay", "wechat", "paypal", "etherscan", "oklink", "csv")
_transaction = record_builder(Transaction)


class ParsedRow:
    """One good row: the ``Transaction`` fields (all but the ids), whether it is a refund, and the dedup key
    of the original it refunds when the file names it (``None`` otherwise).

    The fields stay a plain dict: the pipeline hands them to the vault as they are (``add_fields``), and
    ``tx`` builds a preview ``Transaction`` with ``case_id=0`` for callers without a vault.
    """

    __slots__ = ("fields", "refund_of_key", "is_refund", "_tx")

    def __init__(self, fields: dict[str, Any], refund_of_key: str | None = None, is_refund: bool = False) -> None:
        self.fields = fields
        self.refund_of_key = refund_of_key
        self.is_refund = is_refund or refund_of_key is not None
        self._tx: Transaction | None = None

    def __repr__(self) -> str:
        return f"ParsedRow({self.dedup_key!r}, refund_of_key={self.refund_of_key!r})"

    @property
    def dedup_key(self) -> str:
        """The row's ``Transaction.dedup_key``."""
        return self.fields["dedup_key"]  # type: ignore[no-any-return]

    @property
    def tx(self) -> Transaction:
        """The transaction as it would be stored, without case, evidence or refund ids."""
        if self._tx is None:
            self._tx = _transaction({"id": 0, "case_id": 0}, self.fields)
        return self._tx


@dataclass(frozen=True)
class BadRow:
    """A row that could not be read: its first physical line (1-based) and a translated reason."""

    line: int
    reason: str


@dataclass
class ParsedStream:
    """A file being parsed: what it is, and its rows as they are read.

    ``link_rule`` says how refunds without an explicit original are matched (``linking.RULES``);
    ``total_hint`` is the number of lines after the header (for progress, an upper bound of the rows).
    ``lines``: the file's physical lines, while a row is being read its own lines are still there (the
    pipeline checks whether the row's raw text is its line, so the row can cite it).
    """

    format: str
    variant: str
    items: Iterator[ParsedRow | BadRow]
    headers: tuple[str, ...] = ()
    declared_count: int | None = None
    warnings: list[str] = field(default_factory=list)
    link_rule: str | None = None
    total_hint: int = 0
    # the physical lines of a text file (the rows' raw texts are taken from them; None for a workbook)
    lines: list[str] | None = None

    @property
    def source_format(self) -> str:
        """The label stored in ``Transaction.source_format`` (``alipay-1c``, ``csv-icbc_debit_v2`` ...)."""
        return source_format(self.format, self.variant)


def source_format(format: str, variant: str) -> str:
    """``alipay`` + ``1c`` → ``alipay-1c``."""
    return f"{format}-{variant}" if variant else format


@dataclass
class ParsedFile:
    """A whole file parsed in memory (no vault involved): every row, every bad row, refunds linked."""

    format: str
    variant: str
    rows: list[ParsedRow] = field(default_factory=list)
    bad_rows: list[BadRow] = field(default_factory=list)
    declared_count: int | None = None
    warnings: list[str] = field(default_factory=list)
    headers: tuple[str, ...] = ()

    @property
    def source_format(self) -> str:
        """The label stored in ``Transaction.source_format``."""
        return source_format(self.format, self.variant)


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
    picked: int = 0  # rows marked as disputed by the import's pick (``picking.py``)
