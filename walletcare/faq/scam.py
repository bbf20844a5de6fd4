"""The scam red-flag checker behind ``walletcare scan-text``, the Safety page and the wizards' warnings.

Rules R1–R20 (``spec/content.md`` and later additions) are data (``resources/safety/redflags.yaml``): an id,
a severity, cue phrases in three languages and the why/advice texts. The text is normalised
(``walletcare.faq.cues``: NFKC, OpenCC t2s, lower case) and so are the cues, so Simplified and Traditional
Chinese match alike. A request-type cue (a code, a seed phrase) counts only next to a request word, and a cue
in a warning ("never share your code", "验证码不要告诉任何人") is skipped. Shape detectors add flags without
word lists: a recovery phrase or private key in the text (``walletcare.secrets``), an international number
while the text claims to be a domestic platform, and look-alike domains of known wallets and payment
companies (``walletcare.faq.lookalike``), named with the real domain. Scam families
(``walletcare.faq.families``) recognise scripts by an action and a pretext co-occurring; the directory of real
channels (``walletcare.faq.directory``) flags numbers, addresses and handles posing as a provider's support;
the n-gram model (``walletcare.faq.ngram``) is a second opinion.

"High" is structural: a rule or family match counts as high only in a sentence that asks the reader to act
(a directive and a scam action, not negated, outside quoted speech; a directive or request word right after a
negation is denied — "客服不会要求您提供…" — and an action in a part of a sentence that sends the reader into the
official app is no scam request); otherwise a high rule counts as medium
(low for rules marked ``undirected: low``), a cue in reported quoted speech as low, and neither adds up.
The combined risk is ``high`` with any high flag or two different medium rule flags, ``medium`` with one
medium flag or two low ones, ``low`` with one low flag, else ``none``; medium family flags raise to
``medium`` but never add up to ``high``. A text that talks about scams (an anti-fraud notice: 反诈, 谨防,
"scam alert", "we will never") is rated at most ``medium``, since it quotes the scripts it warns about; one that
also tells the reader what not to do ("protective": "切勿转账", "never install it", "hang up"), or one
that debunks a scheme ("是诈骗", "别信", "hung up") at most ``low`` unless it holds a recovery phrase or key.
"Medium" needs a scam's shape too: a text that talks about or describes a scam (a report, "骗子谎称…",
"scammers will say", "例如：…") is ``low`` unless some match is itself a request to the reader, in a part of a
sentence not framed as a description (``describing``).
The model then raises ``none``/``low`` to ``medium`` when the text resembles scam scripts — never to
``high``, never lowering anything, and not for a debunking text. The checker explains and never claims
certainty. The text is never stored or logged.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from walletcare import resources
from walletcare.faq.cues import compile_cues, normalize
from walletcare.faq.directory import Directory, DirectoryNote
from walletcare.faq.families import FamilyMatcher
from walletcare.faq.localized import localized, pick
from walletcare.faq.lookalike import DomainRules, find_lookalikes
from walletcare.faq.ngram import NgramModel
from walletcare.i18n import N_, translate
from walletcare.secrets import find_secrets

SEVERITIES: tuple[str, ...] = ("low", "medium", "high")
_CLAUSE_END = re.compile(r"[。！？!?\n；;]|\.\s")
_REQUEST_WINDOW = 16
_NEGATION_BEFORE = 80
_NEGATION_AFTER = 3
_DENIED_REACH = 8  # characters before a directive or a request word where a negation denies it ("不会要求您提供")
_DIRECTED_REACH = 1  # sentences either side of a match where a request to the reader may stand


@dataclass(frozen=True)
class Rule:
    """One red-flag rule."""

    id: str
    severity: str
    title: dict[str, str]
    why: dict[str, str]
    advice: dict[str, str]
    cues: re.Pattern[str] | None
    requested: re.Pattern[str] | None
    negatable: bool = True
    all_of: tuple[re.Pattern[str], ...] = ()
    not_when: re.Pattern[str] | None = None
    unless: re.Pattern[str] | None = None
    undirected: str | None = None


@dataclass(frozen=True)
class Flag:
    """One red flag found in a text, explained in one language."""

    rule: str
    severity: str
    title: str
    match: str
    why: str
    advice: str

    def as_json(self) -> dict[str, str]:
        """The ``scan-text --json`` form."""
        return {"rule": self.rule, "severity": self.severity, "match": self.match, "why": self.why,
                "advice": self.advice, "title": self.title}


@dataclass(frozen=True)
class FamilyMatch:
    """A scam family the text belongs to, named in one language."""

    id: str
    name: str
    why: str
    advice: str

    def as_json(self) -> dict[str, str]:
        """The ``scan-text --json`` form."""
        return {"id": self.id, "name": self.name, "why": self.why, "advice": self.advice}


@dataclass(frozen=True)
class ScanResult:
    """The checker's answer: a combined risk, the flags behind it, the scam families it belongs to, who it
    pretends to be, the statistical model's opinion and what the directory of real channels says."""

    risk: str
    flags: tuple[Flag, ...]
    families: tuple[FamilyMatch, ...] = ()
    impersonates: tuple[str, ...] = ()
    opinion: Any = None
    directory: tuple[Any, ...] = ()
    resembles: FamilyMatch | None = None
    # rated medium for want of a second signal: the rules rate it high, the model does not agree ("High" needs two
    # signals)
    held: bool = False

    def as_json(self) -> dict[str, Any]:
        """``{"risk", "flags", "families", "impersonates", "model", "directory"}``."""
        return {"risk": self.risk, "flags": [f.as_json() for f in self.flags],
                "families": [f.as_json() for f in self.families], "impersonates": list(self.impersonates),
                "model": self.opinion.as_json() if self.opinion is not None else None,
                "directory": [d.as_json() for d in self.directory]}


