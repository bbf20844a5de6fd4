"""How the help search scores articles, as Whoosh parts:

- :class:`FieldBM25F`, a Whoosh weighting model: BM25F with a boost and a length normalisation (B) per field
  (titles and keyword lists barely penalised for length, the body most);
- :class:`FusedTerms`, a Whoosh query over weighted terms. Each term is looked up in several fields; the best
  field counts fully and the others at ``FIELD_TIEBREAK`` (disjunction-max with tie-break: Whoosh's own
  ``DisjunctionMax`` ignores its ``tiebreak``). Term scores are weighted (a typed word 1.0, a typo
  correction and synonyms less) and added, then scaled by how much of the query's weight the article
  matched (coordination: an article meeting every term keeps its score, one meeting half keeps 75 %).

The query scores the postings of one language's documents (they are contiguous in the index) and hands
the searcher a matcher over the scored documents; the searcher's collector applies filters and picks the
best.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from whoosh.matching import ListMatcher, NullMatcher
from whoosh.query import Query
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F, WeightLengthScorer, bm25

K1 = 1.2
# field: (boost, B)
FIELD_WEIGHTS: dict[str, tuple[float, float]] = {
    "title": (4.0, 0.5), "keywords": (3.0, 0.2), "summary": (1.5, 0.5), "body": (1.0, 0.75), "chars": (2.0, 0.75),
}
TEXT_FIELDS = ("title", "keywords", "summary", "body")
CHAR_FIELDS = ("chars",)
FIELD_TIEBREAK = 0.3
COORDINATION = 0.5


class BoostedBM25FScorer(WeightLengthScorer):
    """Whoosh's BM25F (``whoosh.scoring.bm25``, IDF as ``WeightingModel.idf``) times the field's boost, set up
    from the term's info when the caller has it (one term-table lookup instead of three), reading document
    lengths from a list decoded once per field.

    ``score`` is the same formula with its constants folded: boost · idf · (K1 + 1) · w / (w + K1 · (1 − B) +
    K1 · B · length / average length).
    """

    def __init__(self, searcher: Any, fieldname: str, text: str, boost: float, B: float, K1: float,
                 terminfo: Any = None, lengths: Sequence[float] | None = None) -> None:
        parent = searcher.get_parent()
        info = terminfo if terminfo is not None else searcher.term_info(fieldname, text)
        self.idf = math.log(parent.doc_count_all() / (info.doc_frequency() + 1)) + 1
        self.avgfl = parent.avg_field_length(fieldname) or 1
        self.boost, self.B, self.K1 = boost, B, K1
        self.lengths = lengths
        self.dfl = lambda docid: searcher.doc_field_length(docid, fieldname, 1)
        self._top = boost * self.idf * (K1 + 1)
        self._base = K1 * (1 - B)
        self._per_length = K1 * B / self.avgfl
        self._maxquality = self._score(info.max_weight(), info.min_length())

    def _score(self, weight: float, length: float) -> float:
        score: float = self.boost * bm25(self.idf, weight, length, self.avgfl, self.B, self.K1)
        return score

    def score(self, matcher: Any) -> float:
        if self.lengths is None:
            fallback: float = super().score(matcher)
            return fallback
        weight: float = matcher.weight()
        scored: float = self._top * weight / (weight + self._base + self._per_length * self.lengths[matcher.id()])
        return scored


class FieldBM25F(BM25F):
    """BM25F with a boost and a B per field (:data:`FIELD_WEIGHTS`); keeps each field's document lengths of
    the last reader it scored for."""

    def __init__(self, fields: dict[str, tuple[float, float]] | None = None, K1: float = K1) -> None:
        super().__init__(B=0.75, K1=K1)
        self.fields = dict(FIELD_WEIGHTS if fields is None else fields)
        self._reader: Any = None
        self._lengths: dict[str, list[float]] = {}

    def lengths(self, searcher: Any, fieldname: str) -> list[float]:
        """Every document's length of ``fieldname`` (as Whoosh stores it, one byte per document)."""
        reader = searcher.reader()
        if reader is not self._reader:
            self._reader, self._lengths = reader, {}
        if fieldname not in self._lengths:
            self._lengths[fieldname] = [reader.doc_field_length(doc, fieldname, 0) or 0
                                        for doc in range(reader.doc_count_all())]
        return self._lengths[fieldname]

    def scorer(self, searcher: Any, fieldname: str, text: Any, qf: float = 1, terminfo: Any = None) -> Any:
        boost, b = self.fields.get(fieldname, (1.0, self.B))
        lengths = self.lengths(searcher, fieldname) if searcher.get_parent() is searcher else None
        return BoostedBM25FScorer(searcher, fieldname, text, boost, b, self.K1, terminfo, lengths)


