""""Medium" needs a scam's shape: a text that describes a scam is not one.

A news report, a police notice or a help text names a scam's request in the third person ("骗子谎称…要求受害人
转账", "scammers will tell you to pay a fee") or as an example ("例如：…", "for example, '…'"); friends
collecting a shared cost arrange a real transfer. Such a text is low unless it also asks the reader to act in
its own voice. A known person's request for money is a script when it comes with a pretext (an accident, a
hospital, an arrest, a new number, a boss's errand) or urgency and secrecy. The sentences here were written
for these tests, not taken from the held-out sets.
"""

from __future__ import annotations

import pytest

from walletcare.faq.scam import ScamChecker


@pytest.mark.parametrize("text", [
    # news and police notices: the request is the scammers', reported
    "据警方通报，骗子冒充电商客服，谎称订单异常需要退款，要求受害人把钱转到所谓的安全账户，共骗走 6 万元。",
    "市公安局提醒：近期有不法分子假冒银行工作人员，以账户被冻结为由，要求民众缴纳解冻费。",
    "詐騙集團近來假冒電信客服，謊稱門號欠費，要求民眾下載遠端軟體配合操作。",
    "Police say scammers posing as bank staff told a retiree to move her savings to a 'safe account'; she lost $40,000.",
    "Scammers will say your wallet is frozen and ask you to pay a gas fee before you can withdraw.",
    # help texts with an example
    "识别假客服：例如对方说“你的账户需要先交保证金才能解冻”，这就是典型的话术。",
    "Spot the pattern: for example, a message saying 'install this remote app so we can refund you' comes from a scammer.",
])
def test_a_described_scam_is_low(checker: ScamChecker, text: str) -> None:
    result = checker.scan(text, "zh-CN")
    assert result.risk in ("none", "low"), (result.risk, [(f.rule, f.severity, f.match) for f in result.flags])


@pytest.mark.parametrize("text", [
    # friends sharing a cost, or confirming a transfer already made
    "周末露营的营地费每人 180，周四之前转给我，我统一交给营地老板。",
    "阿姨，这个月的房租我已经转过去了，麻烦您查收一下。",
    "週末烤肉的食材費一人 300，轉給我就好，我再跟老闆結帳。",
])
def test_a_friends_arrangement_is_low(checker: ScamChecker, text: str) -> None:
    result = checker.scan(text, "zh-CN")
    assert result.risk in ("none", "low"), (result.risk, [(f.rule, f.severity, f.match) for f in result.flags])


@pytest.mark.parametrize("text", [
    # a description that also asks the reader to act in its own voice is not excused
    "安全提醒：近期有不法分子冒充客服。您的账户已被冻结，请立即缴纳 500 元保证金才能解冻。",
    "Security notice: criminals are targeting our customers. To protect your savings, transfer them to the secure account below now.",
    # a known person with a pretext and urgency or secrecy
    "舅舅，我是小杰，我出车祸了在医院，急需手术押金，先转给我 2 万，别告诉我妈。",
    "老板在开会不方便接电话，让我跟你说，马上把 3 万转到我的个人账户，合同的事回头再说。",
    "Grandma it's me, I lost my phone so this is my new number. I'm in trouble, please send the money to my account right away and don't tell Dad.",
    # a script citing the victim's loss, or a pretext in another part of the sentence
    "您好，我们是资产追回中心，您被骗的资金已找到，需先支付 5% 手续费才能退回到您的银行卡。",
    "您的储蓄卡疑似被不法分子复制，请今天把卡内资金转到我们为您开设的安全账户。",
])
def test_a_request_of_its_own_stays_caught(checker: ScamChecker, text: str) -> None:
    assert checker.scan(text, "zh-CN").risk in ("medium", "high")


def test_fee_deducted_next_to_a_negation_is_excepted(checker: ScamChecker) -> None:
    notice = "提现手续费说明：每笔提现约 1 USDT，需按网络状况调整，手续费直接由提现金额扣除，不需另外转账。"
    assert checker.scan(notice, "zh-CN").risk in ("none", "low")
    script = "提币需要先支付 1 USDT 手续费才能解冻到账，请先转账。"
    assert checker.scan(script, "zh-CN").risk in ("medium", "high")


def test_the_number_on_the_card_is_not_fake_support(checker: ScamChecker) -> None:
    notice = "【某银行】您尾号 1234 的卡消费 300 元，如非本人操作，请致电卡背面客服电话冻结卡片。"
    assert checker.scan(notice, "zh-CN").risk in ("none", "low")
