""""High" needs two independent signals, the rules' and the model's: rule cues that add up to high are a warning
(medium) until the statistical model agrees; a request no one legitimate makes (a recovery phrase or key, a "safe
account", a fee to recover lost money, a code to be told to the sender, a fee named for unlocking money) is high
alone."""

from __future__ import annotations

import pytest

from walletcare.faq.scam import ScamChecker


@pytest.mark.parametrize(("text", "lang"), [
    ("【顺达国际物流】您的包裹需缴纳进口关税 56 元，派送员送货时凭海关税单当面收取。", "zh-CN"),
    ("【順達國際物流】您的包裹需繳納進口關稅 NT$260，派送員送貨時憑海關稅單當面收取。", "zh-TW"),
])
def test_a_lone_cue_is_a_warning_not_high(checker: ScamChecker, rules_only: ScamChecker, text: str,
                                          lang: str) -> None:
    for scanner in (checker, rules_only):
        result = scanner.scan(text, lang)
        assert result.risk == "medium"
        assert [(f.rule, f.severity) for f in result.flags] == [("R5", "high")]  # the flag keeps its severity


@pytest.mark.parametrize(("text", "lang"), [
    ("您的提现已被冻结，需缴纳 20% 保证金才能解冻，请在 30 分钟内加客服微信 wx8899 完成。", "zh-CN"),
    ("您的提現已被凍結，需繳納 20% 保證金才能解凍，請在 30 分鐘內加客服 LINE wx8899 完成。", "zh-TW"),
    ("我是平台客服，您的提现已被冻结，需缴纳 20% 保证金才能解冻，请在 30 分钟内完成。", "zh-CN"),
])
def test_the_models_agreement_makes_rule_cues_high(checker: ScamChecker, rules_only: ScamChecker, text: str,
                                                   lang: str) -> None:
    """Rule cues that add up to high are a warning (medium) until the model, which reads the whole text, agrees:
    cues add up the same way in a support reply or a warning that describes the scam."""
    alone = rules_only.scan(text, lang)
    assert len(alone.flags) >= 2 and alone.risk == "medium" and alone.held
    both = checker.scan(text, lang)
    assert both.opinion is not None and both.opinion.resembles_scam
    assert both.risk == "high" and not both.held


@pytest.mark.parametrize(("text", "lang"), [
    ("賣二手東西，買家要你把簡訊驗證碼告訴他「確認你是真人」，千萬不要給！那組碼是用來盜用你的LINE或WhatsApp帳號。", "zh-TW"),
    ("支付宝申请退款的正确方式：在\"我的-订单\"中找到对应交易，点击\"申请退款\"，退款会原路返回。任何需要你开通借款、扫码或输入"
     "\"验证金额\"的退款都是假的。", "zh-CN"),
])
def test_cues_in_a_warning_the_model_does_not_hear_as_a_script_stay_medium(checker: ScamChecker, text: str,
                                                                           lang: str) -> None:
    """Two rule cues each (a code asked for and a chat app; a loan and a fake refund) in a warning and a how-to
    that the rules did not recognise as such: the model disagrees, so the rating stays at the warning level."""
    result = checker.scan(text, lang)
    assert len(result.flags) >= 2 and result.risk == "medium" and result.held


@pytest.mark.parametrize(("text", "lang"), [
    ("您的提现已被冻结，需缴纳 20% 保证金才能解冻，请在 30 分钟内完成。", "zh-CN"),
    ("您的提現已被凍結，需繳納 20% 保證金才能解凍，請在 30 分鐘內完成。", "zh-TW"),
])
def test_one_low_cue_does_not_corroborate(checker: ScamChecker, rules_only: ScamChecker, text: str,
                                         lang: str) -> None:
    """Urgency ("30 分钟内"), a claim to be support, a link: everyday wording, which alone makes no second signal
    (a support reply quoting "交保证金才能提现" with "30 分钟内" was rated high); the model's agreement does."""
    alone = rules_only.scan(text, lang)
    assert [(f.rule, f.severity) for f in alone.flags] == [("R5", "high"), ("R12", "low")]
    assert alone.risk == "medium" and alone.held
    both = checker.scan(text, lang)
    assert both.opinion is not None and both.opinion.resembles_scam and both.risk == "high" and not both.held