class ScamChecker:
    """Compiled rules; build once (``ScamChecker.load()``) and call :meth:`scan` for each text."""

    def __init__(self, data: Mapping[str, Any], families: Mapping[str, Any] | None = None,
                 model: NgramModel | None = None, directory: Directory | None = None) -> None:
        self.rules = tuple(
            Rule(
                id=str(r["id"]), severity=str(r["severity"]), title=localized(r["title"]),
                why=localized(r["why"]), advice=localized(r["advice"]), cues=compile_cues(r.get("cues") or ()),
                requested=compile_cues(r.get("requested") or ()), negatable=bool(r.get("negatable", True)),
                all_of=tuple(p for p in (compile_cues(group) for group in r.get("all_of") or ()) if p is not None),
                not_when=compile_cues(r.get("not_when") or ()),
                unless=compile_cues(r.get("unless") or ()),
                undirected=str(r["undirected"]) if r.get("undirected") else None,
            )
            for r in data["rules"]
        )
        self._requests = compile_cues(data.get("requests") or ())
        self._negations = compile_cues(data.get("negations") or ())
        self._described = compile_cues(data.get("described_as_scam") or ())
        self._advisory = compile_cues(data.get("advisory") or ())
        self._debunked = compile_cues(data.get("debunked") or ())
        self._protective = compile_cues(data.get("protective") or ())
        self._protective_strict = compile_cues(data.get("protective_strict") or ())
        self._reported = compile_cues(data.get("reported") or ())
        self._describing = compile_cues(data.get("describing") or ())
        self._directives = compile_cues(data.get("directives") or ())
        self._actions = compile_cues(data.get("actions") or ())
        self._quote_frames = compile_cues(data.get("quote_frames") or ())
        self._in_app = compile_cues(data.get("in_app") or ())
        self._official_route = compile_cues(data.get("official_route") or ())
        self._disclaimers = compile_cues(data.get("disclaimers") or ())
        self._verify_invite = compile_cues(data.get("verify_invite") or ())
        self._fresh_number = compile_cues(data.get("fresh_number") or ())
        self._official = tuple(str(d) for d in data.get("official_domains") or ())
        self._domestic = compile_cues(data.get("domestic_platform") or ())
        self._domestic_codes = tuple(str(c) for c in data.get("domestic_codes") or ("86",))
        self._domains = DomainRules(
            brands=tuple(str(b) for b in data.get("brands") or ()),
            official=tuple(str(d) for d in data.get("official_domains") or ()),
        )
        self.families = FamilyMatcher(families or {})
        self.model = model
        self.directory = directory

    @classmethod
    def load(cls, path: Path | None = None) -> ScamChecker:
        """Reads the rules file (default: the shipped ``resources/safety/redflags.yaml``)."""
        import yaml

        source = path or resources.path("safety/redflags.yaml")
        families = resources.path("safety/families.yaml")
        return cls(yaml.safe_load(source.read_text(encoding="utf-8")),
                   yaml.safe_load(families.read_text(encoding="utf-8")), NgramModel.load(), Directory.load())

    # --- matching ----------------------------------------------------------------------------------------
    def _clause(self, norm: str, start: int, end: int) -> tuple[int, int]:
        before = [m.end() for m in _CLAUSE_END.finditer(norm, max(0, start - 80), start)]
        after = _CLAUSE_END.search(norm, end)
        return (before[-1] if before else max(0, start - 80)), (after.start() if after else len(norm))

    def _negated(self, norm: str, start: int, end: int) -> bool:
        if self._negations is None:
            return False
        lo, hi = self._clause(norm, start, end)
        if _NO_ANSWER.match(norm, hi) is not None:
            return True  # a question answered "no": "检警会要求我把钱转到监管账户吗？不会。"
        before = self._negations.search(norm, max(lo, start - _NEGATION_BEFORE), start)
        if before is not None:
            # a new request after a comma starts afresh: "客服不会骗你的，请马上把验证码发给我" is not negated
            fresh = max((m.end() for m in _PART_END.finditer(norm, before.end(), start)
                         if _FRESH_REQUEST.match(norm, m.end()) is not None), default=None)
            if fresh is not None:
                before = self._negations.search(norm, fresh, start)
        return bool(
            before is not None
            or self._negations.search(norm, end, min(hi, end + _NEGATION_AFTER))
            # "No payment or deposit is required", "no customs fee is due"; not "No clearance fee, no release"
            or (_BARE_NO.search(norm, max(lo, start - 40), start) is not None and _NOT_NEEDED.match(norm, end))
            or (self._described is not None and self._described.search(norm, end, hi))
        )

    def _quoted(self, norm: str) -> list[tuple[int, int]]:
        """Spans of quoted speech: a quoted stretch of 6 characters or more right after a word that reports
        it ("关于您询问的“…”", "收到“…”的消息", "messages saying '…'") or after a verb of saying earlier in its
        clause, up to 40 characters back ("the e-mail saying your account is '…'"), not a quoted term
        ("转到“安全账户”")."""
        if self._quote_frames is None:
            return []
        spans: list[tuple[int, int]] = []
        for m in _QUOTE.finditer(norm):
            body = m.group("body") or m.group("single")
            # a list of quotes shares its frame: 买家说「…」、「…」、「…」
            listed = bool(spans) and _QUOTE_LIST.fullmatch(norm, spans[-1][1], m.start()) is not None
            # a verb of saying earlier in the clause frames it too: "the email saying your account is '…'"
            said = _SAID.search(norm, max(self._clause(norm, m.start(), m.start())[0], m.start() - 40), m.start())
            if len(body.strip()) >= 6 and (listed or said is not None
                                           or self._quote_frames.search(norm, max(0, m.start() - 8), m.start() + 1)):
                spans.append(m.span())
        return spans

    def _directed(self, norm: str, span: tuple[int, int], quoted: list[tuple[int, int]]) -> bool:
        """True when a match is a request aimed at the reader: in its sentence a directive (请, 麻烦, 你需要,
        "please", "you need to", an imperative) and a scam action (pay, transfer, share, install, add, buy ...)
        that is not negated, the match itself outside quoted speech."""
        start, end = span
        if any(lo <= start and end <= hi for lo, hi in quoted):
            return False
        if self._directives is None or self._actions is None:
            return True
        lo, _ = self._clause(norm, start, start)
        _, hi = self._clause(norm, end, end)
        # the sentences around it too: "I'll send you a passcode. ... Read it back to me."
        for _ in range(_DIRECTED_REACH):
            lo, _ = self._clause(norm, max(0, lo - 1), max(0, lo - 1)) if lo > 0 else (lo, 0)
            _, hi = self._clause(norm, min(len(norm), hi + 1), min(len(norm), hi + 1)) if hi < len(norm) else (0, hi)

        def free(m: re.Match[str]) -> bool:
            return not any(a <= m.start() and m.end() <= b for a, b in quoted)

        directive = any(free(m) and not self._denied(norm, m.start())
                        for m in self._directives.finditer(norm, lo, hi))
        return directive and any(free(m) and not self._negated(norm, m.start(), m.end())
                                 and not self._in_app_part(norm, m.start())
                                 for m in self._actions.finditer(norm, lo, hi))

    def _denied(self, norm: str, start: int) -> bool:
        """True when a negation stands right before a directive or a request word, in the same part of the
        sentence: "不会要求您提供", "不需要您向任何账户转账", "也不会要求你…" deny a request, they do not make one."""
        if self._negations is None:
            return False
        lo = _part(norm, start)[0]
        return (self._negations.search(norm, max(lo, start - _DENIED_REACH), start) is not None
                or _NOT_DONE.search(norm, max(lo, start - 2), start) is not None)

    def _in_app_part(self, norm: str, start: int) -> bool:
        """True when an action sits in a part of a sentence that sends the reader into the official app ("请在
        X App 内支付", "pay it in the UPS app") or to the provider's own channel ("请到网点或拨打官方客服"): an
        instruction to act where the provider can see it, not a scam's request."""
        part = _part(norm, start)
        return ((self._in_app is not None and self._in_app.search(norm, *part) is not None)
                or (self._official_route is not None and self._official_route.search(norm, *part) is not None))

    def _directed_matches(self, norm: str, spans: Mapping[str, tuple[int, int]],
                          quoted: list[tuple[int, int]]) -> tuple[dict[str, bool], set[str]]:
        """Which matches ask the reader to act (``_directed``), and which sit in reported speech without a
        request after it. A match inside quotes is reported speech, unless the text goes on to ask the reader to
        act right after the quote ("关于您询问的“提现要先交解冻费”，请按下面步骤缴纳保证金": the reply is the
        script)."""
        directed: dict[str, bool] = {}
        in_quotes: set[str] = set()
        for rule, span in spans.items():
            end = next((hi for lo, hi in quoted if lo <= span[0] and span[1] <= hi), None)
            if end is None:
                directed[rule] = self._directed(norm, span, quoted)
            else:
                directed[rule] = end < len(norm) and self._directed(norm, (end + 1, end + 1), quoted)
                if not directed[rule]:
                    in_quotes.add(rule)
        return directed, in_quotes

    def _addressed(self, norm: str, spans: Iterable[tuple[int, int]], quoted: list[tuple[int, int]]) -> bool:
        """True when a match is itself a request to the reader: its sentence holds a directive and a scam action
        (not negated), the match is outside quoted speech, and neither the match nor the request sits in a part
        of the sentence (up to a comma) that frames it as a description (``describing``: "骗子称", "谎称",
        "要求民众", "例如", "scammers will say", "for example", "if a stranger ...")."""
        part = functools.partial(_part, norm)

        def framed(start: int, end: int) -> bool:  # both ends of a match (a family's may span parts)
            return self._describing is not None and all(
                self._describing.search(norm, *_framing_part(norm, pos)) is not None
                for pos in {start, max(start, end - 1)})

        def free(m: re.Match[str]) -> bool:
            return (not any(a <= m.start() and m.end() <= b for a, b in quoted)
                    and not framed(m.start(), m.end()))

        for start, end in spans:
            # a script's pretext in another part ("您的卡被不法分子复制，请把钱转入安全账户") does not excuse its request
            if any(lo <= start and end <= hi for lo, hi in quoted) or framed(start, end):
                continue
            # nor is the way to the provider's own channel one ("请直接到分行或拨打官方客服")
            if self._official_route is not None and self._official_route.search(norm, *part(start)) is not None:
                continue
            if self._directives is None or self._actions is None:
                return True
            lo, _ = self._clause(norm, start, start)
            _, hi = self._clause(norm, end, end)
            # and the sentences either side: "我们需要做资金清查。请把余额转到这个账户。"
            for _ in range(_DIRECTED_REACH):
                lo = self._clause(norm, lo - 1, lo - 1)[0] if lo > 0 else lo
                hi = self._clause(norm, hi + 1, hi + 1)[1] if hi < len(norm) else hi
            # from just before the sentence, so an imperative at its start ("… here. Move your balance …") counts
            if (any(free(m) and not self._denied(norm, m.start())
                    for m in self._directives.finditer(norm, max(0, lo - 2), hi))
                    and any(free(m) and not self._negated(norm, m.start(), m.end())
                            and not self._in_app_part(norm, m.start())
                            for m in self._actions.finditer(norm, lo, hi))):
                return True
        return False

    def _requested(self, norm: str, start: int, end: int) -> bool:
        if self._requests is None:
            return False
        lo, hi = self._clause(norm, start, end)
        # a denied request ("客服不会要求您提供认证码", "we don't need you to send") asks for nothing, nor does a
        # thing already done ("如果您已经在可疑网站输入过助记词", "如果你已经把助记词告诉了别人", "如果您已经把验证码传给他人",
        # "您在工单中提供的助记词": what the reader provided, not "我们提供的", what the sender hands over)
        def asks(m: re.Match[str]) -> bool:
            part_start = _part(norm, m.start())[0]
            return (not self._denied(norm, m.start()) and not norm.startswith(("过", "了"), m.end())
                    and not (norm.startswith("的", m.end())
                             and _SECOND_PERSON.search(norm, part_start, m.start()) is not None)
                    and not _done_before(norm, part_start, m.start()))

        return any(asks(m) for m in
                   self._requests.finditer(norm, max(lo, start - _REQUEST_WINDOW), min(hi, end + _REQUEST_WINDOW)))

    def _rule_match(self, rule: Rule, norm: str) -> tuple[int, int] | None:
        if rule.unless is not None and rule.unless.search(norm):
            return None  # the text is about undoing or checking the thing (revoking an approval, locking an account)
        delivered = rule.not_when is not None and rule.not_when.search(norm) is not None
        for pattern, needs_request in ((rule.cues, False), (rule.requested, True)):
            if pattern is None or (needs_request and delivered):
                continue
            for m in pattern.finditer(norm):
                if rule.negatable and self._negated(norm, m.start(), m.end()):
                    continue
                if needs_request and not self._requested(norm, m.start(), m.end()):
                    continue
                # "若您已將驗證碼提供給他人": a thing done, not asked
                if not needs_request and _done_before(norm, _part(norm, m.start())[0], m.start()):
                    continue
                return m.span()
        if rule.all_of:
            spans = []
            for pattern in rule.all_of:
                found = next((m.span() for m in pattern.finditer(norm)
                              if not (rule.negatable and self._negated(norm, m.start(), m.end()))), None)
                if found is None:
                    return None
                spans.append(found)
            return min(s for s, _ in spans), max(e for _, e in spans)
        return None

    def _demand_after_disclaimer(self, norm: str, spans: Mapping[str, tuple[int, int]], advisory: bool,
                                 directed: Mapping[str, bool]) -> bool:
        """True when a fee demand with an amount stands after the last protective or debunking words: a script
        that first disclaims ("平台不会收取任何费用，请勿相信他人") and then asks for a sum to release the money
        ("缴纳20%保证金后即可解冻"). The demand must be the fee-to-unfreeze rule or family, sit wholly after the
        disclaimer, name an amount or a percentage in its own sentence, and not be framed as a description.
        A request for a code or a recovery phrase aimed at the reader after the disclaimer ("我们不收任何费用，现在
        请把验证码念给我") is the same cover, and so is a "safe account" or a recovery fee ("你刚接到的就是诈骗电话，
        现在马上把钱转到保护账户"); a transfer to an account that names no such account ("move your funds to a new
        wallet you created yourself") is the advice that follows a warning, not a demand."""
        demands = [spans[key] for key in _FEE_DEMANDS if key in spans]
        secrets = [spans[key] for key in _SECRET_DEMANDS if key in spans and directed.get(key)]
        secrets += [spans[key] for key in _DEMANDS_AFTER_WARNING if key in spans and directed.get(key)
                    and not self._framed_clause(norm, *spans[key])
                    and (key != "R4" or _SAFE_WORDS.search(norm, *spans[key]) is not None)]
        if not demands and not secrets:
            return False
        patterns = [p for p in (self._debunked, self._protective_strict,
                                self._protective if advisory else None) if p is not None]
        last = max((m.end() for p in patterns for m in p.finditer(norm)), default=-1)
        if any(start >= last for start, _ in secrets):
            return True
        for start, end in demands:
            if start < last:
                continue
            lo, _ = self._clause(norm, start, start)
            _, hi = self._clause(norm, end, end)
            if (_AMOUNT.search(norm, lo, hi) is not None
                    and (self._describing is None or self._describing.search(norm, lo, hi) is None)):
                return True
        return False

    def _framed_clause(self, norm: str, start: int, end: int) -> bool:
        """True when the sentence around a match frames it as a description ("对方会…要求你转账", "criminals posing
        as lawyers … offering to recover lost funds for a fee")."""
        lo, _ = self._clause(norm, start, start)
        _, hi = self._clause(norm, end, end)
        return self._describing is not None and self._describing.search(norm, lo, hi) is not None

    def _notice_cap(self, norm: str, flags: Iterable[Flag], families: Iterable[FamilyMatch]) -> str | None:
        """The highest rating of a notice that routes the reader to the provider's own channels, or None.

        A text that sends the reader to an official place (a branch, the mobile-banking app, the hotline on the
        card, the official app, the reader's own account: ``official_route``), gives no other place to reach (no
        contact number, link or chat account, no directory or shape flag) and asks for nothing secret to be
        told, is a notice: ``low`` when it also disclaims the request it might be read as ("不收取任何费用",
        "我们不会要求您提供网银密码"), else one step lower (``medium`` for ``high``, ``low`` for ``medium``).
        A fee to release or withdraw money with no disclaimer is no notice, nor is a text that asks for what no
        notice asks (a decisive rule aimed at the reader: a recovery phrase, a "safe account", a recovery fee)."""
        if self._official_route is None or not any(
                not self._negated(norm, m.start(), m.end()) for m in self._official_route.finditer(norm)):
            return None
        # (an R4 flag still high names a safe account: scan demotes the others before this)
        if any(_shape_or_directory(f.rule) or (f.rule in _DECISIVE and f.severity == "high") for f in flags):
            return None
        if self._off_channel(norm) or self._secret_told(norm):
            return None
        disclaimed = any(p is not None and p.search(norm) is not None
                         for p in (self._disclaimers, self._protective_strict, self._debunked))
        if not disclaimed and any(f.id == "fee-to-unfreeze" for f in families) and _RELEASE.search(norm) is not None:
            return None
        return "low" if disclaimed else "medium"

    def _routed(self, norm: str, risk: str, flags: list[Flag], families: list[FamilyMatch]) -> str:
        """The risk after the notice cap (``_notice_cap``: a routed notice is rated a step lower, or low with a
        disclaimer) and after an invitation to check by calling the sender with no new number (high → medium)."""
        cap = self._notice_cap(norm, flags, families) if risk in ("medium", "high") else None
        if cap is not None:
            risk = cap if cap == "low" else _RISKS[_RISKS.index(risk) - 1]
        if (risk == "high" and self._verify_invite is not None and self._verify_invite.search(norm) is not None
                and (self._fresh_number is None or self._fresh_number.search(norm) is None)
                and not any(_shape_or_directory(f.rule) for f in flags)):
            risk = "medium"
        return risk

    def _off_channel(self, norm: str) -> bool:
        """True when the text gives a place to reach outside the provider's own channels: a link to a domain
        that is not an official one, a number given for contact or payment, or a chat account (not negated)."""
        for m in _LINK.finditer(norm):
            host = m.group("host")
            if not any(host == d or host.endswith("." + d) for d in self._official):
                return True
        if _CONTACT_NUMBER.search(norm) is not None:
            return True
        return any(not self._negated(norm, m.start(), m.end()) for m in _CHAT.finditer(norm))

    def _secret_told(self, norm: str, tell: re.Pattern[str] | None = None,
                     words: re.Pattern[str] | None = None) -> bool:
        """True when a code, password or recovery phrase (or other ``words``) is to be told to someone (not negated
        or denied), or with ``tell`` (``_TOLD_TO``) to the sender or a named person ("告诉客服专员", "read it to
        me")."""
        for m in (words or _SECRET_WORD).finditer(norm):
            lo, hi = self._clause(norm, m.start(), m.end())
            if any(not self._negated(norm, t.start(), t.end()) and not self._denied(norm, t.start())
                   for t in (tell or _TELL).finditer(norm, lo, hi)):
                return True
        return False

    def _shape_flags(self, text: str, norm: str, lang: str) -> list[Flag]:
        flags = []
        for hit in find_secrets(text):
            if hit.kind == "seed":
                flags.append(_shape("S1", "high", hit.excerpt, lang))
            else:
                flags.append(_shape("S2", "high", hit.excerpt, lang))
        if self._domestic is not None and self._domestic.search(norm):
            for m in _INTL_NUMBER.finditer(norm):
                digits = re.sub(r"\D", "", m.group("number"))
                if not digits.startswith(self._domestic_codes):
                    flags.append(_shape("S3", "medium", m.group().strip(), lang))
                    break
        for domain, brand in find_lookalikes(norm, self._domains):
            real = self.directory.real_domain(brand) if self.directory is not None else None
            # a brand outside the directory (a courier) is named by its official domain in the rules
            real = real or next((d for d in self._official if d.split(".")[0] == brand), brand)
            flags.append(_shape("S4", "high", f"{domain} ≈ {real}", lang))
            break
        return flags

    def _decisive(self, flag: Flag) -> bool:
        """Whether a flag is high alone: a decisive rule, or a family whose rules are all decisive (its pattern
        names the same request in other words). A transfer to an account is decisive only when the words name
        a "safe" or supervised account, or one the sender provides ("把钱转到安全账户", not "转到银行卡")."""
        family = self.families.by_id.get(flag.rule)
        if family is None:
            return flag.rule in _DECISIVE and (flag.rule != "R4" or _SAFE_WORDS.search(normalize(flag.match)) is not None)
        return bool(family.rules) and set(family.rules) <= _DECISIVE

    def _second_opinion(self, norm: str, shown: str, risk: str, signals: list[Flag],
                        debunked: bool) -> tuple[str, Any, bool]:
        """The risk after the "two signals" rule and the model's opinion, and that opinion (None without a model).

        "High" needs two independent signals: the rules' and the model's. A rating the rules make high (one of
        ``signals``, the flags but the quoted or quiet cues; a shape or a directory flag stands alone) is medium,
        the level of a warning, unless the model agrees, which raises it back to high: rule cues that add up to
        high are how support replies, warnings and recounts that describe a scam in its own words trip the rules,
        and the statistical model, which reads the whole text, tells them apart. A request no one legitimate ever
        makes is high alone (``_alone``): a recovery phrase or key, money moved to a "safe account", a fee to
        recover lost money, a code to be told to the sender, gift cards whose codes are to be sent, a fee named
        for unlocking money. Otherwise the model raises none or low to medium, never above a rule, and never
        lowers; it does not raise a text that debunks a scam. Returns the risk, the opinion and whether the rating
        was held at medium for want of the model's agreement."""
        held = risk == "high" and not any(self._alone(norm, f) for f in signals)
        if held:
            risk = "medium"
        opinion = self.model.opinion(norm, shown) if self.model is not None else None
        # (the model may still hear a script in a "report": a recovery offer dressed as news)
        if opinion is not None and opinion.resembles_scam and not debunked:
            if held:
                risk, held = "high", False
            elif risk in ("none", "low"):
                risk = "medium"
        return risk, opinion, held

    def _alone(self, norm: str, flag: Flag) -> bool:
        """Whether a flag makes "high" alone: a decisive request (``_decisive``), a code to be told to the
        sender or a person they name ("告诉客服专员", "read it back to me"), gift cards whose codes are to be
        sent, a fee named for unlocking money ("解冻费", "unlock fee"), a shape (a recovery phrase, a
        look-alike domain) or a directory flag."""
        if self._decisive(flag) or _shape_or_directory(flag.rule):
            return True
        if flag.rule in _GIFT_DEMANDS:
            return flag.severity == "high"  # (raised in ``scan`` only when the codes are to be sent)
        if flag.rule in _SECRET_DEMANDS:
            return _TOLD_TO.search(normalize(flag.match)) is not None or self._secret_told(norm, _TOLD_TO)
        return flag.rule in _FEE_DEMANDS and any(not self._negated(norm, m.start(), m.end())
                                                  for m in _UNLOCK_FEE.finditer(norm))

    def scan(self, text: str, lang: str = "zh-CN") -> ScanResult:
        """Checks one text for red flags.

        Args:
            text: a message, chat or call notes (never stored or logged).
            lang: the language of the explanations (zh-CN, zh-TW or en).

        Returns:
            The combined risk and the flags, most severe first.
        """
        norm = normalize(text)
        shown = displayed(text, norm)
        quoted = self._quoted(norm)
        flags: list[Flag] = []
        spans: dict[str, tuple[int, int]] = {}  # where each rule and family pattern matched
        for rule in self.rules:
            span = self._rule_match(rule, norm)
            if span is not None:
                spans[rule.id] = span
                flags.append(Flag(rule.id, rule.severity, pick(rule.title, lang), _whole_words(shown, *span),
                                  pick(rule.why, lang), pick(rule.advice, lang)))
        # a transfer to an account is a "safe account" demand only when the words name one (``_decisive``):
        # "转到我郵局帳戶", "转给供应商的对公账户" are ordinary transfers, a cue that needs company to rate high
        flags = [_demoted(f, "medium") if f.rule == "R4" and not self._decisive(f) else f for f in flags]
        # gift cards whose codes are to be sent to the sender ("buy gift cards, then send me photos of the codes")
        # are the payment itself, asked by no one legitimate: high, and high alone (``_alone``)
        if self._secret_told(norm, _TOLD_TO, _GIFT_CODE):
            flags = [Flag(f.rule, "high", f.title, f.match, f.why, f.advice) if f.rule in _GIFT_DEMANDS else f
                     for f in flags]
        flags += self._shape_flags(text, norm, lang)
        notes = tuple(self.directory.notes(norm, shown, lang)) if self.directory is not None else ()
        flags += [_directory_flag(note, lang) for note in notes if note.flagged]
        families = []
        for hit in self.families.find(norm, {f.rule for f in flags}, self._negated):
            family = hit.family
            families.append(FamilyMatch(family.id, pick(family.name, lang), pick(family.why, lang),
                                        pick(family.advice, lang)))
            rule_severity = max((SEVERITIES.index(f.severity) for f in flags if f.rule in family.rules), default=-1)
            if hit.span is not None and SEVERITIES.index(hit.severity) > rule_severity:
                spans[family.id] = hit.span
                title = pick(family.name, lang)  # a title on its own line: "Fake customer support"
                flags.append(Flag(family.id, hit.severity, title[:1].upper() + title[1:],
                                  _whole_words(shown, *hit.span), pick(family.why, lang),
                                  pick(family.advice, lang)))
        # "High" needs a request aimed at the reader: a rule or family match that is not in a sentence asking
        # the reader to act (a lone cue in a notice, a support reply, a quoted script) counts as medium, and one
        # inside reported speech as low. Shapes (a recovery phrase, a look-alike domain) and directory flags
        # keep their severity.
        directed, in_quotes = self._directed_matches(norm, spans, quoted)
        if "R13" in directed and (_CHAT_NUMBER.search(norm) is not None or _HANDLE.search(norm) is not None):
            directed["R13"] = True  # a chat app with a number or a user name to reach there is the way off
        undirected = {r.id: r.undirected for r in self.rules if r.undirected}
        flags = [_demoted(f, "low") if f.rule in in_quotes
                 else _demoted(f, undirected.get(f.rule, "medium")) if f.rule in directed and not directed[f.rule]
                 else f for f in flags]
        flags.sort(key=lambda f: -SEVERITIES.index(f.severity))
        # cues demoted for want of a request, or quoted, do not add up with others
        quiet = in_quotes | {rule for rule, ok in directed.items() if not ok and undirected.get(rule) == "low"}
        counted = [f.severity for f in flags
                   if f.rule not in quiet and (f.severity == "high" or f.rule not in self.families.by_id)]
        risk = combined_risk(counted)
        if risk == "none" and flags:
            risk = "low"  # only quoted cues: shown, not counted
        if risk == "high" and not any(f.severity == "high" for f in flags) and not any(directed.values()):
            risk = "medium"  # two medium cues add up to high only when one of them asks the reader to act
        if risk in ("none", "low") and any(f.rule in self.families.by_id and f.severity != "low" for f in flags):
            risk = "medium"  # medium family matches raise to medium, never add up to high
        if (risk == "medium" and all(f.severity == "low" for f in flags)
                and ((self._in_app is not None and self._in_app.search(norm) is not None)
                     or (not any(directed.values()) and self._disclaimers is not None
                         and self._disclaimers.search(norm) is not None))):
            # two weak signals in a service message that sends the reader into the official app, or that
            # disclaims what a scam would ask ("整个过程无需您提供验证码") and asks for nothing
            risk = "low"
        # A notice that routes the reader to the provider's own channels (a branch, the card's number, the
        # official app) is not a script, whatever routine step it names; an invitation to check by calling the
        # sender ("妳可以直接打给我确认") with no new number is not a script's pressure either.
        risk = self._routed(norm, risk, flags, families)
        # an agency the caller names as itself ("这里是警政署…", "this is the fraud team") is the script's cover
        advisory = self._advisory is not None and any(not _SELF_NAMED.search(norm, max(0, m.start() - 16), m.start())
                                                      for m in self._advisory.finditer(norm))
        if risk == "high" and advisory:
            risk = "medium"  # a text about scams (an anti-fraud notice, a news report) quotes their words
        # A text about scams that also tells the reader what not to do ("切勿转账", "never install it",
        # "hang up") is a warning, not a script: rated as one that calls the scheme a scam.
        # A text that tells the reader what not to do and asks for no scam action (a support reply: "我们不收
        # 解冻费，请勿向任何人转账") is a warning too, even without anti-fraud words.
        protective = ((advisory and self._protective is not None and self._protective.search(norm) is not None)
                      or (not any(directed.values()) and self._protective_strict is not None
                          and self._protective_strict.search(norm) is not None))
        # A report in the third person ("本报讯", "police say", "victims") tells of a scam; it is not one. A
        # script speaks to its victim ("你", "your") and a recovery offer cites victims to sell its service,
        # speaking as "we" or asking to be contacted ("需要的私信我"; a victim's recount of a recovery scam
        # says "I" and warns).
        reported = (self._reported is not None and self._reported.search(norm) is not None
                    and _SECOND_PERSON.search(norm) is None
                    and not (any(f.id == "recovery" for f in families)
                             and (_WE.search(norm) is not None or _CONTACT_ASK.search(norm) is not None)))
        secret_shown = any(f.rule in ("S1", "S2") for f in flags)
        # a code the reader is asked to tell someone is the script, before a disclaimer as after one
        debunked = ((protective or (self._debunked is not None and self._debunked.search(norm) is not None))
                    and not secret_shown and not self._demand_after_disclaimer(norm, spans, advisory, directed)
                    and not (any(directed.get(key) for key in _SECRET_DEMANDS) and self._secret_told(norm)
                             and _TAKEN_BACK.search(norm) is None))
        if (debunked or (reported and not secret_shown)) and risk in ("medium", "high"):
            risk = "low"  # it calls the scheme a scam: a warning or a question about one, not a script
        # "Medium" needs a scam's shape too: a text that describes a scam (a news report, a police notice, a
        # help text with an example, "骗子称…", "scammers will say …") and asks nothing of the reader in its
        # own voice is a description, not a script, whatever cues it names. Shapes (a recovery phrase, a
        # look-alike domain) and directory flags are not descriptions and keep the text's rating.
        # A recovery offer cites victims and losses to sell its service, speaking as "I" or "we", giving a way to
        # reach it, or with no words that describe a scheme but its victims: not a description. (A warning about
        # recovery offers speaks to "you" too: "you may be contacted by 'lawyers' who promise to get your money
        # back for a fee".)
        offer = any(f.id == "recovery" for f in families) and (
            _FIRST_PERSON.search(norm) is not None or _CONTACT_ASK.search(norm) is not None
            or _LINK.search(norm) is not None
            or not any(_VICTIMS.fullmatch(m.group()) is None for p in (self._describing, self._advisory)
                       if p is not None for m in p.finditer(norm)))
        if (risk in ("medium", "high") and not offer
                and not any(_shape_or_directory(f.rule) for f in flags)
                and (advisory or (self._reported is not None and self._reported.search(norm) is not None)
                     or (self._describing is not None and self._describing.search(norm) is not None))
                and not self._addressed(norm, spans.values(), quoted)):
            risk = "low"
        risk, opinion, held = self._second_opinion(norm, shown, risk, [f for f in flags if f.rule not in quiet],
                                                   debunked)
        impersonates = tuple(self.families.impersonates(norm)) if risk != "none" else ()
        resembles = None
        if opinion is not None and opinion.resembles_scam and opinion.family in self.families.by_id:
            family = self.families.by_id[opinion.family]
            resembles = FamilyMatch(family.id, pick(family.name, lang), pick(family.why, lang), pick(family.advice, lang))
        return ScanResult(risk, tuple(flags), tuple(families), impersonates, opinion, notes, resembles, held)


