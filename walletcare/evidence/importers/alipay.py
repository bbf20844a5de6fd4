"""Alipay 支付宝 exports, all three generations (formats.md §1), read by column name, never by position.

1A is the legacy PC-web "交易记录明细查询" (交易号 first, footer with 共N笔记录); 1B the 2021-2023 app
"电子客户回单" (收/支 first, summary at the bottom); 1C the current app export (preamble on top, banner of
either company, then 交易时间 first). Amounts are unsigned; the direction comes from 收/支 (支出 out, 收入
in, 不计收支/其他/blank neutral). Refund rows are linked to the purchase through ``<交易号>_<suffix>`` or,
failing that, the shared 商家订单号.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from itertools import chain

from walletcare.evidence.importers import identity, resave
from walletcare.evidence.importers.linking import collect
from walletcare.evidence.importers.money import PLAIN, parse_money, split_embedded_refund
from walletcare.evidence.importers.records import BadRow, ParsedFile, ParsedRow, ParsedStream
from walletcare.evidence.importers.text import (
    Header,
    Record,
    clean,
    find_header,
    make_header,
    raw_text,
    read_records,
)
from walletcare.evidence.importers.timestamps import CHINA, parse_local
from walletcare.evidence.models import Reference
from walletcare.evidence.transactions.codec import _SEP, _zone_epoch, imported_row
from walletcare.i18n import _

BANNER = re.compile(r"^-{20,}\s*(支付宝（中国）网络技术有限公司|支付宝支付科技有限公司)\s+电子客户回单\s*-{20,}")
LEGACY_TITLE = "支付宝交易记录明细查询"
DECLARED = re.compile(r"共\s*(\d+)\s*笔记录")
_MODERN = {"交易时间", "交易对方", "收/支", "金额", "交易状态", "交易订单号"}
_LEGACY = {"交易号", "交易创建时间", "交易对方", "金额（元）", "收/支", "交易状态"}
# 1A names → the 1B/1C names the row reader uses.
_LEGACY_ALIASES = {
    "交易号": "交易订单号", "交易创建时间": "交易时间", "商品名称": "商品说明", "金额（元）": "金额",
    "类型": "交易分类", "成功退款（元）": "成功退款", "服务费（元）": "服务费",
}
_DIRECTIONS = {"支出": "out", "收入": "in"}
_OPTIONAL = (("成功退款", "refunded"), ("服务费", "service_fee"), ("资金状态", "fund_status"), ("交易来源地", "source_site"),
             ("付款时间", "paid_at"), ("最近修改时间", "modified_at"))
FAMILY = "alipay"
plain_amount = PLAIN.fullmatch
_STRIP = " \t\r\n\ufeff\u3000\xa0"  # text.clean's padding
_CHINA_OFFSET = CHINA.utcoffset(None) // timedelta(microseconds=1)
_CHINA_EPOCH = datetime(1970, 1, 1) + CHINA.utcoffset(None)  # the Unix epoch as a naive China local time
_MICRO = timedelta(microseconds=1)
_ISO_LOCAL = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?", re.ASCII).fullmatch  # timestamps._ISO_LOCAL
_BOTH_KINDS = "trade_no\x1fmerchant_order_no"
_AMOUNTS_KEPT = 20_000  # distinct amount cells remembered per file (most files repeat amounts)


def looks_like(lines: Sequence[str]) -> bool:
    """Appendix A signature: the 回单 banner (1B/1C) or the legacy title on line 1 (1A)."""
    if lines and clean(lines[0]).startswith(LEGACY_TITLE):
        return True
    return any(BANNER.match(line) for line in lines[:60])


def stream(lines: Sequence[str]) -> ParsedStream | None:
    """Starts reading an Alipay export; ``None`` when no Alipay header is found (not this format)."""
    records = read_records(lines)
    header_record = find_header(records, lambda cells: _MODERN <= set(cells) or _LEGACY <= set(cells))
    if header_record is None:
        return None
    names = [clean(c) for c in header_record.cells]
    if "交易号" in names:
        variant, header = "1a", make_header(header_record.line, header_record.cells, _LEGACY_ALIASES)
    else:
        variant = "1b" if names[0] == "收/支" else "1c"
        header = make_header(header_record.line, header_record.cells)
    out = ParsedStream(FAMILY, variant, iter(()), headers=header.names, declared_count=_declared_count(lines),
                       link_rule="order", total_hint=max(0, len(lines) - header.line))
    if variant != "1a" and not any(BANNER.match(line) for line in lines[: header.line]):
        out.warnings.append(resave.missing_banner())
    records.release_data_lines()
    out.items = _rows(lines, records, header, out)
    return out


def parse_lines(lines: Sequence[str]) -> ParsedFile | None:
    """Parses a whole Alipay export in memory; ``None`` when it is not one."""
    found = stream(lines)
    return None if found is None else collect(found)


def _rows(lines: Sequence[str], records: Iterator[Record], header: Header, out: ParsedStream) -> Iterator[ParsedRow | BadRow]:  # noqa: C901 - one pass per row, inlined for speed (issue #18)
    seen_keys: dict[str, int] = {}  # identity.KeyCounter, inlined: one lookup per row
    amounts: dict[str, tuple[float, str, Decimal, str]] = {}  # amount cell -> float, text, value, refunded
    tab_after_id = False
    rows = 0
    short_times = rounded = 0
    pos = header.pos
    p_trade, p_merchant, p_time = pos("交易订单号"), pos("商家订单号"), pos("交易时间")
    p_party, p_desc, p_category, p_status = pos("交易对方"), pos("商品说明"), pos("交易分类"), pos("交易状态")
    p_label, p_account, p_channel, p_note = pos("收/支"), pos("对方账号"), pos("收/付款方式"), pos("备注")
    p_amount, p_fund = pos("金额"), pos("资金状态")
    optional = [(pos(name), key) for name, key in _OPTIONAL if name in header.index]
    source_format = out.source_format
    minimum = len(header.index) - 1
    width = len(header.names)
    padding = [""] * (width + 1)
    empty_id, build, iso_local, from_iso, directions = identity.EMPTY_IDS, imported_row, _ISO_LOCAL, datetime.fromisoformat, _DIRECTIONS
    pad, sep, base_time, micro, offset = _STRIP, _SEP, _CHINA_EPOCH, _MICRO, _CHINA_OFFSET
    for record in records:
        raw_cells = record.cells
        if raw_cells and raw_cells[0].startswith("-----"):
            break  # 1A/1B footer block
        c = [x.strip(pad) for x in raw_cells]  # Header.row_cells, inlined
        if len(c) <= width:
            c += padding[len(c):]
        else:
            c.append("")  # (the empty slot that positions of missing columns, -1, read)
        if not any(c):
            continue
        if len(raw_cells) < minimum:
            yield BadRow(record.line, _cut_short(len(raw_cells), width))
            continue
        time_text = c[p_time]
        try:
            if iso_local(time_text):  # the common case: t straight from the naive time (UTC+8, as parse_local reads it)
                t = (from_iso(time_text) - base_time) // micro  # (ValueError on an impossible date: 2021-02-30)
                tz = offset
            else:
                moment = parse_local(time_text, CHINA)
                tz = _offset_of(moment)
                t = (moment - _zone_epoch(tz)) // micro
        except ValueError:
            yield BadRow(record.line, _("The time “{value}” cannot be read.").format(value=time_text))
            continue
        amount_text = c[p_amount]
        found = amounts.get(amount_text)
        if found is None:
            read = _read_amount(amount_text)
            if isinstance(read, str):
                yield BadRow(record.line, read)
                continue
            found = read
            if len(amounts) < _AMOUNTS_KEPT:
                amounts[amount_text] = found
        if time_text.count(":") == 1:
            short_times += 1
        label = c[p_label]
        direction = directions.get(label)
        if direction is None:
            fund = c[p_fund]  # 1A: blank 收/支 with 已收入/已支出
            direction = "in" if fund == "已收入" and not c[p_status].startswith("退款") else (
                "out" if fund == "已支出" else "neutral")
        trade_no, merchant = c[p_trade], c[p_merchant]
        if not tab_after_id and p_trade < len(raw_cells) and "\t" in raw_cells[p_trade]:
            tab_after_id = True
        party, description, category, status = c[p_party], c[p_desc], c[p_category], c[p_status]
        if trade_no not in empty_id:  # (an id a spreadsheet rounded too: the key it has always given the row)
            base = f"{FAMILY}:{trade_no}"
        else:
            base = identity.fingerprint(FAMILY, (_zone_epoch(tz) + timedelta(microseconds=t)).isoformat(), found[2],
                                        direction, party, description)
        saved: tuple[tuple[str, str], ...] = ()
        if trade_no.endswith("0000") or "+" in trade_no or merchant.endswith("0000") or "+" in merchant:  # (cheap test first)
            trade_no, merchant, saved = resave.drop_rounded(trade_no, merchant)
            rounded += bool(saved)
        count = seen_keys.get(base, 0) + 1
        seen_keys[base] = count
        extra: list[str] = []  # key, value, key, value ...
        if category:
            extra += ("category", category)
        if label:
            extra += ("direction_label", label)
        if c[p_account]:
            extra += ("counterparty_account", c[p_account])
        refunded = found[3]
        if refunded:
            extra += ("refunded", refunded)
        for position, key in optional:
            value = c[position]
            if value and value not in ("0.00", "0"):
                extra += (key, value)
        for pair in saved:
            extra += pair
        is_refund = category == "退款" or status == "退款成功" or description.startswith("退款-")
        original = f"{FAMILY}:{trade_no.split('_', 1)[0]}" if is_refund and "_" in trade_no else None
        channel, note = c[p_channel], c[p_note]
        line = record.line
        raw = lines[line - 1] if line == record.end_line else raw_text(lines, record)
        rows += 1
        key = base if count == 1 else f"{base}#{count}"
        if sep in raw:  # a cell holds the separator of the joined columns: the general path keeps it exactly
            if trade_no not in empty_id:
                refs: tuple[Reference, ...] = (Reference("trade_no", trade_no),) if merchant in empty_id else (
                    Reference("trade_no", trade_no), Reference("merchant_order_no", merchant))
            else:
                refs = () if merchant in empty_id else (Reference("merchant_order_no", merchant),)
            stored = build(_zone_epoch(tz) + timedelta(microseconds=t), found[2], "CNY", direction,
                           "" if party == "/" else party, description, refs, status,
                           "" if channel == "/" else channel, "" if note == "/" else note, raw, line, source_format,
                           key, extra)
        else:  # codec.imported_row, inlined: no cell holds the separator, so every column is joined as it is
            if trade_no not in empty_id:
                if merchant in empty_id:
                    kinds, joined = "trade_no", trade_no
                else:
                    kinds, joined = _BOTH_KINDS, f"{trade_no}{sep}{merchant}"
            elif merchant in empty_id:
                kinds = joined = ""
            else:
                kinds, joined = "merchant_order_no", merchant
            stored = (t, tz, found[0], found[1], status, direction, "CNY", "" if party == "/" else party, description,
                      "" if note == "/" else note, "" if channel == "/" else channel, kinds, joined, key, line,
                      source_format, raw, sep.join(extra), "", "")
        yield ParsedRow(None, original, is_refund, stored=stored)
    if rows and not tab_after_id:
        out.warnings.append(resave.no_tabs())
    if short_times:
        out.warnings.append(resave.no_seconds())
    if rounded:
        out.warnings.append(resave.rounded_ids())


def _cut_short(found: int, expected: int) -> str:
    return _("The row has {found} fields where the header has {expected}; it may be cut short.").format(
        found=found, expected=expected)


def _read_amount(text: str) -> tuple[float, str, Decimal, str] | str:
    """An amount cell as stored (the sort float and the exact text of its absolute value), the value, and the
    refund it embeds ("" for none); or the reason it cannot be read."""
    refunded = None
    if plain_amount(text):
        amount = Decimal(text)
    else:
        amount_text, refunded = split_embedded_refund(text)
        try:
            amount = parse_money(amount_text, decimal_comma=False)
        except ValueError:
            return _("The amount “{value}” cannot be read.").format(value=amount_text)
    amount = amount.copy_abs()
    return float(amount), str(amount), amount, str(refunded) if refunded else ""


def _offset_of(moment: datetime) -> int:
    """The UTC offset of an aware time, in microseconds."""
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError("a naive time")  # (parse_local returns aware times only)
    return offset // _MICRO


def _declared_count(lines: Sequence[str]) -> int | None:
    for line in chain(lines[:40], lines[-20:]):
        match = DECLARED.search(line)
        if match:
            return int(match.group(1))
    return None
