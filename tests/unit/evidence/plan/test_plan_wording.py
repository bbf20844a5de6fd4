"""What people read in a plan: the copy-sheet's problem category in the channel's own words (never a raw key),
in the three languages."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from walletcare.evidence.models import Case, Transaction
from walletcare.evidence.plan.engine import plan_for
from walletcare.evidence.plan.model import Plan, Submission

CST = timezone(timedelta(hours=8))
EST = timezone(timedelta(hours=-5))


def _plan(case: Case, paid: date, today: date, lang: str, tz: timezone = CST,
          subs: tuple[Submission, ...] = ()) -> Plan:
    tx = Transaction(id=1, case_id=1, time=datetime(paid.year, paid.month, paid.day, 12, 0, tzinfo=tz),
                     amount=case.amount or Decimal("10"), currency=case.currency, counterparty="Shop")
    return plan_for(case, (tx,), (), {s.rung_id: s for s in subs}, today, lang)


def _category(plan: Plan, channel: str) -> str:
    rung = next(r for r in plan.rungs if r.channel == channel)
    labels = {"en": "Problem category", "zh-CN": "问题类型", "zh-TW": "問題類型"}
    return dict(rung.copy_sheet)[labels[plan.lang]]


@pytest.mark.parametrize(("lang", "expected"), [("zh-CN", "已付款，但未收到商品或服务"),
                                                ("zh-TW", "已付款，但未收到商品或服務"),
                                                ("en", "Paid, but goods or service not received")])
def test_the_12315_copy_sheet_names_the_problem_in_words(lang: str, expected: str) -> None:
    case = Case(id=1, title="充值未到账", provider="支付宝", amount=Decimal("199.00"), currency="CNY",
                classification="not_received")
    assert _category(_plan(case, date(2026, 11, 28), date(2026, 12, 6), lang), "12315") == expected


def test_each_channel_gets_its_own_category_and_free_text_stays_as_typed() -> None:
    paypal = Case(id=1, title="t", provider="PayPal", amount=Decimal("89.99"), currency="USD",
                  classification="not_received")
    assert _category(_plan(paypal, date(2026, 11, 1), date(2026, 11, 2), "en", EST), "paypal") == "Item not received"
    card = Case(id=1, title="t", provider="Shop", amount=Decimal("300"), currency="USD", classification="unauthorized",
                card_network="Visa", card_last4="1234")
    assert _category(_plan(card, date(2026, 11, 1), date(2026, 11, 2), "en", EST), "card").startswith("Visa 10.")
    typed = Case(id=1, title="t", provider="支付宝", amount=Decimal("199.00"), currency="CNY",
                 classification="话费充值未到账")
    assert _category(_plan(typed, date(2026, 11, 28), date(2026, 12, 6), "zh-CN"), "12315") == "话费充值未到账"


def _paypal() -> Case:
    return Case(id=1, title="Headphones never arrived", provider="PayPal", amount=Decimal("89.99"), currency="USD",
                classification="not_received")


def _dispute(day: date) -> Submission:
    return Submission(1, "paypal.dispute", "paypal", "PP-D-1", datetime(day.year, day.month, day.day, 9, 0, tzinfo=EST))


def test_a_claim_not_escalated_in_time_no_longer_holds_the_cfpb_back() -> None:
    # paid 1 November 2026, dispute opened 8 November: the claim's last day is 28 November
    subs = (_dispute(date(2026, 11, 8)),)
    before = _plan(_paypal(), date(2026, 11, 1), date(2026, 11, 23), "en", EST, subs)
    rungs = {r.id: r for r in before.rungs}
    assert rungs["paypal.claim"].closes == date(2026, 11, 28) and rungs["paypal.claim"].days_left == 5
    assert rungs["paypal.cfpb"].status == "waiting" and before.next is not None and before.next.id == "paypal.claim"
    after = _plan(_paypal(), date(2026, 11, 1), date(2026, 12, 6), "en", EST, subs)
    rungs = {r.id: r for r in after.rungs}
    assert rungs["paypal.claim"].status == "overdue" and rungs["paypal.claim"].hard_close
    assert rungs["paypal.cfpb"].status == "open" and after.next is not None and after.next.id == "paypal.cfpb"


def test_every_rule_and_playbook_cites_a_public_source() -> None:
    from walletcare.evidence.plan import rules
    from walletcare.evidence.plan.playbooks import check_playbooks, shipped

    assert check_playbooks() == [] and rules.check_rules() == []
    assert all(rules.public_source(t) and b["as_of"] for b in shipped() for t in b["source"].values())
    assert all(rules.public_source(t) for ladder in rules.ladders() for r in ladder.rungs for t in r.source.values())
    assert not rules.public_source("shared/spec/channels.md, first-hour playbooks")
    assert rules.public_source("Regulation E, 12 CFR 1005.6 (liability for unauthorized transfers)")


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.mark.parametrize("lang", ["zh-CN", "zh-TW", "en"])
def test_sources_are_named_in_the_language_of_the_plan(lang: str) -> None:
    from walletcare.evidence.plan import rules
    from walletcare.evidence.plan.playbooks import shipped

    titles = [r.source[lang] for ladder in rules.ladders() for r in ladder.rungs]
    titles += [b["source"][lang] for b in shipped()]
    if lang == "en":  # an official Chinese name may follow in brackets, but the title is said in English
        assert all(not _has_chinese(t.split("(")[0]) for t in titles), titles
    else:
        assert all(_has_chinese(t) for t in titles), titles
    case = Case(id=1, title="t", provider="PayPal", amount=Decimal("89.99"), currency="USD",
                classification="not_received")
    plan = _plan(case, date(2026, 11, 1), date(2026, 11, 2), lang, EST)
    assert _has_chinese(plan.rungs[0].source) == (lang != "en")


def test_the_payee_is_not_what_was_bought() -> None:
    case = Case(id=1, title="充值未到账", provider="支付宝", amount=Decimal("199.00"), currency="CNY",
                classification="not_received")
    plan = _plan(case, date(2026, 11, 28), date(2026, 12, 6), "en")  # the payment names only its payee, "Shop"
    r12315 = next(r for r in plan.rungs if r.channel == "12315")
    assert dict(r12315.copy_sheet)["What was bought or paid for"] == ""
    assert "goods" in {m.field for m in r12315.missing}
    assert dict(r12315.copy_sheet)["The firm or merchant"] == "Shop"


def test_a_report_noted_as_a_contact_with_the_police_is_a_report_filed() -> None:
    from walletcare.evidence.models import Contact
    from walletcare.evidence.plan.fields import FIELDS, CaseView

    at = datetime(2026, 11, 20, 15, 0, tzinfo=timezone(timedelta(hours=8)))
    police = Contact(1, 1, "visit", at, "报案，回执已领", channel="派出所", ticket="沪公(浦)受案字2026-1234",
                     party="authority")
    friend = Contact(2, 1, "call", at, "问了朋友", party="other")
    read = FIELDS["reports"].read
    assert read(CaseView(Case(1, "t"), (), (friend,), None)) == ""  # nothing filed: the checklist asks for it
    assert "沪公(浦)受案字2026-1234" in read(CaseView(Case(1, "t"), (), (friend, police), None))
    stated = Case(1, "t", reports_filed="110 报警，编号 A1")
    assert read(CaseView(stated, (), (police,), None)) == "110 报警，编号 A1"  # the case's own words first
