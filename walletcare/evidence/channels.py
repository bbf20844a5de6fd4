"""Where a dispute can be taken, and which of those places apply to a case.

Each channel has an id (used by ``walletcare export --to`` and ``walletcare letter --to``) and a letter template
per language in ``resources/letters/<id>/<lang>.txt`` (its name and addressee in a short header, then the
text; see ``letters.py``). Whether a channel applies follows from the case's provider, region and issue:
mainland 12315 and 12363 for Alipay and WeChat Pay cases, the PayPal claim only for PayPal, FDRC only in Hong
Kong, FOI only in Taiwan, Regulation E only in the US, a card chargeback only when a card paid, the police
for scams, theft and crypto drains. The region is what the case says (provider, currencies), never a guess
from the interface language. Facts: ``shared/spec/channels.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from walletcare.evidence.dossier.classification import issue_key
from walletcare.evidence.importers.provider_check import case_family
from walletcare.evidence.models import Case, Transaction
from walletcare.i18n import _

CHANNEL_IDS = ("merchant", "platform", "12315", "12363", "card", "reg-e", "paypal", "police", "fdrc", "foi")
_CURRENCY_REGION = {"CNY": "cn", "RMB": "cn", "HKD": "hk", "TWD": "tw", "NTD": "tw", "USD": "us", "GBP": "uk"}
# wallets of Hong Kong and Taiwan (checked before the mainland families: "AlipayHK" is not Alipay of the mainland)
_PROVIDER_REGIONS = (("hk", ("alipayhk", "alipay hk", "支付宝香港", "支付寶香港", "wechat pay hk", "微信支付香港", "payme",
                             "octopus", "八达通", "八達通", "tap & go", "拍住赏", "拍住賞")),
                     ("tw", ("街口", "jko", "line pay", "全支付", "悠遊付", "台灣pay", "taiwan pay")))
_MERCHANT_ISSUES = frozenset({"not_received", "refund_not_received", "wrong_amount", "duplicate", "other", ""})
_INSTITUTION_ISSUES = frozenset({"money_not_available", "unauthorized", "wrong_amount", "duplicate", "frozen"})
_POLICE_ISSUES = frozenset({"scam", "unauthorized"})


@dataclass(frozen=True)
class Applicable:
    """A channel for this case, with the reason in the interface language."""

    id: str
    why: str


def region(case: Case, transactions: Iterable[Transaction] = ()) -> str:
    """``cn``, ``hk``, ``tw``, ``us``, ``uk`` or ``""``: from the provider (Alipay and WeChat Pay are mainland
    services), else the currency of the case or of its disputed transactions."""
    provider = case.provider.lower()
    for where, words in _PROVIDER_REGIONS:
        if any(word in provider for word in words):
            return where
    if case_family(case) in ("alipay", "wechat"):
        return "cn"
    currencies = [case.currency.upper()] if case.currency else []
    currencies += [tx.currency.upper() for tx in transactions if tx.role == "disputed"]
    for currency in currencies:
        if currency in _CURRENCY_REGION:
            return _CURRENCY_REGION[currency]
    return ""


def applicable(case: Case, transactions: Iterable[Transaction] = ()) -> list[Applicable]:
    """The channels that apply to the case, in the order to use them (the firm first)."""
    txs = list(transactions)
    where, family, issue = region(case, txs), case_family(case), issue_key(case.classification)
    crypto = case.kind == "crypto" or family == "chain"
    found: list[Applicable] = []
    if not crypto:
        found.append(Applicable("merchant", _("Ask the merchant or the other side first, in writing, and keep "
                                              "its answer: every later channel asks for it.")))
    if family in ("alipay", "wechat", "paypal") or (not crypto and case.provider):
        found.append(Applicable("platform", _("Complain to {provider} through its own complaint channel.").format(
            provider=case.provider or family)))
    if where == "cn" and not crypto and issue in _MERCHANT_ISSUES:
        found.append(Applicable("12315", _("Mainland China: the merchant did not deliver or refund (12315).")))
    if where == "cn" and not crypto and issue in _INSTITUTION_ISSUES:
        found.append(Applicable("12363", _("Mainland China: a failure of the payment institution or bank itself, "
                                           "after complaining to it first (12363 / 12378).")))
    if case.linked_card and not crypto:
        found.append(Applicable("card", _("A card paid: the card issuer can charge the payment back.")))
    if where == "us" and case.kind in ("bank", "payment") and family != "paypal":
        found.append(Applicable("reg-e", _("US bank or payment account: a written error notice (Regulation E).")))
    if family == "paypal":
        found.append(Applicable("paypal", _("Paid with PayPal: open a dispute, then escalate it to a claim.")))
    if crypto or issue in _POLICE_ISSUES:
        found.append(Applicable("police", _("Fraud, theft or a drained wallet: report it to the police at once.")))
    if where == "hk":
        found.append(Applicable("fdrc", _("Hong Kong: FDRC after the firm's final reply, or 60 days without one.")))
    if where == "tw":
        found.append(Applicable("foi", _("Taiwan: FOI after 30 days without a reply, or an answer you do not "
                                         "accept (apply within 60 days).")))
    return found

