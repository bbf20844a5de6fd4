"""Etherscan-family "Download CSV Export" (formats.md §4): normal, internal, ERC-20 and NFT transfer lists.

BscScan, PolygonScan, Arbiscan … share the layout; the coin comes from ``Value_IN(<SYM>)``. Columns are
found by name: ``Txhash`` or ``Transaction Hash``, ``DateTime (UTC)`` or ``DateTime``, the price column by
its ``CurrentValue`` prefix; the extra trailing field of internal exports is ignored. Times are UTC (from
``UnixTimestamp``). Failed transactions are kept with their status and error and an amount of zero: the value
such a row shows never moved (formats.md §4); it is kept as the extra field ``value_not_moved``. Zero-value token transfers
(address poisoning) are kept and tagged ``possible_spam``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from itertools import chain as chain_iter
from itertools import compress, islice
from operator import itemgetter

from walletcare.evidence.importers import chain
from walletcare.evidence.importers.linking import collect
from walletcare.evidence.importers.money import PLAIN, parse_money
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
from walletcare.evidence.importers.timestamps import parse_local
from walletcare.evidence.models import Reference
from walletcare.evidence.transactions.codec import _SEP, imported_row
from walletcare.i18n import _

_EXTRA_KEYS = ("from", "to", "block", "contract", "token_name", "token_id", "usd_value", "error_code", "account", "failed",
               "value_not_moved")
_ZERO = Decimal(0)
_plain = PLAIN.fullmatch
_STRIP = " \t\r\n\ufeff\u3000\xa0"  # text.clean's padding
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_FEES_KEPT = 20_000  # distinct fee cells remembered per file
_SAMPLE = 2000  # rows read to tell whose export it is (the address is in every row)
FAMILY = "etherscan"
_ALIASES = {"Transaction Hash": "Txhash", "DateTime": "DateTime (UTC)", "TxTo": "To", "TokenId": "Token ID"}
_SYMBOL = re.compile(r"Value_IN\((.+)\)$")
_COLUMNS = ("Txhash", "UnixTimestamp", "DateTime (UTC)", "From", "To", "ContractAddress", "Status", "TokenSymbol",
            "Token ID", "Blockno", "TokenName", "USDValueDayOfTx", "ErrCode", "Method", "Type", "TokenValue", "Value",
            "Quantity")


def accepts_header(cells: Sequence[str]) -> bool:
    """Appendix A: first cell ``Txhash``/``Transaction Hash`` and an ``UnixTimestamp`` column."""
    return bool(cells) and cells[0] in ("Txhash", "Transaction Hash") and "UnixTimestamp" in cells


def stream(lines: Sequence[str], own_addresses: Sequence[str] = ()) -> ParsedStream | None:  # noqa: C901 - one pass per row, inlined for speed (issue #18)
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

    p = {name: header.pos(name) for name in _COLUMNS}
    p_in, p_out = header.pos(f"Value_IN({symbol})"), header.pos(f"Value_OUT({symbol})")
    p_fee = header.pos(fee_column) if fee_column else -1

    extra_cells = itemgetter(p["Blockno"], p["ContractAddress"], p["TokenName"], p["Token ID"], p["USDValueDayOfTx"],
                             p["ErrCode"])
    p_hash, p_from, p_to, p_contract, p_status = p["Txhash"], p["From"], p["To"], p["ContractAddress"], p["Status"]
    p_read = (p["Txhash"], p["UnixTimestamp"], p["DateTime (UTC)"], p["TokenValue"], p["Value"], p["Quantity"])
    p_method, p_token_name, p_type, p_symbol, p_token_id = (p["Method"], p["TokenName"], p["Type"], p["TokenSymbol"],
                                                           p["Token ID"])

    def rows() -> Iterator[ParsedRow | BadRow]:  # noqa: C901 - one pass per row, inlined for speed (issue #18)
        source_format = out.source_format
        seen_keys: dict[str, int] = {}  # identity.KeyCounter, inlined: one lookup per row
        fees: dict[str, str] = {}  # fee cell -> the stored text of its value
        spam = 0
        coin = variant in ("normal", "internal")
        width = len(header.names)
        padding = [""] * (width + 1)
        pad, sep = _STRIP, _SEP
        channel = symbol or FAMILY
        flat = chain_iter.from_iterable  # the extra fields as key, value, key, value ...
        for record in body:
            c = [x.strip(pad) for x in record.cells]  # Header.row_cells, inlined
            if len(c) <= width:
                c += padding[len(c):]
            else:
                c.append("")  # (the empty slot that positions of missing columns, -1, read)
            if not any(c):
                continue
            result = _read_row(c, p_read, p_in, p_out, coin)
            if isinstance(result, str):
                yield BadRow(record.line, result)
                continue
            time, value, value_in, value_out = result
            tx_hash, sender, receiver = c[p_hash], c[p_from], c[p_to]
            contract, status = c[p_contract], c[p_status]
            failed = (variant == "internal" and status not in ("", "0")) or (variant == "normal" and bool(status))
            s_low, r_low = sender.lower(), receiver.lower()
            if account and s_low == account and r_low != account:  # chain.direction, inlined
                direction = "out"
            elif account and r_low == account and s_low != account:
                direction = "in"
            else:
                direction = "neutral"
            if coin:
                if value_in and not value_out:
                    direction = "in"
                elif value_out and not value_in:
                    direction = "out"
                currency = symbol
                base = f"{FAMILY}:{variant}:{tx_hash.lower()}"
                if variant == "internal":
                    base += f":{s_low}:{r_low}:{value.normalize():f}"
            else:
                currency = c[p_symbol] or contract
                base = chain.transfer_key(tx_hash, sender, receiver, contract, value)
                if variant == "nft":
                    base += ":" + c[p_token_id]
            count = seen_keys.get(base, 0) + 1
            seen_keys[base] = count
            tags: tuple[str, ...] = ()
            if not coin and value == 0:
                tags, spam = ("possible_spam",), spam + 1
            fee_text = c[p_fee] if p_fee >= 0 and direction != "in" else ""
            not_moved = ""
            if failed and value:
                not_moved, value = f"{value:f}", _ZERO
            values = (sender, receiver, *extra_cells(c), account, "yes" if failed else "", not_moved)
            line = record.line
            raw = lines[line - 1] if line == record.end_line else raw_text(lines, record)
            key = base if count == 1 else f"{base}#{count}"
            description = c[p_method] or c[p_token_name] or c[p_type]
            party = receiver if s_low == account else sender
            if tags or sep in raw or not isinstance(time, int):  # the general path (codec.imported_row)
                moment = _EPOCH + timedelta(microseconds=time) if isinstance(time, int) else time
                fee = _value(fee_text) or None if fee_text else None
                yield ParsedRow(None, stored=imported_row(
                    moment, value, currency, direction, party, description, (Reference("tx_hash", tx_hash),), status,
                    channel, "", raw, line, source_format, key,
                    list(flat(compress(zip(_EXTRA_KEYS, values, strict=True), values))), fee, tags))
                continue
            # codec.imported_row, inlined: UTC, one reference, no cell holds the separator, no tags
            fee_stored = fees.get(fee_text) if fee_text else ""
            if fee_stored is None:
                fee_value = _value(fee_text)
                fee_stored = str(fee_value) if fee_value else ""
                if len(fees) < _FEES_KEPT:
                    fees[fee_text] = fee_stored
            yield ParsedRow(None, stored=(
                time, 0, float(value), str(value), status, direction, currency, party, description, "", channel,
                "tx_hash", tx_hash, key, line, source_format, raw,
                sep.join(flat(compress(zip(_EXTRA_KEYS, values, strict=True), values))), fee_stored, ""))
        if spam:
            out.warnings.append(chain.spam_warning(spam))

    records.release_data_lines()
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
        return _amount(text) if text else Decimal(0)
    except ValueError:
        return Decimal(0)


@lru_cache(maxsize=4096)  # fees and ``0`` repeat on most rows; ``Decimal`` is immutable
def _amount(text: str) -> Decimal:
    """``parse_money(text, decimal_comma=False)``, with plain numbers read by ``Decimal`` directly (the same value)."""
    return Decimal(text) if _plain(text) else parse_money(text, decimal_comma=False)


def _read_row(c: list[str], p: tuple[int, ...], p_in: int, p_out: int,
              coin: bool) -> tuple[datetime | int, Decimal, Decimal, Decimal] | str:
    """Time (a Unix timestamp as UTC microseconds, else a datetime), amount, and (coin exports) the IN and OUT
    values of a row, or the reason it cannot be read.

    ``p``: the positions of Txhash, UnixTimestamp, DateTime (UTC), TokenValue, Value and Quantity.
    """
    p_hash, p_stamp, p_date, p_token_value, p_value, p_quantity = p
    if not c[p_hash]:
        return _("The row has no transaction hash.")
    stamp = c[p_stamp]
    try:
        if stamp:  # timestamps.from_unix, as UTC microseconds (the stored ``t``)
            seconds = int(stamp)
            if not 0 <= seconds < 32503680000:  # before year 3000
                raise ValueError(stamp)
            time: datetime | int = seconds * 1_000_000
        else:
            time = parse_local(c[p_date], UTC)
    except ValueError:
        return _("The time “{value}” cannot be read.").format(value=stamp or c[p_date])
    if not coin:
        text = c[p_token_value] or c[p_value] or c[p_quantity] or "1"
        try:
            return time, _amount(text).copy_abs(), _ZERO, _ZERO
        except ValueError:
            return _("The amount “{value}” cannot be read.").format(value=text)
    text = c[p_in]
    try:
        value_in = _amount(text).copy_abs() if text else _ZERO
        text = c[p_out]
        value_out = _amount(text).copy_abs() if text else _ZERO
    except ValueError:
        return _("The amount “{value}” cannot be read.").format(value=text)
    return time, max(value_in, value_out), value_in, value_out