class ScoredListMatcher(ListMatcher):
    """Whoosh's list matcher over documents with their final scores, its best score known (Whoosh's own
    recomputes the maximum over the whole list each time the collector asks)."""

    def __init__(self, ids: list[int], scores: list[float]) -> None:
        super().__init__(ids, scores)
        self._best = max(scores)

    def max_quality(self) -> float:
        return self._best

    def block_max_weight(self) -> float:
        return self._best

    def copy(self) -> ScoredListMatcher:
        twin = ScoredListMatcher(self._ids, self._weights)
        twin._i = self._i
        return twin


class FusedTerms(Query):
    """Weighted terms, each scored over its fields (best + tie-break), with coordination.

    Args:
        terms: ``(text, weight, fields)`` triples; ``fields`` are the fields the term is looked up in.
        docs: the document numbers to score (``range`` of one language), or None for every document.
    """

    def __init__(self, terms: Sequence[tuple[str, float, tuple[str, ...]]], docs: range | None = None,
                 tiebreak: float = FIELD_TIEBREAK, coordination: float = COORDINATION) -> None:
        self.terms_ = tuple(terms)
        self.docs = docs
        self.tiebreak = tiebreak
        self.coordination = coordination
        self.boost = 1.0

    def __repr__(self) -> str:
        return f"FusedTerms({self.terms_!r}, docs={self.docs!r})"

    def __eq__(self, other: object) -> bool:
        return (type(other) is type(self) and other.terms_ == self.terms_ and other.docs == self.docs
                and other.tiebreak == self.tiebreak and other.coordination == self.coordination)

    def __hash__(self) -> int:
        return hash((self.terms_, self.docs, self.tiebreak, self.coordination))

    def is_leaf(self) -> bool:
        return True

    def terms(self, phrases: bool = False) -> Any:
        for text, _weight, fields in self.terms_:
            for field in fields:
                yield field, text

    def estimate_size(self, ixreader: Any) -> int:
        size: int = ixreader.doc_count_all()
        return size

    def scores(self, searcher: Any) -> dict[int, float]:
        """Document number → score, for every document of ``docs`` that meets at least one term."""
        reader = searcher.reader()
        weighting = searcher.weighting
        low, high = (self.docs.start, self.docs.stop) if self.docs is not None else (0, reader.doc_count_all())
        sums: dict[int, float] = {}
        matched: dict[int, float] = {}
        total_weight = 0.0
        tiebreak = self.tiebreak
        for text, weight, fields in self.terms_:
            total_weight += weight
            best: dict[int, float] = {}
            total: dict[int, float] = {}
            for field in fields:
                try:
                    info = reader.term_info(field, text)
                except TermNotFound:
                    continue
                matcher = reader.postings(field, text, scorer=weighting.scorer(searcher, field, text, terminfo=info))
                if low and matcher.is_active():
                    matcher.skip_to(low)
                while matcher.is_active():
                    doc = matcher.id()
                    if doc >= high:
                        break
                    score = matcher.score()
                    if score > best.get(doc, 0.0):
                        best[doc] = score
                    total[doc] = total.get(doc, 0.0) + score
                    matcher.next()
            for doc, top in best.items():
                sums[doc] = sums.get(doc, 0.0) + weight * (top + tiebreak * (total[doc] - top))
                matched[doc] = matched.get(doc, 0.0) + weight
        if not sums or not total_weight:
            return {}
        keep, share = 1.0 - self.coordination, self.coordination / total_weight
        return {doc: value * (keep + share * matched[doc]) for doc, value in sums.items()}

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        scored = self.scores(searcher)
        if not scored:
            return NullMatcher()
        ids = sorted(scored)
        return ScoredListMatcher(ids, [scored[doc] for doc in ids])
