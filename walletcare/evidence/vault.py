"""A vault folder (``vault.db`` + ``vault.keys``): create, open, lock and unlock, keys, signing, backups.

``Vault.create`` makes a random data key, wraps it in a passphrase slot and a recovery-code slot, creates
the encrypted database and an Ed25519 signing key (private half inside the database, public half in
``vault.keys``) and the ECDSA P-256 seal key that certifies dossiers (wrapped under the data key in
``vault.keys``; a vault made before seals gets one at its first export). ``Vault.open`` first settles a
restore a crash interrupted, unwraps the data key, checks the key file's MAC, opens SQLCipher with the derived
raw key, refuses vaults from a newer WalletCare, migrates older ones after an automatic backup, runs a bounded
integrity check (every page for a small vault or after a crash; the first write checks every page of a larger
one), and settles a key-file change a crash interrupted; ``vault.notices`` says what was settled.
``vault.store`` is the storage facade. Failed unlocks of an open ``Vault`` slow down (0, 1, 2, 4 … 30 s),
they never wipe anything.
"""

from __future__ import annotations

import copy
import os
import secrets
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from walletcare import paths
from walletcare.atomic_files import folder_lock, fsync_dir
from walletcare.errors import NoVault, UsageError, VaultCorrupt, VaultLocked, WrongPassphrase
from walletcare.evidence import database, schema
from walletcare.evidence.backup import keep_copy, settle_restore, swap_in
from walletcare.evidence.dossier.seal import SealKey, make_seal_key
from walletcare.evidence.keys import (
    DB_FILE,
    SEALED_META,
    KeyFile,
    calibrate,
    damaged_keys,
    has_vault,
    new_recovery_code,
    normalize_recovery_code,
    remove_stale_temp,
    wipe,
)
from walletcare.evidence.store import Store
from walletcare.i18n import _

MAX_DELAY = 30.0


def unlock_delay(failures: int) -> float:
    """Seconds to wait before the next unlock attempt after ``failures`` failed ones: 0, 1, 2, 4 … 30."""
    return 0.0 if failures <= 0 else min(MAX_DELAY, float(2 ** (failures - 1)))


