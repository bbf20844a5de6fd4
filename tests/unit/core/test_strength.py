"""Passphrase strength comes from the zxcvbn estimator, not from length and character-class rules."""

from __future__ import annotations

import pytest

from walletcare.i18n import set_language
from walletcare.strength import WARNINGS, rate


@pytest.mark.parametrize("weak", ["password123", "P@ssw0rd123", "qwertyuiop12", "aaaaaaaaaaaaaa", "Password2024!", "iloveyou2024"])
def test_common_and_patterned_passphrases_rate_weak(weak: str) -> None:
    rating = rate(weak)
    assert not rating.acceptable, weak
    assert rating.warning in WARNINGS


def test_unrelated_words_rate_strong() -> None:
    assert rate("tiger lamp ocean velvet").acceptable
    assert rate("correct horse battery staple 42").score == 4


def test_the_weak_part_is_named_by_its_kind() -> None:
    assert rate("password123").warning == "common"
    assert rate("P@ssw0rd").warning == "similar"
    assert rate("qazwsxedc").warning in {"keyboard", "common"}
    assert rate("zzzzzzzzzzzz").warning == "repeat"
    assert rate("2026-12-06").warning == "date"


def test_advice_is_ours_and_translated() -> None:
    set_language("zh-CN")
    try:
        advice = rate("password123").advice()
        assert "最常被人使用" in advice and "common" not in advice
        assert "。 " not in advice
        set_language("zh-TW")
        assert "最常被人使用的密碼" in rate("password123").advice()
        set_language("en")
        assert rate("password123").advice().startswith("This is one of the passwords people use most; it is guessed in seconds. Add")
        assert rate("tiger lamp ocean velvet").advice() == ""
    finally:
        set_language("zh-CN")


def test_passphrases_longer_than_the_estimator_takes_are_rated() -> None:
    assert rate("word " * 40).score >= 0
    assert rate("an unusual passphrase with many words that goes on " * 3).acceptable
