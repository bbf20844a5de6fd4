"""Texts that use a scam's words without being one: a victim's recount, a support reply that debunks a forwarded
message, a bank's notice about a designated payee, a deposit refunded at checkout, duty paid in the courier's
own app, a hospital deposit already paid by card. The texts in LOW are rated low or none (a few, tested on their
own, are held below "high"), and the scripts they resemble stay flagged."""

from __future__ import annotations

import pytest

from walletcare.faq.scam import ScamChecker

LOW = [
    # a news item that ends "avoided the loss", a card centre's "this is not our bank's doing", a friend's "is that
    # what they told you? don't", a victim "遭…诈骗", a bank's "if you are asked to", a locker's storage fee
    ("某地一烧烤店老板接到“公安”电话，称其收款码涉嫌洗钱，要求将营业款转入“清查账户”。老板起疑后到派出所核实，成功避免损失。", "zh-CN"),
    ("您好，这里是信用卡中心。您提到有人来电说您开通了“百万保障”，要求关闭并下载会议软件，这不是我行的行为。我行不会让客户下载任何"
     "屏幕共享软件，请挂断并卸载该软件。", "zh-CN"),
    ("兄弟，你说那个“币安客服”让你把助记词发给他？千万别发！我去年就是这么被骗的，官方根本不会要这个。", "zh-CN"),
    ("某园区工程师遭「AI量化投资」诈骗，对方以保证月获利20%吸引加入群组，最后要求缴交「出金税金」才能提领。", "zh-CN"),
    ("【某银行】本行留意到阁下正尝试向一个曾被举报的户口转账。如阁下被人要求转账至「安全户口」，请即停止并致电卡背热线。", "zh-TW"),
    ("【智能快递柜】您的包裹已存入3号柜，取件码 481207。超时后按平台公示标准收取保管费，可在小程序内查看，无需通过任何链接另行缴费。",
     "zh-CN"),
    # a list of "不…、不…、不…", a bank's notice that names relatives among the impostors, a reply to a reader
    # who may "already have entered" the phrase, a warning that names a "custody address" as the scam's
    ("网购退款“三不”：不点陌生链接、不下载陌生App、不共享屏幕。遇到说“三倍赔付”的客服来电，直接在购物App订单页联系官方客服核实。",
     "zh-CN"),
    ("【某银行】您刚向新收款人转账 50,000 元，如对方自称公检法、客服或亲友要求您“先转账后核实”，请立即拨打96110咨询。", "zh-CN"),
    ("关于您咨询的召回问题：我们没有召回计划。官方永远不会要求您在网站上输入助记词，如果您已经输入，请立即用新设备生成新助记词并"
     "转移资产。", "zh-CN"),
    ("提防「假合规审查」诈骗！骗徒声称账户被标记为高风险，要求将资产转入「合规托管地址」。真正的交易所不会要求用户转出资产。", "zh-CN"),
    # "any site that asks for your card password is fake", "scam of the week", the old-number check, a deposit
    # already paid, a school's notice, a near miss told on a forum
    ("回复您的咨询：退税只能在官方 App 申请，任何要求您输入银行卡密码的网站都是假的，请勿填写。", "zh-CN"),
    ("Scam of the week: 'Your rewards are locked, pay a small gas fee to unlock.' Real protocols never charge to "
     "release rewards.", "en"),
    ("家人用新号码找你借钱？先打他原来的号码确认，也可以问一个只有你们知道的问题。", "zh-CN"),
    ("阿爸开刀的保证金我已经在柜台刷卡缴了，收据拍给你，你不用再汇了。", "zh-CN"),
    ("某中学公告：近期有人冒充导师私信家长，要求将费用转入个人账户。本校费用均通过学校缴费系统收取，老师不会私下收款。", "zh-CN"),
    ("网友发帖：买家拉我去Telegram催我放币，我差点就放了，后来查银行根本没到账。大家千万别在站外沟通！", "zh-CN"),
    # a friend's warning about a group that cost a colleague money, reported to the police; "so-called"; remote
    # apps "only if you contacted IT yourself"; a poster that says the police have no safe account; a platform
    # thanking a reader for a report; a bank's routine "for the safety of your funds"; a police notice in
    # Cantonese terms; a payout delay that needs no deposit
    ("你说的那个刷单群赶紧退了吧，我同事先赚了几十块，后来垫付了两万拿不回来，报警了还在查。", "zh-CN"),
    ("比起把资产转到所谓“安全地址”，定期在钱包里取消不认识的授权靠谱得多。", "zh-CN"),
    ("远程控制软件只有在您主动联系自己公司IT部门时才需要用，银行和客服都不需要远程操作您的手机。", "zh-CN"),
    ("【反诈提醒】骗子冒充公安称您涉嫌洗钱，要求把资金转入“安全账户”。警方提示：公安机关没有安全账户！", "zh-CN"),
    ("感谢您举报要求“加 QQ 私下交易”的买家，请所有沟通和付款都在平台内完成。", "zh-CN"),
    ("【某银行】为保障资金安全，我行已为您开通夜间转账提醒。如需调整，请登录手机银行。", "zh-CN"),
    ("警方：近日有骗徒假扮公安，以视像通话声称护照涉及洗黑钱，要求转账至「监管户口」。警方强调执法人员绝不会这样做。", "zh-CN"),
    ("您好，您的拨款延后是因为有一笔争议款正在审查，预计周五前拨付，全程不需缴纳保证金。", "zh-CN"),
    # a quoted script called "the sign of a fake platform", a reply that says the quoted account does not exist,
    # a conditional headed by a quoted role, a police report of a recovery scam, a victim who reported it
    ("'Pay to unlock your withdrawal' is the most common sign of a fake platform. Real exchanges deduct fees from the "
     "balance.", "en"),
    ("您好，我们是客服。您所说的“资金保护账户”并不存在，我们不会要求您把余额转到任何账户。", "zh-CN"),
    ("学校收费都走官方缴费平台。如果有「老师」让您转到个人账户，请先打电话给学校核实。", "zh-CN"),
    ("警方通报：一男子看到“追回损失”的广告，私信后被要求缴纳手续费，先后被骗3万元。", "zh-CN"),
    ("I've reported it to Action Fraud. They said not to trust anyone offering to recover the money for a fee.", "en"),
    # a relative's recount of a call to someone else, a list of warnings under one "if", a victim's recount of a
    # recovery scam, a deposit refunded in the app, a payout with "no deposit required", a news report of victims
    ("奶奶说刚才有人打电话来说她外孙被拘留要交保释金，幸好她先问了我，我在学校上课呢。", "zh-CN"),
    ("妈，要是有人打电话让您装什么远程软件，或者说要把存款转到安全账户，您先给我打个电话。", "zh-CN"),
    ("Forum post: I paid a 'release fee' to a fake exchange chat, then a 'recovery agent' in the replies took another "
     "$300. Sharing so others don't fall for it.", "en"),
    ("您好，这里是桶装水客服。退押金需要您在App里提交退桶申请，收桶后退款到原支付账户，我们不收退押手续费。", "zh-CN"),
    ("Driver Support: payouts are late because of the holiday. No verification deposit is required; funds arrive "
     "tomorrow.", "en"),
    ("警方：近期有诈骗集团冒充海关称包裹藏毒，要求把存款转入“监管账户”，已有多名老人受害。", "zh-CN"),
    # recounts and replies
    # a forum recount: what the scammer asked, told in the past, by someone who lost money
    ("论坛网友分享：在群里找到所谓的追款黑客，结果先后交了追踪费和解冻费三万多，对方就失联了。", "zh-CN"),
    ("PTT網友分享：在臉書找「追款專家」，結果先後付了「律師費」「解凍費」共八萬，對方就失聯了。", "zh-TW"),
    ("Reddit post: 'I lost 2 ETH after a fake support bot in Discord asked me to validate my wallet.'", "en"),
    # someone who checked and did not pay
    ("我收到一条说是保险理赔要先缴税的短信，打给保险公司问，他们说根本没有这回事，幸好没转。", "zh-CN"),
    # a support reply about a forwarded phishing e-mail
    ("Hi, this is the support team. The e-mail you forwarded saying your wallet is 'locked until you pay a release fee' "
     "did not come from us. We never charge to unlock accounts.", "en"),
    ("您好，您询问的「钱包升级」公告并非本公司发布，我们从未推出需要输入助记词的升级，请勿在任何网站输入助记词。", "zh-CN"),
    # a poster that quotes scripts and says hang up
    ("防骗海报：“我是公检法，把钱转到安全账户”“我是客服，先开备用金”——听到这些，立即挂电话！", "zh-CN"),
    # a friend's note that mentions a recovery phrase kept offline
    ("我把钱包的助记词抄在纸上放保险柜了，没拍照也没存网盘。", "zh-CN"),
    # routine notices
    ("【某某銀行】您今日於網路銀行新增一組約定轉入帳號，若非本人設定，請撥打卡片背面客服專線。", "zh-TW"),
    ("【某某银行】您的网银新增约定转入账号，已暂停该账号转账功能24小时。若非本人操作，请拨打官方客服。", "zh-CN"),
    ("【某某旅行】您的酒店订单已确认，入住时需在前台缴纳押金300元，退房后押金将原路退回。", "zh-CN"),
    ("Your booking is confirmed. A deposit of $200 is payable at check-in and refunded at checkout.", "en"),
    ("【某某快递】您的国际包裹需缴纳进口税费，请在某某快递官方APP「待缴税费」中支付，我们不会通过短信链接收取税费。",
     "zh-CN"),
    ("Courier: import duty of £12.40 is due. Pay securely through the courier app. We do not request payment by gift "
     "card.", "en"),
    ("Telecom: a SIM swap was requested on your number today. If you didn't request this, call us from another phone "
     "or visit a store with photo ID.", "en"),
    # notices, help texts and chat
    ("个税退税只能在“个人所得税”App里申请，退税直接退到你本人填报的银行卡，不会通过短信链接办理，更不会收手续费。", "zh-CN"),
    ("您好，imToken 不会主动私信用户。如果您已经在可疑网站输入过助记词，请立即新建钱包并把资产转移过去。", "zh-CN"),
    ("【某某银行】为配合防制洗钱法规，您的账户需更新身份资料，请本人携带证件至任一分行办理，免收任何费用。", "zh-CN"),
    ("远程控制软件本身是合法工具，但在和陌生“客服”通话时千万不要开启屏幕共享。", "zh-CN"),
    ("【帖子】说说我被“搬砖套利”骗了6万的经过：后来对方说要交30%保证金才能提现……希望大家别再上当。", "zh-CN"),
    ("您好，您的公积金提取申请被退回是因为合同缺少签字页，请重新上传完整合同后再次提交即可，审核不产生任何费用。", "zh-CN"),
    ("Hey, can you Venmo me $20 for the concert ticket? I'll send you the QR code.", "en"),
    # questions answered "no", and reports
    # a FAQ that asks the scam's question and answers it "no"
    ("FAQ：公安机关会要求我把钱转到安全账户吗？不会。公检法机关没有所谓“安全账户”。", "zh-CN"),
    ("FAQ: Will my bank ask me to move money to a safe account? No. No genuine bank will ever ask you to.", "en"),
    # a wallet app's reply naming the message it disowns; "街口支付" is a name, "请勿" forbids
    ("您好，這裡是街口支付客服。關於您收到「帳戶需轉入監管帳戶保全」的訊息，街口從未有此類要求，該訊息為詐騙。請勿回覆對方。",
     "zh-TW"),
    # a police report of a recovery scam: "先后支付" tells what was paid, asks nothing
    ("市公安局发布：一女子接到自称“律所”的电话，称可帮其追回被骗的18万元，先后支付“立案费”“保证金”4.6万元。"
     "民警提醒，追赃挽损只能通过公安机关，不收取任何费用。", "zh-CN"),
    ("First time sending SOL? Send a small test amount first, check it arrives, then send the rest.", "en"),
    # recounts, reports and notices
    ("（微博）受害人自述：我在一个“搬砖套利”平台亏了8万，第三次提现时要我交20%“个税”才能提，那一刻才反应过来。发出来给大家提个醒。",
     "zh-CN"),
    ("姐，我剛剛差點把驗證碼給一個「朋友」，還好先打電話問他本人，原來他帳號被盜了。", "zh-TW"),
    ("Consumer regulators say task scams, where people are paid small amounts for rating apps and then asked to deposit "
     "crypto to unlock bigger tasks, have surged this year.", "en"),
    ("Three men have been jailed for a \"safe account\" fraud in which pensioners were persuaded to move £1.2m.", "en"),
    ("【某某二手】买家已确认收货，货款已转入您的支付宝余额。平台不会以“保证金”“解冻”等名义要求您另行付款。", "zh-CN"),
    ("（社區群）三樓門禁維修共 NT$4,800，8 戶每戶 600，請轉入管委會帳戶，有疑問可到管理室看單據。", "zh-TW"),
    ("【某某基金】您持有的基金已进行分红，现金红利￥87.50已转入余额。", "zh-CN"),
    ("【京东】您购买的京东E卡￥200已绑定至当前账户，可在结算时直接抵扣。", "zh-CN"),
    # tax refunds, dividends, disowned offers
    ("【个人所得税】您的年度汇算退税已审核通过，退税金额将由国库退至您申报时填写的银行卡。税务机关不会通过短信链接要求您填写银行卡密码。",
     "zh-CN"),
    ("如何判斷真的退稅通知：退稅直接匯入申報時指定的帳戶。財政部不會用簡訊叫你點連結輸入信用卡。", "zh-TW"),
    ("From a dev account: every 'presale whitelist, send SOL to reserve' account in my replies is fake. We never did a "
     "presale. Block and report.", "en"),
    ("（基金公司客服）您好，本次分红已到账，基金分红暂免个人所得税，我司不会以“代扣税款”为由要求您转账。如有疑问请拨打官方客服。",
     "zh-CN"),
    ("远程协助软件本身是正常工具，但陌生人让你安装并交出识别码，相当于把手机交给对方。银行APP的问题请到网点或拨打官方客服处理。", "zh-CN"),
    # tips, case studies and replies
    ("网购退款正确姿势：在原平台App内申请退款。任何要求你加QQ、下载会议软件、开通“备用金”或提供验证码的“客服”都不是真的。", "zh-CN"),
    ("案例分享：陳小姐參加「按讚賺錢」任務，後來被要求儲值「進階任務」，對方又稱要繳「解凍稅金」。這是典型的假投資詐騙。", "zh-TW"),
    ("屏幕共享风险提示：开启屏幕共享后对方能看到你的验证码。不要在任何“客服”要求下开启屏幕共享。", "zh-CN"),
    ("Dad, that call about a 'tax rebate processing fee' was a scam. There's nothing owed and no fee.", "en"),
    ("如何移除 AnyDesk：設定→應用程式→AnyDesk→解除安裝。若曾讓陌生人連線，請立即更改網銀密碼並通知銀行。", "zh-TW"),
    ("您好，我是某某外卖客服。您反映的少送问题已核实，已补偿 18 元红包至账户，整个过程无需您提供验证码或银行卡信息。", "zh-CN"),
    # victims' stories, tax refunds from the treasury, a code already given away, a pension deposit sent home
    ("Victim story: \"The task app showed my commission growing, then said I had to deposit $1,500 to complete a combo "
     "order. I never saw any of it again.\"", "en"),
    ("投資群組裡的「老師」要你加私人LINE、下載不知名APP入金，或出金前要先繳稅金保證金的，都是典型的假投資手法。", "zh-TW"),
    ("【某某银行】您申请的个人所得税退税 1,064.00 元已由国库退至您尾号 7781 的账户。", "zh-CN"),
    ("您好，我們是 LINE 客服。LINE 官方不會向您索取驗證碼，如果您已經把驗證碼傳給他人，請立即變更密碼並開啟雙重認證。", "zh-TW"),
    ("阿母，我剛匯 5 萬給妳繳醫院保證金，收到回我一下。有人打電話說是我要錢都不要理。", "zh-TW"),
    # a recount that ends in a police report, a near miss, a bank's new-payee notice
    ("I lost about $4k to a fake crypto platform. Then someone offered to recover it for a fee - which was another scam. "
     "Just reported both to the police.", "en"),
    ("我那个币被骗了以后，有人私信说能追回，要先交手续费，我差点就信了，还好你提醒我。", "zh-CN"),
    ("Bank: You've added a new payee. If this wasn't you, call us immediately on the number on our website.", "en"),
    # a domain-reading tip that names look-alikes, an exchange that will not unlock for a fee
    ("How to tell if a site is legit: read the domain carefully. 'paypa1.com' or 'paypal-secure-help.net' are not "
     "PayPal.", "en"),
    ("Hi, this is Coinbase Support. We can't unlock your account for a fee — no legitimate exchange charges to release "
     "funds. Please complete ID verification in the app.", "en"),
    # replies and statements that disown a request
    ("您好，闲鱼交易请务必在平台内完成。您提到对方要求加微信、走线下转账，属于违规行为，我们已对该账号进行处理。", "zh-CN"),
    ("您好，这里是钱包官方工单回复。您反映的\"收到一笔待激活的 USDT，需要先付矿工费解冻\"并非我们的功能，不存在\"解冻费\"。"
     "请勿连接钱包或输入助记词。", "zh-CN"),
    ("您好，比特派客服在此。您提到提币需要先付“矿工费激活白名单”，这不是比特派的规则，请勿向对方转账。", "zh-CN"),
    ("【电力公司声明】近期有人冒充我公司发送“多缴退费”短信，要求输入银行卡号及密码。我公司退费均抵扣下期电费，不会索要银行卡信息。",
     "zh-CN"),
    ("To back up WhatsApp chats, go to Settings > Chats > Chat backup and choose Google Drive or iCloud.", "en"),
]

