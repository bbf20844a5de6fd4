"""Hypothesis-generated exports per format round-trip through the parsers: random preamble lengths, CRLF/LF,
BOM or none, TABs after ids inside or outside quotes, quoted commas and quotes, CJK merchants."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from walletcare.evidence.importers.detection import parse_bytes
from walletcare.evidence.importers.generic import ColumnMapping

CHINA = timezone(timedelta(hours=8))
_ALPHABET = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5),
    st.sampled_from(list("abcXYZ019 ,\"'()（）&-_.·")),
)
merchant = st.text(_ALPHABET, min_size=1, max_size=16).filter(
    lambda s: s == s.strip() and s not in ("/", "-") and not s.startswith("-"))
amount = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999999.99"), places=2)
moment = st.datetimes(min_value=datetime(2015, 1, 1), max_value=datetime(2030, 12, 31)).map(lambda d: d.replace(microsecond=0))
trade_id = st.text("0123456789", min_size=12, max_size=32)


@st.composite
def rows(draw: st.DrawFn, size: int = 8) -> list[tuple[datetime, Decimal, str, str, str]]:
    count = draw(st.integers(1, size))
    ids = draw(st.lists(trade_id, min_size=count, max_size=count, unique=True))
    return [(draw(moment), draw(amount), draw(merchant), draw(st.sampled_from(["支出", "收入"])), ids[i]) for i in range(count)]


def _csv(records: list[list[str]], newline: str, quote_all: bool) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    writer.writerows(records)
    return buffer.getvalue()


def _check(parsed_rows: list, data: list[tuple[datetime, Decimal, str, str, str]], tz: timezone, family: str) -> None:
    assert len(parsed_rows) == len(data)
    for row, (when, money, name, way, ident) in zip(parsed_rows, data, strict=True):
        tx = row.tx
        assert tx.time == when.replace(tzinfo=tz)
        assert tx.amount == money
        assert tx.counterparty == name
        assert tx.direction == {"支出": "out", "收入": "in"}[way]
        assert row.dedup_key == f"{family}:{ident}"


@settings(max_examples=35, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=rows(), extra=st.integers(0, 6), newline=st.sampled_from(["\n", "\r\n"]), quote_all=st.booleans(),
       banner=st.sampled_from(["支付宝（中国）网络技术有限公司", "支付宝支付科技有限公司"]), encoding=st.sampled_from(["gb18030", "utf-8"]))
def test_alipay_1c_round_trip(data: list, extra: int, newline: str, quote_all: bool, banner: str, encoding: str) -> None:
    preamble = ["-" * 84, "导出信息：", f"共{len(data)}笔记录", *[f"{i}.特别提示" for i in range(extra)], ""]
    body = [["交易时间", "交易分类", "交易对方", "对方账号", "商品说明", "收/支", "金额", "收/付款方式", "交易状态", "交易订单号", "商家订单号", "备注", ""]]
    body += [[when.strftime("%Y-%m-%d %H:%M:%S"), "日用百货", name, "/", "商品", way, f"{money:.2f}", "余额", "交易成功", ident + "\t", "", "", ""]
             for when, money, name, way, ident in data]
    text = newline.join(preamble) + newline + f"{'-' * 24}{banner}  电子客户回单{'-' * 24}" + newline + _csv(body, newline, quote_all)
    parsed = parse_bytes(text.encode(encoding))
    assert parsed.format == "alipay" and parsed.bad_rows == [] and parsed.declared_count == len(data)
    assert not any("records" in w or "笔记录" in w for w in parsed.warnings)
    _check(parsed.rows, data, CHINA, "alipay")


@settings(max_examples=35, deadline=None)
@given(data=rows(), extra=st.integers(0, 5), newline=st.sampled_from(["\n", "\r\n"]), quote_all=st.booleans(), bom=st.booleans())
def test_wechat_csv_round_trip(data: list, extra: int, newline: str, quote_all: bool, bom: bool) -> None:
    pad = "," * 10
    preamble = ["微信支付账单明细" + pad, f"共{len(data)}笔记录" + pad, *[f"注{i}" + pad for i in range(extra)],
                "----------------------微信支付账单明细列表--------------------" + pad]
    body = [["交易时间", "交易类型", "交易对方", "商品", "收/支", "金额(元)", "支付方式", "当前状态", "交易单号", "商户单号", "备注"]]
    body += [[when.strftime("%Y-%m-%d %H:%M:%S"), "商户消费", name, "/", way, f"¥{money:.2f}", "零钱", "支付成功", ident + "\t", "/", "/"]
             for when, money, name, way, ident in data]
    text = newline.join(preamble) + newline + _csv(body, newline, quote_all)
    parsed = parse_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    assert parsed.format == "wechat" and parsed.bad_rows == []
    _check(parsed.rows, data, CHINA, "wechat")


@settings(max_examples=35, deadline=None)
@given(data=rows(), newline=st.sampled_from(["\n", "\r\n"]), quote_all=st.booleans(), bom=st.booleans())
def test_paypal_round_trip(data: list, newline: str, quote_all: bool, bom: bool) -> None:
    body = [["Date", "Time", "TimeZone", "Name", "Type", "Status", "Currency", "Gross", "Fee", "Net", "Transaction ID"]]
    body += [[f"{when.month}/{when.day}/{when.year}", f"{when.hour}:{when.minute:02d}:{when.second:02d}", "UTC", name,
              "Payment", "Completed", "USD", f"{-money if way == '支出' else money:,.2f}", "0.00", "0", ident]
             for when, money, name, way, ident in data]
    parsed = parse_bytes(("\ufeff" if bom else "").encode() + _csv(body, newline, quote_all).encode())
    assert parsed.format == "paypal" and parsed.bad_rows == []
    _check(parsed.rows, data, UTC, "paypal")


@settings(max_examples=25, deadline=None)
@given(data=rows(), newline=st.sampled_from(["\n", "\r\n"]))
def test_etherscan_erc20_round_trip(data: list, newline: str) -> None:
    me, other = "0x" + "1" * 40, "0x" + "2" * 40
    body = [["Txhash", "UnixTimestamp", "DateTime", "From", "To", "Value", "ContractAddress", "TokenName", "TokenSymbol"]]
    body += [["0x" + ident.rjust(64, "0"), str(int(when.replace(tzinfo=UTC).timestamp())), when.strftime("%Y-%m-%d %H:%M:%S"),
              me if way == "支出" else other, other if way == "支出" else me, f"{money:,}", "0x" + "3" * 40, name, "USDT"]
             for when, money, name, way, ident in data]
    parsed = parse_bytes(_csv(body, newline, True).encode(), own_addresses=(me,))
    assert parsed.format == "etherscan" and parsed.bad_rows == []
    assert [r.tx.time for r in parsed.rows] == [d[0].replace(tzinfo=UTC) for d in data]
    assert [r.tx.amount for r in parsed.rows] == [d[1] for d in data]
    assert [r.tx.direction for r in parsed.rows] == [{"支出": "out", "收入": "in"}[d[3]] for d in data]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=rows(), extra=st.integers(0, 4), newline=st.sampled_from(["\n", "\r\n"]), quote_all=st.booleans())
def test_generic_mapping_round_trip(data: list, extra: int, newline: str, quote_all: bool) -> None:
    body = [[f"Bank statement line {i}"] for i in range(extra)]
    body += [["Posted", "Who", "Debit", "Credit", "Ref"]]
    body += [[when.strftime("%Y/%m/%d %H:%M:%S"), name, f"{money:,.2f}" if way == "支出" else "",
              f"{money:,.2f}" if way == "收入" else "", ident] for when, money, name, way, ident in data]
    mapping = ColumnMapping.from_pairs(["Posted=time", "Who=counterparty", "Debit=amount_out", "Credit=amount_in",
                                        "Ref=trade_no", "@timezone=UTC+8"])
    parsed = parse_bytes(_csv(body, newline, quote_all).encode("utf-8"), mapping=mapping)
    assert parsed.bad_rows == []
    assert len(parsed.rows) == len(data)
    for row, (when, money, name, way, ident) in zip(parsed.rows, data, strict=True):
        assert (row.tx.time, row.tx.amount, row.tx.counterparty) == (when.replace(tzinfo=CHINA), money, name)
        assert row.tx.direction == {"支出": "out", "收入": "in"}[way] and row.dedup_key == f"csv:id:{ident}"