def _whole_words(shown: str, start: int, end: int) -> str:
    """The quoted match, widened to whole Latin words and numbers: a cue that ends inside "$200" or starts inside
    "profit_anna" is shown as "$200", "profit_anna" (Chinese has no such boundary and is left as matched)."""
    while start > 0 and _WORD_CHAR.match(shown, start - 1) and _WORD_CHAR.match(shown, start):
        start -= 1
    while 0 < end < len(shown):
        if _WORD_CHAR.match(shown, end) and (_WORD_CHAR.match(shown, end - 1) or _NUMBER_GOES_ON.match(shown, end - 1)):
            end += 1
        elif _NUMBER_GOES_ON.match(shown, end) and shown[end - 1].isdigit():
            end += 1
        else:
            break
    return shown[start:end].strip()


_WORD_CHAR = re.compile(r"[A-Za-z0-9_]")
_NUMBER_GOES_ON = re.compile(r"[.,](?=\d)")  # "$3,000", "1.5": a separator between digits


def _shape_or_directory(rule: str) -> bool:
    """Whether a flag is a shape (S1-S4: a recovery phrase, a key, a foreign number, a look-alike domain) or a
    directory flag (D1 …): facts about the text itself, never a description or a lone cue."""
    return rule[:1] in ("S", "D") and rule[1:].isdigit()


