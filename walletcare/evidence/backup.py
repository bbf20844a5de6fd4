"""Encrypted backups, backup generations, restore, and migrations made safe by an automatic backup.

A backup is itself a vault folder (``vault.db`` + ``vault.keys``), so restoring is opening it. Writing
one: quick check of the source, SQLite's online backup into a temp file *in the target folder* keyed like
the source, fsync, reopen and check the copy, then ``os.replace`` — an interrupted backup never leaves a
half file under the real name. Restore checks the backup with its own passphrase first, stages a copy
beside the live vault, keeps the previous vault beside it until the restored one opens, puts it back when
anything fails, and else keeps it as the newest backup generation (a restore is undone by restoring that).
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from walletcare.atomic_files import fsync_dir
from walletcare.errors import UsageError, VaultCorrupt
from walletcare.evidence import database, schema
from walletcare.evidence.keys import DB_FILE, KEYS_FILE, KeyFile, remove_stale_temp
from walletcare.i18n import _


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def write_backup(conn: Any, keyfile: KeyFile, key_hex: str, target: Path) -> None:
    """Writes the database behind ``conn`` and the key file into the folder ``target``.

    Raises:
        VaultCorrupt: the source or the written copy fails its integrity check (the old backup stays).
    """
    problems = database.quick_check(conn)
    if problems:
        raise VaultCorrupt(database.corrupt_message(), detail="; ".join(problems[:3]))
    target.mkdir(mode=0o700, parents=True, exist_ok=True)
    remove_stale_temp(target)
    tmp = target / f".{DB_FILE}.{secrets.token_hex(4)}.tmp"
    try:
        dest = database.connect(tmp, key_hex, create=True)
        try:
            conn.backup(dest)
        finally:
            dest.close()
        tmp.chmod(0o600)
        _fsync_file(tmp)
        check = database.connect(tmp, key_hex)
        try:
            problems = database.full_check(check)
        finally:
            check.close()
        if problems:
            raise VaultCorrupt(_("The backup copy failed its check; the previous backup was kept."),
                               detail="; ".join(problems[:3]))
        os.replace(tmp, target / DB_FILE)
    finally:
        if tmp.exists():
            tmp.unlink()
    keyfile.save(target)
    fsync_dir(target)


GENERATION_NAME = "%Y%m%dT%H%M%S%fZ"  # a backup generation's folder: its UTC time


def newest_generation(root: Path) -> datetime | None:
    """When the newest backup generation under ``root`` was written (None when there is none)."""
    found = []
    if root.is_dir():
        for folder in root.iterdir():
            try:
                found.append(datetime.strptime(folder.name, GENERATION_NAME).replace(tzinfo=UTC))
            except ValueError:
                continue
    return max(found, default=None)


def new_generation(write: Callable[[Path], Path], root: Path, keep: int = 5) -> Path:
    """A new dated backup folder under ``root`` written by ``write(folder)``; older ones beyond ``keep`` go."""
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    name = datetime.now(UTC).strftime(GENERATION_NAME)
    folder = write(root / name)
    generations = sorted(p for p in root.iterdir() if p.is_dir() and (p / DB_FILE).exists() and (p / KEYS_FILE).exists())
    for old in generations[:-keep] if keep > 0 else []:
        shutil.rmtree(old, ignore_errors=True)
    return folder


def migrate_with_backup(conn: Any, folder: Path, keyfile: KeyFile, key_hex: str, version: int) -> None:
    """Backs the vault up beside it, then runs the migrations from ``version`` in one transaction."""
    from walletcare import paths

    new_generation(lambda target: (write_backup(conn, keyfile, key_hex, target), target)[1],
                   paths.backups_dir(folder))
    conn.execute("BEGIN IMMEDIATE")
    try:
        for step in schema.MIGRATIONS[version:]:
            step(conn)
        conn.execute(f"PRAGMA user_version = {schema.current_version()}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _copy_vault(source: Path, target: Path) -> None:
    target.mkdir(mode=0o700, parents=True, exist_ok=False)
    for name in (DB_FILE, KEYS_FILE):
        shutil.copyfile(source / name, target / name)
        (target / name).chmod(0o600)
        _fsync_file(target / name)
    fsync_dir(target)


def restore(backup: Path, live: Path, passphrase: bytearray) -> Path | None:
    """Replaces the vault at ``live`` with the backup folder ``backup`` (opened with its own passphrase).

    Returns:
        Where the vault it replaced was kept (a generation in the backups folder beside ``live``, so a
        restore can be undone by restoring that), or ``None`` when there was none.

    Raises:
        NoVault: ``backup`` holds no vault.
        WrongPassphrase: the passphrase does not open the backup (nothing was changed).
        VaultCorrupt: the backup is damaged (nothing was changed).
    """
    from walletcare.evidence.vault import Vault

    backup, live = Path(backup), Path(live)
    if backup.resolve() == live.resolve():
        raise UsageError(_("The backup and the vault are the same folder."))
    with Vault.open(backup, passphrase, migrate=False) as checked:
        problems = checked.check()
    if problems:
        raise VaultCorrupt(_("The backup is damaged; nothing was changed."), detail="; ".join(problems[:3]))
    live.parent.mkdir(parents=True, exist_ok=True)
    stamp = secrets.token_hex(4)
    staging = live.with_name(f"{live.name}.restoring-{stamp}")
    previous = live.with_name(f"{live.name}.previous-{stamp}")
    _copy_vault(backup, staging)
    try:
        with Vault.open(staging, passphrase, migrate=False):
            pass
        if live.exists():
            os.replace(live, previous)
        os.replace(staging, live)
        fsync_dir(live.parent)
        try:
            with Vault.open(live, passphrase):
                pass
        except BaseException:
            shutil.rmtree(live, ignore_errors=True)
            if previous.exists():
                os.replace(previous, live)
            raise
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    if not previous.exists():
        return None
    from walletcare import paths

    # keep=0: this adds a generation and never removes one (the user's own backups stay as they were)
    return new_generation(lambda target: (os.replace(previous, target), target)[1], paths.backups_dir(live), keep=0)
