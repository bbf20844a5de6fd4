"""PayPal "Activity download" CSV (formats.md §3): old Gross/Fee/Net and new Amount/Fees/Total layouts.

Headers are mapped to canonical English names through a per-language dictionary (French as seen in real
files; German, Spanish and Chinese as PayPal labels them, best effort). Amounts are signed (negative =
money out); the decimal mark (a comma in many localised exports) is found from the file's amounts, not its
language; dates are ``M/D/YYYY`` unless the file shows
otherwise (the order is decided from the whole file); every row carries its own zone, an abbreviation
(``PST``/``PDT``) or an IANA name, read with ``zoneinfo``. Refunds point at their payment through
``Reference Txn ID``; without that column, a refund is matched to the latest earlier payment to the same
name of the same amount, or (a partial refund) to the only earlier payment to that name it fits in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import datetime, tzinfo
from decimal import Decimal

from walletcare.evidence.importers import identity
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
from walletcare.evidence.importers.timestamps import guess_day_first, parse_day_first_or_month_first, zone
from walletcare.evidence.models import Reference
from walletcare.i18n import _

FAMILY = "paypal"
_ENGLISH = {
    "Time Zone": "TimeZone", "Amount": "Gross", "Fees": "Fee", "Total": "Net",
    "Reference Txn ID": "Reference Txn ID", "Transaction ID": "Transaction ID",
}
_FRENCH = {
    "Heure": "Time", "Fuseau horaire": "TimeZone", "Nom": "Name", "Description": "Type", "État": "Status",
    "Etat": "Status", "Statut": "Status", "Devise": "Currency", "Brut": "Gross", "Frais": "Fee", "Solde": "Balance",
    "N° de transaction": "Transaction ID", "Numéro de transaction": "Transaction ID",
    "Numéro de la transaction de référence": "Reference Txn ID", "De l'adresse email": "From Email Address",
    "À l'adresse email": "To Email Address", "Numéro de facture": "Invoice Number", "Titre de l'objet": "Item Title",
    "Impact sur le solde": "Balance Impact",
}
_GERMAN = {
    "Datum": "Date", "Uhrzeit": "Time", "Zeitzone": "TimeZone", "Typ": "Type", "Währung": "Currency",
    "Brutto": "Gross", "Gebühr": "Fee", "Netto": "Net", "Guthaben": "Balance", "Transaktionscode": "Transaction ID",
    "Zugehöriger Transaktionscode": "Reference Txn ID", "Absender E-Mail-Adresse": "From Email Address",
    "Empfänger E-Mail-Adresse": "To Email Address", "Rechnungsnummer": "Invoice Number", "Auswirkung auf Guthaben": "Balance Impact",
}
_SPANISH = {
    "Fecha": "Date", "Hora": "Time", "Zona horaria": "TimeZone", "Nombre": "Name", "Tipo": "Type", "Estado": "Status",
    "Divisa": "Currency", "Moneda": "Currency", "Bruto": "Gross", "Tarifa": "Fee", "Comisión": "Fee", "Neto": "Net",
    "Saldo": "Balance", "Id. de transacción": "Transaction ID", "Id. de transacción de referencia": "Reference Txn ID",
}
_CHINESE = {
    "日期": "Date", "时间": "Time", "時間": "Time", "时区": "TimeZone", "時區": "TimeZone", "名称": "Name", "名稱": "Name",
    "类型": "Type", "類型": "Type", "状态": "Status", "狀態": "Status", "币种": "Currency", "幣別": "Currency",
    "总额": "Gross", "總額": "Gross", "费用": "Fee", "費用": "Fee", "净额": "Net", "淨額": "Net", "余额": "Balance",
    "餘額": "Balance", "交易号": "Transaction ID", "交易編號": "Transaction ID", "参考交易号": "Reference Txn ID",
    "參考交易編號": "Reference Txn ID",
}
_LOCALISED = {**_FRENCH, **_GERMAN, **_SPANISH, **_CHINESE}
ALIASES = {**_ENGLISH, **_LOCALISED}
REQUIRED = {"Date", "Time", "TimeZone", "Currency", "Gross"}
_DECIMAL_TAIL = re.compile(r"\d([.,])\d{1,2}\D*$")  # an amount's decimal mark: the last one, 1-2 digits after it
_REFUND_WORDS = ("refund", "rembourse", "rückzahlung", "rückerstattung", "reembolso", "退款")


def accepts_header(cells: Sequence[str]) -> bool:
    """Whether a row is a PayPal header (after translating localised names)."""
    return REQUIRED <= {ALIASES.get(c, c) for c in cells}


def stream(lines: Sequence[str]) -> ParsedStream | None:
    """Starts reading a PayPal activity CSV; ``None`` when no PayPal header is found."""
    records = read_records(lines)
    header_record = find_header(records, accepts_header, limit=10)
    if header_record is None:
        return None
    header = make_header(header_record.line, header_record.cells, ALIASES)
    localised = any(name in _LOCALISED for name in header.names)
    variant = "localised" if localised else ("2024" if "Amount" in header.names else "classic")
    body = [r for r in records if non_empty(r.cells)]  # the date order is decided from the whole file
    day_first = guess_day_first([header.cell(r.cells, "Date") for r in body])
    if day_first is None:
        day_first = "." in (header.cell(body[0].cells, "Date") if body else "")
    out = ParsedStream(FAMILY, variant, iter(()), headers=header.names, link_rule="name_amount", total_hint=len(body))
    out.items = _rows(lines, body, header, out, day_first, _decimal_comma(header, body))
    return out


def parse_lines(lines: Sequence[str]) -> ParsedFile | None:
    """Parses a whole PayPal activity CSV in memory; ``None`` when it is not one."""
    found = stream(lines)
    return None if found is None else collect(found)


def _decimal_comma(header: Header, body: list[Record]) -> bool | None:
    """The file's decimal mark, from its amounts (the header's language does not say: a French layout may
    use points, an English one commas): ``True`` when amounts end in ``,`` and one or two digits and none in
    ``.`` and one or two, ``False`` for the reverse, ``None`` (each amount read on its own) when the amounts
    do not tell (``1,500``) or disagree."""
    marks = set()
    for record in body:
        for column in ("Gross", "Fee", "Net", "Balance"):
            match = _DECIMAL_TAIL.search(header.cell(record.cells, column))
            if match:
                marks.add(match.group(1))
        if len(marks) == 2:
            return None
    return (marks == {","}) if marks else None


def _rows(lines: Sequence[str], body: list[Record], header: Header, out: ParsedStream, day_first: bool,
          decimal_comma: bool | None) -> Iterator[ParsedRow | BadRow]:
    keys = identity.KeyCounter()
    source_format = out.source_format
    for record in body:
        cells = record.cells
        result = _read_row(header, cells, day_first, decimal_comma=decimal_comma)
        if isinstance(result, str):
            yield BadRow(record.line, result)
            continue
        time, gross, fee = result
        tx_id = header.cell(cells, "Transaction ID")
        ref_id = header.cell(cells, "Reference Txn ID")
        invoice = header.cell(cells, "Invoice Number")
        refs = [Reference("trade_no", tx_id)] if tx_id else []
        if ref_id:
            refs.append(Reference("reference", ref_id))
        if invoice:
            refs.append(Reference("merchant_order_no", invoice))
        kind = header.cell(cells, "Type")
        name = header.cell(cells, "Name")
        direction = "out" if gross < 0 else ("in" if gross > 0 else "neutral")
        base = f"{FAMILY}:{tx_id}" if tx_id else identity.fingerprint(
            FAMILY, time.isoformat(), gross, name, kind, header.cell(cells, "Balance"))
        extra = tuple((key, header.cell(cells, col)) for key, col in (
            ("type", "Type"), ("net", "Net"), ("balance", "Balance"), ("balance_impact", "Balance Impact"),
            ("from_email", "From Email Address"), ("to_email", "To Email Address"), ("receipt_id", "Receipt ID"),
            ("time_zone", "TimeZone"),
        ) if header.cell(cells, col))
        lowered = kind.lower()
        is_refund = any(word in lowered for word in _REFUND_WORDS)  # by type: a refunded payment has status Refunded
        yield ParsedRow({
            "time": time, "amount": gross.copy_abs(), "currency": header.cell(cells, "Currency").upper(),
            "direction": direction, "counterparty": name, "description": header.cell(cells, "Item Title") or kind,
            "references": tuple(refs), "status": header.cell(cells, "Status"), "channel": FAMILY,
            "fee": fee.copy_abs() if fee else None, "note": header.cell(cells, "Note") or header.cell(cells, "Subject"),
            "raw": raw_text(lines, record), "source_line": record.line, "source_format": source_format,
            "dedup_key": keys.unique(base), "extra": extra,
        }, f"{FAMILY}:{ref_id}" if is_refund and ref_id else None, is_refund)


def _read_row(header: Header, cells: Sequence[str], day_first: bool, *, decimal_comma: bool | None) -> tuple[datetime, Decimal, Decimal | None] | str:
    zone_name = header.cell(cells, "TimeZone")
    try:
        tz: tzinfo = zone(zone_name)
    except ValueError:
        return _("The time zone {value!r} is not known.").format(value=zone_name)
    date_text, time_text = header.cell(cells, "Date"), header.cell(cells, "Time")
    try:
        time = parse_day_first_or_month_first(date_text, time_text, tz, day_first=day_first)
    except ValueError:
        return _("The time “{value}” cannot be read.").format(value=f"{date_text} {time_text}")
    gross_text = header.cell(cells, "Gross")
    try:
        gross = parse_money(gross_text, decimal_comma=decimal_comma)
    except ValueError:
        return _("The amount “{value}” cannot be read.").format(value=gross_text)
    fee_text = header.cell(cells, "Fee")
    try:
        fee = parse_money(fee_text, decimal_comma=decimal_comma) if fee_text and fee_text != "..." else None
    except ValueError:
        return _("The amount “{value}” cannot be read.").format(value=fee_text)
    if not header.cell(cells, "Currency"):
        return _("The row has no currency.")
    return time, gross, fee
