"""Facts found in read text and the suggestions made from them (real vault; readings stored as OCR stores them)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from walletcare.errors import UsageError
from walletcare.evidence.facts import find_facts
from walletcare.evidence.models import Case, Reference, Transaction
from walletcare.evidence.ocr import OcrLine, OcrResult
from walletcare.evidence.store import Store

CST = timezone(timedelta(hours=8))
HASH = "0x" + "3f" * 32
TEXT = ("微信支付客服\n订单号：4200001234567890123456789012\n金额：￥1,288.00\n交易哈希：\n" + HASH[:34] + "\n"
        + HASH[34:] + "\n工单号：T20261121-0042\n2026-11-2110:05\n客服电话 95017\n收款地址 0x"
        + "ab" * 20 + "\n手机 13812345678")


def test_finds_every_kind_of_fact_in_read_text() -> None:
    facts = {(f.kind, f.value) for f in find_facts(TEXT.replace(HASH[:34] + "\n", HASH[:34]))}
    assert facts >= {("order_no", "4200001234567890123456789012"), ("amount", "1288.00 CNY"),
                     ("tx_hash", HASH), ("ticket", "T20261121-0042"), ("datetime", "2026-11-21 10:05"),
                     ("phone", "95017"), ("phone", "13812345678"), ("address", "0x" + "ab" * 20)}
    assert not any(kind == "order_no" and value in HASH for kind, value in facts)  # a hash is not an order number


def _read(store: Store, case: Case, text: str) -> int:
    import io

    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (40, 80), "white").save(png, "PNG")
    item, _dup = store.evidence.add(case.id, png.getvalue(), "shot.png")
    lines = tuple(OcrLine(t, 0.99, ((0, 0), (1, 0), (1, 1), (0, 1))) for t in text.splitlines())
    store.readings.save(item.id, OcrResult(lines, 1, "test", "test"))
    return item.id


def test_a_link_is_applied_only_when_accepted(store: Store, case: Case) -> None:
    paid = store.transactions.add(Transaction(
        id=0, case_id=case.id, time=datetime(2026, 11, 21, 9, 0, tzinfo=CST), amount=Decimal("1288.00"),
        currency="CNY", references=(Reference("trade_no", "4200001234567890123456789012"),)))
    other = store.transactions.add(Transaction(id=0, case_id=case.id, time=datetime(2026, 11, 1, tzinfo=CST),
                                               amount=Decimal("1288.00"), currency="CNY"))
    item = _read(store, case, TEXT)
    suggestions = store.suggestions.list(case.id)
    links = [s for s in suggestions if s.transaction_id is not None]
    assert {(s.fact.kind, s.transaction_id) for s in links} == {("order_no", paid.id), ("amount", paid.id)}
    assert other.id not in {s.transaction_id for s in links}  # same amount, another day
    assert store.evidence.get(item).linked_transactions == ()  # nothing linked silently
    assert store.evidence.get(item).tags == ()
    assert [s.id for s in store.suggestions.list(case.id)] == [s.id for s in suggestions]  # stable ids
    order = next(s for s in links if s.fact.kind == "order_no")
    store.suggestions.accept(case.id, order.id)
    assert store.evidence.get(item).linked_transactions == (paid.id,)
    assert all(s.transaction_id != paid.id for s in store.suggestions.list(case.id))
    ticket = next(s for s in suggestions if s.fact.kind == "ticket")
    store.suggestions.accept(case.id, ticket.id)
    assert store.evidence.get(item).tags == ("ticket:T20261121-0042",)
    assert ("evidence", item) in store.search_private("T20261121-0042")
    with pytest.raises(UsageError):
        store.suggestions.accept(case.id, ticket.id)  # applied already


def test_a_dismissed_suggestion_is_not_offered_again_and_changes_nothing(store: Store, case: Case) -> None:
    item = _read(store, case, TEXT)
    before = store.suggestions.list(case.id)
    ticket = next(s for s in before if s.fact.kind == "ticket")
    audit_before = len(store.audit.list()) if hasattr(store.audit, "list") else None
    store.suggestions.dismiss(case.id, ticket.id)
    after = store.suggestions.list(case.id)
    assert [s.id for s in after] == [s.id for s in before if s.id != ticket.id]
    assert store.evidence.get(item).tags == () and store.evidence.get(item).linked_transactions == ()
    if audit_before is not None:
        assert len(store.audit.list()) == audit_before + 1
    with pytest.raises(UsageError):
        store.suggestions.dismiss(case.id, ticket.id)
    with pytest.raises(UsageError):
        store.suggestions.accept(case.id, ticket.id)


def test_hit_boxes_cover_the_words_of_each_match() -> None:
    from walletcare.evidence.readings import hit_boxes

    words = (("工", (10, 10, 30, 40)), ("单", (30, 10, 50, 40)), ("号", (50, 10, 70, 40)), ("T998877", (80, 10, 200, 40)))
    line = OcrLine("工单号 T998877", 0.99, ((10, 10), (200, 10), (200, 40), (10, 40)), 0, words)
    plain = OcrLine("t998877 again", 0.9, ((5, 100), (150, 100), (150, 130), (5, 130)), 1)
    assert hit_boxes((line, plain), "t99 8877") == [(0, (80, 10, 200, 40)), (1, (5, 100, 150, 130))]
    assert hit_boxes((line,), "单号T99") == [(0, (30, 10, 200, 40))]
    assert hit_boxes((line,), "missing") == [] and hit_boxes((line,), "  ") == []
