"""The hash-chained audit trail: every change is recorded; edits, deletions and truncation are detected."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from walletcare.evidence.models import Case, Transaction
from walletcare.evidence.store import Store

CN = timezone(timedelta(hours=8))


def _fill(store: Store) -> Case:
    case = store.cases.add(Case(0, "审计"))
    store.transactions.add_many(
        Transaction(0, case.id, datetime(2024, 1, 1, tzinfo=CN) + timedelta(hours=i), Decimal("1.00"), "CNY")
        for i in range(20))
    ev, _dup = store.evidence.add(case.id, b"%PDF-1.7 receipt", "r.pdf", caption="旧说明")
    store.evidence.update(dataclasses.replace(ev, caption="新说明"))
    return case


def test_every_change_is_recorded_and_chain_verifies(store: Store) -> None:
    case = _fill(store)
    entries = store.audit.entries()
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    assert entries[0].object == "vault"
    assert any(e.object.startswith("transactions:") for e in entries)
    update = [e for e in store.audit.entries(case_id=case.id) if e.action == "update"][-1]
    assert "旧说明" in update.detail  # the old caption stays in the trail
    for prev, entry in zip(entries, entries[1:], strict=False):
        assert entry.prev_hash == prev.hash
    assert store.audit.verify() == (True, len(entries), [])
    assert store.audit.head() == entries[-1]


def test_edited_entry_is_detected(store: Store) -> None:
    _fill(store)
    store.conn.execute("UPDATE audit SET detail = '{}' WHERE seq = 3")
    intact, count, problems = store.audit.verify()
    assert not intact and count > 3
    assert any("3" in p for p in problems)


def test_deleted_entry_is_detected(store: Store) -> None:
    _fill(store)
    store.conn.execute("DELETE FROM audit WHERE seq = 2")
    intact, _count, problems = store.audit.verify()
    assert not intact and problems


def test_rewritten_entry_with_fixed_hash_still_breaks_the_chain(store: Store) -> None:
    from walletcare.evidence.audit import entry_hash

    _fill(store)
    seq, at, action, obj, case_id, digest, _detail, prev = store.conn.execute(
        "SELECT seq, at, action, object, case_id, digest, detail, prev_hash FROM audit WHERE seq = 2").fetchone()
    forged = entry_hash(seq, at, action, obj, case_id, digest, "forged", prev)
    store.conn.execute("UPDATE audit SET detail = 'forged', hash = ? WHERE seq = 2", (forged,))
    intact, _count, problems = store.audit.verify()
    assert not intact and problems


def test_removing_the_tail_is_detected(store: Store) -> None:
    _fill(store)
    last = store.audit.head()
    assert last is not None
    store.conn.execute("DELETE FROM audit WHERE seq = ?", (last.seq,))
    intact, _count, problems = store.audit.verify()
    assert not intact and problems
