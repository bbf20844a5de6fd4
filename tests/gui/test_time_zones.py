"""Times are shown as recorded: a statement's China time stays China time on a computer in another zone, with
the zone named; a date-only value stays its date; the transaction dialog edits and saves in the same zone."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from pytestqt.qtbot import QtBot

from walletcare.evidence.importers.generic import ColumnMapping
from walletcare.evidence.importers.timestamps import CHINA
from walletcare.evidence.models import Transaction
from walletcare.ui.dialogs.transaction import TransactionDialog
from walletcare.ui.display import time_text


@pytest.fixture
def computer_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    def use(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield use
    monkeypatch.undo()
    time.tzset()


def test_a_statement_time_is_shown_in_its_own_zone(computer_zone) -> None:
    alipay = datetime(2023, 2, 12, 21, 32, 14, tzinfo=CHINA)
    computer_zone("UTC")
    assert time_text(alipay) == "2023年2月12日 21:32 UTC+8"
    computer_zone("Asia/Shanghai")
    assert time_text(alipay) == "2023年2月12日 21:32"  # the computer's own zone is not named
    computer_zone("America/Los_Angeles")
    paypal = datetime(2024, 3, 10, 1, 30, tzinfo=timezone(timedelta(hours=-8)))
    assert time_text(paypal) == "2024年3月10日 01:30"
    assert time_text(datetime(2024, 7, 1, 9, 0, tzinfo=timezone(timedelta(hours=5, minutes=30)))).endswith("UTC+5:30")
    assert time_text(datetime(2024, 7, 1, 9, 0, tzinfo=UTC)).endswith(" UTC")


def test_a_date_only_row_keeps_its_date(computer_zone) -> None:
    from walletcare.evidence.importers.detection import parse_bytes

    computer_zone("America/Los_Angeles")
    mapping = ColumnMapping.from_pairs(["Date=time", "Amount=amount"])
    parsed = parse_bytes(b"Date,Amount\n2024/05/03,-99\n2024-05-01 10:22,-1\n", format="csv", mapping=mapping)
    shown = [time_text(row.fields["time"]) for row in parsed.rows]
    assert shown == ["2024年5月3日 00:00 UTC+8", "2024年5月1日 10:22 UTC+8"]


def test_the_transaction_dialog_edits_in_the_recorded_zone(qtbot: QtBot, computer_zone) -> None:
    computer_zone("UTC")
    tx = Transaction(id=5, case_id=1, time=datetime(2023, 2, 12, 21, 32, 14, tzinfo=CHINA), amount=Decimal("49.74"),
                     currency="CNY", counterparty="商家")
    dialog = TransactionDialog(tx)
    qtbot.addWidget(dialog)
    assert dialog.time.dateTime().toPython() == datetime(2023, 2, 12, 21, 32, 14)
    assert "UTC+8" in dialog.zone.text()
    saved = dialog.transaction().time
    assert saved == tx.time and saved.utcoffset() == timedelta(hours=8)



@pytest.mark.parametrize("zone", ["UTC", "Asia/Shanghai", "America/New_York", "Europe/Berlin"])
def test_date_fields_get_the_values_pyside_converts(zone: str, computer_zone) -> None:
    from PySide6.QtCore import QDate, QDateTime

    from walletcare.ui.widgets.dates import date_of, datetime_of, to_qdate, to_qdatetime

    computer_zone(zone)
    gaps = (datetime(2024, 3, 10, 2, 30, 15), datetime(2024, 3, 31, 2, 30))  # no such local time in NY / Berlin
    plain = (datetime(2024, 11, 3, 1, 30), datetime(2024, 10, 27, 2, 30),  # twice that night in NY / Berlin
             datetime(2024, 2, 29, 12, 0, 0, 123456), datetime(2023, 12, 31, 23, 59, 59, 999999))
    for moment in gaps + plain:
        shown = to_qdatetime(moment)
        assert shown == QDateTime(moment)
        assert shown.toMSecsSinceEpoch() == QDateTime(moment).toMSecsSinceEpoch()
        assert datetime_of(shown) == QDateTime(moment).toPython()
        day = moment.date()
        assert to_qdate(day) == QDate(day)
        assert date_of(to_qdate(day)) == day
        assert type(date_of(to_qdate(day))) is date
    for moment in plain:
        assert datetime_of(to_qdatetime(moment)) == moment.replace(microsecond=moment.microsecond // 1000 * 1000)
