"""Issue classification: keys and typed descriptions map to each channel's category."""

from __future__ import annotations

import pytest

from walletcare.evidence.dossier.classification import ISSUES, issue_key, mapping


@pytest.mark.parametrize(("typed", "key"), [
    ("scam", "scam"), ("被骗转账给假客服", "scam"), ("信用卡被盜刷", "unauthorized"), ("charged twice", "duplicate"),
    ("退款一直没到", "refund_not_received"), ("账户被冻结", "frozen"), ("转账已扣款对方未到账", "money_not_available"),
    ("Item not received from seller", "not_received"), ("汇率不对", "wrong_amount"), ("something else", ""),
])
def test_typed_issue_maps_to_a_key(typed: str, key: str) -> None:
    assert issue_key(typed) == key


def test_every_issue_has_channel_categories() -> None:
    for issue in ISSUES:
        rows = mapping(issue, "en")
        assert rows and rows[0][0] == "CFPB", issue
    assert mapping("unauthorized", "en")[2] == ("Card chargeback", "Visa 10.x fraud (e.g. 10.4 card-absent fraud)")
    assert mapping("blah", "en") == []


@pytest.mark.parametrize(("typed", "china", "card"), [
    # paid, goods or top-up not delivered: the merchant's failure, never the payment institution's
    ("游戏充值已扣款未到账", "12315: merchant dispute", "Visa 13.1 / Mastercard 4855: goods or services not received"),
    ("话费充值没到账", "12315: merchant dispute", "Visa 13.1 / Mastercard 4855: goods or services not received"),
    ("Paid for a top-up, never delivered", "12315: merchant dispute",
     "Visa 13.1 / Mastercard 4855: goods or services not received"),
    ("已付款商家未发货", "12315: merchant dispute", "Visa 13.1 / Mastercard 4855: goods or services not received"),
    # the payment institution's own failure: money deducted, the payee never got it
    ("转账已扣款对方未到账", "12363: payment institution (after complaining to the institution)",
     "Visa 12.x processing error"),
    ("银行卡被盗刷", "12363: payment institution (after complaining to the institution)",
     "Visa 10.x fraud (e.g. 10.4 card-absent fraud)"),
    ("退款一直没到", "12315: merchant dispute", "Visa 13.6 credit not processed"),
    ("被骗转账给假客服", "Police (110) first; then the platform",
     "Visa 13.x consumer dispute or 10.x fraud, as the issuer decides"),
])
def test_each_issue_goes_to_the_right_channel(typed: str, china: str, card: str) -> None:
    rows = dict(mapping(typed, "en"))
    assert rows["Mainland China"] == china
    assert rows["Card chargeback"] == card


INSTITUTION = "12363: payment institution (after complaining to the institution)"
MERCHANT = "12315: merchant dispute"


@pytest.mark.parametrize(("issue", "china", "card", "reason", "offered", "not_offered"), [
    # paid, goods or top-up not delivered: the merchant (12315) and Visa 13.1 / Mastercard 4855, never 12363
    ("not_received", MERCHANT, "Visa 13.1 / Mastercard 4855: goods or services not received",
     "Visa 13.1 / Mastercard 4855", {"12315"}, {"12363"}),
    ("refund_not_received", MERCHANT, "Visa 13.6 credit not processed", "Visa 13.6 / Mastercard 4853",
     {"12315"}, {"12363"}),
    # the payment institution's own failures: 12363
    ("money_not_available", INSTITUTION, "Visa 12.x processing error", "", {"12363"}, {"12315"}),
    ("frozen", INSTITUTION, None, "", {"12363"}, {"12315"}),
    ("unauthorized", INSTITUTION, "Visa 10.x fraud (e.g. 10.4 card-absent fraud)", "Visa 10.4 / Mastercard 4837",
     {"12363", "police"}, {"12315"}),
    # an amount or a double charge may be either side's failure: both are offered
    ("wrong_amount", INSTITUTION, "Visa 12.5 incorrect amount", "Visa 12.5 / Mastercard 4834",
     {"12315", "12363"}, set()),
    ("duplicate", INSTITUTION, "Visa 12.6 duplicate processing", "Visa 12.6 / Mastercard 4834",
     {"12315", "12363"}, set()),
    ("scam", "Police (110) first; then the platform", "Visa 13.x consumer dispute or 10.x fraud, as the issuer decides",
     "", {"police"}, {"12315", "12363"}),
    ("other", None, None, "", {"12315"}, {"12363"}),
])
def test_every_mapping(issue: str, china: str | None, card: str | None, reason: str, offered: set[str],
                       not_offered: set[str]) -> None:
    from datetime import date

    from walletcare.evidence.channels import applicable
    from walletcare.evidence.letters import values
    from walletcare.evidence.models import Case

    rows = dict(mapping(issue, "en"))
    assert rows.get("Mainland China") == china
    assert rows.get("Card chargeback") == card
    case = Case(1, "t", provider="支付宝", classification=issue, linked_card="Visa 4242")
    ids = {found.id for found in applicable(case)}
    assert offered <= ids and not (not_offered & ids), ids
    assert values(case, [], [], "", "en", date(2026, 1, 1))["reason_code"] == reason


@pytest.mark.parametrize(("provider", "kind", "currency", "shown", "hidden"), [
    # a drained self-custody wallet: no card, PayPal or bank account paid, so no chargeback or claim category
    ("TokenPocket", "crypto", "USDT", set(), {"CFPB", "PayPal", "Card chargeback", "US Regulation E"}),
    # a payment case whose region is unknown still shows every channel's category
    ("Some shop", "payment", "", {"CFPB", "PayPal"}, set()),
])
def test_classification_shows_the_categories_of_channels_that_apply(
        small: object, signer: object, make_options: object, provider: str, kind: str, currency: str,
        shown: set[str], hidden: set[str]) -> None:
    from dataclasses import replace
    from io import BytesIO

    from pypdf import PdfReader

    from walletcare.evidence.dossier.layout import render

    case = replace(small.case, provider=provider, kind=kind, currency=currency, classification="scam",  # type: ignore[attr-defined]
                   linked_card="", account="")
    txs = tuple(tx for tx in small.transactions if tx.currency == "USDT")  # type: ignore[attr-defined]
    data = replace(small, case=case, transactions=txs)  # type: ignore[type-var]
    pdf = render(data, make_options(lang="en"), signer=signer).pdf  # type: ignore[operator]
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    section = text[text.index("\nIssue classification\n"):text.index("\nRequested resolution\n")]
    assert "Tricked into paying (scam)" in section
    assert all(name in section for name in shown)
    assert not any(name in section for name in hidden)
