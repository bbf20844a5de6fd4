"""Vault speed: unlock (KDF and the rest), 100k-row bulk insert, a filtered page at 100k rows, screenshot intake,
the cost of encryption against plain sqlite3, and the PRAGMA choices documented in ``docs/vault.md``.

Everything runs in a private temporary folder that is removed afterwards. Screenshots are generated once
(1080x2400 PNG with noise, ~1.5 MB) and made distinct by trailing bytes, so each has its own hash while
decoding costs the same.
"""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

from benchmarks.figures import Figure, median_seconds, store_rows_cpu

CN = timezone(timedelta(hours=8))
STATUSES = ("交易成功", "退款成功", "等待付款", "交易关闭")


def _transactions(case_id: int, count: int) -> list:
    from walletcare.evidence.models import Reference, Transaction

    start = datetime(2023, 1, 1, tzinfo=CN)
    return [
        Transaction(0, case_id, start + timedelta(minutes=7 * i), Decimal(i % 50000) / 100, "CNY",
                    direction="out" if i % 5 else "in", counterparty=f"商户{i % 997}号店", description=f"商品 {i % 313}",
                    status=STATUSES[i % 4], references=(Reference("trade_no", f"2023{i:024d}"),), dedup_key=f"d{i}")
        for i in range(count)
    ]


def _trusted(fields: dict[str, object]) -> None:
    """The generated rows need no checks (``to_rows`` calls this for rows it would check)."""


def _screenshot() -> bytes:
    from PIL import Image, ImageDraw

    base = Image.effect_noise((1080, 2400), 12).convert("RGB")
    draw = ImageDraw.Draw(base)
    for y in range(0, 2400, 120):
        draw.rectangle((40, y + 20, 1040, y + 100), fill=(245, 245, 245))
    out = io.BytesIO()
    base.save(out, "PNG")
    return out.getvalue()


