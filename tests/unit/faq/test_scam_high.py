""""High" is structural: a rule or family reaches it only in a sentence that asks the reader to act.

A lone cue in a notice, a support reply or a help text counts as medium at most (low for rules that name a
request: R16, R18, R20); a cue inside reported quoted speech counts as low and adds up with nothing; a text
that tells the reader what not to do and asks nothing is a warning. The sentences here were written for
these tests, not taken from the held-out sets.
"""

from __future__ import annotations

import pytest

from walletcare.faq.scam import ScamChecker


@pytest.mark.parametrize("text", [
    # a request aimed at the reader plus a scam action: still high
    "您的提现被冻结了，请先缴纳2000元保证金才能解冻。",
    "To release your funds you need to pay a 300 USDT unlock fee first.",
    "麻烦把刚收到的短信验证码念给我听一下。",
    "Please install AnyDesk so I can fix the refund for you.",
    "你名下账户涉嫌洗钱，请立即把余额转到安全账户配合调查。",
    "I'll text you a code now. Read it back to me so we can stop the charge.",
])
def test_a_request_for_a_scam_action_is_high(checker: ScamChecker, text: str) -> None:
    assert checker.scan(text, "zh-CN").risk == "high"


@pytest.mark.parametrize("text", [
    # a lone cue in a notice or receipt: not a request
    "【电子税务局】您2025年度个人所得税汇算已办结，应退税款已退至您的银行卡。",
    "Your withdrawal of 80 USDT is complete. A network fee of 1 USDT was deducted.",
    "客户服务中心：您的账户于今日完成年度复核，当前状态正常。",
])
def test_a_lone_cue_is_not_high(checker: ScamChecker, text: str) -> None:
    assert checker.scan(text, "zh-CN").risk in ("none", "low", "medium")


@pytest.mark.parametrize("text", [
    # a support reply quoting the scheme the user asked about, then telling them what not to do
    "您好，关于您提到的“账户冻结要先交解冻费才能提现”，我们平台不收取任何此类费用，请勿向任何人转账。",
    "Regarding the message saying 'pay a release fee to unlock your withdrawal': we charge no such fee, so please don't send anyone money.",
    # a help text: enter the code yourself, tell no one, including us
    "登录时我们会给您发送短信验证码，请在App里自己输入，不要把验证码告诉任何人，包括我们的客服。",
    # a friend's warning, and a reported script in quotes
    "朋友圈那个刷单日结的兼职你千万别去，我表姐就是这样被骗的。",
    "收到“您中了大奖，需先交个人所得税才能领取”的短信，直接删除就好。",
    # a friend warning that someone is using their name, a help text about remote apps
    "有人盗了我的号在找大家借钱，别转！我现在用回原来的号了。",
    "向日葵这类远程软件本身合法，但陌生人要你安装时请务必提高警觉。",
    # an authorised service centre is not a token approval
    "【授权服务中心】您送修的手机已修好，请凭取件单到店领取。",
])
def test_warnings_quotes_and_support_replies_stay_low(checker: ScamChecker, text: str) -> None:
    assert checker.scan(text, "zh-CN").risk in ("none", "low")


def test_two_undirected_cues_do_not_add_up(checker: ScamChecker) -> None:
    # an account threat and a lost phone, but nobody is asked to pay
    text = "我的银行卡被我自己在App里冻结了，手机丢了，补办好之前别找我转账。"
    result = checker.scan(text, "zh-CN")
    assert result.risk in ("none", "low"), result.flags
    # the same cues with a request to pay are a script
    scam = "我手机丢了，这是新号码，银行卡也被冻结了，你先帮我转5000块到这张卡上。"
    assert checker.scan(scam, "zh-CN").risk in ("medium", "high")


def test_demoted_flags_are_still_shown(checker: ScamChecker) -> None:
    result = checker.scan("Your withdrawal is complete. A network fee of 1 USDT was charged.", "en")
    assert result.risk != "high"
    assert all(f.severity != "high" for f in result.flags)


