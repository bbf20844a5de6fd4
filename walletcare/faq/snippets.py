"""Search-result snippets: the window of an article's plain text where most of the query's terms meet,
returned as plain text plus highlight spans (``(start, end)`` character offsets into the snippet). The UI
renders the spans itself; :func:`to_html` gives the simple ``<b>`` markup form.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import lru_cache

from walletcare.faq.analysis import is_han, normalize

Span = tuple[int, int]


MAX_OCCURRENCES = 40
_CJK = re.compile("[\u4e00-\u9fff]")


@lru_cache(maxsize=256)
def _latin_pattern(needles: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for every Latin needle: a word starting with the stem."""
    latin = sorted((n for n in needles if n and not is_han(n)), key=len, reverse=True)
    if not latin:
        return None
    return re.compile(r"(?<![a-z0-9])(" + "|".join(map(re.escape, latin)) + r")[a-z0-9']*")


def find_spans(text: str, needles: Iterable[str], folded: str | None = None) -> list[tuple[int, int, str]]:
    """Occurrences of the needles in ``text`` (matched on its normalised form) as ``(start, end, needle)``.

    Han needles match literally (after Traditional → Simplified), overlapping; Latin needles are stems and
    match any word starting with them (``withdraw`` finds "withdrawal"). ``folded`` is ``normalize(text)``
    when the caller has it already.
    """
    if folded is None:
        folded = normalize(text)
    if len(folded) != len(text):  # a rare conversion changed the length: offsets would drift
        folded = text.lower()
    unique = tuple(sorted(set(needles)))
    latin_re = _latin_pattern(unique)
    found: list[tuple[int, int, str]] = []
    for needle in unique:
        if not is_han(needle):
            continue
        start, seen = folded.find(needle), 0
        while start != -1 and seen < MAX_OCCURRENCES:
            found.append((start, start + len(needle), needle))
            start, seen = folded.find(needle, start + 1), seen + 1
    if latin_re is not None:
        for match in latin_re.finditer(folded):
            found.append((match.start(), match.end(), match.group(1)))
    return sorted(found)


def merge(spans: Iterable[Span]) -> list[Span]:
    """Sorted, overlapping or touching spans merged."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def make_snippet(text: str, needles: Iterable[str], width: int | None = None,
                 folded: str | None = None) -> tuple[str, list[Span]]:
    """The best window of ``text`` for the needles, with highlight spans relative to the window.

    Args:
        text: plain text (newlines are turned into spaces).
        needles: normalised query terms (Han bigrams or characters, Latin stems).
        width: window length in characters; default 64 for Chinese text, 150 for Latin text.
        folded: ``normalize(text)`` if already known (saves the conversion).

    Returns:
        ``(snippet, spans)``; the snippet starts/ends with "…" when cut. Without any match, the start of
        the text and no spans.
    """
    flat = text if folded is not None else re.sub(r"\s+", " ", text).strip()
    if width is None:
        han_share = len(_CJK.findall(flat, 0, 200)) / max(len(flat[:200]), 1)
        width = 64 if han_share > 0.3 else 150
    if folded is not None and len(folded) != len(flat):
        folded = None
    hits = find_spans(flat, set(needles), folded)
    if not hits:
        cut = flat[:width]
        return (cut + ("…" if len(flat) > width else "")), []
    best_start, best_score = hits[0][0], -1
    counts: dict[str, int] = {}
    right = 0
    for left, (start, _end, _needle) in enumerate(hits):  # sliding window: most distinct needles
        while right < len(hits) and hits[right][1] <= start + width:
            counts[hits[right][2]] = counts.get(hits[right][2], 0) + 1
            right += 1
        if len(counts) > best_score:
            best_start, best_score = start, len(counts)
        if right > left:
            name = hits[left][2]
            counts[name] -= 1
            if not counts[name]:
                del counts[name]
    # step back to a sentence start when one is near, so the snippet reads naturally
    lead = max(0, best_start - width // 4)
    boundary = max(flat.rfind(mark, lead, best_start) for mark in "。！？；.!?;:：")
    start = boundary + 1 if boundary >= lead else lead
    while start < len(flat) and flat[start] == " ":
        start += 1
    end = min(len(flat), start + width)
    if end < len(flat) and not is_han(flat[end - 1 : end]):
        space = flat.rfind(" ", start + width // 2, end)
        end = space if space > 0 else end
    window = flat[start:end]
    prefix = "…" if start > 0 else ""
    spans = merge((s - start + len(prefix), min(e, end) - start + len(prefix)) for s, e, _n in hits
                  if s >= start and s < end)
    return prefix + window + ("…" if end < len(flat) else ""), spans


def to_html(snippet: str, spans: Iterable[Span]) -> str:
    """The snippet escaped for HTML with every span in ``<b>``."""
    out, last = [], 0
    for start, end in merge(spans):
        out.append(html.escape(snippet[last:start], quote=False))
        out.append("<b>" + html.escape(snippet[start:end], quote=False) + "</b>")
        last = end
    out.append(html.escape(snippet[last:], quote=False))
    return "".join(out)


def to_terminal(snippet: str, spans: Iterable[Span], *, color: bool) -> str:
    """The snippet for a terminal: spans in bold (ANSI) when ``color``, else between 【】 brackets."""
    open_mark, close_mark = ("\x1b[1m", "\x1b[0m") if color else ("【", "】")
    out, last = [], 0
    for start, end in merge(spans):
        out += [snippet[last:start], open_mark, snippet[start:end], close_mark]
        last = end
    out.append(snippet[last:])
    return "".join(out)