def _cpu_with_children() -> float:
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _time(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _insert_parts(txs: list, folder: Path) -> list[Figure]:
    """The two parts of ``add_many`` that no change to its Python code removes, each alone: reading the fields
    of the ``Transaction`` objects (one C call per object), and SQLCipher storing the finished rows (the same
    table and indexes, one ``executemany`` and commit, in a vault of its own)."""
    import dataclasses
    import operator

    from walletcare.evidence.models import Case, Transaction
    from walletcare.evidence.transactions import to_rows
    from walletcare.evidence.vault import Vault

    read = operator.attrgetter(*[f.name for f in dataclasses.fields(Transaction) if f.name != "id"])
    cpu = time.process_time()
    fields = [read(tx) for tx in txs]
    read_s = time.process_time() - cpu
    del fields
    vault, _code = Vault.create(folder, bytearray(b"bench passphrase"), kdf_seconds=0)
    case_id = vault.store.cases.add(Case(0, "bench")).id
    rows = to_rows([dataclasses.replace(tx, case_id=case_id) for tx in txs], 1, _trusted)
    sql_s = store_rows_cpu(vault, rows)
    return [
        Figure("insert_100k_read_fields_cpu", read_s, "s", None, note="attrgetter of the 20 stored fields, nothing else"),
        Figure("insert_100k_sql_only_cpu", sql_s, "s", None, note="executemany of the finished rows + commit"),
    ]


def _pragma_figures(work: Path, key_hex: str) -> list[Figure]:
    """Insert speed WAL vs DELETE, index build with cipher_memory_security ON vs OFF, a scan with 8 vs 64 MiB cache."""
    from walletcare.evidence import database, schema
    from walletcare.evidence.transactions import INSERT_SQL, to_rows

    rows = to_rows(_transactions(1, 20000), 1, _trusted)
    figures = []
    timings: dict[str, float] = {}
    for mode in ("DELETE", "WAL"):
        path = work / f"pragma-{mode}.db"
        conn = database.connect(path, key_hex, create=True, journal_mode=mode)
        conn.execute("BEGIN")
        for step in schema.MIGRATIONS:
            step(conn)
        conn.execute("INSERT INTO cases(id, title, status, kind, body) VALUES (1, 't', 'open', 'payment', '{}')")
        conn.execute("COMMIT")
        batches = [rows[i:i + 2000] for i in range(0, len(rows), 2000)]

        def insert(conn=conn, batches=batches) -> None:
            for batch in batches:  # ten commits: a journal-mode difference shows per commit
                conn.execute("BEGIN IMMEDIATE")
                conn.executemany(INSERT_SQL, batch)
                conn.execute("COMMIT")

        timings[mode] = _time(insert)
        if mode == "DELETE":
            for security in ("OFF", "ON"):
                conn.execute(f"PRAGMA cipher_memory_security = {security}")
                timings[f"mem_{security}"] = _time(lambda conn=conn: (
                    conn.execute("CREATE INDEX bench_ix ON transactions(counterparty, amount)"),
                    conn.execute("DROP INDEX bench_ix")))
            conn.execute("PRAGMA cipher_memory_security = OFF")
        conn.close()
    figures += [
        Figure("pragma_insert_20k_delete_journal", timings["DELETE"], "s", None, note="10 commits, synchronous=FULL"),
        Figure("pragma_insert_20k_wal", timings["WAL"], "s", None, note="10 commits, synchronous=FULL"),
        Figure("pragma_index_build_memory_security_off", timings["mem_OFF"], "s", None),
        Figure("pragma_index_build_memory_security_on", timings["mem_ON"], "s", None),
    ]
    for cache_kib in (8 * 1024, 64 * 1024):
        conn = database.connect(work / "pragma-DELETE.db", key_hex)
        conn.execute(f"PRAGMA cache_size = -{cache_kib}")
        query = ("SELECT id, case_id, body FROM transactions WHERE case_id = 1 AND counterparty LIKE '%9号%' "
                 "ORDER BY amount DESC, t DESC, id DESC LIMIT 200 OFFSET 2000")
        conn.execute(query).fetchall()
        spent = median_seconds(lambda conn=conn, query=query: conn.execute(query).fetchall(), repeat=7)
        conn.close()
        figures.append(Figure(f"pragma_scan_page_cache_{cache_kib // 1024}mib", spent * 1000, "ms", None,
                              note="20k rows, LIKE filter (full scan)"))
    return figures


class _OlderSqlite:
    """The standard library's SQLite (3.40 here) lacks FTS5 ``contentless_delete`` (3.43): the same contentless
    index without it, which indexes rows at the same cost."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
        return self._conn.execute(sql.replace(", contentless_delete=1", ""), *args)

    def executemany(self, sql: str, rows: object) -> sqlite3.Cursor:
        return self._conn.executemany(sql, rows)  # type: ignore[arg-type]


def _plain_vs_cipher(work: Path, key_hex: str) -> list[Figure]:
    from walletcare.evidence import database, schema
    from walletcare.evidence.transactions import FREE_TEXT, INSERT_SQL, to_rows

    rows = to_rows(_transactions(1, 50000), 1, _trusted)
    results = {}
    for label in ("plain", "cipher"):
        path = work / f"{label}.db"
        if label == "plain":
            conn = sqlite3.connect(path, isolation_level=None)
            for pragma in ("PRAGMA cache_size = -65536", "PRAGMA temp_store = MEMORY", "PRAGMA secure_delete = ON",
                           "PRAGMA foreign_keys = ON", "PRAGMA synchronous = FULL"):
                conn.execute(pragma)
        else:
            conn = database.connect(path, key_hex, create=True)
        conn.execute("BEGIN")
        for step in schema.MIGRATIONS:
            step(_OlderSqlite(conn) if label == "plain" else conn)
        conn.execute("INSERT INTO cases(id, title, status, kind, body) VALUES (1, 't', 'open', 'payment', '{}')")
        conn.execute("COMMIT")

        def insert(conn=conn) -> None:
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(INSERT_SQL, rows)
            conn.execute(f"INSERT INTO tx_fts(rowid, {', '.join(FREE_TEXT)}) SELECT id, {', '.join(FREE_TEXT)} "
                         "FROM transactions")
            conn.execute("COMMIT")

        results[label] = _time(insert)
        conn.close()
    return [
        Figure("sqlite3_plain_insert_50k_sql_only", results["plain"], "s", None, note="same schema, pragmas and rows"),
        Figure("sqlcipher_insert_50k_sql_only", results["cipher"], "s", None),
        Figure("sqlcipher_overhead_ratio", results["cipher"] / results["plain"], "x", None),
    ]


# the vault's page size: new vaults' (16 KiB) unless WALLETCARE_BENCH_PAGE_SIZE names another (4096: vaults made
# before 16 KiB pages), to compare the read side (unlock, pages of 200, screenshots) at both sizes
PAGE_SIZE = int(os.environ.get("WALLETCARE_BENCH_PAGE_SIZE", "0")) or None


def run() -> list[Figure]:
    """Measures and returns the figures."""
    from walletcare.evidence import database
    from walletcare.evidence.exhibits import NewEvidence
    from walletcare.evidence.keys import KeyFile, calibrate
    from walletcare.evidence.models import Case
    from walletcare.evidence.vault import Vault, _connect_checked

    work = Path(tempfile.mkdtemp(prefix="walletcare-bench-vault-"))
    figures: list[Figure] = []
    try:
        params = calibrate(0.5)
        kdf = median_seconds(lambda: params.derive(b"bench passphrase"), repeat=3)
        figures.append(Figure("unlock_kdf_argon2id", kdf, "s", None,
                              note=f"{params.memory_kib // 1024} MiB, t={params.time_cost}, p={params.parallelism}; "
                                   "target ~0.5"))

        vault, _code = Vault.create(work / "vault", bytearray(b"bench passphrase"), kdf_seconds=0, page_size=PAGE_SIZE)
        store = vault.store
        case = store.cases.add(Case(0, "bench"))
        txs = _transactions(case.id, 100_000)
        cpu = time.process_time()
        insert = _time(lambda: store.transactions.add_many(txs))
        cpu = time.process_time() - cpu
        figures.append(Figure("insert_100k_transactions", insert, "s", 0.5,
                              note="add_many: checks, columns, time + refund indexes, audit, one commit "
                                   "(text, amount and status indexes: built later, below)"))
        figures.append(Figure("insert_100k_transactions_cpu", cpu, "s", None, note="CPU time (less sensitive to load)"))
        figures += _insert_parts(txs, work / "rows-only")
        cpu = time.process_time()
        indexing = _time(store.transactions.index_pending)
        cpu = time.process_time() - cpu
        figures.append(Figure("text_index_100k_at_first_search", indexing, "s", None,
                              note=f"FTS5 trigram, one INSERT ... SELECT; CPU {cpu:.2f} s"))

        cpu = time.process_time()
        lazy = _time(lambda: store.transactions.page(case.id, sort="amount", descending=True, status="退款成功"))
        cpu = time.process_time() - cpu
        figures.append(Figure("amount_status_indexes_at_first_page", lazy, "s", None,
                              note=f"built once after a bulk insert, with the first such page; CPU {cpu:.2f} s"))

        page_queries = {
            "page_200_time_sorted": dict(sort="time", offset=50_000),
            "page_200_status_amount_desc": dict(sort="amount", descending=True, status="退款成功"),
            "page_200_text_filter": dict(sort="time", text="商户42"),
        }
        for name, kwargs in page_queries.items():
            store.transactions.page(case.id, **kwargs)
            spent = median_seconds(lambda kwargs=kwargs: store.transactions.page(case.id, **kwargs), repeat=9)
            figures.append(Figure(f"{name}_at_100k", spent * 1000, "ms", 10))
        count = median_seconds(lambda: store.transactions.count(case.id, status="退款成功"), repeat=9)
        figures.append(Figure("count_status_at_100k", count * 1000, "ms", None))

        shot = _screenshot()
        items = [NewEvidence(shot + i.to_bytes(4, "big"), f"Screenshot_{i:03d}.png") for i in range(100)]
        store.evidence.add_many(case.id, items[:2])  # start the worker pool outside the timing
        before = _cpu_with_children()
        intake = _time(lambda: store.evidence.add_many(case.id, items[2:]))
        store.evidence.close()  # the workers exit, so their CPU time is counted
        cpu = _cpu_with_children() - before
        figures.append(Figure("evidence_98_screenshots", intake * 100 / 98, "s", 4,
                              note=f"per 100, PNG {len(shot) / 1e6:.1f} MB 1080x2400; hash + store + thumbnail + print"))
        figures.append(Figure("evidence_screenshot_cpu_each", cpu / 98 * 1000, "ms", None,
                              note="CPU time per screenshot, this process and the workers"))
        keyfile = KeyFile.load(vault.folder)
        data_key = bytearray(vault._key())
        vault.close()

        def open_rest() -> None:
            _connect_checked(work / "vault", keyfile, data_key)[0].close()

        figures.append(Figure("unlock_rest_at_100k_and_100_shots", median_seconds(open_rest, repeat=3), "s", 0.1,
                              note="HKDF, key, bounded check (vault > 8 MiB), version"))
        conn = database.connect(work / "vault" / "vault.db", keyfile.db_key_hex(data_key), page_size=keyfile.page_size)
        quick = median_seconds(lambda: conn.execute("PRAGMA quick_check").fetchall(), repeat=3)
        cipher = median_seconds(lambda: conn.execute("PRAGMA cipher_integrity_check").fetchall(), repeat=3)
        conn.close()
        size_mb = (work / "vault" / "vault.db").stat().st_size / 1e6
        figures.append(Figure("unlock_quick_check", quick, "s", None, note=f"vault.db {size_mb:.0f} MB"))
        figures.append(Figure("unlock_cipher_integrity_check", cipher, "s", None, note=f"vault.db {size_mb:.0f} MB"))

        key_hex = keyfile.db_key_hex(data_key)
        figures += _plain_vs_cipher(work, key_hex)
        figures += _pragma_figures(work, key_hex)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return figures


if __name__ == "__main__":
    for fig in run():
        print(fig)
    sys.exit(0)

