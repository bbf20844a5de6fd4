"""Vault custody commands: passwd (passphrase and recovery code), backup, restore and audit."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from walletcare.cli.common import Context, ExitCode, open_vault, print_json, settle_interrupted, show_notices
from walletcare.errors import UsageError, VaultCorrupt
from walletcare.i18n import _

NEW_PASSPHRASE_VARIABLE = "WALLETCARE_NEW_PASSPHRASE"
TEST_KDF_VARIABLE = "WALLETCARE_TEST_KDF_SECONDS"  # tests only: a shorter Argon2id target (never below 64 MiB)


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")


def kdf_seconds() -> float:
    """The Argon2id calibration target: 0.5 s, or ``WALLETCARE_TEST_KDF_SECONDS`` in tests."""
    value = os.environ.get(TEST_KDF_VARIABLE)
    try:
        return max(0.0, float(value)) if value else 0.5
    except ValueError:
        return 0.5


def _ask_new_passphrase() -> bytearray:
    env = os.environ.get(NEW_PASSPHRASE_VARIABLE)
    if env is not None:
        return bytearray(env.encode("utf-8"))
    first = getpass.getpass(_("New passphrase: "))
    if getpass.getpass(_("Repeat the passphrase: ")) != first:
        raise UsageError(_("The two passphrases differ. Nothing was changed."))
    return bytearray(first.encode("utf-8"))


def _ask_recovery_code() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().strip()
    return getpass.getpass(_("Recovery code: "))


def run_passwd(args: argparse.Namespace, ctx: Context) -> int:
    """Changes the passphrase (proving the old one or the recovery code), or issues a new recovery code."""
    from walletcare.errors import NoVault
    from walletcare.evidence.keys import has_vault, wipe
    from walletcare.evidence.vault import Vault

    settle_interrupted(ctx)
    if not has_vault(ctx.vault_dir):
        raise NoVault()
    if args.recovery_code:
        vault = Vault.open_with_recovery_code(ctx.vault_dir, _ask_recovery_code())
        show_notices(vault.notices)
    else:
        vault = open_vault(ctx)
    with vault:
        if args.recovery_code or not args.new_recovery_code:
            secret = _ask_new_passphrase()
            try:
                vault.change_passphrase(secret, kdf_seconds=kdf_seconds())
            finally:
                wipe(secret)
            _say(_("The passphrase was changed."))
        if args.new_recovery_code:
            code = vault.new_recovery_code()
            _say(_("New recovery code (shown only this once; the old one no longer works): {code}").format(code=code))
            _say(_("Write it on paper and keep it somewhere safe, away from this computer."))
    return ExitCode.OK


def run_backup(args: argparse.Namespace, ctx: Context) -> int:
    """Writes an encrypted backup folder."""
    target = Path(args.output).expanduser()
    with open_vault(ctx) as vault:
        vault.backup(target)
    _say(_("Encrypted backup written to {folder}. It opens with the passphrase in use today.").format(folder=target))
    return ExitCode.OK


def run_restore(args: argparse.Namespace, ctx: Context) -> int:
    """Restores a backup folder over the vault after checking it."""
    from walletcare.errors import NoVault
    from walletcare.evidence.keys import has_vault, wipe
    from walletcare.evidence.vault import Vault

    source = Path(args.file).expanduser()
    settle_interrupted(ctx)
    if not has_vault(source):
        raise NoVault(_("No backup was found in {folder}.").format(folder=source))
    secret = ctx.passphrase(_("Passphrase of the backup: "))
    try:
        kept = Vault.restore(source, ctx.vault_dir, secret)
    finally:
        wipe(secret)
    _say(_("The backup was checked and restored to {folder}.").format(folder=ctx.vault_dir))
    if kept is not None:
        _say(_("The vault it replaced was kept as a backup in {folder}; restore that to undo. The passphrase is "
               "now the backup's.").format(folder=kept))
    return ExitCode.OK


def run_check(args: argparse.Namespace, ctx: Context) -> int:
    """Checks every page of the vault (``quick_check`` + ``cipher_integrity_check``); exit 3 when damaged."""
    from walletcare.evidence.database import corrupt_message, timed_check

    with open_vault(ctx) as vault:
        problems, seconds, size = timed_check(vault.store.conn, vault.folder)
    if args.json:
        print_json({"sound": not problems, "problems": problems[:20], "seconds": round(seconds, 3), "bytes": size})
    if problems:
        raise VaultCorrupt(corrupt_message())
    if not args.json:
        _say(_("The vault is sound: every page was checked ({size} MB in {seconds} s).").format(
            size=f"{size / 1024 / 1024:.1f}", seconds=f"{seconds:.2f}"))
    return ExitCode.OK


def run_audit(args: argparse.Namespace, ctx: Context) -> int:
    """Shows or verifies the audit trail (verifying also checks every page of the vault)."""
    from walletcare.evidence.database import corrupt_message, timed_check

    with open_vault(ctx) as vault:
        audit = vault.store.audit
        if args.verify:
            damage = timed_check(vault.store.conn, vault.folder)[0]
            if damage:
                raise VaultCorrupt(corrupt_message())  # (the pages found are for `walletcare check --json`)
            intact, count, problems = audit.verify()
            if args.json:
                print_json({"intact": intact, "entries": count, "problems": problems})
            elif intact:
                _say(_("The audit trail is intact ({count} entries).").format(count=count))
            else:
                _say(_("The audit trail was altered:"))
                for problem in problems:
                    _say("  " + problem)
            return ExitCode.OK if intact else ExitCode.CHECK_FAILED
        entries = audit.entries(case_id=args.case)
        if not entries and args.case is not None and not vault.store.cases.exists(args.case):  # (a deleted case keeps its entries)
            raise UsageError(_("There is no case {id}. See “walletcare case list”.").format(id=args.case))
    if args.json:
        print_json([{"seq": e.seq, "at": e.at.isoformat(), "action": e.action, "object": e.object, "hash": e.hash,
                     "case_id": e.case_id, "digest": e.digest} for e in entries])
        return ExitCode.OK
    for e in entries:
        _say(f"{e.seq:>6}  {e.at.isoformat(timespec='seconds')}  {e.action:<7}  {e.object:<28}  {e.hash[:16]}")
    return ExitCode.OK
