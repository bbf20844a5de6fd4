"""Ordinary money between people who know each other, and real service messages, are not scripts.

A known person's request for money needs a scam's shape to count (a pretext, a changed account, a deadline,
secrecy, an unusual channel); one already paid, shared, unhurried or settled face to face is ordinary. A
support reply that disclaims a fee is a warning, unless a fee demand with an amount follows the disclaimer. A
text that sends the reader into the official app, with nothing but weak signals, is a service message. The
sentences here were written for these tests, not taken from the held-out sets.
"""

from __future__ import annotations

import pytest

from walletcare.faq.lookalike import DomainRules, find_lookalikes
from walletcare.faq.scam import ScamChecker


@pytest.mark.parametrize(("text", "lang"), [
    # already paid, received or thanked for
    ("二舅，上次借的 3000 块我刚转到你工行那个账户了，你查收一下。", "zh-CN"),
    ("表姊，房租 NT$12,000 我已經匯到房東的帳戶了，收據我拍照傳群組。", "zh-TW"),
    ("Auntie, thank you for the graduation money! It went through this morning and I've put it towards my laptop.", "en"),
    # shared, unhurried, settled face to face
    ("哥，妈住院的押金我先交了 5000，你那边方便的时候转一半给我就行，不急。", "zh-CN"),
    ("爸，我今天急用，能先借我 500 嗎？晚上回家當面還你。", "zh-TW"),
    ("Dad, I covered the deposit for our cabin weekend. Could you send your half when you get a chance? No rush.", "en"),
])
def test_ordinary_money_between_known_people_is_low(rules_only: ScamChecker, text: str, lang: str) -> None:
    assert rules_only.scan(text, lang).risk in ("none", "low")


@pytest.mark.parametrize(("text", "lang"), [
    # a pretext: a changed account, a deadline, secrecy, a dead phone, a personal channel
    ("王会计，我是李总，供应商换了新账户，货款 8 万今天下午 3 点前必须付，这事先别在群里说。", "zh-CN"),
    ("媽，我手機沒電了用同學的，學校要交住宿押金 NT$9,000，今天不交就沒床位，妳先轉到我同學帳戶。", "zh-TW"),
    ("Hi it's Sam from work, my card got blocked on the trip. Could you spot me £400 by tonight? Keep it quiet please, bit embarrassing.", "en"),
    ("Parents, the museum trip fee of $45 per child must go to my personal Venmo by 6pm today, the school system is down.", "en"),
    # a question or a "that's all" is not money already paid
    ("Dad, my phone broke, this is my new number. I need $650 right now for the clinic, got your text?", "en"),
    ("刘总：我在开会不方便接电话，你马上给这个供应商转 3 万，收到了吗？", "zh-CN"),
    ("阿姨，我手機掉了換新號，現在急用，你直接轉到這張卡上就好了。", "zh-TW"),
])
def test_a_known_persons_request_with_a_scam_shape_is_medium(rules_only: ScamChecker, text: str, lang: str) -> None:
    assert rules_only.scan(text, lang).risk in ("medium", "high")


@pytest.mark.parametrize(("text", "lang"), [
    # a disclaimer, then a demand with an amount and a release condition: the script's own cover
    ("本平台从不收取任何费用，请勿相信陌生人。您的提现因流水异常被冻结，需缴纳提现金额的15%作为保证金后即可解冻。", "zh-CN"),
    ("官方提醒：請勿相信他人私訊。您的帳戶須先儲值 5000 元驗證金才能解除凍結出金。", "zh-TW"),
    ("We never charge hidden fees, please don't trust strangers. To unlock your withdrawal you must pay a 20% release deposit of 640 USDT first.", "en"),
])
def test_a_fee_demand_after_a_disclaimer_is_not_a_warning(rules_only: ScamChecker, text: str, lang: str) -> None:
    assert rules_only.scan(text, lang).risk in ("medium", "high")


