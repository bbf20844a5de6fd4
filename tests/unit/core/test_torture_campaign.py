"""``make torture``'s campaign step (tools/torture_campaign.py): each suite of the shared harness becomes one row
for tools/torture_report.py, a failure in any of its figures (or a suite stopped before its end) is never 0,
and a missing harness or missing root is said, not counted as a pass."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from types import ModuleType

import pytest

from tests.unit.core.tool_modules import load_tool as _load


@pytest.fixture(scope="module")
def campaign() -> ModuleType:
    return _load("torture_campaign")


@pytest.fixture(scope="module")
def report() -> ModuleType:
    return _load("torture_report")


def _op(**bad: int) -> dict[str, object]:
    summary = {"runs": 31, "killed": 29, "lost": 0, "damaged": 0, "half": 0, "leftover_runs": 0,
               "audit_cli_failures": 0, "runs_with_orphans": 0, "absent": 25, "present": 6}
    summary.update(bad)
    return {"summary": summary, "runs": []}


def test_kill9_counts_every_kind_of_bad_run(campaign: ModuleType) -> None:
    clean = {"ops": {"backup": _op(), "restore": _op()}}
    assert campaign.s1_figures(clean)[:2] == (62, 0)
    for key in ("lost", "damaged", "half", "leftover_runs", "audit_cli_failures", "runs_with_orphans"):
        runs, failures, _ = campaign.s1_figures({"ops": {"backup": _op(), "export": _op(**{key: 2})}})
        assert (runs, failures) == (62, 2), key


def test_each_suite_reads_its_own_failures(campaign: ModuleType) -> None:
    assert campaign.s2_figures({"summary": {"scenarios": 80, "with_problems": 3}})[:2] == (80, 3)
    cases = [{"name": "wrong passphrase", "ok": True, "problems": []},
             {"name": "schema 99", "ok": False, "problems": ["message lacks ['99']"]}]
    runs, failures, detail = campaign.s3_figures({"cases": cases, "wrong_attempts": {"files_changed": ["vault.db"]}})
    assert (runs, failures) == (3, 2) and set(detail["failing"]) == {"schema 99", "20 wrong passphrases"}
    fuzz = {"iterations": 900, "stats": {"ok": 800, "handled": 97, "hang": 1, "memory": 1, "cli-unhandled": 1}}
    assert campaign.s4_figures(fuzz)[:2] == (900, 3)
    steps = [{"step": "import", "exit": 0}, {"step": "backup", "exit": 4}, {"step": "import killed", "exit": -9},
             {"step": "gui offscreen 8 s", "exit": None}]
    leak = {"steps": steps, "hits_leak": [{"marker": "m"}], "hits_in_protected_pdf": [], "scanned": {"files": 9}}
    assert campaign.s5_figures(leak)[:2] == (4, 2)
    net = {"summary": {"commands": 20, "with_network_sockets": [], "exit_differs_offline": [], "control_seen": []}}
    assert campaign.s6_figures(net)[:2] == (20, 1)  # (the control connect unseen: the trace proves nothing)


def test_a_suite_stopped_at_its_cap_is_a_failure(campaign: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "s1_kill9.json").write_text(json.dumps({"ops": {"import": _op()}}), encoding="utf-8")
    (tmp_path / "s4_fuzz.json").write_text(json.dumps({"iterations": 10, "stats": {"ok": 10}}), encoding="utf-8")
    lines = campaign.summary_lines("2026-12-06T10:13:24Z [600 s] S1 did not finish (exit 124; see s1.log)\n"
                                   "2026-12-06T10:28:53Z [454 s] S4 fuzz: 10 inputs / unhandled exceptions 0\n")
    stopped = campaign.row(1, tmp_path, lines)
    assert stopped["runs"] == 31 and stopped["failures"] == 1 and "did not finish" in stopped["problem"]
    assert campaign.row(4, tmp_path, lines)["failures"] == 0
    assert campaign.row(6, tmp_path, lines)["failures"] == 1  # (no result file at all)


def _fake_harness(folder: Path) -> Path:
    """A run_all.sh that writes what the real one writes (a result file per suite and summary.txt) into
    TORTURE_ROOT, and records the environment it was given."""
    folder.mkdir()
    script = folder / "run_all.sh"
    script.write_text(
        "#!/usr/bin/env bash\nset -eu\nR=\"$TORTURE_ROOT/results\"; mkdir -p \"$R\" \"$TORTURE_ROOT/crashes\"\n"
        "echo \"$WALLETCARE_CHECKOUT $TORTURE_SUITE_CAP $*\" > \"$R/args.txt\"\n"
        "mkdir -p \"$TORTURE_ROOT/logs\"; echo 'FAIL one case' > \"$TORTURE_ROOT/logs/s4.log\"\n"
        "echo '{\"iterations\": 50, \"stats\": {\"ok\": 49, \"unhandled\": 1}}' > \"$R/s4_fuzz.json\"\n"
        "echo 'crash input' > \"$TORTURE_ROOT/crashes/unhandled_ab12.csv\"\n"
        "echo '2026-12-06T10:28:53Z [4 s] S4 fuzz: 50 inputs / unhandled exceptions 1' >> \"$R/summary.txt\"\n",
        encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return folder


def test_campaign_rows_reach_the_report(campaign: ModuleType, report: ModuleType, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    harness = _fake_harness(tmp_path / "harness")
    out = tmp_path / "out"
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(campaign.tempfile, "tempdir", None)
    assert campaign.main([str(out), "--harness", str(harness), "--suites", "2,4", "--cap", "77"]) == 0
    fuzz = json.loads((out / "campaign_s4_fuzz.json").read_text(encoding="utf-8"))
    assert (fuzz["runs"], fuzz["failures"]) == (50, 1) and fuzz["line"].startswith("S4 fuzz")
    args = (out / "campaign" / "args.txt").read_text(encoding="utf-8").split()
    assert args[0] == str(campaign.REPO) and args[1] == "77"
    assert (out / "campaign" / "crashes" / "unhandled_ab12.csv").exists()
    assert (out / "campaign" / "logs" / "s4.log").read_text(encoding="utf-8").startswith("FAIL")
    assert list(scratch.iterdir()) == []  # (the scratch folder is gone)
    diskfull = json.loads((out / "campaign_s2_diskfull.json").read_text(encoding="utf-8"))
    if os.geteuid() == 0:
        assert args[2:] == ["2", "4"] and diskfull["failures"] == 1  # (run, but the fake wrote no result)
    else:
        assert args[2:] == ["4"] and "needs root" in diskfull["skipped"]
    rows = {r["suite"]: r for r in report.report(tmp_path / "no-junit.xml", out)}
    assert rows["campaign_s4_fuzz"]["failures"] == 1
    assert "| campaign_s4_fuzz | 50 | 1 |" in report.table(list(rows.values()))


def test_without_the_harness_every_row_says_not_run(campaign: ModuleType, report: ModuleType, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert campaign.main([str(out), "--harness", str(tmp_path / "nowhere"), "--suites", "1,5"]) == 0
    rows = report.report(tmp_path / "no-junit.xml", out)
    assert [r["suite"] for r in rows] == ["campaign_s1_kill9", "campaign_s5_leak"]
    assert all("not run: no harness at" in line for line in report.table(rows).splitlines()[2:])
