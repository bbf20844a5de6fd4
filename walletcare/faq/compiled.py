"""The compiled form of the search index that queries read. After Whoosh has built the index, every term's
BM25F contribution to every document is computed once from Whoosh's own statistics (field boosts, per-field
length normalisation, the best field counting fully and the others at ``FIELD_TIEBREAK``) and written as
flat arrays beside it, with the documents' display data and the synonym table. A query is then a few
array reads and additions: no Whoosh, YAML or per-query matcher set-up on the query path, which keeps the
first query of a process and every keystroke fast.

Files in the index folder: ``compiled.meta`` (marshal: term table, documents, vocabulary, synonyms) and
``compiled.bin`` (per term: document numbers as uint32, then scores as float32; then the UTF-8 texts).
"""

from __future__ import annotations

import heapq
import marshal
import math
from array import array
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

FORMAT = 3
K1 = 1.2
# field, boost, BM25 length normalisation (titles and keyword lists barely penalised for length)
FIELDS: tuple[tuple[str, float, float], ...] = (
    ("title", 4.0, 0.5), ("keywords", 3.0, 0.2), ("summary", 1.5, 0.5), ("body", 1.0, 0.75),
)
CHAR_FIELD = ("chars", 2.0, 0.75)
CHAR_PREFIX = "\x01"
LANG_SEPARATOR = "\x02"
LANGS = ("zh-CN", "zh-TW", "en")
FIELD_TIEBREAK = 0.3
COORDINATION = 0.5


def _bm25(idf: float, tf: float, length: float, average: float, b: float) -> float:
    return idf * (tf * (K1 + 1)) / (tf + K1 * ((1 - b) + b * length / average))


def compile_index(reader: Any, folder: Path, documents: Sequence[dict[str, Any]], extra: dict[str, Any],
                  progress: Callable[[int, int], None] | None = None) -> None:
    """Writes ``compiled.meta`` and ``compiled.bin`` from an open Whoosh reader of a fresh index.

    Args:
        reader: the Whoosh reader (one segment, documents in the order of ``documents``).
        folder: the index folder.
        documents: per document number: ``id, lang, title, summary, category, wallets, applies_to,
            phrases, text, folded``.
        extra: more entries for the meta file (vocabulary, synonyms, scopes).
        progress: called as ``progress(done, total)`` over the terms.
    """
    count = reader.doc_count_all()
    stored = [(f.get("id"), f.get("lang")) for f in reader.all_stored_fields()]
    if stored != [(d["id"], d["lang"]) for d in documents]:
        raise ValueError("the index and the document list differ")
    lengths = {f: [reader.doc_field_length(d, f, 0) or 0 for d in range(count)] for f, _b, _n in
               (*FIELDS, CHAR_FIELD)}
    averages = {f: (sum(values) / count if count else 1.0) or 1.0 for f, values in lengths.items()}
    vocabulary: set[str] = set()
    for fieldname, _boost, _b in FIELDS:
        vocabulary.update(reader.field_terms(fieldname))
    char_terms = sorted(reader.field_terms(CHAR_FIELD[0]))
    languages = [d["lang"] for d in documents]
    todo = [(t, FIELDS) for t in sorted(vocabulary)] + [(t, (CHAR_FIELD,)) for t in char_terms]
    table: dict[str, tuple[int, int]] = {}
    offset = 0
    with open(folder / "compiled.bin", "wb") as out:
        for done, (term, fields) in enumerate(todo, 1):
            best: dict[int, float] = {}
            total: dict[int, float] = {}
            for fieldname, boost, b in fields:
                frequency = reader.doc_frequency(fieldname, term)
                if not frequency:
                    continue
                idf = math.log(count / (frequency + 1)) + 1
                matcher = reader.postings(fieldname, term)
                while matcher.is_active():
                    doc = matcher.id()
                    score = boost * _bm25(idf, matcher.weight(), lengths[fieldname][doc], averages[fieldname], b)
                    best[doc] = max(best.get(doc, 0.0), score)
                    total[doc] = total.get(doc, 0.0) + score
                    matcher.next()
            key = term if fields is FIELDS else CHAR_PREFIX + term
            by_lang: dict[str, list[int]] = {}
            for doc in sorted(best):  # one posting list per language: a query reads only its own
                by_lang.setdefault(languages[doc], []).append(doc)
            for lang, docs in by_lang.items():
                ids = array("I", docs)
                scores = array("f", (best[d] + FIELD_TIEBREAK * (total[d] - best[d]) for d in docs))
                table[lang + LANG_SEPARATOR + key] = (offset, len(docs))
                out.write(ids.tobytes())
                out.write(scores.tobytes())
                offset += 8 * len(docs)
            if progress is not None and done % 500 == 0:
                progress(done, len(todo))
        spans_of = []
        for doc in documents:
            spans = []
            info = marshal.dumps((doc["title"], doc["summary"], tuple(doc["phrases"])))
            for data in (doc["text"].encode("utf-8"), doc["folded"].encode("utf-8"), info):
                spans += [offset, len(data)]
                out.write(data)
                offset += len(data)
            spans_of.append(tuple(spans))
    # only what filtering needs stays in memory; titles, summaries, phrases and texts are read per hit
    rows = [(d["id"], d["lang"], d["category"], tuple(d["wallets"]), tuple(d["applies_to"]), spans_of[n])
            for n, d in enumerate(documents)]
    meta = {"format": FORMAT, "terms": table, "docs": rows, "size": offset, **extra}
    (folder / "compiled.meta").write_bytes(marshal.dumps(meta))


