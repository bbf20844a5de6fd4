"""The link picker's search: order numbers, amounts (either sign, exact decimals) and days in a case."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from walletcare.evidence import picker
from walletcare.evidence.models import Case, Reference, Transaction
from walletcare.evidence.store import Store

TZ = timezone(timedelta(hours=8))


def test_query_forms() -> None:
    assert picker.amount_of("1,299.50") == Decimal("1299.50") and picker.amount_of("-5") == Decimal("5")
    assert picker.amount_of("2024-05-01") is None and picker.amount_of("淘宝") is None
    assert picker.day_of("2024/5/1") == picker.day_of("2024年5月1日") == date(2024, 5, 1)
    assert picker.day_of("2024-13-01") is None and picker.day_of("88.80") is None


def test_find_to_link(store: Store, case: Case) -> None:
    rows = [Transaction(id=0, case_id=case.id, time=datetime(2024, 5, 1, 12, tzinfo=TZ) + timedelta(days=i),
                        amount=Decimal(f"{i}.80") * (-1 if i % 2 else 1), currency="CNY", counterparty=f"店{i}",
                        references=(Reference("trade_no", f"T{i:05d}"),)) for i in range(300)]
    ids = store.transactions.add_many(rows)
    assert [t.id for t in picker.find_to_link(store, case.id, "T00123")] == [ids[123]]
    assert [t.id for t in picker.find_to_link(store, case.id, "123.80")] == [ids[123]]  # stored as -123.80
    local_day = rows[10].time.astimezone().date()
    assert ids[10] in [t.id for t in picker.find_to_link(store, case.id, local_day.isoformat())]
    assert len(picker.find_to_link(store, case.id, "")) == picker.LIMIT
    assert picker.find_to_link(store, case.id, "")[0].id == ids[-1]  # newest first
    assert [t.id for t in picker.linked(store, (ids[5], 999_999, ids[2]))] == [ids[5], ids[2]]
