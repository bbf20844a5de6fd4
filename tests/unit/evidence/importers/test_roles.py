"""Transaction roles: imports land as records, typed rows as disputed, ``--pick`` and ``tx mark`` change them
(audited, all or nothing), and the amount in dispute is summed over the disputed rows only."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from walletcare.cli.main import main
from walletcare.errors import UsageError
from walletcare.evidence.dispute import disputed_sums, stated_or_derived
from walletcare.evidence.importers.picking import parse_pick
from walletcare.evidence.importers.pipeline import import_file
from walletcare.evidence.models import Transaction

CN = timezone(timedelta(hours=8))
SAMPLE = ("alipay", "dsg_alipay_legacy_web_fmt.csv")  # 6 rows on file lines 6-11; trade numbers 123456, 987654 ...


def _roles(store: Any, case_id: int) -> dict[int | None, str]:
    return {tx.source_line: tx.role for tx in store.transactions.all(case_id)}


def test_imported_rows_are_records_and_typed_rows_disputed(store: Any, case_id: int, samples_dir: Path) -> None:
    result = import_file(store, case_id, samples_dir.joinpath(*SAMPLE))
    assert result.added == 6 and result.picked == 0
    assert set(_roles(store, case_id).values()) == {"record"}
    typed = store.transactions.add(Transaction(0, case_id, datetime(2024, 5, 20, 14, 32, tzinfo=CN),
                                               Decimal("199.00"), "CNY", counterparty="某游戏充值"))
    assert typed.role == "disputed"
    assert store.transactions.role_counts(case_id) == {"disputed": 1, "context": 0, "record": 6}
    assert [s.amount for s in disputed_sums(store.transactions.all(case_id))] == [Decimal("199.00")]


def test_pick_by_line_range_and_order_number(store: Any, case_id: int, samples_dir: Path) -> None:
    result = import_file(store, case_id, samples_dir.joinpath(*SAMPLE), pick=parse_pick("6, 7-7 ,ref:202011"))
    assert result.picked == 3
    picked = {tx.source_line for tx in store.transactions.with_roles(case_id, ["disputed"])}
    assert picked == {6, 7, 11}
    assert store.transactions.count(case_id, role="record") == 3


def test_pick_that_matches_nothing_rolls_the_import_back(store: Any, case_id: int, samples_dir: Path) -> None:
    with pytest.raises(UsageError, match="99"):
        import_file(store, case_id, samples_dir.joinpath(*SAMPLE), pick=parse_pick("6,99"))
    assert store.transactions.count(case_id) == 0 and store.evidence.list(case_id) == []


@pytest.mark.parametrize("spec", ["", " , ", "9-3", "ref:"])
def test_pick_spec_errors(spec: str) -> None:
    with pytest.raises(UsageError):
        parse_pick(spec)


def test_pick_spec_lines_and_references() -> None:
    pick = parse_pick("12, 15-17,2024052022001234567,ref:987654,0xabc")
    assert pick.ranges == ((12, 12), (15, 17))
    assert pick.references == ("2024052022001234567", "987654", "0xabc")


def test_mark_is_all_or_nothing_and_audited(store: Any, case_id: int, samples_dir: Path) -> None:
    import_file(store, case_id, samples_dir.joinpath(*SAMPLE))
    ids = [tx.id for tx in store.transactions.all(case_id)]
    with pytest.raises(UsageError):
        store.transactions.mark([ids[0], 999_999], "disputed")
    assert store.transactions.count(case_id, role="disputed") == 0
    with pytest.raises(UsageError):
        store.transactions.mark(ids[:1], "important")
    assert store.transactions.mark(ids[:2], "context") == 2
    assert store.transactions.mark(ids[:2], "context") == 0  # nothing changed, nothing audited
    entries = [e for e in store.audit.entries(case_id) if e.object.startswith("transaction roles")]
    assert len(entries) == 1 and json.loads(entries[0].detail)["before"] == {str(i): "record" for i in ids[:2]}
    assert store.audit.verify()[0]


def test_stated_amount_wins_over_the_disputed_rows(store: Any, case_id: int) -> None:
    import dataclasses

    store.transactions.add(Transaction(0, case_id, datetime(2024, 5, 20, tzinfo=CN), Decimal("199"), "CNY"))
    store.transactions.add(Transaction(0, case_id, datetime(2024, 5, 21, tzinfo=CN), Decimal("5"), "USDT",
                                       direction="in"))
    store.transactions.add(Transaction(0, case_id, datetime(2024, 5, 22, tzinfo=CN), Decimal("1"), "CNY",
                                       role="context"))
    case = store.cases.get(case_id)
    sums, stated = stated_or_derived(case, store.transactions.all(case_id))
    assert not stated
    assert [(s.currency, s.direction, s.amount, s.count) for s in sums] == [("CNY", "out", Decimal("199"), 1),
                                                                             ("USDT", "in", Decimal("5"), 1)]
    sums, stated = stated_or_derived(dataclasses.replace(case, amount=Decimal("150"), currency="CNY"), [])
    assert stated and sums[0].amount == Decimal("150")


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any]:
    code = main(["--lang", "en", *args])
    out, _err = capsys.readouterr()
    return code, out


def test_cli_add_mark_list_and_import_pick(vault_dir: Path, samples_dir: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    v = ["--vault", str(vault_dir)]
    code, out = _run(capsys, *v, "import", str(samples_dir.joinpath(*SAMPLE)), "--case", "1", "--pick", "ref:987654",
                     "--json")
    assert code == 0 and json.loads(out)["picked"] == 1
    code, out = _run(capsys, *v, "tx", "add", "--case", "1", "--time", "2024-05-20 14:32", "--amount", "199",
                     "--currency", "CNY", "--role", "context", "--json")
    context_id = json.loads(out)["id"]
    code, out = _run(capsys, *v, "tx", "list", "--case", "1", "--role", "disputed", "--json")
    listed = json.loads(out)
    assert code == 0 and [t["references"][0]["value"] for t in listed["transactions"]] == ["987654"]
    assert listed["counts"] == {"disputed": 1, "context": 1, "record": 5}
    assert listed["amount_in_dispute"]["sums"] == [{"currency": "CNY", "direction": "out", "amount": "3000.00",
                                                    "count": 1}]
    code, out = _run(capsys, *v, "tx", "mark", str(context_id), "--role", "disputed")
    assert code == 0 and "1 transaction marked as “Disputed”" in out  # (one: singular)
    code, out = _run(capsys, *v, "tx", "mark", str(context_id), str(listed["transactions"][0]["id"]), "--role",
                     "disputed")
    assert code == 0 and "2 transactions marked as “Disputed”" in out
    code, out = _run(capsys, *v, "tx", "list", "--case", "1")
    assert "Amount in dispute (sum of the disputed rows): 3,199.00 CNY" in out
    code, _out = _run(capsys, *v, "tx", "mark", "424242", "--role", "record")
    assert code != 0


def test_case_show_derives_the_amount_in_dispute(vault_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    v = ["--vault", str(vault_dir)]
    for amount, role in (("199", "disputed"), ("50", "context"), ("1.5", "disputed")):
        assert _run(capsys, *v, "tx", "add", "--case", "1", "--time", "2024-05-20 14:32", "--amount", amount,
                    "--currency", "CNY", "--role", role)[0] == 0
    code, out = _run(capsys, *v, "case", "show", "1", "--json")
    assert json.loads(out)["amount_in_dispute"] == {"stated": False, "sums": [
        {"currency": "CNY", "direction": "out", "amount": "200.5", "count": 2}]}
    code, out = _run(capsys, *v, "case", "show", "1")
    assert "Amount in dispute (sum of the disputed rows): 200.50 CNY" in out
    assert _run(capsys, *v, "case", "edit", "1", "--amount", "180", "--currency", "CNY")[0] == 0
    code, out = _run(capsys, *v, "case", "show", "1")
    assert "Amount in dispute (as you stated it): 180.00 CNY" in out


def test_cli_tx_list_finds_the_disputed_payment_by_text(vault_dir: Path, samples_dir: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """A user looking for one payment among a statement's rows: by payee, order number or description."""
    v = ["--vault", str(vault_dir)]
    assert _run(capsys, *v, "import", str(samples_dir.joinpath(*SAMPLE)), "--case", "1")[0] == 0
    code, out = _run(capsys, *v, "tx", "list", "--case", "1", "--search", "医院", "--json")
    listed = json.loads(out)
    assert code == 0 and listed["search"] == "医院"
    assert sorted(t["amount"] for t in listed["transactions"]) == ["2725.42", "3000.00"]
    assert listed["counts"] == {"disputed": 0, "context": 0, "record": 6}  # the counts stay the whole case's
    code, out = _run(capsys, *v, "tx", "list", "--case", "1", "--search", "T200P1")  # a merchant order number
    assert code == 0 and "2 transactions match “T200P1”." in out and out.count("83.00 CNY") == 2
    code, out = _run(capsys, *v, "tx", "list", "--case", "1", "--search", "no such payee")
    assert code == 0 and "No transaction of this case matches “no such payee”." in out
    code = main(["--lang", "zh-CN", *v, "tx", "list", "--case", "1", "--search", "肯德基"])
    out = capsys.readouterr().out
    assert code == 0 and "有 3 笔交易与“肯德基”相符。" in out and "记录" in out
