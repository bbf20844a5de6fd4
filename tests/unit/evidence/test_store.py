"""The storage facade on a real SQLCipher vault: records, pages, bulk inserts, notifications, search."""

from __future__ import annotations

import dataclasses
import json
import threading
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from walletcare.errors import Cancelled, Refused, UsageError
from walletcare.evidence.models import Case, Contact, Deadline, Party, Reference, Transaction
from walletcare.evidence.store import Store

CN = timezone(timedelta(hours=8))
T0 = datetime(2024, 3, 1, 9, 30, tzinfo=CN)


def _tx(case_id: int, i: int, **kw: object) -> Transaction:
    base = dict(id=0, case_id=case_id, time=T0 + timedelta(minutes=i), amount=Decimal(i) / 100, currency="CNY",
                counterparty=f"商户{i % 7}", status=("交易成功", "退款成功")[i % 2], dedup_key=f"k{i}")
    base.update(kw)
    return Transaction(**base)  # type: ignore[arg-type]


def test_case_round_trip_update_delete(store: Store) -> None:
    case = Case(id=0, title="PayPal 退款", provider="PayPal", kind="payment", amount=Decimal("12.30"), currency="USD",
                opened=date(2024, 3, 1), deadlines=(Deadline(date(2024, 4, 1), "reply"),),
                claimant=Party(name="王小明", phone="13800000000"), tags=("急",))
    stored = store.cases.add(case)
    assert stored.id > 0 and stored.created_at is not None
    assert store.cases.get(stored.id) == stored
    changed = store.cases.update(dataclasses.replace(stored, status="escalated", description="已投诉"))
    assert store.cases.get(stored.id).status == "escalated"
    assert changed.created_at == stored.created_at
    assert [c.id for c in store.cases.list()] == [stored.id]
    store.cases.delete(stored.id)
    assert store.cases.list() == []
    with pytest.raises(UsageError):
        store.cases.get(stored.id)
    actions = [(e.action, e.object) for e in store.audit.entries(case_id=stored.id)]
    assert actions == [("create", f"case:{stored.id}"), ("update", f"case:{stored.id}"), ("delete", f"case:{stored.id}")]
    assert '"status":"open"' in store.audit.entries(case_id=stored.id)[1].detail


def test_invalid_case_values_are_refused(store: Store) -> None:
    with pytest.raises(UsageError):
        store.cases.add(Case(id=0, title=" "))
    with pytest.raises(UsageError):
        store.cases.add(Case(id=0, title="x", kind="lottery"))


def test_transaction_round_trip_and_refund_link(store: Store, case: Case) -> None:
    tx = store.transactions.add(_tx(case.id, 1, references=(Reference("trade_no", "2024030122001"),),
                                    fee=Decimal("0.01"), extra=(("备注", "x"),)))
    assert store.transactions.get(tx.id) == tx
    refund = store.transactions.add(_tx(case.id, 2, direction="in"))
    linked = store.transactions.link_refund(refund.id, tx.id)
    assert linked.refund_of == tx.id
    store.transactions.delete(tx.id)
    assert store.transactions.get(refund.id).refund_of == tx.id  # body keeps the link; column cleared by FK
    with pytest.raises(UsageError):
        store.transactions.get(tx.id)


def test_naive_time_is_refused(store: Store, case: Case) -> None:
    with pytest.raises(UsageError):
        store.transactions.add(_tx(case.id, 1, time=datetime(2024, 1, 1, 12, 0)))


def test_transaction_for_missing_case_is_refused(store: Store) -> None:
    with pytest.raises(UsageError):
        store.transactions.add(_tx(999, 1))


def test_pages_filters_and_counts(store: Store, case: Case) -> None:
    ids = store.transactions.add_many(_tx(case.id, i) for i in range(1000))
    assert len(ids) == 1000 and ids == sorted(ids)
    first = store.transactions.page(case.id, limit=10)
    assert [t.amount for t in first] == [Decimal(i) / 100 for i in range(10)]
    by_amount = store.transactions.page(case.id, sort="amount", descending=True, limit=3)
    assert [t.amount for t in by_amount] == [Decimal("9.99"), Decimal("9.98"), Decimal("9.97")]
    assert store.transactions.count(case.id, status="退款成功") == 500
    refunds = store.transactions.page(case.id, status="退款成功", offset=490, limit=20)
    assert len(refunds) == 10 and all(t.status == "退款成功" for t in refunds)
    assert store.transactions.count(case.id, text="商户3") == len([i for i in range(1000) if i % 7 == 3])
    assert store.transactions.count(case.id, text="户3") == store.transactions.count(case.id, text="商户3")
    assert store.transactions.count(case.id, currency="USD") == 0
    assert store.transactions.dedup_keys(case.id) == {f"k{i}" for i in range(1000)}
    assert len(store.transactions.all(case.id)) == 1000
    with pytest.raises(UsageError):
        store.transactions.page(case.id, sort="colour")


