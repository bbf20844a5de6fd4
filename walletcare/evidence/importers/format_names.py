"""What people call the export formats and the built-in bank layouts, for every message that names one
(the window's import preview and column mapping, the command line's import summary). The ids (``alipay``,
``csv``, ``icbc_debit_v2``, ``alipay-1c``) stay in data, JSON output and the stored ``source_format``."""

from __future__ import annotations

from walletcare.i18n import N_, _

FORMAT_NAMES = {"auto": N_("Detect automatically"), "alipay": N_("支付宝 Alipay"), "wechat": N_("微信支付 WeChat Pay"),
                "paypal": "PayPal", "etherscan": "Etherscan", "oklink": "OKLink", "csv": N_("Other CSV")}
LAYOUT_NAMES = {"icbc_debit_v2": N_("ICBC debit card (newer layout)"), "icbc_debit_v1": N_("ICBC debit card (older layout)"),
                "icbc_credit": N_("ICBC credit card"), "cmb_debit": N_("China Merchants Bank debit card")}


def layout_text(name: str) -> str:
    """A column layout's name for people: a built-in bank layout's description, a saved layout's own name."""
    if name in LAYOUT_NAMES:
        return _(LAYOUT_NAMES[name])
    return _("the columns you chose") if name in ("", "mapped") else name


def format_text(fmt: str, variant: str = "") -> str:
    """A format's name for people: "支付宝 Alipay", "Other CSV (ICBC credit card)", "Other CSV (my card)"."""
    name = _(FORMAT_NAMES.get(fmt, N_("Other CSV")))
    if fmt != "csv" or not variant:
        return name
    return _("{format} ({layout})").format(format=name, layout=layout_text(variant))
