"""Hostile inputs found by the torture harness: each is a bad row or an ``InvalidInput`` naming its limit,
never an unhandled exception, a hang or unbounded memory."""

from __future__ import annotations

import pytest

from walletcare.evidence.importers.detection import parse_bytes

PAYPAL_HEADER = '"Date","Time","TimeZone","Name","Type","Status","Currency","Gross","Fee","Net","Transaction ID"'


@pytest.mark.parametrize("clock", ["13:99999999999999999999:35", "99999999999999999999:00:00", "13:00:99999999999999999999"])
def test_paypal_time_with_huge_numbers_is_a_bad_row(clock: str) -> None:
    data = (f'{PAYPAL_HEADER}\r\n"02/24/2024","{clock}","PST","Taxi","Payment","Completed","USD","-69.96","0",'
            '"-69.96","8A34EC67"\r\n').encode()
    parsed = parse_bytes(data)
    assert parsed.rows == [] and len(parsed.bad_rows) == 1
    assert clock in parsed.bad_rows[0].reason


def test_paypal_date_with_huge_year_is_a_bad_row() -> None:
    data = (f'{PAYPAL_HEADER}\r\n"02/24/99999999999999999999","13:00:35","PST","Taxi","Payment","Completed","USD",'
            '"-69.96","0","-69.96","8A34EC67"\r\n').encode()
    parsed = parse_bytes(data)
    assert parsed.rows == [] and len(parsed.bad_rows) == 1