@pytest.mark.parametrize("text", [
    # a pitch without a request is still a medium cue: "guaranteed profit" needs no verb to be a red flag
    "老师每天带单，稳赚不赔，已经有上千人赚到钱了。",
    # a request in a question is a request
    "老同学，我换了个微信，最近手头紧，能借我三千吗？",
    "Hi Mum, it's me on a new number, my phone broke. Could you send me $300 for a bill?",
])
def test_pitches_and_asking_questions_are_still_caught(checker: ScamChecker, text: str) -> None:
    assert checker.scan(text, "zh-CN").risk in ("medium", "high")


@pytest.mark.parametrize("text", [
    # the reply quotes what the victim asked about, then makes the demand itself: the reply is the script
    "您好，关于您询问的“提现需要先交解冻费”，请按下面步骤缴纳保证金 5000 元。",
    "我是平台客服，收到“提现失败需缴纳保证金”的通知后，请立即向以下账户转账 2000 元解冻。",
])
def test_a_demand_after_a_quote_is_not_excused_by_the_quote(checker: ScamChecker, text: str) -> None:
    result = checker.scan(text, "zh-CN")  # the demand keeps its high flag; alone, it rates the text medium
    assert result.risk in ("medium", "high") and any(f.severity == "high" for f in result.flags)


@pytest.mark.parametrize(("text", "lang", "expected"), [
    # an impostor who names an anti-fraud centre as itself: the script, not a text about scams
    ("您好，这里是市公安局反诈中心，您名下的银行卡涉嫌洗钱，请马上把存款转入我们指定的安全账户配合核查，不要跟家人说。",
     "zh-CN", ("high",)),
    ("您好，這裡是警政署反詐中心，您的帳戶涉嫌洗錢，請立刻把存款轉到我們指定的安全帳戶配合調查，不要告訴家人。",
     "zh-TW", ("high",)),
    # the centre's own warning stays a warning
    ("【国家反诈中心】提醒您：公检法机关不会打电话要求您把钱转到安全账户，凡是这样要求的都是诈骗。", "zh-CN",
     ("none", "low")),
])
def test_an_anti_fraud_centre_named_by_the_caller_is_no_warning(checker: ScamChecker, text: str, lang: str,
                                                                  expected: tuple[str, ...]) -> None:
    assert checker.scan(text, lang).risk in expected


@pytest.mark.parametrize(("text", "lang"), [
    ("理赔款会汇入您指定的账户，我们不会向您索要银行卡密码。", "zh-CN"),
    ("退款將匯入你指定的帳戶，約 3-5 個工作天到帳。", "zh-TW"),
])
def test_money_paid_into_the_readers_own_chosen_account_is_no_safe_account(rules_only: ScamChecker, text: str,
                                                                           lang: str) -> None:
    assert "R4" not in {f.rule for f in rules_only.scan(text, lang).flags}


@pytest.mark.parametrize(("text", "lang"), [
    # "friend-assisted verification": the code arrives by SMS, the script asks for "the numbers in it"
    ("姐，我微信被限制登录了，要好友帮忙验证，待会儿你会收到一条短信，把里面那串数字发给我就行。", "zh-CN"),
    ("阿姨，我LINE被鎖了，等等妳手機會收到一則簡訊，麻煩把裡面的數字傳給我。", "zh-TW"),
    ("It's me, I got locked out. A text is coming to your phone in a minute, can you send me the digits?", "en"),
])
def test_a_request_for_the_numbers_in_a_text_message_is_a_code_request(rules_only: ScamChecker, text: str,
                                                                      lang: str) -> None:
    assert "R2" in {f.rule for f in rules_only.scan(text, lang).flags}


@pytest.mark.parametrize(("text", "lang"), [
    ("您的验证码是 482913，5 分钟内有效，请勿泄露给他人。", "zh-CN"),
    ("The numbers in the text you got are your parcel's tracking code; you can check it on the courier's site.",
     "en"),
])
def test_a_code_or_number_that_is_not_asked_for_is_no_code_request(rules_only: ScamChecker, text: str,
                                                                   lang: str) -> None:
    assert "R2" not in {f.rule for f in rules_only.scan(text, lang).flags}
