"""The three-language synonym table of the help search (``resources/search/synonyms.yaml``): groups of
words people type for the same thing (seed phrase = mnemonic = 助记词 = 助記詞), used to widen a query, and
the scope prefixes (``paypal:``, ``支付宝：``) that restrict a search to one wallet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from walletcare.faq.analysis import is_han, latin_term, normalize, pieces, terms


@dataclass(frozen=True)
class Phrase:
    """One entry of a group: its normalised text and its index terms."""

    text: str
    han: bool
    terms: tuple[str, ...]


def _latin_key(normalized: str) -> str:
    """Stemmed Latin words of ``normalized`` joined by spaces, padded for whole-word ``in`` tests."""
    words = [t for t in (latin_term(p) for p in pieces(normalized) if not is_han(p)) if t]
    return " " + " ".join(words) + " "


class SynonymTable:
    """Synonym groups and wallet scopes. Load with :meth:`load`; immutable afterwards."""

    def __init__(self, groups: list[list[str]], scopes: dict[str, list[str]]) -> None:
        self.groups: list[tuple[Phrase, ...]] = []
        for group in groups:
            phrases = []
            for raw in group:
                text = normalize(str(raw)).strip()
                found = tuple(terms(text, normalized=True))
                if found:
                    phrases.append(Phrase(text, any(is_han(p) for p in pieces(text)), found))
            if len(phrases) > 1:
                self.groups.append(tuple(phrases))
        self._index: tuple[re.Pattern[str] | None, dict[str, list[int]], dict[str, list[int]]] | None = None
        self.scopes: dict[str, str] = {}
        for wallet, names in scopes.items():
            for name in [wallet, *names]:
                self.scopes[normalize(str(name)).strip()] = wallet

    @classmethod
    def load(cls, path: Path | None = None) -> SynonymTable:
        """Reads the table (default: the shipped ``search/synonyms.yaml``)."""
        import yaml

        if path is None:
            from walletcare import resources

            path = resources.path("search/synonyms.yaml")
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        return cls(list(data.get("groups") or []), dict(data.get("scopes") or {}))

    def to_data(self) -> dict[str, object]:
        """The prepared table as plain tuples and dicts (stored with the compiled index)."""
        return {"groups": [tuple((p.text, p.han, p.terms) for p in g) for g in self.groups], "scopes": self.scopes}

    @classmethod
    def from_data(cls, data: dict[str, object]) -> SynonymTable:
        """The table from :meth:`to_data` output, without normalising anything again."""
        table = cls([], {})
        table.groups = [tuple(Phrase(t, h, tuple(terms_)) for t, h, terms_ in g)
                        for g in data["groups"]]  # type: ignore[attr-defined]
        table.scopes = dict(data["scopes"])  # type: ignore[call-overload]
        return table

    def _lookup(self) -> tuple[re.Pattern[str] | None, dict[str, list[int]], dict[str, list[int]]]:
        """Han phrase pattern (overlapping matches), Han phrase → groups, Latin term key → groups."""
        if self._index is None:
            han: dict[str, list[int]] = {}
            latin: dict[str, list[int]] = {}
            for number, group in enumerate(self.groups):
                for phrase in group:
                    target = han if phrase.han else latin
                    key = phrase.text if phrase.han else " ".join(phrase.terms)
                    target.setdefault(key, []).append(number)
            alternatives = "|".join(map(re.escape, sorted(han, key=len, reverse=True)))
            pattern = re.compile(f"(?=({alternatives}))") if han else None
            self._index = (pattern, han, latin)
        return self._index

    def expand(self, normalized_query: str) -> list[str]:
        """Terms of the synonyms of every phrase found in the (normalised) query, without duplicates.

        A Han phrase matches as a substring; a Latin phrase matches whole stemmed words.
        """
        pattern, han, latin = self._lookup()
        groups: set[int] = set()
        if pattern is not None:
            for match in pattern.finditer(normalized_query):
                groups.update(han[match.group(1)])
                for other in han:  # shorter phrases inside a longer match at the same place
                    if len(other) < len(match.group(1)) and match.group(1).startswith(other):
                        groups.update(han[other])
        words = _latin_key(normalized_query).split()
        for size in range(1, 5):
            for start in range(len(words) - size + 1):
                groups.update(latin.get(" ".join(words[start : start + size]), ()))
        own = set(terms(normalized_query, normalized=True))
        extra: list[str] = []
        for number in sorted(groups):
            for phrase in self.groups[number]:
                for term in phrase.terms:
                    if term not in own and term not in extra:
                        extra.append(term)
        return extra

    def scope(self, prefix: str) -> str | None:
        """The wallet id a scope prefix names (``paypal``, ``支付宝``, ``支付寶`` ...), else None."""
        return self.scopes.get(normalize(prefix).strip())
