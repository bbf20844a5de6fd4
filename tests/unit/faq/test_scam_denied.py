"""A "high" is a request aimed at the reader, in the text's own voice; support replies and help texts are not.

A negation right before a directive or a request word denies it ("客服不会要求您提供…", "we do not need you to
pay"); an action in a part of a sentence that sends the reader into the official app is not a scam's request;
a quote after "不存在" is a denied claim; a cost split between the writer and the reader, an out-of-pocket
("自费") item and a "远程费" surcharge are not fees to release money; a report in the third person, a warning
that a scam is rising, advice to check by a known number or face to face, "we will not contact you on X" and
a relative who invites a video call to check are not scripts. Each structure is tested both ways: the benign
text stays below "high" (or low), a script of the same shape is still caught. The sentences were written for
these tests, not taken from the held-out sets.
"""

from __future__ import annotations

import pytest

from walletcare.faq.scam import ScamChecker


@pytest.mark.parametrize(("text", "lang"), [
    # a denied request word or directive, next to a step inside the official app
    ("您好，请在淘宝 App 里按提示修改登录密码，平台客服不会要求您提供短信验证码。", "zh-CN"),
    ("您好，客服回覆：請於銀行 App 內重設密碼，我們不會要求您提供動態碼。", "zh-TW"),
    ("Your refund is processed automatically; we do not need you to pay anything or read out any code.", "en"),
    # a help text that says what the police will not ask
    ("接到自称法院的来电怎么办：法院不会电话通知开庭，也不会要求你转账或保密，挂断后自己查证。", "zh-CN"),
])
def test_a_denied_request_is_not_high(rules_only: ScamChecker, text: str, lang: str) -> None:
    assert rules_only.scan(text, lang).risk in ("none", "low")


@pytest.mark.parametrize(("text", "lang"), [
    ("客服不会骗你的，请马上把短信验证码发给我核实身份。", "zh-CN"),
    ("我們不收任何費用，現在請把簡訊驗證碼念給我，幫您解除鎖定。", "zh-TW"),
    ("Don't worry, this is the bank. I need you to read me the six-digit code we just texted.", "en"),
])
def test_a_request_after_a_reassurance_is_still_caught(rules_only: ScamChecker, text: str, lang: str) -> None:
    assert rules_only.scan(text, lang).risk in ("medium", "high")


@pytest.mark.parametrize(("text", "lang"), [
    ("您购买的空调安装费 120 元，请在京东 App 内支付，师傅上门时出示收费单。", "zh-CN"),
    ("您的進口關稅 NT$320 已產生，請在物流 App 內的訂單頁付款，或交給派送員。", "zh-TW"),
    ("An import duty of $9.80 is due on your parcel. You can pay it in the courier's app or to the driver.", "en"),
])
def test_paying_inside_the_official_app_is_not_high(rules_only: ScamChecker, text: str, lang: str) -> None:
    result = rules_only.scan(text, lang)
    assert result.risk != "high" and not any(f.severity == "high" for f in result.flags)


@pytest.mark.parametrize(("text", "lang"), [
    ("请先在 App 内提交提现申请，然后把 15% 的税费转到下面这个账户才能解冻。", "zh-CN"),
    ("Tap withdraw in the app, then send the 0.2 ETH release fee to this wallet before we can unfreeze it.", "en"),
])
def test_a_payment_outside_the_app_is_still_high(rules_only: ScamChecker, text: str, lang: str) -> None:
    """The demand keeps its high flag (a lone one rates the text medium unless corroborated: test_scam_two_signals)."""
    result = rules_only.scan(text, lang)
    assert result.risk in ("medium", "high") and any(f.rule == "R5" and f.severity == "high" for f in result.flags)


@pytest.mark.parametrize(("text", "lang"), [
    ("二手交易须知：货款由平台担保，不存在“卖家先交保证金才能提现”的规定。", "zh-CN"),
    ("交易說明：本平台並無「先繳保證金才能解凍」這種規定，有疑問請在 App 內留言。", "zh-TW"),
])
def test_a_denied_claim_in_quotes_is_low(rules_only: ScamChecker, text: str, lang: str) -> None:
    assert rules_only.scan(text, lang).risk in ("none", "low")


def test_a_fee_demand_in_its_own_voice_is_still_caught(rules_only: ScamChecker) -> None:
    assert rules_only.scan("您的账户存在异常，需要先缴纳保证金 3000 元才能解冻提现。", "zh-CN").risk in ("medium", "high")


@pytest.mark.parametrize(("text", "lang"), [
    ("妹，爸的牙科自费项目要先付 6000，我们一人一半好不好？收据我晚点发群里。", "zh-CN"),
    ("哥，阿嬤的復健要先付自費 NT$8,000，我付一半你付一半，單據我傳群組。", "zh-TW"),
    ("师傅上门安装热水器，如有远程费，请按官方收费标准在 App 内支付。", "zh-CN"),
])
def test_shared_costs_self_pay_and_surcharges_are_not_fees(rules_only: ScamChecker, text: str, lang: str) -> None:
    assert rules_only.scan(text, lang).risk in ("none", "low")


