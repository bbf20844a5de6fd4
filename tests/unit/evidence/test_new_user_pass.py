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
