"""Building the help search index: one Whoosh document per article and language (title, summary, tags and
synonyms, body, and single Han characters for one-character queries, all analysed by
:mod:`walletcare.faq.tokenizer`), then the compiled score table queries read
(:mod:`walletcare.faq.compiled`), with the English vocabulary for typo correction and the prepared synonym
table. Runs in the calling thread (call it off the GUI thread) and reports progress.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from walletcare.faq import analysis
from walletcare.faq.content import Article, Library
from walletcare.faq.synonyms import SynonymTable

Progress = Callable[[int, int], None]


def schema() -> Any:
    """The Whoosh schema."""
    from whoosh.fields import ID, KEYWORD, TEXT, Schema

    from walletcare.faq.tokenizer import HanBigramTokenizer

    bigrams = HanBigramTokenizer()
    return Schema(
        key=ID(unique=True), id=ID(stored=True), lang=ID(stored=True), category=ID(stored=True),
        wallets=KEYWORD(commas=True), applies_to=KEYWORD(commas=True),
        title=TEXT(analyzer=bigrams, stored=True, phrase=False),
        summary=TEXT(analyzer=bigrams, phrase=False),
        keywords=TEXT(analyzer=bigrams, phrase=False),
        body=TEXT(analyzer=bigrams, phrase=False),
        chars=TEXT(analyzer=HanBigramTokenizer(unigrams=True), phrase=False),
    )


def document(article: Article) -> tuple[dict[str, Any], dict[str, Any]]:
    """The Whoosh fields of an article and its display data for the compiled index."""
    plain = article.plain_text()
    keywords = " \n".join([*article.tags, *article.synonyms])
    fields = {
        "key": f"{article.id}/{article.lang}", "id": article.id, "lang": article.lang,
        "category": article.category, "wallets": ",".join(article.wallets),
        "applies_to": ",".join(article.applies_to), "title": article.title, "summary": article.summary,
        "keywords": keywords, "body": plain,
        "chars": "\n".join([article.title, article.summary, keywords, plain]),
    }
    flat = " ".join(plain.split())
    display = {
        "id": article.id, "lang": article.lang, "title": article.title, "summary": article.summary,
        "category": article.category, "wallets": list(article.wallets), "applies_to": list(article.applies_to),
        "phrases": sorted({p for p in (analysis.normalize(x).strip() for x in (article.title, *article.tags,
                                                                               *article.synonyms)) if len(p) >= 2}),
        "text": flat, "folded": analysis.normalize(flat),
    }
    return fields, display


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
    """Writes a complete index of ``library`` into the empty ``folder``.

    Args:
        library: the articles (every language is indexed).
        folder: an empty folder.
        synonyms: the synonym table stored with the index.
        progress: called as ``progress(done, total)``: first per article, then while compiling.
    """
    from whoosh import index

    from walletcare.faq.compiled import compile_index

    folder.mkdir(parents=True, exist_ok=True)
    ix = index.create_in(str(folder), schema())
    articles = list(library)
    total = len(articles) + 1
    displays = []
    writer = ix.writer(limitmb=128)
    try:
        for done, article in enumerate(articles, 1):
            fields, display = document(article)
            writer.add_document(**fields)
            displays.append(display)
            if progress is not None:
                progress(done, total)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    extra = {"vocabulary": surface_words(articles), "synonyms": synonyms.to_data()}
    with ix.reader() as reader:
        compile_index(reader, folder, displays, extra)
    ix.close()
    if progress is not None:
        progress(total, total)
