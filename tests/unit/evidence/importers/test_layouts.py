"""Layouts without a sample in ../shared, written from formats.md: Alipay 1B (summary at the bottom), a 2026
Alipay 1C without padding and with the new banner, embedded refunds, WeChat partial refunds, re-saved files."""

from __future__ import annotations

from decimal import Decimal

import pytest

from walletcare.errors import InvalidInput
from walletcare.evidence.importers.detection import parse_bytes
from walletcare.evidence.importers.generic import ColumnMapping

ALIPAY_1B = (
    "------------------------支付宝（中国）网络技术有限公司  电子客户回单------------------------\n"
    "收/支                 ,交易对方                ,对方账号                ,商品说明                ,收/付款方式              ,金额                  ,交易状态                ,交易分类                ,交易订单号     ,商家订单号           ,交易时间            ,\n"
    "支出                  ,蚂蚁会员（北京）网络技术服务有限公司  ,                    ,相互宝分摊-6月第1期-*     ,招商银行(9876)          ,6.51                ,交易成功                ,互助保障                ,123456\t,ABC9876\t,2021-06-14 14:00:38 ,\n"
    "其他                  ,余额宝                ,                    ,转入                ,余额          ,100.00                ,交易成功                ,投资理财                ,123457\t,\t,2021-06-15 09:00:00 ,\n"
    "收入                  ,某商户                ,                    ,退款-相互宝                ,余额          ,6.51                ,退款成功                ,退款                ,123456_99\t,ABC9876\t,2021-06-16 10:00:00 ,\n"
    "------------------------------------------------------------------------------------\n"
    "导出信息：\n"
    "共3笔记录\n"
    "收入：1笔,6.51元\n"
)


def test_alipay_1b_summary_at_the_bottom() -> None:
    parsed = parse_bytes(ALIPAY_1B.encode("gb18030"))
    assert (parsed.source_format, len(parsed.rows), parsed.bad_rows, parsed.declared_count) == ("alipay-1b", 3, [], 3)
    out, other, refund = (r.tx for r in parsed.rows)
    assert (out.direction, out.amount, out.time.isoformat()) == ("out", Decimal("6.51"), "2021-06-14T14:00:38+08:00")
    assert other.direction == "neutral"
    assert refund.direction == "in" and parsed.rows[2].refund_of_key == "alipay:123456"
    assert not parsed.warnings  # count matches, ids carry their TAB, banner present


def test_alipay_2026_banner_unpadded_embedded_refund_and_resave_signs() -> None:
    text = (
        "------------------------------------------------------------------------------------\n"
        "共2笔记录\n"
        "------------------------支付宝支付科技有限公司  电子客户回单------------------------\n"
        "交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,\n"
        "2026/3/28 12:05,餐饮美食,店,/,套餐,支出,131.77(已退款89.84),招商银行信用卡(2542)&碰一下立减,交易成功,2026032822001431051427199027,M1,,\n"
        "2026/3/29 08:00,餐饮美食,店,/,早餐,支出,\"1,234.50\",花呗&花呗青春特惠,交易成功,2026032922001431051427199028,M2,,\n"
    )
    parsed = parse_bytes(text.encode("gb18030"))
    assert parsed.source_format == "alipay-1c" and parsed.bad_rows == []
    first, second = (r.tx for r in parsed.rows)
    assert first.amount == Decimal("131.77") and ("refunded", "89.84") in first.extra
    assert first.channel == "招商银行信用卡(2542)&碰一下立减"
    assert first.time.isoformat() == "2026-03-28T12:05:00+08:00"
    assert second.amount == Decimal("1234.50")
    joined = " ".join(parsed.warnings)
    assert "制表符" in joined and "秒" in joined  # a spreadsheet re-save: ids without TAB, times without seconds


def test_wechat_partial_refund_in_status_and_refund_row_link() -> None:
    text = (
        "微信支付账单明细\n----------------------微信支付账单明细列表--------------------\n"
        "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"
        "2024-01-01 10:00:00,商户消费,美团平台商户,外卖,支出,¥50.00,零钱,已退款(￥0.11),4200000001\t,M9\t,/\n"
        "2024-01-02 10:00:00,美团平台商户-退款,美团平台商户,外卖,收入,¥0.11,零钱,已到账,5000000009\t,M9\t,/\n"
        "2024-01-03 10:00:00,转账-退款,某人,/,收入,¥3.00,零钱,对方已退还,5000000010\t,/\t,/\n"
    )
    parsed = parse_bytes(text.encode())
    purchase, refund, orphan = parsed.rows
    assert ("refunded", "0.11") in purchase.tx.extra
    assert refund.refund_of_key == purchase.dedup_key
    assert orphan.is_refund and orphan.refund_of_key is None


