"""Schema migrations on real SQLCipher vaults: a version-1 vault with transactions opens as the current version
with the same records, ids that are never reused, and a working text index."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from walletcare.evidence import records, schema
from walletcare.evidence.models import Case, Reference, Transaction
from walletcare.evidence.vault import Vault

from .conftest import passphrase

CN = timezone(timedelta(hours=8))


def _v1_row(tx: Transaction) -> tuple[object, ...]:
    text = " ".join(f"{tx.counterparty} {tx.description} {tx.note} {tx.status} {tx.channel} "
                    f"{' '.join(r.value for r in tx.references)}".split())
    return (tx.id, tx.case_id, records.utc_micros(tx.time), float(tx.amount), tx.status, tx.direction, tx.currency,
            tx.counterparty, tx.dedup_key, tx.refund_of, text, records.dumps(records.body_of(tx, ("id", "case_id"))))


def test_version_1_transactions_survive_the_migration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "old"
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])
    vault, _code = Vault.create(folder, passphrase(), kdf_seconds=0)
    case = vault.store.cases.add(Case(0, "旧版本的案件"))
    txs = [
        Transaction(1, case.id, datetime(2024, 3, 1, 9, 30, 15, 123456, tzinfo=CN), Decimal("12.50"), "CNY",
                    counterparty="某某商户", description="充值", references=(Reference("trade_no", "2024030122001"),),
                    status="交易成功", fee=Decimal("0.10"), raw="a,b,c", source_line=7, extra=(("备注", "x"),)),
        Transaction(2, case.id, datetime(2024, 3, 2, 1, 0, tzinfo=timezone(timedelta(hours=-5))), Decimal("-3"),
                    "USDT", direction="in", references=(Reference("tx_hash", "0xabc"), Reference("other", "第二个")),
                    refund_of=1, tags=("退款",)),
        Transaction(3, case.id, datetime(2024, 3, 3, tzinfo=UTC), Decimal("1E+2"), "USD", channel="余额"),
    ]
    conn = vault.store.conn
    with vault.store.transaction():
        for tx in txs:
            conn.execute("INSERT INTO transactions(id, case_id, t, amount, status, direction, currency, counterparty, "
                         "dedup_key, refund_of, text, body) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", _v1_row(tx))
            conn.execute("INSERT INTO tx_fts(rowid, text) SELECT id, text FROM transactions WHERE id = ?", (tx.id,))
        conn.execute("INSERT INTO transactions(id, case_id, t, amount, status, direction, currency, counterparty, "
                     "dedup_key, refund_of, text, body) VALUES (9, ?, 0, 0, '', 'out', 'CNY', '', '', NULL, '', "
                     "'{\"time\":\"1970-01-01T00:00:00+00:00\",\"amount\":\"0\",\"currency\":\"CNY\"}')", (case.id,))
        conn.execute("DELETE FROM transactions WHERE id = 9")  # its id must never come back
    vault.close()
    monkeypatch.undo()

    with Vault.open(folder, passphrase()) as vault:
        store = vault.store
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == schema.current_version()
        assert [store.transactions.get(tx.id) for tx in txs] == txs
        assert store.transactions.get(1).time.utcoffset() == timedelta(hours=8)
        assert str(store.transactions.get(3).amount) == "1E+2"
        assert store.transactions.all(case.id) == txs
        assert [t.id for t in store.transactions.page(case.id, text="某某商")] == [1]
        assert [t.id for t in store.transactions.page(case.id, text="第二个")] == [2]
        assert ("transaction", 3) in store.search_private("余额")
        assert store.transactions.add(txs[0]).id == 10
        store.transactions.delete(1)
        assert store.transactions.get(2).refund_of == 1  # the link stays in the record; the column is cleared
        assert store.transactions.page(case.id, text="某某商") == [store.transactions.get(10)]
        intact, _entries, problems = store.audit.verify()
        assert intact, problems
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        store.conn.execute("INSERT INTO tx_fts(tx_fts) VALUES ('integrity-check')")  # raises if the index is damaged


def test_version_2_sources_raw_rows_and_extras_move_to_columns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "v2"
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:2])
    vault, _code = Vault.create(folder, passphrase(), kdf_seconds=0)
    case = vault.store.cases.add(Case(0, "第二版的案件"))
    txs = [
        Transaction(1, case.id, datetime(2024, 3, 1, 9, 30, 15, 123456, tzinfo=CN), Decimal("12.50"), "CNY",
                    counterparty="某某商户", references=(Reference("trade_no", "2024030122001"),), status="交易成功",
                    raw="2024-03-01 09:30:15,某某商户,12.50", source_evidence_id=4, source_line=17,
                    source_format="alipay-1c", dedup_key="alipay:2024030122001", extra=(("category", "日用百货"), ("备注", ""))),
        Transaction(2, case.id, datetime(2024, 3, 2, 1, 0, tzinfo=timezone(timedelta(hours=-5))), Decimal("-3"),
                    "USD", direction="in", references=(Reference("", "no kind"),), fee=Decimal("0.30"), refund_of=1,
                    tags=("退款",), extra=(("a\x1fb", "c"),)),
        Transaction(3, case.id, datetime(2024, 3, 3, tzinfo=UTC), Decimal("1E+2"), "USD", channel="余额"),
    ]
    v2_body = records.body_function(Transaction, schema._V2_IN_COLUMNS)
    conn = vault.store.conn
    with vault.store.transaction():
        for tx in txs:
            body = v2_body(tx)
            kinds = tx.references[0].kind if tx.references else ""
            if tx.references and not kinds:
                body["references"] = [{"kind": r.kind, "value": r.value} for r in tx.references]
            conn.execute(f"INSERT INTO transactions({schema._V2_COLUMNS}) VALUES ({','.join('?' * 18)})", (
                tx.id, tx.case_id, records.utc_micros(tx.time), tx.time.utcoffset() // timedelta(microseconds=1),
                float(tx.amount), str(tx.amount), tx.status, tx.direction, tx.currency, tx.counterparty,
                tx.description, tx.note, tx.channel, kinds, " ".join(r.value for r in tx.references), tx.dedup_key,
                tx.refund_of, records.dumps(body) if body else ""))
        evidence_id = conn.execute("INSERT INTO evidence(case_id, sha256, body) VALUES (?, ?, '{}')",
                                   (case.id, "0" * 64)).lastrowid
        conn.execute("INSERT INTO evidence_data(evidence_id, data) VALUES (?, ?)", (evidence_id, b"export,file\n" * 9))
    vault.close()
    monkeypatch.undo()

    with Vault.open(folder, passphrase()) as vault:
        store = vault.store
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == schema.current_version()
        # the imported row (it has a source file) is a statement record since the roles step
        assert store.transactions.all(case.id) == [dataclasses.replace(txs[0], role="record"), *txs[1:]]
        stored = store.conn.execute("SELECT src_id, src_line, src_format, raw, extra, body FROM transactions "
                                    "WHERE id = 1").fetchone()
        assert stored == (4, 17, "alipay-1c", txs[0].raw, "category\x1f日用百货\x1f备注\x1f", "")  # no JSON left
        fee, body = store.conn.execute("SELECT fee, body FROM transactions WHERE id = 2").fetchone()
        assert fee == "0.30" and "fee" not in body and '"refund_of":1' in body
        assert [t.id for t in store.transactions.page(case.id, sort="amount")] == [2, 1, 3]  # index built on demand
        assert [t.id for t in store.transactions.page(case.id, status="交易成功")] == [1]
        assert store.transactions.add(txs[1]).extra == (("a\x1fb", "c"),)
        assert store.evidence.data(evidence_id) == b"export,file\n" * 9  # the bytes moved to evidence_chunks
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_roles_step_makes_typed_rows_disputed_and_imported_rows_records(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "before-roles"
    roles_step = schema.MIGRATIONS.index(schema._tx_roles)
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:roles_step])
    vault, _code = Vault.create(folder, passphrase(), kdf_seconds=0)
    case = vault.store.cases.add(Case(0, "角色之前的案件"))
    conn = vault.store.conn
    with vault.store.transaction():
        for tx_id, src_id, src_format in ((1, None, "typed"), (2, 7, "alipay"), (3, None, "")):
            conn.execute("INSERT INTO transactions(id, case_id, t, tz, amount, amount_text, status, direction, "
                         "currency, counterparty, description, note, channel, ref_kinds, refs, dedup_key, body, src_id, "
                         "src_format) VALUES (?, ?, 0, 0, 1, '1', '', 'out', 'CNY', '', '', '', '', '', '', '', '', ?, "
                         "?)", (tx_id, case.id, src_id, src_format))
    vault.close()
    monkeypatch.undo()

    with Vault.open(folder, passphrase()) as vault:
        assert [vault.store.transactions.get(i).role for i in (1, 2, 3)] == ["disputed", "record", "disputed"]