FLAGGED = [
    # a review's scripts that borrow the warnings' words: a remote app asked after "scams often…" or "所谓…都是常见
    # 诈骗", a recovery pitch with a WeChat id, a code "once received", a police call that invites a 110 check, a
    # named person's or case account, "don't call my old number", the account "our officer gives you"
    ("Scams often target seniors, so we are checking in. Please install AnyDesk so our technician can connect and "
     "secure your account.", "en"),
    ("所谓“刷单”都是常见诈骗，我们是正规平台。请下载ToDesk并打开屏幕共享，工作人员远程帮您完成退款。", "zh-CN"),
    ("朋友被骗了50万，找了追回团队全部拿回来了。被骗的朋友可以加微信 zhuiqian666，先付20%定金即可追回。", "zh-CN"),
    ("若您已收到银行发来的动态码请发给我核对，否则账户将被冻结。", "zh-CN"),
    ("我是派出所民警，您可以拨打110核实我的身份。您涉嫌洗钱，请今天把存款转到办案账户。", "zh-CN"),
    ("阿姨，这件事是真的，孩子在我们医院，请马上转到主治医生的账户。", "zh-CN"),
    ("儿子，我手机坏了这是新号，别打原来的号码了。急用6000块交医药费，转到护士长账户就行。", "zh-CN"),
    ("警方提醒：近日有人冒充学校收费。本校本学期资料费请各位家长今天转账580元至财务老师账户，逾期将影响入学。", "zh-CN"),
    ("This was not us. Someone opened a loan in your name. To cancel it you must move your savings to the account "
     "our security officer gives you.", "en"),
    # a recovery testimonial that says not to bother the police, a host who asks to move to LINE, an offer on
    # "no recovery, no fee" terms with a filing fee up front
    ("我之前被骗 80 万，后来找「区块链安全顾问」追回来了，大家私信他就好，不要再浪费时间报警了", "zh-CN"),
    ("您的预订需要确认，但平台系统故障中，请直接加房东LINE并透过私人连结付款，金额会比平台便宜一成。", "zh-CN"),
    ("Re: your post about losing your savings to a job scam. I am a paralegal with a firm that has recovered over "
     "$40M for victims. We work on a 'no recovery, no fee' basis, apart from a $450 court filing fee payable in "
     "advance.", "en"),
    # "to avoid losses" is the script's own pressure; "reply with the code to stop the login" stops nothing
    ("为避免损失，请立即将资金转移至系统为您生成的安全账户。", "zh-CN"),
    ("【LINE官方】您的帐号于新装置登入，若非本人操作，请回复您收到的 6 位数验证码以停止该次登入。", "zh-CN"),
    # a password or code asked for by reply, a testimonial that sells a recovery service, a deposit "refund" that
    # needs a transfer to a "customer service account"
    ("Please reply with your online banking username and password so we can cancel the purchase.", "en"),
    ("请立即将收到的短信验证码和动态码发送给在线安全客服以撤销修改。", "zh-CN"),
    ("我之前被骗了20万，后来找了个追回团队三天就追回来了，需要的私信我。", "zh-CN"),
    ("押金将原路退还，但需先验证收款账户，请向客服账户转账199元做流水验证。", "zh-CN"),
    # scripts that use the words of a warning: a "no" that opens a new sentence, an order to ignore the bank,
    # a reassurance about cost, a prohibition or a refund of money "sent by mistake"
    ("钱转到安全账户了吗？没有的话马上去转，今天必须完成。", "zh-CN"),
    ("Move your funds to the safe account now, ok? No time to waste.", "en"),
    ("请马上把钱转到这个安全账户：6222 0000 1111。银行柜员问你什么都不要理他。", "zh-CN"),
    ("Please verify your wallet by entering your 12-word recovery phrase at wallet-sync.io. Other messages you got "
     "are fake.", "en"),
    ("Move your savings to the secure holding account below today. This investigation is confidential and no one "
     "should know about it.", "en"),
    ("您的账户差点被永久冻结，请先缴纳解冻费才能提现。", "zh-CN"),
    ("整个过程不产生任何费用，您只需要把收到的验证码告诉我就可以了。", "zh-CN"),
    ("No need to call your bank, just move your savings to the secure account we give you right now.", "en"),
    ("马上把钱转到安全账户接受资金清查，有人冒用你的身份，在这期间不许挂电话。", "zh-CN"),
    ("你好，我刚转错钱给你了，2000块，麻烦你退回到我这个账户 6222 0000 1111。", "zh-CN"),
    ("我教您怎么卸载病毒软件，先下载向日葵App，打开后把识别码发给我。", "zh-CN"),
    ("请把钱转到您本人的监管账户", "zh-CN"),
    ("根据平台规定要求用户先缴纳5000元保证金才能提现", "zh-CN"),
    ("您的钱还没存进我们的安全账户，请马上转入。", "zh-CN"),
    ("你的身份证号码被用于拨打诈骗电话，现在需要把资金转到安全账户接受调查。", "zh-CN"),
    # "are not involved", "are not monitored": not a denial of a brand
    ("Your identity has been used in a drug importation case. You need to move your funds into a protected government "
     "trust account while we verify you are not involved.", "en"),
    ("Seller Support: your shop payments are paused. To resume, contact our verification team directly on WhatsApp. Do "
     "not use the shop's messages, they are not monitored.", "en"),
    # the scripts those notices resemble
    ("您的包裹被海关扣押，需先缴纳清关费 300 元才能放行，请点击 sf-pay.cc 支付。", "zh-CN"),
    ("您的账户涉嫌洗钱，请把名下所有资金转到我们提供的安全账户接受资金清查。", "zh-CN"),
    ("To withdraw your profits you must first pay a 20% tax to the wallet address below.", "en"),
    ("We can recover your lost crypto. Our blockchain forensics team charges a small fee upfront.", "en"),
    ("您好我是钱包官方客服，您的钱包需要同步升级，请把12个助记词发给我验证。", "zh-CN"),
    # scripts in newer wordings
    # "this is a chain rule, not our fee" does not excuse the miner fee it asks for
    ("波寶錢包客服您好～您的 USDT 提現失敗是因為 TRX 能量不足，需要轉入 500 TRX 當作礦工費，3 分鐘內就會解除凍結到帳。"
     "提醒您這是鏈上規則，不是我們收費喔。", "zh-TW"),
    ("亲，为了退款需要先往'商家保证金'里转一笔，退款会连同这笔一起退回。", "zh-CN"),
    ("各位家長好，畢業旅行訂金每人 NT$3,000，這次請直接匯到我的個人帳戶，最晚明天中午前。——陳老師", "zh-TW"),
    ("MetaMask Security: your recovery phrase was leaked. Immediately send all tokens to the MetaMask Vault contract "
     "0x9f2c…a41d.", "en"),
]


