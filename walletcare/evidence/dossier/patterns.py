"""Patterns and masks shared by redaction (``redact.py``) and redacted copies (``masking.py``, ``images.py``):
wallet and account numbers as they appear in free text, how a value is masked, and the fill of a box drawn
over a picture."""

from __future__ import annotations

import re

MASK_FILL = (20, 20, 20)  # the colour of a box over a masked word in a picture

# wallet addresses in free text: EVM (0x + 40 hex, not a 64-digit hash), Tron, Bitcoin (bech32 and base58)
WALLET = re.compile(r"(?<![0-9A-Za-z])(?:0x[0-9a-fA-F]{40}|bc1[02-9ac-hj-np-z]{25,59})(?![0-9A-Za-z])")
# Tron and legacy Bitcoin addresses: base58 of the right shape and a valid checksum (an order number is not one)
BASE58_ADDRESS = re.compile(r"(?<![0-9A-Za-z])(?:T[1-9A-HJ-NP-Za-km-z]{33}|[13][1-9A-HJ-NP-Za-km-z]{25,34})(?![0-9A-Za-z])")
ACCOUNT = re.compile(r"((?:账号|帐号|账户|帐户|帳號|帳戶|卡号|卡號|account(?: no\.?| number)?|acct\.?|IBAN)[:：#\s]*)"
                      r"(\d[\d ]{6,32}\d)", re.IGNORECASE)  # (digits and spaces: a date after "account" stays)


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
