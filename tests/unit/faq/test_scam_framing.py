"""Warnings, how-tos and recounts that name a scam's demand are not the demand: a part of a sentence that goes on
telling what a described caller did ("…的电话，称…，要求将钱转入…") keeps the frame of the part before it, a
tutorial or FAQ header marks a text about scams, and a promise or a fee denied ("不保证盈利", "未收取任何保证金")
is no promise or fee. Scripts that use the same words to the reader keep their rating."""

from __future__ import annotations

import pytest

from walletcare.faq.scam import ScamChecker


@pytest.mark.parametrize(("text", "lang"), [
    # a described caller's demands, each part going on from the frame before it
    ("市公安局提醒：近来常有冒充法院工作人员的来电，称您的名下账户涉嫌诈骗，要求把存款转进“核查账户”。", "zh-CN"),
    ("派出所提醒：最近有人假冒檢察官打電話，稱你的帳戶被人盜用，並要求將存款匯到「安全帳戶」。", "zh-TW"),
    # a tutorial and an FAQ answer
    ("MetaMask 新手教学：恢复钱包时需要输入助记词，只在官方 App 里自己操作，千万不要在任何网页或聊天里输入。", "zh-CN"),
    # recounts that end in a warning or name the demand unlawful
    ("分享一下：朋友在一个跟单平台投了三万，想提现时被要求先交20%的税，交完又要保证金，大家别重蹈覆辙。", "zh-CN"),
    ("提醒打工族：仲介要求先繳「保證金」才能上工是違法的，遇到請向勞工局反映。", "zh-TW"),
    ("你之前说你舅舅被骗交了“解冻费”，钱追回来没有？派出所说报案要趁早。", "zh-CN"),
    # a support reply that offers no remote help
    ("您好，我们不提供远程协助服务，也不会要求您安装任何屏幕共享软件。页面报错请清除缓存后重新登录。", "zh-CN"),
    ("Thanks for writing in. We don't offer remote support sessions and will never ask you to install "
     "screen-sharing software. Please clear your cache and sign in again.", "en"),
    # a fee denied, a return not promised
    ("【车贷通知】您的车辆贷款已放款 86,000 元，本次放款过程中本公司未收取任何保证金或手续费。", "zh-CN"),
])
def test_descriptions_and_denials_are_not_the_demand(checker: ScamChecker, text: str, lang: str) -> None:
    assert checker.scan(text, lang).risk in ("none", "low")


@pytest.mark.parametrize(("text", "lang"), [
    ("量化机器人只是工具，不保证盈利，行情剧烈波动时也会亏损，请量力而行。", "zh-CN"),
    ("網格機器人無法保證獲利，單邊行情也會虧損。", "zh-TW"),
    # "no" right before the fee
    ("Hi, your parcel was delayed at the depot and is out for delivery today. No customs fee is due on this "
     "shipment.", "en"),
    ("Hi Jo, your shop payout was held for 7 days because it's your first sale. This is normal and no fee is "
     "needed. Funds will be released on 21 March.", "en"),
    ("Trading bots don't guarantee profit and can lose money in a trending market.", "en"),
])
def test_a_return_or_a_fee_denied_flags_nothing(rules_only: ScamChecker, text: str, lang: str) -> None:
    assert not rules_only.scan(text, lang).flags


@pytest.mark.parametrize(("text", "lang", "risk"), [
    # a demand made of "you" is the speaker's, whatever pretext comes before it
    ("有不法分子冒用你的身份开户，要求你把资金全部转入安全账户配合核查。", "zh-CN", "high"),
    ("我们接到通报，称您的账户涉嫌洗钱，请立即将资金转入监管账户。", "zh-CN", "high"),
    # a tutorial header over a request that goes to a look-alike link
    ("钱包升级教学：请在 metamask-upgrade.io 输入12个助记词完成迁移。", "zh-CN", "medium"),
    # remote help offered, an app to install
    ("您好，技术部为您提供远程协助服务，请下载向日葵并把识别码发给我。", "zh-CN", "high"),
    # a fake teacher's own request to a personal account
    ("各位家长好，本学期资料费每人380元，学校账户这两天在维护，请直接转到我的个人账户，收到后我在群里登记。", "zh-CN", "high"),
    # a promise of returns
    ("跟着老师操作，保证盈利，稳赚不赔，今晚就带你开户。", "zh-CN", "medium"),
    # "no" before another word, or "now" cut short, denies nothing
    ("Your account is frozen. No worries, pay the 50 USDT unlock fee and it will be released.", "en", "high"),
    ("Ledger alert: your recovery seed was exposed. Transfer your funds to the temporary Ledger escrow address now;"
     " a replacement device will follow.", "en", "high"),
])
def test_scripts_in_the_same_words_keep_their_rating(checker: ScamChecker, text: str, lang: str,
                                                     risk: str) -> None:
    result = checker.scan(text, lang)
    assert result.risk in (("medium", "high") if risk == "medium" else ("high",)), result


