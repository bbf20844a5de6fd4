"""Alipay 支付宝 exports, all three generations (formats.md §1), read by column name, never by position.

1A is the legacy PC-web "交易记录明细查询" (交易号 first, footer with 共N笔记录); 1B the 2021-2023 app
"电子客户回单" (收/支 first, summary at the bottom); 1C the current app export (preamble on top, banner of
either company, then 交易时间 first). Amounts are unsigned; the direction comes from 收/支 (支出 out, 收入
in, 不计收支/其他/blank neutral). Refund rows are linked to the purchase through ``<交易号>_<suffix>`` or,
failing that, the shared 商家订单号.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from walletcare.evidence.importers import identity
from walletcare.evidence.importers.money import parse_money, split_embedded_refund
from walletcare.evidence.importers.records import BadRow, ParsedFile, ParsedRow
from walletcare.evidence.importers.text import (
    Header,
    clean,
    find_header,
    make_header,
    non_empty,
    raw_text,
    read_records,
)
from walletcare.evidence.importers.timestamps import CHINA, parse_local
from walletcare.evidence.models import Reference
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
FAMILY = "alipay"


def looks_like(lines: Sequence[str]) -> bool:
    """Appendix A signature: the 回单 banner (1B/1C) or the legacy title on line 1 (1A)."""
    if lines and clean(lines[0]).startswith(LEGACY_TITLE):
        return True
    return any(BANNER.match(line) for line in lines[:60])


def parse_lines(lines: Sequence[str]) -> ParsedFile | None:
    """Parses an Alipay export; ``None`` when no Alipay header is found (not this format)."""
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
    parsed = ParsedFile(FAMILY, variant, headers=header.names)
    parsed.declared_count = _declared_count(lines)

    txs: list[dict[str, Any]] = []
    refunds: list[bool] = []
    keys = identity.KeyCounter()
    tab_after_id = False
    short_times = 0
    for record in records:
        first = record.cells[0] if record.cells else ""
        if first.startswith("-----"):
            break  # 1A/1B footer block
        if not non_empty(record.cells):
            continue
        row = _read_row(header, record.cells)
        if isinstance(row, str):
            parsed.bad_rows.append(BadRow(record.line, row))
            continue
        time, amount, direction, refunded = row
        trade_no = header.cell(record.cells, "交易订单号")
        tab_after_id = tab_after_id or _has_tab(header, record.cells)
        short_times += header.cell(record.cells, "交易时间").count(":") == 1
        merchant = header.cell(record.cells, "商家订单号")
        refs = []
        if not identity.is_empty_id(trade_no):
            refs.append(Reference("trade_no", trade_no))
        if not identity.is_empty_id(merchant):
            refs.append(Reference("merchant_order_no", merchant))
        base = f"{FAMILY}:{trade_no}" if not identity.is_empty_id(trade_no) else identity.fingerprint(
            FAMILY, time.isoformat(), amount, direction, header.cell(record.cells, "交易对方"),
            header.cell(record.cells, "商品说明"))
        description = header.cell(record.cells, "商品说明")
        category = header.cell(record.cells, "交易分类")
        status = header.cell(record.cells, "交易状态")
        extra = [("category", category), ("direction_label", header.cell(record.cells, "收/支")),
                 ("counterparty_account", header.cell(record.cells, "对方账号"))]
        if refunded:
            extra.append(("refunded", str(refunded)))
        for name, key in (("成功退款", "refunded"), ("服务费", "service_fee"), ("资金状态", "fund_status"),
                          ("交易来源地", "source_site"), ("付款时间", "paid_at"), ("最近修改时间", "modified_at")):
            value = header.cell(record.cells, name)
            if value and value not in ("0.00", "0"):
                extra.append((key, value))
        txs.append(dict(
            time=time, amount=amount, currency="CNY", direction=direction,
            counterparty=_blank_slash(header.cell(record.cells, "交易对方")), description=description,
            references=tuple(refs), status=status, channel=_blank_slash(header.cell(record.cells, "收/付款方式")),
            note=_blank_slash(header.cell(record.cells, "备注")), raw=raw_text(lines, record),
            source_line=record.line, source_format=parsed.source_format, dedup_key=keys.unique(base),
            extra=tuple((k, v) for k, v in extra if v),
        ))
        refunds.append(category == "退款" or description.startswith("退款-") or status == "退款成功")
    parsed.rows = _link_refunds(txs, refunds)
    if txs and not tab_after_id:
        parsed.warnings.append(_("The ids in this file have no TAB after them, as a spreadsheet re-save leaves them: the file may have been edited."))
    if short_times:
        parsed.warnings.append(_("Some times have no seconds, as a spreadsheet re-save leaves them: the file may have been edited."))
    if variant != "1a" and not any(BANNER.match(line) for line in lines[: header.line]):
        parsed.warnings.append(_("The file lacks the export's banner line: it may have been edited."))
    return parsed


def _read_row(header: Header, cells: Sequence[str]) -> tuple[datetime, Decimal, str, Decimal | None] | str:
    """The row's time, amount, direction and embedded refund, or the reason it cannot be read."""
    if len(cells) < len(header.index) - 1:
        return _("The row has {found} fields where the header has {expected}; it may be cut short.").format(
            found=len(cells), expected=len(header.names))
    time_text = header.cell(cells, "交易时间")
    try:
        time = parse_local(time_text, CHINA)
    except ValueError:
        return _("The time {value!r} cannot be read.").format(value=time_text)
    amount_text, refunded = split_embedded_refund(header.cell(cells, "金额"))
    try:
        amount = parse_money(amount_text, decimal_comma=False)
    except ValueError:
        return _("The amount {value!r} cannot be read.").format(value=amount_text)
    label = header.cell(cells, "收/支")
    direction = _DIRECTIONS.get(label)
    if direction is None:
        fund = header.cell(cells, "资金状态")  # 1A: blank 收/支 with 已收入/已支出
        direction = "in" if fund == "已收入" and not header.cell(cells, "交易状态").startswith("退款") else (
            "out" if fund == "已支出" else "neutral")
    return time, abs(amount), direction, refunded


