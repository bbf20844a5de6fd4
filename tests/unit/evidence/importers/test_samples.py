"""Every real sample in ../shared/samples imports with the expected rows, totals per direction and refund links.

The expected figures were worked out from the files themselves, independently of the importers: rows are
the data lines after the header (blank and footer lines excluded), totals were summed per 收/支 (Alipay,
WeChat), per sign (PayPal, CMB), per 收入/支出 column (ICBC) and per sender/receiver = the export's address
(OKLink) with ``awk`` over the file (Alipay via ``iconv -f GB18030``); refunds were matched by hand.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from walletcare.evidence.importers.detection import parse_bytes
from walletcare.evidence.importers.records import ParsedFile


def _parse(samples_dir: Path, name: str) -> ParsedFile:
    return parse_bytes((samples_dir / name).read_bytes())


def _totals(parsed: ParsedFile) -> dict[tuple[str, str], Decimal]:
    sums: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for row in parsed.rows:
        sums[(row.tx.direction, row.tx.currency)] += row.tx.amount
    return dict(sums)


def _counts(parsed: ParsedFile) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for row in parsed.rows:
        counts[row.tx.direction] += 1
    return dict(counts)


def _refunds(parsed: ParsedFile) -> dict[int, str]:
    return {row.tx.source_line or 0: row.refund_of_key or "" for row in parsed.rows if row.refund_of_key}


# name, format-variant, rows, rows per direction, totals per (direction, currency), refund links (line → key),
# declared count (共N笔记录 or None).
CASES = [
    # 1C, 支付宝（中国） banner, space-padded cells; 24 lines after the header at line 25 … 10 rows; 3 refunds-like rows:
    # 退款-亲情卡 (no "_" and no shared 商家订单号 → unlinked) and 2023xxxxx88_2023xx57 → 2023xxxxx88.
    ("alipay/dsg_alipay_2023fmt_HEAD.csv", "alipay-1c", 10, {"out": 5, "in": 1, "neutral": 4},
     {("out", "CNY"): "211.64", ("in", "CNY"): "222228.50", ("neutral", "CNY"): "247.37"},
     {32: "alipay:2023xxxxx88"}, 66),
    # 1A legacy web: 6 rows; refunds 987654_321 → 987654 and 202011_133899 → 202011 (blank 收/支 → neutral).
    ("alipay/dsg_alipay_legacy_web_fmt.csv", "alipay-1a", 6, {"out": 3, "in": 1, "neutral": 2},
     {("out", "CNY"): "3110.00", ("in", "CNY"): "0.01", ("neutral", "CNY"): "2808.42"},
     {8: "alipay:987654", 10: "alipay:202011"}, 6),
    # 1C, 支付宝支付科技 banner (fabricated file): 24 rows; 退款-耐克运动袜 shares 商家订单号 T200P…276192 and
    # 交易对方 京东商城 with the 2020-11-23 purchase → linked; the other two refunds share no order number.
    ("alipay/daoru_alipay_20201122-20201214.csv", "alipay-1c", 24, {"out": 18, "in": 1, "neutral": 5},
     {("out", "CNY"): "1853.20", ("in", "CNY"): "88.88", ("neutral", "CNY"): "58.04"},
     {41: "alipay:2020112322001155631428613258"}, 35),
    # WeChat CSV era: 19 rows after the header at line 17; / → neutral.
    ("wechat/dsg_wechat_2022.csv", "wechat-csv", 19, {"out": 6, "in": 3, "neutral": 10},
     {("out", "CNY"): "2807.62", ("in", "CNY"): "23.42", ("neutral", "CNY"): "26099.66"}, {}, 43),
    # WeChat XLSX: first sheet with the 明细列表 row (example-wechat-records), 27 rows.
    ("wechat/dsg_wechat_HEAD_2026fmt.xlsx", "wechat-xlsx", 27, {"out": 11, "in": 5, "neutral": 11},
     {("out", "CNY"): "2904.53", ("in", "CNY"): "28.49", ("neutral", "CNY"): "26100.89"}, {}, 43),
    # PayPal 2024 layout: 35 rows, signed Amount; the two Payment Refund rows have no Reference Txn ID column and
    # match the earlier Taxi payments of the same amount (6.51 and 43.44).
    ("paypal/minance_paypal_2024_filtered.csv", "paypal-2024", 35, {"out": 25, "in": 10},
     {("out", "USD"): "2203.52", ("in", "USD"): "791.76"},
     {20: "paypal:84b4a908-fac4-46d3-8162-6f5259e1ed9f", 21: "paypal:b601d17b-bcb0-4894-8981-d0f45c1c9e16"}, None),
    # ICBC debit v2 through the built-in preset: 11 rows, 记账金额(收入/支出); the 人民币合计 footer is not a row.
    ("bank_icbc/dsg_icbc_debit_v2.csv", "csv-icbc_debit_v2", 11, {"out": 6, "in": 5},
     {("out", "CNY"): "4241.08", ("in", "CNY"): "2841.74"}, {}, None),
    # CMB debit (converter layout) through the built-in preset: 5 rows, signed amounts with thousands separators.
    ("bank_cmb/dsg_cmb_debit.csv", "csv-cmb_debit", 5, {"out": 4, "in": 1},
     {("out", "CNY"): "2013.14", ("in", "CNY"): "1234.00"}, {}, None),
]


@pytest.mark.parametrize(("name", "source_format", "rows", "counts", "totals", "refunds", "declared"), CASES,
                         ids=[c[0] for c in CASES])
def test_sample_imports_exactly(samples_dir: Path, name: str, source_format: str, rows: int, counts: dict[str, int],
                                totals: dict[tuple[str, str], str], refunds: dict[int, str], declared: int | None) -> None:
    parsed = _parse(samples_dir, name)
    assert parsed.source_format == source_format
    assert parsed.bad_rows == []
    assert len(parsed.rows) == rows
    assert _counts(parsed) == counts
    assert _totals(parsed) == {k: Decimal(v) for k, v in totals.items()}
    assert _refunds(parsed) == refunds
    assert parsed.declared_count == declared
    for row in parsed.rows:
        assert row.tx.time.utcoffset() is not None
        assert isinstance(row.tx.amount, Decimal) and row.tx.amount >= 0
        assert row.tx.raw and row.tx.source_line and row.tx.source_format == source_format
    keys = [row.dedup_key for row in parsed.rows]
    assert len(set(keys)) == len(keys)


def test_oklink_sample(samples_dir: Path) -> None:
    # 1855 data lines; the export's address 0x1429****7f855c sends 1798 and receives 57 (awk on columns 5/7);
    # USDT sums 622050.512256 out / 623600.529953 in.
    parsed = _parse(samples_dir, "oklink/dsg_oklink_token_transfer.csv")
    assert (parsed.source_format, len(parsed.rows), parsed.bad_rows) == ("oklink-token_transfer", 1855, [])
    assert _counts(parsed) == {"out": 1798, "in": 57}
    totals = _totals(parsed)
    assert totals[("out", "USDT")] == Decimal("622050.512256")
    assert totals[("in", "USDT")] == Decimal("623600.529953")
    assert totals[("out", "USDC")] == Decimal("174812.586163")
    first = parsed.rows[0].tx
    assert first.time.isoformat() == "2025-11-09T05:46:11+00:00"
    assert first.references[0].value == "0xdedce3****0177adc9"
    assert any("possible_spam" in row.tx.tags for row in parsed.rows)


def test_alipay_row_details(samples_dir: Path) -> None:
    parsed = _parse(samples_dir, "alipay/dsg_alipay_2023fmt_HEAD.csv")
    first = parsed.rows[0].tx
    assert first.time.isoformat() == "2023-02-12T21:32:14+08:00"
    assert first.amount == Decimal("49.74") and first.direction == "out"
    assert first.channel == "交通银行信用卡(7449)" and first.status == "交易成功"
    assert [r.kind for r in first.references] == ["trade_no", "merchant_order_no"]
    assert first.references[0].value == "202302xxxxxx0011000103xxxxxx"  # the TAB is gone, every digit kept
    assert first.raw.startswith("2023-02-12 21:32:14 ,亲友代付")
    assert parsed.warnings[0].startswith("文件声明共有 66 笔记录，实际找到 10 笔")


def test_wechat_row_details(samples_dir: Path) -> None:
    csv_rows = _parse(samples_dir, "wechat/dsg_wechat_2022.csv").rows
    withdrawal = next(r.tx for r in csv_rows if r.tx.references and r.tx.references[0].value == "207210715100077148235523883175")
    assert (withdrawal.amount, withdrawal.fee, withdrawal.direction) == (Decimal("100.10"), Decimal("0.10"), "neutral")
    xlsx_rows = _parse(samples_dir, "wechat/dsg_wechat_HEAD_2026fmt.xlsx").rows
    assert xlsx_rows[0].tx.source_line == 19  # header on sheet row 18 (after a "Column1…" row)
    assert xlsx_rows[0].tx.amount == Decimal("28.16")


def test_same_rows_in_csv_and_xlsx_have_the_same_keys(samples_dir: Path) -> None:
    csv_keys = [r.dedup_key for r in _parse(samples_dir, "wechat/dsg_wechat_2022.csv").rows]
    xlsx_keys = {r.dedup_key for r in _parse(samples_dir, "wechat/dsg_wechat_HEAD_2026fmt.xlsx").rows}
    # The XLSX holds the CSV's rows (one more 零钱通 row in the middle shifts no key: ids differ).
    assert set(csv_keys[:15]) <= xlsx_keys
