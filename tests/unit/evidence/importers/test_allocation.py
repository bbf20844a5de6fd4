"""Tests for the bulk-allocation helpers: the collector pause and the one-step frozen record builder."""

from __future__ import annotations

import dataclasses
import gc
import pickle
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from walletcare.evidence.importers.allocation import collector_paused, record_builder
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
