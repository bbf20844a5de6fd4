"""Tests for the bulk-allocation helpers: the collector pause and the one-step frozen record builder."""

from __future__ import annotations

import dataclasses
import gc
import importlib
import pickle
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from benchmarks.bench_import import make_alipay, make_etherscan
from walletcare.evidence.importers import etherscan
from walletcare.evidence.importers.allocation import collector_paused, record_builder
from walletcare.evidence.importers.text import decode, split_lines
from walletcare.evidence.models import Reference, Transaction


def test_collector_paused_restores_the_previous_state() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_built_record_equals_the_constructed_one() -> None:
    values = {"id": 0, "case_id": 3, "time": datetime(2024, 5, 1, tzinfo=UTC), "amount": Decimal("1.50"),
              "currency": "CNY", "references": (Reference("trade_no", "42"),), "dedup_key": "alipay:42"}
    built = record_builder(Transaction)(values, {"case_id": 4})
    made = Transaction(**{**values, "case_id": 4})
    assert built == made and hash(built) == hash(made) and repr(built) == repr(made)
    assert list(vars(built)) == list(vars(made))  # same field order
    assert dataclasses.asdict(built) == dataclasses.asdict(made)
    assert pickle.loads(pickle.dumps(built)) == made
    assert dataclasses.replace(built, amount=Decimal(2)).amount == Decimal(2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.amount = Decimal(3)  # type: ignore[misc]


def test_builder_refuses_missing_and_unknown_fields() -> None:
    build = record_builder(Transaction)
    with pytest.raises(TypeError, match="missing"):
        build({"id": 0})
    with pytest.raises(TypeError, match="unknown"):
        build({"id": 0, "case_id": 1, "time": datetime(2024, 5, 1, tzinfo=UTC), "amount": Decimal(1), "currency": "X",
               "colour": "red"})


def test_builder_refuses_classes_with_their_own_init_logic() -> None:
    @dataclasses.dataclass(frozen=True)
    class Checked:
        value: int

        def __post_init__(self) -> None:
            if self.value < 0:
                raise ValueError(self.value)

    @dataclasses.dataclass(frozen=True)
    class Listed:
        items: list[int] = dataclasses.field(default_factory=list)

    for cls in (Checked, Listed):
        with pytest.raises(TypeError):
            record_builder(cls)


@pytest.mark.parametrize("module", ["alipay", "etherscan"])
def test_streaming_parsers_release_each_line_once_its_row_is_read(module: str, tmp_path: Path) -> None:
    parser = importlib.import_module(f"walletcare.evidence.importers.{module}")
    # every data line is released, but for the first rows an explorer parser reads ahead to see whose export it is
    kept = etherscan._SAMPLE if module == "etherscan" else 0
    rows = kept + 400
    path = tmp_path / "export.csv"
    (make_alipay if module == "alipay" else make_etherscan)(path, rows=rows)
    lines = split_lines(decode(path.read_bytes()))
    original = list(lines)
    header_line = next(i for i, line in enumerate(original) if line.startswith(("交易时间", '"Txhash"'))) + 1
    raws = []
    for row in parser.stream(lines).items:
        raws.append(row.fields["raw"])
        assert lines[row.fields["source_line"] - 1] == row.fields["raw"]  # still there while the row is read
    assert raws == original[header_line:header_line + rows]
    assert lines[:header_line] == original[:header_line]  # the preamble and the header stay
    assert lines[header_line + kept:header_line + rows - 1] == [None] * 399  # the last row's line: see Records
