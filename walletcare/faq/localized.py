"""Texts carried in three languages inside content data (wizards, red-flag rules).

Content files give ``zh-CN`` and ``en``; ``zh-TW`` is generated from ``zh-CN`` with OpenCC ``s2twp`` (Taiwan
phrases) plus the Taiwan fixes of ``walletcare.faq.traditional`` (帳 for accounts and bills, 「」 quotes ...),
unless the file gives its own ``zh-TW`` override. The converter is loaded on first use, so importing this module stays cheap.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from walletcare.faq.traditional import convert
from walletcare.i18n import LANGUAGES

LANGS = LANGUAGES


@cache
def _s2twp() -> Any:
    import opencc

    return opencc.OpenCC("s2twp")


@cache
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


@cache
def _s2t() -> Any:
    import opencc

    return opencc.OpenCC("s2t")


def to_traditional(text: str) -> str:
    """Simplified → Traditional Chinese (OpenCC ``s2t``), character for character, no change of wording."""
    return str(_s2t().convert(text))


def to_taiwan(text: str) -> str:
    """Simplified → Traditional Chinese with Taiwan usage (帳戶, 簡訊, 資訊).

    Args:
        text: Simplified Chinese text.

    Returns:
        The Traditional Chinese text.
    """
    return convert(text, _s2twp())


def to_simplified(text: str) -> str:
    """Traditional → Simplified Chinese (OpenCC ``t2s``), character for character.

    Args:
        text: any text; non-Chinese characters pass unchanged.

    Returns:
        The text in Simplified characters.
    """
    converted: str = _t2s().convert(text)
    return converted


def localized(value: Any) -> dict[str, str]:
    """Reads a content text: a mapping of language → text, completed with a generated ``zh-TW``.

    A plain string is taken as the same text in every language (for codes and names).

    Args:
        value: the YAML value (mapping or string).

    Returns:
        A dict with the languages found, plus ``zh-TW`` when only ``zh-CN`` was given.

    Raises:
        TypeError: the value is neither a mapping nor a string.
    """
    if isinstance(value, str):
        return dict.fromkeys(LANGS, value)
    if not isinstance(value, Mapping):
        raise TypeError(f"expected a text in three languages, got {type(value).__name__}")
    texts = {str(k): str(v) for k, v in value.items() if v is not None}
    if "zh-TW" not in texts and "zh-CN" in texts:
        texts["zh-TW"] = to_taiwan(texts["zh-CN"])
    return texts


def pick(texts: Mapping[str, str], lang: str) -> str:
    """The text in ``lang``, falling back to zh-CN, then English, then whatever there is.

    Args:
        texts: language → text.
        lang: the wanted language.

    Returns:
        The best available text ("" when there is none).
    """
    for candidate in (lang, "zh-CN" if lang == "zh-TW" else "en", "zh-CN", "en"):
        if texts.get(candidate):
            return texts[candidate]
    return next(iter(texts.values()), "")


def missing_languages(texts: Mapping[str, str]) -> list[str]:
    """Languages of :data:`LANGS` without a non-empty text.

    Args:
        texts: language → text.

    Returns:
        The missing language codes, in :data:`LANGS` order.
    """
    return [lang for lang in LANGS if not str(texts.get(lang, "")).strip()]
