"""Notices, deposits, descriptions and checkable requests are not scripts; scripts of the same shape are.

A notice that routes the reader to the provider's own channels (a branch, the mobile-banking app, the hotline
on the card, the official app) and disclaims the request it might be read as is rated low; without a
disclaimer it is rated a step lower than its cues, never high. A landlord's deposit deduction and a hotel's
deposit refunded at checkout are not fees to unlock. A description in the third person, a conditional warning
and a support reply that warns about recovery fees are not requests. A relative who invites the reader to
check by calling, with no new number, is not rated high. The sentences were written for these tests, not
taken from the held-out sets.
"""

from __future__ import annotations

import pytest

from walletcare.faq.scam import ScamChecker


def _rated(checker: ScamChecker, text: str, lang: str, allowed: tuple[str, ...]) -> None:
    result = checker.scan(text, lang)
    assert result.risk in allowed, (result.risk, [(f.rule, f.severity, f.match) for f in result.flags], text)


DISCLAIMED_NOTICES = [
    ("zh-CN", "【招商银行】您的信用卡因多次输错密码已暂停使用，请持本人身份证到就近网点办理恢复，本行不收取任何费用。"),
    ("zh-TW", "【國泰世華】您的網銀帳號因密碼錯誤多次已鎖定，請本人攜帶身分證至任一分行臨櫃辦理解鎖，不收取任何費用。"),
    ("en", "Westpac: your card was locked after three wrong PIN attempts. Please visit any branch with photo ID to "
           "unlock it. There is no fee and we will never ask for your PIN."),
]
ROUTED_NOTICES = [
    ("zh-CN", "【建设银行】您尾号 1234 账户一笔 20,000 元的转账已被暂停，请通过手机银行或本行官方客服热线核实。"),
    ("zh-TW", "【玉山銀行】您尾號 5566 帳戶一筆 NT$50,000 的轉帳已暫緩，請透過手機銀行或本行官方客服專線確認。"),
    ("en", "HSBC: a payment of GBP 900 to a new payee is on hold. If this wasn't you, call the number on the back "
           "of your card."),
    ("en", "UPS: an import duty of USD 18.20 is due for your parcel. Please pay only via the official UPS My Choice "
           "app."),
]
ROUTED_SCRIPTS = [
    # a code to be told before the disclaimer is the script, whatever the disclaimer says
    ("zh-CN", "【招商银行】您的信用卡已冻结，请先把短信验证码告诉客服专员核实，再到就近网点办理，本行不收取任何费用。"),
    ("zh-TW", "【國泰世華】您的帳戶已凍結，請先把簡訊驗證碼告訴客服專員，再至任一分行辦理，本行不收取任何費用。"),
    ("zh-CN", "【招商银行】您的账户已冻结，请联系专员QQ 283746512 缴纳解冻费500元，到就近网点办理，不收取其他费用。"),
    ("en", "Westpac: your card is locked. Read me the code we just texted so I can unlock it, then visit any branch. "
           "There is no fee."),
    ("zh-CN", "【建设银行】您的账户涉嫌洗钱，请通过手机银行核实后，立即把全部资金转入安全账户 6222 0201 1234 5678。"),
    ("en", "HSBC security: your account is compromised. Call the number on the back of your card, then move all your "
           "savings to the safe account 40-11-22 31926819 we give you."),
]
DEPOSITS = [
    ("zh-CN", "室友，这个月水电加房租你那份 1500 今天能转我吗？房东说周五前不交就扣押金。"),
    ("zh-TW", "學長，房租你那份今天先轉我喔，房東說拖到明天就要扣押金了，麻煩你"),
    ("en", "Hey, can you send me your half of the rent today? The landlord said he'll take it out of the deposit "
           "if it's late."),
    ("zh-TW", "【Booking】訂房成功，入住時需支付押金NT$3,000，退房時全額退還。"),
    ("zh-CN", "【酒店】预订成功，入住时需支付押金500元，退房时退还，如有疑问请致电前台。"),
    ("en", "Your booking is confirmed. A deposit of EUR 200 is payable at check-in and refunded at checkout."),
]
DEPOSIT_SCRIPTS = [
    ("zh-CN", "您的提现已被冻结，需先支付5000元押金才能解冻，解冻后退还，否则扣押金。"),
    ("zh-TW", "您的帳戶提領異常，須先繳納保證金NT$8,000才能解凍，完成後全額退還。"),
    ("en", "Your withdrawal is frozen. You must pay a refundable deposit of 500 USDT to unlock it; it is returned "
           "after release."),
]
DESCRIPTIONS = [
    ("zh-CN", "新型骗局：骗子冒充快递客服来电，称包裹丢失要理赔，引导你打开支付宝备用金，最后把钱转走。"),
    ("zh-TW", "你以為是「高薪打字員」，其實是「刷單詐騙」，後面會要求你不斷墊付。"),
    ("zh-CN", "如果是“客服”“警察”叫你下载向日葵共享屏幕，请立刻停止，他们能看到你的验证码。"),
    ("en", "I sat in a fake trading group for a month. The script was always the same: \"guaranteed profit\", "
           "\"withdraw any time\", then \"your account is locked, pay 15% tax to release it\"."),
    ("en", "We're sorry your wallet was drained. Transactions can't be reversed. Please report it to the police and "
           "be wary of anyone offering to recover your funds for a fee, that's a common follow-up scam."),
    ("zh-TW", "您好，您提到的「客服」在LINE上要求您繳保證金，並非本公司工作人員，本公司只在App內提供客服，請勿轉帳。"),
]
DESCRIBED_SCRIPTS = [
    ("zh-CN", "我是支付宝客服，你被多收了钱要三倍赔付，现在请打开支付宝备用金，把借来的钱转到我们的对公账户。"),
    ("en", "Your account is locked. Pay 15% tax now to release it, then you can withdraw."),
    ("en", "We can recover your stolen crypto. Pay our lawyer a $500 fee today and we will start the recovery."),
]
CHECKABLE = [
    ("zh-TW", "阿姨，外公住院要先繳NT$15,000保證金，醫院只收現金，妳可以先幫我墊一下嗎？我是小明，妳可以直接打給我確認。"),
    ("zh-CN", "舅舅，姥姥住院要交一万押金，你能先帮我垫一下吗？你可以直接打给我确认。"),
    ("en", "Auntie, Grandpa's hospital deposit is $2,000 and they only take cash. Could you cover it for me first? "
           "Call me to check."),
]
CHECKABLE_SCRIPTS = [
    ("zh-TW", "阿姨，我換新號碼了，外公住院要先繳NT$15,000，妳可以先幫我墊一下嗎？可以打給我確認。"),
    ("zh-CN", "舅舅，我手机坏了用同学的手机，姥姥住院要交一万押金，你先帮我垫一下，打这个号 13800001111 确认。"),
]


