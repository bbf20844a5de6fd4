"""How hard a passphrase is to guess, from the zxcvbn estimator (dictionaries of common passwords, names
and words, keyboard patterns, dates, repeats and sequences) rather than from length and character rules.

zxcvbn's own feedback is English; ``rate`` looks at the weakest part it found (the same match zxcvbn
builds its feedback from) and names it with one of our own translated sentences."""

from __future__ import annotations

from dataclasses import dataclass

from walletcare.i18n import N_, _, sentences

MAX_CHARS = 72  # zxcvbn refuses longer input; a passphrase that long is rated on its first 72 characters
ACCEPTABLE_SCORE = 3
SCORE_NAMES = (N_("Very weak"), N_("Weak"), N_("Fair"), N_("Good"), N_("Strong"))
COMMON_DICTIONARIES = ("passwords",)
NAME_DICTIONARIES = ("surnames", "male_names", "female_names")
WARNINGS = {
    "common": N_("This is one of the passwords people use most; it is guessed in seconds."),
    "similar": N_("This looks like a common password with small changes; those are tried early."),
    "word": N_("A single word or name is easy to guess, even with capitals or digits added."),
    "keyboard": N_("Rows or patterns of keys (like “qwerty”) are easy to guess."),
    "repeat": N_("Repeated letters or chunks (like “aaa” or “abcabc”) add little."),
    "sequence": N_("Runs like “abc” or “6543” are easy to guess."),
    "year": N_("Years are easy to guess; leave them out."),
    "date": N_("Dates are easy to guess, especially ones linked to you."),
    "short": N_("It is too short; add a few more unrelated words."),
}
SUGGESTION = N_("Add two or three unrelated words; uncommon ones are best.")


@dataclass(frozen=True)
class Rating:
    """A 0–4 score (4 = strong) and, when it is weak, why (a key of ``WARNINGS``)."""

    score: int
    warning: str | None = None

    @property
    def acceptable(self) -> bool:
        """Strong enough to protect a vault."""
        return self.score >= ACCEPTABLE_SCORE

    def name(self) -> str:
        """"Weak", "Good" ... in the interface language."""
        return _(SCORE_NAMES[self.score])

    def advice(self) -> str:
        """What is wrong and what to do, in the interface language; empty when the score is acceptable."""
        if self.acceptable:
            return ""
        return sentences(_(WARNINGS[self.warning]) if self.warning else "", _(SUGGESTION))


def _category(match: dict[str, object]) -> str | None:
    """Our warning key for one zxcvbn match (mirrors the choice zxcvbn's English feedback makes)."""
    pattern = match.get("pattern")
    if pattern == "dictionary":
        name = match.get("dictionary_name")
        if name in COMMON_DICTIONARIES:
            plain = not match.get("l33t") and not match.get("reversed")
            return "common" if plain else "similar"
        return "word"
    return {"spatial": "keyboard", "repeat": "repeat", "sequence": "sequence", "date": "date",
            "regex": "year"}.get(str(pattern))


def rate(passphrase: str) -> Rating:
    """The rating of ``passphrase`` (the empty one scores 0 with no warning)."""
    if not passphrase:
        return Rating(0)
    from zxcvbn import zxcvbn  # deferred: its word lists take ~50 ms to load, not needed to paint the window

    result = zxcvbn(passphrase[:MAX_CHARS])
    score = int(result["score"])
    if score >= ACCEPTABLE_SCORE:
        return Rating(score)
    sequence = [m for m in result["sequence"] if m.get("pattern") != "bruteforce"]
    if not sequence:
        return Rating(score, "short")
    longest = max(sequence, key=lambda m: len(str(m.get("token", ""))))
    return Rating(score, _category(longest) or "short")