@pytest.mark.parametrize(("text", "lang", "low"), [
    # a chat app named in passing is not a request to move there
    ("Lunch came to £48, so £12 each. I'll put my bank details in the WhatsApp group, or cash is fine, no rush.",
     "en", True),
    # "WhatsApp me", after a dash, is
    ("Got two concert tickets at face value. The resale site fees are silly so let's do it outside — WhatsApp me "
     "and I'll send the PDFs once you've paid.", "en", False),
    ("Hi, selling my bike. Text me on Telegram @bikeguy_22 to arrange payment first.", "en", False),
])
def test_a_chat_app_named_is_not_a_move_off_the_platform(rules_only: ScamChecker, text: str, lang: str,
                                                        low: bool) -> None:
    result = rules_only.scan(text, lang)
    assert any(f.rule == "R13" for f in result.flags)
    assert (result.risk in ("none", "low")) == low, result


@pytest.mark.parametrize(("text", "lang"), [
    ("【某银行】您的账户近期有多笔大额转账至陌生账户，为保护您的资金安全，我行将致电回访，回访号码为 95599。", "zh-CN"),
    ("您好，房费押金 800 元已于退房时撤销预授权，银行到账一般需要 3-7 个工作日。", "zh-CN"),
    ("lol someone on Discord DM'd me offering to fix my wallet if I shared my screen. blocked and reported.", "en"),
    ("警方提醒：如接到自称公安的来电，要求你把存款转到「安全账户」，请立即致电反诈热线 96110 查询。", "zh-CN"),
    ("Recovery scams: after a loss you may be contacted by 'asset recovery agents' who promise to get your money "
     "back for an upfront fee.", "en"),
    ("Police warn shop owners of fake 'tax refund' texts that ask for a processing fee before payment is released.",
     "en"),
    ("二手交易请在平台内付款，对方要求加微信或点外部链接付款的，风险极高。", "zh-CN"),
    ("您好，我们不提供一对一远程协助服务。交易卡住请在钱包内加速或取消。", "zh-CN"),
    ("家長請注意：校外教學費用一律透過學校帳戶繳交，若有人私訊要求匯到個人帳戶，請先打電話向導師確認。", "zh-TW"),
    ("Parents: class trip fees are paid through the school app. If someone asks for payment to a personal account, "
     "call the school office.", "en"),
])
def test_warnings_notices_and_recounts_read_as_such(checker: ScamChecker, text: str, lang: str) -> None:
    assert checker.scan(text, lang).risk in ("none", "low")


def test_a_margin_is_not_a_promise_and_a_personal_wallet_is_an_account(rules_only: ScamChecker) -> None:
    notice = rules_only.scan("【合约交易所】您的永续仓位保证金率已低于 8%，请及时追加保证金或减仓，以免被强平。", "zh-CN")
    assert "R17" not in {f.rule for f in notice.flags}
    script = rules_only.scan("请于2小时内将 20,000 元转入风控专员指定的个人钱包，否则系统将强制平仓。", "zh-CN")
    assert any(f.rule == "R4" and f.severity == "high" for f in script.flags)


def test_a_code_sent_to_me_is_a_code_request(rules_only: ScamChecker) -> None:
    result = rules_only.scan("您好，我是京东客服，退款需要远程协助，请下载向日葵，把设备识别码和验证码发给我。", "zh-CN")
    assert any(f.rule == "R2" and f.severity == "high" for f in result.flags)


@pytest.mark.parametrize(("text", "lang"), [
    ("hey, testing my new wallet finder tool, works on any chain. DM me your phrase and I'll show you the tokens "
     "you never claimed", "en"),
    ("NatWest: a new payee was added to your account. If this was not you, cancel it at natwest-payee-stop.com with "
     "your card PIN.", "en"),
    ("【某银行】您的信用卡被重复扣款 1,280 元，请致电客服并按指示在网银输入「退款代码」完成退款。", "zh-CN"),
    ("Amazon Refunds: you were charged twice. To receive the £60 back, confirm by entering the amount on your "
     "banking app's send money screen.", "en"),
])
def test_scripts_read_from_sets_84_87_are_caught(checker: ScamChecker, text: str, lang: str) -> None:
    assert checker.scan(text, lang).risk in ("medium", "high")


