"""Encrypted backups, backup generations, restore, and migrations made safe by an automatic backup.

A backup is itself a vault folder (``vault.db`` + ``vault.keys``), so restoring is opening it. Writing
one: quick check of the source, SQLite's online backup into a hidden staging folder beside the target
(``.<name>.<random>.backup.tmp``) keyed like the source, fsync, reopen and check the copy, the key file beside
it, then one rename puts the folder in place — an interrupted or failed backup never leaves a half folder (or
``vault.db`` without ``vault.keys``) under the real name, and the staging folder is removed on any failure
(or by the next backup into the same place after a crash). Restore checks the backup with its own passphrase
first, stages a copy beside the live vault, keeps the previous vault beside it until the restored one opens,
puts it back when anything fails, and else keeps it as the newest backup generation (a restore is undone by
restoring that). A restore interrupted by a crash is finished or undone by the next open (``settle_restore``).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from walletcare.atomic_files import folder_lock, fsync_dir, write_atomic
from walletcare.errors import DiskFull, UsageError, VaultCorrupt, storage_error
from walletcare.evidence import database, schema
from walletcare.evidence.keys import DB_FILE, KEYS_FILE, remove_stale_temp
from walletcare.i18n import _

STAGING_SUFFIX = ".backup.tmp"


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


_SPACE_MARGIN = 1024 * 1024  # the key file, the folder entries and SQLite's own header pages


def _db_bytes(conn: Any) -> int:
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    return int(pages) * int(conn.execute("PRAGMA page_size").fetchone()[0])


def clear_stale_staging(parent: Path) -> None:
    """Removes staging folders that a killed backup left in ``parent`` (``.<name>.<random>.backup.tmp``)."""
    try:
        stale = [p for p in parent.iterdir() if p.name.startswith(".") and p.name.endswith(STAGING_SUFFIX)]
    except OSError:
        return
    for folder in stale:
        shutil.rmtree(folder, ignore_errors=True)


def write_backup(conn: Any, keys: bytes, key_hex: str, target: Path) -> None:
    """Writes the database behind ``conn`` and the key file ``keys`` as the vault folder ``target``.

    Raises:
        VaultCorrupt: the source or the written copy fails its integrity check (the old backup stays).
        DiskFull, NotWritable: the disk is full or cannot be written (nothing is left behind).
    """
    problems = database.quick_check(conn)
    if problems:
        raise VaultCorrupt(database.corrupt_message(), detail="; ".join(problems[:3]))
    staging = target.with_name(f".{target.name}.{secrets.token_hex(4)}{STAGING_SUFFIX}")
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        clear_stale_staging(target.parent)
        if target.is_dir():
            remove_stale_temp(target)
        staging.mkdir(mode=0o700)
        copy = staging / DB_FILE
        needed = _db_bytes(conn)
        if shutil.disk_usage(staging).free < needed + _SPACE_MARGIN:
            raise DiskFull()
        dest = database.connect(copy, key_hex, create=True)
        try:
            conn.backup(dest)
        except Exception as exc:
            # (SQLite's online backup reports a full disk without its result code: measured instead)
            if storage_error(exc) is None and shutil.disk_usage(staging).free < needed + _SPACE_MARGIN:
                raise DiskFull() from None
            raise
        finally:
            dest.close()
        copy.chmod(0o600)
        _fsync_file(copy)
        check = database.connect(copy, key_hex)
        try:
            problems = database.full_check(check)
        finally:
            check.close()
        if problems:
            raise VaultCorrupt(_("The backup copy failed its check; the previous backup was kept."),
                               detail="; ".join(problems[:3]))
        write_atomic(staging / KEYS_FILE, keys)
        _put_in_place(staging, target)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        found = storage_error(exc)
        if found is not None and found is not exc:
            raise found from None
        raise
    fsync_dir(target.parent)


def _put_in_place(staging: Path, target: Path) -> None:
    """One rename when ``target`` is new or empty; else (an older backup of the same vault) file by file,
    key file first: every ``vault.keys`` of a vault opens every copy of its ``vault.db``."""
    if not target.exists() or (target.is_dir() and not any(target.iterdir())):
        try:
            os.rename(staging, target)  # (POSIX replaces an empty folder)
        except OSError:
            target.rmdir()
            os.rename(staging, target)
        return
    os.replace(staging / KEYS_FILE, target / KEYS_FILE)
    os.replace(staging / DB_FILE, target / DB_FILE)
    fsync_dir(target)
    shutil.rmtree(staging, ignore_errors=True)


def backup_vault_id(folder: Path) -> str | None:
    """The vault id a backup folder's key file names (None when it has none or cannot be read)."""
    try:
        data = json.loads((folder / KEYS_FILE).read_text(encoding="utf-8"))
        return str(data["vault_id"]) if isinstance(data, dict) else None
    except (OSError, ValueError, KeyError):
        return None


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


