"""Tests for the wizard engine and the shipped wizards: every path of every wizard ends in a valid outcome."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from walletcare.errors import InvalidInput, Refused, UsageError
from walletcare.faq.callprep import CHECKLIST_ITEMS
from walletcare.faq.wizard_check import REQUIRED_IDS
from walletcare.faq.wizard_format import OUTCOMES, load_wizards
from walletcare.faq.wizards import Wizard, WizardRun, validate_wizards

WIZARDS = load_wizards()
SAMPLE = {"amount": "128.50 CNY", "date": "2026-11-20", "provider": "Alipay", "account": "1234", "order_no": "A1"}


def test_shipped_wizards_are_valid_and_complete() -> None:
    assert validate_wizards() == []
    assert set(REQUIRED_IDS) <= set(WIZARDS)
    assert len(WIZARDS) >= 14


@pytest.mark.parametrize("wizard_id", sorted(WIZARDS))
@pytest.mark.parametrize("lang", ["zh-CN", "zh-TW", "en"])
def test_every_path_ends_in_a_valid_outcome(wizard_id: str, lang: str) -> None:
    wizard = WIZARDS[wizard_id]
    finished: list[list[str]] = []
    seen_ends: set[str] = set()

    def record(moves: list[str], r: WizardRun) -> None:
        outcome = r.outcome
        assert outcome is not None, moves
        assert outcome.kind in OUTCOMES
        assert r.node.progress == 1.0
        if outcome.kind != "solved":
            assert outcome.text.strip(), (wizard_id, r.node.id)
        if outcome.kind == "contact-provider":
            assert outcome.checklist and all(k in CHECKLIST_ITEMS for k in outcome.checklist)
        if outcome.kind in ("open-case", "contact-provider"):
            assert outcome.case is not None and outcome.case.title
        text = r.transcript_text()
        assert wizard.title(lang) in text
        seen_ends.add(r.node.id)
        finished.append(moves)

    def walk_check(r: WizardRun, moves: list[str]) -> None:
        """Depth-first over every answer, using back() to return to the branch point."""
        assert len(moves) < 40, moves
        if r.finished:
            record(moves, r)
            return
        node = r.node
        if node.kind == "ask":
            for i in range(len(node.options)):
                r.choose(i)
                walk_check(r, [*moves, str(i)])
                r.back()
        elif node.kind == "check":
            for move in (WizardRun.worked, WizardRun.failed):
                move(r)
                walk_check(r, [*moves, move.__name__])
                r.back()
        else:
            r.answer(SAMPLE[node.field])
            walk_check(r, [*moves, "answer"])
            r.back()
            if node.optional:
                r.skip()
                walk_check(r, [*moves, "skip"])
                r.back()

    run = WizardRun(wizard, lang)
    walk_check(run, [])
    assert run.node.id == wizard.start and run.transcript() == []
    assert seen_ends == {n.id for n in wizard.nodes.values() if n.kind == "end"}
    assert len(finished) >= len(seen_ends)


def _tiny() -> Wizard:
    from walletcare.faq.wizard_format import parse_wizard

    return parse_wizard({
        "id": "tiny", "title": {"zh-CN": "小向导", "en": "Tiny"}, "start": "q",
        "nodes": {
            "q": {"ask": {"zh-CN": "哪个？", "en": "Which?"}, "options": [
                {"label": {"zh-CN": "甲", "en": "A"}, "next": "amount", "set": {"provider": {"zh-CN": "支付宝", "en": "Alipay"}}},
                {"label": {"zh-CN": "乙", "en": "B"}, "next": "try"},
            ]},
            "amount": {"input": {"zh-CN": "金额？", "en": "Amount?"}, "field": "amount", "next": "date"},
            "date": {"input": {"zh-CN": "日期？", "en": "Date?"}, "field": "date", "optional": True, "next": "case"},
            "try": {"check": {"zh-CN": "重启", "en": "Restart"}, "worked": "ok", "failed": "call"},
            "call": {"end": "contact-provider", "checklist": ["order-no", "amount"], "text": {"zh-CN": "联系", "en": "Call"}},
            "case": {"end": "open-case", "text": {"zh-CN": "建案", "en": "Case"}},
            "ok": {"end": "solved"},
        },
    })


def test_run_moves_back_restart_and_prefill() -> None:
    run = WizardRun(_tiny(), "en")
    assert run.node.kind == "ask" and run.node.options == ("A", "B")
    assert run.node.progress == 0.0
    with pytest.raises(UsageError):
        run.worked()
    with pytest.raises(UsageError):
        run.choose(5)
    run.choose(0)
    assert run.node.kind == "input" and run.node.field == "amount"
    with pytest.raises(InvalidInput):
        run.answer("lots")
    with pytest.raises(UsageError):
        run.skip()
    run.answer("99.90 usd")
    run.answer("2026-11-01")
    outcome = run.outcome
    assert outcome is not None and outcome.kind == "open-case" and outcome.case is not None
    case = outcome.case
    assert (case.provider, case.amount, case.currency, str(case.date)) == ("Alipay", Decimal("99.90"), "USD", "2026-11-01")
    assert case.title == "Alipay: Tiny" and case.kind == "payment"
    assert "Which?" in case.description and "99.90 usd" in case.description
    zh = run.transcript_text("zh-CN")
    assert "哪个？" in zh and "甲" in zh and "建案" in zh
    run.back()
    run.back()
    assert run.node.id == "amount"
    run.restart()
    assert run.node.id == "q" and run.transcript() == []
    run.choose(1)
    run.failed()
    assert run.outcome is not None and run.outcome.kind == "contact-provider"
    assert run.outcome.checklist == ("order-no", "amount")
    assert "It didn't work" in run.transcript_text("en")


def test_input_refuses_secrets() -> None:
    from mnemonic import Mnemonic

    run = WizardRun(_tiny(), "zh-CN")
    run.choose(0)
    with pytest.raises(Refused):
        run.answer(Mnemonic("english").generate())
    assert run.node.id == "amount" and run.transcript()[-1].node_id == "q"


def test_validator_finds_problems(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text(
        "id: other\ntitle: {en: X}\nstart: a\nnodes:\n"
        "  a: {ask: {en: Q}, options: [{label: {en: A}, next: b}, {label: {en: B}, next: nowhere}]}\n"
        "  b: {check: {en: C}, worked: a, failed: b}\n"
        "  lost: {end: solved}\n"
        "  bad: {end: contact-provider, text: {en: T}}\n",
        encoding="utf-8",
    )
    (tmp_path / "junk.yaml").write_text("- just a list\n", encoding="utf-8")
    problems = "\n".join(validate_wizards(tmp_path, tmp_path))
    for expected in ("does not match the file name", "unknown node 'nowhere'", "'lost' is unreachable",
                     "never reaches an end", "lacks zh-CN", "without a checklist", "junk.yaml"):
        assert expected in problems
    assert load_wizards(tmp_path).keys() == {"other"}


def _cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "walletcare", *args], input=stdin, capture_output=True,
                          text=True, encoding="utf-8")


def test_cli_wizard_list_json() -> None:
    out = _cli("--lang", "zh-TW", "wizard", "list", "--json")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert {r["id"] for r in rows} >= set(REQUIRED_IDS)
    assert all(set(r) == {"id", "title", "lang"} and r["lang"] == "zh-TW" for r in rows)
    assert next(r for r in rows if r["id"] == "crypto-transfer-pending")["title"] == "鏈上轉帳一直沒到帳"


def test_cli_wizard_run_through_stdin() -> None:
    # has-hash: yes → explorer: pending → check failed → no-gas: still stuck → contact-prep (call sheet)
    # with one wrong answer, one back and a correction on the way.
    out = _cli("--lang", "en", "wizard", "run", "crypto-transfer-pending", stdin="1\n9\n1\nb\n2\n2\n2\n")
    assert out.returncode == 0, out.stderr
    assert "There is no such option." in out.stdout
    assert "== Contact the provider ==" in out.stdout
    assert "Transaction hash (TxHash) of the transfer" in out.stdout and "The agent's name or staff ID" in out.stdout
    quit_early = _cli("--lang", "en", "wizard", "run", "payment-failed", stdin="q\n")
    assert quit_early.returncode == 0 and "Stopped" in quit_early.stdout
    assert _cli("wizard", "run", "no-such-wizard").returncode == 2
