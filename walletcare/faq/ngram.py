"""The scam checker's statistical second opinion: a character n-gram naive Bayes model.

The text, in the checker's normal form (NFKC, Simplified characters, lower case) with every digit read as
``0``, is cut into character 1- to 4-grams. Each known n-gram carries a weight, the log ratio of how often
it occurs in scam scripts and in benign messages of the training corpus (``tools/train_scam_model.py``;
the weights ship as ``resources/safety/ngram_model.json``). A window of the text (a message, or a stretch
of a long chat) scores the sum of its n-grams' weights (naive Bayes log odds, unknown n-grams counting
zero); the text scores its best window. Above the model's threshold the text *resembles* scam scripts, and the family whose own
n-grams weigh most in that window is named with the words that weighed most.

Pure Python, no runtime download; a 2 KB text takes a few milliseconds. The model never lowers a rule's
verdict and, on its own, never gives more than ``medium`` (see ``docs/scam-checker.md``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from walletcare import resources

_DIGIT = re.compile(r"\d")
_SPACE = re.compile(r"\s")
_WORD_CHAR = re.compile(r"[a-z0-9'@._-]")
_PUNCT = re.compile(r"[\s,.;:!?，。；：！？、()（）\"'“”「」]")


def model_text(norm: str) -> str:
    """The model's form of a normalised text: digits read as ``0``, any white space as one space (same
    length, so offsets map back to the text).

    Args:
        norm: the text in the checker's normal form.

    Returns:
        The text the n-grams are cut from.
    """
    return _SPACE.sub(" ", _DIGIT.sub("0", norm))


def ngrams(text: str, low: int = 1, high: int = 4) -> list[tuple[int, str]]:
    """Every character n-gram of ``text`` with its start, shortest first at each position.

    Args:
        text: the model's form of a text.
        low: the shortest n-gram.
        high: the longest n-gram.

    Returns:
        ``(start, gram)`` pairs; n-grams made only of spaces are left out.
    """
    out = []
    for i in range(len(text)):
        for n in range(low, high + 1):
            gram = text[i : i + n]
            if len(gram) < n:
                break
            if not gram.isspace():
                out.append((i, gram))
    return out


@dataclass(frozen=True)
class Opinion:
    """What the model thinks of a text."""

    score: float
    threshold: float
    family: str | None
    words: tuple[str, ...]

    @property
    def resembles_scam(self) -> bool:
        """True when the text scores at or above the threshold."""
        return self.score >= self.threshold

    def as_json(self) -> dict[str, Any]:
        """The ``scan-text --json`` form."""
        return {"score": round(self.score, 3), "threshold": self.threshold, "resembles_scam": self.resembles_scam,
                "family": self.family, "words": list(self.words)}


class NgramModel:
    """Weights of the trained model; :meth:`opinion` scores a text."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.low, self.high = (int(n) for n in data.get("ngram", (1, 4)))
        self.weights: dict[str, float] = {str(k): float(v) for k, v in data["weights"].items()}
        self.threshold = float(data["threshold"])
        self.threshold_latin = float(data.get("threshold_latin", self.threshold))
        self.window = int(data.get("window", 80))
        self.window_latin = int(data.get("window_latin", 200))
        self.families: dict[str, dict[str, float]] = {
            str(name): {str(k): float(v) for k, v in grams.items()} for name, grams in (data.get("families") or {}).items()
        }

    @classmethod
    def load(cls, path: Path | None = None) -> NgramModel:
        """Reads the shipped weights (``resources/safety/ngram_model.json``) or the given file."""
        source = path or resources.path("safety/ngram_model.json")
        return cls(json.loads(source.read_text(encoding="utf-8")))

    @staticmethod
    def is_latin(text: str) -> bool:
        """True for text written mostly in Latin letters (English), which has its own window and threshold."""
        return sum(1 for c in text if c.isascii() and c.isalpha()) > len(text) * 0.5

    def _windows(self, text: str) -> list[tuple[int, int]]:
        size = self.window_latin if self.is_latin(text) else self.window
        if len(text) <= size * 1.5:
            return [(0, len(text))]
        step = size // 2
        return [(s, min(len(text), s + size)) for s in range(0, max(1, len(text) - step), step)]

    def opinion(self, norm: str, shown: str | None = None) -> Opinion:
        """Scores a normalised text.

        Args:
            norm: the text in the checker's normal form.
            shown: the text as displayed, of the same length as ``norm`` (for the words that weighed most);
                ``norm`` itself when not given.

        Returns:
            The score of the best window, the model's threshold, the closest family and the words.
        """
        text = model_text(norm)
        shown = shown if shown is not None and len(shown) == len(norm) else norm
        threshold = self.threshold_latin if self.is_latin(text) else self.threshold
        if not text.strip():
            return Opinion(0.0, threshold, None, ())
        weights = self.weights
        length = len(text)
        prefix = [0.0] * (length + 1)  # prefix[i]: the weight of every n-gram starting before i
        total = 0.0
        for i in range(length):
            for n in range(self.low, self.high + 1):
                if i + n > length:
                    break
                w = weights.get(text[i : i + n])
                if w is not None:
                    total += w
            prefix[i + 1] = total
        best, best_span = float("-inf"), (0, length)
        for lo, hi in self._windows(text):
            value = prefix[hi] - prefix[lo]
            if value > best:
                best, best_span = value, (lo, hi)
        if best < threshold:
            return Opinion(best, threshold, None, ())
        lo, hi = best_span
        window = [(s, g, weights.get(g, 0.0)) for s, g in ngrams(text[lo:hi], self.low, self.high)]
        window = [(s + lo, g, w) for s, g, w in window]
        return Opinion(best, threshold, self._family(window), _top_words(window, shown))

    def _family(self, window: list[tuple[int, str, float]]) -> str | None:
        totals = {name: sum(grams.get(g, 0.0) for _s, g, _w in window) for name, grams in self.families.items()}
        if not totals:
            return None
        name, total = max(totals.items(), key=lambda kv: kv[1])
        return name if total > 0 else None


