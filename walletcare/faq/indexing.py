"""Building the help search index with Whoosh: one document per article and language (title, summary, tags
and synonyms, body, and single Han characters for one-character queries, analysed by
:mod:`walletcare.faq.tokenizer`), stored fields for the hits and their snippets, the documents of each
language next to each other (a query reads one language's stretch of each posting list), and beside the
index ``walletcare.meta``: the English vocabulary for typo correction and the prepared synonym table.
Runs in the calling thread (call it off the GUI thread) and reports progress.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from walletcare.faq import analysis
from walletcare.faq.content import LANGS, Article, Library
from walletcare.faq.synonyms import SynonymTable

Progress = Callable[[int, int], None]
META_FILE = "walletcare.meta"
META_FORMAT = 1


def schema() -> Any:
    """The Whoosh schema."""
    from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

    from walletcare.faq.tokenizer import char_analyzer, text_analyzer

    text = text_analyzer()
    return Schema(
        key=ID(unique=True), id=ID(stored=True), lang=ID(stored=True), category=ID(stored=True),
        wallets=KEYWORD(commas=True), applies_to=KEYWORD(commas=True),
        title=TEXT(analyzer=text, stored=True, phrase=False),
        summary=TEXT(analyzer=text, phrase=False),
        keywords=TEXT(analyzer=text, phrase=False),
        body=TEXT(analyzer=text, phrase=False),
        chars=TEXT(analyzer=char_analyzer(), phrase=False),
        display=STORED(),
    )


def document(article: Article) -> dict[str, Any]:
    """The Whoosh fields of an article; ``display`` holds what a hit shows (summary, phrases, snippet text)."""
    plain = article.plain_text()
    keywords = " \n".join([*article.tags, *article.synonyms])
    flat = " ".join(plain.split())
    phrases = sorted({p for p in (analysis.normalize(x).strip() for x in (article.title, *article.tags,
                                                                          *article.synonyms)) if len(p) >= 2})
    return {
        "key": f"{article.id}/{article.lang}", "id": article.id, "lang": article.lang,
        "category": article.category, "wallets": ",".join(article.wallets),
        "applies_to": ",".join(article.applies_to), "title": article.title, "summary": article.summary,
        "keywords": keywords, "body": plain,
        "chars": "\n".join([article.title, article.summary, keywords, plain]),
        "display": (article.summary, tuple(phrases), flat, analysis.normalize(flat)),
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
        progress: called as ``progress(done, total)`` per article, then once more when the index is written.
    """
    from whoosh import index
    from whoosh.codec.whoosh3 import W3Codec

    folder.mkdir(parents=True, exist_ok=True)
    ix = index.create_in(str(folder), schema())
    articles = sorted(library, key=lambda a: LANGS.index(a.lang) if a.lang in LANGS else len(LANGS))
    total = len(articles) + 1
    # posting blocks uncompressed: zlib cost more to read than it saved
    writer = ix.writer(limitmb=128, codec=W3Codec(compression=0), compound=False)
    try:
        for done, article in enumerate(articles, 1):
            writer.add_document(**document(article))
            if progress is not None:
                progress(done, total)
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
