"""PayPal specifics (formats.md §3): the decimal mark found from the amounts, refunds told by their type,
partial refunds linked without a Reference Txn ID column."""

from __future__ import annotations

from decimal import Decimal

from walletcare.evidence.importers.detection import parse_bytes

H2024 = "Date,Time,TimeZone,Name,Type,Status,Currency,Amount,Fees,Total,Exchange Rate,Receipt ID,Balance,Transaction ID,Item Title\n"
CHINESE = "日期,时间,时区,名称,类型,状态,币种,总额,费用,净额,交易号\n"


def _amounts(text: str) -> list[Decimal]:
    parsed = parse_bytes(text.encode())
    assert parsed.format == "paypal" and parsed.bad_rows == [], parsed.bad_rows
    return [row.fields["amount"] for row in parsed.rows]


def test_decimal_comma_in_an_english_layout() -> None:
    rows = ('17.01.2020,10:00:00,CET,Shop,Express Checkout Payment,Completed,EUR,"-59,30","0,00","-59,30",,,"0,00",A1,\n'
            '18.01.2020,10:00:00,CET,Shop,Express Checkout Payment,Completed,EUR,"-1.234,50","0,00","-1.234,50",,,"0,00",A2,\n')
    assert _amounts(H2024 + rows) == [Decimal("59.30"), Decimal("1234.50")]


def test_thousands_comma_in_a_chinese_layout() -> None:
    rows = ('3/1/2024,10:00:00,Asia/Taipei,店家,付款,已完成,TWD,"-1,500",0,"-1,500",A1\n'
            '3/2/2024,10:00:00,Asia/Taipei,店家,付款,已完成,TWD,-20,0,-20,A2\n')
    assert _amounts(CHINESE + rows) == [Decimal(1500), Decimal(20)]


def test_mixed_marks_read_each_amount_on_its_own() -> None:
    rows = ('3/1/2024,10:00:00,PST,A,Payment,Completed,USD,-5.25,0.00,-5.25,,,0.00,A1,\n'
            '3/2/2024,10:00:00,PST,B,Payment,Completed,EUR,"-7,50",0,"-7,50",,,0,A2,\n')
    assert _amounts(H2024 + rows) == [Decimal("5.25"), Decimal("7.50")]


def test_a_refunded_payment_is_not_a_refund_and_its_refund_links_to_it() -> None:
    rows = ('7/4/2024,13:00:00,PDT,Seller,Express Checkout Payment,Refunded,USD,-5.00,0.00,-5.00,,,0.00,ID5,\n'
            '7/5/2024,13:00:00,PDT,Seller,Payment Refund,Completed,USD,5.00,0.00,5.00,,,5.00,ID4,\n')
    payment, refund = parse_bytes((H2024 + rows).encode()).rows
    assert (payment.is_refund, refund.is_refund) == (False, True)
    assert refund.refund_of_key == payment.dedup_key


def test_partial_refunds_link_to_the_one_payment_they_fit() -> None:
    rows = ('7/4/2024,13:00:00,PDT,Seller,Express Checkout Payment,Completed,USD,-5.00,0.00,-5.00,,,0.00,P1,\n'
            '7/5/2024,13:00:00,PDT,Seller,Payment Refund,Completed,USD,2.00,0.00,2.00,,,2.00,R1,\n'
            '7/6/2024,13:00:00,PDT,Seller,Payment Refund,Completed,USD,3.00,0.00,3.00,,,5.00,R2,\n'
            '7/7/2024,13:00:00,PDT,Seller,Payment Refund,Completed,USD,1.00,0.00,1.00,,,6.00,R3,\n')
    payment, first, second, third = parse_bytes((H2024 + rows).encode()).rows
    assert first.refund_of_key == second.refund_of_key == payment.dedup_key
    assert third.refund_of_key is None  # the payment is refunded in full already


def test_a_partial_refund_that_fits_two_payments_is_left_unlinked() -> None:
    rows = ('7/3/2024,13:00:00,PDT,Seller,Express Checkout Payment,Completed,USD,-5.00,0.00,-5.00,,,0.00,P1,\n'
            '7/4/2024,13:00:00,PDT,Seller,Express Checkout Payment,Completed,USD,-8.00,0.00,-8.00,,,0.00,P2,\n'
            '7/5/2024,13:00:00,PDT,Seller,Payment Refund,Completed,USD,2.00,0.00,2.00,,,2.00,R1,\n'
            '7/6/2024,13:00:00,PDT,Seller,Payment Refund,Completed,USD,8.00,0.00,8.00,,,10.00,R2,\n')
    _p1, p2, partial, full = parse_bytes((H2024 + rows).encode()).rows
    assert partial.refund_of_key is None
    assert full.refund_of_key == p2.dedup_key  # an exact amount still links
