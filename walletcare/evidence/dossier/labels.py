"""Dates, times and amounts written the way the dossier's language writes them (zh-CN, zh-TW, en).

The dossier language is chosen at export and is independent of the interface language, so every label goes
through ``translate(msg, lang)`` and every date through these helpers. Money is ``Decimal`` with thousands
separators and its currency code, never a float.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import MAX_PREC, Decimal, localcontext
from functools import lru_cache

from walletcare.i18n import translate

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_date(value: date | None, lang: str) -> str:
    """``2026年3月5日`` in Chinese, ``5 Mar 2026`` in English; empty for ``None``."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if lang.startswith("zh"):
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def format_offset(value: datetime) -> str:
    """``UTC+08:00`` for the datetime's own offset."""
    offset = value.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def format_datetime(value: datetime | None, lang: str, *, zone: bool = True) -> str:
    """The date in the language's form, the time as ``HH:MM`` and the zone (``UTC+08:00``)."""
    if value is None:
        return ""
    text = f"{format_date(value, lang)} {value:%H:%M}"
    return f"{text} {format_offset(value)}" if zone else text


def format_short_datetime(value: datetime, lang: str) -> str:
    """A compact form for tables: ``2026-03-05 14:03`` plus the offset on a second line."""
    return f"{value:%Y-%m-%d %H:%M}\n{format_offset(value)}"


def format_number(value: Decimal | int) -> str:
    """``1234567.5`` → ``1,234,567.5`` (exact: the Decimal's own digits are kept); a count or a size in bytes
    (an int) has no decimals."""
    if isinstance(value, int):
        return f"{value:,}"
    return format(value, ",f")


def format_amount(value: Decimal | None, currency: str) -> str:
    """``1,234.50 CNY`` — at least two decimals (``8`` → ``8.00``), more when the amount has them
    (``0.00042 ETH``); empty for ``None``."""
    if value is None:
        return ""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent > -2:
        with localcontext(prec=MAX_PREC):
            value = value.quantize(_CENTS)
    return f"{format_number(value)} {currency}".strip()


_CENTS = Decimal("0.01")


def yes_no(value: bool | None, lang: str) -> str:
    """Yes / No / (empty when unknown)."""
    if value is None:
        return ""
    return translate("Yes", lang) if value else translate("No", lang)


def contact_kind(kind: str, lang: str) -> str:
    """The contact kind (call, chat ...) in the dossier language."""
    return _contact_kinds(lang).get(kind, kind)


@lru_cache(maxsize=8)
def _contact_kinds(lang: str) -> dict[str, str]:
    return {
        "call": translate("Phone call", lang),
        "chat": translate("Online chat", lang),
        "email": translate("Email", lang),
        "visit": translate("Visit in person", lang),
        "letter": translate("Letter", lang),
    }


def contact_party(party: str, lang: str) -> str:
    """Who a contact was with ("with the seller or merchant" …) in the dossier language; "" when not said."""
    return _contact_parties(lang).get(party, party)


@lru_cache(maxsize=8)
def _contact_parties(lang: str) -> dict[str, str]:
    return {
        "seller": translate("with the seller or merchant", lang),
        "platform": translate("with the official support of the payment app or wallet", lang),
        "bank": translate("with my bank or card issuer", lang),
        "authority": translate("with the police or a regulator", lang),
        "impostor": translate("with a person posing as customer service (a scam)", lang),
        "other": translate("with someone else", lang),
    }


def direction(value: str, lang: str) -> str:
    """Money out / in / neutral in the dossier language."""
    return _directions(lang).get(value, value)


@lru_cache(maxsize=8)
def _directions(lang: str) -> dict[str, str]:
    return {
        "out": translate("Paid out", lang),
        "in": translate("Received", lang),
        "neutral": translate("Other", lang),
    }


def reference_kind(kind: str, lang: str) -> str:
    """Order number, merchant order number, transaction hash ... in the dossier language."""
    return _reference_kinds(lang).get(kind, kind)


@lru_cache(maxsize=8)
def _reference_kinds(lang: str) -> dict[str, str]:
    return {
        "trade_no": translate("Order no.", lang),
        "merchant_order_no": translate("Merchant order no.", lang),
        "tx_hash": translate("Tx hash", lang),
        "reference": translate("Reference", lang),
        "other": translate("Other", lang),
    }


def provider_name(source_format: str, lang: str) -> str:
    """Whose export an imported statement is (from its importer's format, e.g. ``alipay-1c``)."""
    family = source_format.split("-", 1)[0].split("_", 1)[0].lower()
    return _providers(lang).get(family, source_format)


# a case's provider as users type it, when it is one of these names exactly (case and spaces aside), is written
# in the letter's language: "支付宝 customer service" in an English letter is a name the reader cannot place
_PROVIDER_NAMES = {
    "alipay": ("支付宝", "支付寶", "alipay"),
    "wechat": ("微信支付", "wechat pay", "weixin pay", "wechatpay"),
}


def provider_in(name: str, lang: str) -> str:
    """A case's provider as a letter in ``lang`` names it: a well-known name in the letter's script ("支付宝" →
    "Alipay" in English, "支付寶" in zh-TW); any other text as the user wrote it."""
    key = " ".join(name.split()).lower()
    for family, names in _PROVIDER_NAMES.items():
        if key in names:
            return _providers(lang)[family]
    return name


@lru_cache(maxsize=8)
def _providers(lang: str) -> dict[str, str]:
    return {
        "alipay": translate("Alipay", lang),
        "wechat": translate("WeChat Pay", lang),
        "paypal": "PayPal",
        "etherscan": "Etherscan",
        "oklink": "OKLink",
        "csv": translate("Bank or other CSV", lang),
    }


def origin(value: str, lang: str) -> str:
    """How an evidence item was obtained (file, clipboard ...) in the dossier language."""
    return _origins(lang).get(value, value)


@lru_cache(maxsize=8)
def _origins(lang: str) -> dict[str, str]:
    return {
        "file": translate("Imported from a file", lang),
        "clipboard": translate("Pasted from the clipboard", lang),
        "import": translate("Official bill or statement export", lang),
        "typed": translate("Typed in", lang),
        "wizard": translate("Recorded by a troubleshooting wizard", lang),
    }


@lru_cache(maxsize=8)
def detail_names(lang: str) -> dict[str, str]:
    """Labels of a transaction's detail lines (method, note, crypto from/to ...) in the dossier language."""
    return {
        "method": translate("Method", lang),
        "note": translate("Note", lang),
        "from": translate("From address", lang),
        "to": translate("To address", lang),
        "token": translate("Token", lang),
        "network": translate("Network", lang),
        "confirmations": translate("Confirmations", lang),
        "transaction": translate("Transaction", lang),
    }