@pytest.mark.parametrize(("text", "lang"), [
    # a real disclaimer with no demand after it, or a fee that is taken from the amount
    ("您好，本平台不收取任何解冻费，请勿相信他人。提现手续费 2 USDT 将直接从提现金额中扣除。", "zh-CN"),
    ("您好，正規平台不會要求您先「繳保證金」或「補稅」才放行出金，如需補件請在 App 內上傳。", "zh-TW"),
    ("Hi, our support team will never ask you for an 'unlock fee'. Your withdrawal is under routine review in the app.", "en"),
])
def test_a_disclaimer_without_a_demand_is_low(rules_only: ScamChecker, text: str, lang: str) -> None:
    assert rules_only.scan(text, lang).risk in ("none", "low")


def test_a_passive_demand_is_medium_not_high(rules_only: ScamChecker) -> None:
    assert rules_only.scan("Your payout is on hold. A 12% tax must be paid before release.", "en").risk == "medium"


@pytest.mark.parametrize(("text", "lang"), [
    ("这里是京东客服，您的包裹因地址不详暂存站点，请在京东 App 内的订单页修改地址即可重新配送。", "zh-CN"),
    ("您的帳戶已被限制登入，請打開銀行 App 的「安全中心」重新驗證身分，本行不會以電話要求您提供密碼。", "zh-TW"),
    ("Your account is temporarily locked after several failed sign-ins. To unlock, sign in to the Acme Bank app and follow the prompts.", "en"),
])
def test_weak_signals_that_send_the_reader_into_the_official_app_are_low(rules_only: ScamChecker, text: str,
                                                                         lang: str) -> None:
    assert rules_only.scan(text, lang).risk in ("none", "low")


@pytest.mark.parametrize(("text", "lang"), [
    # a courier picking up a parcel, an AML review, a regulator's rule cited, a waived fee
    ("您的退货申请已通过，快递员将于明天上门取件，运费由商家承担。", "zh-CN"),
    ("您的出金正在進行例行洗錢防制審查，請於 App 內補上資金來源證明，審查不收任何費用。", "zh-TW"),
    ("【合作金庫】依金管會規定，您的帳戶將轉為靜止戶，如需恢復請攜證件至分行辦理，免手續費。", "zh-TW"),
])
def test_service_words_are_not_scam_cues(rules_only: ScamChecker, text: str, lang: str) -> None:
    assert rules_only.scan(text, lang).risk in ("none", "low")


def test_an_aml_office_demanding_secrecy_is_still_flagged(rules_only: ScamChecker) -> None:
    text = "您好，這裡是洗錢防制中心，您的帳戶涉及可疑交易，請把餘額轉到我們指定的帳戶，並不要告訴銀行。"
    assert rules_only.scan(text, "zh-TW").risk in ("medium", "high")


def test_a_list_of_quotes_after_one_frame_is_reported_speech(rules_only: ScamChecker) -> None:
    text = ("賣家注意：假買家會說「我已經下單了，你要先開通金流」、「要先繳認證金才能收款」、「請加客服的 LINE 處理」，"
            "這些都是詐騙，平台沒有這類收費。")
    assert rules_only.scan(text, "zh-TW").risk in ("none", "low")


def test_a_friend_warning_that_someone_uses_your_account_is_low(rules_only: ScamChecker) -> None:
    text = "你微信是不是被盗了？刚才有人用你的微信叫我买京东卡，我打电话给你确认了，快去改密码。"
    assert rules_only.scan(text, "zh-CN").risk in ("none", "low")


def test_a_brands_regional_domain_is_not_a_look_alike() -> None:
    rules = DomainRules(brands=("amazon", "paypal"), official=("amazon.com", "paypal.com"))
    assert find_lookalikes("refund from amazon.co.uk issued", rules) == []
    assert find_lookalikes("paypal.com.au", rules) == []
    assert find_lookalikes("amazon-refunds.co.uk", rules) == [("amazon-refunds.co.uk", "amazon")]
    assert find_lookalikes("amazon.co.uk.account-check.top", rules) == [("amazon.co.uk.account-check.top", "amazon")]


def test_dont_give_up_is_not_advice_against_paying(rules_only: ScamChecker) -> None:
    text = ("Lost money to an investment scam? Don't give up! Our licensed recovery team has recovered funds for "
            "hundreds of clients; a small retainer starts the trace. Message us on WhatsApp today.")
    assert rules_only.scan(text, "en").risk in ("medium", "high")
