"""Does this export belong to this case? An OKLink or Etherscan token file in an Alipay case, or a WeChat Pay
bill in a PayPal case, is almost always the wrong file or the wrong case; the import stops before anything is
written and says so (``ProviderMismatch``), and the user can go on deliberately (``--force-provider`` on the
command line, a question in the window).

Only what is known is compared: a case whose provider is not recognised, and generic CSV files (banks and
others), are never refused.
"""

from __future__ import annotations

from walletcare.errors import InvalidInput
from walletcare.evidence.models import Case
from walletcare.i18n import N_, _

# the family of each importer format (generic "csv" is not checked)
FORMAT_FAMILY = {"alipay": "alipay", "wechat": "wechat", "paypal": "paypal", "etherscan": "chain", "oklink": "chain"}
FAMILY_NAMES = {"alipay": N_("Alipay"), "wechat": N_("WeChat Pay"), "paypal": "PayPal",
                "chain": N_("a blockchain explorer (OKLink, Etherscan …)"), "bank": N_("a bank")}
# words in a case's provider that name a family (lower case)
_PROVIDER_WORDS = (
    ("alipay", ("支付宝", "支付寶", "alipay", "蚂蚁", "螞蟻")),
    ("wechat", ("微信", "wechat", "weixin", "财付通", "財付通", "tenpay")),
    ("paypal", ("paypal", "贝宝", "貝寶")),
    ("chain", ("tokenpocket", "imtoken", "metamask", "trust wallet", "tronlink", "okx", "oklink", "etherscan",
               "binance", "币安", "幣安", "bitget", "钱包", "錢包", "usdt", "ethereum", "tron")),
)


class ProviderMismatch(InvalidInput):
    """The export is of another provider than the case's; nothing was written."""

    def __init__(self, text: str, file_family: str, case_family: str) -> None:
        super().__init__(text)
        self.file_family, self.case_family = file_family, case_family


def case_family(case: Case) -> str:
    """The provider family of a case (``alipay``, ``wechat``, ``paypal``, ``chain``, ``bank``) or ``""``."""
    text = case.provider.lower()
    for family, words in _PROVIDER_WORDS:
        if any(word in text for word in words):
            return family
    if case.kind == "crypto":
        return "chain"
    if case.kind == "bank":
        return "bank"
    return ""


def check_provider(case: Case, file_format: str) -> None:
    """Raises ``ProviderMismatch`` when an export of ``file_format`` plainly belongs to another provider than
    the case's (see the module docstring)."""
    file_family = FORMAT_FAMILY.get(file_format.split("-", 1)[0], "")
    family = case_family(case)
    if not file_family or not family or file_family == family:
        return
    raise ProviderMismatch(_(
        "This file is an export of {file}, but case {id} is about {case}. Nothing was imported. Check that you "
        "chose the right file and the right case; to import it anyway, add --force-provider."
    ).format(file=_(FAMILY_NAMES[file_family]), id=case.id, case=case.provider or _(FAMILY_NAMES[family])),
        file_family, family)
