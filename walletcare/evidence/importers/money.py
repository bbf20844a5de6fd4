"""Money as written in export files, read as ``Decimal`` (never float) from every notation seen.

Handles currency symbols (``¥`` U+00A5, ``￥`` U+FFE5, ``$``, ``€``, ``£``), ISO code prefixes (``CNY 13.50``),
thousands separators, decimal commas (``-59,30``, ``1.234,56``), signs with spaces (``+ $50.00``), accounting
parentheses (``($370)``), and amounts that embed a refund (``131.77(已退款89.84)``, formats.md §14).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

PLAIN = re.compile(r"-?\d+(?:\.\d+)?")  # what ``Decimal`` reads exactly as ``parse_money`` would
_SCIENTIFIC = re.compile(r"-?\d+(?:\.\d+)?[eE][+-]?\d{1,3}")
_GROUPED_COMMA = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_GROUPED_DOT = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_EMBEDDED_REFUND = re.compile(r"^(.*?)\s*[(（]\s*已退款\s*[¥￥]?\s*([\d.,]+)\s*[)）]\s*$")
_STATUS_REFUND = re.compile(r"已退款\s*[(（]?\s*[¥￥]?\s*([\d.,]+)")
_SYMBOLS = "¥￥$€£₩₹฿"
_EMPTY = {"", "-", "—", "/", "N/A", "n/a", "--"}


def parse_money(text: str, *, decimal_comma: bool | None = None) -> Decimal:
    """Reads one amount.

    Args:
        text: the cell as written (padding is allowed).
        decimal_comma: ``True`` when the file uses ``,`` as the decimal mark (French PayPal), ``False`` when
            ``,`` only groups thousands, ``None`` to decide from the value itself.

    Returns:
        The amount with its sign.

    Raises:
        ValueError: the text is not an amount.
    """
    s = text.strip(" \t\r\n\xa0\u3000")
    if PLAIN.fullmatch(s) or _SCIENTIFIC.fullmatch(s):  # explorers write tiny values as 1.9E-4
        return Decimal(s)
    if s in _EMPTY:
        raise ValueError(f"no amount in {text!r}")
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1].strip()
    s = s.replace(" ", "").replace("\xa0", "").replace("\u202f", "").replace("'", "")
    s = s.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ") if s[:3].isalpha() and s[:3].isupper() else s
    if s[:1] and s[0] in "+-":
        negative, s = negative or s[0] == "-", s[1:]
    s = s.strip(_SYMBOLS)
    if s[:1] and s[0] in "+-":
        negative, s = negative or s[0] == "-", s[1:]
    s = s.rstrip(_SYMBOLS + "元")
    if not s or not _NUMBER.fullmatch(s):
        raise ValueError(f"no amount in {text!r}")
    s = _normalise_separators(s, decimal_comma)
    try:
        value = Decimal(s)
    except InvalidOperation:
        raise ValueError(f"no amount in {text!r}") from None
    if not value.is_finite():
        raise ValueError(f"no amount in {text!r}")
    return value.copy_negate() if negative else value  # (unary minus would round to 28 digits)


def _normalise_separators(s: str, decimal_comma: bool | None) -> str:
    has_comma, has_dot = "," in s, "." in s
    if has_comma and has_dot:
        if s.rfind(",") > s.rfind("."):  # 1.234,56
            return s.replace(".", "").replace(",", ".")
        return s.replace(",", "")  # 1,234.56
    if has_comma:
        if decimal_comma is True:
            if s.count(",") > 1:
                raise ValueError(s)
            return s.replace(",", ".")
        if decimal_comma is False or _GROUPED_COMMA.fullmatch(s):
            return s.replace(",", "")
        if s.count(",") == 1:
            return s.replace(",", ".")  # -59,30
        raise ValueError(s)
    if has_dot and s.count(".") > 1:
        if _GROUPED_DOT.fullmatch(s):
            return s.replace(".", "")
        raise ValueError(s)
    return s


def split_embedded_refund(text: str) -> tuple[str, Decimal | None]:
    """Splits ``131.77(已退款89.84)`` into ``("131.77", Decimal("89.84"))``; other text is returned as is."""
    match = _EMBEDDED_REFUND.match(text.strip())
    if not match:
        return text, None
    return match.group(1), parse_money(match.group(2))


def refunded_in_status(status: str) -> Decimal | None:
    """The refunded amount a WeChat status carries (``已退款￥742.00``, ``已退款(￥0.11)``), else ``None``."""
    match = _STATUS_REFUND.search(status)
    if not match:
        return None
    try:
        return parse_money(match.group(1))
    except ValueError:
        return None
