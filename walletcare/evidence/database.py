"""Opens the SQLCipher file: raw key first, fail closed without SQLCipher, the measured PRAGMA recipe.

The recipe (measured in ``benchmarks/bench_vault.py``, reasons in ``docs/vault.md``): raw 256-bit key so
SQLCipher skips its own PBKDF2 (our Argon2id already stretched the passphrase); ``cache_size`` 64 MiB;
``temp_store = MEMORY`` (no plaintext temp files); ``secure_delete = ON``; ``foreign_keys = ON``;
rollback journal (``DELETE``) with ``synchronous = FULL`` so the folder holds only ``vault.db`` and
``vault.keys`` at rest; ``cipher_memory_security = OFF`` (process-private memory, large speed cost); SQLCipher's
own log silenced (it writes to stderr by default). New vaults use 16 KiB pages (``NEW_PAGE_SIZE``; vaults made
before keep SQLCipher's 4 KiB): the size is carried in ``vault.keys``, since SQLCipher must know it before it
reads page 1.
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Any

from walletcare.errors import DiskFull, NotWritable, VaultCorrupt, WalletCareError, os_storage_error
from walletcare.i18n import _

SQLITE_MAGIC = b"SQLite format 3\x00"
UNLOCK_CHECK_MAX_BYTES = 8 * 1024 * 1024  # above this, the page-by-page checks run in the background instead
CACHE_KIB = 64 * 1024
# page cache during bulk writes (Store.small_cache): pages are encrypted and written as the batch goes, not
# all at the commit, and a 100k-row import does not hold its 50 MB of new pages in memory
BULK_CACHE_KIB = 32 * 1024
LEGACY_PAGE_SIZE = 4096  # SQLCipher 4's default: every vault made before page sizes were recorded
NEW_PAGE_SIZE = 16384  # new vaults: fewer pages to encrypt, authenticate and link (docs/vault.md, "Page size")
PAGE_SIZES = (1024, 2048, 4096, 8192, 16384, 32768, 65536)  # what SQLCipher accepts
_log_silenced = False


def _silence_log(module: Any) -> None:
    global _log_silenced
    if not _log_silenced:
        probe = module.connect(":memory:")
        try:
            probe.execute("PRAGMA cipher_log_level = NONE").fetchall()
        finally:
            probe.close()
        _log_silenced = True


def corrupt_message() -> str:
    """The message for a damaged vault file, with how to recover."""
    return _("The vault file (vault.db) is damaged and cannot be read. Nothing was changed. "
             "Restore your latest backup with “walletcare restore”.")


def connect(db_path: Path, key_hex: str, *, create: bool = False, journal_mode: str = "DELETE",
            page_size: int = LEGACY_PAGE_SIZE) -> Any:
    """An open, keyed, configured SQLCipher connection to ``db_path``.

    Args:
        db_path: the ``vault.db`` file.
        key_hex: the 64-hex-digit raw key.
        create: allow an empty or missing file (vault creation and backups only).
        journal_mode: ``DELETE`` (default) or ``WAL`` (benchmarks compare both).
        page_size: the file's page size (``vault.keys`` carries it; a new file is made with it).

    Raises:
        VaultCorrupt: the file is missing, plain SQLite, damaged, or not encrypted with this key.
    """
    import sqlcipher3

    if not create:
        try:
            with open(db_path, "rb") as fh:
                head = fh.read(16)
        except FileNotFoundError:
            raise VaultCorrupt(_("The vault file (vault.db) is missing. Restore your latest backup with "
                                 "“walletcare restore”.")) from None
        if head == SQLITE_MAGIC:
            raise VaultCorrupt(_("vault.db is an unencrypted SQLite database, not a WalletCare vault. "
                                 "Nothing was changed."))
        if len(head) < 16:
            raise VaultCorrupt(corrupt_message())
    _silence_log(sqlcipher3)
    conn = sqlcipher3.connect(str(db_path), isolation_level=None, check_same_thread=False)
    try:
        conn.execute(f"PRAGMA key = \"x'{key_hex}'\"")
        if page_size != LEGACY_PAGE_SIZE:
            if page_size not in PAGE_SIZES:
                raise ValueError(f"page size {page_size}")
            conn.execute(f"PRAGMA cipher_page_size = {int(page_size)}")
        version = conn.execute("PRAGMA cipher_version").fetchone()
        if not version or not version[0]:
            raise RuntimeError("SQLCipher is not available: refusing to write an unencrypted vault")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError as exc:
            if storage_error(exc) is not None:  # (a crash's journal that a read-only folder keeps from rolling back)
                raise NotWritable(_("WalletCare stopped in the middle of a save last time. The vault opens once that "
                                    "save is undone, which needs permission to write in the vault's folder: open it "
                                    "where it can be written. Nothing was changed.")) from None
            if not create and not _key_fits(conn, db_path, key_hex, page_size):
                raise VaultCorrupt(_("vault.db and vault.keys belong to different vaults, or vault.db is damaged beyond "
                                     "reading. Nothing was changed. Put back the vault.keys that belongs with this "
                                     "vault.db, or restore your latest backup with “walletcare restore”.")) from None
            raise VaultCorrupt(corrupt_message()) from None
        for pragma in (
            f"PRAGMA cache_size = -{CACHE_KIB}",
            "PRAGMA temp_store = MEMORY",
            "PRAGMA secure_delete = ON",
            "PRAGMA foreign_keys = ON",
            "PRAGMA cipher_memory_security = OFF",
            f"PRAGMA journal_mode = {journal_mode}",
            "PRAGMA synchronous = FULL",
        ):
            conn.execute(pragma).fetchall()
    except BaseException:
        conn.close()
        raise
    return conn


# SQLCipher 4's page layout (its defaults but the page size): pages of ``page_size`` bytes (4096 for vaults made
# before sizes were recorded, 16384 for new ones) encrypted with AES-256-CBC; each page ends in 80 reserved
# bytes (16-byte IV, 64-byte HMAC-SHA512); page 1 begins with the file's 16-byte salt, in the clear. Page 1
# decrypts to SQLite's header from byte 16 on: the page size (2 bytes, big-endian), format versions 1/1,
# 80 reserved bytes, payload fractions 64/32/32.
_RESERVE, _SALT = 80, 16
_HEADER_AFTER_SIZE = bytes.fromhex("010150402020")


def _key_fits(conn: Any, db_path: Path, key_hex: str, page_size: int = LEGACY_PAGE_SIZE) -> bool:
    """Whether ``key_hex`` is this file's key although the file cannot be read: the key file of another vault
    fails this, a damaged ``vault.db`` with its own key passes (its first page decrypts to SQLite's header,
    or else some page passes its HMAC check)."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    try:
        with open(db_path, "rb") as fh:
            page = fh.read(page_size)
    except OSError:
        return True
    if len(page) < page_size:
        return True  # (truncated: damage)
    iv = page[page_size - _RESERVE:page_size - _RESERVE + 16]
    decryptor = Cipher(algorithms.AES(bytes.fromhex(key_hex)), modes.CBC(iv)).decryptor()
    header = (1 if page_size == 65536 else page_size).to_bytes(2, "big") + _HEADER_AFTER_SIZE  # (65536 is written 1)
    if decryptor.update(page[_SALT:_SALT + 16])[:8] == header:
        return True
    try:  # page 1 itself may be the damaged one: any sound page proves the key
        failed = len(conn.execute("PRAGMA cipher_integrity_check").fetchall())
    except Exception:
        return True
    size = db_path.stat().st_size
    return failed < size // page_size


