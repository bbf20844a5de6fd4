"""Vaults written by old WalletCare versions (schema 1 and 2, committed under ``tests/fixtures/old_vaults``,
made by ``make_old_vault.py`` run on the old code) open with today's code, and every fact survives."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from walletcare.evidence import schema
from walletcare.evidence.models import Reference
from walletcare.evidence.vault import Vault

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "old_vaults"
PASSPHRASE = "old vault 旧保险库 2024"  # the passphrase make_old_vault.py gave both vaults
CST = timezone(timedelta(hours=8))
NOTE = "Order A-1001 was charged twice.\n订单重复扣款。\n".encode()


@pytest.fixture(params=["v1", "v2"])
def migrated(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Vault]:
    folder = tmp_path / request.param
    shutil.copytree(FIXTURES / request.param, folder)
    before = _user_version(folder)
    assert before == int(request.param[1:])
    vault = Vault.open(folder, bytearray(PASSPHRASE.encode("utf-8")))
    try:
        yield vault
    finally:
        vault.close()


def _user_version(folder: Path) -> int:
    vault = Vault.open(folder, bytearray(PASSPHRASE.encode("utf-8")), migrate=False)
    try:
        return int(vault.store.conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        vault.close()


def test_migrated_to_the_current_version(migrated: Vault) -> None:
    conn = migrated.store.conn
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.current_version()
    assert [r[0] for r in conn.execute("PRAGMA integrity_check")] == ["ok"]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_cases_survive(migrated: Vault) -> None:
    first, other = migrated.store.cases.get(1), migrated.store.cases.get(2)
    assert (first.title, first.provider, first.account) == ("支付宝扣款未到账", "Alipay", "user@example.com")
    assert (first.amount, first.currency, first.opened) == (Decimal("1288.50"), "CNY", date(2024, 3, 2))
    assert first.description == "Charged twice for one order."
    assert first.desired_outcome == "Refund of the second charge"
    assert [(d.due, d.label, d.done) for d in first.deadlines] == [(date(2024, 4, 1), "Reply from Alipay", False)]
    assert (first.claimant.name, first.claimant.email, first.respondent.name) == ("Li Wei", "li@example.com",
                                                                                 "Example Shop")
    assert first.tags == ("double-charge",)
    assert first.linked_card == "Visa 1234"
    assert (other.title, other.provider, other.currency) == ("PayPal hold", "PayPal", "USD")


def test_transactions_survive(migrated: Vault) -> None:
    store = migrated.store
    paid, twice, refund = store.transactions.all(1)
    assert paid.time == datetime(2024, 3, 1, 21, 5, 7, 250000, tzinfo=CST)
    assert paid.time.utcoffset() == timedelta(hours=8)
    assert (paid.amount, paid.currency, paid.direction) == (Decimal("1288.50"), "CNY", "out")
    assert (paid.counterparty, paid.description, paid.status, paid.channel) == (
        "Example Shop 示例商店", "订单 A-1001", "交易成功", "余额宝")
    assert paid.references == (Reference("trade_no", "2024030122001400001"), Reference("merchant_order_no", "A-1001"))
    assert (paid.fee, paid.note, paid.raw) == (Decimal("0.50"), "first charge", "2024-03-01 21:05:07,1288.50")
    assert (paid.source_line, paid.source_format, paid.source_evidence_id) == (7, "alipay", None)
    assert (paid.dedup_key, paid.extra, paid.tags) == ("k-paid", (("备注", "none"),), ("order",))
    assert paid.role == "record"  # an imported row (its format is named) is a record
    assert twice.references == (Reference("trade_no", "2024030122001400002"),)
    assert (twice.fee, twice.role, twice.dedup_key) == (None, "disputed", "k-twice")
    assert refund.refund_of == twice.id
    assert (refund.direction, refund.amount, refund.time) == ("in", Decimal("100"),
                                                              datetime(2024, 3, 5, 10, 0, tzinfo=UTC))
    (usd,) = store.transactions.all(2)
    assert usd.time.utcoffset() == timedelta(hours=-7)
    assert (usd.amount, usd.currency, usd.status, usd.counterparty) == (Decimal("42.00"), "USD", "On hold",
                                                                         "eBay seller")


def test_text_search_finds_migrated_rows(migrated: Vault) -> None:
    store = migrated.store
    assert store.transactions.count(1, text="示例商店") == 3
    assert store.transactions.count(1, text="2024030122001400002") == 1
    assert store.transactions.count(2, text="eBay") == 1


def test_new_rows_follow_migrated_ones(migrated: Vault) -> None:
    from walletcare.evidence.models import Transaction

    added = migrated.store.transactions.add(Transaction(
        id=0, case_id=1, time=datetime(2024, 6, 1, tzinfo=UTC), amount=Decimal("1"), currency="CNY",
        counterparty="new row"))
    assert added.id > max(t.id for t in migrated.store.transactions.all(2))
    assert migrated.store.transactions.count(1, text="new row") == 1


def test_contacts_evidence_and_presets_survive(migrated: Vault) -> None:
    store = migrated.store
    (contact,) = store.contacts.list(1)
    assert (contact.kind, contact.at, contact.summary) == ("call", datetime(2024, 3, 3, 9, 30, tzinfo=CST),
                                                           "Called 95188")
    assert (contact.channel, contact.official_source, contact.agent, contact.ticket) == (
        "phone 95188", "alipay.com", "No. 4471", "T-889")
    assert (contact.promised, contact.follow_up) == ("Answer in 3 days", date(2024, 3, 6))
    assert contact.party == ""  # written before notes said who they were with: "not said", never "seller"
    created = next(e for e in store.audit.entries(1) if e.object == f"contact:{contact.id}")
    from walletcare.evidence.records import digest

    assert created.digest == digest(contact)
    (note,) = store.evidence.list(1)
    paid, twice, _refund = store.transactions.all(1)
    assert (note.file_name, note.caption, note.size) == ("note.txt", "my notes", len(NOTE))
    assert note.sha256 == hashlib.sha256(NOTE).hexdigest()
    assert store.evidence.data(note.id) == NOTE
    assert set(note.linked_transactions) == {paid.id, twice.id}
    assert note.linked_contacts == (contact.id,)
    (hold,) = store.evidence.list(2)
    assert store.evidence.data(hold.id) == b"hold notice"
    assert store.presets.get("my bank") == {"date": "Date", "amount": "Amount"}


def test_audit_chain_still_verifies(migrated: Vault) -> None:
    ok, entries, problems = migrated.store.audit.verify()
    assert (ok, problems) == (True, [])
    assert entries >= 9  # two cases, four rows, a refund link, a contact, two files, a preset


def test_migrations_import_no_live_model_code() -> None:
    import ast

    tree = ast.parse(Path(schema.__file__).read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    # The one exception is the vault format itself: a cited row's text is a line of its stored file as
    # importers.text decodes and splits it (the reader derives it the same way), so the step that cites
    # rows must split files exactly as the reader will.
    format_modules = {"walletcare.evidence.importers.text", "walletcare.errors"}
    assert not {name for name in imported if name and name.startswith("walletcare")} - format_modules, imported


def test_references_that_cannot_be_joined_stay_in_the_body() -> None:
    """Version 2 joins references with U+001F; a reference without a kind, or a text that holds the separator,
    stays in the body exactly (its values still feed the search)."""
    base = {"time": "2024-03-01T21:05:07+08:00", "amount": "1.50", "currency": "CNY"}
    joined = schema._v2_row(1, 1, {**base, "references": [{"kind": "a", "value": "1"}, {"kind": "b", "value": "2"}]})
    assert joined[13:15] == ("a\x1fb", "1\x1f2") and joined[-1] == ""
    for refs in ([{"kind": "", "value": "x"}], [{"kind": "k", "value": "a\x1fb"}]):
        row = schema._v2_row(2, 1, {**base, "references": refs, "tags": ["t"]})
        assert row[13] == "" and json.loads(row[-1]) == {"tags": ["t"], "references": refs}
    row = schema._v2_row(3, 1, base)
    assert row[2:8] == (1709298307000000, 8 * 3600 * 10**6, 1.5, "1.50", "", "out")


def test_version_3_moves_the_source_fields_to_columns() -> None:
    body = {"raw": "r", "source_evidence_id": 4, "source_line": 9, "source_format": "alipay", "fee": "0.10",
            "extra": [["k", "v"]], "refund_of": 2, "tags": ["x"]}
    assert schema._v3_update(7, dict(body)) == (4, 9, "alipay", "r", "k\x1fv", "0.10",
                                               '{"refund_of":2,"tags":["x"]}', 7)
    odd = schema._v3_update(8, {"extra": [["a\x1fb", "v"]]})  # a separator inside: the pairs stay in the body
    assert odd[4] == "" and json.loads(odd[6]) == {"extra": [["a\x1fb", "v"]]}
