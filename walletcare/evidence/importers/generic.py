"""Any other CSV (banks above all) through a column mapping: ``--map COLUMN=field``, saved as named presets.

A mapping names, for the columns that matter, which transaction field they hold (``FIELDS``); the header
row is the first one holding every mapped column. The direction comes from a direction column, else from
separate in/out amount columns, else from the amount's sign. Options start with ``@``: ``@currency=USD``
(when no column holds it) and ``@timezone=+08:00`` (local times without a zone; default UTC+8, as every
Chinese bank export). Built-in presets cover ICBC debit v1/v2 and credit (the native web-banking CSV) and
the CMB debit layout (bill-file-converter output of the 交易流水 PDF). Rows without an id are keyed by a
fingerprint of date, amount, direction, balance, counterparty and description.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from decimal import Decimal

from walletcare.errors import UsageError
from walletcare.evidence.importers import identity
from walletcare.evidence.importers.linking import collect
from walletcare.evidence.importers.money import parse_money
from walletcare.evidence.importers.records import BadRow, ParsedFile, ParsedRow, ParsedStream
from walletcare.evidence.importers.text import (
    Header,
    Record,
    clean,
    find_header,
    make_header,
    non_empty,
    raw_text,
    read_records,
)
from walletcare.evidence.importers.timestamps import (
    guess_day_first,
    parse_day_first_or_month_first,
    parse_local,
    zone,
)
from walletcare.evidence.models import Reference
from walletcare.i18n import _

FAMILY = "csv"
FIELDS = (
    "time", "date", "clock", "amount", "amount_in", "amount_out", "currency", "direction", "counterparty",
    "counterparty_account", "description", "status", "channel", "fee", "note", "balance", "trade_no",
    "merchant_order_no", "tx_hash", "reference", "ignore",
)
_ID_FIELDS = ("trade_no", "merchant_order_no", "tx_hash", "reference")
_OUT_WORDS = {"支出", "out", "debit", "dr", "借", "借 dr", "出", "付款", "withdrawal", "sent"}
_IN_WORDS = {"收入", "in", "credit", "cr", "贷", "贷 cr", "入", "收款", "deposit", "received"}
_CURRENCIES = {"人民币": "CNY", "rmb": "CNY", "美元": "USD", "港币": "HKD", "港元": "HKD", "欧元": "EUR",
               "日元": "JPY", "英镑": "GBP", "澳元": "AUD", "加元": "CAD", "新台币": "TWD"}
_SUMMARY_MARKS = ("合计", "总计", "Total", "TOTAL")
# how a date written with the day and month as numbers is read: "" reads year-first dates and a day/month
# date only when one of its parts is over 12; dmy and mdy read 05/02/2024 as 5 February or May 2
DATE_ORDERS = ("", "ymd", "dmy", "mdy")
_NUMERIC_DATE = re.compile(r"(\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4})(?:[ T]+(\d{1,2}:\d{2}(?::\d{2})?))?")


@dataclass(frozen=True)
class ColumnMapping:
    """Which column holds which field, plus the file's currency and zone when no column says."""

    columns: dict[str, str]
    currency: str = "CNY"
    timezone: str = "+08:00"
    name: str = ""
    first_line: str = ""
    extra_required: tuple[str, ...] = field(default=())
    date_order: str = ""

    @classmethod
    def from_pairs(cls, pairs: Sequence[str], *, base: ColumnMapping | None = None) -> ColumnMapping:
        """Reads ``COLUMN=field`` and ``@currency=…``/``@timezone=…``/``@date_order=dmy|mdy|ymd`` items (on top
        of ``base``).

        Raises:
            UsageError: an item is not ``COLUMN=field`` or names an unknown field, zone or date order.
        """
        columns = dict(base.columns) if base else {}
        currency = base.currency if base else "CNY"
        tz = base.timezone if base else "+08:00"
        order = base.date_order if base else ""
        for item in pairs:
            column, sep, target = item.partition("=")
            column, target = column.strip(), target.strip()
            if not sep or not column or not target:
                raise UsageError(_("Cannot read the mapping {item!r}. Write COLUMN=field, e.g. 交易日期=date.").format(item=item))
            if column == "@currency":
                currency = target.upper()
            elif column == "@timezone":
                try:
                    zone(target)
                except ValueError:
                    raise UsageError(_("The time zone {value!r} is not known.").format(value=target)) from None
                tz = target
            elif column == "@date_order":
                if target.lower() not in DATE_ORDERS:
                    raise UsageError(_("The date order “{value}” is not known. Use dmy (day/month/year), mdy "
                                       "(month/day/year) or ymd (year-month-day).").format(value=target))
                order = target.lower()
            elif target not in FIELDS:
                raise UsageError(_("Unknown field {field!r} in the mapping. Fields: {fields}.").format(field=target, fields=", ".join(FIELDS)))
            else:
                columns[column] = target
        mapping = cls(columns, currency, tz, base.name if base else "", date_order=order)
        mapping.check()
        return mapping

    def check(self) -> None:
        """Raises ``UsageError`` when the mapping lacks a time or an amount."""
        targets = set(self.columns.values())
        if not targets & {"time", "date"}:
            raise UsageError(_("The mapping needs a time or date column (e.g. --map 交易日期=date)."))
        if not targets & {"amount", "amount_in", "amount_out"}:
            raise UsageError(_("The mapping needs an amount column (amount, or amount_in and amount_out)."))

    def to_store(self) -> dict[str, str]:
        """The form saved as a vault preset (``store.presets.save``): columns plus ``@currency``/``@timezone`` (and
        ``@date_order`` when chosen)."""
        order = {"@date_order": self.date_order} if self.date_order else {}
        return {**self.columns, "@currency": self.currency, "@timezone": self.timezone, **order}

    @classmethod
    def from_store(cls, name: str, saved: dict[str, str]) -> ColumnMapping:
        """The mapping of a saved preset.

        Raises:
            UsageError: the saved preset is not a usable mapping.
        """
        mapping = cls.from_pairs([f"{k}={v}" for k, v in saved.items()])
        return cls(mapping.columns, mapping.currency, mapping.timezone, name, date_order=mapping.date_order)