@pytest.mark.parametrize(("text", "lang"), [
    ("您的账户被冻结，需要先付 2000 元解冻费才能提现。", "zh-CN"),
    ("請先下載向日葵遠端軟體，安裝好把識別碼告訴我。", "zh-TW"),
])
def test_fees_and_remote_apps_are_still_caught(rules_only: ScamChecker, text: str, lang: str) -> None:
    assert rules_only.scan(text, lang).risk in ("medium", "high")


@pytest.mark.parametrize(("text", "lang"), [
    ("Police in two states have arrested a gang running websites that promised guaranteed daily returns.", "en"),
    ("Small sellers are being targeted by fake marketplace emails demanding a fee before a payout can be released.", "en"),
    ("反诈宣传：冒充“老板”加微信要求转账的诈骗增多，收到此类要求务必电话或当面确认。", "zh-CN"),
    ("Scams using fake 'hi Dad' WhatsApp messages have increased. Always call your child on a number you know.", "en"),
    ("遠端軟體注意事項：這類工具本身合法，但陌生人要求你安裝並提供連線碼時，請拒絕。", "zh-TW"),
    ("I got one of those 'new number' texts today lol. Grandpa, if you ever get one, call my usual number first.", "en"),
])
def test_reports_and_advice_are_low(rules_only: ScamChecker, text: str, lang: str) -> None:
    assert rules_only.scan(text, lang).risk in ("none", "low")


@pytest.mark.parametrize(("text", "lang"), [
    ("Our platform offers guaranteed daily returns of 3%. Deposit today and start earning.", "en"),
    ("老板我新微信，马上转 3 万到这个账户，供应商等着，别在群里说。", "zh-CN"),
    ("Hi Dad, this is my new number, phone broke. Can you send $600 for rent today? Don't call, I can't talk.", "en"),
])
def test_scripts_of_the_same_shape_are_still_caught(rules_only: ScamChecker, text: str, lang: str) -> None:
    assert rules_only.scan(text, lang).risk in ("medium", "high")


@pytest.mark.parametrize(("text", "lang"), [
    ("您好，转错链的问题我们会评估能否找回，若可处理会事先说明费用，我们不会通过 Telegram 联系您。", "zh-CN"),
    ("儿子，我在医院做检查，押金要交三千，你先转给我，不放心你打我电话视频看看就知道。", "zh-CN"),
    ("【交易所】您的提幣已完成，手續費 1 USDT。如非本人操作，請立即在 App「安全中心」凍結帳戶。", "zh-TW"),
])
def test_support_disclaimers_and_open_verification_are_low(rules_only: ScamChecker, text: str, lang: str) -> None:
    assert rules_only.scan(text, lang).risk in ("none", "low")


@pytest.mark.parametrize(("text", "lang"), [
    ("您好，我是币安客服，我们可以帮您找回被骗的 USDT，先交 10% 手续费，加我 Telegram 详聊。", "zh-CN"),
    ("媽，我出車禍在醫院，急需押金五千，快轉給我，別打電話我不方便接。", "zh-TW"),
    ("这里是平台安全中心，您的账户存在风险，请点击链接并按客服指导操作解除冻结。", "zh-CN"),
])
def test_the_scripts_they_resemble_are_still_caught(rules_only: ScamChecker, text: str, lang: str) -> None:
    assert rules_only.scan(text, lang).risk in ("medium", "high")


@pytest.mark.parametrize("text", [
    "已转到这个账户，scams have increased; 请务必电话确认。no further action",
    "本平台并无「先缴保证金」这种规定 scammers often request approvals",
    "需先付款 a-c x 汇款 transfer",
])
def test_cue_look_ahead_keeps_every_match(text: str) -> None:
    """Regular expressions whose first characters are known sit behind a look-ahead; the matches, their order
    of preference and their spans are those of the plain alternation."""
    import re

    from walletcare.faq.cues import _first_chars, compile_cues, normalize

    cues = ["re:(?<!已)(?:转|汇)(?:到|款)", "re:\\bscams?\\b", "re:(?:需要|须|需)?先", "re:[a-c]-", "确认",
            "re:务必[^，。]{0,8}确认", "re:\\bno (?:further )?action\\b", "并无", "re:(?:并无|没有)「", "transfer",
            "re:[\\u4e00-\\u9fff]{2}规定", "re:\\b(?:often|usually) request\\b"]
    assert _first_chars("(?<!已)(?:转|汇)") == frozenset("转汇") and _first_chars("(?:需要|须)?先") is None
    plain = re.compile("|".join(f"(?:{c[3:]})" if c.startswith("re:") else re.escape(normalize(c)) for c in cues))
    norm = normalize(text)
    compiled = compile_cues(cues)
    assert compiled is not None
    assert [m.span() for m in compiled.finditer(norm)] == [m.span() for m in plain.finditer(norm)]
    assert list(compiled.finditer(norm))


def test_a_help_title_does_not_excuse_a_request(rules_only: ScamChecker) -> None:
    text = "您的账户被冻结了怎么办？别急，请马上把余额转到我们的安全账户。"
    assert rules_only.scan(text, "zh-CN").risk in ("medium", "high")