class Vault:
    """An open (or locked) vault. Use ``create``/``open``; close it when done."""

    def __init__(self, folder: Path, keyfile: KeyFile, data_key: bytearray | None, conn: Any) -> None:
        self.folder = folder
        self._keys = keyfile
        self._data_key: bytearray | None = data_key
        self._signing_key: bytes | None = None
        self._failures = 0
        self.sleep: Callable[[float], None] = time.sleep
        self.store = Store(conn, sign=self.sign, folder=folder)
        # what opening found and settled after a crash (an interrupted restore or passphrase change), to show
        self.notices: list[str] = []

    # -- creation and opening -----------------------------------------------------------------------
    @classmethod
    def create(cls, folder: Path, passphrase: bytearray, *, kdf_seconds: float = 0.5,
               page_size: int | None = None) -> tuple[Vault, str]:
        """Creates a new vault in ``folder``; returns it and the recovery code (show it once).

        Args:
            folder: an empty or new folder.
            passphrase: UTF-8 bytes of the passphrase (the caller wipes it).
            kdf_seconds: Argon2id calibration target; ``0`` gives the floor (64 MiB, one pass), for tests.
            page_size: ``vault.db``'s page size (default ``database.NEW_PAGE_SIZE``); 4096 makes a vault as
                versions before 16 KiB pages did (its key file without a page size), for tests and benchmarks.

        Raises:
            UsageError: there is already a vault in ``folder`` or the passphrase is empty.
        """
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        folder = Path(folder)
        if has_vault(folder):
            raise UsageError(_("There is already a vault in {folder}. Nothing was changed.").format(folder=folder))
        if folder.is_dir() and any(folder.iterdir()):
            raise UsageError(_("{folder} already holds other files; a vault needs a folder of its own. Choose a new "
                               "or empty folder. Nothing was changed.").format(folder=folder))
        if not passphrase:
            raise UsageError(_("The passphrase cannot be empty."))
        folder.mkdir(parents=True, exist_ok=True)
        try:
            folder.chmod(0o700)
        except OSError:
            pass
        signing = Ed25519PrivateKey.generate()
        raw_private = signing.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                            serialization.NoEncryption())
        public = signing.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        keyfile = KeyFile.new(public)
        if page_size == database.LEGACY_PAGE_SIZE:
            keyfile.page_size, keyfile.version = database.LEGACY_PAGE_SIZE, 1
        elif page_size is not None:
            if page_size not in database.PAGE_SIZES:
                raise ValueError(f"page size {page_size}")
            keyfile.page_size = page_size
        data_key = bytearray(secrets.token_bytes(32))
        code = new_recovery_code()
        keyfile.set_slot("passphrase", passphrase, data_key, calibrate(kdf_seconds))
        keyfile.set_slot("recovery", normalize_recovery_code(code), data_key, calibrate(0))
        seal = make_seal_key()
        keyfile.set_seal_key(data_key, seal.private_der, seal.certificate)
        tmp = folder / f".{DB_FILE}.{secrets.token_hex(4)}.tmp"
        try:
            conn = database.connect(tmp, keyfile.db_key_hex(data_key), create=True, page_size=keyfile.page_size)
            try:
                conn.execute("BEGIN IMMEDIATE")
                for step in schema.MIGRATIONS:
                    step(conn)
                conn.execute(f"PRAGMA user_version = {schema.current_version()}")
                conn.execute("INSERT INTO meta(key, value) VALUES ('vault_id', ?), ('signing_key', ?), (?, '1')",
                             (keyfile.vault_id, raw_private, SEALED_META))
                conn.execute("COMMIT")
            finally:
                conn.close()
            tmp.chmod(0o600)
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, folder / DB_FILE)
        finally:
            if tmp.exists():
                tmp.unlink()
        keyfile.save(folder, data_key)
        fsync_dir(folder)
        vault = cls._open_db(folder, keyfile, data_key)
        with vault.store.transaction():
            vault.store.audit.record("create", "vault", None, public.hex(), detail=keyfile.vault_id)
        return vault, code

    @classmethod
    def open(cls, folder: Path, passphrase: bytearray, *, migrate: bool = True) -> Vault:
        """Opens the vault in ``folder`` with its passphrase.

        Raises:
            NoVault: there is no vault in ``folder``.
            WrongPassphrase: the passphrase does not open it (nothing was written).
            VaultCorrupt: a file is missing, damaged, not a vault, or from a newer WalletCare.
        """
        folder = Path(folder)
        notices = settle_restore(folder) if migrate else []
        keyfile = cls._keyfile(folder)
        vault = cls._open_db(folder, keyfile, keyfile.unwrap("passphrase", passphrase), migrate=migrate)
        vault.notices[:0] = notices
        return vault

    @classmethod
    def restore(cls, backup: Path, live: Path, passphrase: bytearray, keep_as: str | None = None) -> Path | None:
        """Replaces the vault at ``live`` with the backup folder ``backup`` (opened with its own passphrase).

        Atomic as a whole, and ``live`` always holds a vault that opens: the vault it replaces is first copied
        into a new backup generation, then the backup's files are copied into ``live`` as temps and renamed into
        place (vault.db, then vault.keys); a crash between those renames is settled by the next open
        (``backup.settle_restore``).

        Args:
            keep_as: the folder name (``backup.generation_name``) under which the replaced vault is kept, as the
                user was told before confirming; a new name if that folder exists by then.

        Returns:
            Where the vault it replaced was kept (a generation in the backups folder beside ``live``, so a
            restore can be undone by restoring that), or ``None`` when there was none.

        Raises:
            NoVault: ``backup`` holds no vault.
            WrongPassphrase: the passphrase does not open the backup (nothing was changed).
            VaultCorrupt: the backup is damaged (nothing was changed).
            DiskFull, NotWritable: the copies do not fit or cannot be written (nothing was changed).
        """
        backup, live = Path(backup), Path(live)
        if backup.resolve() == live.resolve():
            raise UsageError(_("The backup and the vault are the same folder."))
        try:
            with cls.open(backup, passphrase, migrate=False) as checked:
                problems = checked.check()
        except WrongPassphrase:
            raise WrongPassphrase(_("That passphrase does not open this backup. Nothing was changed. A backup opens "
                                    "with the passphrase that was in use when it was made; please try again.")) from None
        except VaultCorrupt as exc:
            if "walletcare restore" not in exc.text():
                raise  # (a backup from a newer WalletCare: its own message says what to do)
            raise _damaged_backup(live, exc.detail) from None  # (not "restore your latest backup": this is one)
        if problems:
            raise _damaged_backup(live, "; ".join(problems[:3]))
        live.parent.mkdir(parents=True, exist_ok=True)
        settle_restore(live)
        with folder_lock(live.parent, wait=True):
            try:
                kept = keep_copy(live, keep_as) if has_vault(live) else None
                live.mkdir(mode=0o700, exist_ok=True)
                swap_in(backup, live)
            except Exception as exc:
                found = database.storage_error(exc)
                if found is not None and found is not exc:
                    raise found from None
                raise
            try:
                with cls.open(live, passphrase):
                    pass
            except BaseException:
                if kept is not None:
                    swap_in(kept, live)  # (the vault it replaced, back in place)
                raise
            return kept

    @classmethod
    def open_with_recovery_code(cls, folder: Path, code: str) -> Vault:
        """Opens the vault with its recovery code (then set a new passphrase with ``change_passphrase``)."""
        folder = Path(folder)
        notices = settle_restore(folder)
        keyfile = cls._keyfile(folder)
        vault = cls._open_db(folder, keyfile, keyfile.unwrap("recovery", normalize_recovery_code(code)))
        vault.notices[:0] = notices
        return vault

    @classmethod
    def locked_at(cls, folder: Path) -> Vault:
        """The vault in ``folder``, still locked: ``unlock`` opens it, so failed first attempts slow down too.

        Raises:
            NoVault, VaultCorrupt: as ``open``.
        """
        folder = Path(folder)
        notices = settle_restore(folder)
        vault = cls(folder, cls._keyfile(folder), None, None)
        vault.notices = notices
        return vault

    @staticmethod
    def _keyfile(folder: Path) -> KeyFile:
        if not has_vault(folder):
            raise NoVault()
        return KeyFile.load(folder)

    @classmethod
    def _open_db(cls, folder: Path, keyfile: KeyFile, data_key: bytearray, *, migrate: bool = True) -> Vault:
        conn, checked = _connect_checked(folder, keyfile, data_key, migrate=migrate)
        vault = cls(folder, keyfile, data_key, conn)
        try:
            vault._opened(checked, settle=migrate)
        except BaseException:
            vault.close()
            raise
        return vault

    def _opened(self, checked: bool, *, settle: bool) -> None:
        """After a connection is attached: the page check before the first write, settling after a crash."""
        self.store.before_first_write = None if checked else self.verify_pages
        if settle:
            from walletcare.evidence.keychange import seal_legacy, settle_keys
            from walletcare.evidence.outputs import settle_outputs

            self.notices += settle_keys(self) + settle_outputs(self.store)
            seal_legacy(self)

    # -- locking ------------------------------------------------------------------------------------
    @property
    def is_locked(self) -> bool:
        """Whether the vault is locked (no connection, no keys in memory)."""
        return self._data_key is None

    def lock(self) -> None:
        """Closes the connection and drops the keys; ``unlock`` opens it again."""
        self.store.evidence.close()
        conn = self.store.detach()
        if conn is not None:
            conn.close()
        if self._data_key is not None:
            wipe(self._data_key)
        self._data_key = None
        self._signing_key = None

    def unlock(self, passphrase: bytearray) -> None:
        """Opens a locked vault again; waits longer after each failed attempt (WrongPassphrase on failure)."""
        if not self.is_locked:
            return
        self.sleep(unlock_delay(self._failures))
        self.notices += settle_restore(self.folder)
        try:
            keyfile = KeyFile.load(self.folder)
            data_key = keyfile.unwrap("passphrase", passphrase)
        except WrongPassphrase:
            self._failures += 1
            raise
        self._failures = 0
        self._keys = keyfile
        conn, checked = _connect_checked(self.folder, keyfile, data_key)
        self.store.attach(conn)
        self._data_key = data_key
        try:
            self._opened(checked, settle=True)
        except BaseException:
            self.lock()
            raise

    @property
    def failed_unlocks(self) -> int:
        """Failed unlock attempts since the last success."""
        return self._failures

    def close(self) -> None:
        """Locks and releases everything (the object cannot be unlocked afterwards)."""
        self.lock()

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- keys and signing ---------------------------------------------------------------------------
    def _key(self) -> bytearray:
        if self._data_key is None:
            raise VaultLocked()
        return self._data_key

    def data_key(self) -> bytearray:
        """The data key (VaultLocked while locked); for sealing and rewrapping the key file only."""
        return self._key()

    @property
    def keyfile(self) -> KeyFile:
        """The key file as last read or written."""
        return self._keys

    def use_keyfile(self, keyfile: KeyFile) -> None:
        """Takes the key file just written to the folder as the vault's own."""
        self._keys = keyfile

    @property
    def vault_id(self) -> str:
        """The vault's random identifier (also in ``vault.keys``)."""
        return self._keys.vault_id

    def public_key(self) -> bytes:
        """The raw 32-byte Ed25519 public key of the vault."""
        return self._keys.public_key

    def sign(self, data: bytes) -> bytes:
        """A 64-byte Ed25519 signature of ``data`` with the vault's private key."""
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        self._key()
        if self._signing_key is None:
            row = self.store.conn.execute("SELECT value FROM meta WHERE key = 'signing_key'").fetchone()
            if row is None:
                raise VaultCorrupt(_("The vault's signing key is missing."))
            self._signing_key = bytes(row[0])
        return Ed25519PrivateKey.from_private_bytes(self._signing_key).sign(data)

    def seal_key(self) -> SealKey:
        """The seal key that certifies dossiers; a vault made before seals gets one now (saved in
        ``vault.keys`` and noted in the audit trail)."""
        data_key = self._key()
        private = self._keys.seal_private_key(data_key)
        if private is not None and self._keys.seal is not None:
            return SealKey(private_der=private, certificate=self._keys.seal.certificate)
        from walletcare.evidence.keychange import SEAL_OBJECT, replace_keys

        seal = make_seal_key()
        new = copy.deepcopy(self._keys)
        new.set_seal_key(data_key, seal.private_der, seal.certificate)
        replace_keys(self, new, SEAL_OBJECT, seal.fingerprint, action="create")
        return seal

    def change_passphrase(self, new_passphrase: bytearray, *, kdf_seconds: float = 0.5) -> None:
        """Rewraps the passphrase slot under a new passphrase: the key file and its audit entry change together
        (``keychange.replace_keys``)."""
        from walletcare.evidence.keychange import PASSPHRASE_OBJECT, replace_keys

        if not new_passphrase:
            raise UsageError(_("The passphrase cannot be empty."))
        new = copy.deepcopy(self._keys)
        new.set_slot("passphrase", new_passphrase, self._key(), calibrate(kdf_seconds))
        replace_keys(self, new, PASSPHRASE_OBJECT, b"passphrase slot rewrapped")

    def new_recovery_code(self) -> str:
        """Issues a new recovery code (the old one stops working); returns it to show once."""
        from walletcare.evidence.keychange import RECOVERY_OBJECT, replace_keys

        code = new_recovery_code()
        new = copy.deepcopy(self._keys)
        new.set_slot("recovery", normalize_recovery_code(code), self._key(), calibrate(0))
        replace_keys(self, new, RECOVERY_OBJECT, b"recovery slot replaced")
        return code

    # -- checks and backups -------------------------------------------------------------------------
    def check(self) -> list[str]:
        """Full ``integrity_check`` and ``cipher_integrity_check``: problems found (empty when sound)."""
        problems = database.full_check(self.store.conn)
        if not problems:
            self.store.before_first_write = None
        return problems

    def db_size(self) -> int:
        """The size of ``vault.db`` in bytes."""
        return (self.folder / DB_FILE).stat().st_size

    def verify_pages(self) -> None:
        """``cipher_integrity_check`` (every page's MAC) once before the first write after unlocking a vault
        too large for the full check at unlock, so nothing is built on a damaged file.

        Raises:
            VaultCorrupt: a page is damaged (names the way out: restore a backup).
        """
        if database.cipher_check(self.store.conn):
            raise VaultCorrupt(database.corrupt_message())
        self.store.before_first_write = None

    def backup(self, target: Path) -> Path:
        """Writes an encrypted copy of the vault as a vault folder at ``target`` (checked before replacing)."""
        from walletcare.evidence.backup import backup_vault_id, write_backup

        target = Path(target)
        if target.resolve() == self.folder.resolve() or self.folder.resolve() in target.resolve().parents:
            raise UsageError(_("A backup cannot be written into the vault folder itself."))
        if target.exists() and (not target.is_dir() or (any(target.iterdir()) and not has_vault(target))):
            raise UsageError(_("{target} exists and is not a backup folder. Choose a new or empty folder; "
                               "nothing was written.").format(target=target))
        other = backup_vault_id(target) if has_vault(target) else None
        if other is not None and other != self.vault_id:
            raise UsageError(_("{target} holds a backup of another vault. Choose a new or empty folder; nothing was "
                               "written.").format(target=target))
        write_backup(self.store.conn, self._keys.sealed(self._key()), self._keys.db_key_hex(self._key()), target)
        return target

    def backup_generation(self, root: Path | None = None, keep: int = 5) -> Path:
        """A new dated backup under ``root`` (default: beside the vault), keeping the newest ``keep``."""
        from walletcare.evidence.backup import new_generation

        return new_generation(self.backup, Path(root) if root else paths.backups_dir(self.folder), keep)