@pytest.mark.parametrize(("text", "lang"), LOW)
def test_texts_about_scams_and_routine_notices_are_low(checker: ScamChecker, text: str, lang: str) -> None:
    assert checker.scan(text, lang).risk in ("none", "low")


@pytest.mark.parametrize(("text", "lang"), FLAGGED)
def test_the_scripts_they_resemble_stay_flagged(checker: ScamChecker, text: str, lang: str) -> None:
    assert checker.scan(text, lang).risk in ("medium", "high")


def test_a_news_report_is_not_high(checker: ScamChecker, rules_only: ScamChecker) -> None:
    text = "A retired teacher lost €30,000 to a fake broker. When she tried to withdraw, she was told to pay a 15% tax first."
    assert rules_only.scan(text, "en").risk == "low"  # the rules read a report; the model may still hear the script
    assert checker.scan(text, "en").risk != "high"


def test_a_hospital_deposit_already_paid_is_not_high(checker: ScamChecker) -> None:
    text = "爸，阿嬤明天開刀，醫院說要先繳住院保證金NT$20,000，我刷了卡，你晚點匯一半給我就好，收據我放家庭群組了。"
    assert checker.scan(text, "zh-TW").risk != "high"


def test_a_courier_look_alike_is_named_with_the_real_domain(checker: ScamChecker) -> None:
    result = checker.scan("【顺丰】您的快件地址不详无法派送，请于24小时内登录 sf-expres.cc 更新地址。", "zh-CN")
    assert result.risk == "high"
    assert [f.match for f in result.flags if f.rule == "S4"] == ["sf-expres.cc ≈ sf-express.com"]
    assert checker.scan("顺丰快递单号查询请到 www.sf-express.com", "zh-CN").risk in ("none", "low")