def _demoted(flag: Flag, severity: str) -> Flag:
    """The flag at a lower severity (never raised)."""
    if SEVERITIES.index(severity) >= SEVERITIES.index(flag.severity):
        return flag
    return Flag(flag.rule, severity, flag.title, flag.match, flag.why, flag.advice)


def displayed(text: str, norm: str) -> str:
    """The user's own characters at the offsets of ``norm``, for quoting what matched.

    Each character keeps its place where normalising maps it to one character (a full-width comma stays
    full-width, Traditional stays Traditional); one that NFKC expands (㎏ → kg) is shown expanded. When the
    lengths still differ (OpenCC or lower-casing changed a length), the normalised text is shown.

    Args:
        text: the text as the user typed it.
        norm: ``normalize(text)``.

    Returns:
        A string as long as ``norm``.
    """
    pieces = [c if len(unicodedata.normalize("NFKC", c)) == 1 else unicodedata.normalize("NFKC", c) for c in text]
    shown = "".join(pieces)
    return shown if len(shown) == len(norm) else norm


def combined_risk(severities: Iterable[str]) -> str:
    """``high`` with any high or two medium flags; ``medium`` with one medium or two low ones; ``low`` with
    one low; else ``none``.

    Args:
        severities: the severity of each flag (one flag per rule).

    Returns:
        none, low, medium or high.
    """
    found = list(severities)
    if "high" in found or found.count("medium") >= 2:
        return "high"
    if "medium" in found or found.count("low") >= 2:
        return "medium"
    return "low" if found else "none"