def migrate_with_backup(conn: Any, folder: Path, keys: bytes, key_hex: str, version: int) -> None:
    """Backs the vault up beside it, then runs the migrations from ``version`` in one transaction."""
    from walletcare import paths

    new_generation(lambda target: (write_backup(conn, keys, key_hex, target), target)[1],
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


def _siblings(live: Path, kind: str) -> dict[str, Path]:
    """``{stamp: folder}`` of the ``<live>.<kind>-<stamp>`` folders beside the live vault."""
    prefix = f"{live.name}.{kind}-"
    try:
        return {p.name[len(prefix):]: p for p in live.parent.iterdir() if p.name.startswith(prefix)}
    except OSError:
        return {}


def _keep_previous(previous: Path, live: Path) -> Path:
    from walletcare import paths

    # keep=0: this adds a generation and never removes one (the user's own backups stay as they were)
    return new_generation(lambda target: (os.replace(previous, target), target)[1], paths.backups_dir(live), keep=0)


def settle_restore(live: Path) -> list[str]:
    """Finishes or undoes a restore of ``live`` that a crash interrupted; returns what was done, to tell the user.

    Between the two renames (live vault aside, restored copy not yet in place) the previous vault is put back;
    once the restored copy is in place the previous vault is kept as a backup generation; a staged copy that
    never replaced anything is removed. Nothing happens while another restore holds the folder's lock.
    """
    live = Path(live)
    staged, previous = _siblings(live, "restoring"), _siblings(live, "previous")
    if not staged and not previous:
        return []
    from walletcare.evidence.vault import has_vault

    notices: list[str] = []
    with folder_lock(live.parent, wait=False) as locked:
        if not locked:
            return []
        for stamp in sorted(set(staged) | set(previous)):
            old, new = previous.get(stamp), staged.get(stamp)
            if old is not None and not has_vault(live):
                if live.is_dir() and not any(live.iterdir()):
                    live.rmdir()
                os.replace(old, live)
                fsync_dir(live.parent)
                notices.append(_("A restore was interrupted before it finished, so it was undone: the vault is as it "
                                 "was before the restore. Run “walletcare restore” again to restore the backup."))
            elif old is not None:
                kept = _keep_previous(old, live)
                notices.append(_("A restore was interrupted just before it finished; it has now been completed. The "
                                 "vault it replaced was kept as a backup in {folder}; restore that to undo.")
                               .format(folder=kept))
            elif new is not None:
                notices.append(_("A restore was interrupted before it changed anything; the vault is as it was. "
                                 "Run “walletcare restore” again to restore the backup."))
            if new is not None and new.exists():
                shutil.rmtree(new, ignore_errors=True)
        fsync_dir(live.parent)
    return notices


def restore(backup: Path, live: Path, passphrase: bytearray) -> Path | None:
    """Replaces the vault at ``live`` with the backup folder ``backup`` (opened with its own passphrase).

    Atomic as a whole: a crash at any point leaves the previous vault or the restored one at ``live`` once
    the next open has run ``settle_restore``; no ``<live>.restoring-*``/``<live>.previous-*`` folder stays.

    Returns:
        Where the vault it replaced was kept (a generation in the backups folder beside ``live``, so a
        restore can be undone by restoring that), or ``None`` when there was none.

    Raises:
        NoVault: ``backup`` holds no vault.
        WrongPassphrase: the passphrase does not open the backup (nothing was changed).
        VaultCorrupt: the backup is damaged (nothing was changed).
        DiskFull, NotWritable: the copy does not fit or cannot be written (nothing was changed).
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
    settle_restore(live)
    with folder_lock(live.parent, wait=True):
        stamp = secrets.token_hex(4)
        staging = live.with_name(f"{live.name}.restoring-{stamp}")
        previous = live.with_name(f"{live.name}.previous-{stamp}")
        try:
            _copy_vault(backup, staging)
            with Vault.open(staging, passphrase, migrate=False):
                pass
        except BaseException as exc:
            shutil.rmtree(staging, ignore_errors=True)
            found = storage_error(exc)
            if found is not None and found is not exc:
                raise found from None
            raise
        had_live = live.exists()
        if had_live:
            os.replace(live, previous)
        os.replace(staging, live)
        fsync_dir(live.parent)
        try:
            with Vault.open(live, passphrase):
                pass
        except BaseException:
            os.replace(live, staging)  # (the restored copy back to its staging name, then the vault back)
            if had_live:
                os.replace(previous, live)
            fsync_dir(live.parent)
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return _keep_previous(previous, live) if had_live else None
