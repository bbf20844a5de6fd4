"""Fixtures of the torture suites (fuzzing, leaks, network, crashes): each test gets a private ``Sandbox``.

``make test`` runs these with small budgets; ``make torture`` sets ``TORTURE_FULL=1`` for the full ones and
collects every suite's figures into ``benchmarks/results/torture.json``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import Sandbox


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test under tests/torture is marked ``torture`` (``-m "not torture"`` leaves them out)."""
    for item in items:
        if "tests/torture/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.torture)


@pytest.fixture
def sandbox(tmp_path: Path) -> Sandbox:
    """A scratch HOME/TMPDIR/XDG/vault for CLI runs (nothing the app writes lands outside ``tmp_path``)."""
    return Sandbox(tmp_path / "sandbox")


@pytest.fixture
def case_sandbox(sandbox: Sandbox) -> tuple[Sandbox, int]:
    """A sandbox with a vault and one case; returns it and the case id."""
    return sandbox, sandbox.init_case()
