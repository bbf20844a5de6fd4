"""The help search engine behind a small interface: :class:`SearchIndex` (``open``, ``ensure_built``,
``search``). Whoosh indexes the public articles (:mod:`walletcare.faq.indexing`) and its searcher answers the
queries, scored by :mod:`walletcare.faq.ranking` (BM25F with per-field boosts and length normalisation, best
field plus tie-break, written into the index as each term's impact; a query adds them, with coordination).
Queries are analysed like the index (:mod:`walletcare.faq.analysis`), widened with the synonym table,
corrected for English typos against the articles' own words ("did you mean"), and may start with a wallet
scope (``paypal:``); the top hits are re-ranked when a title, tag or synonym meets the whole query.

The index comes built with the application (``resources/search/index``, made at install) and is used when
the SHA-256 of the shipped articles and synonym table matches the one it was built from; otherwise (edited
content, another articles folder, a damaged index) it is built in the user cache folder, in a temporary
folder renamed into place. An index is used only when every file matches the SHA-256 its manifest
records (checked when it is opened); a damaged one is rebuilt, never read. Whoosh's own "empty index" and
"index version" errors at opening also rebuild it; nothing else is caught, so any other error surfaces.
"""

from __future__ import annotations

import hashlib
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
from walletcare.faq.content import articles_root, content_hash
from walletcare.faq.distance import edit_distance

INDEX_FORMAT = b"walletcare-search-16"
MANIFEST = "complete"
IN_MEMORY = 4 * 2**20  # index files up to this size are read into memory when opened
MAX_EXPANSIONS = 16
RERANK_DEPTH = 20
SNIPPET_EXPANSIONS = 8
SYNONYM_WEIGHT = 0.4
FUZZY_WEIGHT = 0.8
Progress = Callable[[int, int], None]


def stale_index_errors() -> tuple[type[BaseException], ...]:
    """Whoosh's errors for a folder without an index or with one of another Whoosh version: build it again."""
    from whoosh.index import EmptyIndexError, IndexVersionError

    return (EmptyIndexError, IndexVersionError)


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


def shipped_index() -> Path:
    """Where the index built at install lives (``resources/search/index``)."""
    from walletcare import resources

    return resources.path("search/index")


def write_manifest(folder: Path, content: str) -> None:
    """Records the content hash and every index file's size and SHA-256 (written last: the index is complete)."""
    files = {}
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.name != MANIFEST:
            files[path.name] = [path.stat().st_size, hashlib.sha256(path.read_bytes()).hexdigest()]
    temp = folder / (MANIFEST + ".tmp")
    temp.write_text(json.dumps({"content": content, "files": files}, sort_keys=True), encoding="utf-8")
    os.replace(temp, folder / MANIFEST)


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest of an index folder, or None when there is none (or it is not one)."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("files"), dict) else None


def check_files(folder: Path, manifest: dict[str, Any]) -> bool:
    """Whether every file of the manifest is there with its size and SHA-256 (read in chunks)."""
    try:
        for name, (size, digest) in manifest["files"].items():
            path = folder / name
            if path.stat().st_size != size:
                return False
            with open(path, "rb") as handle:
                if hashlib.file_digest(handle, "sha256").hexdigest() != digest:
                    return False
    except (OSError, ValueError, TypeError):  # a file gone, or a manifest entry that is not [size, digest]
        return False
    return True


def build_into(folder: Path, root: Path, synonyms: Path, content: str, progress: Progress | None = None) -> None:
    """Builds the index of the articles in ``root`` at ``folder``: in a temporary folder beside it, renamed
    into place when complete (an existing complete index of the same content is kept)."""
    from walletcare.faq.content import Library
    from walletcare.faq.indexing import build_index
    from walletcare.faq.synonyms import SynonymTable

    folder.parent.mkdir(parents=True, exist_ok=True)
    temp = folder.parent / f"building-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    try:
        build_index(Library.load(root), temp, SynonymTable.load(synonyms), progress)
        write_manifest(temp, content)
        manifest = read_manifest(folder)
        if manifest is None or manifest.get("content") != content:  # else another process built it first
            old = folder.parent / f"old-{os.getpid()}-{uuid.uuid4().hex[:8]}"
            if folder.exists():  # a damaged, half-removed or outdated one: moved aside, never half replaced
                os.replace(folder, old)
            try:
                os.replace(temp, folder)
            except OSError:
                if not (folder / MANIFEST).is_file():
                    raise
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def shipped_content(root: Path | None = None, synonyms: Path | None = None) -> str:
    """SHA-256 of the articles' bytes, the synonym table and the index format: what a shipped index is for."""
    from walletcare import resources

    synonyms = synonyms or resources.path("search/synonyms.yaml")
    return content_hash(root or articles_root(), [synonyms.read_bytes(), INDEX_FORMAT])


