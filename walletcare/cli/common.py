"""What every command shares: the run context (vault folder, language, passphrase source), JSON output,
exit codes, and parsing of the times and amounts the contract accepts."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import IntEnum
from pathlib import Path
from typing import Any

from walletcare import paths
from walletcare.errors import NotAvailable, UsageError, VaultError, os_reason
from walletcare.i18n import _


class ExitCode(IntEnum):
    """Exit codes of the contract."""

    OK = 0
    CHECK_FAILED = 1
    USAGE = 2
    VAULT = 3
    INPUT = 4
    INTERNAL = 5


@dataclass
class Context:
    """Global options resolved once per run."""

    vault_dir: Path
    passphrase_file: Path | None

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Context:
        """Resolves ``--vault``/``WALLETCARE_VAULT`` and ``--passphrase-file``."""
        vault = Path(args.vault).expanduser() if args.vault else paths.default_vault_dir()
        pf = Path(args.passphrase_file).expanduser() if args.passphrase_file else None
        return cls(vault_dir=vault, passphrase_file=pf)

    def passphrase(self, prompt: str | None = None, *, confirm: bool = False) -> bytearray:
        """The passphrase: from ``--passphrase-file`` (first line), ``WALLETCARE_PASSPHRASE``, or typed (no echo).

        Returned as a ``bytearray`` (UTF-8) so callers can wipe it after use.
        """
        if self.passphrase_file is not None:
            try:
                with open(self.passphrase_file, encoding="utf-8") as fh:
                    line = fh.readline().rstrip("\r\n")
            except OSError as exc:
                raise UsageError(_("Cannot read the passphrase file: {error}").format(error=os_reason(exc))) from None
            return bytearray(line.encode("utf-8"))
        env = os.environ.get("WALLETCARE_PASSPHRASE")
        if env is not None:
            return bytearray(env.encode("utf-8"))
        if not sys.stdin or not sys.stdin.isatty():  # getpass would read a pipe, or fail on an empty one
            raise VaultError(_("No passphrase was given. Type it in a terminal, or use --passphrase-file FILE or "
                               "the WALLETCARE_PASSPHRASE variable. Nothing was changed."))
        import getpass

        first = getpass.getpass(prompt or _("Passphrase: "))
        if confirm:
            again = getpass.getpass(_("Repeat the passphrase: "))
            if again != first:
                raise UsageError(_("The two passphrases differ. Nothing was created."))
        return bytearray(first.encode("utf-8"))


def print_json(value: Any) -> None:
    """Writes one JSON document (UTF-8, not ASCII-escaped) to stdout."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, default=_json_default) + "\n")


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def not_available(args: argparse.Namespace, ctx: Context) -> int:
    """Handler for commands of the contract that are not built yet: says so, exit 2."""
    raise NotAvailable()


def parse_time(text: str) -> datetime:
    """``YYYY-MM-DD``, ``YYYY-MM-DD HH:MM[:SS]`` or ISO 8601 with offset; the local zone when none is given."""
    value = text.strip()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if parsed.tzinfo is None:
            parsed = parsed.astimezone()  # a naive time is read as local time and given the local offset
    except (ValueError, OverflowError):
        raise UsageError(
            _("Cannot read the time {value!r}. Use YYYY-MM-DD, YYYY-MM-DD HH:MM or ISO 8601.").format(value=text)
        ) from None
    if not _FIRST_YEAR <= parsed.year <= _LAST_YEAR:
        raise UsageError(_("The time {value!r} is not between {first} and {last}.").format(
            value=text, first=_FIRST_YEAR, last=_LAST_YEAR))
    return parsed


def parse_date(text: str) -> date:
    """``YYYY-MM-DD``."""
    try:
        parsed = date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(_("Cannot read the date {value!r}. Use YYYY-MM-DD.").format(value=text)) from None
    if not _FIRST_YEAR <= parsed.year <= _LAST_YEAR:
        raise UsageError(_("The time {value!r} is not between {first} and {last}.").format(
            value=text, first=_FIRST_YEAR, last=_LAST_YEAR))
    return parsed


def parse_amount(text: str) -> Decimal:
    """A decimal amount (never float): digits with an optional sign, ``,`` thousands separators and decimals;
    at most 18 digits before the point and 18 after (a crypto amount's smallest unit)."""
    plain = text.strip().replace(",", "")
    if not _AMOUNT.fullmatch(plain):
        raise UsageError(_("Cannot read the amount {value!r}. Use digits like 12.34.").format(value=text))
    try:
        return Decimal(plain)
    except InvalidOperation:
        raise UsageError(_("Cannot read the amount {value!r}. Use digits like 12.34.").format(value=text)) from None


def parse_currency(text: str) -> str:
    """An ISO 4217 code (``CNY``) or a crypto symbol (``USDT``, ``1INCH``), upper-cased; the common names
    人民币/元/RMB, 美元, 港币, 新台币 … are read as their codes."""
    value = text.strip()
    code = _CURRENCY_NAMES.get(value.lower(), value.upper())
    if not _CURRENCY.fullmatch(code):
        raise UsageError(_("Cannot read the currency {value!r}. Use a code such as CNY, USD, HKD or a crypto "
                           "symbol such as USDT.").format(value=text))
    return code


_FIRST_YEAR, _LAST_YEAR = 1970, 2100
_AMOUNT = re.compile(r"[+-]?\d{1,18}(?:\.\d{1,18})?")
_CURRENCY = re.compile(r"[A-Z0-9]{2,10}")
_CURRENCY_NAMES = {"人民币": "CNY", "人民幣": "CNY", "元": "CNY", "rmb": "CNY", "美元": "USD", "港币": "HKD",
                   "港幣": "HKD", "港元": "HKD", "新台币": "TWD", "新臺幣": "TWD", "新台幣": "TWD", "ntd": "TWD",
                   "欧元": "EUR", "歐元": "EUR", "日元": "JPY", "日圓": "JPY", "英镑": "GBP", "英鎊": "GBP"}


def open_vault(ctx: Context) -> Any:
    """Opens the vault of ``ctx`` with its passphrase (``walletcare.evidence.vault.Vault``; close it after use).

    Raises:
        NoVault: the folder holds no vault (checked before asking for the passphrase).
        WrongPassphrase, VaultCorrupt: from ``Vault.open``.
    """
    from walletcare.errors import NoVault
    from walletcare.evidence.keys import wipe
    from walletcare.evidence.vault import Vault, has_vault

    if not has_vault(ctx.vault_dir):
        raise NoVault()
    secret = ctx.passphrase()
    try:
        return Vault.open(ctx.vault_dir, secret)
    finally:
        wipe(secret)