@pytest.mark.parametrize(("text", "lang", "risk"), [
    # a script's own pretext ("有不法分子冒用您…", "这里是…", "我是…") is no frame for the demand after it
    ("尊敬的客户，有嫌疑人以您的名义办理了贷款，声称是您本人，要求将验证码告知专员以便注销该笔贷款。", "zh-CN", "high"),
    ("您好，我是支付宝客服。有不法分子盗用您的账户进行交易，称您的花呗额度异常，要求将验证码提供给客服进行冻结处理。", "zh-CN",
     "high"),
    ("您好，这里是银保监会，有不法分子利用您的账户洗钱，称您是共犯，要求将名下资金转入国家监管账户证明清白。", "zh-CN", "high"),
    ("有人假冒您的名義申辦信用卡，稱您需要配合解除，要求將驗證碼告訴專員，完成註銷。", "zh-TW", "medium"),
    ("这里是派出所，有人冒用您身份证开卡，嫌疑人声称您知情，要求今天之内把存款转入安全账户，核实后退回。", "zh-CN", "medium"),
    # a tutorial or FAQ header over a request
    ("教學：領取空投步驟。1. 打開錢包 2. 將助記詞貼到客服提供的表單 3. 提交後24小時內到帳。", "zh-TW", "medium"),
    ("教学：如何同步钱包？打开钱包，把助记词输入到 walletsync 页面即可完成同步。", "zh-CN", "high"),
    ("常见问题：账户被冻结怎么解冻？\n请把钱包助记词发给在线客服。", "zh-CN", "high"),
    # a recovery ad in the second person, citing victims
    ("Your stolen crypto can be recovered. Certified blockchain investigators trace and recover lost funds for a "
     "small upfront fee. Victims have already recovered over $2M.", "en", "medium"),
    # a chat app with a number or a user name to reach there
    ("The item is still available. Payment and shipping are handled on WhatsApp, my number is 07700 900123.", "en",
     "medium"),
    ("The buyer has paid. For the shipping label our agent reaches customers through Telegram only, username "
     "@fbmarket_agent.", "en", "medium"),
    # the script's own accusation, a warning word inside a pitch, a promise that "you will be contacted"
    ("您的账户存在刷单套现行为，属违法行为，现已冻结，需缴纳保证金后方可解冻，请联系客服办理。", "zh-CN", "high"),
    ("这只币明天拉盘，千万不要碰别的币，全仓跟着老师买入，保证翻倍。", "zh-CN", "medium"),
    ("你自己炒币的，风险极高。跟着老师带单，日收益3%，稳赚不赔。", "zh-CN", "medium"),
    ("Your refund of $749 is approved. You will be contacted by a Coinbase agent shortly; have your 12-word recovery "
     "phrase ready so the agent can verify your wallet.", "en", "medium"),
    # "no X, no release" demands the fee; "no remote help, but …" offers it
    ("Your funds are frozen due to AML review. No clearance fee, no release. Transfer 1,500 USDT now to unfreeze.",
     "en", "high"),
    ("We do not provide remote assistance, but you can let our engineer see your screen: download TeamViewer and "
     "share your screen.", "en", "high"),
])
def test_scripts_that_borrow_a_warnings_words_stay_flagged(checker: ScamChecker, text: str, lang: str,
                                                          risk: str) -> None:
    assert checker.scan(text, lang).risk in (("medium", "high") if risk == "medium" else ("high",))


@pytest.mark.parametrize(("text", "lang"), [
    ("我同学说他能帮我把被骗的钱追回来，但要先交服务费，我觉得不太靠谱，你觉得呢？", "zh-CN"),
    ("My cousin says a guy online can get my stolen crypto back for a fee. Sounds a bit fishy, what do you think?",
     "en"),
])
def test_a_person_doubting_an_offer_is_asking_not_offering(checker: ScamChecker, text: str, lang: str) -> None:
    assert checker.scan(text, lang).risk in ("none", "low")


@pytest.mark.parametrize(("text", "lang"), [
    ("Hi, it's your cousin. New number. Can you send me $400 for rent today? I'll pay you back Friday.", "en"),
    ("媽，這是我的新號碼，舊的壞了。先匯三萬到這個帳戶，別跟爸說。", "zh-TW"),
])
def test_a_new_number_is_a_relative_not_support(checker: ScamChecker, text: str, lang: str) -> None:
    result = checker.scan(text, lang)
    assert result.risk in ("medium", "high")
    assert "R6" not in {f.rule for f in result.flags}  # ("'Support' contacts you first" is the wrong title)



@pytest.mark.parametrize(("text", "start", "end", "shown"), [
    ("send 5 Apple gift cards of $200 each", 0, 29, "send 5 Apple gift cards of $200"),
    ("I need $3,000 now.", 0, 9, "I need $3,000"),
    ("msg profit_anna and I", 6, 17, "profit_anna and"),
    ("pay 1.5 ETH, now", 0, 5, "pay 1.5"),
    ("请转3000元到安全账户", 0, 3, "请转3000"),
])
def test_a_quoted_match_keeps_whole_numbers_and_words(text: str, start: int, end: int, shown: str) -> None:
    from walletcare.faq.scam import _whole_words

    assert _whole_words(text, start, end) == shown
