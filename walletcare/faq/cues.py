"""Text normalisation and cue patterns shared by the scam checker's rules and scam families.

A text and every cue are matched in one normal form: NFKC, OpenCC t2s, lower case and Taiwan words
replaced by their mainland equivalents of the same length, so one cue list covers Simplified and
Traditional Chinese. A cue starting with ``re:`` is a regular expression over that form; any other cue is a
literal, fenced by word boundaries where it starts or ends with a Latin letter or digit.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from re import _constants, _parser  # type: ignore[attr-defined]
from typing import Any

from walletcare.faq.localized import to_simplified

# Taiwan words → mainland words of the same length, so one cue covers both (t2s changes only characters).
_VOCABULARY: tuple[tuple[str, str], ...] = (
    ("连结", "链接"), ("帐户", "账户"), ("帐号", "账号"), ("简讯", "短信"), ("萤幕", "屏幕"), ("网路", "网络"),
    ("讯息", "信息"), ("软体", "软件"), ("资讯", "信息"), ("登入", "登录"), ("视讯", "视频"), ("帐", "账"),
)


def normalize(text: str) -> str:
    """NFKC, Traditional → Simplified, lower case, Taiwan words → mainland words (the form rules match in).

    Args:
        text: any text.

    Returns:
        The normalised text (same length as the NFKC form for Chinese and Latin text).
    """
    text = to_simplified(unicodedata.normalize("NFKC", text)).lower()
    for taiwan, mainland in _VOCABULARY:
        text = text.replace(taiwan, mainland)
    return text


def compile_cues(cues: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for a list of cues; literal cues sit behind a look-ahead on their first characters, so
    most positions of a text are rejected at once, and are grouped by that character, so a position is tried
    only against the literals that start with it (Python's ``re`` has no multi-literal search).

    Args:
        cues: literal cues (normalised here) and ``re:`` regular expressions.

    Returns:
        The compiled alternation, or None for an empty list.
    """
    groups: dict[str, set[str]] = {}  # first character -> the rest of each literal starting with it
    regexes: list[str] = []
    for cue in map(str, cues):
        if cue.startswith("re:"):
            regexes.append(f"(?:{cue[3:]})")
            continue
        norm = normalize(cue)
        if not norm:
            continue
        tail = r"(?![a-z0-9])" if norm[-1:].isascii() and norm[-1:].isalnum() else ""
        groups.setdefault(norm[0], set()).add(re.escape(norm[1:]) + tail)
    # runs of alternatives (the literals, then the regular expressions in their order) whose first characters are
    # known sit behind one look-ahead on those characters; the order of the alternatives is kept
    runs: list[tuple[set[str] | None, list[str]]] = []
    if groups:
        # one branch per first character, its literals longest first: a position is tried against the few
        # literals sharing its character, not against all of them
        branches = []
        for first in sorted(groups):
            lead = r"(?<![a-z0-9])" if first.isascii() and first.isalnum() else ""
            rests = sorted(groups[first], key=lambda r: (-len(r), r))
            branches.append(lead + re.escape(first) + ("(?:" + "|".join(rests) + ")" if rests != [""] else ""))
        runs.append((set(groups), branches))
    for regex in regexes:
        starts = _first_chars(regex)
        last = runs[-1][0] if runs else None
        if starts is not None and last is not None:
            last.update(starts)
            runs[-1][1].append(regex)
        else:
            runs.append((set(starts) if starts is not None else None, [regex]))
    parts = []
    for heads, alternatives in runs:
        if heads is None:
            parts += alternatives
        else:
            head = "".join(re.escape(c) for c in sorted(heads))
            parts.append(f"(?=[{head}])(?:" + "|".join(alternatives) + ")")
    return re.compile("|".join(parts)) if parts else None


_MAX_HEADS = 64


def _first_chars(regex: str) -> frozenset[str] | None:
    """The characters a match of ``regex`` can start with, or None when they are not a short, certain list
    (a class such as ``\\w`` or ``[^…]``, an optional start, a large range)."""
    try:
        parsed = _parser.parse(regex)
    except re.error:
        return None
    return _heads(list(parsed))


def _heads(items: list[Any]) -> frozenset[str] | None:
    for op, arg in items:
        if op in (_constants.AT, _constants.ASSERT, _constants.ASSERT_NOT):
            continue  # zero-width: the next item consumes the first character
        if op is _constants.LITERAL:
            return frozenset(chr(arg))
        if op is _constants.IN:
            chars: set[str] = set()
            for kind, value in arg:
                if kind is _constants.LITERAL:
                    chars.add(chr(value))
                elif kind is _constants.RANGE and value[1] - value[0] < _MAX_HEADS:
                    chars.update(chr(c) for c in range(value[0], value[1] + 1))
                else:
                    return None
            return frozenset(chars)
        if op is _constants.SUBPATTERN:
            return _heads(list(arg[-1]))
        if op is _constants.BRANCH:
            found: set[str] = set()
            for branch in arg[1]:
                heads = _heads(list(branch))
                if heads is None:
                    return None
                found |= heads
            return frozenset(found) if len(found) <= _MAX_HEADS else None
        if op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT) and arg[0] >= 1:
            return _heads(list(arg[2]))
        return None
    return None