def _has_tab(header: Header, cells: Sequence[str]) -> bool:
    pos = header.index.get("交易订单号")
    return pos is not None and pos < len(cells) and "\t" in cells[pos]


def _blank_slash(value: str) -> str:
    return "" if value == "/" else value


def _declared_count(lines: Sequence[str]) -> int | None:
    for line in lines[:40] + list(lines[-20:]):
        match = DECLARED.search(line)
        if match:
            return int(match.group(1))
    return None


def _link_refunds(txs: list[dict[str, Any]], refunds: list[bool]) -> list[ParsedRow]:
    """Refund → original: ``<trade no>_<suffix>`` first, then the shared 商家订单号 (formats.md §1C)."""
    trade_nos = [_ref(tx, "trade_no") for tx in txs]
    position = {no: i for i, no in enumerate(trade_nos) if no}
    orders = [_ref(tx, "merchant_order_no") for tx in txs]
    by_order = identity.index_by(orders)
    parties = [tx["counterparty"] for tx in txs]
    times = [tx["time"] for tx in txs]
    amounts = [tx["amount"] for tx in txs]
    rows: list[ParsedRow] = []
    for i, tx in enumerate(txs):
        link: str | None = None
        if refunds[i]:
            no = trade_nos[i]
            if "_" in no:
                original = no.split("_", 1)[0]
                link = txs[position[original]]["dedup_key"] if original in position else f"{FAMILY}:{original}"
            else:
                found = identity.link_by_order_number(i, by_order, orders, parties, times, amounts, refunds)
                link = txs[found]["dedup_key"] if found is not None else None
        rows.append(ParsedRow(tx, link))
    return rows


def _ref(tx: dict[str, Any], kind: str) -> str:
    for ref in tx["references"]:
        if ref.kind == kind:
            return ref.value
    return ""
