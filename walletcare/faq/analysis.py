"""Text analysis shared by the search index and its queries: normalisation (full-width to half-width, lower
case, Traditional to Simplified Chinese with OpenCC ``t2s`` so both scripts meet), then terms — overlapping
character bigrams for runs of Han characters (the single character for a one-character run), and Porter-
stemmed words for Latin text, minus a few English stop words. No dictionary segmentation (jieba) is used:
bigrams find 提现 inside 提现金额 where a segmenter loses it. ``walletcare.faq.tokenizer`` builds the Whoosh
analyzers from the same functions.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RUN = re.compile(f"[{HAN}]+")
_PIECES = re.compile(f"[{HAN}]+|[a-z0-9]+(?:'[a-z]+)?")
_BRITISH_ISE = re.compile(r"^(\w{3,})is(e|ed|es|ing|ation|ations)$")  # recognise → recognize
_WIDE = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)} | {0x3000: 0x20, 0x2019: 0x27, 0x2018: 0x27}

STOP_WORDS = frozenset(
    "a an and are as at be but by for from has have how i if in into is it its me my of on or our so than that "
    "the their them then there these they this to was we what when where which who why will with you your do "
    "does did can could should would im not no".split()
)

_converter_lock = threading.Lock()
_converter: Any = None


def _t2s() -> Any:
    global _converter
    if _converter is None:
        with _converter_lock:
            if _converter is None:
                import opencc

                _converter = opencc.OpenCC("t2s")
    return _converter


def to_simplified(text: str) -> str:
    """Traditional → Simplified Chinese (OpenCC ``t2s``); text without Han characters is returned as is."""
    if not _HAN_RUN.search(text):
        return text
    converted: str = _t2s().convert(text)
    return converted


def normalize(text: str) -> str:
    """Half-width, lower case, Simplified: the form both index and queries are analysed in.

    Keeps the length for ordinary text, so offsets in the result point into the original (the snippet code
    checks this and falls back when a conversion changed the length).
    """
    return to_simplified(text.translate(_WIDE).lower())


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """The Porter stem of an English word (digits and mixed tokens such as ``trc20`` unchanged)."""
    if not word.isalpha() or len(word) < 3:
        return word
    from whoosh.lang.porter import stem as porter

    stemmed: str = porter(word)
    return stemmed


def han_terms(run: str) -> list[str]:
    """Overlapping bigrams of a Han run; the character itself when the run is one character."""
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def pieces(normalized: str) -> list[str]:
    """Han runs and Latin words of already normalised text, in order (stop words kept)."""
    return _PIECES.findall(normalized)


def piece_matches(normalized: str) -> Iterator[re.Match[str]]:
    """Like :func:`pieces`, as regex matches (with their offsets)."""
    return _PIECES.finditer(normalized)


def is_han(piece: str) -> bool:
    """Whether ``piece`` is a run of Han characters."""
    return bool(_HAN_RUN.fullmatch(piece))


def latin_term(word: str) -> str | None:
    """The index term of one Latin word, or None for a stop word."""
    word = word.replace("'", "")
    if word in STOP_WORDS:
        return None
    return stem(_BRITISH_ISE.sub(r"\1iz\2", word))


def terms(text: str, *, normalized: bool = False) -> list[str]:
    """The index terms of ``text`` in order: Han bigrams (or single characters) and stemmed Latin words.

    Args:
        text: any text in any of the three languages.
        normalized: True when ``text`` already went through :func:`normalize`.
    """
    out: list[str] = []
    for piece in pieces(text if normalized else normalize(text)):
        if is_han(piece):
            out.extend(han_terms(piece))
        else:
            term = latin_term(piece)
            if term:
                out.append(term)
    return out


def characters(text: str) -> list[str]:
    """Every Han character of ``text`` (normalised), for the one-character-query field."""
    return [ch for run in _HAN_RUN.findall(normalize(text)) for ch in run]
