"""The ``case edit`` options for the fields the channels ask for: the claimant's ID (type and a masked
number), the respondent's credit code, shop and web address, the card (network and last four digits, never
the full number), the merchant descriptor, and the dates of expected delivery, the statement, the first
complaint and the final reply; for crypto cases the chain, own addresses and wallet app."""

from __future__ import annotations

import argparse
import dataclasses
import re
from typing import Any

from walletcare.cli.common import parse_date
from walletcare.errors import UsageError
from walletcare.evidence.cases import masked_id
from walletcare.i18n import _

CARD_NETWORKS = ("Visa", "Mastercard", "UnionPay", "Amex", "JCB", "Discover")
_DATES = ("expected_delivery", "statement_date", "first_complaint", "final_reply")
_TEXTS = ("merchant_descriptor", "chain", "wallet_app")
_RESPONDENT = ("credit_code", "shop", "url")


def add_options(p: argparse.ArgumentParser) -> None:
    """Adds the options to the ``case edit`` parser."""
    p.add_argument("--claimant-id-type", help=_("the kind of ID document, e.g. 居民身份证 or passport"))
    p.add_argument("--claimant-id-number", help=_("the ID number; only a masked form is kept (first three and "
                                                  "last four characters)"))
    p.add_argument("--respondent-credit-code", help=_("the company's unified social credit code (统一社会信用代码)"))
    p.add_argument("--respondent-shop", help=_("the shop's name on the platform"))
    p.add_argument("--respondent-url", help=_("the shop's or company's web address"))
    p.add_argument("--card-network", choices=CARD_NETWORKS, help=_("the card's network"))
    p.add_argument("--card-last4", metavar="NNNN", help=_("the last four digits of the card (never the full number)"))
    p.add_argument("--merchant-descriptor", help=_("the merchant's name as the card statement shows it"))
    for name, text in (("expected_delivery", _("when the goods or service were due")),
                       ("statement_date", _("the date of the statement that first showed the error")),
                       ("first_complaint", _("when you first complained to the firm")),
                       ("final_reply", _("the date of the firm's final reply"))):
        p.add_argument(f"--{name.replace('_', '-')}", metavar="YYYY-MM-DD", help=text)
    p.add_argument("--chain", help=_("crypto cases: the network, e.g. Ethereum or TRON"))
    p.add_argument("--own-address", action="append", metavar="ADDRESS",
                   help=_("crypto cases: one of your own wallet addresses (repeat for several; an empty value "
                          "clears them)"))
    p.add_argument("--wallet-app", help=_("crypto cases: the wallet app and its version"))


def changes(args: argparse.Namespace, case: Any) -> dict[str, Any]:
    """The fields of ``case`` the options change (nothing for options not given)."""
    out: dict[str, Any] = {}
    for name in _TEXTS:
        if getattr(args, name) is not None:
            out[name] = getattr(args, name).strip()
    if args.card_network is not None:
        out["card_network"] = args.card_network
    if args.card_last4 is not None:
        digits = args.card_last4.strip()
        if digits and not re.fullmatch(r"\d{4}", digits):
            raise UsageError(_("--card-last4 takes exactly the last four digits of the card, never more."))
        out["card_last4"] = digits
    for name in _DATES:
        value = getattr(args, name)
        if value is not None:
            out[name] = parse_date(value) if value else None
    if args.own_address is not None:
        out["own_addresses"] = tuple(a.strip() for a in args.own_address if a.strip())
    claimant: dict[str, str] = {}
    if args.claimant_id_type is not None:
        claimant["id_type"] = args.claimant_id_type.strip()
    if args.claimant_id_number is not None:
        claimant["id_number"] = masked_id(args.claimant_id_number)
    if claimant:
        out["claimant"] = dataclasses.replace(case.claimant, **claimant)
    respondent = {name: getattr(args, f"respondent_{name}").strip() for name in _RESPONDENT
                  if getattr(args, f"respondent_{name}") is not None}
    if respondent:
        out["respondent"] = dataclasses.replace(out.get("respondent", case.respondent), **respondent)
    return out
