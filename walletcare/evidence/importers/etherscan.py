"""Etherscan-family "Download CSV Export" (formats.md §4): normal, internal, ERC-20 and NFT transfer lists.

BscScan, PolygonScan, Arbiscan … share the layout; the coin comes from ``Value_IN(<SYM>)``. Columns are
found by name: ``Txhash`` or ``Transaction Hash``, ``DateTime (UTC)`` or ``DateTime``, the price column by
its ``CurrentValue`` prefix; the extra trailing field of internal exports is ignored. Times are UTC (from
``UnixTimestamp``). Failed transactions are kept with their status and error. Zero-value token transfers
(address poisoning) are kept and tagged ``possible_spam``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from itertools import chain as chain_iter
from itertools import islice

from walletcare.evidence.importers import chain, identity
from walletcare.evidence.importers.linking import collect
from walletcare.evidence.importers.money import parse_money
from walletcare.evidence.importers.records import BadRow, ParsedFile, ParsedRow, ParsedStream
from walletcare.evidence.importers.text import (
    Header,
    Record,
    find_header,
    make_header,
    non_empty,
    raw_text,
    read_records,
)
from walletcare.evidence.importers.timestamps import from_unix, parse_local
from walletcare.evidence.models import Reference
from walletcare.i18n import _

_SAMPLE = 2000  # rows read to tell whose export it is (the address is in every row)
FAMILY = "etherscan"
_ALIASES = {"Transaction Hash": "Txhash", "DateTime": "DateTime (UTC)", "TxTo": "To", "TokenId": "Token ID"}
_SYMBOL = re.compile(r"Value_IN\((.+)\)$")


def accepts_header(cells: Sequence[str]) -> bool:
    """Appendix A: first cell ``Txhash``/``Transaction Hash`` and an ``UnixTimestamp`` column."""
    return bool(cells) and cells[0] in ("Txhash", "Transaction Hash") and "UnixTimestamp" in cells


def stream(lines: Sequence[str], own_addresses: Sequence[str] = ()) -> ParsedStream | None:
    """Starts reading an explorer export (``own_addresses`` tell whose it is when in doubt); ``None`` when the header
    is not an Etherscan-family one."""
    records = read_records(lines)
    header_record = find_header(records, accepts_header, limit=5)
    if header_record is None:
        return None
    header = make_header(header_record.line, header_record.cells, _ALIASES)
    symbol = next((m.group(1) for name in header.names if (m := _SYMBOL.match(name))), "")
    if "Token ID" in header.index:
        variant = "nft"
    elif "TokenSymbol" in header.index:
        variant = "erc20"
    elif "ParentTxFrom" in header.index or any(n.startswith("ParentTx") for n in header.names):
        variant = "internal"
    else:
        variant = "normal"
    out = ParsedStream(FAMILY, variant, iter(()), headers=header.names, total_hint=max(0, len(lines) - header.line))
    sample = [r for r in islice(records, _SAMPLE) if non_empty(r.cells)]  # whose export it is
    body = chain_iter(sample, records)
    account = chain.infer_account(((header.cell(r.cells, "From"), header.cell(r.cells, "To")) for r in sample),
                                  own_addresses, _value_hint(header, sample, symbol))
    fee_column = next((n for n in header.names if n.startswith("TxnFee(") and "USD" not in n), "")

    def rows() -> Iterator[ParsedRow | BadRow]:
        source_format = out.source_format
        keys = identity.KeyCounter()
        spam = 0
        for record in body:
            cells = record.cells
            if not non_empty(cells):
                continue
            result = _read_row(header, cells, variant)
            if isinstance(result, str):
                yield BadRow(record.line, result)
                continue
            time, value = result
            tx_hash = header.cell(cells, "Txhash")
            sender, receiver = header.cell(cells, "From"), header.cell(cells, "To")
            contract = header.cell(cells, "ContractAddress")
            status = header.cell(cells, "Status")
            failed = (variant == "internal" and status not in ("", "0")) or (variant == "normal" and bool(status))
            direction = chain.direction(account, sender, receiver)
            if variant in ("normal", "internal"):
                value_in = _value(header.cell(cells, f"Value_IN({symbol})"))
                value_out = _value(header.cell(cells, f"Value_OUT({symbol})"))
                if value_in and not value_out:
                    direction = "in"
                elif value_out and not value_in:
                    direction = "out"
                currency = symbol
                base = f"{FAMILY}:{variant}:{tx_hash.lower()}"
                if variant == "internal":
                    base += f":{sender.lower()}:{receiver.lower()}:{value.normalize():f}"
            else:
                currency = header.cell(cells, "TokenSymbol") or contract
                base = chain.transfer_key(tx_hash, sender, receiver, contract, value)
                if variant == "nft":
                    base += ":" + header.cell(cells, "Token ID")
            tags: tuple[str, ...] = ()
            if variant in ("erc20", "nft") and value == 0:
                tags, spam = ("possible_spam",), spam + 1
            fee = None
            if fee_column and direction != "in":
                fee = _value(header.cell(cells, fee_column)) or None
            extra = [("from", sender), ("to", receiver), ("block", header.cell(cells, "Blockno")),
                     ("contract", contract), ("token_name", header.cell(cells, "TokenName")),
                     ("token_id", header.cell(cells, "Token ID")), ("usd_value", header.cell(cells, "USDValueDayOfTx")),
                     ("error_code", header.cell(cells, "ErrCode")), ("account", account)]
            if failed:
                extra.append(("failed", "yes"))
            yield ParsedRow(dict(
                time=time, amount=value, currency=currency, direction=direction,
                counterparty=chain.counterparty(account, sender, receiver),
                description=header.cell(cells, "Method") or header.cell(cells, "TokenName") or header.cell(cells, "Type"),
                references=(Reference("tx_hash", tx_hash),) if tx_hash else (), status=status, channel=symbol or FAMILY,
                fee=fee, raw=raw_text(lines, record), source_line=record.line, source_format=source_format,
                dedup_key=keys.unique(base), extra=tuple((k, v) for k, v in extra if v), tags=tags,
            ))
        if spam:
            out.warnings.append(_("{count} zero-value token transfers were kept and marked as possible address-poisoning spam.").format(count=spam))

    out.items = rows()
    return out


def parse_lines(lines: Sequence[str], own_addresses: Sequence[str] = ()) -> ParsedFile | None:
    """Parses a whole export in memory; ``None`` when it is not this format."""
    found = stream(lines, own_addresses)
    return None if found is None else collect(found)


def _value_hint(header: Header, body: Sequence[Record], symbol: str) -> str:
    """The account as the values show it: the receiver of a ``Value_IN`` row or the sender of a ``Value_OUT`` one."""
    for record in body[:200]:
        if _value(header.cell(record.cells, f"Value_IN({symbol})")):
            return header.cell(record.cells, "To")
        if _value(header.cell(record.cells, f"Value_OUT({symbol})")):
            return header.cell(record.cells, "From")
    return ""


def _value(text: str) -> Decimal:
    try:
        return parse_money(text, decimal_comma=False) if text else Decimal(0)
    except ValueError:
        return Decimal(0)


def _read_row(header: Header, cells: Sequence[str], variant: str) -> tuple[datetime, Decimal] | str:
    if not header.cell(cells, "Txhash"):
        return _("The row has no transaction hash.")
    stamp = header.cell(cells, "UnixTimestamp")
    try:
        time = from_unix(stamp) if stamp else parse_local(header.cell(cells, "DateTime (UTC)"), UTC)
    except ValueError:
        return _("The time {value!r} cannot be read.").format(value=stamp)
    if variant in ("erc20", "nft"):
        text = header.cell(cells, "TokenValue") or header.cell(cells, "Value") or header.cell(cells, "Quantity") or "1"
        try:
            value = abs(parse_money(text, decimal_comma=False))
        except ValueError:
            return _("The amount {value!r} cannot be read.").format(value=text)
        return time, value
    names = [n for n in header.names if n.startswith(("Value_IN(", "Value_OUT("))]
    values = []
    for name in names:
        text = header.cell(cells, name)
        try:
            values.append(abs(parse_money(text, decimal_comma=False)) if text else Decimal(0))
        except ValueError:
            return _("The amount {value!r} cannot be read.").format(value=text)
    return time, max(values, default=Decimal(0))