def _damaged_backup(live: Path, detail: str | None) -> VaultCorrupt:
    """The error for a backup that cannot be restored because it is damaged: choose another one."""
    return VaultCorrupt(_("This backup is damaged and cannot be restored. Nothing was changed. Choose another "
                          "backup, for example an older one in {folder}.").format(folder=paths.backups_dir(live)),
                        detail=detail)


def _connect_checked(folder: Path, keyfile: KeyFile, data_key: bytearray, *, migrate: bool = True) -> tuple[Any, bool]:
    """Opens ``vault.db``: version check, integrity check, migration after a backup.

    Returns the connection and whether every page was checked (a small vault, or one a crash left with a hot
    rollback journal: SQLite rolls the journal back, then every page is checked whatever the size).
    """
    if not (folder / DB_FILE).exists():
        raise VaultCorrupt(_("The vault file (vault.db) is missing. Restore your latest backup with "
                             "“walletcare restore”."))
    key_hex = keyfile.db_key_hex(data_key)
    crashed = (folder / f"{DB_FILE}-journal").exists()
    if migrate:
        remove_stale_temp(folder)
    conn = database.connect(folder / DB_FILE, key_hex, page_size=keyfile.page_size)
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version == 0:
            raise VaultCorrupt(database.corrupt_message())
        if version > schema.current_version():
            raise VaultCorrupt(_("This vault was made by a newer version of WalletCare (schema {found}, this "
                                 "version knows {known}). Update WalletCare to open it; nothing was changed.")
                               .format(found=version, known=schema.current_version()))
        size = (folder / DB_FILE).stat().st_size
        checked = crashed or size <= database.UNLOCK_CHECK_MAX_BYTES
        problems = database.quick_check(conn) if crashed else database.unlock_check(conn, size)
        if problems:
            raise VaultCorrupt(database.corrupt_message(), detail="; ".join(problems[:3]))
        row = conn.execute("SELECT value FROM meta WHERE key = 'vault_id'").fetchone()
        if row is None or str(row[0]) != keyfile.vault_id:
            raise VaultCorrupt(_("vault.db and vault.keys belong to different vaults. Nothing was changed."))
        if not keyfile.mac and conn.execute("SELECT 1 FROM meta WHERE key = ?", (SEALED_META,)).fetchone():
            raise damaged_keys()  # (its MAC was removed)
        if migrate and (folder / f"{DB_FILE}-journal").exists():
            _drop_stale_journal(conn, folder / f"{DB_FILE}-journal")
        if version < schema.current_version() and migrate:
            from walletcare.evidence.backup import migrate_with_backup

            migrate_with_backup(conn, folder, keyfile.sealed(data_key), key_hex, version)
    except BaseException as exc:
        conn.close()
        if database.is_damage(exc):
            raise VaultCorrupt(database.corrupt_message(), detail=str(exc)) from None
        raise
    return conn, checked


def _drop_stale_journal(conn: Any, journal: Path) -> None:
    """Removes a rollback journal a crash left that is not hot (its header was never completed, so SQLite,
    which rolls a hot one back at the first read, ignores it): with the write lock held no other connection
    can be using it. A read-only folder keeps it (harmless; the next write replaces it)."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except Exception as exc:
        if database.storage_error(exc) is None and not database.is_busy(exc):
            raise
        return
    try:
        journal.unlink(missing_ok=True)
    except OSError:
        pass
    finally:
        conn.execute("ROLLBACK")
