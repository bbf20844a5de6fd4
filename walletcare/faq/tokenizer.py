"""The Whoosh analyzers of the help index, built from the functions of :mod:`walletcare.faq.analysis` so that
index and queries always agree:

- :class:`PieceTokenizer` normalises the whole text (half-width, lower case, OpenCC ``t2s``: the converter
  needs whole phrases, so this happens before the text is cut) and yields its Han runs and Latin words;
- :class:`HanBigramFilter` turns a Han run into overlapping bigrams (the character of a one-character run);
- :class:`HanCharFilter` turns a Han run into its single characters and drops Latin words (the field for
  one-character queries);
- :class:`LatinTermFilter` drops English stop words and stems the rest (Porter, British ``-ise`` as ``-ize``).

``text_analyzer()`` = tokenizer | bigrams | Latin terms; ``char_analyzer()`` = tokenizer | characters.
Only the search package imports this module (and Whoosh).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from whoosh.analysis import Filter, Token, Tokenizer

from walletcare.faq.analysis import han_terms, is_han, latin_term, normalize, piece_matches


class PieceTokenizer(Tokenizer):
    """Normalises the text and yields one token per Han run or Latin word (offsets into the original text)."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self).__name__)

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for index, match in enumerate(piece_matches(normalize(value))):
            token.text = match.group()
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = token.text
            if positions:
                token.pos = start_pos + index
            if chars:
                token.startchar = start_char + match.start()
                token.endchar = start_char + match.end()
            yield token


class HanBigramFilter(Filter):
    """A Han run becomes its overlapping bigrams (the character itself for a one-character run)."""

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        for token in tokens:
            text = token.text
            if not is_han(text):
                yield token
                continue
            for term in han_terms(text):
                token.text = term
                yield token


class HanCharFilter(Filter):
    """A Han run becomes its single characters; Latin words are dropped."""

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        for token in tokens:
            text = token.text
            if is_han(text):
                for char in text:
                    token.text = char
                    yield token


class LatinTermFilter(Filter):
    """A Latin word becomes its index term (stemmed); stop words are dropped. Han terms pass unchanged."""

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        for token in tokens:
            text = token.text
            if is_han(text):
                yield token
                continue
            term = latin_term(text)
            if term:
                token.text = term
                yield token


def text_analyzer() -> Any:
    """Han bigrams and stemmed Latin words: the same terms as :func:`walletcare.faq.analysis.terms`."""
    return PieceTokenizer() | HanBigramFilter() | LatinTermFilter()


def char_analyzer() -> Any:
    """Single Han characters: the same as :func:`walletcare.faq.analysis.characters`."""
    return PieceTokenizer() | HanCharFilter()
