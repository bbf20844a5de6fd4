"""The issue classification: one primary issue of the case mapped to each channel's own categories (CFPB,
US Regulation E, card network reason codes, PayPal, mainland China 12315/12363), so the user can fill in any
channel's form. ``Case.classification`` holds one of ``ISSUES``; anything else is printed as written.
"""

from __future__ import annotations

from walletcare.i18n import translate

ISSUES = ("unauthorized", "not_received", "money_not_available", "wrong_amount", "duplicate",
          "refund_not_received", "scam", "frozen", "other")

# Words people type for each issue (zh-CN, zh-TW, en), checked in this order: the first match wins.
_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("scam", ("诈骗", "詐騙", "被骗", "被騙", "骗局", "scam", "fraud")),
    ("unauthorized", ("未授权", "未授權", "盗刷", "盜刷", "被盗", "被盜", "unauthori", "did not authori")),
    ("duplicate", ("重复", "重複", "扣了两次", "扣兩次", "duplicate", "twice", "double")),
    ("refund_not_received", ("退款", "refund", "cancel")),
    ("frozen", ("冻结", "凍結", "限制", "frozen", "freeze", "limited", "hold")),
    ("wrong_amount", ("金额不对", "金額不對", "金额错误", "金額錯誤", "手续费", "手續費", "汇率", "匯率",
                      "wrong amount", "fee", "exchange rate")),
    # paid, but the goods, the top-up or the service never came: the merchant's failure (12315, Visa 13.1 /
    # Mastercard 4855), checked before "money not available" whose words ("未到账") it shares
    ("not_received", ("充值未到账", "充值未到帳", "充值没到账", "充值沒到帳", "充值不到账", "充值不到帳", "充值失败",
                      "充值失敗", "游戏充值", "遊戲充值", "话费充值", "話費充值", "点券", "點券", "会员未开通",
                      "會員未開通", "top-up", "top up", "topup", "recharge", "credits not",
                      "没收到货", "沒收到貨", "未收到货", "未收到貨", "商品未收到", "货未收到", "貨未收到",
                      "未收到商品", "没收到商品", "沒收到商品", "未发货", "未發貨", "服务未提供", "服務未提供",
                      "not delivered", "item not received", "goods not received")),
    ("money_not_available", ("未到账", "未到帳", "没到账", "沒到帳", "未收到", "没收到", "沒收到", "扣款",
                             "not received", "missing", "pending")),
)


def issue_key(text: str) -> str:
    """One of ``ISSUES`` for a classification as typed (an exact key, else the first keyword found), or ""."""
    value = text.strip().lower()
    if value in ISSUES:
        return value
    for key, words in _KEYWORDS:
        if any(word in value for word in words):
            return key
    return ""


def issue_name(issue: str, lang: str) -> str:
    """The primary issue in words (the raw text when it is not one of ``ISSUES``)."""
    t = lang
    names = {
        "unauthorized": translate("Payment I did not authorise", t),
        "not_received": translate("Paid, but goods or service not received", t),
        "money_not_available": translate("Money deducted but not received by the payee", t),
        "wrong_amount": translate("Wrong amount, fee or exchange rate", t),
        "duplicate": translate("Charged more than once", t),
        "refund_not_received": translate("Refund or cancellation not processed", t),
        "scam": translate("Tricked into paying (scam)", t),
        "frozen": translate("Account or funds frozen", t),
        "other": translate("Other problem", t),
    }
    return names.get(issue, issue)


def mapping(issue: str, lang: str, only: frozenset[str] | None = None) -> list[tuple[str, str]]:
    """``[(channel, category), ...]`` for the issue; an empty list for free text. ``only`` keeps the rows of
    these channel families (``cfpb``, ``reg-e``, ``card``, ``paypal``, ``cn``; None: all of them)."""
    t = lang
    cfpb = {
        "unauthorized": translate("Fraud or scam; unauthorized transactions", t),
        "not_received": translate("Other service problem", t),
        "money_not_available": translate("Money was not available when promised", t),
        "wrong_amount": translate("Wrong amount charged or received; fees or exchange rate", t),
        "duplicate": translate("Wrong amount charged or received; fees or exchange rate", t),
        "refund_not_received": translate("Problem with cancelling a transfer or getting a refund", t),
        "scam": translate("Fraud or scam", t),
        "frozen": translate("Other service problem", t),
        "other": translate("Other service problem", t),
    }
    reg_e = {
        "unauthorized": translate("Unauthorized electronic fund transfer", t),
        "money_not_available": translate("Transfer missing or not received", t),
        "wrong_amount": translate("Incorrect amount", t),
        "duplicate": translate("Incorrect amount (duplicate transfer)", t),
        "scam": translate("Ask whether it counts as unauthorized (often not, if you sent it yourself)", t),
    }
    card = {
        "unauthorized": translate("Visa 10.x fraud (e.g. 10.4 card-absent fraud)", t),
        "not_received": translate("Visa 13.1 / Mastercard 4855: goods or services not received", t),
        "money_not_available": translate("Visa 12.x processing error", t),
        "wrong_amount": translate("Visa 12.5 incorrect amount", t),
        "duplicate": translate("Visa 12.6 duplicate processing", t),
        "refund_not_received": translate("Visa 13.6 credit not processed", t),
        "scam": translate("Visa 13.x consumer dispute or 10.x fraud, as the issuer decides", t),
    }
    paypal = {
        "unauthorized": translate("Unauthorized transaction", t),
        "not_received": translate("Item not received", t),
        "money_not_available": translate("Payment problem", t),
        "wrong_amount": translate("Billing error", t),
        "duplicate": translate("Billing error (duplicate charge)", t),
        "refund_not_received": translate("Refund not received", t),
        "scam": translate("Item not received, or significantly not as described", t),
        "frozen": translate("Account limitation (Resolution Centre)", t),
    }
    china = {
        "unauthorized": translate("12363: payment institution (after complaining to the institution)", t),
        "not_received": translate("12315: merchant dispute", t),
        "money_not_available": translate("12363: payment institution (after complaining to the institution)", t),
        "wrong_amount": translate("12363: payment institution (after complaining to the institution)", t),
        "duplicate": translate("12363: payment institution (after complaining to the institution)", t),
        "refund_not_received": translate("12315: merchant dispute", t),
        "scam": translate("Police (110) first; then the platform", t),
        "frozen": translate("12363: payment institution (after complaining to the institution)", t),
    }
    issue = issue_key(issue)
    if not issue:
        return []
    rows = [
        ("cfpb", "CFPB", cfpb.get(issue, "")),
        ("reg-e", translate("US Regulation E", t), reg_e.get(issue, "")),
        ("card", translate("Card chargeback", t), card.get(issue, "")),
        ("paypal", "PayPal", paypal.get(issue, "")),
        ("cn", translate("Mainland China", t), china.get(issue, "")),
    ]
    return [(k, v) for family, k, v in rows if v and (only is None or family in only)]
