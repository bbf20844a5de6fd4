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
from typing import Any, TypeVar

from walletcare import paths
from walletcare.errors import UsageError, VaultError, os_reason
from walletcare.i18n import N_, _

_Dated = TypeVar("_Dated", date, datetime)


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

    def typed(self) -> bool:
        """Whether the passphrase is typed in a terminal (not from ``--passphrase-file`` or the environment)."""
        return (self.passphrase_file is None and os.environ.get("WALLETCARE_PASSPHRASE") is None
                and bool(sys.stdin) and sys.stdin.isatty())

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
    return _in_range(parsed, text)


def parse_date(text: str) -> date:
    """``YYYY-MM-DD``."""
    try:
        parsed = date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(_("Cannot read the date {value!r}. Use YYYY-MM-DD.").format(value=text)) from None
    return _in_range(parsed, text)


def _in_range(parsed: _Dated, text: str) -> _Dated:
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


def parse_unsigned_amount(text: str) -> Decimal:
    """``parse_amount`` for an amount whose direction is said elsewhere (a transaction, an amount in dispute)."""
    value = parse_amount(text)
    if value < 0:
        raise UsageError(_("Give the amount without a sign, e.g. 12.34; --direction out (the default) or in says "
                           "which way the money went."))
    return value


def parse_currency(text: str) -> str:
    """An ISO 4217 code (``CNY``) or a crypto symbol (``USDT``, ``1INCH``, ``USDC.e``, ``cUSDC``); codes in one
    case are upper-cased; the common names 人民币/元/RMB, 美元, 港币, 新台币 … are read as their codes."""
    value = text.strip()
    code = _CURRENCY_NAMES.get(value.lower())
    if code is None:  # CNY, usdt → USDT; a token symbol with its own case or marks (cUSDC, USDC.e) as written
        code = value.upper() if value.isalnum() and (value.islower() or value.isupper()) else value
    if not _CURRENCY.fullmatch(code):
        raise UsageError(_("Cannot read the currency {value!r}. Use a code such as CNY, USD, HKD or a crypto "
                           "symbol such as USDT.").format(value=text))
    return code


_FIRST_YEAR, _LAST_YEAR = 1970, 2100
_AMOUNT = re.compile(r"[+-]?\d{1,18}(?:\.\d{1,18})?")
_CURRENCY = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-]{1,11}")
_CURRENCY_NAMES = {"人民币": "CNY", "人民幣": "CNY", "元": "CNY", "rmb": "CNY", "美元": "USD", "港币": "HKD",
                   "港幣": "HKD", "港元": "HKD", "新台币": "TWD", "新臺幣": "TWD", "新台幣": "TWD", "ntd": "TWD",
                   "欧元": "EUR", "歐元": "EUR", "日元": "JPY", "日圓": "JPY", "英镑": "GBP", "英鎊": "GBP"}


def open_vault(ctx: Context) -> Any:
    """Opens the vault of ``ctx`` with its passphrase (``walletcare.evidence.vault.Vault``; close it after use).

    On a terminal a wrong passphrase is asked for again, up to ``PASSPHRASE_ATTEMPTS`` times in all.

    Raises:
        NoVault: the folder holds no vault (checked before asking for the passphrase).
        WrongPassphrase, VaultCorrupt: from ``Vault.open`` (WrongPassphrase after the last attempt).
    """
    from walletcare.errors import NoVault
    from walletcare.evidence.keys import has_vault

    settle_interrupted(ctx)
    if not has_vault(ctx.vault_dir):
        raise NoVault()
    vault = _open_with_retries(ctx)
    show_notices(vault.notices)
    try:
        if vault.store.before_first_write is not None and vault.db_size() <= CLI_CHECK_MAX_BYTES:
            vault.verify_pages()  # (each command is a fresh open: a damaged page is found before any output)
    except BaseException:
        vault.close()
        raise
    return vault


# Every command checks every page's HMAC of a vault up to this size when it opens it (cipher_integrity_check,
# ~8 ms/MB measured: about 2 s at this size); larger vaults are checked before their first write and by
# ``walletcare check``
CLI_CHECK_MAX_BYTES = 256 * 1024 * 1024


def settle_interrupted(ctx: Context) -> None:
    """Finishes or undoes a restore of the vault that a crash interrupted, and says so (standard error)."""
    from walletcare.evidence.backup import settle_restore

    show_notices(settle_restore(ctx.vault_dir))


def show_notices(notices: list[str]) -> None:
    """Writes what opening the vault settled after a crash to standard error (standard output stays data)."""
    for notice in notices:
        sys.stderr.write(notice + "\n")


def _open_with_retries(ctx: Context) -> Any:
    """Opens the vault with the passphrase; on a terminal a wrong one can be typed again (three tries)."""
    from walletcare.errors import WrongPassphrase
    from walletcare.evidence.keys import wipe
    from walletcare.evidence.vault import Vault

    attempts = PASSPHRASE_ATTEMPTS if ctx.typed() else 1  # a file or variable gives the same text again
    for attempt in range(1, attempts + 1):
        secret = ctx.passphrase()
        try:
            return Vault.open(ctx.vault_dir, secret)
        except WrongPassphrase:
            if attempt == attempts:
                raise
            sys.stderr.write(_("That passphrase does not open this vault. Try again.") + "\n")
        finally:
            wipe(secret)
    raise AssertionError("unreachable")  # the loop returns or raises


