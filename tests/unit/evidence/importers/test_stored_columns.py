"""The Alipay and Etherscan parsers build each row's stored columns inline (issue #18); every row they build
must be what ``codec.imported_row`` builds from the same facts, for ordinary rows and the unusual ones
(times without seconds or with fractions, slashes, embedded refunds, grouped amounts, missing or rounded ids,
the column separator inside a cell, failed and zero-value transfers, fees of zero)."""

from __future__ import annotations

from typing import Any

import pytest

from walletcare.evidence.importers.detection import parse_bytes
from walletcare.evidence.transactions.codec import imported_fields, imported_row

HEAD = (
    "------------------------支付宝（中国）网络技术有限公司  电子客户回单------------------------\n"
    "交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,\n"
)
ALIPAY_ROWS = (
    "2023-01-01 08:00:00,日用百货,商户1,shop1@example.com,商品1,支出,1.50,招商银行信用卡(2542),交易成功,2023000000000000000000000001\t,M000000000001\t,/,\n"
    "2023-01-01 08:01,日用百货,商户2,/,商品2,支出,007.50,余额,交易成功,2023000000000000000000000002\t,/,,\n"
    "2023/1/2 3:04:05,转账,商户3,,商品3,收入,\"¥1,234.56\",余额,交易成功,2023000000000000000000000003\t,,备注,\n"
    "2023-01-02T03:04:05.5,日用百货,商户4,,商品4,支出,131.77(已退款89.84),余额,交易成功,2023000000000000000000000004\t,M4\t,,\n"
    "2023-01-03 10:00:00,日用百货,商户5,,商品\x1f5,不计收支,0.00,余额,交易关闭,,,,\n"
    "2023-01-03 11:00:00,退款,商户6,,退款-商品1,不计收支,1.50,余额,退款成功,2023000000000000000000000001_6\t,M000000000001\t,,\n"
    "2023-01-03 12:00:00,日用百货,商户7,,商品7,,-12.30,余额,交易成功,2.0230E+27\t,M7\t,,\n"
    "2023-01-03 13:00:00,日用百货,商户8,,商品8,支出,9.99,余额,交易成功,2023000000000000000000000001\t,M8\t,,\n"
)
ME = "0x1111111111111111111111111111111111111111"
OTHER = "0x2222222222222222222222222222222222222222"
ETHERSCAN = (
    '"Txhash","Blockno","UnixTimestamp","DateTime (UTC)","From","To","ContractAddress","Value_IN(ETH)","Value_OUT(ETH)",'
    '"CurrentValue @ $2264.04/Eth","TxnFee(ETH)","TxnFee(USD)","Historical $Price/Eth","Status","ErrCode","Method"\n'
    f'"0x{"a" * 64}","19000000","1704067200","2024-01-01 00:00:00","{OTHER}","{ME}","","1.5","0","3396","0.00042","0.95","2281","","","Transfer"\n'
    f'"0x{"b" * 64}","19000001","1704070800","2024-01-01 01:00:00","{ME}","{OTHER}","","0","0.25","566","0.0011","2.51","2281","Error(0)","Reverted","Transfer"\n'
    f'"0x{"c" * 64}","19000002","","2024-01-01 02:00:00","{ME}","{OTHER}","","0","1E-4","0","0","0","2281","","","Appr\x1fove"\n'
    f'"0x{"d" * 64}","19000003","1704074400","2024-01-01 02:00:00","{ME}","{OTHER}","","0","0.001","0","","","2281","","","Transfer"\n'
)
ERC20 = (
    '"Txhash","Blockno","UnixTimestamp","DateTime (UTC)","From","To","TokenValue","USDValueDayOfTx","ContractAddress","TokenName","TokenSymbol"\n'
    f'"0x{"a" * 64}","19000000","1704067200","2024-01-01 00:00:00","{ME}","{OTHER}","1,999.8354","$1,999.84","0xdac17f958d2ee523a2206206994597c13d831ec7","Tether USD","USDT"\n'
    f'"0x{"b" * 64}","19000001","1704067300","2024-01-01 00:01:40","{OTHER}","{ME}","0","N/A","0xdac17f958d2ee523a2206206994597c13d831ec7","Tether USD","USDT"\n'
)


def _rebuilt(stored: tuple[Any, ...]) -> tuple[Any, ...]:
    f = imported_fields(stored)
    return imported_row(f["time"], f["amount"], f["currency"], f["direction"], f["counterparty"], f["description"],
                        f["references"], f["status"], f["channel"], f["note"], f["raw"], f["source_line"],
                        f["source_format"], f["dedup_key"], f["extra"], f["fee"], f["tags"])


@pytest.mark.parametrize(("data", "count"), [((HEAD + ALIPAY_ROWS).encode("gb18030"), 8),
                                             ((HEAD + ALIPAY_ROWS).replace("\n", "\r\n").encode("utf-8"), 8),
                                             (ETHERSCAN.encode(), 4), (ERC20.encode(), 2)])
def test_rows_built_inline_are_what_the_codec_builds(data: bytes, count: int) -> None:
    parsed = parse_bytes(data, own_addresses=(ME,))
    assert (len(parsed.rows), parsed.bad_rows) == (count, [])
    for row in parsed.rows:
        assert row.stored is not None
        assert _rebuilt(row.stored) == row.stored


def test_inline_times_amounts_and_references() -> None:
    rows = parse_bytes((HEAD + ALIPAY_ROWS).encode("gb18030")).rows
    txs = [r.tx for r in rows]
    assert [t.time.isoformat() for t in txs[:4]] == [
        "2023-01-01T08:00:00+08:00", "2023-01-01T08:01:00+08:00", "2023-01-02T03:04:05+08:00",
        "2023-01-02T03:04:05.500000+08:00"]
    assert [str(t.amount) for t in txs] == ["1.50", "7.50", "1234.56", "131.77", "0.00", "1.50", "12.30", "9.99"]
    assert [[(r.kind, r.value) for r in t.references] for t in txs[:2]] == [
        [("trade_no", "2023000000000000000000000001"), ("merchant_order_no", "M000000000001")],
        [("trade_no", "2023000000000000000000000002")]]
    assert txs[4].description == "商品\x1f5" and txs[4].references == ()
    assert dict(txs[3].extra)["refunded"] == "89.84"
    assert txs[7].dedup_key == "alipay:2023000000000000000000000001#2"  # the same id twice in one file
    eth = [r.tx for r in parse_bytes(ETHERSCAN.encode(), own_addresses=(ME,)).rows]
    assert [t.time.isoformat() for t in eth] == ["2024-01-01T00:00:00+00:00", "2024-01-01T01:00:00+00:00",
                                                 "2024-01-01T02:00:00+00:00", "2024-01-01T02:00:00+00:00"]
    assert [str(t.fee) for t in eth] == ["None", "0.0011", "None", "None"]
    assert (eth[1].amount, dict(eth[1].extra)["value_not_moved"]) == (0, "0.25")


@pytest.mark.parametrize("bad_time", ["2021-02-30 14:00:38", "2021-06-14 24:00:38", "2021-13-01 08:00:00"])
def test_an_impossible_time_is_a_bad_row_not_a_failed_import(bad_time: str) -> None:
    rows = ALIPAY_ROWS.splitlines(keepends=True)
    rows[1] = bad_time + rows[1][rows[1].index(","):]
    parsed = parse_bytes((HEAD + "".join(rows)).encode("gb18030"))
    assert len(parsed.rows) == 7
    assert [bad.line for bad in parsed.bad_rows] == [4]  # the file's fourth line: header, columns, row 1, row 2
    assert bad_time in parsed.bad_rows[0].reason