def test_a_code_to_be_told_to_a_person_is_high_alone(rules_only: ScamChecker) -> None:
    """A code to be told to the sender or a person they name is asked by no one legitimate; telling others
    about codes in general (an explanation) is not a request."""
    told = rules_only.scan("请先把短信验证码告诉客服专员核实。", "zh-CN")
    assert [f.rule for f in told.flags][0] == "R2" and told.risk == "high" and not told.held
    read_back = rules_only.scan("Please read the code to me now.", "en")
    assert read_back.risk == "high" and not read_back.held


def test_the_model_corroborates_a_lone_cue(checker: ScamChecker, rules_only: ScamChecker) -> None:
    text = "尊敬的用户，您的USDT因反洗钱审核被冻结，需支付0.3 ETH手续费激活提币通道，客服微信 wx8899。"
    alone = rules_only.scan(text, "zh-CN")
    assert alone.risk == "medium" and len(alone.flags) == 1
    both = checker.scan(text, "zh-CN")
    assert both.opinion is not None and both.opinion.resembles_scam
    assert both.risk == "high"


@pytest.mark.parametrize(("text", "lang", "rule"), [
    ("Don't worry, just send me your recovery phrase and I will fix it", "en", "R1"),
    ("请把钱转到安全账户", "zh-CN", "R4"),
    ("請把錢轉到安全帳戶", "zh-TW", "R4"),
])
def test_decisive_requests_are_high_alone(rules_only: ScamChecker, text: str, lang: str, rule: str) -> None:
    result = rules_only.scan(text, lang)
    assert result.risk == "high" and [f.rule for f in result.flags] == [rule]


@pytest.mark.parametrize(("text", "lang", "said"), [
    ("【顺达国际物流】您的包裹需缴纳进口关税 56 元，派送员送货时凭海关税单当面收取。", "zh-CN",
     "没有评为高风险：正规通知和防骗提醒有时也会出现这些信号"),
    ("【順達國際物流】您的包裹需繳納進口關稅 NT$260，派送員送貨時憑海關稅單當面收取。", "zh-TW",
     "沒有評為高風險：正規通知和防詐提醒有時也會出現這些訊號"),
])
def test_scan_text_says_why_a_lone_high_flag_rates_medium(text: str, lang: str, said: str) -> None:
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "walletcare", "--lang", lang, "scan-text"], input=text,
                         capture_output=True, text=True, encoding="utf-8")
    lines = out.stdout.splitlines()
    assert out.returncode == 0 and lines[0] in ("中风险", "中風險")
    assert lines[1].startswith(said) and ("官方 App" in lines[1])  # why, then what to do, under the rating


def test_the_reason_is_only_given_for_a_held_high_flag(checker: ScamChecker, rules_only: ScamChecker) -> None:
    from walletcare.faq.scam_report import rating_line

    lone = rules_only.scan("【顺达国际物流】您的包裹需缴纳进口关税 56 元，派送员送货时凭海关税单当面收取。", "zh-CN")
    assert rating_line(lone, "en").startswith("Not rated high")
    two = checker.scan("您的提现已被冻结，需缴纳 20% 保证金才能解冻，请在 30 分钟内加客服微信 wx8899 完成。", "zh-CN")
    assert two.risk == "high" and rating_line(two, "en") == ""
    medium = checker.scan("在吗？我这边急用钱，先借我3000，明天一早就还你，别跟别人说。", "zh-CN")
    assert medium.risk == "medium" and rating_line(medium, "en") == ""  # (no high flag to explain)
    assert lone.held and not two.held and not medium.held
    # a decisive demand is never held at medium for want of a second signal
    decisive = rules_only.scan("请把钱转到安全账户", "zh-CN")
    assert [(f.rule, f.severity) for f in decisive.flags] == [("R4", "high")]
    assert decisive.risk == "high" and not decisive.held and rating_line(decisive, "en") == ""


@pytest.mark.parametrize(("text", "lang"), [
    ("【顺达国际物流】您的包裹需缴纳进口关税 56 元，派送员送货时凭海关税单当面收取。天气很好。我们回家了。后来一切正常。"
     "另：近期有人收到“点击链接 www.abc.xyz 查看”的短信。", "zh-CN"),
    ("【順達國際物流】您的包裹需繳納進口關稅 NT$260，派送員送貨時憑海關稅單當面收取。天氣很好。我們回家了。後來一切正常。"
     "另：近期有人收到「點擊連結 www.abc.xyz 查看」的簡訊。", "zh-TW"),
])
def test_a_quoted_cue_does_not_corroborate_a_lone_one(rules_only: ScamChecker, text: str, lang: str) -> None:
    """A cue in reported speech is shown but counts for nothing: it cannot be the second signal either (the
    notice alone is medium, and quoting a scam text after it must not raise it)."""
    alone = rules_only.scan(text.split("天")[0], lang)
    assert alone.risk == "medium" and [f.rule for f in alone.flags] == ["R5"]
    result = rules_only.scan(text, lang)
    assert sorted(f.rule for f in result.flags) == ["R5", "R9"]  # the quoted link cue is shown
    assert result.risk == "medium"


