"""How the help search scores articles.

Scores are computed when the index is built, as each term's *impact* in each document (the weight of its
posting), and added up when a query is answered:

- :class:`FieldStats` holds the statistics of the corpus (per field: how many documents hold each term, the
  total length) and gives a document's impacts: per term BM25F with a boost and a length normalisation (B)
  per field (titles and keyword lists barely penalised for length, the body most), the best field counting
  fully and the others at ``FIELD_TIEBREAK`` (disjunction-max with tie-break). Lengths are quantised the way
  Whoosh stores them (one byte per document and field).
- The index holds one Whoosh field of text terms (``terms``, fused over title, keywords, summary and body)
  and one of single Han characters (``chars``); the posting weight is the impact, so Whoosh's ``Frequency``
  weighting (score = weight) scores any Whoosh query over them.
- :class:`FusedTerms`, a Whoosh query over weighted terms: term impacts are weighted (a typed word 1.0, a
  typo correction and synonyms less) and added, then scaled by how much of the query's weight the article
  matched (coordination: an article meeting every term keeps its score, one meeting half keeps 75 %). It
  reads one language's stretch of each posting list a block at a time and hands the searcher a matcher over
  the best scored documents; the searcher's collector applies the filters and orders them.
"""

from __future__ import annotations

import heapq
import math
import zlib
from collections.abc import Iterator, Mapping, Sequence
from itertools import accumulate
from pickle import loads
from typing import Any

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.fields import FieldType
from whoosh.formats import Existence
from whoosh.matching import ListMatcher, NullMatcher
from whoosh.query import Query
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length, length_to_byte

K1 = 1.2
# field: (boost, B)
FIELD_WEIGHTS: dict[str, tuple[float, float]] = {
    "title": (4.0, 0.5), "keywords": (3.0, 0.2), "summary": (1.5, 0.5), "body": (1.0, 0.75), "chars": (2.0, 0.75),
}
TEXT_FIELDS = ("title", "keywords", "summary", "body")  # the article's parts whose terms go into TERMS
CHAR_FIELDS = ("chars",)
TERMS = "terms"  # index field: text terms (Han bigrams, Latin stems), impact fused over TEXT_FIELDS
CHARS = "chars"  # index field: single Han characters, impact from the ``chars`` part
FIELD_TIEBREAK = 0.3
COORDINATION = 0.5

Counts = Mapping[str, Mapping[str, int]]  # part ("title", "body", ...) → term → frequency


def quantised(length: int) -> float:
    """A length as Whoosh stores it (one byte per document and field: exact up to 8, coarser above)."""
    value: float = byte_to_length(length_to_byte(length))
    return value


