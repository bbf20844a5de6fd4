"""Removing what was added by mistake (transactions, an evidence item, a case, one import) and putting it back:
the audit trail keeps each removed item's SHA-256 and stays intact, links survive an undo, and the copies kept
for the undo live only in the connection's memory."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from walletcare.evidence import removal
from walletcare.evidence.importers.pipeline import import_file
from walletcare.evidence.models import Case, Contact, Transaction
from walletcare.evidence.store import Store
from walletcare.evidence.vault import Vault

TZ = timezone(timedelta(hours=8))
SAMPLE = Path(__file__).parents[3].parent / "shared" / "samples" / "alipay" / "dsg_alipay_legacy_web_fmt.csv"


def _tx(case_id: int, n: int, **extra: object) -> Transaction:
    return Transaction(id=0, case_id=case_id, time=datetime(2024, 5, 1, 10, n, tzinfo=TZ), amount=Decimal(f"{n}.50"),
                       currency="CNY", counterparty=f"商户{n}", **extra)  # type: ignore[arg-type]


def _snapshot(store: Store, case_id: int) -> tuple[object, ...]:
    return (store.transactions.all(case_id), store.evidence.list(case_id), store.contacts.list(case_id),
            store.search_private("商户", case_id))


def test_remove_transactions_in_one_step_and_undo_keeps_ids_and_links(store: Store, case: Case) -> None:
    ids = [store.transactions.add(_tx(case.id, n)).id for n in range(4)]
    refund = store.transactions.add(_tx(case.id, 9, refund_of=ids[1]))
    shot, _dup = store.evidence.add(case.id, b"screenshot bytes", "shot.txt", linked_transactions=[ids[1], ids[3]])
    before = _snapshot(store, case.id)
    done = removal.remove_transactions(store, [ids[1], ids[2]])
    assert (done.transactions, done.undoable) == (2, True)
    assert [t.id for t in store.transactions.all(case.id)] == [ids[0], ids[3], refund.id]
    assert store.evidence.get(shot.id).linked_transactions == (ids[3],)
    assert store.transactions.get(refund.id).refund_of == ids[1]  # the body keeps it; the column was cleared
    assert removal.restore(store, done) == 2
    assert _snapshot(store, case.id) == before
    assert store.evidence.get(shot.id).linked_transactions == (ids[1], ids[3])
    assert store.conn.execute("SELECT refund_of FROM transactions WHERE id = ?", (refund.id,)).fetchone()[0] == ids[1]
    assert [t.id for t in store.transactions.page(case.id, text="商户2")] == [ids[2]]  # back in the text index
    entries = store.audit.entries(case.id)
    deleted = [e for e in entries if e.action == "delete"]
    assert [e.object for e in deleted] == [f"transaction:{ids[1]}", f"transaction:{ids[2]}"]
    assert entries[-1].action == "restore"
    assert store.audit.verify()[0]
    with pytest.raises(removal.UndoNotPossible):
        removal.restore(store, done)  # once only


def test_remove_evidence_records_its_sha256_and_undo_restores_bytes(store: Store, case: Case) -> None:
    data = b"\x89PNG not really, but kept as received"
    item, _dup = store.evidence.add(case.id, data, "receipt.bin", caption="付款截图")
    done = removal.remove_evidence(store, item.id)
    assert store.evidence.list(case.id) == []
    entry = store.audit.entries(case.id)[-1]
    assert (entry.action, entry.object, entry.digest) == ("delete", f"evidence:{item.id}", hashlib.sha256(data).hexdigest())
    removal.restore(store, done)
    assert store.evidence.data(item.id) == data
    assert store.evidence.get(item.id) == item
    assert [a for a, _i in store.search_private("付款截图", case.id)] == ["evidence"]
    assert store.audit.verify()[0]


def test_remove_case_and_undo(store: Store, case: Case) -> None:
    tx = store.transactions.add(_tx(case.id, 1))
    store.contacts.add(Contact(id=0, case_id=case.id, kind="call", at=datetime(2024, 5, 2, 9, 0, tzinfo=TZ),
                               summary="客服说三天内回复"))
    item, _dup = store.evidence.add(case.id, b"file", "a.txt", linked_transactions=[tx.id])
    before = (store.cases.get(case.id), *_snapshot(store, case.id))
    done = removal.remove_case(store, case.id)
    assert (done.transactions, done.evidence, done.contacts) == (1, 1, 1)
    assert not store.cases.exists(case.id)
    assert store.search_private("客服", None) == []
    entry = store.audit.entries(case.id)[-1]
    assert entry.object == f"case:{case.id}" and hashlib.sha256(b"file").hexdigest() in entry.detail
    removal.restore(store, done)
    assert (store.cases.get(case.id), *_snapshot(store, case.id)) == before
    assert store.search_private("客服", None) != []
    assert store.audit.verify()[0]


def test_undo_import_removes_exactly_its_rows_and_file(store: Store, case: Case) -> None:
    typed = store.transactions.add(_tx(case.id, 1))
    result = import_file(store, case.id, SAMPLE)
    assert result.added == 6
    [info] = removal.list_imports(store, case.id)
    assert (info.id, info.rows, info.file_name) == (result.evidence_id, 6, SAMPLE.name)
    assert info.format.startswith("alipay")
    done = removal.undo_import(store, info.id)
    assert [t.id for t in store.transactions.all(case.id)] == [typed.id]
    assert removal.list_imports(store, case.id) == []
    entry = store.audit.entries(case.id)[-1]
    assert (entry.object, entry.digest) == (f"import:{info.id}", hashlib.sha256(SAMPLE.read_bytes()).hexdigest())
    removal.restore(store, done)
    assert removal.list_imports(store, case.id) == [info]
    assert store.audit.verify()[0]


def test_undo_refused_when_the_rows_came_back_another_way(store: Store, case: Case) -> None:
    result = import_file(store, case.id, SAMPLE)
    done = removal.undo_import(store, result.evidence_id)
    import_file(store, case.id, SAMPLE)  # imported again: the same file and rows are back with new ids
    with pytest.raises(removal.UndoNotPossible):
        removal.restore(store, done)
    assert len(store.transactions.all(case.id)) == 6


def test_undo_is_gone_after_lock_and_nothing_reaches_the_disk(vault: Vault, store: Store, case: Case) -> None:
    store.evidence.add(case.id, b"secret screenshot words", "s.txt")
    done = removal.remove_case(store, case.id)
    assert store.conn.execute("PRAGMA temp_store").fetchone()[0] == 2  # MEMORY: the copies never touch a file
    vault.lock()
    from tests.unit.evidence.conftest import passphrase

    vault.unlock(passphrase())
    with pytest.raises(removal.UndoNotPossible):
        removal.restore(vault.store, done)


def test_not_undoable_beyond_the_limit(store: Store, case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    item, _dup = store.evidence.add(case.id, b"x" * 2048, "big.bin")
    monkeypatch.setattr(removal, "UNDO_MAX_BYTES", 1024)
    done = removal.remove_evidence(store, item.id)
    assert not done.undoable and done.stashed == ()
    with pytest.raises(removal.UndoNotPossible):
        removal.restore(store, done)


def test_cancel_leaves_everything_and_progress_is_reported(store: Store, case: Case) -> None:
    import threading

    from walletcare.errors import Cancelled
    from walletcare.evidence.transactions import BATCH

    rows = [_tx(case.id, n % 60) for n in range(BATCH + 10)]
    ids = store.transactions.add_many(rows)
    seen: list[tuple[int, int]] = []
    flag = threading.Event()

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        flag.set()  # cancel after the first chunk

    entries = len(store.audit.entries())
    with pytest.raises(Cancelled):
        removal.remove_case(store, case.id, progress=progress, cancel=flag)
    assert seen == [(BATCH, BATCH + 10)]
    assert sorted(t.id for t in store.transactions.all(case.id)) == ids and len(store.audit.entries()) == entries
    assert store.conn.execute("SELECT count(*) FROM temp.sqlite_master").fetchone()[0] == 0  # no copies kept
    seen.clear()
    done = removal.remove_case(store, case.id, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (BATCH + 10, BATCH + 10) and done.transactions == BATCH + 10
