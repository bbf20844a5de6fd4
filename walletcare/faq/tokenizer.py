"""The Whoosh tokenizer of the help index: the terms of :mod:`walletcare.faq.analysis` (Han bigrams,
stemmed Latin words) or single Han characters, as Whoosh tokens. Only index building imports it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whoosh.analysis import Token, Tokenizer

from walletcare.faq.analysis import characters, terms


class HanBigramTokenizer(Tokenizer):
    """Whoosh tokenizer producing :func:`terms` (or :func:`characters` with ``unigrams=True``)."""

    def __init__(self, unigrams: bool = False) -> None:
        self.unigrams = unigrams

    def __eq__(self, other: object) -> bool:
        return isinstance(other, HanBigramTokenizer) and other.unigrams == self.unigrams

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.unigrams))

    def __call__(  # noqa: PLR0913 - Whoosh's tokenizer protocol
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
        found = characters(value) if self.unigrams else terms(value)
        for index, text in enumerate(found):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = text
            if positions:
                token.pos = start_pos + index
            if chars:
                token.startchar = token.endchar = start_char
            yield token
