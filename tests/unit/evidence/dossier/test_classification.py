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
