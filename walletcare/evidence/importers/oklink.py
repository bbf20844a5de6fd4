"""OKLink explorer token-transfer export (formats.md §5), Chinese UI headers, multi-chain including TRON.

Header ``交易哈希,区块高度,本地时间(UTC+8),UTC时间,发送方,…,数量,代币符号,代币地址``; every data row ends with an
extra comma (ignored). The UTC column gives the time. ``代币符号`` may be an address (unnamed or spam token);
such rows and zero-value transfers are kept and tagged ``possible_spam``. Keys are shared with the
Etherscan importer so both exports of one address de-duplicate against each other.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC
from itertools import chain as chain_iter
from itertools import islice

from walletcare.evidence.importers import chain, identity
from walletcare.evidence.importers.linking import collect
from walletcare.evidence.importers.money import parse_money
from walletcare.evidence.importers.records import BadRow, ParsedFile, ParsedRow, ParsedStream
from walletcare.evidence.importers.text import find_header, make_header, non_empty, raw_text, read_records
from walletcare.evidence.importers.timestamps import CHINA, parse_local
from walletcare.evidence.models import Reference
from walletcare.i18n import _

_SAMPLE = 2000  # rows read to tell whose export it is (the address is in every row)
FAMILY = "oklink"
_ALIASES = {"Txn Hash": "交易哈希", "Block": "区块高度", "From": "发送方", "To": "接收方", "Amount": "数量",
            "Token Symbol": "代币符号", "Token Address": "代币地址", "Time(UTC)": "UTC时间"}


def accepts_header(cells: Sequence[str]) -> bool:
    """Appendix A: the header starts ``交易哈希,区块高度``."""
    return len(cells) >= 2 and cells[0] == "交易哈希" and cells[1] == "区块高度"


def stream(lines: Sequence[str], own_addresses: Sequence[str] = ()) -> ParsedStream | None:
    """Starts reading an OKLink token-transfer export (``own_addresses`` tell whose it is when in doubt); ``None`` when
    the header is not OKLink's."""
    records = read_records(lines)
    header_record = find_header(records, accepts_header, limit=5)
    if header_record is None:
        return None
    header = make_header(header_record.line, header_record.cells, _ALIASES)
    out = ParsedStream(FAMILY, "token_transfer", iter(()), headers=header.names, total_hint=max(0, len(lines) - header.line))
    sample = [r for r in islice(records, _SAMPLE) if non_empty(r.cells)]  # whose export it is
    body = chain_iter(sample, records)
    account = chain.infer_account(((header.cell(r.cells, "发送方"), header.cell(r.cells, "接收方")) for r in sample),
                                  own_addresses)

    def rows() -> Iterator[ParsedRow | BadRow]:
        source_format = out.source_format
        keys = identity.KeyCounter()
        spam = 0
        for record in body:
            cells = record.cells
            if not non_empty(cells):
                continue
            tx_hash = header.cell(cells, "交易哈希")
            if not tx_hash:
                yield BadRow(record.line, _("The row has no transaction hash."))
                continue
            utc_text, local_text = header.cell(cells, "UTC时间"), header.cell(cells, "本地时间(UTC+8)")
            try:
                time = parse_local(utc_text, UTC) if utc_text else parse_local(local_text, CHINA)
            except ValueError:
                yield BadRow(record.line, _("The time “{value}” cannot be read.").format(value=utc_text or local_text))
                continue
            amount_text = header.cell(cells, "数量")
            try:
                value = parse_money(amount_text, decimal_comma=False).copy_abs()
            except ValueError:
                yield BadRow(record.line, _("The amount “{value}” cannot be read.").format(value=amount_text))
                continue
            sender, receiver = header.cell(cells, "发送方"), header.cell(cells, "接收方")
            symbol, contract = header.cell(cells, "代币符号"), header.cell(cells, "代币地址")
            tags: tuple[str, ...] = ()
            if value == 0 or symbol.lower().startswith("0x"):
                tags, spam = ("possible_spam",), spam + 1
            extra = [("from", sender), ("to", receiver), ("from_ens", header.cell(cells, "发送方ENS")),
                     ("to_ens", header.cell(cells, "接收方ENS")), ("block", header.cell(cells, "区块高度")),
                     ("contract", contract), ("account", account)]
            yield ParsedRow(dict(
                time=time, amount=value, currency=symbol or contract,
                direction=chain.direction(account, sender, receiver), counterparty=chain.counterparty(account, sender, receiver),
                references=(Reference("tx_hash", tx_hash),), channel=FAMILY, raw=raw_text(lines, record),
                source_line=record.line, source_format=source_format,
                dedup_key=keys.unique(chain.transfer_key(tx_hash, sender, receiver, contract, value)),
                extra=tuple((k, v) for k, v in extra if v), tags=tags,
            ))
        if spam:
            out.warnings.append(chain.spam_warning(spam))

    records.release_data_lines()
    out.items = rows()
    return out


def parse_lines(lines: Sequence[str], own_addresses: Sequence[str] = ()) -> ParsedFile | None:
    """Parses a whole export in memory; ``None`` when it is not this format."""
    found = stream(lines, own_addresses)
    return None if found is None else collect(found)
