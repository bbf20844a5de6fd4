"""WeChat Pay 微信支付 bills (formats.md §2): the CSV era and the XLSX era, header found by its content.

The header is the row holding 交易时间 … 交易单号 (row 17 before 2026-03, row 18 after; never counted).
Amounts come as text ``¥28.16`` (U+00A5), as ``￥`` (U+FFE5) in status texts, or as numeric cells; the
direction comes from 收/支 (支出 out, 收入 in, ``/`` neutral). Partial refunds appear in the purchase's
status (``已退款￥742.00``, ``已退款(￥0.11)``); refund rows (type ``…-退款``) are linked to the purchase by
商户单号 and 交易对方. The withdrawal fee in 备注 (``服务费¥0.10``) becomes ``Transaction.fee``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from decimal import Decimal

from walletcare.errors import InvalidInput
from walletcare.evidence.importers import identity, resave
from walletcare.evidence.importers.linking import collect
from walletcare.evidence.importers.money import parse_money, refunded_in_status
from walletcare.evidence.importers.records import BadRow, ParsedFile, ParsedRow, ParsedStream
from walletcare.evidence.importers.text import (
    Header,
    clean,
    find_header,
    make_header,
    non_empty,
    raw_text,
    read_records,
)
from walletcare.evidence.importers.timestamps import CHINA, from_excel_serial, parse_local
from walletcare.evidence.importers.workbook import read_sheets, row_text
from walletcare.evidence.models import Reference
from walletcare.i18n import _

TITLE = "微信支付账单明细"
LIST_MARK = "微信支付账单明细列表"
DECLARED = re.compile(r"共\s*(\d+)\s*笔记录")
_REQUIRED = {"交易时间", "交易类型", "交易对方", "收/支", "金额(元)", "当前状态", "交易单号"}
_DIRECTIONS = {"支出": "out", "收入": "in"}
_FEE = re.compile(r"服务费\s*[¥￥]?\s*([\d.,]+)")
FAMILY = "wechat"


def looks_like(lines: Sequence[str]) -> bool:
    """Appendix A signature (CSV): ``微信支付账单明细`` first and the ``-----微信支付账单明细列表`` row."""
    head = [clean(line) for line in lines[:40]]
    return bool(head) and head[0].startswith(TITLE) and any(LIST_MARK in line for line in head)


def stream(lines: Sequence[str]) -> ParsedStream | None:
    """Starts reading a CSV bill; ``None`` when no WeChat header is found."""
    records = read_records(lines)
    header_record = find_header(records, lambda cells: _REQUIRED <= set(cells))
    if header_record is None:
        return None
    header = make_header(header_record.line, header_record.cells)
    rows = ((r.line, r.cells, raw_text(lines, r)) for r in records)
    out = _stream("csv", header, lines[: header.line], len(lines) - header.line)
    out.items = _rows(header, rows, out)
    if not any("\t" in line for line in lines[header.line : header.line + 200]) and len(lines) > header.line + 1:
        out.warnings.append(resave.no_tabs())
    records.release_data_lines()
    return out


def stream_xlsx(data: bytes) -> ParsedStream | None:
    """Starts reading an XLSX bill: the first sheet whose column A holds ``微信支付账单明细列表``; ``None`` if none
    does.

    Raises:
        InvalidInput: the workbook cannot be read, or the sheet has the title but no header row.
    """
    for sheet in read_sheets(data):
        top = [(number, row) for number, row in sheet.rows if number <= 60]
        if not any(LIST_MARK in clean(row[0]) for _number, row in top):
            continue
        for pos, (number, row) in enumerate(top):
            if _REQUIRED <= {clean(c) for c in row}:
                header = make_header(number, row)
                body = sheet.rows[pos + 1:]
                data_rows = ((line, cells, row_text(cells)) for line, cells in body)
                out = _stream("xlsx", header, [r[0] for _n, r in sheet.rows[:pos]], len(body))
                out.items = _rows(header, data_rows, out)
                return out
        raise InvalidInput(
            _("The sheet {sheet!r} has the WeChat Pay title but no header row (交易时间, 交易单号 …). Nothing was written.").format(sheet=sheet.name)
        )
    return None


def parse_lines(lines: Sequence[str]) -> ParsedFile | None:
    """Parses a whole CSV bill in memory; ``None`` when it is not one."""
    found = stream(lines)
    return None if found is None else collect(found)


def parse_xlsx(data: bytes) -> ParsedFile | None:
    """Parses a whole XLSX bill in memory; ``None`` when it is not one."""
    found = stream_xlsx(data)
    return None if found is None else collect(found)


def _stream(variant: str, header: Header, preamble: Sequence[str], total: int) -> ParsedStream:
    out = ParsedStream(FAMILY, variant, iter(()), headers=header.names, link_rule="order", total_hint=max(0, total))
    for line in preamble:
        match = DECLARED.search(line or "")
        if match:
            out.declared_count = int(match.group(1))
            break
    if not any(LIST_MARK in (line or "") for line in preamble):
        out.warnings.append(resave.missing_banner())
    return out


def _rows(header: Header, rows: Iterable[tuple[int, Sequence[str], str]], out: ParsedStream) -> Iterator[ParsedRow | BadRow]:
    keys = identity.KeyCounter()
    source_format = out.source_format
    short_times = rounded = 0
    for line, cells, raw in rows:
        if not non_empty(cells):
            continue
        result = _read_row(header, cells)
        if isinstance(result, str):
            yield BadRow(line, result)
            continue
        time, amount, direction = result
        if header.cell(cells, "交易时间").count(":") == 1:
            short_times += 1
        trade_no = header.cell(cells, "交易单号")
        merchant = header.cell(cells, "商户单号")
        kind = header.cell(cells, "交易类型")
        status = header.cell(cells, "当前状态")
        note = header.cell(cells, "备注")
        counterparty = _slash(header.cell(cells, "交易对方"))
        # the key from the id as written, a rounded one too (the key it has always given the row)
        base = f"{FAMILY}:{trade_no}" if not identity.is_empty_id(trade_no) else identity.fingerprint(
            FAMILY, time.isoformat(), amount, direction, counterparty, kind)
        trade_no, merchant, saved = resave.drop_rounded(trade_no, merchant)
        rounded += bool(saved)
        refs = []
        if not identity.is_empty_id(trade_no):
            refs.append(Reference("trade_no", trade_no))
        if not identity.is_empty_id(merchant):
            refs.append(Reference("merchant_order_no", merchant))
        extra = [("type", kind), ("direction_label", header.cell(cells, "收/支")), *saved]
        refunded = amount if status == "已全额退款" else refunded_in_status(status)
        if refunded is not None:
            extra.append(("refunded", str(refunded)))
        fee_match = _FEE.search(note)
        fee = None
        if fee_match:
            try:
                fee = parse_money(fee_match.group(1))
            except ValueError:
                fee = None
        yield ParsedRow({
            "time": time, "amount": amount, "currency": "CNY", "direction": direction, "counterparty": counterparty,
            "description": _slash(header.cell(cells, "商品")), "references": tuple(refs), "status": status,
            "channel": _slash(header.cell(cells, "支付方式")), "fee": fee, "note": _slash(note), "raw": raw,
            "source_line": line, "source_format": source_format, "dedup_key": keys.unique(base), "extra": tuple(extra),
        }, None, kind.endswith("退款"))
    if short_times:
        out.warnings.append(resave.no_seconds())
    if rounded:
        out.warnings.append(resave.rounded_ids())


def _read_row(header: Header, cells: Sequence[str]) -> tuple[datetime, Decimal, str] | str:
    if len(cells) < len(header.index) - 1:
        return _("The row has {found} fields where the header has {expected}; it may be cut short.").format(
            found=len(cells), expected=len(header.names))
    time_text = header.cell(cells, "交易时间")
    try:
        time = parse_local(time_text, CHINA)
    except ValueError:
        try:
            time = from_excel_serial(float(time_text), CHINA)
        except ValueError:
            return _("The time “{value}” cannot be read.").format(value=time_text)
    amount_text = header.cell(cells, "金额(元)")
    try:
        amount = parse_money(amount_text, decimal_comma=False).copy_abs()
    except ValueError:
        return _("The amount “{value}” cannot be read.").format(value=amount_text)
    return time, amount, _DIRECTIONS.get(header.cell(cells, "收/支"), "neutral")


def _slash(value: str) -> str:
    return "" if value == "/" else value