_QUOTE = re.compile(r"[“「『\"‘](?P<body>[^“”「」『』\"‘’\n]{1,200})[”」』\"’]"
                    r"|(?<![a-z0-9])'(?P<single>[^'\n]{1,200})'(?![a-z0-9])")
# a "no" standing as the answer ("…吗？不会。", "…? No."), not a new sentence ("吗？没有的话…", "? No time …")
_NO_ANSWER = re.compile(r"[?？]\s*(?:答\s*[:：]\s*|a\s*[:：]\s*)?(?:(?:不会|不是|不用|不需要|不能|没有|绝不|从不|当然不)(?=[。！!，,.]|$)"
                        r"|(?:no|never|nope|of course not)(?=[.,!;]|$))")
# "如果您已经把验证码传给他人", "如果您已经输入", "原因是他把助记词截图存在相册里", "如发现已填写的助记词": done, or
# done by someone else, not asked
_DONE_BEFORE = re.compile(r"已经?(?:把|将)|(?:他|她|他们|她们)(?:是|就是|竟然)?(?:把|将)"
                          r"|(?:如果|若|如|万一)(?:您|你)?(?:已经|已|不小心)(?!收到|接到|拿到)|附上了|附了|发来了|上传了"
                          r"|发现(?:已经|已)(?=填|写|印|$)"
                          r"|\balready (?:shared|sent|entered|typed|given|gave|provided|told|pasted)\b")
