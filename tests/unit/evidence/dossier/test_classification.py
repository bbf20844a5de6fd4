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
