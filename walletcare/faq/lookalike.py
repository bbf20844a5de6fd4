"""Look-alike web addresses of known wallets and payment companies, for the scam checker.

A domain in a text is suspicious when it is not one of the brand's known domains (nor a subdomain of one)
and any of its labels, or any hyphen-separated part of a label, is

* the brand with extra words or under another domain (``metamask-support.com``, ``paypal.com.login-check.xyz``;
  the brand's own name under an unlisted suffix, such as a regional ``amazon.de`` or ``amazon.co.uk``, is left
  alone);
* one or two edits away from the brand (``metamaks``, ``tokenpockets``, ``imtokn``), for brands of six
  letters or more (one edit for shorter ones);
* the brand after undoing look-alike characters (``paypa1``, ``rnetamask``, Cyrillic ``а``/``о``/``е``,
  punycode ``xn--`` labels are decoded first).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from walletcare.faq.distance import edit_distance

_DOMAIN = re.compile(r"(?<![\w@.-])((?:[a-z0-9\u0400-\u04ff](?:[a-z0-9\u0400-\u04ff-]{0,61}[a-z0-9\u0400-\u04ff])?\.)+(?:[a-z]{2,24}|xn--[a-z0-9-]+))(?![\w-])")
_HOMOGLYPHS: tuple[tuple[str, str], ...] = (
    ("rn", "m"), ("vv", "w"), ("0", "o"), ("1", "l"), ("3", "e"), ("5", "s"), ("4", "a"), ("7", "t"),
    ("а", "a"), ("е", "e"), ("о", "o"), ("р", "p"), ("с", "c"), ("х", "x"), ("і", "i"), ("к", "k"), ("м", "m"),
    ("т", "t"), ("у", "y"), ("ѕ", "s"), ("ӏ", "l"),
)
_COMMON_TLDS_SECOND = frozenset({"com", "net", "org", "gov", "edu", "co", "ac"})


@dataclass(frozen=True)
class DomainRules:
    """Brands to protect and their known domains."""

    brands: tuple[str, ...]
    official: tuple[str, ...]


def _unglyph(label: str) -> str:
    for old, new in _HOMOGLYPHS:
        label = label.replace(old, new)
    return label


def _decode(label: str) -> str:
    if label.startswith("xn--"):
        try:
            return label[4:].encode("ascii").decode("punycode")
        except (UnicodeError, ValueError):
            return label
    return label


def _registrable(labels: list[str]) -> str:
    if len(labels) >= 3 and labels[-2] in _COMMON_TLDS_SECOND and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def _imitates(part: str, brand: str) -> bool:
    if not part:
        return False
    if part == brand or _unglyph(part) == brand:
        return True
    if len(brand) >= 5 and (brand in part or brand in _unglyph(part)):
        return True
    limit = 2 if len(brand) >= 6 else 1
    if len(brand) < 5 or abs(len(part) - len(brand)) > limit:
        return False
    return edit_distance(_unglyph(part), brand, limit) <= limit


def _is_official(domain: str, official: Iterable[str]) -> bool:
    return any(domain == o or domain.endswith("." + o) for o in official)


def find_lookalikes(text: str, rules: DomainRules) -> list[tuple[str, str]]:
    """Domains in ``text`` that imitate a brand without being one of its known domains.

    Args:
        text: normalised (lower-case) text.
        rules: brands and known domains.

    Returns:
        (domain, brand) pairs in text order.
    """
    found = []
    for m in _DOMAIN.finditer(text):
        domain = m.group(1).strip(".")
        if _is_official(domain, rules.official):
            continue
        labels = [_decode(label) for label in domain.split(".")]
        if len(labels) < 2:
            continue
        registrable = _registrable(labels).split(".")
        name = registrable[0]
        own = labels[: len(labels) - len(registrable) + 1]  # the labels before the suffix (amazon.co.uk: amazon)
        parts = [p for label in labels[:-1] for p in (label, *label.split("-"))]
        for brand in rules.brands:
            if name == brand and all(label == brand for label in own if label != "www"):
                continue  # the brand's own name under a regional or unlisted suffix (amazon.de, amazon.co.uk)
            if any(_imitates(p, brand) for p in parts):
                found.append((domain, brand))
                break
    return found