_NOT_DONE = re.compile(r"没有?$")  # "没拍照也没存网盘": a thing not done, no request
_SAID = re.compile(r"\b(?:saying|says|said|claiming|claims|stating)\b|写着|写道|内容是|声称|谎称")
_QUOTE_LIST = re.compile(r"\s*(?:[、，,/]|或|和|及|or|and)?\s*(?:(?:and )?then|然后|再)?\s*")
_RISKS = ("none", "low", "medium", "high")
# a self-introduction right before a name ("这里是…", "我们是…", "this is the …"), nothing but the name between
_SELF_NAMED = re.compile(r"(?:这里是|我是|我们是|本人是|\bthis is|\bi am|\bi'm|\bwe are)[^,，。.!！?？;；:：\n]{0,14}$")
# the words of an R4 match that make it decisive (``_decisive``): a safe, supervised, new, verification or refund
# account, one the sender provides, a named person's, a third party's or a case account ("a new wallet" the reader
# makes is advice)
_SAFE_WORDS = re.compile(r"安全|监管|保护|清查|核查|审查|公证|备用|国库|保管|验资|冲正|名下所有|资金转移|新开|另一张|指示|指定|"
                         r"另一个|过渡|中转|对冲|稽核|(?:验证|认证|退款|理赔|客服|新)(?:的)?(?:账户|帐户|账号)|"
                         r"(?:个人|朋友|老婆|女朋友|男朋友|对方|家属|合作方|子公司|专员|经理|主任|医生|护士长?|老师|警官|民警"
                         r"|法官|书记员|律师|会计|财务)(?:的)?[^，。,]{0,4}(?:账户|帐户|账号)|办案|专案|案件(?:账户|帐户)|"
                         r"我们提供|我提供|我给的|以下|下面|这个|\b(?:safe|secure|protect\w*|holding|we provide|trade for you|"
                         r"this|our|following|below|(?<!\ba )new|new(?! wallet)|gives? you|will give you|provides? you|"
                         r"vault|contract|escrow|custody|government|trust)\b")
# rules and families whose directed match is high alone ("high" needs two signals, ``_second_opinion``): a
# recovery phrase or key asked for, money moved to a "safe account", a fee to get lost money back
_DECISIVE = frozenset({"R1", "R4", "R15"})  # and the families whose rules are only these (ScamChecker._decisive)
_LINK = re.compile(r"(?:https?://|www\.)?(?P<host>(?:[a-z0-9-]+\.)+(?:com|cn|net|org|io|app|xyz|top|cc|vip|me|co|info|site"
                   r"|online|link|hk|tw|sg|shop|live|pro))\b")
