"""Each ladder of spec/channels.md on fixed real dates: which rungs, in which order, when they open and close,
how a submission starts the next clock; working days across 2026's National Day week."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from walletcare.evidence.models import Case, Contact, Transaction
from walletcare.evidence.plan import rules
from walletcare.evidence.plan.engine import plan_for
from walletcare.evidence.plan.model import Plan, Submission
from walletcare.evidence.plan.workdays import add_working_days, is_working_day, unknown_years

CST = timezone(timedelta(hours=8))
EST = timezone(timedelta(hours=-5))


def _tx(day: date, amount: str, currency: str, tz: timezone = CST) -> Transaction:
    return Transaction(id=1, case_id=1, time=datetime(day.year, day.month, day.day, 12, 0, tzinfo=tz),
                       amount=Decimal(amount), currency=currency, counterparty="Shop")


def _plan(case: Case, paid: date | None, today: date, *, contacts: tuple[Contact, ...] = (),
          subs: tuple[Submission, ...] = (), tz: timezone = CST) -> Plan:
    txs = (_tx(paid, str(case.amount or "10.00"), case.currency or "CNY", tz),) if paid else ()
    return plan_for(case, txs, contacts, {s.rung_id: s for s in subs}, today, "en")


def _sub(rung: str, day: date, tz: timezone = CST) -> Submission:
    return Submission(1, rung, "", "REF-1", datetime(day.year, day.month, day.day, 10, 0, tzinfo=tz))


def _by_id(plan: Plan) -> dict[str, object]:
    return {r.id: r for r in plan.rungs}


def test_working_days_across_national_day_2026() -> None:
    # chinese_calendar 1.11: 1-7 October 2026 off, Saturday 10 October a make-up workday
    assert not is_working_day(date(2026, 10, 1), "cn") and not is_working_day(date(2026, 10, 7), "cn")
    assert is_working_day(date(2026, 10, 8), "cn") and is_working_day(date(2026, 10, 10), "cn")
    assert not is_working_day(date(2026, 10, 11), "cn")
    assert add_working_days(date(2026, 9, 28), 7, "cn") == date(2026, 10, 13)
    assert add_working_days(date(2026, 9, 28), 7, "us") == date(2026, 10, 7)  # US: only weekends there
    assert add_working_days(date(2026, 9, 30), 1, "cn") == date(2026, 10, 8)


def test_other_calendars_and_unknown_years() -> None:
    assert not is_working_day(date(2026, 11, 26), "us")  # Thanksgiving
    assert not is_working_day(date(2026, 10, 1), "hk")  # National Day in Hong Kong too
    assert not is_working_day(date(2026, 10, 10), "tw")  # Taiwan's National Day
    assert unknown_years("cn", date(2026, 12, 1), date(2027, 2, 1)) == [2027]
    assert unknown_years("us", date(2026, 12, 1), date(2027, 2, 1)) == []


def test_alipay_merchant_dispute() -> None:
    case = Case(id=1, title="充值未到账", provider="支付宝", amount=Decimal("199.00"), currency="CNY",
                classification="not_received")
    plan = _plan(case, date(2026, 9, 20), date(2026, 9, 28))
    assert [r.id for r in plan.rungs] == ["alipay.platform", "alipay.merchant", "alipay.12315"]
    assert [r.order for r in plan.rungs] == [1, 2, 3]
    rung = _by_id(plan)["alipay.12315"]
    assert rung.closes == date(2029, 9, 20) and rung.prerequisites == ("alipay.merchant",)  # type: ignore[attr-defined]
    assert plan.ladders == ("alipay",)


def test_alipay_theft_puts_the_police_and_the_freeze_first() -> None:
    case = Case(id=1, title="账户被盗", provider="Alipay", amount=Decimal("5000"), currency="CNY",
                classification="unauthorized")
    plan = _plan(case, date(2026, 9, 20), date(2026, 9, 21))
    ids = [r.id for r in plan.rungs]
    assert ids[:2] == ["alipay.freeze", "alipay.police"] and "alipay.12363" in ids and "alipay.12315" not in ids
    assert plan.next is not None and plan.next.urgent and plan.next.id == "alipay.freeze"
    assert "95188" in plan.next.how


def test_wechat_merchant_answer_in_72_hours_opens_95017() -> None:
    case = Case(id=1, title="t", provider="微信支付", amount=Decimal("88"), currency="CNY", classification="not_received")
    plan = _plan(case, date(2026, 9, 29), date(2026, 9, 30))
    assert [r.id for r in plan.rungs] == ["wechat.merchant", "wechat.platform", "wechat.12315"]
    plan = _plan(case, date(2026, 9, 29), date(2026, 10, 1), subs=(_sub("wechat.merchant", date(2026, 9, 30)),))
    platform = _by_id(plan)["wechat.platform"]
    assert platform.opens == date(2026, 10, 3) and platform.status == "waiting"  # type: ignore[attr-defined]
    assert [f.due for f in plan.followups if f.kind == "reply"] == [date(2026, 10, 3)]
    plan = _plan(case, date(2026, 9, 29), date(2026, 10, 3), subs=(_sub("wechat.merchant", date(2026, 9, 30)),))
    assert plan.next is not None and plan.next.id == "wechat.platform" and plan.next.status == "open"


def test_paypal_dispute_then_claim_within_20_days() -> None:
    case = Case(id=1, title="t", provider="PayPal", amount=Decimal("80.00"), currency="USD",
                classification="not_received")
    plan = _plan(case, date(2026, 1, 15), date(2026, 1, 16), tz=EST)
    rungs = _by_id(plan)
    assert [r.id for r in plan.rungs] == ["paypal.dispute", "paypal.claim", "paypal.cfpb"]
    assert rungs["paypal.dispute"].closes == date(2026, 7, 14)  # type: ignore[attr-defined]
    assert rungs["paypal.claim"].status == "waiting" and rungs["paypal.claim"].closes is None  # type: ignore[attr-defined]
    subs = (_sub("paypal.dispute", date(2026, 1, 16), EST),)
    plan = _plan(case, date(2026, 1, 15), date(2026, 1, 17), subs=subs, tz=EST)
    claim = _by_id(plan)["paypal.claim"]
    assert claim.opens == date(2026, 1, 22) and claim.closes == date(2026, 2, 5)  # type: ignore[attr-defined]
    assert claim.status == "waiting"  # type: ignore[attr-defined]  # escalation opens 7 days after the payment
    plan = _plan(case, date(2026, 1, 15), date(2026, 2, 6), subs=subs, tz=EST)
    assert _by_id(plan)["paypal.claim"].status == "overdue"  # type: ignore[attr-defined]  # closes for good


def test_card_chargeback_120_days_from_delivery_capped_at_540() -> None:
    case = Case(id=1, title="t", provider="Shop", amount=Decimal("300"), currency="USD", classification="not_received",
                card_network="Visa", card_last4="1234", expected_delivery=date(2026, 3, 1))
    plan = _plan(case, date(2026, 1, 10), date(2026, 1, 20), tz=EST)
    rungs = _by_id(plan)
    assert "card.merchant" in rungs and "card.chargeback" not in rungs
    goods = rungs["card.chargeback-goods"]
    assert goods.opens == date(2026, 3, 1) and goods.closes == date(2026, 6, 29)  # type: ignore[attr-defined]
    no_date = Case(id=1, title="t", provider="Shop", amount=Decimal("300"), currency="USD",
                   classification="not_received", card_network="Visa", card_last4="1234")
    goods = _by_id(_plan(no_date, date(2026, 1, 10), date(2026, 1, 20), tz=EST))["card.chargeback-goods"]
    assert goods.opens == date(2026, 1, 25) and goods.closes == date(2026, 5, 10)  # type: ignore[attr-defined]
    late = Case(id=1, title="t", provider="Shop", amount=Decimal("300"), currency="USD", classification="not_received",
                card_network="Visa", card_last4="1234", expected_delivery=date(2027, 5, 1))
    capped = _by_id(_plan(late, date(2026, 1, 10), date(2026, 1, 20), tz=EST))["card.chargeback-goods"]
    assert capped.closes == date(2027, 7, 4)  # type: ignore[attr-defined]  # 540 days from the payment
    fraud = Case(id=1, title="t", provider="Shop", amount=Decimal("300"), currency="USD",
                 classification="unauthorized", card_network="Visa", card_last4="1234")
    rungs = _by_id(_plan(fraud, date(2026, 1, 10), date(2026, 1, 20), tz=EST))
    assert "card.merchant" not in rungs and rungs["card.chargeback"].status == "open"  # type: ignore[attr-defined]


def test_reg_e_notice_60_days_from_the_statement_then_cfpb() -> None:
    case = Case(id=1, title="t", provider="Chase", kind="bank", amount=Decimal("500"), currency="USD",
                classification="unauthorized", statement_date=date(2026, 2, 1))
    plan = _plan(case, date(2026, 1, 20), date(2026, 2, 5), tz=EST)
    rungs = _by_id(plan)
    assert [r.id for r in plan.rungs if r.ladder == "rege"] == ["rege.notice", "rege.cfpb"]
    assert rungs["rege.notice"].closes == date(2026, 4, 2)  # type: ignore[attr-defined]
    subs = (_sub("rege.notice", date(2026, 11, 20), EST),)
    plan = _plan(case, date(2026, 1, 20), date(2026, 11, 21), subs=subs, tz=EST)
    cfpb = _by_id(plan)["rege.cfpb"]
    # 10 US business days from Friday 20 November 2026: Thanksgiving (26th) is not one
    assert cfpb.opens == date(2026, 12, 7) and cfpb.status == "waiting"  # type: ignore[attr-defined]
    no_statement = Case(id=1, title="t", provider="Chase", kind="bank", amount=Decimal("500"), currency="USD",
                        classification="unauthorized")
    notice = _by_id(_plan(no_statement, date(2026, 1, 20), date(2026, 2, 5), tz=EST))["rege.notice"]
    assert notice.closes is None and "statement_date" in {m.field for m in notice.missing}  # type: ignore[attr-defined]


def test_hong_kong_fdrc_after_60_days_or_a_final_reply() -> None:
    contact = Contact(id=1, case_id=1, kind="call", at=datetime(2026, 1, 20, 9, 0, tzinfo=CST), summary="called")
    case = Case(id=1, title="t", provider="AlipayHK", amount=Decimal("800"), currency="HKD")
    rungs = _by_id(_plan(case, date(2026, 1, 15), date(2026, 2, 1), contacts=(contact,)))
    assert list(rungs) == ["hk.firm", "hk.fdrc"]
    assert rungs["hk.fdrc"].opens == date(2026, 3, 21) and rungs["hk.fdrc"].closes == date(2028, 1, 15)  # type: ignore[attr-defined]
    replied = Case(id=1, title="t", provider="AlipayHK", amount=Decimal("800"), currency="HKD",
                   final_reply=date(2026, 2, 10))
    assert _by_id(_plan(replied, date(2026, 1, 15), date(2026, 2, 11), contacts=(contact,)))["hk.fdrc"].opens == \
        date(2026, 2, 10)  # type: ignore[attr-defined]


def test_taiwan_foi_within_60_days() -> None:
    case = Case(id=1, title="t", provider="街口支付", amount=Decimal("1200"), currency="TWD", first_complaint=date(2026, 3, 2))
    rungs = _by_id(_plan(case, date(2026, 3, 1), date(2026, 3, 3)))
    assert list(rungs) == ["tw.firm", "tw.foi"]
    assert rungs["tw.foi"].opens == date(2026, 4, 1) and rungs["tw.foi"].closes == date(2026, 5, 31)  # type: ignore[attr-defined]
    answered = Case(id=1, title="t", provider="街口支付", amount=Decimal("1200"), currency="TWD",
                    first_complaint=date(2026, 3, 2), final_reply=date(2026, 3, 12))
    foi = _by_id(_plan(answered, date(2026, 3, 1), date(2026, 3, 13)))["tw.foi"]
    assert foi.opens == date(2026, 3, 12) and foi.closes == date(2026, 5, 11)  # type: ignore[attr-defined]


def test_crypto_theft_police_and_exchange_at_once() -> None:
    case = Case(id=1, title="钱包被盗", provider="imToken", kind="crypto", amount=Decimal("1500"), currency="USDT")
    plan = _plan(case, date(2026, 10, 2), date(2026, 10, 2))
    assert [r.id for r in plan.rungs] == ["crypto.police", "crypto.exchange", "crypto.report"]
    assert plan.next is not None and plan.next.id == "crypto.police"
    assert all(r.closes is None for r in plan.rungs) and plan.rungs[1].urgent
    assert any("recover" in w for w in plan.warnings)


def test_alipay_mainland_case_has_no_foreign_channels() -> None:
    case = Case(id=1, title="t", provider="支付宝", amount=Decimal("199.00"), currency="CNY")
    channels = {r.channel for r in _plan(case, date(2026, 9, 20), date(2026, 9, 28)).rungs}
    assert not channels & {"12378", "paypal", "cfpb", "reg-e", "fdrc", "foi"}


def test_a_clock_reaching_2027_says_the_schedule_is_not_known() -> None:
    case = Case(id=1, title="t", provider="支付宝", amount=Decimal("199.00"), currency="CNY")
    plan = plan_for(case, (_tx(date(2026, 12, 20), "199.00", "CNY"),), (), {
        "alipay.platform": _sub("alipay.platform", date(2026, 12, 21)),
        "alipay.merchant": _sub("alipay.merchant", date(2026, 12, 21)),
        "alipay.12315": _sub("alipay.12315", date(2026, 12, 28))}, date(2026, 12, 29), "en")
    reply = next(f for f in plan.followups if f.kind == "reply")
    assert reply.due == date(2027, 1, 7)  # 7 working days from Monday 28 December; 1 January off
    assert any("2027" in w for w in plan.warnings)


@pytest.mark.parametrize("lang", ["zh-CN", "zh-TW", "en"])
def test_texts_come_in_the_language_asked_for(lang: str) -> None:
    case = Case(id=1, title="t", provider="支付宝", amount=Decimal("199.00"), currency="CNY")
    plan = plan_for(case, (_tx(date(2026, 9, 20), "199.00", "CNY"),), (), {}, date(2026, 9, 28), lang)
    titles = {"zh-CN": "向支付宝投诉", "zh-TW": "向支付寶投訴", "en": "Complain to Alipay"}
    assert plan.rungs[0].title == titles[lang]
    assert plan.terms_note and plan.warnings[0] != plan.terms_note


def test_every_rung_has_a_source_and_an_as_of_date() -> None:
    for ladder in rules.ladders():
        for rung in ladder.rungs:
            assert rung.source and rung.as_of <= date(2026, 12, 31), rung.id
            assert not rung.source_url or rung.source_url.startswith("https://")


def test_a_broken_rule_is_reported() -> None:
    bad = {"ladders": [{"id": "x", "calendar": "cn", "name": {"zh-CN": "x", "zh-TW": "x", "en": "x"},
                        "rungs": [{"id": "a", "channel": "platform", "order": 1, "closes": {"from": "payday", "days": 3},
                                   "title": {"zh-CN": "a", "zh-TW": "a", "en": "a"},
                                   "what": {"zh-CN": "a", "zh-TW": "a", "en": "a"},
                                   "how": {"zh-CN": "a", "zh-TW": "a", "en": "a"},
                                   "source": {"title": "s", "as_of": "2026-11-30"}}]}]}
    with pytest.raises(rules.RuleError, match="unknown anchor"):
        rules.parse_ladders(bad, ("platform",))
    bad["ladders"][0]["rungs"][0]["closes"] = None
    del bad["ladders"][0]["rungs"][0]["source"]
    with pytest.raises(rules.RuleError, match="source"):
        rules.parse_ladders(bad, ("platform",))


def test_uk_ombudsman_after_15_business_days() -> None:
    gmt = UTC
    case = Case(id=1, title="t", provider="Monzo", kind="bank", amount=Decimal("250"), currency="GBP")
    plan = _plan(case, date(2026, 12, 10), date(2026, 12, 11), tz=gmt)
    assert [r.id for r in plan.rungs] == ["uk.firm", "uk.fos"]
    plan = _plan(case, date(2026, 12, 10), date(2026, 12, 15), subs=(_sub("uk.firm", date(2026, 12, 14), gmt),), tz=gmt)
    fos = _by_id(plan)["uk.fos"]
    # 15 business days from Monday 14 December 2026: 25, 26 (28 observed) December and 1 January are holidays
    assert fos.opens == date(2027, 1, 7) and fos.status == "waiting"  # type: ignore[attr-defined]


def test_content_check_reports_a_number_not_on_the_allow_list(monkeypatch: pytest.MonkeyPatch) -> None:
    import copy

    import yaml

    from walletcare import resources
    from walletcare.faq.validate import check_plan

    assert check_plan() == []
    data = yaml.safe_load(resources.read_text("plan/ladders.yaml"))
    changed = copy.deepcopy(data)
    changed["ladders"][0]["rungs"][0]["how"]["en"] = "Call 400-123-4567 for help."
    real = rules._load_yaml
    monkeypatch.setattr(rules, "_load_yaml", lambda name: changed if name == "plan/ladders.yaml" else real(name))
    problems = check_plan()
    assert problems and {p.code for p in problems} == {"plan-rule"}
    assert any("4001234567" in p.message and "platform" in p.where for p in problems)


def test_other_mainland_bank_goes_to_12378_not_alipay_rules() -> None:
    case = Case(id=1, title="t", provider="工商银行", kind="bank", amount=Decimal("3000"), currency="CNY",
                classification="money_not_available", card_network="UnionPay", card_last4="6789")
    plan = _plan(case, date(2026, 9, 25), date(2026, 9, 28))
    assert [r.id for r in plan.rungs] == ["cn.firm", "cn.12363", "cn.12378"]  # no card chargeback for UnionPay
    subs = (_sub("cn.firm", date(2026, 9, 28)), _sub("cn.12378", date(2026, 9, 29)))
    plan = _plan(case, date(2026, 9, 25), date(2026, 9, 30), subs=subs)
    # about 15 working days from 29 September 2026: the National Day week is off, Saturday 10 October is worked
    assert [f.due for f in plan.followups if f.rung_id == "cn.12378"] == [date(2026, 10, 26)]
    payment_app = Case(id=1, title="t", provider="云闪付", amount=Decimal("50"), currency="CNY", classification="not_received")
    assert [r.id for r in _plan(payment_app, date(2026, 9, 25), date(2026, 9, 28)).rungs] == [
        "cn.firm", "cn.12315"]


def test_a_closing_date_that_cannot_be_computed_says_what_is_missing() -> None:
    paypal = Case(id=1, title="t", provider="PayPal", amount=Decimal("80.00"), currency="USD")
    claim = _by_id(_plan(paypal, date(2026, 1, 15), date(2026, 1, 16), tz=EST))["paypal.claim"]
    assert claim.closes is None and claim.notes == () and claim.missing == _by_id(  # type: ignore[attr-defined]
        _plan(paypal, date(2026, 1, 15), date(2026, 1, 16), tz=EST))["paypal.dispute"].missing  # type: ignore[attr-defined]
    bank = Case(id=1, title="t", provider="Chase", kind="bank", amount=Decimal("500"), currency="USD")
    notice = _by_id(_plan(bank, date(2026, 1, 20), date(2026, 2, 5), tz=EST))["rege.notice"]
    assert notice.notes == ("The closing date cannot be computed until the case has: "  # type: ignore[attr-defined]
                            "Date of the statement that first showed the error.",)
    card = Case(id=1, title="t", provider="Shop", amount=Decimal("300"), currency="USD", card_network="Visa",
                card_last4="1234")
    chargeback = _by_id(_plan(card, None, date(2026, 1, 20), tz=EST))["card.chargeback"]
    assert {"expected_delivery", "payment.date"} <= {m.field for m in chargeback.missing}  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", ["zh-CN", "zh-TW"])
def test_sources_described_in_words_come_in_the_language_asked_for(lang: str) -> None:
    """A Chinese plan or dossier names a source described in English words ("incl. its warnings on recovery
    scams") in Chinese; a proper name stays as published."""
    case = Case(id=1, title="t", provider="TokenPocket", kind="crypto", classification="scam")
    plan = plan_for(case, (_tx(date(2026, 9, 20), "500", "USDT"),), (), {}, date(2026, 9, 28), lang)
    sources = [rung.source for rung in plan.rungs]
    assert sources and all(not re.search(r"[A-Za-z]{3,} [a-z]{3,}", s) for s in sources), sources
    assert any("IC3" in s for s in sources)  # the name is kept inside the translated title
    english = plan_for(case, (_tx(date(2026, 9, 20), "500", "USDT"),), (), {}, date(2026, 9, 28), "en")
    assert "FBI Internet Crime Complaint Center (IC3), incl. its warnings on recovery scams" in [
        rung.source for rung in english.rungs]


def test_a_contact_with_a_fake_support_does_not_start_the_complaint_clock() -> None:
    """A chat with someone posing as support (or a report to the police) is no complaint to the firm: the FDRC
    window still counts from the first real contact."""
    fake = Contact(id=1, case_id=1, kind="chat", at=datetime(2026, 1, 16, 9, 0, tzinfo=CST), summary="fake",
                   party="impostor")
    police = Contact(id=2, case_id=1, kind="visit", at=datetime(2026, 1, 17, 9, 0, tzinfo=CST), summary="report",
                     party="authority")
    real = Contact(id=3, case_id=1, kind="call", at=datetime(2026, 1, 20, 9, 0, tzinfo=CST), summary="called",
                   party="platform")
    case = Case(id=1, title="t", provider="AlipayHK", amount=Decimal("800"), currency="HKD")
    fdrc = _by_id(_plan(case, date(2026, 1, 15), date(2026, 2, 1), contacts=(fake, police, real)))["hk.fdrc"]
    assert fdrc.opens == date(2026, 3, 21)  # type: ignore[attr-defined]
    unsaid = Contact(id=4, case_id=1, kind="call", at=datetime(2026, 1, 18, 9, 0, tzinfo=CST), summary="old note")
    fdrc = _by_id(_plan(case, date(2026, 1, 15), date(2026, 2, 1), contacts=(fake, unsaid, real)))["hk.fdrc"]
    assert fdrc.opens == date(2026, 3, 19)  # type: ignore[attr-defined]  # a note that does not say who counts
