"""The directory of real support channels (``resources/safety/directory.yaml``) and what the scam checker
reads from it.

Per wallet and payment app: the official in-app support path, the official domains, the published hotline
where there is one (each also in the allow-list of phone numbers), a source and an "as of" date. The
checker uses it on a text that names a provider:

* a phone number offered as the provider's support that is not its published hotline (``D1``);
* a web address offered for the provider that is not one of its domains (``D2``; look-alikes are named
  with the real domain by the look-alike detector);
* a chat handle or link offered as the provider's support (``D3``: real support answers inside the app);
* phone support claimed for a self-custody wallet, which has none (``D4``).

A published hotline in the text is noted (``listed``), and so is a provider whose support the text speaks as
without offering a channel (``named``: "I am Bitpie's technical department"); neither is flagged. ``check_directory`` is run by
``walletcare content check``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from walletcare import resources
from walletcare.faq.cues import compile_cues
from walletcare.faq.localized import localized, missing_languages, pick
from walletcare.faq.safety_text import file_names

KINDS = ("payment", "exchange", "self-custody")
_DOMAIN_SHAPE = re.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)+$")
_DOMAIN = re.compile(r"(?<![\w@.-])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24})(?![\w-])")
# Phone numbers: +/00 international, 400/800 lines, 95xxx/96xxx service numbers, mainland mobiles,
# and grouped numbers of 7+ digits; an amount (followed by a currency or unit) is not a number.
_PHONE = re.compile(
    r"(?<![0-9a-z.+])(\+\s?\d[\d\s()-]{6,18}\d|00\d[\d\s-]{6,18}\d|[48]00[\s-]?\d{3}[\s-]?\d{4}|9[56]\d{3,6}"
    r"|1[3-9]\d{9}|\d{2,4}[\s-]\d{3,4}[\s-]\d{3,4})(?![\w.,]?\d)(?!\s*(?:元|块|万|usdt|usd|eth|btc|%|个))")
_HANDLE = re.compile(r"(?<![0-9a-z_.])(@[a-z0-9_]{4,32}|t\.me/[a-z0-9_+/]{3,40}|wa\.me/\d{6,15})")
_SUPPORT = compile_cues(["客服", "售后", "技术部", "官方", "热线", "客服电话", "服务电话", "专线", "support", "helpline",
                         "hotline", "help desk", "customer service", "customer care", "service team", "technical department",
                         "re:\\bcall\\b", "致电", "拨打", "回电", "联系", "contact"])
_FROZEN = compile_cues(["冻结", "解冻", "锁定", "frozen", "freeze", "unfreeze", "locked"])
_PHONE_CLAIM = compile_cues(["电话", "热线", "专线", "致电", "拨打", "回电", "来电", "打给", "hotline", "helpline",
                             "phone", "re:\\bcall(?:ed|ing)?\\b", "ring", "dial", "support line", "number"])


@dataclass(frozen=True)
class Provider:
    """One wallet or payment app in the directory."""

    id: str
    name: dict[str, str]
    kind: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...]
    hotlines: tuple[str, ...]
    support: dict[str, str]
    source: dict[str, str]
    as_of: str

    def owns(self, domain: str) -> bool:
        """True for one of the provider's domains or a subdomain of one."""
        return any(domain == d or domain.endswith("." + d) for d in self.domains)


@dataclass(frozen=True)
class DirectoryNote:
    """What the directory says about a provider named in a text, in one language."""

    provider: str
    name: str
    kind: str
    code: str
    match: str
    domains: tuple[str, ...]
    hotlines: tuple[str, ...]
    support: str
    self_custody_rule: str
    as_of: str
    source: str

    @property
    def flagged(self) -> bool:
        """True when the text offers a channel the directory does not list (``D1``-``D4``)."""
        return self.code not in ("listed", "named")

    def as_json(self) -> dict[str, Any]:
        """The ``scan-text --json`` form."""
        return {"provider": self.provider, "name": self.name, "kind": self.kind, "code": self.code,
                "match": self.match, "official_domains": list(self.domains), "hotlines": list(self.hotlines),
                "support": self.support, "self_custody_rule": self.self_custody_rule, "as_of": self.as_of,
                "source": self.source}