class Failure(enum.Enum):
    """What a database exception means, by SQLite's result code (never by its class or message text)."""

    DAMAGE = "damage"  # SQLITE_CORRUPT, SQLITE_NOTADB, SQLITE_FORMAT: a damaged or foreign file (or another key)
    BUSY = "busy"  # SQLITE_BUSY, SQLITE_LOCKED: another connection holds a lock
    FULL = "full"  # SQLITE_FULL: the disk is full
    READ_ONLY = "read-only"  # SQLITE_READONLY, SQLITE_PERM: the file or folder cannot be written
    CONSTRAINT = "constraint"  # SQLITE_CONSTRAINT: a row broke a rule of the schema (a bug or a race)
    OTHER = "other"  # anything else (SQLITE_ERROR for bad SQL, SQLITE_IOERR, SQLITE_NOMEM ...): not the user's


# SQLite's primary result codes (https://sqlite.org/rescode.html): ``sqlite_errorcode & 0xff`` of an exception
# of sqlcipher3 (the extended code carries the detail in its upper bits)
_PRIMARY = {11: Failure.DAMAGE, 26: Failure.DAMAGE, 24: Failure.DAMAGE, 5: Failure.BUSY, 6: Failure.BUSY,
            13: Failure.FULL, 8: Failure.READ_ONLY, 3: Failure.READ_ONLY, 19: Failure.CONSTRAINT}