_ICBC_DEBIT = {"交易日期": "date", "摘要": "description", "交易场所": "channel", "记账金额(收入)": "amount_in",
               "记账金额(支出)": "amount_out", "记账币种": "currency", "余额": "balance", "对方户名": "counterparty"}
PRESETS: dict[str, ColumnMapping] = {
    "icbc_debit_v2": ColumnMapping({**_ICBC_DEBIT, "交易详情": "note", "对方账户": "counterparty_account"},
                                   name="icbc_debit_v2", first_line="明细查询文件下载"),
    "icbc_debit_v1": ColumnMapping(dict(_ICBC_DEBIT), name="icbc_debit_v1", first_line="明细查询文件下载",
                                   extra_required=("钞/汇",)),
    "icbc_credit": ColumnMapping({"交易日期": "date", "摘要": "description", "交易场所": "channel",
                                  "记账金额(收入)": "amount_in", "记账金额(支出)": "amount_out", "记账币种": "currency",
                                  "余额": "balance", "对方户名": "counterparty"},
                                 name="icbc_credit", first_line="明细查询文件下载", extra_required=("记账日期",)),
    "cmb_debit": ColumnMapping({"记账日期": "date", "货币": "currency", "交易金额": "amount", "联机余额": "balance",
                                "交易摘要": "description", "对手信息": "counterparty", "客户摘要": "note"}, name="cmb_debit"),
}


def detect_preset(lines: Sequence[str]) -> ColumnMapping | None:
    """The built-in preset whose columns (and first line, for ICBC) match the file, most specific first."""
    head = [clean(c) for line in lines[:40] for c in line.split(",")]
    names = set(head)
    first = clean(lines[0]) if lines else ""
    for key in ("icbc_debit_v2", "icbc_credit", "icbc_debit_v1", "cmb_debit"):
        preset = PRESETS[key]
        if preset.first_line and not first.startswith(preset.first_line):
            continue
        if set(preset.columns) <= names and set(preset.extra_required) <= names:
            return preset
    return None


def stream(lines: Sequence[str], mapping: ColumnMapping) -> ParsedStream:
    """Starts reading a CSV through ``mapping``.

    Raises:
        InvalidInput: no row holds every mapped column (the message lists what the file starts with).
    """
    from walletcare.errors import InvalidInput

    wanted = set(mapping.columns)
    records = read_records(lines)
    header_record = find_header(records, lambda cells: wanted <= set(cells), limit=60)
    if header_record is None:
        raise InvalidInput(_("No row of the file holds all the mapped columns: {columns}. Nothing was written.").format(
            columns=", ".join(sorted(wanted))))
    header = make_header(header_record.line, header_record.cells)
    out = ParsedStream(FAMILY, mapping.name or "mapped", iter(()), headers=header.names,
                       total_hint=max(0, len(lines) - header.line))
    records.release_data_lines()
    out.items = _rows(lines, records, header, mapping, out.source_format)
    return out


def parse_lines(lines: Sequence[str], mapping: ColumnMapping) -> ParsedFile:
    """Parses a whole CSV through ``mapping`` in memory.

    Raises:
        InvalidInput: no row holds every mapped column.
    """
    return collect(stream(lines, mapping))