class CompiledIndex:
    """Read side of the compiled index. Not thread-safe on its own (``SearchIndex`` holds a lock)."""

    def __init__(self, folder: Path) -> None:
        meta = marshal.loads((folder / "compiled.meta").read_bytes())
        if meta.get("format") != FORMAT:
            raise ValueError("compiled index of another format")
        self.terms: dict[str, tuple[int, int]] = meta["terms"]
        self.docs: list[tuple[Any, ...]] = meta["docs"]
        self.meta = meta
        self._file = open(folder / "compiled.bin", "rb")  # noqa: SIM115 - kept open, closed by close()
        import mmap

        self._map = mmap.mmap(self._file.fileno(), 0, access=mmap.ACCESS_READ) if self._size() else None
        self._filters: dict[Any, set[int]] = {}
        self._buckets: dict[str, list[str]] | None = None

    def _size(self) -> int:
        self._file.seek(0, 2)
        return self._file.tell()

    def check_size(self) -> None:
        """Raises ValueError when ``compiled.bin`` is not as long as when it was written."""
        if self._size() != self.meta.get("size"):
            raise ValueError("compiled index file has the wrong size")

    def close(self) -> None:
        """Releases the file."""
        if self._map is not None:
            self._map.close()
            self._map = None
        self._file.close()

    def document_frequency(self, term: str) -> int:
        """In how many documents ``term`` occurs (any field, any language)."""
        return sum(self.terms.get(lang + LANG_SEPARATOR + term, (0, 0))[1] for lang in LANGS)

    def postings(self, term: str, lang: str, chars: bool = False) -> tuple[array, array]:
        """Document numbers and fused scores of ``term`` in ``lang`` (a Han character when ``chars``)."""
        entry = self.terms.get(lang + LANG_SEPARATOR + (CHAR_PREFIX + term if chars else term))
        ids, scores = array("I"), array("f")
        if entry is None or self._map is None:
            return ids, scores
        offset, count = entry
        ids.frombytes(self._map[offset : offset + 4 * count])
        scores.frombytes(self._map[offset + 4 * count : offset + 8 * count])
        return ids, scores

    def text(self, doc: int) -> tuple[str, str]:
        """The plain body text of a document and its normalised form."""
        start, size, folded_start, folded_size = self.docs[doc][5][:4]
        assert self._map is not None
        return (self._map[start : start + size].decode("utf-8"),
                self._map[folded_start : folded_start + folded_size].decode("utf-8"))

    def info(self, doc: int) -> tuple[str, str, tuple[str, ...]]:
        """Title, summary and search phrases (normalised title, tags, synonyms) of a document."""
        start, size = self.docs[doc][5][4:6]
        assert self._map is not None
        return marshal.loads(self._map[start : start + size])

    def allowed(self, lang: str | None, filters: dict[str, Any]) -> set[int] | None:
        """Document numbers passing the language and the filters (cached); None when there is no condition."""
        wanted: list[tuple[int, set[str]]] = []
        for key, values in sorted(filters.items()):
            column = {"category": 2, "wallets": 3, "wallet": 3, "applies_to": 4}.get(key)
            if column is None:
                raise ValueError(f"unknown filter: {key}")
            chosen = {values} if isinstance(values, str) else set(values)
            if column == 4:  # an article for "all" kinds matches every kind
                chosen.add("all")
            wanted.append((column, chosen))
        if lang is None and not wanted:
            return None
        cache_key = (lang, tuple((c, tuple(sorted(v))) for c, v in wanted))
        if cache_key not in self._filters:
            found = set()
            for number, doc in enumerate(self.docs):
                if lang is not None and doc[1] != lang:
                    continue
                if all((doc[c] in v) if c == 2 else bool(set(doc[c]) & v) for c, v in wanted):
                    found.add(number)
            self._filters[cache_key] = found
        return self._filters[cache_key]

    def score(self, weighted: Iterable[tuple[str, float, bool]], allowed: set[int] | None,
              depth: int, langs: Iterable[str] = LANGS) -> list[tuple[float, int]]:
        """The ``depth`` best documents in ``langs`` for ``(term, weight, is_character)`` triples, as
        (score, doc); ``allowed`` (from :meth:`allowed`) restricts them further.

        Scores add up over terms and are scaled by how much of the query's weight a document matched.
        """
        langs = tuple(langs)
        sums: dict[int, float] = {}
        matched: dict[int, float] = {}
        total_weight = 0.0
        for term, weight, chars in weighted:
            total_weight += weight
            for lang in langs:
                ids, scores = self.postings(term, lang, chars)
                for doc, value in zip(ids, scores, strict=True):
                    if allowed is not None and doc not in allowed:
                        continue
                    sums[doc] = sums.get(doc, 0.0) + weight * value
                    matched[doc] = matched.get(doc, 0.0) + weight
        if not sums:
            return []
        scale = 1.0 / total_weight if total_weight else 0.0
        return heapq.nlargest(depth, ((s * ((1 - COORDINATION) + COORDINATION * matched[d] * scale), d)
                                      for d, s in sums.items()))

    def every(self, allowed: set[int] | None, depth: int) -> list[tuple[float, int]]:
        """All allowed documents in index order with score 0 (a scope or filter without words)."""
        docs = range(len(self.docs)) if allowed is None else sorted(allowed)
        return [(0.0, d) for d in list(docs)[:depth]]

    def close_words(self, word: str, limit: int) -> list[str]:
        """Vocabulary stems starting with the same letter and of a similar length (typo candidates)."""
        if self._buckets is None:
            self._buckets = {}
            for stem in self.meta.get("vocabulary", {}):
                self._buckets.setdefault(stem[:1], []).append(stem)
        return [s for s in self._buckets.get(word[:1], []) if abs(len(s) - len(word)) <= limit]