_CONTACT_NUMBER = re.compile(r"(?:电话|热线|拨打|致电|联系|账户|账号|帐户|卡号|收款|号码|\bcall|\bdial|\bphone|hotline|account"
                             r"|whatsapp|telegram|\bqq|\bline\b|微信|wechat|number)\D{0,12}\+?\d[\d\s-]{5,}\d")
_CHAT = re.compile(r"\b(?:qq|telegram|whatsapp|line(?! ?pay)|signal|skype|kakao|viber)\b|微信号|加微信|电报|纸飞机|\bt\.me/|\bwa\.me/"
                   r"|(?<![a-z0-9])@[a-z0-9_]{4,}")
_SECRET_WORD = re.compile(r"验证码|密码|口令|动态码|校验码|助记词|私钥|\b(?:code|password|passcode|pin|otp|seed phrase"
                          r"|recovery phrase|private key)\b")
_RELEASE = re.compile(r"提现|提币|提款|出金|解冻|解封|\b(?:withdraw\w*|unfreeze|unlock|release|cash out)\b")
_TELL = re.compile(r"告诉|告知|发给|发我|念给|报给|给我|(?<!客服)(?<!工单)回复(?!\s*:)(?!(?:您|你)的)|回传|提供给|\b(?:tell|send|read|give|share|reply)\b")
# a secret to be told to the sender or to a person the sender names: no one legitimate asks for that
_TOLD_TO = re.compile(r"(?:告诉|告知|发给|念给|报给|提供给|回复给|传给|读给)(?:我|客服|专员|工作人员|坐席|警官|民警|老师|经理|审核员|专线)"
                      r"|给我|发我|\b(?:tell|send|read|give)(?: it| them| the code| the codes)?(?: back| out)? (?:to )?(?:me|us|our (?:agent|team|staff"
                      r"|specialist|officer))\b")
# a request taken back as a joke ("你把验证码发我一下——开玩笑的！验证码千万别发给任何人"): a friend's warning
_TAKEN_BACK = re.compile(r"(?<![不没是])(?:开玩笑的|开个玩笑|逗你的)[!！~～]|(?<!not )(?<!n't )\bjust kidding\b")
_FEE_DEMANDS = ("R5", "fee-to-unfreeze")
_GIFT_DEMANDS = ("R11",)
# a gift card's code or a photo of it ("send me photos of the codes", "把卡密发给我")
_GIFT_CODE = re.compile(r"卡密|卡号|序号|兑换码|充值码|\b(?:(?:gift )?card (?:codes?|numbers?|pins?)|codes? on the back"
                        r"|(?:photos?|pics?|pictures?|images?|screenshots?|snaps?) of (?:the |them|all )?(?:cards?|codes?"
                        r"|backs?|vouchers?|voucher (?:pins?|codes?))|redemption codes?|claim codes?|voucher (?:pins?|codes?)"
                        r"|qr code photos?|scratch(?:ed)? (?:off )?the backs?)\b|codes?\s*(?:给我|发我|传给我)")
# a fee named for unlocking money: no platform or wallet charges one (a chain's miner fee and an address's
# activation are real fees, so they are not here), so a request for it is decisive
_UNLOCK_FEE = re.compile(r"解冻费|解封费|\b(?:unlock|unfreeze|unfreezing|release|unblock)(?:ing)? fees?\b")
_SECRET_DEMANDS = ("R1", "R2", "secret-request")
# a "safe account", a recovery fee or a remote-control app asked of the reader after a warning: the fake police's
# second call, "scams often target seniors, so please install AnyDesk"
_DEMANDS_AFTER_WARNING = ("R4", "safe-account", "R15", "recovery", "R3", "remote-control")
_AMOUNT = re.compile(r"\d+(?:[.,]\d+)?\s*(?:%|％|元|块|usdt|u\b|eth|btc|trx|bnb|美元|美金|港币|台币|nt\$?)"
                     r"|[$€£¥]\s?\d|百分之")
_PART_END = re.compile(r"[。！？!?\n；;，,：:]|\.\s")
# a part of a sentence that opens with a request of its own ("，现在请…", ", now please …")
_FRESH_REQUEST = re.compile(r"\s*(?:现在|马上|立即|立刻|赶紧|那)?(?:请(?!勿|不要|别)|麻烦)|\s*(?:now |so |just )?please\b(?! (?:do not|don't|never))")


def _part(norm: str, pos: int) -> tuple[int, int]:
    """The part of a sentence (up to a comma or a colon, at most 80 characters back) around ``pos``."""
    lo = max((m.end() for m in _PART_END.finditer(norm, max(0, pos - 80), pos)), default=max(0, pos - 80))
    after = _PART_END.search(norm, pos)
    return lo, after.start() if after else len(norm)


def _done_before(norm: str, part_start: int, pos: int) -> bool:
    """True when the part of the sentence before ``pos`` (from ``part_start``, ``_part``) tells of a thing already
    done (``_DONE_BEFORE``): "如果您已经…", "如发现已填写的…", "他把…"."""
    return _DONE_BEFORE.search(norm, part_start, pos) is not None


def _framing_part(norm: str, pos: int) -> tuple[int, int]:
    """The part of a sentence around ``pos`` (``_part``), joined to the parts before it while it goes on a list
    ("…，或者说要把钱转到安全账户", ", or asks you to …") or tells what the same subject did next ("…的电话，称…，要求
    将钱转入…": ``_SAME_SUBJECT``): the frame at the head of the list ("要是有人打电话让您下载会议软件") covers every
    item of it, and of a list whose last item alone says "or" ("avoid buyers who ask you to
    accept Friends & Family, move the chat to WhatsApp, or send a code") the items before it too."""
    lo, hi = _part(norm, pos)
    # an item right before the last ("…, move the chat to WhatsApp, or send a code") is in the list too, when
    # what follows "or" is another item, not a threat (", or you will lose everything", "，或者账户将被冻结")
    listed = hi < len(norm) and norm[hi] in ",，" and _LAST_ITEM.match(norm, hi + 1) is not None
    for _ in range(_LIST_ITEMS):
        if lo > 0 and not (_LIST_GOES_ON.match(norm, lo) is not None or (listed and norm[lo - 1] in ",，")):
            head = _same_subject_head(norm, lo)
            if head is None:
                break
            lo = head
            continue
        if lo == 0:
            break
        listed = True
        lo = _part(norm, max(0, lo - 2))[0]
    return lo, hi


def _same_subject_head(norm: str, lo: int) -> int | None:
    """Where a chain of parts with no subject of their own begins ("近期有假冒检察官的电话，称…，要求将钱转入…"), when
    the part at ``lo`` goes on from the ones before it (``_SAME_SUBJECT``) back to a part that tells of a call or
    a message someone received or of someone posing as another (``_WARNING_HEAD``), and the writer did not speak
    for themself before it ("这里是派出所", "我是客服"); a script's own pretext ("有不法分子冒用您的身份，要求将资金转入
    安全账户") is no frame. Else None."""
    if _SELF_INTRO.search(norm, 0, lo) is not None:
        return None
    for _ in range(_LIST_ITEMS):
        if lo == 0 or norm[lo - 1] not in ",，" or _SAME_SUBJECT.match(norm, lo) is None:
            return None
        end = lo - 1
        lo = _part(norm, max(0, lo - 2))[0]
        if _WARNING_HEAD.search(norm[lo:end]) is not None:
            return lo
    return None


