"""Core defects a new user's pass found, on a real vault."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from walletcare.evidence.importers import chats
from walletcare.evidence.models import Case, Transaction
from walletcare.evidence.store import Store

CST = timezone(timedelta(hours=8))
CHAT = Path(__file__).parent / "importers" / "chat_samples" / "WhatsApp Chat with Support Agent 88.txt"


def _row(store: Store, case_id: int, when: datetime, role: str, key: str) -> None:
    store.transactions.add(Transaction(id=0, case_id=case_id, time=when, amount=Decimal("-50.00"), currency="CNY",
                                       dedup_key=key, role=role))


def test_a_statements_older_rows_do_not_make_a_chat_look_cut_short(store: Store) -> None:
    """An imported statement reaches back months; its 'record' rows are not when the case began, so the warning
    that a chat export starts "later than the start of this case" counts from the disputed and context rows."""
    case = store.cases.add(Case(id=0, title="手机壳付款后卖家不发货", provider="支付宝"))
    _row(store, case.id, datetime(2023, 1, 9, 18, 21, tzinfo=CST), "record", "old")
    _row(store, case.id, datetime(2026, 11, 18, 20, 15, tzinfo=CST), "disputed", "paid")
    data = CHAT.read_bytes()
    export = chats.read(data, "whatsapp", CHAT.name, zone=CST)  # first message 2026-11-20
    result = store.chats.import_export(case.id, data, CHAT.name, export)
    assert result.contact_id is not None
    assert not [w for w in store.chats.thread(result.contact_id).warnings if "2023-01-09" in w]
    _row(store, case.id, datetime(2026, 11, 1, 9, 0, tzinfo=CST), "context", "earlier")  # the case's money began then
    assert [w for w in store.chats.thread(result.contact_id).warnings if "2026-11-01" in w]


def test_the_traditional_chinese_police_letter_is_not_only_for_taiwan() -> None:
    """Traditional Chinese is read in Hong Kong too: the police letter named only Taiwan's 165 hotline as the
    addressee of a Hong Kong victim's crime report."""
    from walletcare.evidence.letters import template

    addressee = template("police", "zh-TW").addressee
    assert "18222" in addressee and "165" in addressee and "香港" in addressee


def test_tx_list_prints_amounts_as_money(vault_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """``tx list`` printed a PayPal statement's whole-dollar rows as "-8 USD" beside "-49.61 USD"."""
    from tests.unit.evidence.conftest import PASSPHRASE
    from walletcare.cli.main import main

    monkeypatch.setenv("WALLETCARE_PASSPHRASE", PASSPHRASE)
    v = ["--lang", "en", "--vault", str(vault_dir)]
    assert main([*v, "case", "new", "--title", "PayPal charged twice", "--provider", "PayPal"]) == 0
    for amount in ("8", "1234.5", "0.00042"):
        assert main([*v, "tx", "add", "--case", "1", "--time", "2024-05-20 14:32", "--amount", amount,
                     "--currency", "USD"]) == 0
    capsys.readouterr()
    assert main([*v, "tx", "list", "--case", "1"]) == 0
    out = capsys.readouterr().out
    assert "-8.00 USD" in out and "-1,234.50 USD" in out and "-0.00042 USD" in out
    assert "-8 USD" not in out


def test_a_police_export_says_it_wrote_a_crime_report(vault_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """``export --to police`` wrote a 報案資料 but said 申訴資料已生成 (a complaint dossier)."""
    from tests.unit.evidence.conftest import PASSPHRASE
    from walletcare.cli.main import main

    monkeypatch.setenv("WALLETCARE_PASSPHRASE", PASSPHRASE)
    v = ["--lang", "zh-TW", "--vault", str(vault_dir)]
    assert main([*v, "case", "new", "--title", "USDT 被盜", "--provider", "TokenPocket", "--kind", "crypto",
                 "--amount", "2450", "--currency", "USDT"]) == 0
    capsys.readouterr()
    assert main([*v, "export", "--case", "1", "-o", str(tmp_path / "police.pdf"), "--to", "police"]) == 0
    assert "報案資料已生成" in capsys.readouterr().out
    assert main([*v, "export", "--case", "1", "-o", str(tmp_path / "any.pdf")]) == 0
    assert "申訴資料已生成" in capsys.readouterr().out


def test_a_claim_on_a_dispute_that_was_never_opened_is_not_the_next_step() -> None:
    """A PayPal payment older than 180 days: the dispute's window closed, so no claim can escalate it; the plan
    said "Escalate the dispute to a claim: Can do now" and held the CFPB back behind it."""
    from datetime import date

    from walletcare.evidence.plan.engine import plan_for

    case = Case(id=1, title="PayPal charged twice", provider="PayPal", currency="USD")
    paid = Transaction(id=1, case_id=1, time=datetime(2024, 2, 28, 15, 10, tzinfo=timezone(timedelta(hours=-8))),
                       amount=Decimal("59.94"), currency="USD", counterparty="Taxi Technologies", dedup_key="p")
    plan = plan_for(case, [paid], [], {}, date(2026, 12, 6), "en")
    by_id = {r.id: r for r in plan.rungs}
    assert by_id["paypal.dispute"].status == "overdue" and by_id["paypal.dispute"].hard_close
    claim = by_id["paypal.claim"]
    assert claim.status == "overdue" and claim.closes == by_id["paypal.dispute"].closes
    assert plan.next is not None and plan.next.id != "paypal.claim"
    if "paypal.cfpb" in by_id:
        assert by_id["paypal.cfpb"].status == "open" and plan.next.id == "paypal.cfpb"
    # within the dispute's window the claim waits for the dispute, as before
    recent = plan_for(case, [paid], [], {}, date(2024, 3, 10), "en")
    assert {r.id: r.status for r in recent.rungs}["paypal.claim"] == "waiting"


def test_the_plan_says_to_mark_an_imported_payment_not_only_to_add_one() -> None:
    """After importing a statement, the plan told the user to "add" the disputed payment, which is already
    there among the imported rows: it must say it can be marked as disputed."""
    from datetime import date

    from walletcare.evidence.plan.engine import plan_for

    case = Case(id=1, title="PayPal charged twice", provider="PayPal", currency="USD")
    for lang, words in (("en", "mark it as disputed"), ("zh-CN", "标为申诉"), ("zh-TW", "標為申訴")):
        warnings = plan_for(case, [], [], {}, date(2026, 12, 6), lang).warnings
        assert any(words in w for w in warnings), (lang, warnings)