def build_shipped(target: Path | None = None, root: Path | None = None, synonyms: Path | None = None,
                  progress: Progress | None = None) -> bool:
    """Builds the index of the shipped articles at ``target`` (default :func:`shipped_index`): the install step.

    Returns:
        False when an intact index of the same content was there already (nothing was written).
    """
    from walletcare import resources

    target = target or shipped_index()
    root = root or articles_root()
    synonyms = synonyms or resources.path("search/synonyms.yaml")
    content = shipped_content(root, synonyms)
    manifest = read_manifest(target)
    if manifest is not None and manifest.get("content") == content and check_files(target, manifest):
        return False
    build_into(target, root, synonyms, content, progress)
    return True


def _storage(folder: Path) -> Any:
    """Whoosh's file storage of ``folder``, read-only, holding files of up to :data:`IN_MEMORY` bytes in memory.

    The index is written as separate files (not Whoosh's compound file, whose reader copies every part into
    memory: 150 MB for 2,000 articles): the term table and document lengths are read once into memory, the
    postings and stored fields stay on disk and are read as needed.
    """
    from whoosh.filedb.filestore import FileStorage
    from whoosh.filedb.structfile import BufferFile

    class Storage(FileStorage):
        def open_file(self, name: str, **kwargs: Any) -> Any:
            path = os.path.join(self.folder, name)
            if os.path.getsize(path) <= IN_MEMORY:
                with open(path, "rb") as handle:
                    return BufferFile(handle.read(), name=name, **kwargs)
            return super().open_file(name, **kwargs)

    return Storage(str(folder), readonly=True)


