"""Levenshtein edit distance with an early exit, shared by English typo correction in search and the
look-alike domain check of the scam checker."""

from __future__ import annotations


def edit_distance(a: str, b: str, limit: int = 99) -> int:
    """Levenshtein distance between ``a`` and ``b``, or ``limit + 1`` as soon as it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]
