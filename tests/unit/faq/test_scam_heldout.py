"""The scam checker against the held-out set of issue #22 (``benchmarks/data/scam_heldout.jsonl``), written by
someone who saw neither the rules nor the training corpus. Targets: recall (medium or high) at least 95%,
no benign message rated high, at most 5% of benign messages rated medium."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest

from benchmarks.bench_scam_heldout import TUNED, evaluate, load
from walletcare.faq.scam import ScamChecker

# Every set read while the rules were changed (its first figures taken, then tuned against) must keep meeting
# the targets.


@functools.cache
def _checker() -> ScamChecker:
    return ScamChecker.load()


@functools.cache
def _evaluated(path: Path) -> dict[str, Any]:
    """Each set scored once, by the full checker only (loaded once), for both tests."""
    return evaluate(load(path), alone=False, checker=_checker())


@pytest.mark.parametrize("path", TUNED, ids=lambda path: path.name)
def test_held_out_targets(path: Path) -> None:
    assert path.is_file(), f"benchmarks/data/{path.name} is part of the project"
    items = load(path)
    assert len(items) >= 400 and {i["lang"] for i in items} == {"zh-CN", "zh-TW", "en"}
    summary = _evaluated(path)["summary"]["overall"]
    assert summary["recall"] >= 0.95, summary
    assert summary["benign_high"] == 0, summary
    assert summary["benign_medium_share"] <= 0.05, summary


@pytest.mark.parametrize("path", TUNED, ids=lambda path: path.name)
def test_held_out_recall_per_language(path: Path) -> None:
    by_lang = _evaluated(path)["summary"]["by_lang"]
    for lang, tally in by_lang.items():
        assert tally["recall"] >= 0.9, (lang, tally)
        assert tally["benign_high"] == 0, (lang, tally)
