"""Money and time notations of export files: Decimal from every notation seen, zones per formats.md §0.8."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from walletcare.evidence.importers.money import parse_money, refunded_in_status, split_embedded_refund
from walletcare.evidence.importers.text import decode, split_lines
from walletcare.evidence.importers.timestamps import (
    CHINA,
    from_excel_serial,
    guess_day_first,
    parse_day_first_or_month_first,
    parse_local,
    zone,
)


@pytest.mark.parametrize(("text", "expected"), [
    ("¥1,234.56", "1234.56"), ("￥742.00", "742.00"), ("-59,30", "-59.30"), ("1.234,56", "1234.56"),
    ("28.16", "28.16"), ("+ $50.00", "50.00"), ("- $80.00", "-80.00"), ("($370)", "-370"), ("-$25.00", "-25.00"),
    ("CNY 123.18", "123.18"), ("CNY13.50", "13.50"), ("1,999.8354", "1999.8354"), ("  49.74   \t", "49.74"),
    ("319.22562200498686051", "319.22562200498686051"), ("1.9E-4", "0.00019"), ("1.234.567", "1234567"),
    ("100元", "100"),
])
def test_parse_money(text: str, expected: str) -> None:
    value = parse_money(text)
    assert isinstance(value, Decimal) and value == Decimal(expected)


@pytest.mark.parametrize("text", ["", "-", "/", "N/A", "abc", "1.2.3", "NaN", "Infinity", "12,34,56", "¥"])
def test_parse_money_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_money(text)


def test_decimal_comma_flag() -> None:
    assert parse_money("1,234", decimal_comma=True) == Decimal("1.234")
    assert parse_money("1,234", decimal_comma=False) == Decimal("1234")


@given(st.decimals(min_value=-10**9, max_value=10**9, places=2))
def test_grouped_notations_round_trip(value: Decimal) -> None:
    assert parse_money(f"¥{value:,.2f}") == value
    european = f"{value:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    assert parse_money(european, decimal_comma=True) == value


def test_refund_notations() -> None:
    assert split_embedded_refund("131.77(已退款89.84)") == ("131.77", Decimal("89.84"))
    assert split_embedded_refund("12.00") == ("12.00", None)
    assert refunded_in_status("已退款￥742.00") == Decimal("742.00")
    assert refunded_in_status("已退款(￥0.11)") == Decimal("0.11")
    assert refunded_in_status("支付成功") is None


def test_times_and_zones() -> None:
    assert parse_local("2023-02-12 21:32:14 ", CHINA).isoformat() == "2023-02-12T21:32:14+08:00"
    assert parse_local("2023/2/12 9:05", CHINA).isoformat() == "2023-02-12T09:05:00+08:00"  # a re-saved file
    assert parse_local("20250101", CHINA).isoformat() == "2025-01-01T00:00:00+08:00"
    assert parse_local("2025/12/03  14:06:51", CHINA).isoformat() == "2025-12-03T14:06:51+08:00"
    assert parse_local("2023-05-02", CHINA).isoformat() == "2023-05-02T00:00:00+08:00"  # not 08:00 from "+08:00"
    # compact forms: fromisoformat would take their 9th character as the date/time separator
    assert parse_local("20240301103000", CHINA).isoformat() == "2024-03-01T10:30:00+08:00"
    assert parse_local("20240301201500", CHINA).isoformat() == "2024-03-01T20:15:00+08:00"
    assert parse_local("202403011000", CHINA).isoformat() == "2024-03-01T10:00:00+08:00"
    assert parse_local("２０２４-０３-０１ １０:３０", CHINA).isoformat() == "2024-03-01T10:30:00+08:00"  # full-width
    for broken in ("2024-01-01 100", "2024-01-01 10:00:001"):
        with pytest.raises(ValueError):
            parse_local(broken, CHINA)
    assert parse_local("2023-05-02 08:00:00-05:00", CHINA).isoformat() == "2023-05-02T08:00:00-05:00"  # its own
    west = timezone(timedelta(hours=-9, minutes=-30))
    assert parse_local("2023-05-02 08:00", west).isoformat() == "2023-05-02T08:00:00-09:30"
    with pytest.raises(ValueError):
        parse_local("yesterday", CHINA)
    assert zone("PDT").utcoffset(None).total_seconds() == -7 * 3600
    la = zone("America/Los_Angeles")
    assert datetime(2024, 7, 1, tzinfo=la).utcoffset().total_seconds() == -7 * 3600
    assert datetime(2024, 1, 1, tzinfo=la).utcoffset().total_seconds() == -8 * 3600
    assert zone("UTC+8").utcoffset(None).total_seconds() == 8 * 3600
    with pytest.raises(ValueError):
        zone("Mars/Olympus")
    assert from_excel_serial(45000.5, CHINA).isoformat() == "2023-03-15T12:00:00+08:00"
    assert guess_day_first(["1/2/2020", "13/2/2020"]) is True
    assert guess_day_first(["1/2/2020", "2/13/2020"]) is False
    assert guess_day_first(["1/2/2020"]) is None
    assert parse_day_first_or_month_first("02/24/2024", "3:26:36", zone("PST"), day_first=False).isoformat() == \
        "2024-02-24T03:26:36-08:00"


def test_decoding_order() -> None:
    text = "交易时间,金额\n"
    assert decode(b"\xef\xbb\xbf" + text.encode()) == text
    assert decode(text.encode("gb18030")) == text
    assert decode(text.encode("utf-16")) == text
    assert split_lines("a\r\nb\nc\rd") == ["a", "b", "c\rd"]
    assert split_lines("a\rb") == ["a", "b"]


@given(st.text(st.sampled_from(list("0123456789.,+-()$¥￥€ CNYE元e\t")), max_size=12))
def test_parse_money_fails_only_with_value_error(text: str) -> None:
    try:
        value = parse_money(text)
    except ValueError:
        return
    assert value.is_finite()
