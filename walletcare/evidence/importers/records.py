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
from walletcare.evidence.transactions.codec import _SEP, imported_fields
from walletcare.evidence.transactions.columns import IMPORTED

FORMATS = ("alipay", "wechat", "paypal", "etherscan", "oklink", "csv")
_transaction = record_builder(Transaction)


class ParsedRow:
    """One good row: its ``Transaction`` fields (all but the ids), whether it is a refund, and the dedup key
    of the original it refunds when the file names it (``None`` otherwise).

    The fields come either as a plain dict (``fields``), or, from the parsers of the large exports, already
    as the stored columns (``stored``: ``transactions.codec.imported_row``), which the pipeline hands to the
    vault as they are; ``fields`` is then built when asked for (previews, the few rows linked by their
    details). ``tx`` builds a preview ``Transaction`` with ``case_id=0`` for callers without a vault.
    """

    __slots__ = ("_fields", "stored", "refund_of_key", "is_refund", "_tx")

    def __init__(self, fields: dict[str, Any] | None = None, refund_of_key: str | None = None, is_refund: bool = False,
                 *, stored: tuple[Any, ...] | None = None) -> None:
        self._fields = fields
        self.stored = stored
        self.refund_of_key = refund_of_key
        self.is_refund = is_refund or refund_of_key is not None
        self._tx: Transaction | None = None

    def __repr__(self) -> str:
        return f"ParsedRow({self.dedup_key!r}, refund_of_key={self.refund_of_key!r})"

    @property
    def fields(self) -> dict[str, Any]:
        """The row's ``Transaction`` fields by name (without ids)."""
        if self._fields is None:
            self._fields = imported_fields(self.stored)  # type: ignore[arg-type]
        return self._fields

    def text(self, name: str) -> str:
        """One of the text fields ``counterparty``, ``description``, ``note``, ``raw``, ``dedup_key``."""
        if self.stored is not None:
            return self.stored[_STORED_AT[name]]  # type: ignore[no-any-return]
        return self._fields.get(name) or ""  # type: ignore[union-attr]

    @property
    def dedup_key(self) -> str:
        """The row's ``Transaction.dedup_key``."""
        return self.text("dedup_key")

    @property
    def source_line(self) -> int:
        """The row's first line in the file (0 when unknown)."""
        if self.stored is not None:
            return self.stored[_STORED_AT["src_line"]]  # type: ignore[no-any-return]
        return self._fields.get("source_line") or 0  # type: ignore[union-attr]

    def reference(self, kind: str) -> str:
        """The value of the row's first reference of ``kind`` ("" when it has none)."""
        if self.stored is not None and self.stored[_STORED_AT["ref_kinds"]]:
            kinds = self.stored[_STORED_AT["ref_kinds"]].split(_SEP)
            if kind not in kinds:
                return ""
            return self.stored[_STORED_AT["refs"]].split(_SEP)[kinds.index(kind)]  # type: ignore[no-any-return]
        for ref in self.fields["references"]:
            if ref.kind == kind:
                return ref.value  # type: ignore[no-any-return]
        return ""

    @property
    def tx(self) -> Transaction:
        """The transaction as it would be stored, without case, evidence or refund ids."""
        if self._tx is None:
            self._tx = _transaction({"id": 0, "case_id": 0}, self.fields)
        return self._tx


_STORED_AT = {"counterparty": IMPORTED.index("counterparty"), "description": IMPORTED.index("description"),
              "note": IMPORTED.index("note"), "raw": IMPORTED.index("raw"), "dedup_key": IMPORTED.index("dedup_key"),
              "src_line": IMPORTED.index("src_line"), "ref_kinds": IMPORTED.index("ref_kinds"),
              "refs": IMPORTED.index("refs")}


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