def test_add_many_reports_progress_and_cancels_cleanly(store: Store, case: Case) -> None:
    calls: list[tuple[int, int]] = []
    store.transactions.add_many((_tx(case.id, i) for i in range(12000)), progress=lambda d, t: calls.append((d, t)))
    assert calls[-1] == (12000, 12000) and len(calls) < 10
    flag = threading.Event()

    def progress(done: int, total: int) -> None:
        flag.set()

    with pytest.raises(Cancelled):
        store.transactions.add_many((_tx(case.id, i) for i in range(12000)), progress=progress, cancel=flag)
    assert store.transactions.count(case.id) == 12000
    assert store.audit.verify()[0]


def _indexes(store: Store) -> set[str]:
    rows = store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'transactions'")
    return {str(r[0]) for r in rows}


def test_bulk_insert_defers_the_amount_and_status_indexes(store: Store, case: Case,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from walletcare.evidence import transactions

    lazy = set(transactions.LAZY_INDEXES)
    store.transactions.page(case.id, sort="amount")
    store.transactions.count(case.id, status="交易成功")
    assert lazy <= _indexes(store)
    monkeypatch.setattr(transactions.manager, "BULK_ROWS", 50)
    with pytest.raises(RuntimeError), store.transaction():  # noqa: PT012 - the raise inside rolls the block back
        store.transactions.add_many(_tx(case.id, i) for i in range(60))
        assert not lazy & _indexes(store)
        raise RuntimeError("rolled back")
    assert lazy <= _indexes(store)  # the rollback brings them back
    store.transactions.add_many(_tx(case.id, i) for i in range(49))
    assert lazy <= _indexes(store)  # a small insert keeps them
    store.transactions.add_many(_tx(case.id, i) for i in range(49, 110))
    assert not lazy & _indexes(store)
    by_amount = store.transactions.page(case.id, sort="amount", descending=True, limit=3)
    assert [t.amount for t in by_amount] == [Decimal("1.09"), Decimal("1.08"), Decimal("1.07")]
    assert "tx_case_amount" in _indexes(store) and "tx_case_status" not in _indexes(store)
    assert store.transactions.count(case.id, status="退款成功") == 55
    assert lazy <= _indexes(store)
    plan = " ".join(str(r) for r in store.conn.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM transactions WHERE case_id = ? ORDER BY amount, id LIMIT 5", (case.id,)))
    assert "tx_case_amount" in plan


def _add_then_fail_half_way(store: Store, case_id: int) -> None:
    """Adds three rows, then a block without savepoint changes them and fails; the error is caught."""
    store.transactions.add_many(_tx(case_id, i) for i in range(3))
    try:
        with store.transaction(savepoint=False):
            store.conn.execute("UPDATE transactions SET note = 'half done' WHERE case_id = ?", (case_id,))
            raise RuntimeError("failed half-way")
    except RuntimeError:
        pass


def test_a_failed_block_without_savepoint_undoes_the_whole_transaction(store: Store, case: Case) -> None:
    from walletcare.evidence.store import PartialWrite

    with pytest.raises(PartialWrite), store.transaction():
        _add_then_fail_half_way(store, case.id)  # caught: the enclosing block must still not commit the half-done change
    assert store.transactions.count(case.id) == 0
    with pytest.raises(RuntimeError), store.transaction():  # noqa: PT012 - the raise inside rolls the block back; not caught: an ordinary rollback
        store.transactions.add_many(_tx(case.id, i) for i in range(3))
        with store.transaction(savepoint=False):
            raise RuntimeError("failed")
    assert store.transactions.count(case.id) == 0
    with pytest.raises(PartialWrite), store.transaction():  # noqa: PT012 - the raise inside rolls the block back
        _add_then_fail_half_way(store, case.id)
        with pytest.raises(ValueError), store.transaction():  # a later block rolled back: the half-done stays
            raise ValueError("unrelated")
    assert store.transactions.count(case.id) == 0
    with store.transaction():  # the store is usable again
        store.transactions.add_many(_tx(case.id, i) for i in range(3))
        with store.transaction(savepoint=False):
            store.conn.execute("UPDATE transactions SET note = 'done' WHERE case_id = ?", (case.id,))
    assert {t.note for t in store.transactions.all(case.id)} == {"done"}


def test_link_refunds_in_bulk(store: Store, case: Case) -> None:
    other = store.cases.add(Case(0, "另一个案件"))
    ids = store.transactions.add_many(_tx(case.id, i, fee=Decimal("0.1") if i == 3 else None) for i in range(6))
    foreign = store.transactions.add(_tx(other.id, 99)).id
    pairs = [(ids[1], ids[0]), (ids[3], ids[2]), (ids[4], ids[4]), (ids[5], foreign), (foreign, ids[0])]
    assert store.transactions.link_refunds(case.id, pairs) == 2  # itself, another case's: left out
    got = {t.id: t for t in store.transactions.all(case.id)}
    assert [got[i].refund_of for i in ids] == [None, ids[0], None, ids[2], None, None]
    assert got[ids[3]].fee == Decimal("0.1")  # the rest of the body is kept
    assert store.transactions.get(foreign).refund_of is None
    entry = store.audit.entries()[-1]
    assert entry.action == "update" and entry.object == "refund links (2)"
    assert json.loads(entry.detail) == {"refund_of": [[ids[1], ids[0]], [ids[3], ids[2]]]}
    assert store.audit.verify()[0]
    store.transactions.delete(ids[0])
    assert store.transactions.get(ids[1]).refund_of == ids[0]  # kept in the record, as with link_refund
    from walletcare.evidence.transactions import _IDS_IN_JSON

    plan = " ".join(str(r) for r in store.conn.execute(f"EXPLAIN QUERY PLAN SELECT t.id {_IDS_IN_JSON} WHERE t.case_id = 1",
                                                     ("[1, 2]",)))
    assert "SCAN t" not in plan and "USING INTEGER PRIMARY KEY" in plan  # one lookup per id, never a table scan


def test_add_fields_fills_in_the_fields_a_dict_leaves_out_from_base(store: Store, case: Case) -> None:
    from walletcare.evidence.transactions import DEFAULTS

    base = {**DEFAULTS, "case_id": case.id, "note": "默认备注"}
    first = {"time": T0, "amount": Decimal("1.00"), "currency": "CNY", "note": "自己的备注", "dedup_key": "k1"}
    with_fee = {"time": T0, "amount": Decimal("2.00"), "currency": "CNY", "note": "", "dedup_key": "k2",
                "fee": Decimal("0.10")}  # a field the first row does not have
    without_note = {"time": T0, "amount": Decimal("3.00"), "currency": "USD", "dedup_key": "k3", "status": "ok"}
    ids = store.transactions.add_fields([first, with_fee, without_note], base=base)
    got = [store.transactions.get(i) for i in ids]
    assert [(t.amount, t.currency, t.note, t.fee, t.status) for t in got] == [
        (Decimal("1.00"), "CNY", "自己的备注", None, ""), (Decimal("2.00"), "CNY", "", Decimal("0.10"), ""),
        (Decimal("3.00"), "USD", "默认备注", None, "ok")]
    assert {t.case_id for t in got} == {case.id}


def test_held_transactions_are_checked_at_once_and_stored_later_with_their_links(store: Store, case: Case) -> None:
    from walletcare.evidence.transactions import DEFAULTS

    def fields(i: int, **kw: object) -> dict[str, object]:
        return {**DEFAULTS, **{k: v for k, v in vars(_tx(case.id, i, **kw)).items() if k != "id"}}

    with store.transaction():
        originals = store.transactions.add_many(_tx(case.id, i) for i in range(2))
        held = store.transactions.hold()
        held.add([fields(10), fields(11, fee=Decimal("0.5"))])
        with pytest.raises(Refused):  # checked when held, not when stored
            held.add([fields(12, note="abandon " * 11 + "about")])
        assert len(held) == 2 and store.transactions.count(case.id) == 2
        ids = held.store({1: originals[0]})
    got = [store.transactions.get(i) for i in ids]
    assert [t.dedup_key for t in got] == ["k10", "k11"] and [t.refund_of for t in got] == [None, originals[0]]
    assert got[1].fee == Decimal("0.5") and ids == [originals[1] + 1, originals[1] + 2]
    assert store.audit.verify()[0]
    assert store.conn.execute("SELECT count(*) FROM temp.sqlite_master WHERE name = 'held_transactions'").fetchone()[0] == 0
    with pytest.raises(RuntimeError), store.transaction():  # noqa: PT012 - the raise inside rolls the block back
        store.transactions.hold().add([fields(13)])
        raise RuntimeError("import failed")
    assert store.transactions.hold().store({}) == []  # nothing left over from the rolled-back one


def test_add_many_joins_outer_transaction(store: Store, case: Case) -> None:
    with pytest.raises(RuntimeError):  # noqa: PT012 - the raise inside rolls the block back
        with store.transaction():
            store.evidence.add(case.id, b"date,amount\n2024-01-01,1\n", "bill.csv", origin="import")
            store.transactions.add_many(_tx(case.id, i) for i in range(10))
            raise RuntimeError("importer failed")
    assert store.transactions.count(case.id) == 0
    assert store.evidence.list(case.id) == []
    with store.transaction():
        store.evidence.add(case.id, b"date,amount\n2024-01-01,1\n", "bill.csv", origin="import")
        store.transactions.add_many(_tx(case.id, i) for i in range(10))
    assert store.transactions.count(case.id) == 10 and len(store.evidence.list(case.id)) == 1


def test_nested_savepoint_rolls_back_inner_only(store: Store, case: Case) -> None:
    with store.transaction():
        store.transactions.add(_tx(case.id, 1))
        with pytest.raises(ValueError):  # noqa: PT012 - the raise inside rolls the block back
            with store.transaction():
                store.transactions.add(_tx(case.id, 2))
                raise ValueError
    assert store.transactions.count(case.id) == 1


def test_change_callbacks_fire_after_commit_only(store: Store, case: Case) -> None:
    seen: list[tuple[str, int | None]] = []
    unregister = store.on_change(lambda area, cid: seen.append((area, cid)))
    with store.transaction():
        store.transactions.add(_tx(case.id, 1))
        assert seen == []
    assert seen == [("transactions", case.id)]
    with pytest.raises(KeyError):  # noqa: PT012 - the raise inside rolls the block back
        with store.transaction():
            store.contacts.add(Contact(0, case.id, "call", T0, "打了客服电话"))
            raise KeyError
    assert seen == [("transactions", case.id)]
    unregister()
    store.transactions.add(_tx(case.id, 2))
    assert len(seen) == 1


def test_contacts(store: Store, case: Case) -> None:
    later = store.contacts.add(Contact(0, case.id, "chat", T0 + timedelta(days=1), "在线客服说三天内处理",
                                       promised="三个工作日退款", follow_up=date(2024, 3, 5)))
    earlier = store.contacts.add(Contact(0, case.id, "call", T0, "电话 95188", agent="工号 1234"))
    assert [c.id for c in store.contacts.list(case.id)] == [earlier.id, later.id]
    store.contacts.update(dataclasses.replace(later, promise_kept=False))
    assert store.contacts.get(later.id).promise_kept is False
    store.contacts.delete(earlier.id)
    assert [c.id for c in store.contacts.list(case.id)] == [later.id]


def test_private_search_finds_every_area(store: Store, case: Case) -> None:
    tx = store.transactions.add(_tx(case.id, 1, note="淘宝订单 778899"))
    contact = store.contacts.add(Contact(0, case.id, "call", T0, "客服承诺退款"))
    ev, _dup = store.evidence.add(case.id, b"%PDF-1.4 fake", "receipt.pdf", caption="银行回单")
    assert ("transaction", tx.id) in store.search_private("778899")
    assert store.search_private("承诺") == [("contact", contact.id)]
    assert store.search_private("回单", case_id=case.id) == [("evidence", ev.id)]
    assert ("case", case.id) in store.search_private("扣款未到账")
    assert store.search_private("扣款", case_id=case.id + 1) == []
    assert store.search_private("  ") == []


def test_presets(store: Store) -> None:
    store.presets.save("my bank", {"日期": "time", "金额": "amount"})
    assert store.presets.get("my bank") == {"日期": "time", "金额": "amount"}
    assert store.presets.list() == ["my bank"]
    assert store.presets.get("other") is None


SEED = "abandon ability able about above absent absorb abstract absurd abuse access accident"
KEY = "private key: 4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"


def test_texts_that_passed_the_secret_check_are_remembered_until_lock(vault: object, store: Store, case: Case) -> None:
    payee = "杭州某某网络科技有限公司（收款方）"
    store.transactions.add_many([_tx(case.id, 1, counterparty=payee), _tx(case.id, 2, counterparty=payee)])
    assert payee in store.clean_texts
    with pytest.raises(Refused):  # a remembered text never lets a secret through: the secret itself is checked
        store.transactions.add(_tx(case.id, 3, counterparty=payee, note=SEED))
    assert SEED not in store.clean_texts
    vault.lock()  # type: ignore[attr-defined]
    assert store.clean_texts == set()


@pytest.mark.parametrize("secret", [SEED, KEY])
def test_secrets_are_refused_in_every_text_field(store: Store, case: Case, secret: str) -> None:
    with pytest.raises(Refused) as info:
        store.cases.add(Case(0, "x", description=secret))
    assert "Description" in info.value.text() or "描述" in info.value.text()
    with pytest.raises(Refused):
        store.transactions.add(_tx(case.id, 1, note=secret))
    with pytest.raises(Refused):
        store.transactions.add_many([_tx(case.id, 2), _tx(case.id, 3, counterparty=secret)])
    with pytest.raises(Refused):
        store.contacts.add(Contact(0, case.id, "chat", T0, "客服让我提供 " + secret))
    with pytest.raises(Refused):
        store.evidence.add(case.id, b"hello", "a.txt", caption=secret)
    assert store.transactions.count(case.id) == 0 and store.contacts.list(case.id) == []
    assert store.evidence.list(case.id) == []


def test_full_disk_rolls_back_with_a_clear_error(store: Store, case: Case) -> None:
    from walletcare.evidence.store import DiskFull

    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages + 8}")  # the file cannot grow: SQLITE_FULL, as on a full disk
    with pytest.raises(DiskFull) as info:
        store.evidence.add(case.id, bytes(range(256)) * 2000, "big.bin")
    assert info.value.exit_code == 4
    with pytest.raises(DiskFull):
        store.transactions.add_many(_tx(case.id, i, note="x" * 200) for i in range(3000))
    store.conn.execute("PRAGMA max_page_count = 1073741823")
    assert store.evidence.list(case.id) == [] and store.transactions.count(case.id) == 0
    assert store.audit.verify()[0]
    store.transactions.add(_tx(case.id, 1))  # the store still works afterwards


def test_free_space_is_checked_before_big_writes(store: Store, case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil as shutil_module

    from walletcare.evidence.store import DiskFull

    usage = shutil_module.disk_usage(".")
    monkeypatch.setattr("walletcare.evidence.store.shutil.disk_usage",
                        lambda path: usage._replace(free=1024 * 1024))
    with pytest.raises(DiskFull):
        store.evidence.add(case.id, b"%PDF-1.4" + bytes(1024 * 1024), "statement.pdf")
    assert store.evidence.list(case.id) == []


def test_private_search_limits_transactions(store: Store, case: Case) -> None:
    store.transactions.add_many(_tx(case.id, i) for i in range(50))
    hits = store.search_private("商户", case_id=case.id, limit=10)
    assert len(hits) == 10 and all(area == "transaction" for area, _id in hits)


def test_the_seed_phrase_detector_is_active_in_the_store() -> None:
    from walletcare.evidence import store as store_module

    assert [hit[0] for hit in store_module.find_secret_kinds(SEED)] == ["seed"]
    assert [hit[0] for hit in store_module.find_secret_kinds(KEY)] == ["private_key"]
    assert store_module.find_secret_kinds("订单号 2026120612345678 已退款") == []


def test_the_store_does_not_load_without_the_seed_phrase_detector() -> None:
    """A missing detector is an import error, never a store that lets secrets through."""
    import subprocess
    import sys

    code = ("import sys; sys.modules['walletcare.secrets'] = None\n"
            "try:\n    import walletcare.evidence.store\nexcept ImportError:\n    print('refused')\n"
            "else:\n    print('loaded')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip() == "refused"
