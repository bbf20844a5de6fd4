"""Scam families: scripts recognised by what they make the victim do, not by their exact wording.

A family (``resources/safety/families.yaml``) is a set of patterns; a pattern is a few concepts (synonym
sets in three languages: a fee, an unfreeze or withdrawal, a condition such as 才能 / "before") that must
all occur, not negated, inside one window of the normalised text. A Bitpie "technical department" asking
for a 0.5 ETH "miner fee" before USDT can be unfrozen matches *fee + unlock + condition* whatever its
words. A family is also named when one of its red-flag rules fired, so every flag has a family. The
``impersonates`` concepts say who the text pretends to be (support, police, a teacher ...).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from walletcare.faq.cues import compile_cues
from walletcare.faq.localized import localized

_MAX_HITS = 40


@dataclass(frozen=True)
class Pattern:
    """Concepts that must co-occur within a window, and the severity that gives."""

    concepts: tuple[str, ...]
    severity: str
    window: int
    window_latin: int
    unless: tuple[str, ...] = ()


@dataclass(frozen=True)
class Family:
    """One scam family with its texts, its rules and its concept patterns."""

    id: str
    name: dict[str, str]
    why: dict[str, str]
    advice: dict[str, str]
    rules: tuple[str, ...]
    patterns: tuple[Pattern, ...]


@dataclass(frozen=True)
class FamilyHit:
    """A family found in a text: by its rules (``via_rules``) and/or by a pattern (with its severity and span)."""

    family: Family
    severity: str
    via_rules: bool
    span: tuple[int, int] | None


Negated = Callable[[str, int, int], bool]


def _mostly_latin(norm: str) -> bool:
    letters = sum(1 for c in norm if c.isalpha())
    cjk = sum(1 for c in norm if "\u4e00" <= c <= "\u9fff")
    return letters > 0 and cjk * 4 < letters


class FamilyMatcher:
    """Compiled concepts and families; :meth:`find` lists the families in a normalised text."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        window = int(data.get("window", 70))
        window_latin = int(data.get("window_latin", 170))
        self.concepts: dict[str, re.Pattern[str]] = {}
        for name, cues in (data.get("concepts") or {}).items():
            pattern = compile_cues(cues or ())
            if pattern is not None:
                self.concepts[str(name)] = pattern
        families = []
        for item in data.get("families") or ():
            patterns = []
            for p in item.get("patterns") or ():
                concepts = tuple(str(c) for c in p["all"])
                unless = tuple(str(c) for c in p.get("unless") or ())
                unknown = [c for c in concepts + unless if c not in self.concepts]
                if unknown:
                    raise ValueError(f"family {item['id']}: unknown concepts {unknown}")
                patterns.append(Pattern(concepts, str(p.get("severity", "medium")), int(p.get("window", window)),
                                        int(p.get("window_latin", window_latin)), unless))
            families.append(Family(str(item["id"]), localized(item["name"]), localized(item["why"]),
                                   localized(item["advice"]), tuple(str(r) for r in item.get("rules") or ()),
                                   tuple(patterns)))
        self.families = tuple(families)
        self.by_id = {f.id: f for f in self.families}
        self.impersonation = {str(k): p for k, v in (data.get("impersonates") or {}).items()
                              if (p := compile_cues(v or ())) is not None}

    def _hits(self, concept: str, norm: str, negated: Negated, cache: dict[str, list[tuple[int, int]]],
              prefix: str = "") -> list[tuple[int, int]]:
        key = prefix + concept
        if key not in cache:
            spans = []
            for m in self.concepts[concept].finditer(norm):
                if m.end() > m.start() and not negated(norm, m.start(), m.end()):
                    spans.append(m.span())
                    if len(spans) >= _MAX_HITS:
                        break
            cache[key] = spans
        return cache[key]

    def _match(self, pattern: Pattern, norm: str, latin: bool, negated: Negated,
               cache: dict[str, list[tuple[int, int]]]) -> tuple[int, int] | None:
        window = pattern.window_latin if latin else pattern.window
        lists = []
        for concept in pattern.concepts:  # stop at the first concept missing, before scanning for the others
            hits = self._hits(concept, norm, negated, cache)
            if not hits:
                return None
            lists.append(hits)
        # Anchor on each hit of the first concept; every other concept needs a hit whose span, with the
        # anchor's, fits in the window.
        for start, end in lists[0]:
            lo, hi = start, end
            ok = True
            for spans in lists[1:]:
                best = None
                for s, e in spans:
                    if max(hi, e) - min(lo, s) <= window and (e <= start or s >= end):
                        width = max(hi, e) - min(lo, s)
                        if best is None or width < best[0]:
                            best = (width, s, e)
                if best is None:
                    ok = False
                    break
                lo, hi = min(lo, best[1]), max(hi, best[2])
            if ok and not self._excepted(pattern, norm, lo, hi, window, negated, cache):
                return lo, hi
        return None

    def _excepted(self, pattern: Pattern, norm: str, lo: int, hi: int, window: int, negated: Negated,
                  cache: dict[str, list[tuple[int, int]]]) -> bool:
        """True when an ``unless`` concept occurs near the match (a fee "deducted from the amount")."""
        reach = window
        # an exception counts even next to a negation: "扣除，不需另外汇款" is still a fee deducted
        return any(lo - reach <= s and e <= hi + reach
                   for concept in pattern.unless for s, e in self._hits(concept, norm, _never, cache, "unless:"))

    def find(self, norm: str, fired_rules: Iterable[str], negated: Negated) -> list[FamilyHit]:
        """The families in a normalised text.

        Args:
            norm: the text in the checker's normal form.
            fired_rules: ids of the red-flag rules and shape detectors that fired.
            negated: tells whether a match at (start, end) is negated ("never pay a fee").

        Returns:
            One hit per family found, rule-backed first, then by severity.
        """
        fired = set(fired_rules)
        latin = _mostly_latin(norm)
        cache: dict[str, list[tuple[int, int]]] = {}
        hits = []
        for family in self.families:
            via_rules = bool(fired.intersection(family.rules))
            best: FamilyHit | None = None
            for pattern in family.patterns:
                span = self._match(pattern, norm, latin, negated, cache)
                if span is not None and (best is None or _rank(pattern.severity) > _rank(best.severity)):
                    best = FamilyHit(family, pattern.severity, via_rules, span)
            if best is not None:
                hits.append(best)
            elif via_rules:
                hits.append(FamilyHit(family, "", True, None))
        return hits

    def impersonates(self, norm: str) -> list[str]:
        """Who the text pretends to be (``platform-support``, ``police-regulator``, ``teacher`` ...)."""
        return [name for name, pattern in self.impersonation.items() if pattern.search(norm)]


def _never(norm: str, start: int, end: int) -> bool:
    return False


def _rank(severity: str) -> int:
    return ("", "low", "medium", "high").index(severity)