def _rows(lines: Sequence[str], records: Iterator[Record], header: Header, mapping: ColumnMapping,
          source_format: str) -> Iterator[ParsedRow | BadRow]:
    by_field: dict[str, str] = {}
    for column, target in mapping.columns.items():
        by_field.setdefault(target, column)
    tz = zone(mapping.timezone)
    keys = identity.KeyCounter()

    def get(cells: Sequence[str], target: str) -> str:
        column = by_field.get(target)
        return header.cell(cells, column) if column else ""

    for record in records:
        cells = record.cells
        if not non_empty(cells):
            continue
        result = _read_row(get, cells, tz, mapping.date_order)
        if isinstance(result, str):
            first = next((clean(c) for c in cells if clean(c)), "")
            if not any(mark in first for mark in _SUMMARY_MARKS):
                yield BadRow(record.line, result)
            continue  # else a footer total without a time (ICBC 人民币合计); a payee named TotalEnergies is read
        time, amount, direction, fee = result
        refs = tuple(Reference(kind, get(cells, kind)) for kind in _ID_FIELDS if not identity.is_empty_id(get(cells, kind)))
        counterparty, description = get(cells, "counterparty"), get(cells, "description")
        balance = get(cells, "balance")
        base = f"{FAMILY}:id:{refs[0].value}" if refs else identity.fingerprint(
            FAMILY, time.isoformat(), amount, direction, balance, counterparty, description)
        currency_text = get(cells, "currency")
        currency = _CURRENCIES.get(currency_text.lower(), currency_text.upper()) if currency_text else mapping.currency
        extra = tuple((k, v) for k, v in (("balance", balance), ("counterparty_account", get(cells, "counterparty_account"))) if v)
        yield ParsedRow(dict(
            time=time, amount=amount, currency=currency, direction=direction,
            counterparty=counterparty, description=description, references=refs, status=get(cells, "status"),
            channel=get(cells, "channel"), fee=fee, note=get(cells, "note"), raw=raw_text(lines, record),
            source_line=record.line, source_format=source_format, dedup_key=keys.unique(base), extra=extra,
        ))


def _read_time(text: str, tz: tzinfo, order: str) -> datetime | str:
    """The time in a cell, or why it cannot be read (a message for the bad-rows list)."""
    try:
        return parse_local(text, tz)
    except ValueError:
        pass
    numeric = _NUMERIC_DATE.fullmatch(text.strip())
    if numeric is not None and order != "ymd":
        day_first = {"dmy": True, "mdy": False}.get(order, guess_day_first([numeric.group(1)]))
        if day_first is None:
            return _("The date “{value}” can be read as day/month or as month/day. Choose the date order for "
                     "this file.").format(value=text)
        try:
            return parse_day_first_or_month_first(numeric.group(1), numeric.group(2) or "", tz, day_first=day_first)
        except ValueError:
            pass
    return _("The time “{value}” cannot be read.").format(value=text)


def _read_row(get: Callable[[Sequence[str], str], str], cells: Sequence[str],
              tz: tzinfo, order: str = "") -> tuple[datetime, Decimal, str, Decimal | None] | str:
    time_text = get(cells, "time") or get(cells, "date")
    clock = get(cells, "clock")
    if clock:
        if clock.isdigit() and len(clock) == 6:
            clock = f"{clock[:2]}:{clock[2:4]}:{clock[4:]}"
        time_text = f"{time_text} {clock}"
    time = _read_time(time_text, tz, order)
    if isinstance(time, str):
        return time
    amount_text = get(cells, "amount")
    try:
        if amount_text:
            signed = parse_money(amount_text)
            amount, direction = signed.copy_abs(), "out" if signed < 0 else ("in" if signed > 0 else "neutral")
        else:
            amount_text = get(cells, "amount_in")
            money_in = _optional(amount_text)
            amount_text = get(cells, "amount_out")
            money_out = _optional(amount_text)
            if money_in is None and money_out is None:
                return _("The row has no amount.")
            if money_in:
                amount, direction = money_in.copy_abs(), "in"
            elif money_out:
                amount, direction = money_out.copy_abs(), "out"
            else:
                amount, direction = Decimal(0), "neutral"
    except ValueError:
        return _("The amount “{value}” cannot be read.").format(value=amount_text)
    word = get(cells, "direction").lower()
    if word in _OUT_WORDS:
        direction = "out"
    elif word in _IN_WORDS:
        direction = "in"
    elif word:
        direction = "neutral"
    fee_text = get(cells, "fee")
    try:
        fee = _optional(fee_text)
    except ValueError:
        return _("The amount “{value}” cannot be read.").format(value=fee_text)
    return time, amount, direction, fee.copy_abs() if fee else None


def _optional(text: str) -> Decimal | None:
    """An amount cell that may be empty (``""``, ``-``): ``None`` then; raises ``ValueError`` when garbage."""
    if identity.is_empty_id(text):
        return None
    return parse_money(text)