# Function words that weigh in the model but mean nothing to a reader as "the words that weighed most":
# an n-gram made only of these characters (我是, 您的, 你们) or one of these English words is not shown.
_FUNCTION_CHARS = frozenset("我你您他她它们的是了在和与也就都这那个吗呢吧啊把被给对为有要请先再")
_FUNCTION_WORDS = frozenset({"i", "i'm", "im", "you", "your", "you're", "we", "we're", "our", "the", "a", "an",
                             "is", "are", "am", "to", "of", "and", "or", "in", "on", "for", "it", "this", "that",
                             "be", "will", "with", "my", "me", "us", "please"})


def _meaningful(word: str) -> bool:
    """False for a function word or an n-gram without two letters of meaning (我是, 付0.5, "your")."""
    letters = [c for c in word if c.isalpha()]
    if word.lower() in _FUNCTION_WORDS or len(letters) < 2:
        return False
    return not all(c in _FUNCTION_CHARS for c in letters)


def _top_words(window: list[tuple[int, str, float]], shown: str, count: int = 4) -> tuple[str, ...]:
    """The words that weighed most: the heaviest 2- to 4-grams, merged where they overlap and widened to
    whole words in Latin text; function words (我是, "your") weigh in the score but are not shown."""
    heavy = sorted(((w, s, s + len(g)) for s, g, w in window
                    if len(g) >= 2 and w > 0 and not _PUNCT.search(g) and _meaningful(g)), reverse=True)[: count * 4]
    spans: list[list[int]] = []
    for _w, s, e in heavy:
        for span in spans:
            if s <= span[1] and e >= span[0]:
                span[0], span[1] = min(span[0], s), max(span[1], e)
                break
        else:
            spans.append([s, e])
    words: list[str] = []
    lowered = shown.lower()
    for s, e in spans:
        while s > 0 and _WORD_CHAR.match(lowered[s - 1]) and _WORD_CHAR.match(lowered[s]):
            s -= 1
        while e < len(shown) and _WORD_CHAR.match(lowered[e]) and _WORD_CHAR.match(lowered[e - 1]):
            e += 1
        word = shown[s:e].strip(" ,.;:!?，。；：！？、")
        if len(word) >= 2 and _meaningful(word) and word not in words:
            words.append(word)
        if len(words) >= count:
            break
    return tuple(words)
