"""The plan's .ics read back with icalendar; playbooks chosen by the problem, ticks stamped in the audit trail;
the plan_marks schema step; the recovery-scam guard."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from icalendar import Calendar

from walletcare.errors import UsageError
from walletcare.evidence import schema
from walletcare.evidence.models import Case, Transaction
from walletcare.evidence.plan import build_plan, plan_ics, playbooks, playbooks_for, record_submission, tick
from walletcare.evidence.plan.engine import plan_for
from walletcare.evidence.plan.model import Submission
from walletcare.evidence.store import Store

CST = timezone(timedelta(hours=8))


def _alipay_plan(lang: str = "en"):
    case = Case(id=7, title="t", provider="支付宝", amount=Decimal("199.00"), currency="CNY", classification="not_received")
    tx = Transaction(id=1, case_id=7, time=datetime(2026, 9, 20, 14, 3, tzinfo=CST), amount=Decimal("199.00"),
                     currency="CNY")
    subs = {"alipay.platform": Submission(7, "alipay.platform", "platform", "A-1", datetime(2026, 9, 28, 10, tzinfo=CST)),
            "alipay.merchant": Submission(7, "alipay.merchant", "merchant", "M-1", datetime(2026, 9, 28, 11, tzinfo=CST)),
            "alipay.12315": Submission(7, "alipay.12315", "12315", "S-1", datetime(2026, 9, 28, 16, tzinfo=CST))}
    done = plan_for(case, (tx,), (), subs, date(2026, 9, 29), lang)
    fresh = plan_for(case, (tx,), (), {}, date(2026, 9, 29), lang)
    return fresh, done


def test_ics_parses_back_with_dates_zone_and_reminders() -> None:
    fresh, done = _alipay_plan()
    cal = Calendar.from_ical(plan_ics(fresh, stamp=datetime(2026, 9, 29, tzinfo=UTC)))
    assert str(cal["X-WR-TIMEZONE"]) == "Asia/Shanghai"
    events = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}
    last = events["Last day: 12315 complaint (market regulator)"]
    start = last.decoded("DTSTART")
    assert start == date(2029, 9, 20) and not isinstance(start, datetime)
    assert last.decoded("DTEND") == date(2029, 9, 21)
    alarms = last.walk("VALARM")
    assert len(alarms) == 1 and alarms[0].decoded("TRIGGER") == timedelta(days=-1)
    assert "as of 2026-11-30" in str(last["DESCRIPTION"])
    cal = Calendar.from_ical(plan_ics(done, stamp=datetime(2026, 9, 29, tzinfo=UTC)))
    summaries = {str(e["SUMMARY"]): e.decoded("DTSTART") for e in cal.walk("VEVENT")}
    # the 12315 decision is due 7 working days after the submission, across the National Day week
    assert summaries == {"Follow up: Answer due from: 12315 complaint (market regulator)": date(2026, 10, 13)}
    uids = [str(e["UID"]) for e in Calendar.from_ical(plan_ics(fresh)).walk("VEVENT")]
    assert len(uids) == len(set(uids))


def test_ics_in_chinese() -> None:
    fresh, _done = _alipay_plan("zh-CN")
    cal = Calendar.from_ical(plan_ics(fresh))
    assert any("12315" in str(e["SUMMARY"]) and "最后一天" in str(e["SUMMARY"]) for e in cal.walk("VEVENT"))


def test_playbooks_are_chosen_by_the_problem() -> None:
    drained = Case(id=1, title="Wallet drained after I signed an approval", kind="crypto", provider="MetaMask")
    assert [b.id for b in playbooks_for(drained, "en")] == ["drained"]
    taken = Case(id=1, title="支付宝被盗", provider="支付宝", classification="unauthorized")
    assert [b.id for b in playbooks_for(taken, "zh-CN")] == ["takeover"]
    card = Case(id=1, title="t", provider="Bank", kind="bank", classification="unauthorized", card_network="Visa",
                card_last4="1234")
    assert "card-fraud" in [b.id for b in playbooks_for(card, "en")]
    transfer = Case(id=1, title="t", provider="ICBC", kind="bank", classification="scam")
    assert [b.id for b in playbooks_for(transfer, "zh-TW")] == ["scam-transfer"]
    fake = Case(id=1, title="装了假钱包，币没了", kind="crypto", provider="imToken")
    assert "fake-app" in [b.id for b in playbooks_for(fake, "zh-CN")]
    assert playbooks_for(Case(id=1, title="退款没到", provider="支付宝", classification="refund_not_received"), "en") == []


def test_ticks_are_audited_and_read_back(store: Store) -> None:
    case = store.cases.add(Case(id=0, title="账户被盗", provider="支付宝", classification="unauthorized"))
    at = datetime(2026, 9, 28, 10, 5, tzinfo=CST)
    tick(store, case.id, "takeover.freeze", at)
    books = playbooks(store, case.id, "en")
    items = {i.id: i.ticked_at for i in books[0].items}
    assert items["takeover.freeze"] == at and items["takeover.passwords"] is None
    entries = [e for e in store.audit.entries(case.id) if e.action == "tick"]
    assert [e.object for e in entries] == [f"plan:{case.id}:takeover.freeze"]
    tick(store, case.id, "takeover.freeze", at + timedelta(minutes=1), ticked=False)
    assert all(i.ticked_at is None for i in playbooks(store, case.id, "en")[0].items)
    with pytest.raises(UsageError):
        tick(store, case.id, "drained.revoke", at)
    assert store.audit.verify()[0]


def test_submission_needs_a_reference_and_a_zone(store: Store) -> None:
    case = store.cases.add(Case(id=0, title="t", provider="支付宝", currency="CNY"))
    with pytest.raises(UsageError):
        record_submission(store, case.id, "alipay.platform", "  ", datetime(2026, 9, 28, tzinfo=CST))
    with pytest.raises(UsageError):
        record_submission(store, case.id, "alipay.platform", "A-1", datetime(2026, 9, 28))
    assert build_plan(store, case.id, date(2026, 9, 28), "en").rungs[0].status == "open"


def test_plan_marks_schema_step(store: Store) -> None:
    assert schema._plan_marks in schema.MIGRATIONS
    columns = [r[1] for r in store.conn.execute("PRAGMA table_info(plan_marks)")]
    assert columns == ["id", "case_id", "kind", "key", "at", "body"]
    case = store.cases.add(Case(id=0, title="t", provider="支付宝", classification="unauthorized"))
    tick(store, case.id, "takeover.freeze", datetime(2026, 9, 28, tzinfo=CST))
    store.cases.delete(case.id)
    assert store.conn.execute("SELECT count(*) FROM plan_marks").fetchone()[0] == 0


@pytest.mark.parametrize("text", [
    "We are a certified asset recovery agency. For a 10% fee we can recover your lost USDT.",
    "我们是专业追款团队，先交保证金即可帮你追回被骗资金",
    "我們是專業追款團隊，先交保證金即可幫你追回被騙資金",
    "Our lawyers can reclaim the money you lost in the scam, pay a deposit of 500 USD",
])
def test_recovery_offers_are_flagged(text: str) -> None:
    from walletcare.faq.scam import ScamChecker

    result = ScamChecker.load().scan(text, "en")  # (a lone offer rates medium unless corroborated: two signals)
    assert result.risk in ("medium", "high")
    assert any(f.rule in ("R15", "recovery") and f.severity == "high" for f in result.flags)


def test_ics_zone_follows_the_case_region_and_dates_stay_dates() -> None:
    est = timezone(timedelta(hours=-5))
    case = Case(id=3, title="t", provider="PayPal", amount=Decimal("80.00"), currency="USD")
    tx = Transaction(id=1, case_id=3, time=datetime(2026, 1, 15, 23, 30, tzinfo=est), amount=Decimal("80.00"),
                     currency="USD")
    cal = Calendar.from_ical(plan_ics(plan_for(case, (tx,), (), {}, date(2026, 1, 16), "en")))
    assert str(cal["X-WR-TIMEZONE"]) == "America/New_York"
    # the payment's own day in its own zone (23:30 in New York is already the 16th in UTC)
    starts = {str(e["SUMMARY"]): e.decoded("DTSTART") for e in cal.walk("VEVENT")}
    assert starts["Last day: Open a PayPal dispute"] == date(2026, 7, 14)


def test_a_promise_counted_into_an_unknown_year_warns() -> None:
    from walletcare.evidence.models import Contact

    case = Case(id=1, title="t", provider="支付宝", amount=Decimal("9"), currency="CNY")
    tx = Transaction(id=1, case_id=1, time=datetime(2026, 12, 20, 9, tzinfo=CST), amount=Decimal("9"), currency="CNY")
    note = Contact(id=1, case_id=1, kind="call", at=datetime(2026, 12, 29, 9, tzinfo=CST), summary="s",
                   promised="5个工作日内退款")
    plan = plan_for(case, (tx,), (note,), {}, date(2026, 12, 29), "en")
    assert plan.followups[0].due == date(2027, 1, 6) and any("2027" in w for w in plan.warnings)
    calendar_days = Contact(id=1, case_id=1, kind="call", at=datetime(2026, 12, 29, 9, tzinfo=CST), summary="s",
                            promised="10天内退款")
    plan = plan_for(case, (tx,), (calendar_days,), {}, date(2026, 12, 29), "en")
    assert plan.followups[0].due == date(2027, 1, 8) and not any("2027" in w for w in plan.warnings)


def test_a_vault_from_before_the_plan_gains_plan_marks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from walletcare.evidence.vault import Vault

    folder = tmp_path / "before-plan"
    step = schema.MIGRATIONS.index(schema._plan_marks)
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:step])
    vault, _code = Vault.create(folder, bytearray("口令 before plan".encode()), kdf_seconds=0)
    case = vault.store.cases.add(Case(0, "账户被盗", provider="支付宝", classification="unauthorized"))
    assert vault.store.conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'plan_marks'").fetchone()[0] == 0
    vault.close()
    monkeypatch.undo()
    with Vault.open(folder, bytearray("口令 before plan".encode())) as vault:
        assert vault.store.conn.execute("PRAGMA user_version").fetchone()[0] == schema.current_version()
        tick(vault.store, case.id, "takeover.freeze", datetime(2026, 9, 28, 10, tzinfo=CST))
        assert playbooks(vault.store, case.id, "en")[0].items[0].ticked_at is not None
