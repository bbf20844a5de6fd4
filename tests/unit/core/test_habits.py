"""Habits of the test suite itself: a test that needs ``../shared/samples`` is skipped where the folder is
absent, but fails when ``CI=true`` (where it is always present)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
NEEDS_SAMPLES = "tests/unit/evidence/importers/test_pipeline.py::test_reimport_adds_nothing"


def _run(tmp_path: Path, ci: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WALLETCARE_SAMPLES": str(tmp_path / "no-samples"), "CI": ci}
    return subprocess.run([sys.executable, "-m", "pytest", NEEDS_SAMPLES, "-q", "-rs"],
                          cwd=REPO, env=env, capture_output=True, text=True, check=False)


def test_missing_samples_skip_outside_ci_and_fail_in_ci(tmp_path: Path) -> None:
    outside = _run(tmp_path, "")
    assert outside.returncode == 0 and "1 skipped" in outside.stdout, outside.stdout + outside.stderr
    inside = _run(tmp_path, "true")
    assert inside.returncode == 1 and "1 error" in inside.stdout and "CI=true" in inside.stdout, inside.stdout  # (in its fixture)