def test_a_plain_transfer_to_a_card_is_not_decisive(rules_only: ScamChecker) -> None:
    # a transfer how-to names the bank card, not a "safe" account: one flag, so a warning at most
    how_to = rules_only.scan("支付宝转账到银行卡：打开支付宝-转账-转到银行卡，输入户名和金额即可，通常2小时内到账。", "zh-CN")
    assert how_to.risk != "high"
    assert rules_only.scan("请把钱转到安全账户", "zh-CN").risk == "high"


def test_the_second_call_of_the_fake_police_is_not_a_warning(checker: ScamChecker) -> None:
    # it calls the first call a scam, then asks for the "protected account" itself
    text = ("你好，我是反诈中心民警，你刚刚接到的电话就是诈骗电话，骗子已经掌握了你的银行卡信息。"
            "现在马上按我说的把钱转到保护账户，我们帮你冻结骗子的账户。")
    assert checker.scan(text, "zh-CN").risk in ("medium", "high")


def test_a_validation_form_for_the_recovery_phrase_is_high(checker: ScamChecker) -> None:
    text = ("Wallet Support (Ticket #4409): to resolve your stuck transaction we need to sync your wallet. Please fill in "
            "the validation form with your 12-word recovery phrase. Our team will never move your funds.")
    assert checker.scan(text, "en").risk == "high"


