"""The two review cases of the dossier, built in a real vault: an Alipay 199.00 CNY game top-up paid and never
delivered, with an imported Alipay bill; and a TokenPocket wallet drained after a fake-support chat, with the
1,855-row OKLink token-transfer export. Each has a chat screenshot read by the real OCR engine."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.unit.evidence.chat_screens import lines_screen
from walletcare.evidence.importers.pipeline import import_file
from walletcare.evidence.models import Case, Contact, Party, Reference, Transaction

CST = timezone(timedelta(hours=8))
ORDER = "2024052022001412345678901234"
TOPUP_SCREEN = ["支付宝 账单详情", "某某游戏 官方充值", "-199.00", "交易成功", f"订单号 {ORDER}",
                "创建时间 2024-05-20 14:32:01", "客服电话 13912345678"]
DRAIN_SCREEN = ["TokenPocket 官方客服（假）", "您好，您的钱包存在异常风险", "请在以下网址验证钱包：",
                "tp-verify-wallet.com", "收款地址：", "0x3ef4a1b2c3d4e5f60718293a4b5c6d7e8ff2768a",
                "客服微信电话 17712345678"]


def alipay_case(store: Any, samples: Path, read: Any) -> int:
    """The Alipay top-up case; ``read(png)`` returns the OCR result of a screenshot."""
    case = store.cases.add(Case(
        0, "游戏充值 199 元已付款未到账", provider="支付宝", kind="payment", currency="CNY",
        classification="充值未到账", requested_resolution="请商家在 7 日内补发点券，或退还 199.00 元。",
        description="2024年5月20日在某某游戏官方充值页用支付宝付款 199.00 元购买点券，支付宝显示交易成功，"
                    "但游戏账户至今没有收到点券。已联系游戏客服两次，对方答应 48 小时内补发，至今未处理。",
        discovered=date(2024, 5, 20), expected_delivery=date(2024, 5, 20), first_complaint=date(2024, 5, 21),
        claimant=Party(name="王小明", phone="13812345678", email="wang.xm@example.com",
                       address="上海市浦东新区世纪大道100号8楼"),
        respondent=Party(name="某某游戏（上海）网络科技有限公司", address="上海市徐汇区某某路1号",
                         merchant_order_no="M20240520143201", organisation="支付宝（中国）网络技术有限公司"),
    ))
    store.transactions.add(Transaction(
        0, case.id, datetime(2024, 5, 20, 14, 32, 1, tzinfo=CST), Decimal("199.00"), "CNY",
        counterparty="某某游戏官方充值", description="游戏点券充值 1990 点", status="交易成功", channel="余额宝",
        references=(Reference("trade_no", ORDER), Reference("merchant_order_no", "M20240520143201"))))
    for sample in ("daoru_alipay_20201122-20201214.csv", "dsg_alipay_2023fmt_HEAD.csv"):
        import_file(store, case.id, samples / "alipay" / sample)
    store.contacts.add(Contact(0, case.id, "chat", datetime(2024, 5, 21, 10, 5, tzinfo=CST),
                               "游戏在线客服确认订单已付款，称系统延迟，48 小时内补发点券。", channel="游戏官网在线客服",
                               official_source="游戏官网", agent="客服 小美", ticket="GM20240521-0088",
                               promised="48 小时内补发点券", promise_kept=False))
    store.contacts.add(Contact(0, case.id, "call", datetime(2024, 5, 24, 16, 0, tzinfo=CST),
                               "再次致电，客服称已提交技术部门，无法给出时间。", channel="400-123-4567",
                               official_source="游戏官网", ticket="GM20240521-0088"))
    png = lines_screen(TOPUP_SCREEN, height=1000)
    shot, _dup = store.evidence.add(case.id, png, "Screenshot_20240520-143512.png", caption="支付宝账单详情：交易成功")
    store.readings.save(shot.id, read(png))
    return case.id


def drain_case(store: Any, samples: Path, read: Any) -> int:
    """The TokenPocket drain case with the OKLink export; the two largest USDT transfers out are disputed."""
    case = store.cases.add(Case(
        0, "TokenPocket 钱包被转走：假客服诱导授权", provider="TokenPocket", kind="crypto", chain="Ethereum",
        wallet_app="TokenPocket 2.2.4", own_addresses=("0x1429****7f855c",), classification="scam",
        requested_resolution="请冻结接收地址所在交易所账户中的资金，并协助追回被转走的 USDT。",
        description="2025年11月9日，自称 TokenPocket 官方客服的人在 Telegram 上联系我，让我打开一个“验证钱包”网址并"
                    "确认授权。确认后几分钟内，钱包里的 USDT 被分几笔转走。",
        discovered=date(2025, 11, 9),
        claimant=Party(name="李华", phone="13712345678", email="li.hua@example.com"),
        respondent=Party(name="未知（冒充 TokenPocket 客服）", staff="Telegram @tp_support_help"),
    ))
    import_file(store, case.id, samples / "oklink" / "dsg_oklink_token_transfer.csv")
    rows = store.transactions.all(case.id)
    usdt = sorted((tx for tx in rows if tx.currency == "USDT" and tx.direction == "out"), key=lambda tx: tx.amount,
                  reverse=True)  # the drain: the largest transfers out of the wallet
    store.transactions.mark([tx.id for tx in usdt[:2]], "disputed")
    store.contacts.add(Contact(0, case.id, "chat", datetime(2025, 11, 9, 13, 20, tzinfo=CST),
                               "对方自称 TokenPocket 官方客服，要求打开 tp-verify-wallet.com 并确认授权。",
                               channel="Telegram @tp_support_help", official_source="否：对方主动私信",
                               agent="“TP客服-小李”", promised="“验证后资产自动恢复”", promise_kept=False))
    png = lines_screen(DRAIN_SCREEN, height=900, size=34)
    shot, _dup = store.evidence.add(case.id, png, "Screenshot_20251109-132512.png", caption="假客服聊天记录")
    store.readings.save(shot.id, read(png))
    return case.id


def disputed(store: Any, case_id: int) -> list[Transaction]:
    """The case's disputed transactions."""
    return [tx for tx in store.transactions.all(case_id) if tx.role == "disputed"]
