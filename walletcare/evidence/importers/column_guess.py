"""Helping a person write a column mapping for "any other CSV" (``generic.ColumnMapping``, the same mapping
``walletcare import --map`` builds): the file's first rows, the row that most likely holds the column names,
and a first guess of which field each named column holds. Nothing here decides an import: the mapping the
person confirms goes through ``ColumnMapping.from_pairs`` and ``generic.stream`` like the command line's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from walletcare.evidence.importers.text import clean, decode, read_records, split_lines

# words a column name holds → the field, most specific first (a name is matched by the first entry it contains)
_HINTS: tuple[tuple[str, str], ...] = (
    ("收入", "amount_in"), ("存入", "amount_in"), ("贷方", "amount_in"), ("credit", "amount_in"), ("deposit", "amount_in"),
    ("支出", "amount_out"), ("取出", "amount_out"), ("借方", "amount_out"), ("debit", "amount_out"),
    ("withdrawal", "amount_out"),
    ("余额", "balance"), ("balance", "balance"), ("手续费", "fee"), ("fee", "fee"),
    ("币种", "currency"), ("货币", "currency"), ("currency", "currency"),
    ("对方账号", "counterparty_account"), ("对方账户", "counterparty_account"), ("对方卡号", "counterparty_account"),
    ("对方", "counterparty"), ("对手", "counterparty"), ("交易对象", "counterparty"), ("收款人", "counterparty"),
    ("付款人", "counterparty"), ("商户", "counterparty"), ("counterparty", "counterparty"), ("payee", "counterparty"),
    ("name", "counterparty"),
    ("流水号", "trade_no"), ("交易单号", "trade_no"), ("交易号", "trade_no"), ("订单号", "merchant_order_no"),
    ("参考号", "reference"), ("reference", "reference"), ("hash", "tx_hash"),
    ("收/支", "direction"), ("收支", "direction"), ("借贷", "direction"), ("方向", "direction"), ("direction", "direction"),
    ("日期时间", "time"), ("交易时间", "time"), ("datetime", "time"), ("日期", "date"), ("date", "date"),
    ("时间", "clock"), ("time", "clock"),
    ("金额", "amount"), ("发生额", "amount"), ("amount", "amount"),
    ("状态", "status"), ("status", "status"), ("渠道", "channel"), ("场所", "channel"), ("channel", "channel"),
    ("摘要", "description"), ("用途", "description"), ("说明", "description"), ("description", "description"),
    ("备注", "note"), ("附言", "note"), ("note", "note"), ("memo", "note"),
)


# short English words matched as whole words only ("Ref" is a reference, "Refund" is not)
_WORD_HINTS: dict[str, str] = {
    "ref": "reference", "refno": "reference", "ref no": "reference", "ref #": "reference", "ref id": "reference",
    "order": "merchant_order_no", "order no": "merchant_order_no", "order id": "merchant_order_no",
    "order number": "merchant_order_no", "txn id": "trade_no", "transaction id": "trade_no", "txid": "tx_hash",
}
_WORD_SPLIT = re.compile(r"[^a-z0-9#]+")


def _word_hint(name: str) -> str | None:
    words = " ".join(w for w in _WORD_SPLIT.split(name) if w)
    return _WORD_HINTS.get(words)


@dataclass(frozen=True)
class CsvSample:
    """The first rows of a CSV file (``rows``: line number and cells) and the index of the likely header."""

    rows: tuple[tuple[int, tuple[str, ...]], ...]
    header: int

    def columns(self, header: int | None = None) -> list[str]:
        """The non-empty, distinct column names of row ``header`` (default: the guessed one)."""
        if not self.rows:
            return []
        cells = self.rows[self.header if header is None else header][1]
        return list(dict.fromkeys(c for c in cells if c))

    def suggest(self, header: int | None = None) -> dict[str, str]:
        """``suggest`` for the columns of row ``header``, preferring columns that hold values in the rows below."""
        index = self.header if header is None else header
        if not self.rows:
            return {}
        names = self.rows[index][1]
        filled = {name for pos, name in enumerate(names)
                  if name and any(pos < len(cells) and cells[pos].strip("-—/ ") for _line, cells in self.rows[index + 1:])}
        return suggest(self.columns(index), filled)


def sample(data: bytes, limit: int = 60) -> CsvSample:
    """The first ``limit`` non-empty rows of a CSV file and the one most likely holding the column names.

    Raises:
        InvalidInput: the bytes are not text.
    """
    rows: list[tuple[int, tuple[str, ...]]] = []
    for record in read_records(split_lines(decode(data))):
        cells = tuple(clean(c) for c in record.cells)
        if any(cells):
            rows.append((record.line, cells))
        if len(rows) >= limit:
            break
    return CsvSample(tuple(rows), guess_header([cells for _line, cells in rows]))


def guess_header(rows: Sequence[Sequence[str]]) -> int:
    """The index of the first row with as many named cells as the widest row, most of them not numbers."""
    if not rows:
        return 0
    widest = max(sum(1 for c in cells if c) for cells in rows)
    for index, cells in enumerate(rows):
        named = [c for c in cells if c]
        if len(named) >= max(2, widest) and sum(not _numberish(c) for c in named) * 2 > len(named):
            return index
    return 0


def suggest(columns: Sequence[str], filled: set[str] | None = None) -> dict[str, str]:
    """A first guess of the field each column holds (columns with no guess are left out; each field once, given
    first to a column in ``filled``, the columns known to hold values)."""
    found: dict[str, str] = {}
    ordered = sorted(columns, key=lambda c: filled is not None and c not in filled)
    for column in ordered:
        name = column.lower()
        target = _word_hint(name) or next((field for word, field in _HINTS if word in name), None)
        if target is not None and target not in found.values():
            found[column] = target
    if "clock" in found.values() and not set(found.values()) & {"date"}:  # a lone time column holds the date too
        found = {c: ("time" if f == "clock" else f) for c, f in found.items()}
    return {c: found[c] for c in columns if c in found}


def _numberish(cell: str) -> bool:
    stripped = cell.replace(",", "").replace("-", "").replace(".", "").replace(":", "").replace("/", "").replace(" ", "")
    return stripped.isdigit()
