"""The plan over a real vault: the Alipay 199.00 CNY case, submissions with a receipt, follow-ups, ``due``."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from walletcare.errors import UsageError
from walletcare.evidence.models import Case, Contact, Party, Transaction
from walletcare.evidence.plan import build_plan, due, record_submission
from walletcare.evidence.store import Store

CST = timezone(timedelta(hours=8))


def png() -> bytes:
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (40, 30), (20, 120, 200)).save(out, "PNG")
    return out.getvalue()


def alipay_case(store: Store) -> Case:
    case = store.cases.add(Case(id=0, title="游戏充值未到账", provider="支付宝", amount=Decimal("199.00"), currency="CNY",
                                classification="not_received", claimant=Party(name="王小明", phone="13800000000")))
    store.transactions.add(Transaction(id=0, case_id=case.id, time=datetime(2026, 9, 20, 14, 3, tzinfo=CST),
                                       amount=Decimal("199.00"), currency="CNY", counterparty="某游戏公司",
                                       description="游戏点券"))
    return case


def test_alipay_plan_next_submit_and_the_next_rung_opens(store: Store, tmp_path: Path) -> None:
    case = alipay_case(store)
    plan = build_plan(store, case.id, date(2026, 9, 28), "en")
    ids = [r.id for r in plan.rungs]
    assert ids == ["alipay.platform", "alipay.merchant", "alipay.12315"]
    assert plan.next is not None and plan.next.id == "alipay.platform"
    assert {r.id: r.status for r in plan.rungs} == {"alipay.platform": "open", "alipay.merchant": "waiting",
                                                   "alipay.12315": "waiting"}
    r12315 = plan.rungs[2]
    assert r12315.closes == date(2029, 9, 20) and r12315.hard_close and r12315.as_of == date(2026, 11, 30)
    assert any("recover" in w for w in plan.warnings)
    receipt = tmp_path / "receipt.png"
    data = png()
    receipt.write_bytes(data)
    sub = record_submission(store, case.id, "alipay.platform", "TS-0001", datetime(2026, 9, 28, 10, 0, tzinfo=CST),
                            receipt)
    assert sub.evidence_id is not None and store.evidence.get(sub.evidence_id).size == len(data)
    plan = build_plan(store, case.id, date(2026, 9, 28), "en")
    statuses = {r.id: r.status for r in plan.rungs}
    assert statuses["alipay.platform"] == "done" and statuses["alipay.merchant"] == "open"
    assert plan.next is not None and plan.next.id == "alipay.merchant"
    assert plan.next.opens == date(2026, 9, 28)  # the next clock starts at the submission
    record_submission(store, case.id, "alipay.merchant", "M-77", datetime(2026, 9, 28, 11, 0, tzinfo=CST))
    plan = build_plan(store, case.id, date(2026, 9, 29), "en")
    assert plan.next is not None and plan.next.id == "alipay.12315"
    record_submission(store, case.id, "alipay.12315", "12315-2026-1", datetime(2026, 9, 28, 16, 0, tzinfo=CST))
    plan = build_plan(store, case.id, date(2026, 10, 14), "en")
    replies = [f for f in plan.followups if f.kind == "reply"]
    # 7 working days from Monday 28 September 2026: 29, 30 Sep, 8, 9, 10 (make-up Saturday), 12, 13 Oct
    assert replies and replies[0].due == date(2026, 10, 13) and replies[0].overdue
    actions = [e.action for e in store.audit.entries(case.id)]
    assert actions.count("submission") == 3


def test_missing_items_name_where_to_enter_them(store: Store) -> None:
    case = alipay_case(store)
    plan = build_plan(store, case.id, date(2026, 9, 28), "en")
    r12315 = next(r for r in plan.rungs if r.channel == "12315")
    missing = {m.field for m in r12315.missing}
    assert {"claimant.address", "respondent.address"} <= missing
    assert "claimant.name" not in missing and "payment.amount" not in missing
    assert dict(r12315.copy_sheet)["Your name"] == "王小明"
    assert dict(r12315.copy_sheet)["Date of the payment"] == "2026-09-20"


def test_a_promise_becomes_a_dated_follow_up_and_due_lists_it(store: Store) -> None:
    case = alipay_case(store)
    store.contacts.add(Contact(id=0, case_id=case.id, kind="call", at=datetime(2026, 9, 29, 9, 0, tzinfo=CST),
                               summary="客服说会处理", promised="3个工作日内退款"))
    plan = build_plan(store, case.id, date(2026, 10, 12), "en")
    promise = next(f for f in plan.followups if f.kind == "promise")
    assert promise.due == date(2026, 10, 9) and promise.overdue  # 30 Sep, 8 Oct, 9 Oct
    items = due(store, date(2026, 10, 12), days=7, lang="en")
    assert [i.kind for i in items] == ["followup"] and items[0].overdue and items[0].case_id == case.id
    kept = store.contacts.list(case.id)[0]
    from dataclasses import replace
    store.contacts.update(replace(kept, promise_kept=True))
    assert not [f for f in build_plan(store, case.id, date(2026, 10, 12), "en").followups if f.overdue]


def test_a_rung_not_in_the_plan_is_refused(store: Store) -> None:
    case = alipay_case(store)
    with pytest.raises(UsageError):
        record_submission(store, case.id, "paypal.claim", "X", datetime(2026, 9, 28, tzinfo=CST))
    assert not [e for e in store.audit.entries(case.id) if e.action == "submission"]


def test_due_across_cases(store: Store) -> None:
    est = timezone(timedelta(hours=-5))
    alipay = alipay_case(store)
    store.contacts.add(Contact(id=0, case_id=alipay.id, kind="call", at=datetime(2026, 9, 29, 9, 0, tzinfo=CST),
                               summary="客服", promised="3个工作日内退款"))
    paypal = store.cases.add(Case(id=0, title="Headphones never came", provider="PayPal", amount=Decimal("80.00"),
                                  currency="USD", classification="not_received"))
    store.transactions.add(Transaction(id=0, case_id=paypal.id, time=datetime(2026, 4, 20, 12, 0, tzinfo=est),
                                       amount=Decimal("80.00"), currency="USD"))
    done = store.cases.add(Case(id=0, title="Settled", provider="PayPal", amount=Decimal("5"), currency="USD",
                                status="resolved"))
    store.transactions.add(Transaction(id=0, case_id=done.id, time=datetime(2026, 4, 20, 12, 0, tzinfo=est),
                                       amount=Decimal("5"), currency="USD"))
    items = due(store, date(2026, 10, 12), days=7, lang="en")
    assert [(i.case_id, i.kind, i.id, i.due, i.overdue) for i in items] == [
        (alipay.id, "followup", f"contact:{store.contacts.list(alipay.id)[0].id}", date(2026, 10, 9), True),
        (paypal.id, "rung", "paypal.dispute", date(2026, 10, 17), False),
    ]
    assert items[1].days_left == 5 and items[1].text == "Open a PayPal dispute"
    assert due(store, date(2026, 10, 12), days=2, lang="en")[-1].case_id == alipay.id  # the dispute is 5 days off


def test_a_damaged_or_missing_receipt_records_nothing(store: Store, tmp_path: Path) -> None:
    from walletcare.errors import InvalidInput

    case = alipay_case(store)
    broken = tmp_path / "receipt.png"
    broken.write_bytes(png()[:60])
    at = datetime(2026, 9, 28, 10, 0, tzinfo=CST)
    for receipt in (broken, tmp_path / "missing.png"):
        with pytest.raises(InvalidInput):
            record_submission(store, case.id, "alipay.platform", "TS-1", at, receipt)
    assert store.evidence.list(case.id) == []
    assert build_plan(store, case.id, date(2026, 9, 28), "en").rungs[0].submission is None
    pasted = record_submission(store, case.id, "alipay.platform", "TS-1", at, receipt_data=png(),
                               receipt_name="clipboard.png")
    item = store.evidence.get(pasted.evidence_id or 0)
    assert item.file_name == "clipboard.png" and "TS-1" in item.caption


def test_urgent_steps_stay_due_today_until_recorded(store: Store) -> None:
    case = store.cases.add(Case(id=0, title="TokenPocket 錢包被盜", provider="TokenPocket", kind="crypto",
                                amount=Decimal("3200"), currency="USDT", classification="被盜"))
    store.transactions.add(Transaction(id=0, case_id=case.id, time=datetime(2026, 12, 6, 8, 0, tzinfo=CST),
                                       amount=Decimal("3200"), currency="USDT", counterparty="T" + "x" * 33))
    today = date(2026, 12, 6)
    items = {i.id: i for i in due(store, today, 7, "zh-TW") if i.case_id == case.id}
    assert {"crypto.police", "crypto.exchange"} <= set(items)  # "at once" steps, though they have no date
    assert items["crypto.police"].due == today and items["crypto.police"].days_left == 0
    assert not items["crypto.police"].overdue and items["crypto.police"].text == "立即報警"
    assert "crypto.report" not in items  # not urgent: no reminder
    ordered = [i.id for i in due(store, today, 7, "zh-TW") if i.case_id == case.id]
    assert ordered.index("crypto.police") < ordered.index("crypto.exchange")  # in the plan's order
    record_submission(store, case.id, "crypto.police", "165-2026-001", datetime(2026, 12, 6, 10, 0, tzinfo=CST))
    left = {i.id for i in due(store, today, 7, "zh-TW") if i.case_id == case.id}
    assert "crypto.police" not in left and "crypto.exchange" in left
