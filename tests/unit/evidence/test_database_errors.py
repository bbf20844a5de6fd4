"""Database errors classified by SQLite's result code, from real SQLCipher failures (never by their text)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlcipher3

from walletcare.errors import DiskFull, NotWritable
from walletcare.evidence.database import Failure, failure, is_busy, is_damage, storage_error

KEY, OTHER_KEY = "11" * 32, "22" * 32


def _open(path: Path, key: str) -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(str(path), isolation_level=None, timeout=0)
    conn.execute(f"PRAGMA key = \"x'{key}'\"")
    return conn


def _raised(call) -> BaseException:
    with pytest.raises(sqlcipher3.Error) as info:
        call()
    return info.value


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "t.db"
    conn = _open(path, KEY)
    conn.execute("CREATE TABLE t (x TEXT UNIQUE)")
    conn.executemany("INSERT INTO t VALUES (?)", [(f"{i:04d}" + "a" * 500,) for i in range(200)])
    conn.close()
    return path


def test_another_key_is_damage(db: Path) -> None:
    exc = _raised(lambda: _open(db, OTHER_KEY).execute("SELECT count(*) FROM sqlite_master").fetchall())
    assert failure(exc) is Failure.DAMAGE and is_damage(exc) and not is_busy(exc)


def test_a_damaged_page_is_damage(db: Path) -> None:
    data = bytearray(db.read_bytes())
    data[4096 * 5 + 100:4096 * 5 + 200] = bytes(100)
    db.write_bytes(bytes(data))
    conn = _open(db, KEY)
    exc = _raised(lambda: conn.execute("SELECT sum(length(x)) FROM t").fetchall())
    assert failure(exc) is Failure.DAMAGE
    assert storage_error(exc) is None


def test_a_held_lock_is_busy_not_damage(db: Path) -> None:
    holder, other = _open(db, KEY), _open(db, KEY)
    holder.execute("BEGIN IMMEDIATE")
    exc = _raised(lambda: other.execute("BEGIN IMMEDIATE"))
    assert failure(exc) is Failure.BUSY and is_busy(exc) and not is_damage(exc)
    holder.execute("ROLLBACK")


def test_a_broken_rule_and_bad_sql_are_not_the_users(db: Path) -> None:
    conn = _open(db, KEY)
    first = conn.execute("SELECT x FROM t LIMIT 1").fetchone()[0]
    assert failure(_raised(lambda: conn.execute("INSERT INTO t VALUES (?)", (first,)))) is Failure.CONSTRAINT
    assert failure(_raised(lambda: conn.execute("SELECT nope FROM t"))) is Failure.OTHER


def test_a_read_only_file_is_not_writable(db: Path) -> None:
    conn = sqlcipher3.connect(f"file:{db}?mode=ro", uri=True, isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{KEY}'\"")
    exc = _raised(lambda: conn.execute("INSERT INTO t VALUES ('new')"))
    assert failure(exc) is Failure.READ_ONLY
    assert isinstance(storage_error(exc), NotWritable)


def test_the_text_of_a_message_decides_nothing() -> None:
    for text in ("file is not a database", "database disk image is malformed", "database or disk is full",
                 "database is locked"):
        exc = sqlcipher3.DatabaseError(text)
        assert failure(exc) is None and not is_damage(exc) and not is_busy(exc) and storage_error(exc) is None
    full = sqlcipher3.OperationalError("x")
    full.sqlite_errorcode = 13 | (1 << 8)  # an extended code: the primary code is its low byte
    assert isinstance(storage_error(full), DiskFull)