@pytest.mark.parametrize(("text", "lang"), [
    ("Ledger Live Alert: Your recovery seed was exposed in the recent customer data leak. Transfer your funds to the "
     "temporary Ledger escrow address now; a replacement device will be shipped so you can reclaim them.", "en"),
])
def test_the_safe_account_family_is_decisive_alone_like_its_rule(checker: ScamChecker, rules_only: ScamChecker,
                                                                 text: str, lang: str) -> None:
    """A request to move money to a "safe" place that the family's pattern finds (not R4's wording) is the same
    request, high on its own."""
    for scanner in (checker, rules_only):
        result = scanner.scan(text, lang)
        assert [(f.rule, f.severity) for f in result.flags] == [("safe-account", "high")]
        assert result.risk == "high"


@pytest.mark.parametrize(("text", "lang"), [
    ("您好，比特派客服。我们不提供远程协助服务，请勿安装任何远程控制软件。关于余额不显示的问题，请尝试切换节点或重新导入钱包观察。",
     "zh-CN"),
    ("【冷钱包官方商城】您的硬件钱包已发货。请注意：设备出厂时不附带任何预先写好的助记词卡，如发现已填写的助记词，请勿使用并联系官方。",
     "zh-CN"),
    ("你好，多謝你嘅查詢。本行確認你早前收到要求「轉入監管戶口」嘅來電並非本行職員，請唔好轉賬。如已提供資料，請即致電卡背熱線凍結戶口。",
     "zh-TW"),
    ("bro I got rugged on that cat coin, down 3 SOL. some 'recovery expert' slid into my DMs within 5 min asking for a fee, blocked. lesson learned",
     "en"),
    ("长沙一摊主接到“民警”电话称收款码收到赃款，被要求将微信余额转入“安全账户”，幸好及时拨打 110 核实，未造成损失。",
     "zh-CN"),
])
def test_a_decisive_cue_in_a_text_that_asks_nothing_is_not_high(checker: ScamChecker, text: str, lang: str) -> None:
    """A request no one legitimate makes is high alone, so its rule must not fire on a support reply's
    troubleshooting ("切换节点或重新导入钱包"), a shop's notice about pre-filled recovery cards, a bank's reply that
    the "supervision account" caller was not its staff, a recount that ends "blocked. lesson learned", a news item
    that ends "未造成损失"."""
    assert checker.scan(text, lang).risk in ("none", "low", "medium")


def test_a_look_alike_named_as_fake_is_a_tip_not_a_script(checker: ScamChecker) -> None:
    """A look-alike domain is high alone, but not in a tip that calls it fake ("X is real; Y is not")."""
    tip = ("Check the domain before you click: amazon.co.uk is real; amazon-refunds.co.uk-claims.net is not. The real "
           "domain is the part just before the first single slash.")
    assert checker.scan(tip, "en").risk in ("none", "low", "medium")
    script = "Your Amazon refund is ready: amazon-refunds.co.uk-claims.net. Log in to claim it now."
    assert checker.scan(script, "en").risk == "high"


def test_gift_card_codes_sent_to_the_sender_are_high(checker: ScamChecker, rules_only: ScamChecker) -> None:
    """Buying gift cards and sending their codes is the payment itself: high, even when the model, on a short
    English text, does not hear the script."""
    for scanner in (checker, rules_only):
        en = scanner.scan("To complete the refund, go to the nearest store and buy three $100 Google Play gift cards, "
                          "then send me photos of the codes on the back.", "en")
        assert en.risk == "high" and ("R11", "high") in [(f.rule, f.severity) for f in en.flags]
    # a warning that names gift cards asks for nothing
    assert checker.scan("Real companies never ask you to pay with gift cards.", "en").risk in ("none", "low")


def test_a_reply_that_cannot_ask_for_a_fee_is_not_a_fee_demand(checker: ScamChecker) -> None:
    text = ("Thank you for contacting us. We cannot ask you to pay any fee to release a withdrawal — withdrawals are "
            "never unlocked by payment. Your ticket #48213 is with our payments team.")
    assert checker.scan(text, "en").risk in ("none", "low")


