"""Imported rows that cite their export file, the exact lookup of order numbers and hashes, and the schema step
that brings older vaults there, on real SQLCipher vaults.

- Stored-facts equivalence: every shared sample, imported with this code, reads back exactly as it did before
  rows cited their file (``tests/fixtures/stored_facts_before_cited_rows.json.gz`` was written by the code of
  the commit before, with ``stored_facts.py``): every field of every row, raw text included, the audit digests
  of the batches, and a re-import that adds nothing.
- A version-2 vault made by an older WalletCare (``tests/fixtures/vault_before_cited_rows``, passphrase below)
  migrates with a backup, reads back the rows that code read (``vault_before_cited_rows.rows.json``), and
  its one-line imported rows cite the file afterwards.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from walletcare.errors import UsageError, VaultCorrupt
from walletcare.evidence import removal, schema
from walletcare.evidence.importers.pipeline import import_file
from walletcare.evidence.models import Case
from walletcare.evidence.vault import Vault

from . import stored_facts

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
OLD_PASSPHRASE = b"cited rows fixture passphrase"
ALIPAY_LEGACY = "alipay/dsg_alipay_legacy_web_fmt.csv"


def _rows_as_json(vault: Vault, case_id: int) -> list[dict[str, Any]]:
    import dataclasses

    return json.loads(json.dumps([{f.name: stored_facts._plain(getattr(tx, f.name)) for f in dataclasses.fields(tx)}
                                  for tx in vault.store.transactions.all(case_id)], ensure_ascii=False))


def test_every_sample_stores_the_same_facts_as_before(samples_dir: Path) -> None:
    before = json.loads(gzip.open(FIXTURES / "stored_facts_before_cited_rows.json.gz", "rt", encoding="utf-8").read())
    now = json.loads(json.dumps(stored_facts.facts(samples_dir), ensure_ascii=False))
    assert sorted(now) == sorted(before) == [p.relative_to(samples_dir).as_posix()
                                             for p in stored_facts.sample_files(samples_dir)]
    for name in before:
        assert now[name]["reimport_added"] == 0, name
        assert now[name]["audit"] == before[name]["audit"], name  # identical audit digests
        assert len(now[name]["rows"]) == len(before[name]["rows"]), name
        for old, new in zip(before[name]["rows"], now[name]["rows"], strict=True):
            assert new == old, (name, old["source_line"])


def test_one_line_rows_cite_their_file_and_multi_line_rows_keep_their_text(store: Any, case: Case,
                                                                         tmp_path: Path) -> None:
    text = ("Txhash,UnixTimestamp,DateTime (UTC),From,To,Value_IN(ETH),Value_OUT(ETH),Status,Method\n"
            f'0x{"a" * 64},1700000000,2023-11-14 22:13:20,0x{"1" * 40},0x{"2" * 40},0,0.5,,"Transfer"\n'
            f'0x{"b" * 64},1700000100,2023-11-14 22:15:00,0x{"2" * 40},0x{"1" * 40},0.25,0,,"Multi\nline"\n')
    source = tmp_path / "export.csv"
    source.write_text(text, encoding="utf-8")
    result = import_file(store, case.id, source, format="etherscan", other_provider=True)
    assert result.added == 2
    stored = store.conn.execute("SELECT src_line, raw, raw_cited FROM transactions ORDER BY src_line").fetchall()
    assert stored == [(2, "", 1), (3, text.splitlines()[2] + "\n" + text.splitlines()[3], 0)]
    raws = [tx.raw for tx in store.transactions.all(case.id)]
    assert raws == [text.splitlines()[1], text.splitlines()[2] + "\nline\""]
    # the raw text is read back from the file after its hash is checked: altered bytes are damage
    store.transactions.cited.clear()
    original = store.evidence.data(result.evidence_id)
    with store.transaction():
        store.conn.execute("UPDATE evidence_chunks SET data = ? WHERE evidence_id = ?",
                           (original.replace(b"0.5", b"9.5"), result.evidence_id))
        with pytest.raises(VaultCorrupt):
            store.transactions.all(case.id)
        store.conn.execute("UPDATE evidence_chunks SET data = ? WHERE evidence_id = ?", (original, result.evidence_id))
    store.transactions.cited.clear()
    assert [tx.raw for tx in store.transactions.all(case.id)] == raws


def test_a_cited_file_goes_only_with_its_rows(store: Any, case: Case, samples_dir: Path) -> None:
    result = import_file(store, case.id, samples_dir / ALIPAY_LEGACY)
    with pytest.raises(UsageError, match="6"):  # the rows that cite it
        store.evidence.delete(result.evidence_id)
    with pytest.raises(UsageError, match="6"):  # the rows that cite it
        removal.remove_evidence(store, result.evidence_id)
    with pytest.raises(Exception, match="cited"), store.transaction():  # the schema refuses it too
        store.conn.execute("DELETE FROM evidence WHERE id = ?", (result.evidence_id,))
    rows = _rows_as_json_store(store, case.id)
    undone = removal.undo_import(store, result.evidence_id)
    assert store.transactions.count(case.id) == 0
    removal.restore(store, undone)
    store.transactions.cited.clear()
    assert _rows_as_json_store(store, case.id) == rows
    removal.remove_case(store, case.id)  # a whole case goes with its files and rows
    assert not store.cases.exists(case.id)


def _rows_as_json_store(store: Any, case_id: int) -> list[Any]:
    return [(tx.id, tx.raw, tx.references) for tx in store.transactions.all(case_id)]


def test_order_numbers_and_hashes_are_looked_up_exactly(store: Any, case: Case, samples_dir: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from walletcare.evidence.transactions import manager

    monkeypatch.setattr(manager, "EAGER_INDEX_ROWS", 0)  # indexed after the import, as a large one is
    import_file(store, case.id, samples_dir / "alipay/dsg_alipay_2023fmt_HEAD.csv")
    reports: list[tuple[int, int]] = []
    assert store.transactions.index_pending(progress=lambda done, total: reports.append((done, total))) == 10
    assert reports and reports[-1][0] == reports[-1][1]
    every = store.transactions.all(case.id)
    with_refs = [tx for tx in every if len(tx.references) == 2]
    assert with_refs
    for tx in with_refs:
        for ref in tx.references:
            found = store.transactions.page(case.id, text=ref.value)
            assert tx.id in {t.id for t in found}, ref
            assert tx.id in {t.id for t in store.transactions.page(case.id, text=ref.value.upper())}
            assert ("transaction", tx.id) in store.search_private(ref.value)
    # the start of a number finds it; the middle of one is no longer a trigram match
    first = with_refs[0].references[0].value
    assert with_refs[0].id in {t.id for t in store.transactions.page(case.id, text=first[:8])}
    def listed(ref: str) -> set[int]:  # the rows the references' word index gives for one whole reference
        words = " ".join(f'"{w}"' for w in re.split(r"[^0-9A-Za-z\x80-\U0010ffff]+", ref) if w)
        return {i for (i,) in store.conn.execute("SELECT rowid FROM tx_refs WHERE tx_refs MATCH ?", (words,))}

    for tx in every:
        for ref in tx.references:
            assert tx.id in listed(ref.value), ref
    # the middle of a number does not find it; one character more than the number does not either
    middle = first[4:12]
    assert with_refs[0].id not in {t.id for t in store.transactions.page(case.id, text=middle)
                                   if middle not in t.description + t.counterparty + t.note}
    assert with_refs[0].id not in {t.id for t in store.transactions.page(case.id, text=first + "9")}
    # free text still goes through the trigram index
    party = next(tx.counterparty for tx in every if len(tx.counterparty) >= 3)
    assert store.transactions.count(case.id, text=party) >= 1
    # deleting rows takes their references out of the lookup (up to three by key, more by a scan)
    removal.remove_transactions(store, [tx.id for tx in with_refs])
    gone = {t.id for t in with_refs}
    assert not [ref for t in with_refs for ref in t.references if listed(ref.value) & gone]
    for t in with_refs:
        assert t.id not in {found.id for found in store.transactions.page(case.id, text=t.references[0].value)}


def test_a_version_2_vault_migrates_with_a_backup(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    shutil.copytree(FIXTURES / "vault_before_cited_rows", folder)
    with Vault.open(folder, bytearray(OLD_PASSPHRASE)) as vault:
        conn = vault.store.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.current_version()
        expected = json.loads((FIXTURES / "vault_before_cited_rows.rows.json").read_text(encoding="utf-8"))
        got = _rows_as_json(vault, 1)
        assert [{k: v for k, v in row.items() if k != "role"} for row in got] == expected
        assert {row["role"] for row in got if row["source_evidence_id"]} == {"record"}
        cited = conn.execute("SELECT count(*), sum(raw = '') FROM transactions WHERE raw_cited = 1").fetchone()
        imported = conn.execute("SELECT count(*) FROM transactions WHERE src_id IS NOT NULL").fetchone()[0]
        assert cited[0] == cited[1] == imported == 41  # every imported row of the fixture is one line
        vault.store.transactions.cited.clear()
        assert _rows_as_json(vault, 1) == got
        found = vault.store.transactions.page(1, text=expected[0]["references"][0]["value"])
        assert expected[0]["id"] in {tx.id for tx in found}
        assert vault.store.audit.verify()[0]
    backups = list((tmp_path / "vault-backups").glob("*/vault.db"))
    assert len(backups) == 1, "the migration took no backup"
    with Vault.open(backups[0].parent, bytearray(OLD_PASSPHRASE), migrate=False) as old:
        assert old.store.conn.execute("PRAGMA user_version").fetchone()[0] == 2


def test_imported_rows_are_checked_before_anything_is_written(store: Any, case: Case) -> None:
    from datetime import UTC, datetime
    from decimal import Decimal

    from walletcare.errors import Refused
    from walletcare.evidence.models import Reference
    from walletcare.evidence.transactions.codec import imported_row

    def row(direction: str = "out", description: str = "咖啡", amount: str = "3.50") -> tuple[Any, ...]:
        return imported_row(datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC), Decimal(amount), "USD", direction, "shop",
                            description, (Reference("tx_hash", "0xAB"),), "", "", "", "a,b", 2, "etherscan-normal",
                            "k", ["block", "1"])

    phrase = ("abandon ability able about above absent absorb abstract absurd abuse access accident")
    for bad, error in ((row(direction="sideways"), UsageError), (row(amount="Infinity"), UsageError),
                       (row(description=phrase), Refused)):
        with pytest.raises(error):
            store.transactions.add_imported([row(), bad], case.id, 0, "record", [False, False])
        with pytest.raises(UsageError):
            store.transactions.add_imported([row()], case.id, 0, "boss", [False])
    assert store.transactions.count(case.id) == 0
    ids = store.transactions.add_imported([row()], case.id, 0, "record", [False])
    stored = store.transactions.get(ids[0])
    assert (stored.amount, stored.references, stored.extra, stored.raw) == (
        Decimal("3.50"), (Reference("tx_hash", "0xAB"),), (("block", "1"),), "a,b")


def test_a_row_holding_a_seed_phrase_is_named_and_never_stored(store: Any, case: Case, tmp_path: Path) -> None:
    from walletcare.evidence.importers.pipeline import BadRowsFound

    phrase = "abandon ability able about above absent absorb abstract absurd abuse access accident"
    rows = [f'0x{n:064x},{1700000000 + n},2023-11-14 22:13:20,0x{"1" * 40},0x{"2" * 40},0,0.5,,"{method}"'
            for n, method in enumerate(["Transfer", phrase, "Transfer", phrase])]
    source = tmp_path / "export.csv"
    source.write_text("Txhash,UnixTimestamp,DateTime (UTC),From,To,Value_IN(ETH),Value_OUT(ETH),Status,Method\n"
                      + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(BadRowsFound) as found:
        import_file(store, case.id, source, format="etherscan", other_provider=True)
    assert [bad.line for bad in found.value.bad_rows] == [3, 5]
    assert store.transactions.count(case.id) == 0
    result = import_file(store, case.id, source, format="etherscan", other_provider=True, skip_bad_rows=True)
    assert result.added == 2 and [bad.line for bad in result.rejected] == [3, 5]
    assert phrase not in {tx.description for tx in store.transactions.all(case.id)}
