"""Drafts of unsaved editors: kept encrypted in the vault over a lock, given back once, never a seed phrase."""

from __future__ import annotations

from pathlib import Path

from tests.unit.evidence.conftest import passphrase
from walletcare.evidence.store import Store
from walletcare.evidence.vault import Vault

SEED = "abandon ability able about above absent absorb abstract absurd abuse access accident"


def test_a_draft_survives_lock_and_reopen_and_is_taken_once(vault_dir: Path, vault: Vault) -> None:
    vault.store.drafts.save("contact", {"kind": "contact", "fields": {"agent": "工号 A01", "summary": "说三天内回电"}})
    vault.lock()
    vault.unlock(passphrase())
    assert vault.store.drafts.list()["contact"]["fields"]["agent"] == "工号 A01"
    vault.close()
    reopened = Vault.open(vault_dir, passphrase())
    try:
        taken = reopened.store.drafts.take()
        assert taken == {"contact": {"kind": "contact", "fields": {"agent": "工号 A01", "summary": "说三天内回电"}}}
        assert reopened.store.drafts.take() == {}
    finally:
        reopened.close()


def test_drafts_are_not_on_disk_in_plaintext(vault_dir: Path, vault: Vault) -> None:
    vault.store.drafts.save("overview", {"fields": {"description": "DRAFT-MARKER-客服说已经退款"}})
    vault.close()
    for path in vault_dir.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"DRAFT-MARKER" not in data and "客服说已经退款".encode() not in data, path


def test_a_seed_phrase_is_never_kept_but_the_rest_is(store: Store) -> None:
    store.drafts.save_all({"contact": {"fields": {"summary": SEED, "agent": "王"}}, "export": {"fields": {"paper": "A4"}}})
    drafts = store.drafts.list()
    assert drafts["contact"]["fields"] == {"summary": "", "agent": "王"}
    assert drafts["export"]["fields"] == {"paper": "A4"}
    store.drafts.discard("export")
    assert list(store.drafts.list()) == ["contact"]


def test_drafts_leave_the_audit_trail_and_records_alone(store: Store) -> None:
    before = store.audit.entries()
    store.drafts.save("new_case", {"fields": {"title": "提现失败"}})
    assert store.cases.list() == []
    assert store.audit.entries() == before
    assert store.audit.verify()[0]