def test_a_grandchild_bail_plea_in_taiwanese_wording_is_flagged(checker: ScamChecker) -> None:
    text = "阿嬤，是我啦，我手機壞了換號碼。我出車禍被抓到警察局，要交5萬交保金，拜託不要跟媽媽說，趕快匯到這個帳戶。"
    result = checker.scan(text, "zh-TW")
    assert result.risk in ("medium", "high") and "impersonated-contact" in [f.id for f in result.families]


def test_a_low_rating_with_flags_says_why(checker: ScamChecker) -> None:
    from walletcare.faq.scam_report import closing_line

    news = "长沙一摊主接到“民警”电话称收款码收到赃款，被要求将微信余额转入“安全账户”，幸好及时拨打 110 核实，未造成损失。"
    result = checker.scan(news, "zh-CN")
    assert result.risk == "low" and result.flags
    assert closing_line(result, "en").startswith("Only weak signs were found, or signs inside a warning")
    assert closing_line(result, "zh-TW").startswith("只發現了較弱的訊號")


@pytest.mark.parametrize(("text", "lang"), [
    ("你把 B 站验证码发我一下——开玩笑的！验证码千万别发给任何人，我自己在电视上登录😅", "zh-CN"),
    ("您好，區塊鏈交易一經確認即無法撤回，本平台無法協助追回已轉出至外部地址的資產。建議您盡快向警方報案，並留意自稱可「追回資金」的收費機構。",
     "zh-TW"),
])
def test_a_request_taken_back_or_warned_against_is_not_high(checker: ScamChecker, text: str, lang: str) -> None:
    assert checker.scan(text, lang).risk in ("none", "low", "medium")


@pytest.mark.parametrize(("text", "lang"), [
    ("您的账户涉嫌洗钱，请马上把验证码发给我核实，否则立即冻结，我可不是开玩笑的。", "zh-CN"),
    ("你的帳戶涉嫌洗錢，必須馬上把錢轉到安全帳戶，這不是開玩笑的！", "zh-TW"),
    ("Pay the $200 unlock fee within 1 hour or lose everything. I'm not just kidding.", "en"),
    ("The bank told me to call you, your account is compromised, move your savings to the safe account I give you, or "
     "you will lose everything.", "en"),
    ("You cannot request a withdrawal until you pay the 300 USDT unlock fee. Please pay it today.", "en"),
    ("【imToken】您的钱包节点异常，请切换节点后输入助记词重新导入完成同步。", "zh-CN"),
    ("系统发现已有异地设备登录请立即提供助记词给客服完成验证", "zh-CN"),
    ("Please pick up 6 Apple gift cards ($200 each) for a client. Scratch the back and send me pics of the codes. I'll "
     "reimburse you today.", "en"),
])
def test_scripts_that_only_look_like_warnings_stay_high(checker: ScamChecker, text: str, lang: str) -> None:
    """"不是开玩笑的", "not just kidding", a threat after "or", "you cannot request a withdrawal until", a node
    switch before a recovery phrase, "发现已有": none of them makes a script a warning."""
    assert checker.scan(text, lang).risk == "high"


@pytest.mark.parametrize(("text", "lang"), [
    ("您好，USDT转账需要支付矿工费，请确保钱包里有足够的TRX才能完成提现。", "zh-CN"),
    ("For your birthday I'll buy you an Amazon gift card, send me your email address and I'll send you the code.",
     "en"),
    ("把验证码告诉别人，等于让别人以你的身份登录或付款。银行、微信、快递员都不需要你的验证码。", "zh-CN"),
])
def test_real_fees_gifts_and_advice_are_not_high(checker: ScamChecker, text: str, lang: str) -> None:
    """A chain's miner fee is a real fee, a gift card's code sent to a friend is a gift, and telling others about
    codes in general is advice: none is high alone."""
    assert checker.scan(text, lang).risk in ("none", "low", "medium")


def test_an_impostor_grandchild_asking_for_money_first_is_not_a_check_call(checker: ScamChecker) -> None:
    """"先打给我" is an invitation to check only when a check follows, not "你先打给我三万"."""
    result = checker.scan("奶奶，我是你孙子，我出了点事，你先打给我三万，千万别告诉我爸妈。", "zh-CN")
    assert result.risk in ("medium", "high") and "impersonated-contact" in [f.id for f in result.families]
