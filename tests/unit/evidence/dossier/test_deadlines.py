"""The dossier's Deadlines section: the case's plan (only the channels that apply), each rung with its status,
dates, rule, source and as-of date."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from walletcare.evidence.dossier.data import DossierData
from walletcare.evidence.dossier.deadlines import (
    add_business_days,
    add_years,
    compute,
    disputed_payment_day,
    month_end,
)
from walletcare.evidence.models import Case, Contact, Transaction
from walletcare.evidence.plan.model import Submission

TZ = timezone(timedelta(hours=-5))


def _case(provider: str, currency: str, kind: str = "payment") -> DossierData:
    tx = Transaction(id=1, case_id=1, time=datetime(2026, 1, 15, 12, 0, tzinfo=TZ), amount=Decimal("80.00"),
                     currency=currency)
    contact = Contact(id=1, case_id=1, kind="call", at=datetime(2026, 1, 20, 9, 0, tzinfo=TZ), summary="called")
    return DossierData(case=Case(id=1, title="t", provider=provider, kind=kind), transactions=(tx,), contacts=(contact,))


def test_date_helpers() -> None:
    assert add_years(date(2024, 2, 29), 3) == date(2027, 2, 28)
    assert month_end(date(2026, 2, 10)) == date(2026, 2, 28)
    assert month_end(date(2026, 12, 3)) == date(2026, 12, 31)
    assert add_business_days(date(2026, 1, 16), 1) == date(2026, 1, 19)  # Friday → Monday


def _rows(data: DossierData, lang: str, today: date) -> dict[str, Any]:
    return {r.rung_id or r.action: r for r in compute(data, lang, today)}


def test_paypal_case() -> None:
    data = _case("PayPal", "USD")
    rows = _rows(data, "en", date(2026, 2, 1))
    assert rows["paypal.dispute"].due == date(2026, 7, 14) and "180 days" in rows["paypal.dispute"].rule
    assert rows["paypal.dispute"].status == "open" and rows["paypal.dispute"].as_of == date(2026, 11, 30)
    assert rows["paypal.claim"].due is None and rows["paypal.claim"].status == "waiting"
    assert "paypal.cfpb" in rows and not any(k.startswith(("alipay", "rege")) for k in rows)
    opened = Submission(1, "paypal.dispute", "paypal", "PP-D-1", datetime(2026, 1, 20, 9, 0, tzinfo=TZ))
    rows = _rows(replace(data, submissions=(opened,)), "en", date(2026, 2, 1))
    assert rows["paypal.dispute"].status == "done" and rows["paypal.dispute"].submission == opened
    assert rows["paypal.claim"].opens == date(2026, 1, 22) and rows["paypal.claim"].due == date(2026, 2, 9)
    assert rows["paypal.claim"].status == "open"
    assert _rows(replace(data, submissions=(opened,)), "en", date(2026, 2, 10))["paypal.claim"].status == "overdue"


def test_china_case_and_crypto() -> None:
    rows = _rows(_case("支付宝", "CNY"), "zh-CN", date(2026, 2, 1))
    assert rows["alipay.12315"].due == date(2029, 1, 15) and rows["alipay.12315"].channel.startswith("12315")
    assert all(k.startswith("alipay.") for k in rows)  # no PayPal, CFPB, Reg E or 12378 rows
    assert not any("12378" in r.channel or "PayPal" in r.channel or "CFPB" in r.channel for r in rows.values())
    crypto = _rows(_case("imToken", "USDT", kind="crypto"), "en", date(2026, 2, 1))
    police = crypto["crypto.police"]
    assert police.due is None and police.status == "open" and "report number" in police.action


def test_taiwan_and_hong_kong() -> None:
    tw = _rows(_case("街口支付", "TWD"), "en", date(2026, 2, 1))
    assert tw["tw.foi"].opens == date(2026, 2, 19)  # 30 days after the first contact
    assert tw["tw.foi"].due == date(2026, 4, 20)  # 60 days after that
    hk = _rows(_case("AlipayHK", "HKD"), "en", date(2026, 2, 1))
    assert hk["hk.fdrc"].opens == date(2026, 3, 21)
    assert hk["hk.fdrc"].due == date(2028, 1, 15)


def test_card_case(small: Any) -> None:
    rows = compute(replace(small, case=replace(small.case, linked_card="Visa 1234")), "en", date(2026, 4, 2))
    card = [r for r in rows if r.rung_id.startswith("card.chargeback")]
    assert card and card[0].due == disputed_payment_day(small) + timedelta(days=120)
    own = [r for r in rows if not r.estimate]
    assert own and own[0].action == "补充材料截止" and rows[0] is own[0]


def test_deadlines_count_from_the_payment_in_dispute_not_the_first_row_of_a_statement() -> None:
    def tx(n: int, day: date, amount: str) -> Transaction:
        return Transaction(id=n, case_id=1, time=datetime(day.year, day.month, day.day, 12, tzinfo=TZ),
                           amount=Decimal(amount), currency="CNY")

    statement = (tx(1, date(2020, 11, 23), "12.00"), tx(2, date(2023, 2, 8), "1299.00"), tx(3, date(2023, 3, 1), "8.00"))
    case = Case(id=1, title="t", provider="支付宝", amount=Decimal("1299.00"), currency="CNY")
    rows = _rows(DossierData(case=case, transactions=statement), "en", date(2023, 4, 1))
    assert rows["alipay.12315"].due == date(2026, 2, 8)  # 3 years from the disputed payment
    noticed = replace(case, amount=None, discovered=date(2023, 2, 20))
    rows = _rows(DossierData(case=noticed, transactions=statement), "en", date(2023, 4, 1))
    assert rows["alipay.12315"].due == date(2026, 2, 8)  # the last payment before it was noticed


def test_a_recurring_charge_counts_from_its_latest_month() -> None:
    monthly = tuple(Transaction(id=m, case_id=1, time=datetime(2024, m, 5, 12, tzinfo=TZ), amount=Decimal("99.00"),
                                currency="CNY") for m in range(1, 7))
    case = Case(id=1, title="t", provider="支付宝", amount=Decimal("99.00"), currency="CNY")
    data = DossierData(case=case, transactions=monthly)
    assert disputed_payment_day(data) == date(2024, 6, 5)
    assert disputed_payment_day(replace(data, case=replace(case, discovered=date(2024, 3, 20)))) == date(2024, 3, 5)


def test_each_step_is_printed_whole(small: Any, signer: Any, make_options: Any) -> None:
    """The English steps of the 12315 ladder run to about 200 characters; none is cut short with "…"."""
    from dataclasses import replace
    from io import BytesIO

    from pypdf import PdfReader

    from walletcare.evidence.dossier.layout import render

    case = replace(small.case, classification="not_received", provider="支付宝", currency="CNY")
    pdf = render(replace(small, case=case), make_options(lang="en"), signer=signer).pdf
    whole = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    block = whole[whole.index("\nDeadlines\n"):]
    block = " ".join(block[:block.index("Check the channel")].split())
    assert "12315" in block and "…" not in block and "a specific request and the facts" in block