def test_a_question_that_asks_is_still_a_request(rules_only: ScamChecker) -> None:
    # only a "no" right after the question negates it
    assert rules_only.scan("你能现在把钱转到安全账户吗？我们马上帮你冻结骗子的账户。", "zh-CN").risk == "high"


def test_a_prohibition_does_not_cover_the_next_request(checker: ScamChecker) -> None:
    # "你别跟妈说" forbids telling; "把钱转给这位律师" is the bail script's request
    text = "爸，我跟人打架被派出所抓了，警察说要交5万保释金才放人。你别跟妈说，把钱转给这位律师，他帮我处理。"
    assert checker.scan(text, "zh-CN").risk in ("medium", "high")


def test_a_hospital_deposit_paid_at_the_counter_is_not_a_plea(rules_only: ScamChecker) -> None:
    text = "老婆，我刚在医院一楼收费窗口把爸的住院押金 5,000 交了，单子拍给你看。你下班直接过来就行。"
    assert rules_only.scan(text, "zh-CN").risk in ("none", "low")


def test_a_voice_that_sounds_odd_is_the_scripts_pretext(checker: ScamChecker) -> None:
    # "聲音怪怪的是因為感冒" is how the fake grandson explains his voice, not someone doubting a message
    text = "阿嬤，我是阿宏啦，聲音怪怪的是因為感冒。我開車撞到人，對方說要 20 萬和解，妳不要跟爸爸說，我等一下請律師去家裡拿錢喔。"
    assert checker.scan(text, "zh-TW").risk in ("medium", "high")


