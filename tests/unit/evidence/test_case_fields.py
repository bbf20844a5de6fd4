"""``case edit`` stores the fields the channels ask for: a masked ID number, the respondent's credit code, shop
and web address, card network and last four digits (never more), merchant descriptor, the channel dates and
the crypto details; the dossier prints them."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from walletcare.cli.main import main
from walletcare.evidence.vault import Vault

from .conftest import PASSPHRASE, passphrase


def test_case_edit_channel_fields(vault_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("WALLETCARE_PASSPHRASE", PASSPHRASE)
    v = ["--lang", "en", "--vault", str(vault_dir)]
    assert main([*v, "case", "new", "--title", "卡被扣款未发货", "--provider", "某商城"]) == 0
    case_id = capsys.readouterr().out.strip()
    assert main([*v, "case", "edit", case_id, "--claimant-id-type", "居民身份证", "--claimant-id-number",
                 "310101199001011234", "--respondent-credit-code", "91330100MA2XXXXX1X", "--respondent-shop",
                 "某某旗舰店", "--respondent-url", "https://shop.example.com", "--card-network", "Visa",
                 "--card-last4", "4242", "--merchant-descriptor", "MOUHUO SHOP HZ", "--expected-delivery",
                 "2024-05-25", "--statement-date", "2024-05-31", "--first-complaint", "2024-05-26",
                 "--final-reply", "2024-06-02", "--chain", "TRON", "--own-address", "TXa1", "--own-address",
                 "TXb2", "--wallet-app", "TokenPocket 2.0"]) == 0
    capsys.readouterr()
    assert main([*v, "case", "edit", case_id, "--card-last4", "4111111111111111"]) == 2  # never a full number
    with Vault.open(vault_dir, passphrase()) as vault:
        case = vault.store.cases.get(int(case_id))
    assert case.claimant.id_number == "310***********1234" and case.claimant.id_type == "居民身份证"
    assert (case.respondent.credit_code, case.respondent.shop, case.respondent.url) == (
        "91330100MA2XXXXX1X", "某某旗舰店", "https://shop.example.com")
    assert (case.card_network, case.card_last4, case.merchant_descriptor) == ("Visa", "4242", "MOUHUO SHOP HZ")
    assert (case.expected_delivery, case.statement_date, case.first_complaint, case.final_reply) == (
        date(2024, 5, 25), date(2024, 5, 31), date(2024, 5, 26), date(2024, 6, 2))
    assert (case.chain, case.own_addresses, case.wallet_app) == ("TRON", ("TXa1", "TXb2"), "TokenPocket 2.0")
    assert main([*v, "case", "show", case_id, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["card_last4"] == "4242"
    target = tmp_path / "d.pdf"
    assert main([*v, "export", "--case", case_id, "-o", str(target), "--lang", "en"]) == 0
    flat = "".join("".join(p.extract_text() for p in PdfReader(target).pages).split())
    for text in ("91330100MA2XXXXX1X", "某某旗舰店", "MOUHUOSHOPHZ", "Visa····4242", "Expecteddelivery:25May2024",
                 "Firstcomplaint:26May2024", "Finalreply:2Jun2024", "310***********1234"):
        assert text in flat, text
    assert "310101199001011234" not in flat


def test_the_vault_keeps_only_a_masked_id_number(vault_dir: Path) -> None:
    from walletcare.evidence.models import Case, Party

    with Vault.open(vault_dir, passphrase()) as vault:
        store = vault.store
        case = store.cases.add(Case(0, "t", claimant=Party(id_type="居民身份证", id_number="310101199001011234")))
        assert case.claimant.id_number == "310***********1234"
        again = store.cases.update(case)
        assert store.cases.get(case.id).claimant.id_number == again.claimant.id_number == "310***********1234"
        body = store.conn.execute("SELECT body FROM cases WHERE id = ?", (case.id,)).fetchone()[0]
        assert "310101199001011234" not in body


def test_the_vault_refuses_more_than_four_card_digits(vault_dir: Path) -> None:
    from walletcare.errors import UsageError
    from walletcare.evidence.models import Case

    with Vault.open(vault_dir, passphrase()) as vault:
        with pytest.raises(UsageError):
            vault.store.cases.add(Case(0, "t", card_last4="4111111111111111"))
        assert vault.store.cases.add(Case(0, "t", card_last4="1111")).card_last4 == "1111"
