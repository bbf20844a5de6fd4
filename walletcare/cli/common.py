"""What every command shares: the run context (vault folder, language, passphrase source), JSON output,
exit codes, and parsing of the times and amounts the contract accepts."""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import IntEnum
from pathlib import Path
from typing import Any

from walletcare import paths
from walletcare.errors import NotAvailable, UsageError
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
                raise UsageError(_("Cannot read the passphrase file: {error}").format(error=exc.strerror)) from None
            return bytearray(line.encode("utf-8"))
        env = os.environ.get("WALLETCARE_PASSPHRASE")
        if env is not None:
            return bytearray(env.encode("utf-8"))
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
    except ValueError:
        raise UsageError(
            _("Cannot read the time {value!r}. Use YYYY-MM-DD, YYYY-MM-DD HH:MM or ISO 8601.").format(value=text)
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.astimezone()  # a naive time is read as local time and given the local offset
    return parsed


def parse_date(text: str) -> date:
    """``YYYY-MM-DD``."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(_("Cannot read the date {value!r}. Use YYYY-MM-DD.").format(value=text)) from None


def parse_amount(text: str) -> Decimal:
    """A decimal amount (never float); ``,`` thousands separators are allowed."""
    try:
        value = Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        raise UsageError(_("Cannot read the amount {value!r}. Use digits like 12.34.").format(value=text)) from None
    if not value.is_finite():
        raise UsageError(_("Cannot read the amount {value!r}. Use digits like 12.34.").format(value=text))
    return value


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
