"""``walletcare search``, ``walletcare help`` and ``walletcare content check`` from the command line (real
index in the test cache folder, shipped articles)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from walletcare import resources


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "walletcare", *args], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def shipped() -> None:
    root = resources.path("articles")
    if not root.is_dir() or not any(root.iterdir()):
        pytest.skip("no shipped articles yet")


def test_search_json_contract(shipped: None) -> None:
    out = run_cli("search", "帳戶被凍結怎麼辦", "--lang", "zh-TW", "--limit", "3", "--json")
    assert out.returncode == 0, out.stderr
    hits = json.loads(out.stdout)
    assert 1 <= len(hits) <= 3
    assert all({"id", "title", "lang", "score", "snippet"} <= set(h) for h in hits)
    assert hits[0]["lang"] == "zh-TW" and hits[0]["id"] == "account-frozen"
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


def test_search_human_output_with_did_you_mean(shipped: None) -> None:
    out = run_cli("--lang", "en", "search", "withdrawel", "pending", "--lang", "en")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("Did you mean: withdrawal pending?")
    assert "1. " in out.stdout and "walletcare help " in out.stdout


def test_search_nothing_found_and_bad_limit(shipped: None) -> None:
    out = run_cli("--lang", "en", "search", "qqqzzzxxy")
    assert out.returncode == 0 and "No help article matches" in out.stdout
    assert run_cli("search", "x", "--limit", "0").returncode == 2


def test_help_renders_an_article_for_the_terminal(shipped: None) -> None:
    out = run_cli("--lang", "zh-CN", "help", "payment-deducted-not-received")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] and set(lines[1]) == {"="}
    assert "**" not in out.stdout and "](article:" not in out.stdout
    assert "相关内容：" in out.stdout and "walletcare help " in out.stdout
    english = run_cli("--lang", "en", "help", "payment-deducted-not-received", "--lang", "en")
    assert english.stdout.splitlines()[0] != lines[0]


@pytest.mark.parametrize("article_id", ["no-such-article", "../etc", "A B"])
def test_help_unknown_article_exits_2(article_id: str) -> None:
    out = run_cli("--lang", "en", "help", article_id)
    assert out.returncode == 2 and "There is no help article" in out.stderr and "Traceback" not in out.stderr


def test_content_check_json(shipped: None) -> None:
    out = run_cli("content", "check", "--json")
    report = json.loads(out.stdout)
    assert report["articles"] >= 1 and isinstance(report["problems"], list)
    assert out.returncode == (0 if report["ok"] else 1)
    assert all({"code", "where", "message"} <= set(p) for p in report["problems"])
