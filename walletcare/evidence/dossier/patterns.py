"""Patterns and masks shared by redaction (``redact.py``) and redacted copies (``masking.py``, ``images.py``):
wallet and account numbers, resident ID numbers and phone numbers (US/Canada, mainland China, Taiwan, Hong
Kong and other international forms) as they appear in free text, how a value and a phone number are masked,
and the fill of a box drawn over a picture."""

from __future__ import annotations

import re
from collections.abc import Iterable

MASK_FILL = (20, 20, 20)  # the colour of a box over a masked word in a picture

# wallet addresses in free text: EVM (0x + 40 hex, not a 64-digit hash), Tron, Bitcoin (bech32 and base58)
WALLET = re.compile(r"(?<![0-9A-Za-z])(?:0x[0-9a-fA-F]{40}|bc1[02-9ac-hj-np-z]{25,59})(?![0-9A-Za-z])")
# Tron and legacy Bitcoin addresses: base58 of the right shape and a valid checksum (an order number is not one)
BASE58_ADDRESS = re.compile(r"(?<![0-9A-Za-z])(?:T[1-9A-HJ-NP-Za-km-z]{33}|[13][1-9A-HJ-NP-Za-km-z]{25,34})(?![0-9A-Za-z])")
ACCOUNT = re.compile(r"((?:账号|帐号|账户|帐户|帳號|帳戶|卡号|卡號|account(?: no\.?| number)?|acct\.?|IBAN)[:：#\s]*)"
                      r"(\d[\d ]{6,32}\d)", re.IGNORECASE)  # (digits and spaces: a date after "account" stays)
