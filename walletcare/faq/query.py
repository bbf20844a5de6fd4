"""Turning what a user typed into a search plan: the wallet scope prefix (``paypal:``, ``支付宝：``), the
query's own terms, English typo corrections looked up in the index vocabulary (with the corrected query for
"did you mean"), and the synonym terms that widen it. Independent of the search library.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from walletcare.faq.analysis import han_terms, is_han, latin_term, normalize, pieces
from walletcare.faq.synonyms import SynonymTable

RARE = 2
_SCOPE = re.compile(r"^\s*([^\s:：]{1,24})\s*[:：]\s*(.*)$", re.S)


@dataclass
class QueryPlan:
    """What to search for."""

    text: str = ""
    terms: list[str] = field(default_factory=list)
    fuzzy: list[str] = field(default_factory=list)
    expansions: list[str] = field(default_factory=list)
    scope: str | None = None
    corrections: dict[str, str] = field(default_factory=dict)
    did_you_mean: str | None = None


def analyse_query(
    text: str,
    synonyms: SynonymTable,
    known: Callable[[str], int],
    fuzzy: Callable[[str], tuple[str, str] | None],
) -> QueryPlan:
    """Builds the plan for ``text``.

    Args:
        text: the query as typed.
        synonyms: the synonym table (scopes and groups).
        known: in how many field postings a term occurs in the index (0: unknown).
        fuzzy: for an unknown English word, the closest indexed term and its surface word, or None.
    """
    plan = QueryPlan()
    body = text
    match = _SCOPE.match(text)
    if match and synonyms.scope(match.group(1)):
        plan.scope = synonyms.scope(match.group(1))
        body = match.group(2)
    normalized = normalize(body)
    plan.text = " ".join(normalized.split())
    corrected_words: list[str] = []
    for piece in pieces(normalized):
        if is_han(piece):
            for han_term in han_terms(piece):
                if han_term not in plan.terms:
                    plan.terms.append(han_term)
            corrected_words.append(piece)
            continue
        term = latin_term(piece)
        corrected_words.append(piece)
        if not term:
            continue
        if term not in plan.terms:
            plan.terms.append(term)
        frequency = known(term) if piece.isalpha() and len(piece) >= 4 else RARE + 1
        if frequency <= RARE:  # unknown or rare (a typo kept as a synonym): also search the close word
            found = fuzzy(piece)
            if found and found[0] != term and found[0] not in plan.fuzzy:
                plan.fuzzy.append(found[0])
                if frequency == 0:
                    plan.corrections[piece] = found[1]
                    corrected_words[-1] = found[1]
    widened = normalized + " " + " ".join(corrected_words)
    plan.expansions = [t for t in synonyms.expand(widened) if t not in plan.terms and t not in plan.fuzzy]
    if plan.corrections:
        suggestion = body
        for wrong, right in plan.corrections.items():
            suggestion = re.sub(r"(?<![A-Za-z])" + re.escape(wrong) + r"(?![A-Za-z])", right, suggestion, flags=re.I)
        plan.did_you_mean = (match.group(1) + ": " if plan.scope and match else "") + suggestion.strip()
    return plan