# a part of a sentence that continues a list ("或者说…", "还是让你…", "or asks you to …"), and how many parts back
# a list may reach
_LIST_ITEMS = 4
# the last item of a list, after its "or": a request, not a consequence ("or you will …", "or the funds …", "否则")
_LAST_ITEM = re.compile(r"\s*(?:或者|或是|或|以及|\bor\b|\band\b)\s*(?!you\b|your\b|we\b|the\b|it\b|they\b|else\b"
                        r"|otherwise\b|lose\b|否则|您|你|账户|帐户|资金|将|会|就|被)")
_LIST_GOES_ON = re.compile(r"\s*(?:或者|或是|或|还是|以及|抑或|\bor\b|\band\b)")
# "no" right before a cue ("no fee", "no action or fee", "no customs fee"), which denies it only when the clause
# goes on to say it is not needed ("… is required", "… apply", "… to scan")
_BARE_NO = re.compile(r"\bno\s+(?:[a-z-]+\s+(?:or|and)\s+)?(?:(?:customs|separate|other|more|additional|extra)\s+)?$")
_NOT_NEEDED = re.compile(r"(?:\s*,?\s*(?:or|and)\s+[a-z-]+(?:\s+[a-z-]+)?)?\s+(?:(?:is|are|was|were|will be)\s+)?"
                         r"(?:required|needed|necessary|due|payable|charged|owed|applicable|apply|applies)\b"
                         r"|\s+to\s+(?:scan|pay|send|click|enter|install|share)\b")
# the head of a warning's description: a call or a message someone received, someone posing as another
# ("冒充电商客服") or a scammer's habit ("歹徒称…", "对方会说…"), told in the third person; not someone misusing
# "your" name ("冒用您的身份", "假冒您的名义": a script's pretext)
_WARNING_HEAD = re.compile(r"电话|来电|短信|简讯|信息|讯息|消息|私信|私讯|(?:冒充|假冒|假扮|假装|伪装成|佯装)(?![你您妳])"
                           r"|^\s*(?:歹徒|骗子|骗徒|诈团|诈骗集团|诈骗分子|犯罪集团)|^\s*对方(?:会|常|通常|往往|就会)")
# a writer who speaks for themself ("这里是派出所", "我是客服"): a script's voice, not a warning's
_SELF_INTRO = re.compile(r"这里是|我是|我们是|我方是|本人是")
# a part that goes on telling what the subject of the part before did, with no subject of its own ("近期有假冒检察官
# 的电话，称您账户涉及洗钱，要求将钱转入监管账户"); a demand made of "you" is the speaker's ("要求你", "让您")
_SAME_SUBJECT = re.compile(r"\s*(?:并|再|又|还|然后|接着|随后|继而)?(?:声称|谎称|称|要求(?![你您妳])|(?:让|叫)(?![你您妳]))")
# the voice of a service speaking for itself ("我们", "our team"): a recovery offer's, not a victim's recount
_WE = re.compile(r"我们|我司|本公司|本团队|本所|\b(?:we|our|us)\b")
# a way to reach the writer or the service they recommend ("需要的私信我", "DM me", "@recover_hacker")
_CONTACT_ASK = re.compile(r"私(?:信|讯|聊)(?:我|他|她)|需要的(?:朋友)?(?:私信|私讯|联系)|联系方式|加我|加(?:他|她)?(?:的)?(?:微信|qq|line)"
                          r"|联系(?:我|他|她)|微信号|(?:微信|wechat|line id|line|telegram|whatsapp|qq|电话|tel)\s*[:：]"
                          r"|\d{3}[ -]?\d{4}[ -]?\d{4}|\b(?:dm|message|contact|email|text) "
                          r"(?:me|him|her|them|us)\b|(?<![a-z0-9])@[a-z0-9_]{4,}|\bt\.me/")
# a number to reach someone on a chat app (seven digits or more, not a six-digit code), and a user name there
_CHAT_NUMBER = re.compile(r"(?:number|号码|电话|\btel|phone|whatsapp|telegram|\bline\b|微信|signal)\D{0,15}"
                          r"\+?\d(?:[\s-]?\d){6,}")
_HANDLE = re.compile(r"(?<![a-z0-9])@[a-z0-9_]{4,}|\b(?:username|user name|handle|id)\s*[:：]?\s*@?[a-z0-9_]{4,}")
# the words of a recovery ad that cites its victims, not a description of a scheme
_VICTIMS = re.compile(r"\bvictims?\b|受害人|受害者|被害人")
_FIRST_PERSON = re.compile(r"我|\b(?:i|i'm|i'll|i've|me|my|we|we're|we'll|our|us)\b")
_SECOND_PERSON = re.compile(r"[你您妳]|阁下|\byou(?:r|rs|'re|'ll)?\b")
_INTL_NUMBER = re.compile(r"(?<![\w+])(?:\+|00)\s?(?P<number>[1-9]\d{0,2}[\s\-()]{0,3}\d[\d\s\-()]{5,16}\d)")
_SHAPES: dict[str, tuple[str, str, str]] = {
    "S1": (
        N_("A recovery phrase appears in the text"),
        N_("A recovery phrase gives full control of a wallet; a message that contains or asks for one matches a known scam pattern."),
        N_("Never send or type it anywhere. If someone else has seen it, move your funds to a new wallet now."),
    ),
    "S2": (
        N_("A private key appears in the text"),
        N_("A private key gives full control of a wallet."),
        N_("Never send or type it anywhere. If someone else has seen it, move your funds to a new wallet now."),
    ),
    "S3": (
        N_("An international number for a domestic platform"),
        N_("The message names a domestic platform but gives an international number; real domestic support does not call from abroad."),
        N_("Do not call it. Use the number on your card or inside the official app."),
    ),
    "S4": (
        N_("A look-alike web address"),
        N_("The address imitates a well-known company (a wallet, a bank or payment app, a shop, a courier) but is not its usual address; fake sites steal recovery phrases, passwords and card details."),
        N_("Do not open it. Type the official address yourself or use the official app."),
    ),
}


def _shape(rule: str, severity: str, match: str, lang: str) -> Flag:
    title, why, advice = _SHAPES[rule]
    return Flag(rule, severity, translate(title, lang), match, translate(why, lang), translate(advice, lang))


_DIRECTORY: dict[str, tuple[str, str]] = {
    "D1": (N_("A support number that is not in the directory"),
           N_("The message gives a phone number as {name}'s support, but it is not the number {name} publishes; fake support numbers are a documented scam.")),
    "D2": (N_("A web address that is not in the directory"),
           N_("The message gives a web address for {name} that is not one of its official domains ({domains}).")),
    "D3": (N_("A chat account posing as support"),
           N_("The message sends you to a chat account or link as {name}'s support; real support answers inside the official app.")),
    "D4": (N_("Phone support for a self-custody wallet"),
           N_("{name} is a self-custody wallet: it has no phone support, and anyone who calls or messages you first is not support.")),
}


def _directory_flag(note: DirectoryNote, lang: str) -> Flag:
    title, why = _DIRECTORY[note.code]
    domains = ", ".join(note.domains) or "—"
    if note.hotlines:
        advice = translate(N_("Contact {name} only through: {support} Published hotline: {hotlines}."), lang)
    else:
        advice = translate(N_("Contact {name} only through: {support} It publishes no phone number."), lang)
    # A number offered as a self-custody wallet's support is certainly not its support: it has none.
    severity = "high" if note.code == "D1" and note.kind == "self-custody" else "medium"
    return Flag(note.code, severity, translate(title, lang), note.match,
                translate(why, lang).format(name=note.name, domains=domains),
                advice.format(name=note.name, support=note.support, hotlines=", ".join(note.hotlines)))