def _digits(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    return digits[2:] if digits.startswith("86") and len(digits) > 9 else digits


class Directory:
    """The providers; :meth:`notes` reads a normalised text against them."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.rule = localized(data.get("self_custody_rule") or "")
        self.providers = tuple(
            Provider(str(p.get("id", "")), localized(p.get("name") or ""), str(p.get("kind", "")),
                     tuple(str(a) for a in p.get("aliases") or ()), tuple(str(d).lower() for d in p.get("domains") or ()),
                     tuple(str(h) for h in p.get("hotlines") or ()), localized(p.get("support") or ""),
                     localized(p.get("source") or ""), str(p.get("as_of") or ""))
            for p in data.get("providers") or ())
        self._aliases = {p.id: compile_cues(p.aliases) for p in self.providers}

    @classmethod
    def load(cls, path: Path | None = None) -> Directory:
        """Reads ``resources/safety/directory.yaml`` (or the given file)."""
        import yaml

        source = path or resources.path("safety/directory.yaml")
        return cls(yaml.safe_load(source.read_text(encoding="utf-8")) or {})

    def all_domains(self) -> tuple[str, ...]:
        """Every official domain in the directory."""
        return tuple(d for p in self.providers for d in p.domains)

    def real_domain(self, brand: str) -> str | None:
        """The first official domain of the provider whose id or alias is ``brand`` (for look-alikes)."""
        key = brand.replace(" ", "")
        for p in self.providers:
            if key in (p.id.replace("-", ""), *(a.replace(" ", "") for a in p.aliases)):
                return p.domains[0] if p.domains else None
        return None

    def named(self, norm: str) -> list[Provider]:
        """The providers a normalised text names."""
        return [p for p in self.providers if (pattern := self._aliases[p.id]) is not None and pattern.search(norm)]

    def notes(self, norm: str, shown: str, lang: str) -> list[DirectoryNote]:
        """What the directory says about each provider the text names: a flagged channel or the listed one.

        Args:
            norm: the text in the checker's normal form.
            shown: the text as displayed (same length as ``norm``).
            lang: the language of the explanations.

        Returns:
            At most one note per provider, flagged ones first.
        """
        providers = self.named(norm)
        if not providers:
            return []
        claims_support = _SUPPORT is not None and _SUPPORT.search(norm) is not None
        frozen = _FROZEN is not None and _FROZEN.search(norm) is not None
        phones = [m for m in _PHONE.finditer(norm)]
        domains = [m for m in _DOMAIN.finditer(norm)]
        handles = [m for m in _HANDLE.finditer(norm)]
        listed_elsewhere = set(self.all_domains())
        notes = []
        for p in providers:
            code, span = "", None
            hot = {_digits(h) for h in p.hotlines}
            if claims_support:
                strange = [m for m in phones if _digits(m.group(1)) not in hot]
                if strange:
                    code, span = "D1", strange[0].span(1)
                if not code:
                    foreign = [m for m in domains if not p.owns(m.group(1))
                               and not any(m.group(1) == d or m.group(1).endswith("." + d) for d in listed_elsewhere)]
                    if foreign:
                        code, span = "D2", foreign[0].span(1)
                if not code and handles:
                    code, span = "D3", handles[0].span(1)
                if not code and p.kind == "self-custody" and _PHONE_CLAIM is not None:
                    claim = _PHONE_CLAIM.search(norm)
                    if claim is not None:
                        code, span = "D4", claim.span()
            if not code and any(_digits(m.group(1)) in hot for m in phones):
                code = "listed"
                span = next(m.span(1) for m in phones if _digits(m.group(1)) in hot)
            if not code and (claims_support or (frozen and p.kind == "self-custody")):
                # it speaks as the provider's support, or calls a self-custody wallet frozen ("您的比特派钱包已被
                # 冻结", which no one can do): show where the real support is
                code = "named"
            if not code:
                continue
            match = shown[span[0] : span[1]].strip() if span else ""
            notes.append(DirectoryNote(p.id, pick(p.name, lang), p.kind, code, match, p.domains, p.hotlines,
                                       pick(p.support, lang), pick(self.rule, lang) if p.kind == "self-custody" else "",
                                       p.as_of, pick(p.source, lang)))
        notes.sort(key=lambda n: not n.flagged)
        return notes


def check_directory(data: Mapping[str, Any], allowed_numbers: Iterable[str], today: date | None = None
                    ) -> list[tuple[str, str]]:
    """Problems in the directory data: ``(where, message)`` pairs.

    Every provider needs an id, a kind, aliases, a name and a support path in zh-CN and English, a source and
    an ``as_of`` date (YYYY-MM-DD, not in the future); domains must look like domains; every hotline must be in
    the allow-list of phone numbers.
    """
    today = today or date.today()
    allowed = {re.sub(r"\D", "", n) for n in allowed_numbers}
    problems: list[tuple[str, str]] = []
    rule = localized(data.get("self_custody_rule") or "")
    if missing_languages(rule):
        problems.append(("self_custody_rule", "needs zh-CN and en text"))
    problems += [("self_custody_rule", f"shows the file name {name}")
                 for name in dict.fromkeys(n for text in rule.values() for n in file_names(str(text)))]
    seen: set[str] = set()
    for i, p in enumerate(data.get("providers") or ()):
        where = f"providers[{i}] {p.get('id', '?')}"
        pid = str(p.get("id") or "")
        if not pid or pid in seen:
            problems.append((where, "needs a unique id"))
        seen.add(pid)
        if p.get("kind") not in KINDS:
            problems.append((where, f"kind must be one of {', '.join(KINDS)}"))
        if not p.get("aliases"):
            problems.append((where, "needs aliases (how texts name it)"))
        for field in ("name", "support", "source"):
            value = p.get(field)
            if not value or missing_languages(localized(value)):
                problems.append((where, f"{field} needs zh-CN and en text"))
            texts = localized(value or "").values()
            for name in dict.fromkeys(name for text in texts for name in file_names(str(text))):
                problems.append((where, f"{field} shows the file name {name}; name the organisation or page "
                                        f"instead"))
        for domain in p.get("domains") or ():
            if not _DOMAIN_SHAPE.match(str(domain).lower()):
                problems.append((where, f"{domain} is not a domain"))
        for number in p.get("hotlines") or ():
            if re.sub(r"\D", "", str(number)) not in allowed:
                problems.append((where, f"hotline {number} is not in the allow-list of phone numbers"))
        as_of = p.get("as_of")
        try:
            when = as_of if isinstance(as_of, date) else date.fromisoformat(str(as_of))
        except ValueError:
            problems.append((where, "as_of must be a date (YYYY-MM-DD)"))
            continue
        if when > today:
            problems.append((where, "as_of is in the future"))
    return problems
