"""Settings read from ``settings.json``: the auto-lock time is whole minutes from 0 to the spin box's maximum,
whatever the file holds (a fraction is rounded up, so a short lock never turns into "never")."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from walletcare.config import DEFAULT_AUTO_LOCK_MINUTES, MAX_AUTO_LOCK_MINUTES, Settings, lock_minutes


@given(st.integers(0, MAX_AUTO_LOCK_MINUTES))
def test_whole_minutes_are_kept(minutes: int) -> None:
    assert lock_minutes(minutes) == minutes


@given(st.floats(min_value=0.0001, max_value=MAX_AUTO_LOCK_MINUTES, allow_nan=False))
def test_a_fraction_is_rounded_up(minutes: float) -> None:
    found = lock_minutes(minutes)
    assert type(found) is int and found >= 1 and found == math.ceil(minutes)


@given(st.one_of(st.none(), st.booleans(), st.text(), st.just(float("nan")), st.floats(max_value=-0.0001),
                 st.integers(max_value=-1)))
def test_anything_else_is_the_default(value: object) -> None:
    assert lock_minutes(value) == DEFAULT_AUTO_LOCK_MINUTES


@pytest.mark.parametrize(("stored", "read"), [(10, 10), (2.5, 3), (10_000, MAX_AUTO_LOCK_MINUTES),
                                              (float("inf"), MAX_AUTO_LOCK_MINUTES), ("5", DEFAULT_AUTO_LOCK_MINUTES)])
def test_the_file_round_trips(tmp_path: Path, stored: object, read: int) -> None:
    Settings(auto_lock_minutes=12).save(tmp_path)
    assert Settings.load(tmp_path).auto_lock_minutes == 12
    data = json.loads((tmp_path / "settings.json").read_text(encoding="utf-8"))
    data["auto_lock_minutes"] = stored
    (tmp_path / "settings.json").write_text(json.dumps(data), encoding="utf-8")
    loaded = Settings.load(tmp_path)
    assert loaded.auto_lock_minutes == read and type(loaded.auto_lock_minutes) is int