def failure(exc: BaseException) -> Failure | None:
    """What a database exception means (``None`` for an exception that is not from SQLite)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if not isinstance(code, int) or isinstance(code, bool):
        return None
    return _PRIMARY.get(code & 0xFF, Failure.OTHER)


def storage_error(exc: BaseException) -> WalletCareError | None:
    """``DiskFull`` or ``NotWritable`` when ``exc`` is a full disk or a disk or folder that cannot be written,
    by the error number of an ``OSError`` or SQLite's result code; otherwise None."""
    found = os_storage_error(exc)
    if found is not None:
        return found
    kind = failure(exc)
    if kind is Failure.FULL:
        return DiskFull()
    if kind is Failure.READ_ONLY:
        return NotWritable()
    return None


def is_damage(exc: BaseException) -> bool:
    """Whether a database exception means a damaged or foreign file (not a busy lock or a bug)."""
    return failure(exc) is Failure.DAMAGE


def is_busy(exc: BaseException) -> bool:
    """Whether a database exception is another connection's lock (SQLITE_BUSY / SQLITE_LOCKED)."""
    return failure(exc) is Failure.BUSY


def user_error(exc: BaseException) -> BaseException:
    """``VaultCorrupt`` (how to restore a backup) for damage SQLite finds after unlock, when a query reads a
    damaged page that the bounded unlock check did not; any other exception as it is."""
    if is_damage(exc):
        damaged = VaultCorrupt()
        damaged.__cause__ = exc
        return damaged
    return exc


def unlock_check(conn: Any, size: int) -> list[str]:
    """The check at unlock, bounded in time: every page (``quick_check`` + ``cipher_integrity_check``) for a
    vault up to ``UNLOCK_CHECK_MAX_BYTES``; for a larger one the schema and the first and last pages of every
    table and index (so unlock stays well under 0.1 s) and ``Vault.check()`` runs the full check later.
    """
    import sqlcipher3

    if size <= UNLOCK_CHECK_MAX_BYTES:
        return quick_check(conn)
    try:
        tables = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        for name, sql in tables.fetchall():
            if (sql or "").upper().startswith("CREATE VIRTUAL"):
                continue
            if "WITHOUT ROWID" in (sql or "").upper():
                conn.execute(f'SELECT * FROM "{name}" LIMIT 1').fetchall()
                continue
            conn.execute(f'SELECT * FROM "{name}" ORDER BY rowid LIMIT 1').fetchall()
            conn.execute(f'SELECT * FROM "{name}" ORDER BY rowid DESC LIMIT 1').fetchall()
    except sqlcipher3.DatabaseError as exc:
        if not is_damage(exc):
            raise
        return [str(exc)]
    return []


def quick_check(conn: Any) -> list[str]:
    """Problems found by ``PRAGMA quick_check`` and ``cipher_integrity_check`` (empty when sound)."""
    import sqlcipher3

    problems: list[str] = []
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
        problems += [str(r[0]) for r in rows if r[0] != "ok"]
        problems += [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
    except sqlcipher3.DatabaseError as exc:
        problems.append(str(exc))
    return problems


def cipher_check(conn: Any) -> list[str]:
    """Problems found by ``PRAGMA cipher_integrity_check`` alone: every page's HMAC (empty when sound)."""
    import sqlcipher3

    try:
        return [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
    except sqlcipher3.DatabaseError as exc:
        return [str(exc)]


def full_check(conn: Any) -> list[str]:
    """Problems found by ``PRAGMA integrity_check`` and ``cipher_integrity_check`` (empty when sound)."""
    import sqlcipher3

    problems: list[str] = []
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
        problems += [str(r[0]) for r in rows if r[0] != "ok"]
        problems += [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
    except sqlcipher3.DatabaseError as exc:
        problems.append(str(exc))
    return problems


def timed_check(conn: Any, folder: Path) -> tuple[list[str], float, int]:
    """``quick_check`` + ``cipher_integrity_check`` over every page: ``(problems, seconds, bytes checked)``.

    Bounded by the file: both read each page once (measured ~7 ms/MB and ~6 ms/MB, see docs/vault.md).
    """
    import time

    start = time.perf_counter()
    problems = quick_check(conn)
    try:
        size = (folder / "vault.db").stat().st_size
    except OSError:
        size = 0
    return problems, time.perf_counter() - start, size