def test_a_backup_how_to_is_not_high(checker: ScamChecker) -> None:
    # its steps are the reader's own, in the wallet's own menu; a how-to heading caps it at a warning
    text = "新手如何备份钱包：设置-安全与隐私-显示助记词，输入密码后抄写 12 个单词，按顺序核对一遍，然后把纸放在安全的地方。"
    assert checker.scan(text, "zh-CN").risk != "high"


def test_a_transfer_to_a_relatives_own_account_is_not_high_alone(checker: ScamChecker) -> None:
    # an account that names no "safe", new or third-party account is an ordinary transfer: a warning at most
    assert checker.scan("爸，这周生活费转到我邮局账户吧，就是你知道的那个。", "zh-CN").risk != "high"
    assert checker.scan("同学聚餐一人800，我开了LINE Pay分账，也可以直接转到我邮局账户。", "zh-CN").risk != "high"
    assert checker.scan("押金将原路退还，但需先验证收款账户，请向客服账户转账199元做流水验证。", "zh-CN").risk == "high"


def test_a_look_alike_of_a_ride_hailing_or_shopping_brand_is_high(checker: ScamChecker) -> None:
    result = checker.scan("Uber: your refund is ready. Confirm your card at uber-refund.ca-pay.vip/r/1 within 24h.", "en")
    assert result.risk == "high"
    assert [f.match for f in result.flags if f.rule == "S4"] == ["uber-refund.ca-pay.vip ≈ uber.com"]
    assert checker.scan("Refund questions? See help.uber.com or the Help tab in the app.", "en").risk in ("none", "low")
    # a brand is found inside longer labels, so a name that hides in common words ("chase" in "purchase") is none
    purchase = checker.scan("The purchase-order portal is at purchase-portal.example.com.", "en")
    assert not any(f.rule == "S4" for f in purchase.flags)