class SearchIndex:
    """The article search index; thread-safe (one lock).

    Build with :meth:`open`; opening (and building when needed) happens on the first :meth:`search` or an
    explicit :meth:`ensure_built` (call that off the GUI thread with a progress callback).
    """

    def __init__(self, root: Path, cache: Path, synonyms: Path | None = None, shipped: Path | None = None) -> None:
        self.root = root
        self.cache = cache
        self.synonyms_path = synonyms
        self.shipped = shipped
        self._lock = threading.RLock()
        self._index: Any = None
        self._searcher: Any = None
        self._columns: tuple[Any, Any] = (None, None)
        self._open_folder: Path | None = None
        self._synonyms: Any = None
        self._vocabulary: dict[str, str] = {}
        self._buckets: dict[str, list[str]] = {}
        self._hash: str | None = None
        self._fuzzy_cache: dict[str, tuple[str, str] | None] = {}
        self._frequency: dict[str, int] = {}
        self._allowed: dict[Any, set[int]] = {}
        self._ranges: dict[str | None, range | None] = {}

    @classmethod
    def open(cls, root: Path | None = None, cache: Path | None = None) -> SearchIndex:
        """An index of the articles in ``root`` (default: shipped) kept under ``cache`` (default: user cache).

        Cheap: nothing is read or built until it is needed. With the shipped articles, the index built at
        install is used when it matches them.
        """
        if cache is None:
            from walletcare import paths

            cache = paths.cache_dir() / "search"
        shipped = shipped_index() if root is None else None
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
        """The folder of the index in use (the shipped one, or the user cache's for the current content)."""
        if self._open_folder is not None:
            return self._open_folder
        return self.cache / f"index-{self.content_hash()[:20]}"

    def ensure_built(self, progress: Progress | None = None) -> bool:
        """Opens the index, building it first when missing, stale or damaged.

        Returns:
            True when the index was (re)built by this call.
        """
        with self._lock:
            if self._searcher is not None:
                return False
            if self.shipped is not None and self._try_shipped():
                return False
            folder = self.cache / f"index-{self.content_hash()[:20]}"
            if self._try_open(folder, None):
                return False
            shutil.rmtree(folder, ignore_errors=True)  # damaged or half there: build it again
            build_into(folder, self.root, self._synonyms_file(), self.content_hash(), progress)
            self._open(folder)
            for old in self.cache.glob("index-*"):  # indexes of older content
                if old != folder:
                    shutil.rmtree(old, ignore_errors=True)
            return True

    def _try_shipped(self) -> bool:
        manifest = read_manifest(self.shipped) if self.shipped is not None else None
        if manifest is None:
            return False
        if manifest.get("content") != shipped_content(self.root, self._synonyms_file()):
            self.shipped = None  # built from other content: the user cache holds the right one
            return False
        if self.shipped is not None and self._try_open(self.shipped, manifest):
            return True
        self.shipped = None
        return False

    def _try_open(self, folder: Path, manifest: dict[str, Any] | None) -> bool:
        """Opens a complete index whose files match its manifest; False when absent, damaged or stale."""
        manifest = manifest or read_manifest(folder)
        if manifest is None or not check_files(folder, manifest):
            return False
        try:
            self._open(folder)
        except stale_index_errors():
            self.close()
            return False
        return True

    def rebuild(self, progress: Progress | None = None) -> None:
        """Throws away the user cache's index of the current content and builds it again."""
        with self._lock:
            self.close()
            self.shipped = None
            shutil.rmtree(self.cache / f"index-{self.content_hash()[:20]}", ignore_errors=True)
            self.ensure_built(progress)

    def _open(self, folder: Path) -> None:
        from whoosh.scoring import Frequency

        from walletcare.faq.indexing import read_meta
        from walletcare.faq.synonyms import SynonymTable

        meta = read_meta(folder)
        synonyms = SynonymTable.from_data(meta["synonyms"])
        opened = _storage(folder).open_index()
        try:
            searcher = opened.searcher(weighting=Frequency())  # a posting's weight is its score
        except BaseException:
            opened.close()
            raise
        self._index, self._searcher, self._open_folder = opened, searcher, folder
        reader = searcher.reader()
        self._columns = (reader.column_reader("phrases"), reader.column_reader("display"))
        self._synonyms, self._vocabulary = synonyms, dict(meta["vocabulary"])
        self._buckets = {}
        for stem in self._vocabulary:
            self._buckets.setdefault(stem[:1], []).append(stem)
        self._fuzzy_cache, self._frequency, self._allowed, self._ranges = {}, {}, {}, {}

    def close(self) -> None:
        """Releases the open files (the index stays on disk)."""
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
            if self._index is not None:
                self._index.close()
            self._searcher = self._index = self._open_folder = None
            self._columns = (None, None)

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
        self.ensure_built()
        with self._lock:
            return self._search(query, lang, limit, dict(filters or {}))

    def _search(self, query: str, lang: str, limit: int, filters: dict[str, Any]) -> Results:
        from walletcare.faq.query import analyse_query
        from walletcare.faq.ranking import CHARS, TERMS, FusedTerms
        from walletcare.faq.snippets import make_snippet

        searcher = self._searcher
        plan = analyse_query(query, self._synonyms, self._known, self._fuzzy)
        if plan.scope:
            filters.setdefault("wallets", plan.scope)

        def field(term: str) -> str:
            return CHARS if len(term) == 1 and analysis.is_han(term) else TERMS

        expansion_weight = _expansion_weight(plan.expansions)
        weighted = [(t, 1.0, field(t)) for t in plan.terms]
        weighted += [(t, FUZZY_WEIGHT, TERMS) for t in plan.fuzzy]
        weighted += [(t, expansion_weight, field(t)) for t in plan.expansions[:MAX_EXPANSIONS]]
        results = Results(did_you_mean=plan.did_you_mean, scope=plan.scope, corrections=plan.corrections)
        if not weighted and not (plan.scope or filters):
            return results
        depth = max(limit, RERANK_DEPTH)
        found: list[tuple[float, int]] = []
        for search_lang in (lang, None):
            allowed = self._docs(search_lang, filters)
            if weighted:
                span = self._range(search_lang)
                only = allowed if filters or span is None else None  # else the range is the language
                hits = searcher.search(FusedTerms(weighted, span, allowed=only, top=depth), limit=depth,
                                       filter=only)
                found = [(hit.score, hit.docnum) for hit in hits]
            else:  # a scope or filters without words: the matching articles in index order
                docs = sorted(allowed) if allowed is not None else range(searcher.doc_count_all())
                found = [(0.0, doc) for doc in list(docs)[:limit]]
            if found:
                break
        phrases, display = self._columns
        ranked = sorted(((score * phrase_bonus(plan.text, phrases[doc]), doc) for score, doc in found),
                        key=lambda pair: (-pair[0], pair[1]))[:limit]
        needles = [*plan.terms, *plan.fuzzy, *plan.expansions[:SNIPPET_EXPANSIONS]]
        for score, doc in ranked:  # stored fields and snippets only for the hits returned
            fields_ = searcher.stored_fields(doc)
            summary, text, folded = display[doc]
            snippet, spans = make_snippet(text, needles, folded=folded)
            results.append(Hit(id=fields_["id"], title=fields_["title"], lang=fields_["lang"], score=score,
                               snippet=snippet, highlights=tuple(spans), category=fields_.get("category", ""),
                               summary=summary))
        return results

    def _docs(self, lang: str | None, filters: dict[str, Any]) -> set[int] | None:
        """Document numbers of ``lang`` passing the filters (Whoosh queries, cached); None: no condition."""
        from whoosh.query import And, Or, Term

        wanted: list[tuple[str, tuple[str, ...]]] = []
        for name, values in sorted(filters.items()):
            field = {"category": "category", "wallets": "wallets", "wallet": "wallets",
                     "applies_to": "applies_to"}.get(name)
            if field is None:
                raise ValueError(f"unknown filter: {name}")
            chosen = {values} if isinstance(values, str) else set(values)
            if field == "applies_to":  # an article for "all" kinds matches every kind
                chosen.add("all")
            wanted.append((field, tuple(sorted(chosen))))
        if lang is None and not wanted:
            return None
        key = (lang, tuple(wanted))
        if key not in self._allowed:
            parts = [Term("lang", lang)] if lang is not None else []
            parts += [Or([Term(field, value) for value in values]) for field, values in wanted]
            self._allowed[key] = set(self._searcher.docs_for_query(And(parts)))
        return self._allowed[key]

    def _range(self, lang: str | None) -> range | None:
        """The document numbers of ``lang`` when they are contiguous (they are, as built), else None."""
        if lang not in self._ranges:
            docs = self._docs(lang, {}) if lang is not None else None
            span = range(min(docs), max(docs) + 1) if docs else None
            self._ranges[lang] = span if span is not None and len(span) == len(docs or ()) else None
        return self._ranges[lang]

    def _known(self, term: str) -> int:
        """In how many documents ``term`` occurs; 0 when unknown or only in synonyms (maybe a typo)."""
        if self._vocabulary and term not in self._vocabulary:
            return 0
        return self.document_frequency(term)

    def document_frequency(self, term: str) -> int:
        """In how many documents ``term`` occurs in any text field (cached)."""
        from walletcare.faq.ranking import TERMS

        if term not in self._frequency:
            self._frequency[term] = self._searcher.reader().doc_frequency(TERMS, term)
        return self._frequency[term]

    def _fuzzy(self, word: str) -> tuple[str, str] | None:
        """The best article word within edit distance 1 (2 from 6 letters), as (term, surface word)."""
        if word not in self._fuzzy_cache:
            self._fuzzy_cache[word] = self._find_fuzzy(word)
        return self._fuzzy_cache[word]

    def _find_fuzzy(self, word: str) -> tuple[str, str] | None:
        vocabulary = self._vocabulary
        allowed = 1 if len(word) <= 5 else 2
        stem = analysis.stem(word)
        best: tuple[float, str] | None = None
        for term in self._buckets.get(stem[:1], ()):
            if len(term) < 3 or term == stem or abs(len(term) - len(stem)) > allowed + 1:
                continue
            # judge the typo against the word people read, not only the stem ("pendng" ~ "pending")
            distance = edit_distance(word, vocabulary.get(term, term), allowed)
            if distance > allowed:
                distance = edit_distance(stem, term, allowed)
            if distance > allowed:
                continue
            key = (math.log(self.document_frequency(term) + 1) - 1.5 * distance, term)
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