PASSPHRASE_ATTEMPTS = 3  # tries on a terminal before the command stops with exit 3


# Help texts of options registered without one: "COMMAND PATH:dest" first, then "dest" (see main._fill_help).
OPTION_HELP = {
    "json": N_("print JSON (keys in English) instead of text"),
    "case": N_("the case's number (see “walletcare case list”)"),
    "id": N_("the number shown when it was created"),
    "title": N_("a short title, e.g. “Alipay payment deducted, not received”"),
    "provider": N_("the wallet, bank or shop, e.g. 支付宝, PayPal, imToken"),
    "kind": N_("what kind of account the case is about"),
    "note add:kind": N_("how you were in touch"),
    "status": N_("where the case stands"),
    "tx add:status": N_("the status as the wallet shows it, e.g. 交易成功"),
    "amount": N_("a decimal amount, e.g. 1,299.00 (never rounded)"),
    "case new:amount": N_("the amount in dispute, e.g. 1,299.00 (with --currency)"),
    "case edit:amount": N_("the amount in dispute (empty to clear)"),
    "currency": N_("an ISO 4217 code (CNY, USD, HKD …) or a crypto symbol (USDT, ETH …)"),
    "opened": N_("when the case began"),
    "discovered": N_("when you noticed the problem"),
    "description": N_("what happened, in your words"),
    "time": N_("when it happened: YYYY-MM-DD, YYYY-MM-DD HH:MM or ISO 8601 with offset (local time when none)"),
    "at": N_("when: YYYY-MM-DD HH:MM or ISO 8601 with offset (local time when none)"),
    "counterparty": N_("the shop or person paid or paying"),
    "ref": N_("the order or transaction number (交易号, 商户单号, tx hash …)"),
    "ref_kind": N_("what kind of number --ref is"),
    "direction": N_("money out (default), in, or neither"),
    "note": N_("anything else worth keeping (never codes or recovery phrases)"),
    "channel": N_("the number dialled, the app or the address used"),
    "agent": N_("the agent's name or staff number"),
    "ticket": N_("the ticket or complaint number they gave you"),
    "summary": N_("what was said, in a sentence or two"),
    "promised": N_("what they promised, and by when"),
    "follow_up": N_("when to follow up if nothing happens"),
    "promise_kept": N_("whether they kept the promise (default: pending)"),
    "official_source": N_("where the number or address came from: the statement, the card or the official app "
                          "(or that the other side gave it)"),
    "files": N_("files to keep: screenshots, PDFs, recordings …"),
    "caption": N_("a caption shown with each file in the dossier"),
    "verify": N_("check the hash chain instead of listing entries"),
    "audit:case": N_("only the entries of this case"),
    "file": N_("the file to read"),
    "import:file": N_("the export file, as the wallet or bank gave it"),
    "format": N_("the file's format (default: found from its content)"),
    "output": N_("the PDF file to write"),
    "dossier_lang": N_("the dossier's language (default: the interface language)"),
    "redact": N_("mask account ids, card and phone numbers, addresses and wallet addresses"),
    "paper": N_("paper size"),
    "originals": N_("original files: attached to the PDF, in a zip beside it, or left out"),
    "pdf_password_file": N_("protect the PDF with the password in the first line of FILE"),
    "verify:pdf_password_file": N_("open a password-protected dossier with the password in the first line of FILE"),
    "query": N_("words to search for, in any of the three languages"),
    "content_lang": N_("the language of the help content (default: the interface language)"),
    "limit": N_("at most this many results"),
    "article_id": N_("an article's id, as search shows it"),
    "wizard_id": N_("a wizard's id, as “walletcare wizard list” shows it"),
    "scan-text:file": N_("a text file with the message, or - to paste it (end with Ctrl+D)"),
    "account": N_("your account id at the provider (masked with --redact)"),
    "desired_outcome": N_("what you want to happen"),
    "classification": N_("the kind of problem, for the dossier's summary"),
    "requested_resolution": N_("what you ask the respondent to do, e.g. refund 199.00 CNY"),
    "security_actions": N_("what you did to secure the account (passwords changed, cards blocked …)"),
    "reports_filed": N_("reports already made (police, regulator, platform), with their numbers"),
}
OPTION_HELP.update({
    "claimant_name": N_("your name, as the complaint should give it"), "claimant_phone": N_("your phone number"),
    "claimant_email": N_("your e-mail address"), "claimant_address": N_("your postal address"),
    "claimant_organisation": N_("your organisation, if you complain for one"),
    "respondent_name": N_("the company or person the complaint is against"),
    "respondent_phone": N_("their phone number"), "respondent_email": N_("their e-mail address"),
    "respondent_address": N_("their postal address"), "respondent_organisation": N_("the company behind them"),
})