class ImpactField(FieldType):
    """A Whoosh field whose value is a mapping term → impact, indexed as given: one posting per term with the
    impact as its weight (read with ``matcher.weight()``; no analysis at write time, no positions). Marked
    scorable only so that Whoosh writes its length column (a byte per document): without one, Whoosh's
    writer looks for the file on disk once per posting."""

    def __init__(self) -> None:
        super().__init__(format=Existence(), analyzer=None, scorable=True)

    def index(self, value: Mapping[str, float], **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        for term, impact in value.items():
            yield term.encode("utf-8"), 1, impact, b""


class FieldStats:
    """Corpus statistics per part (documents per term, total length), gathered with :meth:`add`; then
    :meth:`impacts` scores a document's terms with BM25F (``FIELD_WEIGHTS``, best part + tie-break)."""

    def __init__(self, fields: Mapping[str, tuple[float, float]] | None = None, K1: float = K1,
                 tiebreak: float = FIELD_TIEBREAK) -> None:
        self.fields = dict(FIELD_WEIGHTS if fields is None else fields)
        self.K1 = K1
        self.tiebreak = tiebreak
        self.documents = 0
        self.frequency: dict[str, dict[str, int]] = {name: {} for name in self.fields}
        self.total_length: dict[str, int] = dict.fromkeys(self.fields, 0)

    def add(self, counts: Counts) -> None:
        """Counts one document (its terms per part)."""
        self.documents += 1
        for part, found in counts.items():
            frequency = self.frequency[part]
            for term in found:
                frequency[term] = frequency.get(term, 0) + 1
            self.total_length[part] += sum(found.values())

    def idf(self, part: str, term: str) -> float:
        """Whoosh's BM25 IDF: log(N / (df + 1)) + 1."""
        return math.log(self.documents / (self.frequency[part].get(term, 0) + 1)) + 1

    def part_scores(self, part: str, found: Mapping[str, int]) -> dict[str, float]:
        """BM25 of each term of one part of a document, times the part's boost."""
        boost, b = self.fields[part]
        k1 = self.K1
        average = self.total_length[part] / (self.documents or 1) or 1
        length = quantised(sum(found.values()))
        denominator = k1 * (1 - b) + k1 * b / average * length
        return {term: boost * self.idf(part, term) * (k1 + 1) * tf / (tf + denominator)
                for term, tf in found.items()}

    def impacts(self, counts: Counts, parts: Sequence[str]) -> dict[str, float]:
        """Term → its score in this document over ``parts``: the best part plus ``tiebreak`` × the others."""
        best: dict[str, float] = {}
        total: dict[str, float] = {}
        for part in parts:
            for term, score in self.part_scores(part, counts.get(part, {})).items():
                if score > best.get(term, 0.0):
                    best[term] = score
                total[term] = total.get(term, 0.0) + score
        tiebreak = self.tiebreak
        return {term: top + tiebreak * (total[term] - top) for term, top in best.items()}


def posting_blocks(matcher: Any, low: int, high: int) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
    """The postings of ``matcher`` with ``low <= id < high`` as ``(ids, weights)``, a block at a time.

    Reads Whoosh 3 posting blocks whole (skipping the blocks before ``low`` by their last id) instead of
    one posting per call; any other matcher (an inlined one-posting list) is read through the Matcher API.
    """
    if isinstance(matcher, W3LeafMatcher) and not matcher._byteids:
        while matcher.is_active() and matcher.block_max_id() < low:
            matcher._next_block()
        while matcher.is_active():
            data = matcher._postfile.get(matcher._dataoffset, matcher._nextoffset - matcher._dataoffset)
            deltas, weights, _values = loads(zlib.decompress(data) if matcher._compression else data)
            ids: Sequence[int] = list(accumulate(deltas))
            if weights is None or isinstance(weights, float):
                weights = [1.0 if weights is None else weights] * len(ids)
            if ids[0] < low or ids[-1] >= high:
                kept = [i for i, doc in enumerate(ids) if low <= doc < high]
                ids, weights = [ids[i] for i in kept], [weights[i] for i in kept]
                if ids:
                    yield ids, weights
                if matcher.block_max_id() >= high:
                    return
            else:
                yield ids, weights
            matcher._next_block()
        return
    found: list[int] = []
    values: list[float] = []
    while matcher.is_active():
        doc = matcher.id()
        if doc >= high:
            break
        if doc >= low:
            found.append(doc)
            values.append(matcher.weight())
        matcher.next()
    if found:
        yield found, values


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
    """Weighted terms, their impacts added, with coordination.

    Args:
        terms: ``(text, weight, field)`` triples; ``field`` is :data:`TERMS` or :data:`CHARS`.
        docs: the document numbers to score (``range`` of one language), or None for every document.
        allowed: when given, only these document numbers are scored (the searcher's filter, applied early).
        top: when given, the matcher holds only the best ``top`` documents (ties: the lower number first,
            as Whoosh's collector orders them); the searcher's ``limit`` must not exceed it.
    """

    def __init__(self, terms: Sequence[tuple[str, float, str]], docs: range | None = None,
                 coordination: float = COORDINATION, allowed: set[int] | None = None,
                 top: int | None = None) -> None:
        self.terms_ = tuple(terms)
        self.docs = docs
        self.coordination = coordination
        self.allowed = allowed
        self.top = top
        self.boost = 1.0

    def __repr__(self) -> str:
        return f"FusedTerms({self.terms_!r}, docs={self.docs!r}, top={self.top!r})"

    def __eq__(self, other: object) -> bool:
        return (type(other) is type(self) and other.terms_ == self.terms_ and other.docs == self.docs
                and other.coordination == self.coordination and other.allowed == self.allowed
                and other.top == self.top)

    def __hash__(self) -> int:
        return hash((self.terms_, self.docs, self.coordination, self.top))

    def is_leaf(self) -> bool:
        return True

    def terms(self, phrases: bool = False) -> Any:
        for text, _weight, field in self.terms_:
            yield field, text

    def estimate_size(self, ixreader: Any) -> int:
        size: int = ixreader.doc_count_all()
        return size

    def scores(self, searcher: Any) -> dict[int, float]:
        """Document number → score, for the documents of ``docs`` (and ``allowed``) meeting a term."""
        reader = searcher.reader()
        low, high = (self.docs.start, self.docs.stop) if self.docs is not None else (0, reader.doc_count_all())
        sums = [0.0] * high
        matched = [0.0] * high
        total_weight = 0.0
        for text, weight, field in self.terms_:
            total_weight += weight
            try:
                postings = reader.postings(field, text)
            except TermNotFound:
                continue
            for ids, impacts in posting_blocks(postings, low, high):
                for doc, impact in zip(ids, impacts, strict=True):
                    sums[doc] += weight * impact
                    matched[doc] += weight
        if not total_weight:
            return {}
        keep, share = 1.0 - self.coordination, self.coordination / total_weight
        allowed = self.allowed
        if allowed is None:
            ranked = [(-sums[doc] * (keep + share * matched[doc]), doc) for doc in range(low, high) if matched[doc]]
        else:
            ranked = [(-sums[doc] * (keep + share * matched[doc]), doc) for doc in range(low, high)
                      if matched[doc] and doc in allowed]
        if self.top is not None and len(ranked) > self.top:
            ranked = heapq.nsmallest(self.top, ranked)  # best first, the lower number first among equals
        return {doc: -negated for negated, doc in ranked}

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        scored = self.scores(searcher)
        if not scored:
            return NullMatcher()
        ids = sorted(scored)
        return ScoredListMatcher(ids, [scored[doc] for doc in ids])
