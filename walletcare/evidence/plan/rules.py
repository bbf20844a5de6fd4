"""The ladder rules, loaded from ``resources/plan/ladders.yaml`` and ``packs.yaml`` and checked.

A ladder applies to a case by its ``applies`` conditions (families, regions, kinds, issues, card); each rung
has a local id (the plan's rung id is ``<ladder>.<local id>``), a channel, a track, an order, optional
``when`` conditions, prerequisites (local ids), and date rules ``opens``, ``closes`` and ``reply`` (the
channel's answer due after a submission). A date rule is one of::

    {from: ANCHOR, days|working_days|months|years: N}    # ANCHOR may be a list: the first one known
    {earliest: [RULE, ...]} / {latest: [RULE, ...]} / {first: [RULE, ...]}

Anchors: ``payment``, ``statement``, ``expected_delivery``, ``first_complaint``, ``final_reply``,
``discovered``, ``submitted:<rung>`` (that rung's recorded submission), ``reply:<rung>`` (its answer due).
Working days use the ladder's ``calendar`` (``workdays.CALENDARS``). Every rung carries its source (title,
URL) and an ``as_of`` date (a title that describes the source in words is given per language; a proper name
once); texts are given in zh-CN, zh-TW and en. ``check_rules`` is run by
``walletcare content check``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from walletcare.evidence.plan.workdays import CALENDARS

LANGS = ("zh-CN", "zh-TW", "en")
ANCHORS = ("payment", "statement", "expected_delivery", "first_complaint", "final_reply", "discovered")
UNITS = ("days", "working_days", "months", "years")
CONDITIONS = ("families", "regions", "kinds", "issues", "not_issues", "not_families", "card")
# channels a rung may use: the letter channels of ``channels.py`` and those without a letter
EXTRA_CHANNELS = ("12378", "cfpb", "exchange", "report-address", "court", "fos")


@dataclass(frozen=True)
class RungRule:
    """One rung as written in the rules file."""

    ladder: str
    local: str
    channel: str
    track: str
    order: int
    title: dict[str, str]
    what: dict[str, str]
    how: dict[str, str]
    prerequisites: tuple[str, ...]
    when: dict[str, Any]
    opens: Any
    closes: Any
    reply: Any
    urgent: bool
    hard_close: bool
    rule: dict[str, str]
    source: dict[str, str]  # the source's title in each language (a name that has no translation: the same)
    source_url: str
    as_of: date

    @property
    def id(self) -> str:
        return f"{self.ladder}.{self.local}"


@dataclass(frozen=True)
class LadderRule:
    """A ladder: when it applies, its calendar and its rungs in order."""

    id: str
    name: dict[str, str]
    applies: dict[str, Any]
    calendar: str
    rungs: tuple[RungRule, ...]


class RuleError(ValueError):
    """A rules file that does not follow the format (the message says where)."""


def _text(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or any(not isinstance(value.get(lang), str) or not value[lang].strip()
                                          for lang in LANGS):
        raise RuleError(f"{where}: needs a text in each of {', '.join(LANGS)}")
    return {lang: value[lang].strip() for lang in LANGS}


def source_title(value: Any, where: str) -> dict[str, str]:
    """A source's title in each language: one text for all, or a mapping with a text per language."""
    if isinstance(value, dict):
        return _text(value, where)
    text = str(value or "").strip()
    if not text:
        raise RuleError(f"{where}: needs a source title")
    return {lang: text for lang in LANGS}