# mainland resident ID numbers (checked by ``resident_id_ok``)
RESIDENT_ID = re.compile(r"(?<![0-9A-Za-z])(\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx])"
                         r"(?![0-9A-Za-z])")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def resident_id_ok(value: str) -> bool:
    """The ISO 7064 MOD 11-2 check digit of a mainland resident ID number."""
    total = sum(int(d) * w for d, w in zip(value[:17], _ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11] == value[17].upper()


def mask(text: str, keep_start: int = 3, keep_end: int = 4) -> str:
    """``13812345678`` → ``138****5678``; short values keep one character at each end.

    Args:
        text: The value to mask (whitespace at the ends is dropped).
        keep_start: Characters kept at the start when the value is long enough.
        keep_end: Characters kept at the end when the value is long enough.
    """
    value = text.strip()
    if not value:
        return ""
    if len(value) <= keep_start + keep_end + 2:
        if len(value) <= 2:
            return "*" * len(value)
        return value[0] + "*" * (len(value) - 2) + value[-1]
    return value[:keep_start] + "*" * min(len(value) - keep_start - keep_end, 8) + value[-keep_end:]


# Phone numbers in free text, written as people write them (a bare run of digits is taken for one only where it
# has a phone number's shape, so order numbers, amounts, dates and hashes stay whole):
_NANP = (r"(?:\+1[.\- ]?|1[.\- ])?(?:\([2-9]\d{2}\)\s?|[2-9]\d{2}[.\- ])[2-9]\d{2}[.\- ]\d{4}"  # (555) 201-3344
         r"|\+1[.\- ]?[2-9]\d{2}[.\- ]?[2-9]\d{2}[.\- ]?\d{4}")  # +1 555 201 3344, +15552013344
_CN_MOBILE = r"(?:(?:\+|00)86[.\- ]?)?1[3-9]\d(?:[.\- ]?\d{4}){2}"  # 138 1234 5678, +86 13812345678
_CN_SERVICE = r"400[.\- ]?\d{3}[.\- ]?\d{4}"  # 400 lines (95xxx hotlines are public numbers and stay)
_TW_MOBILE = r"09\d{2}[.\- ]?\d{3}[.\- ]?\d{3}"  # 0912-345-678
_AREA_LANDLINE = r"(?:\(0\d{1,3}\)\s?|0\d{1,3}[\- ])\d{3,4}[\- ]?\d{4}"  # 010-62345678, (02) 2345 6789
_INTERNATIONAL = r"(?:\+[1-9]\d{0,2}|00[1-9]\d{0,2}[.\- ])(?:[.\- ]?\(?\d{1,4}\)?){2,5}"  # +886 2 2345 6789, +852 9123 4567, +44 ...
_CUE = (r"(?:电话|電話|手机|手機|联系方式|聯絡方式|致电|致電|热线|熱線|telephone|cellphone|tel\.?|phone|mobile|cell|call"
        r"|whatsapp|hotline)")
# a bare run of ten digits is a US/Canada number when its area code and exchange can be (2-9, not N11)
_NANP_BARE = r"[2-9](?!11)\d{2}[2-9](?!11)\d{6}(?![.,]\d)"
PHONE = re.compile(rf"(?<![0-9A-Za-z+])(?:{_NANP}|{_CN_MOBILE}|{_CN_SERVICE}|{_TW_MOBILE}|{_AREA_LANDLINE}"
                   rf"|{_INTERNATIONAL}|{_NANP_BARE})(?![0-9A-Za-z])")
# after a cue (电话, 手机号码是, phone number, tel # ...) any run that has a phone number's digits: a local number
# such as Hong Kong's 9123 4567 has no shape of its own; more numbers may follow in a list (``/``, ``,``, ``、``)
_CANDIDATE = r"(\+?\(?\d[\d ()\-.]{5,18}\d)(?![0-9A-Za-z])"
CUED_PHONE = re.compile(rf"(?<![A-Za-z]){_CUE}(?:号码|號碼|号|號)?(?:是|为|為)?[:：\s]*"
                        rf"(?:(?:number|no\.?|#)(?![A-Za-z])[:：#\s]*)?(?:(?:is|at|on|to|was)\s+)?{_CANDIDATE}",
                        re.IGNORECASE)
_LISTED_PHONE = re.compile(rf"\s*[/,，、;；]\s*{_CANDIDATE}")
_NANP_FULL = re.compile(_NANP)
_BARE_NANP = re.compile(_NANP_BARE)
# a date (2024-03-15, 2024.03.15, 15/03/2024): never part of a phone number, whatever follows it (a time)
_DATE_LIKE = re.compile(r"(?<!\d)(?:(?:19|20)\d{2}[-./](?:0?[1-9]|1[0-2])[-./](?:0?[1-9]|[12]\d|3[01])"
                        r"|(?:0?[1-9]|[12]\d|3[01])[-./](?:0?[1-9]|[12]\d|3[01])[-./](?:19|20)\d{2})(?!\d)")
_AMOUNT_LIKE = re.compile(r"\d+\.\d{1,2}")
# ten bare digits after an order, reference or amount cue are not a phone number, nor ten that read as a day
# and an hour (2024031510)
_DAY_FIRST = re.compile(r"(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?:[01]\d|2[0-3])")
_NOT_PHONE_CUE = re.compile(r"(?:(?<![A-Za-z])(?:order|invoice|ref|reference|txn?|transaction|trade|amount|total"
                            r"|usd|cny|rmb|hkd|twd)|订单|訂單|单号|單號|编号|編號|流水|交易|金额|金額|[¥￥$])"
                            r"\s*(?:号|號|no\.?|number|#|id)?[:：#\s]*\Z", re.IGNORECASE)
_CURRENCY_AFTER = re.compile(r"\s*(?:元|圆|圓|USD|CNY|RMB|HKD|TWD|USDT)", re.IGNORECASE)
COUNTRY_CODES = ("1", "86", "852", "853", "886")  # NANP, mainland China, Hong Kong, Macao, Taiwan


def _digit_count(value: str) -> int:
    """The digits of a phone number without an ``00`` international prefix."""
    digits = sum(ch.isdigit() for ch in value)
    return digits - 2 if re.match(r"00[1-9]", value) else digits


def _cued(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The phone number a cue's run of digits holds: the run cut before a date (and what follows it, such as a
    time), None when fewer than seven digits are left or it reads as an amount."""
    candidate = text[start:end]
    date_at = _DATE_LIKE.search(candidate)
    if date_at:
        candidate = candidate[:date_at.start()].rstrip(" ()-.")
        end = start + len(candidate)
    if sum(ch.isdigit() for ch in candidate) < 7 or _AMOUNT_LIKE.fullmatch(candidate):
        return None
    return start, end


def _bare_ok(text: str, start: int, end: int) -> bool:
    """Whether ten bare digits (no ``+``, no separator: a US/Canada or 400 number) are taken for a phone number:
    not after an order, reference or amount cue, not before a currency, not a day and an hour. (A mainland
    mobile's eleven digits always are: an account id is often one.)"""
    value = text[start:end]
    if len(value) != 10 or not value.isdigit():
        return True  # (a number written in a phone number's own shape)
    if _BARE_NANP.fullmatch(value) and _DAY_FIRST.fullmatch(value):
        return False
    return not (_NOT_PHONE_CUE.search(text[max(0, start - 24):start]) or _CURRENCY_AFTER.match(text, end))


def phone_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each phone number in ``text`` (``PHONE``, any number after a cue and the numbers
    listed after it), in order, never a date."""
    spans = [m.span() for m in PHONE.finditer(text)
             if _digit_count(m.group(0)) <= 15 and _bare_ok(text, *m.span())]  # (E.164's longest)
    for m in CUED_PHONE.finditer(text):
        start, end = m.span(1)
        while (found := _cued(text, start, end)) is not None:
            spans.append(found)
            listed = _LISTED_PHONE.match(text, end) if found[1] == end else None  # (a date ends the list)
            if listed is None:
                break
            start, end = listed.span(1)
    return merged_spans(spans)


def merged_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` in order, overlapping or touching ones joined into one."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def mask_phone(text: str) -> str:
    """A phone number with every digit masked but its country code (when written with ``+`` or ``00``) and
    the last four, separators kept: ``(555) 201-3344`` → ``(***) ***-3344``, ``+1 555 201 3344`` →
    ``+1 *** *** 3344``, ``+852 9123 4567`` → ``+852 **** 4567``. A mainland mobile keeps its network prefix
    too (``138****5678``: the carrier, not a place), as before; an area code, which says where the person
    lives, never stays. A value with fewer than eight digits keeps half of them at most."""
    value = text.strip()
    digits = [i for i, ch in enumerate(value) if ch.isdigit()]
    keep: set[int] = set()
    rest = digits
    nanp = bool(_NANP_FULL.fullmatch(value))
    if nanp and value.startswith("1"):  # 1-555-201-3344: the 1 is the country code
        keep.add(digits[0])
        rest = digits[1:]
    elif value.startswith("+") or re.match(r"00[1-9]", value):
        skip = 2 if value.startswith("00") else 0
        code = "".join(value[i] for i in digits[skip:skip + 3])
        size = next((len(c) for c in sorted(COUNTRY_CODES, key=len, reverse=True) if code.startswith(c)), 0)
        if not size:  # another country: the code is the digits before the first separator (at most three)
            size = 1
            while size < 3 and skip + size < len(digits) and digits[skip + size] == digits[skip + size - 1] + 1:
                size += 1
        keep.update(digits[: skip + size])
        rest = digits[skip + size:]
    national = "".join(value[i] for i in rest)
    if not nanp and len(national) == 11 and national[0] == "1" and national[1] in "3456789":
        keep.update(rest[:3])
    tail = min(4, len(rest) // 2) if len(rest) < 8 else 4
    keep.update(rest[len(rest) - tail:] if tail else [])
    return "".join(ch if not ch.isdigit() or i in keep else "*" for i, ch in enumerate(value))
