"""Opens the SQLCipher file: raw key first, fail closed without SQLCipher, the measured PRAGMA recipe.

The recipe (measured in ``benchmarks/bench_vault.py``, reasons in ``docs/vault.md``): raw 256-bit key so
SQLCipher skips its own PBKDF2 (our Argon2id already stretched the passphrase); ``cache_size`` 64 MiB;
``temp_store = MEMORY`` (no plaintext temp files); ``secure_delete = ON``; ``foreign_keys = ON``;
rollback journal (``DELETE``) with ``synchronous = FULL`` so the folder holds only ``vault.db`` and
``vault.keys`` at rest; ``cipher_memory_security = OFF`` (process-private memory, large speed cost); SQLCipher's
own log silenced (it writes to stderr by default).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from walletcare.errors import VaultCorrupt
from walletcare.i18n import _

SQLITE_MAGIC = b"SQLite format 3\x00"
UNLOCK_CHECK_MAX_BYTES = 8 * 1024 * 1024  # above this, the page-by-page checks run in the background instead
CACHE_KIB = 64 * 1024
# page cache during bulk writes (Store.small_cache): pages are encrypted and written as the batch goes, not
# all at the commit, and a 100k-row import does not hold its 50 MB of new pages in memory
BULK_CACHE_KIB = 8 * 1024
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


def connect(db_path: Path, key_hex: str, *, create: bool = False, journal_mode: str = "DELETE") -> Any:
    """An open, keyed, configured SQLCipher connection to ``db_path``.

    Args:
        db_path: the ``vault.db`` file.
        key_hex: the 64-hex-digit raw key.
        create: allow an empty or missing file (vault creation and backups only).
        journal_mode: ``DELETE`` (default) or ``WAL`` (benchmarks compare both).

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
        version = conn.execute("PRAGMA cipher_version").fetchone()
        if not version or not version[0]:
            raise RuntimeError("SQLCipher is not available: refusing to write an unencrypted vault")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError:
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


def is_damage(exc: BaseException) -> bool:
    """Whether a database exception means a damaged or foreign file (not a busy lock or a bug)."""
    import sqlcipher3

    return (isinstance(exc, sqlcipher3.DatabaseError)
            and not isinstance(exc, sqlcipher3.OperationalError | sqlcipher3.IntegrityError | sqlcipher3.ProgrammingError))


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