def _as_date(value: Any, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise RuleError(f"{where}: as_of must be a date (YYYY-MM-DD)") from None


def check_date_rule(rule: Any, where: str, locals_: set[str]) -> None:
    """Raises RuleError when ``rule`` is not a date rule of the grammar above."""
    if rule is None:
        return
    if not isinstance(rule, dict):
        raise RuleError(f"{where}: a date rule is a mapping")
    combos = [k for k in ("earliest", "latest", "first") if k in rule]
    if combos:
        parts = rule[combos[0]]
        if len(rule) != 1 or not isinstance(parts, list) or not parts:
            raise RuleError(f"{where}: {combos[0]} takes a non-empty list and nothing else")
        for i, part in enumerate(parts):
            check_date_rule(part, f"{where}.{combos[0]}[{i}]", locals_)
        return
    anchors = rule.get("from")
    anchors = anchors if isinstance(anchors, list) else [anchors]
    for anchor in anchors:
        name, _sep, target = str(anchor).partition(":")
        if name in ("submitted", "reply"):
            if target not in locals_:
                raise RuleError(f"{where}: {anchor!r} names no rung of this ladder")
        elif anchor not in ANCHORS:
            raise RuleError(f"{where}: unknown anchor {anchor!r}")
    units = [u for u in UNITS if u in rule]
    extra = set(rule) - {"from", "calendar", *UNITS}
    if len(units) > 1 or extra:
        raise RuleError(f"{where}: one of {', '.join(UNITS)} at most, and nothing else but 'from', 'calendar'")
    if units and (not isinstance(rule[units[0]], int) or rule[units[0]] < 0):
        raise RuleError(f"{where}: {units[0]} must be a whole number of 0 or more")
    if "calendar" in rule and rule["calendar"] not in CALENDARS:
        raise RuleError(f"{where}: unknown calendar {rule['calendar']!r}")


def _when(value: Any, where: str) -> dict[str, Any]:
    value = value or {}
    if not isinstance(value, dict) or set(value) - set(CONDITIONS):
        raise RuleError(f"{where}: conditions are among {', '.join(CONDITIONS)}")
    return dict(value)


def parse_ladders(data: Any, channel_ids: tuple[str, ...]) -> tuple[LadderRule, ...]:
    """The ladders of a loaded rules file (RuleError on the first problem found)."""
    if not isinstance(data, dict) or not isinstance(data.get("ladders"), list):
        raise RuleError("ladders.yaml: needs a 'ladders' list")
    ladders: list[LadderRule] = []
    seen: set[str] = set()
    for i, raw in enumerate(data["ladders"]):
        lid = str(raw.get("id", ""))
        where = f"ladders[{i}] {lid}"
        if not lid or lid in seen or "." in lid:
            raise RuleError(f"{where}: needs a unique id without dots")
        seen.add(lid)
        calendar = raw.get("calendar", "")
        if calendar not in CALENDARS:
            raise RuleError(f"{where}: unknown calendar {calendar!r}")
        rungs_raw = raw.get("rungs") or []
        locals_ = {str(r.get("id", "")) for r in rungs_raw}
        if len(locals_) != len(rungs_raw) or "" in locals_:
            raise RuleError(f"{where}: every rung needs an id, unique in its ladder")
        rungs = []
        for r in rungs_raw:
            rw = f"{where}.{r.get('id')}"
            if r.get("channel") not in (*channel_ids, *EXTRA_CHANNELS):
                raise RuleError(f"{rw}: unknown channel {r.get('channel')!r}")
            prereqs = tuple(str(p) for p in r.get("prerequisites") or ())
            if set(prereqs) - locals_ or r["id"] in prereqs:
                raise RuleError(f"{rw}: prerequisites must name other rungs of this ladder")
            reply = r.get("reply")
            if isinstance(reply, dict) and not {"from", "earliest", "latest", "first"} & set(reply):
                reply = {**reply, "from": f"submitted:{r['id']}"}  # an answer is due counting from the submission
            for key, value in (("opens", r.get("opens")), ("closes", r.get("closes")), ("reply", reply)):
                check_date_rule(value, f"{rw}.{key}", locals_)
            source = r.get("source") or {}
            titles = source_title(source.get("title"), f"{rw}.source")
            url = str(source.get("url", ""))
            if url and not url.startswith("https://"):
                raise RuleError(f"{rw}: a source URL starts with https://")
            if not isinstance(r.get("order"), int):
                raise RuleError(f"{rw}: needs a whole-number order")
            rungs.append(RungRule(
                ladder=lid, local=str(r["id"]), channel=str(r["channel"]), track=str(r.get("track") or "main"),
                order=int(r["order"]), title=_text(r.get("title"), f"{rw}.title"), what=_text(r.get("what"), f"{rw}.what"),
                how=_text(r.get("how"), f"{rw}.how"), prerequisites=prereqs, when=_when(r.get("when"), f"{rw}.when"),
                opens=r.get("opens"), closes=r.get("closes"), reply=reply, urgent=bool(r.get("urgent")),
                hard_close=bool(r.get("hard_close")),
                rule=_text(r.get("rule"), f"{rw}.rule") if r.get("rule") else {lang: "" for lang in LANGS},
                source=titles, source_url=url, as_of=_as_date(source.get("as_of"), f"{rw}.as_of")))
            if rungs[-1].closes is not None and not rungs[-1].rule["en"]:
                raise RuleError(f"{rw}: a rung with a closing date needs its rule in words")
        if not rungs:
            raise RuleError(f"{where}: has no rungs")
        ladders.append(LadderRule(lid, _text(raw.get("name"), f"{where}.name"), _when(raw.get("applies"), where),
                                  calendar, tuple(sorted(rungs, key=lambda x: x.order))))
    return tuple(ladders)


def parse_packs(data: Any, field_keys: set[str]) -> dict[str, tuple[str, ...]]:
    """``{channel: (field key, ...)}`` from a loaded packs file (RuleError on a problem)."""
    if not isinstance(data, dict) or not isinstance(data.get("packs"), dict):
        raise RuleError("packs.yaml: needs a 'packs' mapping")
    out: dict[str, tuple[str, ...]] = {}
    for channel, keys in data["packs"].items():
        if not isinstance(keys, list) or not keys:
            raise RuleError(f"packs.yaml {channel}: needs a list of fields")
        unknown = [k for k in keys if k not in field_keys]
        if unknown:
            raise RuleError(f"packs.yaml {channel}: unknown fields {unknown}")
        out[str(channel)] = tuple(keys)
    return out


def _load_yaml(name: str) -> Any:
    import yaml

    from walletcare import resources

    return yaml.safe_load(resources.read_text(name))


@cache
def ladders() -> tuple[LadderRule, ...]:
    """The shipped ladders."""
    from walletcare.evidence.channels import CHANNEL_IDS

    return parse_ladders(_load_yaml("plan/ladders.yaml"), CHANNEL_IDS)


@cache
def packs() -> dict[str, tuple[str, ...]]:
    """The shipped channel packs (the fields of each channel's form, in its order)."""
    from walletcare.evidence.plan.fields import FIELDS

    return parse_packs(_load_yaml("plan/packs.yaml"), set(FIELDS))


def public_source(title: str) -> bool:
    """Whether a rule's source title names a public source people can look up (not a file of the project such
    as a spec or a Markdown page)."""
    lowered = title.lower()
    return not any(word in lowered for word in ("shared/", "spec/", ".md", ".yaml", "resources/"))


def check_rules() -> list[tuple[str, str]]:
    """``(where, problem)`` for the shipped rules files: format, sources, as-of dates, texts, and phone
    numbers in the "how" texts only from the allow-list."""
    from walletcare.evidence.channels import CHANNEL_IDS
    from walletcare.evidence.plan.fields import FIELDS
    from walletcare.faq.safety_text import load_allowed_numbers, phone_numbers

    problems: list[tuple[str, str]] = []
    try:
        found = parse_ladders(_load_yaml("plan/ladders.yaml"), CHANNEL_IDS)
    except (RuleError, OSError, ValueError, KeyError, AttributeError, TypeError) as exc:
        return [("resources/plan/ladders.yaml", str(exc))]
    try:
        parse_packs(_load_yaml("plan/packs.yaml"), set(FIELDS))
    except (RuleError, OSError, ValueError, AttributeError) as exc:
        problems.append(("resources/plan/packs.yaml", str(exc)))
    allowed = {n.number for n in load_allowed_numbers()}
    for ladder in found:
        for rung in ladder.rungs:
            for title in set(rung.source.values()):
                if not public_source(title):
                    problems.append((f"resources/plan/ladders.yaml {rung.id}",
                                     f"the source names a file of the project, not a public source: {title}"))
            for lang in LANGS:
                for text in (rung.how[lang], rung.what[lang], rung.rule[lang]):
                    for number in phone_numbers(text):
                        if number not in allowed:
                            problems.append((f"resources/plan/ladders.yaml {rung.id} ({lang})",
                                             f"phone number {number} is not on the allow-list"))
    return problems
