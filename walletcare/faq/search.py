"""The help search engine behind a small interface: :class:`SearchIndex` (``open``, ``ensure_built``,
``search``). The index of the public articles is built with Whoosh and compiled into a score table
(:mod:`walletcare.faq.indexing`, :mod:`walletcare.faq.compiled`), kept in the user cache folder and rebuilt
whenever the content changes or the index is missing or damaged (never an error for the user). An installed
bundle ships the index of its articles (``resources/search-index``), opened read-only in place. Queries are
analysed like the index (see :mod:`walletcare.faq.analysis`), widened with the synonym table, corrected
for English typos against the articles' own words ("did you mean"), and may start with a wallet scope
(``paypal:``). Scores are BM25F with title, synonyms and tags boosted over the body, then re-ranked when a
title, tag or synonym meets the whole query.
"""

from __future__ import annotations

import hashlib
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
from walletcare.faq.content import LANGS, articles_root
from walletcare.faq.distance import edit_distance

INDEX_FORMAT = b"walletcare-search-11"
SHIPPED_INDEX = "search-index"  # folder inside the resources of an installed bundle (``make dist`` builds it)
MAX_EXPANSIONS = 16
RERANK_DEPTH = 20
SNIPPET_EXPANSIONS = 8
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


def fingerprint(root: Path, synonyms: Path, extra: bytes = b"") -> str:
    """SHA-256 over every article file's name, size and modification time, the synonym table and ``extra``.

    Only ``stat`` calls, so checking whether the index is current costs about a millisecond per hundred
    files; any edit changes the modification time and so the fingerprint.
    """
    digest = hashlib.sha256(extra)
    try:
        folders = sorted(e.name for e in os.scandir(root) if e.is_dir())
    except OSError:
        folders = []
    for name in folders:
        with os.scandir(os.path.join(root, name)) as entries:
            for entry in sorted((e for e in entries if e.name.endswith(".md")), key=lambda e: e.name):
                info = entry.stat()
                digest.update(f"{name}/{entry.name}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    if synonyms.is_file():
        digest.update(synonyms.read_bytes())
    return digest.hexdigest()


class SearchIndex:
    """The article search index in ``cache``; thread-safe (one lock).

    Build with :meth:`open`; building happens on the first :meth:`search` or an explicit
    :meth:`ensure_built` (call that off the GUI thread with a progress callback).
    """

    def __init__(self, root: Path, cache: Path, synonyms: Path | None = None, shipped: Path | None = None) -> None:
        self.root = root
        self.cache = cache
        self.synonyms_path = synonyms
        self.shipped = shipped  # a read-only index built with the app (installed bundles), tried first
        self._lock = threading.RLock()
        self._compiled: Any = None
        self._synonyms: Any = None
        self._hash: str | None = None
        self._fuzzy_cache: dict[str, tuple[str, str] | None] = {}

    @classmethod
    def open(cls, root: Path | None = None, cache: Path | None = None) -> SearchIndex:
        """An index of the articles in ``root`` (default: shipped) kept under ``cache`` (default: user cache).

        Cheap: nothing is read or built until it is needed.
        """
        shipped = None
        if root is None:  # the shipped articles: an installed bundle may carry their index, built with them
            from walletcare import resources

            prebuilt = resources.root() / SHIPPED_INDEX
            shipped = prebuilt if (prebuilt / "complete").is_file() else None
        if cache is None:
            from walletcare import paths

            cache = paths.cache_dir() / "search"
        return cls(root or articles_root(), cache, shipped=shipped)

    def _synonyms_file(self) -> Path:
        if self.synonyms_path is None:
            from walletcare import resources

            self.synonyms_path = resources.path("search/synonyms.yaml")
        return self.synonyms_path

    def content_hash(self) -> str:
        """Fingerprint of the articles, the synonym table and the index format (computed once per instance)."""
        if self._hash is None:
            self._hash = fingerprint(self.root, self._synonyms_file(), INDEX_FORMAT)
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
            if self._compiled is not None:
                return False
            if self.shipped is not None:
                if self._try_open(self.shipped):
                    return False
                self.shipped = None  # damaged: build one in the user cache instead
            folder = self.folder()
            if (folder / "complete").is_file():
                if self._try_open(folder):
                    return False
                shutil.rmtree(folder, ignore_errors=True)  # damaged: build it again
            self._build(folder, progress)
            self._open(folder)
            return True

    def rebuild(self, progress: Progress | None = None) -> None:
        """Throws away the index of the current content and builds it again."""
        with self._lock:
            self.close()
            self.shipped = None
            shutil.rmtree(self.folder(), ignore_errors=True)
            self.ensure_built(progress)

    def _build(self, folder: Path, progress: Progress | None) -> None:
        from walletcare.faq.content import Library
        from walletcare.faq.indexing import build_index
        from walletcare.faq.synonyms import SynonymTable

        self.cache.mkdir(parents=True, exist_ok=True)
        temp = self.cache / f"building-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        try:
            build_index(Library.load(self.root), temp, SynonymTable.load(self._synonyms_file()), progress)
            (temp / "complete").write_text(self.content_hash(), encoding="utf-8")
            if not (folder / "complete").is_file():  # else another process finished the same index first
                shutil.rmtree(folder, ignore_errors=True)  # a damaged or half-removed one
                try:
                    os.replace(temp, folder)
                except OSError:
                    if not (folder / "complete").is_file():
                        raise
        finally:
            shutil.rmtree(temp, ignore_errors=True)
        for old in self.cache.glob("index-*"):  # indexes of older content
            if old != folder:
                shutil.rmtree(old, ignore_errors=True)

    def _try_open(self, folder: Path) -> bool:
        """Opens an existing index; False when it is damaged."""
        try:
            self._open(folder)
            return True
        except Exception:  # noqa: BLE001 - any damage: rebuild from the public content
            self.close()
            return False

    def _open(self, folder: Path) -> None:
        from walletcare.faq.compiled import CompiledIndex
        from walletcare.faq.synonyms import SynonymTable

        compiled = CompiledIndex(folder)
        try:
            self._synonyms = SynonymTable.from_data(compiled.meta["synonyms"])
            compiled.check_size()  # a truncated file is rebuilt rather than read past its end
        except Exception:
            compiled.close()
            raise
        self._compiled = compiled
        self._fuzzy_cache = {}

    def close(self) -> None:
        """Releases the open files (the index stays on disk)."""
        with self._lock:
            if self._compiled is not None:
                self._compiled.close()
            self._compiled = None

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
            except (OSError, ValueError, KeyError, IndexError, TypeError, EOFError, UnicodeDecodeError):
                if attempt:  # a damaged index is rebuilt once, then errors surface
                    raise
                with self._lock:
                    self.close()
                    if self.shipped is not None:
                        self.shipped = None  # never removed: the user cache gets a fresh one instead
                    else:
                        shutil.rmtree(self.folder(), ignore_errors=True)
        raise AssertionError("unreachable")

    def _search(self, query: str, lang: str, limit: int, filters: dict[str, Any]) -> Results:
        from walletcare.faq.query import analyse_query
        from walletcare.faq.snippets import make_snippet

        compiled = self._compiled
        plan = analyse_query(query, self._synonyms, self._known, self._fuzzy)
        if plan.scope:
            filters.setdefault("wallets", plan.scope)
        expansion_weight = _expansion_weight(plan.expansions)
        weighted = [(t, 1.0, len(t) == 1 and analysis.is_han(t)) for t in plan.terms]
        weighted += [(t, FUZZY_WEIGHT, False) for t in plan.fuzzy]
        weighted += [(t, expansion_weight, len(t) == 1 and analysis.is_han(t)) for t in
                     plan.expansions[:MAX_EXPANSIONS]]
        results = Results(did_you_mean=plan.did_you_mean, scope=plan.scope, corrections=plan.corrections)
        if not weighted and not (plan.scope or filters):
            return results
        depth = max(limit, RERANK_DEPTH)
        found: list[tuple[float, int]] = []
        for search_lang in (lang, None):
            if weighted:  # posting lists are per language; other filters narrow further
                allowed = compiled.allowed(search_lang, filters) if filters else None
                langs = (search_lang,) if search_lang else LANGS
                found = compiled.score(weighted, allowed, depth, langs)
            else:
                found = compiled.every(compiled.allowed(search_lang, filters), limit)
            if found:
                break
        infos = {doc: compiled.info(doc) for _score, doc in found}
        ranked = sorted(((score * phrase_bonus(plan.text, infos[doc][2]), doc) for score, doc in found),
                        key=lambda pair: (-pair[0], pair[1]))[:limit]
        needles = [*plan.terms, *plan.fuzzy, *plan.expansions[:SNIPPET_EXPANSIONS]]
        for score, doc in ranked:
            row, (title, summary, _phrases) = compiled.docs[doc], infos[doc]
            text, folded = compiled.text(doc)
            snippet, spans = make_snippet(text, needles, folded=folded)
            results.append(Hit(id=row[0], title=title, lang=row[1], score=score, snippet=snippet,
                               highlights=tuple(spans), category=row[2], summary=summary))
        return results

    def _known(self, term: str) -> int:
        """In how many documents ``term`` occurs; 0 when unknown or only in synonyms (maybe a typo)."""
        vocabulary = self._compiled.meta.get("vocabulary") or {}
        if vocabulary and term not in vocabulary:
            return 0
        return self._compiled.document_frequency(term)

    def _fuzzy(self, word: str) -> tuple[str, str] | None:
        """The best article word within edit distance 1 (2 from 6 letters), as (term, surface word)."""
        if word not in self._fuzzy_cache:
            self._fuzzy_cache[word] = self._find_fuzzy(word)
        return self._fuzzy_cache[word]

    def _find_fuzzy(self, word: str) -> tuple[str, str] | None:
        compiled = self._compiled
        vocabulary = compiled.meta.get("vocabulary") or {}
        allowed = 1 if len(word) <= 5 else 2
        stem = analysis.stem(word)
        best: tuple[float, str] | None = None
        for term in compiled.close_words(stem, allowed + 1):
            if len(term) < 3 or term == stem:
                continue
            # judge the typo against the word people read, not only the stem ("pendng" ~ "pending")
            distance = edit_distance(word, vocabulary.get(term, term), allowed)
            if distance > allowed:
                distance = edit_distance(stem, term, allowed)
            if distance > allowed:
                continue
            key = (math.log(compiled.document_frequency(term) + 1) - 1.5 * distance, term)
            if best is None or key > best:
                best = key
        if best is None:
            return None
        return best[1], vocabulary.get(best[1], best[1])


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
