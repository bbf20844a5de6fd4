"""Channel deadlines: the rules of spec/dossier.md applied to a case's dates, each with its rule text."""

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


def test_paypal_case() -> None:
    rows = compute(_case("PayPal", "USD"), "en", date(2026, 2, 1))
    found = {(r.channel, r.action): r for r in rows}
    assert found[("PayPal", "Open a dispute")].due == date(2026, 7, 14)
    assert found[("PayPal", "Escalate the dispute to a claim")].due == date(2026, 2, 9)
    reg_e = found[("Bank or transfer provider (US Regulation E)", "Report the error in writing")]
    assert reg_e.due == date(2026, 4, 1) and "60 days" in reg_e.rule
    assert found[("CFPB", "Company response if you file today")].due == date(2026, 2, 16)
    assert all(r.estimate and r.rule for r in rows)


def test_china_case_and_crypto() -> None:
    rows = compute(_case("支付宝", "CNY"), "zh-CN", date(2026, 2, 1))
    dues = {r.channel: r.due for r in rows}
    assert dues["12315（市场监管部门）"] == date(2029, 1, 15)
    assert dues["银行或支付机构"] == date(2026, 2, 4)
    crypto = compute(_case("imToken", "USDT", kind="crypto"), "en", date(2026, 2, 1))
    police = [r for r in crypto if r.channel == "Police"]
    assert police and police[0].due is None and "hours" in police[0].rule


def test_taiwan_and_hong_kong() -> None:
    tw = {r.action: r.due for r in compute(_case("街口支付", "TWD"), "en", date(2026, 2, 1))}
    assert tw["Reply to your complaint expected"] == date(2026, 2, 19)
    assert tw["Last day to apply"] == date(2026, 4, 20)
    hk = {r.action: r.due for r in compute(_case("AlipayHK", "HKD"), "en", date(2026, 2, 1))}
    assert hk["You may apply to the FDRC from"] == date(2026, 3, 21)
    assert hk["Last day to apply"] == date(2028, 1, 15)


def test_card_case(small: Any) -> None:
    rows = compute(replace(small, case=replace(small.case, linked_card="Visa 1234")), "en", date(2026, 4, 2))
    card = [r for r in rows if r.channel == "Card issuer (chargeback)"]
    assert card and card[0].due == disputed_payment_day(small) + timedelta(days=120)
    own = [r for r in rows if not r.estimate]
    assert own and own[0].action == "补充材料截止"


def test_deadlines_count_from_the_payment_in_dispute_not_the_first_row_of_a_statement() -> None:
    def tx(n: int, day: date, amount: str) -> Transaction:
        return Transaction(id=n, case_id=1, time=datetime(day.year, day.month, day.day, 12, tzinfo=TZ),
                           amount=Decimal(amount), currency="CNY")

    statement = (tx(1, date(2020, 11, 23), "12.00"), tx(2, date(2023, 2, 8), "1299.00"), tx(3, date(2023, 3, 1), "8.00"))
    case = Case(id=1, title="t", provider="支付宝", amount=Decimal("1299.00"), currency="CNY")
    rows = {r.channel: r for r in compute(DossierData(case=case, transactions=statement), "en", date(2023, 4, 1))}
    assert rows["12315 (market regulator)"].due == date(2026, 2, 8)  # 3 years from the disputed payment
    noticed = replace(case, amount=None, discovered=date(2023, 2, 20))
    rows = {r.channel: r for r in compute(DossierData(case=noticed, transactions=statement), "en", date(2023, 4, 1))}
    assert rows["12315 (market regulator)"].due == date(2026, 2, 8)  # the last payment before it was noticed


def test_a_recurring_charge_counts_from_its_latest_month() -> None:
    monthly = tuple(Transaction(id=m, case_id=1, time=datetime(2024, m, 5, 12, tzinfo=TZ), amount=Decimal("99.00"),
                                currency="CNY") for m in range(1, 7))
    case = Case(id=1, title="t", provider="支付宝", amount=Decimal("99.00"), currency="CNY")
    data = DossierData(case=case, transactions=monthly)
    assert disputed_payment_day(data) == date(2024, 6, 5)
    assert disputed_payment_day(replace(data, case=replace(case, discovered=date(2024, 3, 20)))) == date(2024, 3, 5)
