"""The transaction text index in its three parts (schema step ``_search_parts``): the trigram index of the free
text, the references as words, the distinct statuses and channels. Searches are compared with a plain Python
reading of what a search promises, on generated rows that are then changed and deleted (the triggers' part)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from walletcare.evidence import removal
from walletcare.evidence.models import Case, Reference, Transaction
from walletcare.evidence.store import Store
from walletcare.evidence.vault import Vault

from .conftest import passphrase

_SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# few characters, so generated texts share their pieces; both cases, LIKE's wildcards, separators, CJK
_TEXT = st.text(alphabet="aAbB1 商户款_%-", max_size=9)
_REF = st.text(alphabet="aAbB12_%-.单", min_size=1, max_size=8)
_ROW = st.fixed_dictionaries({
    "counterparty": _TEXT, "description": _TEXT, "note": _TEXT, "status": _TEXT, "channel": _TEXT,
    "refs": st.lists(_REF, max_size=3, unique=True),
})


def _tx(case_id: int, row: dict[str, object], n: int) -> Transaction:
    refs = tuple(Reference("order_no", value) for value in row["refs"])  # type: ignore[attr-defined]
    return Transaction(0, case_id, datetime(2024, 1, 1, 0, n % 60, tzinfo=UTC), Decimal(n + 1), "CNY",
                       counterparty=str(row["counterparty"]), description=str(row["description"]),
                       note=str(row["note"]), status=str(row["status"]), channel=str(row["channel"]), references=refs)


def _promised(tx: Transaction, needle: str) -> bool:
    """What a search of 3+ characters promises: the needle anywhere in the free text, the status or the
    channel (letters in either case), or at the start of a reference (ASCII letters in either case)."""
    folded = needle.lower()
    texts = (tx.counterparty, tx.description, tx.note, tx.status, tx.channel)
    return any(folded in text.lower() for text in texts) or any(
        ref.value.lower().startswith(folded) for ref in tx.references)


def _needles(rows: list[Transaction], extra: list[str]) -> list[str]:
    found = set(extra)
    for tx in rows:
        for text in (tx.counterparty, tx.description, tx.status, tx.channel, *(r.value for r in tx.references)):
            if len(text.strip()) >= 3:
                found.add(text.strip())
                found.add(text.strip()[:3])
                found.add(text.strip()[-3:].upper())
    return sorted(n for n in found if len(n.strip()) >= 3)[:16]


@_SETTINGS
@given(rows=st.lists(_ROW, min_size=1, max_size=12), changes=st.lists(_ROW, max_size=4),
       drop=st.integers(min_value=0, max_value=11), extra=st.lists(_TEXT, max_size=3))
def test_searches_find_what_they_promise_after_changes_and_deletes(
        store: Store, rows: list[dict[str, object]], changes: list[dict[str, object]], drop: int,
        extra: list[str]) -> None:
    case_id = store.cases.add(Case(0, "index")).id
    ids = store.transactions.add_many([_tx(case_id, row, n) for n, row in enumerate(rows)])
    stored = [store.transactions.get(tx_id) for tx_id in ids]
    assert store.transactions.index_pending() == 0  # a few rows are indexed as they are added
    for n, row in enumerate(changes):  # every text field and the references changed (the update triggers)
        old = stored[n % len(stored)]
        stored[n % len(stored)] = store.transactions.update(
            dataclasses.replace(_tx(case_id, row, n), id=old.id, time=old.time, amount=old.amount))
    gone = stored.pop(drop % len(stored))
    removal.remove_transactions(store, [gone.id])  # (the delete trigger)
    for needle in _needles([*stored, gone], extra):
        got = {tx.id for tx in store.transactions.page(case_id, text=needle, limit=1000)}
        assert got == {tx.id for tx in stored if _promised(tx, needle)}, needle
        private = {ref_id for area, ref_id in store.search_private(needle, case_id) if area == "transaction"}
        assert private == got, needle
    for table in ("tx_fts", "tx_refs"):
        store.conn.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")


def _one(store: Store, **fields: object) -> Transaction:
    case_id = store.cases.add(Case(0, "one")).id
    return store.transactions.add(Transaction(0, case_id, datetime(2024, 5, 1, tzinfo=UTC), Decimal("9.90"), "CNY",
                                              **fields))  # type: ignore[arg-type]


def test_status_channel_and_references_are_found_by_their_parts(store: Store) -> None:
    tx = _one(store, counterparty="商户42", description="商品 42", status="退款成功",
              channel="招商银行信用卡(2542)", references=(Reference("trade_no", "2023_000123-ab"),
                                                         Reference("tx_hash", "0xAbC123")))

    def found(needle: str) -> bool:
        return tx.id in {t.id for t in store.transactions.page(tx.case_id, text=needle)}

    assert found("信用卡(25") and found("退款成") and found("商户42")
    assert found("2023_0001") and found("2023_000123-AB") and found("0xabc") and found("0XABC123")
    assert not found("000123")  # the middle of a reference (a needle of 2 or fewer characters scans, see LIKE)
    assert not found("0xAbC1234") and not found("2023-000")  # one character more; '-' is not '_'
    assert not found("42 商品")  # no match runs from one field into the next
    assert not found("成功 招商")


def test_a_changed_status_is_found_and_stale_labels_do_no_harm(store: Store) -> None:
    tx = _one(store, status="处理中", channel="余额宝")
    store.transactions.update(dataclasses.replace(tx, status="已退款", channel="花呗分期"))
    assert [t.id for t in store.transactions.page(tx.case_id, text="花呗分")] == [tx.id]
    assert store.transactions.page(tx.case_id, text="余额宝") == []  # the old channel still listed, no row has it
    assert {v for (v,) in store.conn.execute("SELECT channel FROM tx_labels")} >= {"余额宝", "花呗分期"}


def test_a_schema_8_vault_moves_to_the_three_part_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from walletcare.evidence import schema
    from walletcare.evidence.transactions import manager

    folder = tmp_path / "v8"
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:8])
    monkeypatch.setattr(manager, "EAGER_INDEX_ROWS", -1)  # this version's index is written below, as 8 did
    vault, _code = Vault.create(folder, passphrase(), kdf_seconds=0)
    store = vault.store
    case_id = store.cases.add(Case(0, "第八版")).id
    ids = store.transactions.add_many([
        Transaction(0, case_id, datetime(2024, 2, 1, tzinfo=UTC), Decimal("88"), "CNY", counterparty="某某商户",
                    status="等待对方发货", channel="网商银行(1234)", references=(Reference("trade_no", "2024A77"),)),
        Transaction(0, case_id, datetime(2024, 2, 2, tzinfo=UTC), Decimal("9"), "CNY", description="话费充值")])
    with store.transaction():
        store.conn.execute("INSERT INTO tx_fts(rowid, text) SELECT id, counterparty || ' ' || description || ' ' || "
                           "note || ' ' || status || ' ' || channel FROM transactions")
        store.conn.execute("INSERT INTO tx_ids(ref, tx_id) SELECT refs, id FROM transactions WHERE refs != ''")
        store.conn.execute("UPDATE meta SET value = ? WHERE key = 'tx_fts_upto'", (max(ids),))
    vault.close()
    monkeypatch.undo()

    with Vault.open(folder, passphrase()) as vault:
        store = vault.store
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == schema.current_version()
        assert [t.id for t in store.transactions.page(case_id, text="等待对方")] == [ids[0]]
        assert [t.id for t in store.transactions.page(case_id, text="网商银行(12")] == [ids[0]]
        assert [t.id for t in store.transactions.page(case_id, text="2024a7")] == [ids[0]]
        assert [t.id for t in store.transactions.page(case_id, text="话费充")] == [ids[1]]
        store.transactions.delete(ids[0])
        assert store.transactions.page(case_id, text="某某商") == []
        for table in ("tx_fts", "tx_refs"):
            store.conn.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
        assert not store.conn.execute("SELECT name FROM sqlite_master WHERE name = 'tx_ids'").fetchall()


_OPS = st.lists(st.tuples(st.sampled_from(["add", "update", "remove", "restore", "index", "delete"]),
                          st.lists(_ROW, min_size=1, max_size=4), st.integers(min_value=0, max_value=99)),
                min_size=1, max_size=10)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=_OPS)
def test_searches_stay_right_through_removals_undos_and_late_indexing(
        store: Store, monkeypatch: pytest.MonkeyPatch, ops: list[tuple[str, list[dict[str, object]], int]]) -> None:
    from walletcare.evidence.transactions import manager

    monkeypatch.setattr(manager, "EAGER_INDEX_ROWS", 2)  # bigger additions wait for the next search
    case_id = store.cases.add(Case(0, "steps")).id
    removed: list[removal.Removal] = []
    seen: list[Transaction] = []
    for n, (op, rows, pick) in enumerate(ops):
        live = store.transactions.all(case_id)
        if op == "add" or not live:
            store.transactions.add_many([_tx(case_id, row, n) for row in rows])
        elif op == "update":
            old = live[pick % len(live)]
            store.transactions.update(dataclasses.replace(_tx(case_id, rows[0], n), id=old.id, time=old.time,
                                                          amount=old.amount))
        elif op == "remove":
            removed.append(removal.remove_transactions(store, [tx.id for tx in live[pick % len(live):][:2]]))
        elif op == "restore" and removed:
            removal.restore(store, removed.pop(pick % len(removed)))
        elif op == "index":
            store.transactions.index_pending()
        elif op == "delete":
            store.transactions.delete(live[pick % len(live)].id)
        live = store.transactions.all(case_id)
        seen += live
        for needle in _needles(seen, [])[:8]:
            got = {tx.id for tx in store.transactions.page(case_id, text=needle, limit=1000)}
            assert got == {tx.id for tx in live if _promised(tx, needle)}, (n, op, needle)


def test_many_matching_statuses_are_passed_as_one_parameter(store: Store) -> None:
    case_id = store.cases.add(Case(0, "labels")).id
    store.transactions.add_many([Transaction(0, case_id, datetime(2024, 1, 1, tzinfo=UTC), Decimal(i + 1), "CNY",
                                             status=f"Échec-{i:04d}") for i in range(520)])
    assert store.transactions.count(case_id, text="échec-0") == 520  # more than are listed one by one
    assert store.transactions.count(case_id, text="ÉCHEC-05") == 20


def test_rows_put_back_by_an_undo_are_found_again(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from walletcare.evidence.transactions import manager

    case_id = store.cases.add(Case(0, "undo")).id
    first = store.transactions.add(_tx(case_id, {"counterparty": "甲商户", "description": "", "note": "",
                                                 "status": "待收货", "channel": "", "refs": ["ORD-77"]}, 1))
    monkeypatch.setattr(manager, "EAGER_INDEX_ROWS", 0)
    later = store.transactions.add(_tx(case_id, {"counterparty": "乙商户", "description": "", "note": "",
                                                 "status": "", "channel": "", "refs": ["ORD-78"]}, 2))
    # the first was indexed when added, the second waits for a search; both are removed and put back
    removal.restore(store, removal.remove_transactions(store, [first.id, later.id]))
    for needle, expected in (("甲商户", first.id), ("待收货", first.id), ("ord-77", first.id),
                             ("乙商户", later.id), ("ORD-78", later.id)):
        assert [t.id for t in store.transactions.page(case_id, text=needle)] == [expected], needle