def test_scripts_that_share_words_with_the_warnings_stay_high(checker: ScamChecker) -> None:
    # "举报" in a script's pretext is no report by the reader; "户口" is an account; "a new account" is still one
    assert checker.scan("【微信团队】您的账号因被举报涉嫌违规已被限制登录。如需解封，请将您手机刚收到的6位验证码发送给本客服。",
                        "zh-CN").risk == "high"
    assert checker.scan("香港警务处：阁下的身份证涉及洗黑钱，请即将结余转至临时安全户口，稍后有职员致电核实。", "zh-TW").risk == "high"
    assert checker.scan("We blocked a payment. We'll help you move your money to a new account number to secure it. "
                        "Reply YES and an agent will call.", "en").risk == "high"
    # ... while advice to use a wallet the reader made is not a "safe account"
    advice = checker.scan("If you already shared it, move your funds to a new wallet you created yourself.", "en")
    assert advice.risk != "high"


def test_what_the_reader_provided_is_not_a_request(checker: ScamChecker) -> None:
    # "您在工单里提供的助记词" was given already (the reply deletes it); "我们提供的测试助记词" is handed over to import
    reply = checker.scan("您好，关于您在工单里提供的助记词，我们已删除该消息。客服永远不需要您的助记词，建议您新建钱包并转移资产。", "zh-CN")
    assert reply.risk != "high"
    assert checker.scan("请在 MetaMask 导入我们提供的测试助记词完成第二轮面试。", "zh-CN").risk == "high"


