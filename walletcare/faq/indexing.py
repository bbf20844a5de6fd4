"""Building the help search index with Whoosh: one document per article and language, the documents of each
language next to each other (a query reads one language's stretch of each posting list). The article's
parts (title, summary, tags and synonyms, body) are analysed by the Whoosh analyzers of
:mod:`walletcare.faq.tokenizer`; a first pass gathers the corpus statistics, a second writes each document
with its terms' impacts (:mod:`walletcare.faq.ranking`) as the posting weights of two fields, ``terms`` and
``chars`` (single Han characters, for one-character queries), plus the filter fields and the stored fields
for hits and snippets. Beside the index ``walletcare.meta`` holds the English vocabulary for typo
correction and the prepared synonym table. Runs in the calling thread (call it off the GUI thread) and
reports progress.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from walletcare.faq import analysis
from walletcare.faq.content import LANGS, Article, Library
from walletcare.faq.synonyms import SynonymTable

if TYPE_CHECKING:
    from walletcare.faq.ranking import FieldStats

Progress = Callable[[int, int], None]
CHAR_PART = "chars"
META_FILE = "walletcare.meta"
META_FORMAT = 1


def schema() -> Any:
    """The Whoosh schema."""
    from whoosh.columns import PickleColumn, VarBytesColumn
    from whoosh.fields import COLUMN, ID, KEYWORD, STORED, Schema

    from walletcare.faq.ranking import ImpactField

    return Schema(
        key=ID(unique=True), id=ID(stored=True), lang=ID(stored=True), category=ID(stored=True),
        wallets=KEYWORD(commas=True), applies_to=KEYWORD(commas=True),
        title=STORED(), terms=ImpactField(), chars=ImpactField(),
        # read per hit, uncompressed (Whoosh's stored fields are zlib-compressed: 18 µs a document to read)
        phrases=COLUMN(PickleColumn(VarBytesColumn())), display=COLUMN(PickleColumn(VarBytesColumn())),
    )


def parts(article: Article) -> dict[str, str]:
    """The texts of an article scored separately: title, keywords (tags and synonyms), summary, body, and
    all of them for the single-character part."""
    plain = article.plain_text()
    keywords = " \n".join([*article.tags, *article.synonyms])
    return {"title": article.title, "keywords": keywords, "summary": article.summary, "body": plain,
            "chars": "\n".join([article.title, article.summary, keywords, plain])}


def analyse(texts: dict[str, str], text: Any, chars: Any) -> dict[str, dict[str, int]]:
    """Part → term → frequency, with the Whoosh analyzers ``text`` (and ``chars`` for the ``chars`` part)."""
    counts: dict[str, dict[str, int]] = {}
    for part, value in texts.items():
        found: dict[str, int] = {}
        for token in (chars if part == CHAR_PART else text)(value):
            found[token.text] = found.get(token.text, 0) + 1
        counts[part] = found
    return counts


def document(article: Article, counts: dict[str, dict[str, int]], stats: FieldStats) -> dict[str, Any]:
    """The Whoosh fields of an article: ``phrases`` (title, tags and synonyms, normalised) for the re-ranking,
    ``display`` (summary, text, normalised text) for the hit and its snippet."""
    from walletcare.faq.ranking import CHAR_FIELDS, TEXT_FIELDS

    flat = " ".join(article.plain_text().split())
    phrases = sorted({p for p in (analysis.normalize(x).strip() for x in (article.title, *article.tags,
                                                                          *article.synonyms)) if len(p) >= 2})
    return {
        "key": f"{article.id}/{article.lang}", "id": article.id, "lang": article.lang,
        "category": article.category, "wallets": ",".join(article.wallets),
        "applies_to": ",".join(article.applies_to), "title": article.title,
        "terms": stats.impacts(counts, TEXT_FIELDS), "chars": stats.impacts(counts, CHAR_FIELDS),
        "phrases": tuple(phrases), "display": (article.summary, flat, analysis.normalize(flat)),
    }


def surface_words(articles: Iterable[Article]) -> dict[str, str]:
    """English term → the most frequent word with that term (for "did you mean").

    Synonyms are left out: they may hold typos on purpose ("withdrawl"), which must never be suggested.
    """
    counts: dict[str, dict[str, int]] = {}
    for article in articles:
        text = analysis.normalize(" ".join([article.title, article.summary, *article.tags, article.body]))
        for piece in analysis.pieces(text):
            bare = piece.replace("'", "")
            term = analysis.latin_term(piece) if bare.isalpha() and bare.isascii() and len(bare) > 2 else None
            if term:
                forms = counts.setdefault(term, {})
                forms[piece] = forms.get(piece, 0) + 1
    return {s: max(forms, key=lambda w: forms[w]) for s, forms in counts.items()}


def build_index(library: Library, folder: Path, synonyms: SynonymTable, progress: Progress | None = None) -> None:
    """Writes a complete index of ``library`` into the empty ``folder`` (one optimised segment).

    Args:
        library: the articles (every language is indexed; the documents of a language are contiguous).
        folder: an empty folder.
        synonyms: the synonym table stored with the index.
        progress: called as ``progress(done, total)`` per article and pass (two passes), then once more when
            the index is written.
    """
    from whoosh import index
    from whoosh.codec.whoosh3 import W3Codec

    from walletcare.faq.ranking import FieldStats
    from walletcare.faq.tokenizer import char_analyzer, text_analyzer

    folder.mkdir(parents=True, exist_ok=True)
    ix = index.create_in(str(folder), schema())
    articles = sorted(library, key=lambda a: LANGS.index(a.lang) if a.lang in LANGS else len(LANGS))
    total = 2 * len(articles) + 1
    text, chars = text_analyzer(), char_analyzer()
    stats = FieldStats()
    analysed: list[bytes] = []  # each document's term counts, marshalled (a tenth of the memory of the dicts)
    for done, article in enumerate(articles, 1):  # first pass: the corpus statistics the impacts need
        counts = analyse(parts(article), text, chars)
        stats.add(counts)
        analysed.append(marshal.dumps(counts))
        if progress is not None:
            progress(done, total)
    # posting blocks uncompressed: zlib cost more to read than it saved
    writer = ix.writer(limitmb=128, codec=W3Codec(compression=0), compound=False)
    try:
        for number, article in enumerate(articles):
            counts = marshal.loads(analysed[number])
            analysed[number] = b""  # freed as the documents are written
            writer.add_document(**document(article, counts, stats))
            if progress is not None:
                progress(len(articles) + number + 1, total)
        writer.commit(optimize=True)
    except BaseException:
        writer.cancel()
        raise
    finally:
        ix.close()
    meta = {"format": META_FORMAT, "vocabulary": surface_words(articles), "synonyms": synonyms.to_data()}
    (folder / META_FILE).write_bytes(marshal.dumps(meta))
    if progress is not None:
        progress(total, total)


def read_meta(folder: Path) -> dict[str, Any]:
    """The vocabulary and synonym table stored beside the index.

    Raises:
        ValueError: the file is not one this version wrote (damaged or of another format).
        OSError: it cannot be read.
    """
    data = marshal.loads((folder / META_FILE).read_bytes())
    if not isinstance(data, dict) or data.get("format") != META_FORMAT:
        raise ValueError("search index metadata of another format")
    return data
