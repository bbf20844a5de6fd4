"""The column guess behind the window's "Choose columns": the header row of a bank CSV with a preamble,
first guesses of each column's field, and that the guess makes a mapping the generic importer reads."""

from __future__ import annotations

from pathlib import Path

from walletcare.evidence.importers.column_guess import guess_header, sample, suggest
from walletcare.evidence.importers.detection import parse_bytes
from walletcare.evidence.importers.generic import ColumnMapping


def test_the_header_comes_after_the_preamble_and_the_guess_reads_the_file(samples_dir: Path) -> None:
    data = (samples_dir / "bank_icbc" / "dsg_icbc_debit_v2.csv").read_bytes()
    found = sample(data)
    columns = found.columns()
    assert "交易日期" in columns and "余额" in columns
    guess = found.suggest()
    assert guess["记账金额(收入)"] == "amount_in" and "交易金额(收入)" not in guess  # the one holding values
    assert guess["交易日期"] == "date" and guess["余额"] == "balance" and guess["对方户名"] == "counterparty"
    parsed = parse_bytes(data, format="csv", mapping=ColumnMapping.from_pairs([f"{c}={f}" for c, f in guess.items()]))
    assert parsed.rows and not parsed.bad_rows


def test_guesses() -> None:
    assert guess_header([["账户明细"], ["2024-01-01", "12.00"], ["Date", "Amount", "Payee"], ["2024-01-02", "1", "x"]]) == 2
    assert suggest(["Date", "Amount", "Payee", "Memo"]) == {"Date": "date", "Amount": "amount", "Payee": "counterparty",
                                                            "Memo": "note"}
    assert suggest(["交易时间", "金额"]) == {"交易时间": "time", "金额": "amount"}
    assert suggest(["时间", "金额"]) == {"时间": "time", "金额": "amount"}  # a lone time column carries the date
    assert suggest(["日期", "时间"]) == {"日期": "date", "时间": "clock"}
    assert suggest(["金额", "交易金额"]) == {"金额": "amount"}  # each field once


def test_short_id_columns_are_guessed_as_whole_words() -> None:
    assert suggest(["Date", "Payee", "Amount", "Memo", "Ref"])["Ref"] == "reference"
    guess = suggest(["Date", "Refund amount", "Order No.", "Transaction ID"])
    assert guess == {"Date": "date", "Refund amount": "amount", "Order No.": "merchant_order_no",
                     "Transaction ID": "trade_no"}


GENERIC = "Date,Payee,Amount,Memo,Ref\n2024-05-01 10:22,Shop A,-128.50,groceries,R001\n" \
          "05/02/2024,Shop B,\"1,200.00\",refund,R002\n2024/05/03,店铺C,-99,网购,R003\n13/02/2024,Shop D,-1,x,R004\n"


def _parse(*extra: str) -> tuple[list[str], list[str]]:
    mapping = ColumnMapping.from_pairs(["Date=time", "Amount=amount", "Payee=counterparty", "Ref=reference", *extra])
    parsed = parse_bytes(GENERIC.encode(), format="csv", mapping=mapping)
    return [r.fields["time"].date().isoformat() for r in parsed.rows], [b.reason for b in parsed.bad_rows]


def test_the_date_order_reads_day_month_dates() -> None:
    from walletcare.i18n import set_language

    set_language("zh-CN")
    assert _parse("@date_order=dmy") == (["2024-05-01", "2024-02-05", "2024-05-03", "2024-02-13"], [])
    days, bad = _parse("@date_order=mdy")
    assert days == ["2024-05-01", "2024-05-02", "2024-05-03"] and len(bad) == 1  # there is no 13th month
    days, bad = _parse()  # not chosen: an unambiguous day/month date is read, an ambiguous one explains the choice
    assert days == ["2024-05-01", "2024-05-03", "2024-02-13"]
    assert bad == ["日期“05/02/2024”既可以理解为“日/月”，也可以理解为“月/日”。请为这个文件选择日期顺序。"]
    set_language("zh-TW")
    try:
        assert _parse("@date_order=ymd")[1][0] == "無法識別時間「05/02/2024」。"
    finally:
        set_language("zh-CN")


def test_the_date_order_is_saved_with_the_preset() -> None:
    import pytest

    from walletcare.errors import UsageError

    mapping = ColumnMapping.from_pairs(["Date=time", "Amount=amount", "@date_order=DMY"])
    assert mapping.date_order == "dmy" and mapping.to_store()["@date_order"] == "dmy"
    assert ColumnMapping.from_store("my card", mapping.to_store()).date_order == "dmy"
    with pytest.raises(UsageError):
        ColumnMapping.from_pairs(["Date=time", "Amount=amount", "@date_order=dd/mm"])