def test_a_custody_address_and_a_video_call_offer(checker: ScamChecker) -> None:
    # the "official custody address" is the crypto form of the safe account; ", 不然" after it negates nothing
    assert checker.scan("请立即将全部 USDT 转移至官方安全托管地址，防止被盗。", "zh-CN").risk == "high"
    assert checker.scan("现在要把你余额宝里的钱先转到一个备用安全账户里，不然盗刷的人会继续转走。", "zh-CN").risk == "high"
    # a friend who offers a video call to show the breakdown is checkable: a warning at most
    assert checker.scan("我车坏了，拖车要800，你帮我先付一下？我现在给你打视频你看看，回家马上还你", "zh-CN").risk != "high"


def test_the_review_scripts_are_high(checker: ScamChecker) -> None:
    # the scripts above are flagged; these, with a decisive demand, are high
    for text, lang in (("我是派出所民警，您可以拨打110核实我的身份。您涉嫌洗钱，请今天把存款转到办案账户。", "zh-CN"),
                       ("阿姨，这件事是真的，孩子在我们医院，请马上转到主治医生的账户。", "zh-CN"),
                       ("所谓“刷单”都是常见诈骗，我们是正规平台。请下载ToDesk并打开屏幕共享，工作人员远程帮您完成退款。", "zh-CN")):
        assert checker.scan(text, lang).risk == "high", text
