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
