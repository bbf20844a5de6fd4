"""Encrypted backups, backup generations, restore, and migrations made safe by an automatic backup.

A backup is itself a vault folder (``vault.db`` + ``vault.keys``), so restoring is opening it. Writing
one: quick check of the source, SQLite's online backup into a hidden staging folder beside the target
(``.<name>.<random>.backup.tmp``) keyed like the source, fsync, reopen and check the copy, the key file beside
it, then one rename puts the folder in place — an interrupted or failed backup never leaves a half folder (or
``vault.db`` without ``vault.keys``) under the real name, and the staging folder is removed on any failure
(or by the next backup into the same place after a crash). Restore checks the backup with its own passphrase
first, copies the live vault into a new backup generation (a restore is undone by restoring that), copies the
backup's files into the live folder as temps and renames them into place, so the live folder always holds a
vault that opens; a restore interrupted by a crash is finished or undone by the next open (``settle_restore``).
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
from walletcare.errors import DiskFull, VaultCorrupt
from walletcare.evidence import database, schema
from walletcare.evidence.database import storage_error
from walletcare.evidence.keys import DB_FILE, KEYS_FILE, has_vault, remove_stale_temp
from walletcare.i18n import _

STAGING_SUFFIX = ".backup.tmp"
RESTORE_SUFFIX = ".restore.tmp"  # a restore's copies in the live folder: .vault.db.<random>.restore.tmp


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
        page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])  # (the copy's must be the same)
        dest = database.connect(copy, key_hex, create=True, page_size=page_size)
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
        check = database.connect(copy, key_hex, page_size=page_size)
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


def generation_name(when: datetime | None = None) -> str:
    """The folder name of a backup generation written at ``when`` (now by default)."""
    return (when or datetime.now(UTC)).strftime(GENERATION_NAME)


def new_generation(write: Callable[[Path], Path], root: Path, keep: int = 5, name: str | None = None) -> Path:
    """A new dated backup folder under ``root`` written by ``write(folder)``; older ones beyond ``keep`` go.
    ``name``: the generation's folder name announced beforehand (``generation_name``); a new one when that
    folder exists already."""
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    if name is None or (root / name).exists():
        name = generation_name()
    folder = write(root / name)
    generations = sorted(p for p in root.iterdir() if p.is_dir() and (p / DB_FILE).exists() and (p / KEYS_FILE).exists())
    for old in generations[:-keep] if keep > 0 else []:
        shutil.rmtree(old, ignore_errors=True)
    return folder


def migrate_with_backup(conn: Any, folder: Path, keys: bytes, key_hex: str, version: int) -> None:
    """Backs the vault up beside it, then runs the migrations from ``version`` in one transaction."""
    from walletcare import paths

    def write(target: Path) -> Path:
        write_backup(conn, keys, key_hex, target)
        return target

    new_generation(write, paths.backups_dir(folder))
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
    """Copies a vault folder's files (and a crash's rollback journal, which SQLite needs to open it) to the new
    folder ``target``, each fsynced."""
    target.mkdir(mode=0o700, parents=True, exist_ok=False)
    for name in (DB_FILE, KEYS_FILE, f"{DB_FILE}-journal"):
        if name.endswith("-journal") and not (source / name).exists():
            continue
        shutil.copyfile(source / name, target / name)
        (target / name).chmod(0o600)
        _fsync_file(target / name)
    fsync_dir(target)


def keep_copy(live: Path, name: str | None = None) -> Path:
    """A new backup generation beside ``live`` holding a copy of it, written before anything in it changes."""
    from walletcare import paths

    def write(target: Path) -> Path:
        staging = target.with_name(f".{target.name}.{secrets.token_hex(4)}{STAGING_SUFFIX}")
        try:
            _copy_vault(live, staging)
            os.rename(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return target

    root = paths.backups_dir(live)
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    clear_stale_staging(root)
    # keep=0: this adds a generation and never removes one (the user's own backups stay as they were)
    return new_generation(write, root, keep=0, name=name)


def _restore_temps(live: Path, name: str) -> list[Path]:
    try:
        return sorted(live.glob(f".{name}.*{RESTORE_SUFFIX}"))
    except OSError:
        return []


def swap_in(source: Path, live: Path) -> None:
    """Replaces the two files of ``live`` with those of ``source``: both copied to temps in ``live`` (vault.db
    first), then vault.db renamed into place, then vault.keys. ``settle_restore`` reads the temps a crash left:
    a vault.db temp means nothing was replaced yet, a lone vault.keys temp that vault.db already was."""
    stamp = secrets.token_hex(4)
    temps = [(live / f".{name}.{stamp}{RESTORE_SUFFIX}", live / name) for name in (DB_FILE, KEYS_FILE)]
    try:
        for temp, final in temps:
            shutil.copyfile(source / final.name, temp)
            temp.chmod(0o600)
            _fsync_file(temp)
        fsync_dir(live)
    except BaseException:
        for temp, _final in temps:
            temp.unlink(missing_ok=True)
        raise
    for temp, final in temps:
        os.replace(temp, final)
        fsync_dir(live)


def settle_restore(live: Path) -> list[str]:
    """Finishes or undoes a restore of ``live`` that a crash interrupted; returns what was done, to tell the user.

    A vault.db temp of a restore in ``live`` means nothing was replaced yet: the temps go ("undone"). A lone
    vault.keys temp means vault.db was replaced: the key file follows ("completed"; the replaced vault was kept
    as a backup generation before anything changed). Folders that WalletCare versions before this one left
    beside the vault (``<live>.restoring-*``, ``<live>.previous-*``) are settled too. Nothing happens while a
    restore holds the folder's lock.
    """
    live = Path(live)
    staged, previous = _siblings(live, "restoring"), _siblings(live, "previous")
    db_temps, keys_temps = _restore_temps(live, DB_FILE), _restore_temps(live, KEYS_FILE)
    if not (staged or previous or db_temps or keys_temps):
        return []
    notices: list[str] = []
    with folder_lock(live.parent, wait=False) as locked:
        if not locked:
            return []
        if db_temps:
            for temp in db_temps + keys_temps:
                temp.unlink(missing_ok=True)
            notices.append(_("A restore was interrupted before it changed anything; the vault is as it was. "
                             "Run “walletcare restore” again to restore the backup."))
        elif keys_temps:
            os.replace(keys_temps[-1], live / KEYS_FILE)
            for temp in keys_temps[:-1]:
                temp.unlink(missing_ok=True)
            notices.append(_("A restore was interrupted just before it finished; it has now been completed. The "
                             "vault it replaced was kept as a backup in {folder}; restore that to undo.")
                           .format(folder=_newest(live)))
        fsync_dir(live)
        notices += _settle_siblings(live, staged, previous)
    return notices


def _newest(live: Path) -> Path:
    from walletcare import paths

    root = paths.backups_dir(live)
    found = newest_generation(root)
    return root / found.strftime(GENERATION_NAME) if found else root


def _siblings(live: Path, kind: str) -> dict[str, Path]:
    """``{stamp: folder}`` of the ``<live>.<kind>-<stamp>`` folders beside the live vault."""
    prefix = f"{live.name}.{kind}-"
    try:
        return {p.name[len(prefix):]: p for p in live.parent.iterdir() if p.name.startswith(prefix)}
    except OSError:
        return {}


def _settle_siblings(live: Path, staged: dict[str, Path], previous: dict[str, Path]) -> list[str]:
    """The folders an earlier WalletCare's restore (which renamed whole folders) left after a crash."""
    notices: list[str] = []
    for stamp in sorted(set(staged) | set(previous)):
        old, new = previous.get(stamp), staged.get(stamp)
        if old is not None and not has_vault(live):
            if live.is_dir() and not any(live.iterdir()):
                live.rmdir()
            os.replace(old, live)
            notices.append(_("A restore was interrupted before it finished, so it was undone: the vault is as it "
                             "was before the restore. Run “walletcare restore” again to restore the backup."))
        elif old is not None:
            from walletcare import paths

            root = paths.backups_dir(live)
            def move(target: Path, old: Path = old) -> Path:
                os.replace(old, target)
                return target

            kept = new_generation(move, root, keep=0)
            notices.append(_("A restore was interrupted just before it finished; it has now been completed. The "
                             "vault it replaced was kept as a backup in {folder}; restore that to undo.")
                           .format(folder=kept))
        elif new is not None:
            notices.append(_("A restore was interrupted before it changed anything; the vault is as it was. "
                             "Run “walletcare restore” again to restore the backup."))
        if new is not None and new.exists():
            shutil.rmtree(new, ignore_errors=True)
    if notices:
        fsync_dir(live.parent)
    return notices