@pytest.mark.parametrize(("lang", "text"), DISCLAIMED_NOTICES)
def test_a_routed_notice_that_disclaims_the_request_is_low(rules_only: ScamChecker, checker: ScamChecker,
                                                           lang: str, text: str) -> None:
    _rated(rules_only, text, lang, ("none", "low"))
    _rated(checker, text, lang, ("none", "low", "medium"))


@pytest.mark.parametrize(("lang", "text"), ROUTED_NOTICES)
def test_a_notice_routed_to_the_official_channel_is_not_high(rules_only: ScamChecker, checker: ScamChecker,
                                                             lang: str, text: str) -> None:
    _rated(rules_only, text, lang, ("none", "low", "medium"))
    _rated(checker, text, lang, ("none", "low", "medium"))


@pytest.mark.parametrize(("lang", "text"), ROUTED_SCRIPTS)
def test_a_script_that_names_an_official_place_is_still_high(checker: ScamChecker, lang: str, text: str) -> None:
    _rated(checker, text, lang, ("high",))


@pytest.mark.parametrize(("lang", "text"), DEPOSITS)
def test_a_landlord_deduction_or_a_stay_deposit_is_no_fee_to_unlock(rules_only: ScamChecker, lang: str,
                                                                    text: str) -> None:
    _rated(rules_only, text, lang, ("none", "low"))


@pytest.mark.parametrize(("lang", "text"), DEPOSIT_SCRIPTS)
def test_a_refundable_deposit_to_unfreeze_is_still_high(checker: ScamChecker, lang: str, text: str) -> None:
    _rated(checker, text, lang, ("high",))


@pytest.mark.parametrize(("lang", "text"), DESCRIPTIONS)
def test_a_description_a_conditional_warning_or_a_support_reply_is_low(rules_only: ScamChecker, lang: str,
                                                                       text: str) -> None:
    _rated(rules_only, text, lang, ("none", "low"))


@pytest.mark.parametrize(("lang", "text"), DESCRIBED_SCRIPTS)
def test_the_same_request_addressed_to_the_reader_is_a_warning(checker: ScamChecker, lang: str, text: str) -> None:
    _rated(checker, text, lang, ("medium", "high"))
    # high when the model hears the script too; else held at medium with the reason under the rating (a
    # twelve-word tax demand is too short for it)
    result = checker.scan(text, lang)
    assert result.risk == "high" or result.held


@pytest.mark.parametrize(("lang", "text"), CHECKABLE)
def test_a_relative_who_invites_a_call_to_check_is_not_high(checker: ScamChecker, lang: str, text: str) -> None:
    _rated(checker, text, lang, ("low", "medium"))


def test_a_new_number_keeps_the_relative_s_request_high(checker: ScamChecker) -> None:
    (lang, text), (lang2, text2) = CHECKABLE_SCRIPTS
    _rated(checker, text, lang, ("high",))
    _rated(checker, text2, lang2, ("medium", "high"))