def test_a_quote_never_closed_is_named_not_swallowing_the_rows_after_it() -> None:
    header = "Date,Time,TimeZone,Name,Type,Status,Currency,Amount,Fees,Total,Exchange Rate,Receipt ID,Balance,Transaction ID,Item Title\n"
    rows = ''.join(f'7/4/2024,13:00:00,PDT,{name},Payment,Completed,USD,-5.00,0.00,-5.00,,,0.00,Q{n},\n'
                   for n, name in enumerate(("A", '"B', "C", "D"), 1))
    with pytest.raises(InvalidInput, match="第 3 行") as raised:
        parse_bytes((header + rows).encode())
    assert "3" in str(raised.value) and "5" in str(raised.value)  # lines 3 to 5 read as one row
    alipay = ALIPAY_1B.replace("6.51                ,交易成功", '"6.51                ,交易成功', 1)
    with pytest.raises(InvalidInput, match="第 3 行"):
        parse_bytes(alipay.encode("gb18030"))
    # a quoted field may hold line breaks: that is no error
    note = ALIPAY_1B.replace("相互宝分摊-6月第1期-*", '"相互宝分摊\n6月第1期"', 1)
    assert len(parse_bytes(note.encode("gb18030")).rows) == 3


def test_ids_a_spreadsheet_rounded_are_not_used_as_identity() -> None:
    text = (
        "微信支付账单明细\n----------------------微信支付账单明细列表--------------------\n"
        "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"
        "2024-01-01 10:00,商户消费,店一,外卖,支出,¥50.00,零钱,支付成功,4200000686202009000000000000,M1\t,/\n"
        "2024-01-01 11:00,商户消费,店二,外卖,支出,¥8.00,零钱,支付成功,4200000686202009000000000000,M2\t,/\n"
    )
    parsed = parse_bytes(text.encode())
    first, second = parsed.rows
    # the key stays the one the id always gave (a re-import adds nothing twice); the id is no reference
    assert (first.dedup_key, second.dedup_key) == ("wechat:4200000686202009000000000000", "wechat:4200000686202009000000000000#2")
    assert ("trade_no_as_saved", "4200000686202009000000000000") in first.tx.extra
    assert [r.kind for r in first.tx.references] == ["merchant_order_no"]
    joined = " ".join(parsed.warnings)
    assert "秒" in joined and "数字" in joined  # times without seconds; ids saved as numbers
    alipay = ALIPAY_1B.replace("123457\t", "1.23457E+27", 1)
    row = parse_bytes(alipay.encode("gb18030")).rows[1]
    assert ("trade_no_as_saved", "1.23457E+27") in row.tx.extra and row.dedup_key == "alipay:1.23457E+27"
    assert [r.kind for r in row.tx.references] == []


def test_generic_rows_named_like_a_total_are_read_and_bad_amounts_quoted_once() -> None:
    mapping = ColumnMapping.from_pairs(["Name=counterparty", "Date=time", "Amount=amount"])
    text = ("Name,Date,Amount\nTotalEnergies,2024-03-10 01:30,-45.00\nShell,2024-03-10 03:30,12abc\n"
            "合计,,-45.00\n")
    parsed = parse_bytes(text.encode(), mapping=mapping)
    assert [r.tx.counterparty for r in parsed.rows] == ["TotalEnergies"]
    (bad,) = parsed.bad_rows
    assert bad.line == 3 and "“12abc”" in bad.reason and "'" not in bad.reason


def test_generic_bad_fee_is_a_bad_row() -> None:
    mapping = ColumnMapping.from_pairs(["Date=time", "Amount=amount", "Fee=fee"])
    parsed = parse_bytes(b"Date,Amount,Fee\n2024-03-10 01:30,-45.00,abc\n2024-03-11 01:30,-5.00,0.10\n",
                         mapping=mapping)
    assert len(parsed.rows) == 1 and [b.line for b in parsed.bad_rows] == [2] and "“abc”" in parsed.bad_rows[0].reason


def test_line_breaks_in_a_footer_or_a_short_row_are_no_unclosed_quote() -> None:
    text = ALIPAY_1B.replace("相互宝分摊-6月第1期-*", '"相互宝分摊\n6月第1期"', 1) + '"注：\n本明细仅供参考"\n'
    parsed = parse_bytes(text.encode("gb18030"))
    assert len(parsed.rows) == 3  # the footer with a line break is a bad row at most, never a refused file
