"""The help search engine behind a small interface: :class:`SearchIndex` (``open``, ``ensure_built``,
``search``) over a Whoosh index of the public articles, kept in the user cache folder and rebuilt whenever
the content's hash changes or the index is missing or damaged (never an error for the user). Queries are
analysed like the index (see :mod:`walletcare.faq.analysis`), widened with the synonym table, corrected
for English typos against the index's own vocabulary ("did you mean"), and may start with a wallet scope
(``paypal:``). Scores are BM25F with title, synonyms and tags boosted over the body.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import threading
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from walletcare.faq import analysis
from walletcare.faq.content import Article, Library, articles_root, content_hash

INDEX_FORMAT = b"walletcare-search-6"
FIELD_BOOSTS: tuple[tuple[str, float], ...] = (
    ("title", 4.0), ("keywords", 3.0), ("summary", 1.5), ("body", 1.0),
)
EXPANSION_FIELDS: tuple[tuple[str, float], ...] = (("title", 4.0), ("keywords", 3.0), ("summary", 1.5))
MAX_EXPANSIONS = 16
RERANK_DEPTH = 20
FIELD_TIEBREAK = 0.3
SYNONYM_WEIGHT = 0.4
FUZZY_WEIGHT = 0.8
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Hit:
    """One result. ``snippet`` is plain text; ``highlights`` are ``(start, end)`` offsets into it."""

    id: str
    title: str
    lang: str
    score: float
    snippet: str
    highlights: tuple[tuple[int, int], ...] = ()
    category: str = ""
    summary: str = ""

    def snippet_html(self) -> str:
        """The snippet with highlights as ``<b>`` (HTML-escaped), for QTextBrowser or a QLabel."""
        from walletcare.faq.snippets import to_html

        return to_html(self.snippet, self.highlights)

    def as_json(self) -> dict[str, Any]:
        """The keys of the CLI contract (``id, title, lang, score, snippet``) plus ``category``."""
        return {"id": self.id, "title": self.title, "lang": self.lang, "score": round(self.score, 4),
                "snippet": self.snippet, "category": self.category}


class Results(list[Hit]):
    """Hits, best first, with ``did_you_mean`` (a corrected query or None) and the wallet ``scope`` used."""

    def __init__(self, hits: Iterable[Hit] = (), did_you_mean: str | None = None, scope: str | None = None,
                 corrections: dict[str, str] | None = None) -> None:
        super().__init__(hits)
        self.did_you_mean = did_you_mean
        self.scope = scope
        self.corrections = corrections or {}


def _schema() -> Any:
    from whoosh.analysis import StandardAnalyzer  # noqa: F401 - keeps whoosh.analysis loaded for unpickling
    from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

    bigrams = analysis.HanBigramTokenizer()
    chars = analysis.HanBigramTokenizer(unigrams=True)
    return Schema(
        key=ID(unique=True), id=ID(stored=True), lang=ID(stored=True), category=ID(stored=True),
        wallets=KEYWORD(commas=True), applies_to=KEYWORD(commas=True),
        title=TEXT(analyzer=bigrams, stored=True, phrase=False),
        summary=TEXT(analyzer=bigrams, stored=True, phrase=False),
        keywords=TEXT(analyzer=bigrams, phrase=False),
        body=TEXT(analyzer=bigrams, phrase=False),
        chars=TEXT(analyzer=chars, phrase=False),
        text=STORED(),
        phrases=STORED(),
    )


def _document(article: Article) -> dict[str, Any]:
    plain = article.plain_text()
    keywords = " \n".join([*article.tags, *article.synonyms])
    return {
        "key": f"{article.id}/{article.lang}", "id": article.id, "lang": article.lang,
        "category": article.category, "wallets": ",".join(article.wallets),
        "applies_to": ",".join(article.applies_to), "title": article.title, "summary": article.summary,
        "keywords": keywords, "body": plain,
        "chars": "\n".join([article.title, article.summary, keywords, plain]), "text": plain,
        "phrases": sorted({p for p in (analysis.normalize(x).strip() for x in (article.title, *article.tags,
                                                                              *article.synonyms)) if len(p) >= 2}),
    }


def _surface_words(articles: Iterable[Article]) -> dict[str, str]:
    """Stem → the most frequent English word with that stem (for "did you mean").

    Synonyms are left out: they may hold typos on purpose ("withdrawl"), which must never be suggested.
    """
    counts: dict[str, dict[str, int]] = {}
    for article in articles:
        text = analysis.normalize(" ".join([article.title, article.summary, *article.tags, article.body]))
        for piece in analysis.pieces(text):
            if piece.isalpha() and piece.isascii() and len(piece) > 2:
                forms = counts.setdefault(analysis.stem(piece), {})
                forms[piece] = forms.get(piece, 0) + 1
    return {s: max(forms, key=lambda w: forms[w]) for s, forms in counts.items()}


def build_index(library: Library, folder: Path, progress: Progress | None = None) -> None:
    """Writes a complete Whoosh index of ``library`` into the empty ``folder``.

    Args:
        library: the articles (every language is indexed).
        folder: an empty folder; after success it holds the index and ``vocabulary.json``.
        progress: called as ``progress(done, total)`` after each article (from the calling thread).
    """
    from whoosh import index

    folder.mkdir(parents=True, exist_ok=True)
    ix = index.create_in(str(folder), _schema())
    articles = list(library)
    writer = ix.writer(limitmb=128)
    try:
        for done, article in enumerate(articles, 1):
            writer.add_document(**_document(article))
            if progress is not None:
                progress(done, len(articles))
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    (folder / "vocabulary.json").write_text(json.dumps(_surface_words(articles), ensure_ascii=False),
                                            encoding="utf-8")
    if progress is not None and not articles:
        progress(0, 0)


class SearchIndex:
    """The article search index in ``cache``; thread-safe (one lock around the Whoosh searcher).

    Build with :meth:`open`; building happens on the first :meth:`search` or an explicit
    :meth:`ensure_built` (call that off the GUI thread with a progress callback).
    """

    def __init__(self, root: Path, cache: Path) -> None:
        self.root = root
        self.cache = cache
        self._lock = threading.RLock()
        self._ix: Any = None
        self._searcher: Any = None
        self._vocabulary: dict[str, str] | None = None
        self._synonyms: Any = None
        self._hash: str | None = None
        self._filters: dict[str, set[int]] = {}
        self._fuzzy_cache: dict[str, tuple[str, str] | None] = {}

    @classmethod
    def open(cls, root: Path | None = None, cache: Path | None = None) -> SearchIndex:
        """An index of the articles in ``root`` (default: shipped) kept under ``cache`` (default: user cache).

        Cheap: nothing is read or built until it is needed.
        """
        if cache is None:
            from walletcare import paths

            cache = paths.cache_dir() / "search"
        return cls(root or articles_root(), cache)

    def content_hash(self) -> str:
        """Hash of the article files and the index format (computed once per instance)."""
        if self._hash is None:
            self._hash = content_hash(self.root, [INDEX_FORMAT])
        return self._hash

    def folder(self) -> Path:
        """The folder of the index for the current content."""
        return self.cache / f"index-{self.content_hash()[:20]}"

    def ensure_built(self, progress: Progress | None = None) -> bool:
        """Opens the index, building it first when missing, stale or unreadable.

        Returns:
            True when the index was (re)built by this call.
        """
        with self._lock:
            if self._searcher is not None:
                return False
            folder = self.folder()
            if (folder / "complete").is_file() and self._try_open(folder):
                return False
            self._build(folder, progress)
            self._open(folder)
            return True

    def rebuild(self, progress: Progress | None = None) -> None:
        """Throws away the index of the current content and builds it again."""
        with self._lock:
            self.close()
            shutil.rmtree(self.folder(), ignore_errors=True)
            self.ensure_built(progress)

    def _build(self, folder: Path, progress: Progress | None) -> None:
        self.cache.mkdir(parents=True, exist_ok=True)
        temp = self.cache / f"building-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        try:
            build_index(Library.load(self.root), temp, progress)
            (temp / "complete").write_text(self.content_hash(), encoding="utf-8")
            shutil.rmtree(folder, ignore_errors=True)
            try:
                os.replace(temp, folder)
            except OSError:  # another process finished the same index first
                if not (folder / "complete").is_file():
                    raise
        finally:
            shutil.rmtree(temp, ignore_errors=True)
        for old in self.cache.glob("index-*"):  # indexes of older content
            if old != folder:
                shutil.rmtree(old, ignore_errors=True)

    def _try_open(self, folder: Path) -> bool:
        """Opens an existing index; False (files released quietly) when it is damaged."""
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)  # files a failed open leaves to the collector
            try:
                self._open(folder)
                self._searcher.search(_probe_query(), limit=1)
                return True
            except Exception:  # noqa: BLE001 - any damage: rebuild from the public content
                self.close()
            _collect_abandoned_files()
        return False

    def _open(self, folder: Path) -> None:
        from whoosh import index, scoring

        self._ix = index.open_dir(str(folder))
        self._searcher = self._ix.searcher(weighting=scoring.BM25F(B=0.75, K1=1.2, title_B=0.5, keywords_B=0.2,
                                                                   summary_B=0.5))
        self._vocabulary = None
        self._filters = {}
        self._fuzzy_cache = {}

    def close(self) -> None:
        """Releases the open files (the index stays on disk)."""
        with self._lock:
            if self._searcher is not None:
                try:
                    self._searcher.close()
                except Exception:  # noqa: BLE001 - closing a damaged index must not fail
                    pass
            self._searcher = self._ix = None

    def synonyms(self) -> Any:
        """The synonym table (loaded on first use)."""
        if self._synonyms is None:
            from walletcare.faq.synonyms import SynonymTable

            self._synonyms = SynonymTable.load()
        return self._synonyms

    def search(self, query: str, lang: str = "zh-CN", limit: int = 10,
               filters: Mapping[str, str | Iterable[str]] | None = None) -> Results:
        """Finds articles for ``query``, best first.

        Args:
            query: what the user typed; may start with a wallet scope such as ``paypal:`` or ``支付宝：``.
            lang: content language of the hits (``zh-CN``, ``zh-TW`` or ``en``); when nothing matches in
                it, other languages are searched.
            limit: maximum number of hits.
            filters: optional ``category``, ``wallets`` and ``applies_to`` values (a string or several).

        Returns:
            :class:`Results` (a list of :class:`Hit`) with ``did_you_mean`` set when a word was corrected.
        """
        for attempt in range(2):
            try:
                self.ensure_built()
                with self._lock:
                    return self._search(query, lang, limit, dict(filters or {}))
            except Exception:  # noqa: BLE001 - a damaged index is rebuilt once, then errors surface
                if attempt:
                    raise
                with self._lock:
                    self.close()
                    _collect_abandoned_files()
                    shutil.rmtree(self.folder(), ignore_errors=True)
        raise AssertionError("unreachable")

    def _search(self, query: str, lang: str, limit: int, filters: dict[str, Any]) -> Results:
        from whoosh import query as q

        from walletcare.faq.query import analyse_query

        plan = analyse_query(query, self.synonyms(), self._known, self._fuzzy)
        if plan.scope:
            filters.setdefault("wallets", plan.scope)
        subqueries: list[Any] = []
        for weight, found_terms, fields in ((1.0, plan.terms, FIELD_BOOSTS), (FUZZY_WEIGHT, plan.fuzzy, FIELD_BOOSTS),
                                            (_expansion_weight(plan.expansions), plan.expansions[:MAX_EXPANSIONS], EXPANSION_FIELDS)):
            for term in found_terms:
                if len(term) == 1 and analysis.is_han(term):
                    subqueries.append(q.Term("chars", term, boost=weight * 2.0))
                else:
                    subqueries.append(q.DisjunctionMax([q.Term(f, term, boost=weight * b) for f, b in fields],
                                                       tiebreak=FIELD_TIEBREAK))
        main: Any = q.Or(subqueries, scale=0.5) if subqueries else (q.Every() if plan.scope or filters else None)
        results = Results(did_you_mean=plan.did_you_mean, scope=plan.scope, corrections=plan.corrections)
        if main is None:
            return results
        found: Any = None
        for search_lang in (lang, None):
            found = self._searcher.search(main, limit=max(limit, RERANK_DEPTH),
                                          filter=self._filter(search_lang, filters))
            if found.scored_length():
                break
        ranked = sorted(((float(hit.score) * phrase_bonus(plan.text, hit.get("phrases", ())), hit)
                         for hit in found), key=lambda pair: -pair[0])[:limit]
        needles = [*plan.terms, *plan.fuzzy, *plan.expansions]
        from walletcare.faq.snippets import make_snippet

        for score, hit in ranked:
            snippet, spans = make_snippet(hit["text"], needles)
            results.append(Hit(id=hit["id"], title=hit["title"], lang=hit["lang"], score=score,
                               snippet=snippet, highlights=tuple(spans), category=hit.get("category", ""),
                               summary=hit.get("summary", "")))
        return results

    def _filter(self, lang: str | None, filters: dict[str, Any]) -> Any:
        """The document numbers allowed by the language and the filters (cached; None means all)."""
        from whoosh import query as q

        conditions: list[Any] = []
        for key, values in sorted(filters.items()):
            field_name = "wallets" if key == "wallet" else key
            wanted = [values] if isinstance(values, str) else sorted(values)
            if field_name == "applies_to":  # an article for "all" kinds matches every kind
                wanted = [*wanted, "all"]
            conditions.append(q.Or([q.Term(field_name, v) for v in wanted]))
        if lang:
            conditions.append(q.Term("lang", lang))
        if not conditions:
            return None
        key = repr(conditions)
        if key not in self._filters:
            self._filters[key] = set(self._searcher.docs_for_query(q.And(conditions)))
        return self._filters[key]

    def _known(self, term: str) -> int:
        """In how many field postings ``term`` occurs; 0 when unknown or only in synonyms (maybe a typo)."""
        vocabulary = self._load_vocabulary()
        if vocabulary and term not in vocabulary:
            return 0
        reader = self._searcher.reader()
        return sum(reader.doc_frequency(f, term) for f, _b in FIELD_BOOSTS)

    def _fuzzy(self, word: str) -> tuple[str, str] | None:
        """The best indexed stem within edit distance 1 (2 for words of 7+ letters), with its surface word."""
        if word not in self._fuzzy_cache:
            self._fuzzy_cache[word] = self._find_fuzzy(word)
        return self._fuzzy_cache[word]

    def _find_fuzzy(self, word: str) -> tuple[str, str] | None:
        reader = self._searcher.reader()
        vocabulary = self._load_vocabulary()
        maxdist = 2 if len(word) >= 6 else 1
        best: tuple[float, str] | None = None
        for candidate_word in {word, analysis.stem(word)}:
            for f in ("title", "keywords", "body"):
                for term in reader.terms_within(f, candidate_word, maxdist, prefix=1):
                    if not term.isascii() or len(term) < 3 or term == candidate_word:
                        continue
                    if vocabulary and term not in vocabulary:
                        continue  # only in synonyms: possibly a deliberate typo
                    freq = reader.doc_frequency(f, term)
                    key = (math.log(freq + 1) - 1.5 * _distance(candidate_word, term), term)
                    if best is None or key > best:
                        best = key
        if best is None:
            return None
        return best[1], vocabulary.get(best[1], best[1])

    def _load_vocabulary(self) -> dict[str, str]:
        if self._vocabulary is None:
            try:
                path = Path(self._ix.storage.folder) / "vocabulary.json"
                self._vocabulary = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError, AttributeError):
                self._vocabulary = {}
        return self._vocabulary or {}


def _probe_query() -> Any:
    from whoosh import query as q

    return q.Term("lang", "en")


def _collect_abandoned_files() -> None:
    """Closes the files a failed Whoosh open left behind (quietly: they belong to the damaged index)."""
    import gc
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


def _expansion_weight(expansions: list[str]) -> float:
    """Weight of each synonym term: together they count about as much as one or two typed terms."""
    return SYNONYM_WEIGHT * min(1.0, 4.0 / max(len(expansions), 1))


def phrase_bonus(query: str, phrases: Iterable[str]) -> float:
    """Score factor for an article whose title, tags or synonyms meet the whole (normalised) query.

    1.0 without a match; up to 2.0 when a phrase covers all of the query (a phrase inside the query or the
    query inside a phrase), in proportion to how much of the query it covers.
    """
    query = query.strip()
    if len(query) < 2:
        return 1.0
    best = 0.0
    for phrase in phrases:
        if phrase in query:
            best = max(best, len(phrase) / len(query))
        elif query in phrase:
            best = max(best, len(query) / len(phrase) * 0.5 + 0.5)
    return 1.0 + best


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (small words only)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]
