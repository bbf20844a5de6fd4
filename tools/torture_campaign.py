"""The shared torture harness's campaign as part of ``make torture``: runs its ``run_all.sh`` (kill -9, disk full,
bad vaults, importer fuzz, plaintext leak, network) against this checkout and turns each suite's result file into
one row for ``tools/torture_report.py`` (``campaign_s<n>_<name>.json``: runs, failures, the suite's own line).

The harness lives outside the project (``../shared/torture`` beside the checkout, or ``TORTURE_HARNESS``); without
it every row says "not run" with the reason. Suites 2 (tmpfs) and 3 (bind mount, setpriv) need root and are
reported as not run otherwise. Scratch data goes to a fresh folder under ``TMPDIR`` (removed afterwards unless
``--keep``); the result files, the summary, each suite's log and any crashing fuzz inputs are copied to
``OUT/campaign/``.

Usage: python tools/torture_campaign.py OUT [--harness DIR] [--suites 1,2,3,4,5,6] [--cap SECONDS] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SUITES = {1: "kill9", 2: "diskfull", 3: "badvaults", 4: "fuzz", 5: "leak", 6: "network"}
NEEDS_ROOT = {2: "mounts a tmpfs", 3: "makes a read-only bind mount and drops CAP_DAC_OVERRIDE"}
# (a killed or stopped suite still counts what it finished; these make its row a failure)
S1_BAD = ("lost", "damaged", "half", "leftover_runs", "audit_cli_failures", "runs_with_orphans")
S4_BAD = ("unhandled", "cli-unhandled", "crash", "state", "hang", "cli-hang", "memory")


def s1_figures(data: dict[str, Any]) -> tuple[int, int, dict[str, int]]:
    ops = [op["summary"] for op in data.get("ops", {}).values()]
    total = {key: sum(int(op.get(key, 0)) for op in ops) for key in ("runs", "killed", *S1_BAD)}
    return total["runs"], sum(total[key] for key in S1_BAD), total


def s2_figures(data: dict[str, Any]) -> tuple[int, int, dict[str, int]]:
    summary = data.get("summary", {})
    return int(summary.get("scenarios", 0)), int(summary.get("with_problems", 0)), summary


def s3_figures(data: dict[str, Any]) -> tuple[int, int, dict[str, Any]]:
    cases = data.get("cases", [])
    failing = {c.get("name", "?"): c.get("problems", []) for c in cases if not c.get("ok", False)}
    wrong = data.get("wrong_attempts", {})
    if wrong.get("files_changed") or wrong.get("right_passphrase_after") not in (0, None):
        failing["20 wrong passphrases"] = [f"files changed {wrong.get('files_changed')}, right passphrase "
                                           f"then exit {wrong.get('right_passphrase_after')}"]
    return len(cases) + (1 if wrong else 0), len(failing), {"failing": failing}


def s4_figures(data: dict[str, Any]) -> tuple[int, int, dict[str, Any]]:
    stats = data.get("stats", {})
    bad = {key: int(stats[key]) for key in S4_BAD if stats.get(key)}
    return int(data.get("iterations", 0)), sum(bad.values()), {"stats": stats, "signatures": len(data.get("signatures", {}))}


def s5_figures(data: dict[str, Any]) -> tuple[int, int, dict[str, Any]]:
    steps = data.get("steps", [])
    # (the harness's own rule: killed, damaged-vault and GUI steps may exit non-zero)
    failed = [s["step"] for s in steps if s.get("exit") not in (0, None)
              and not any(word in s["step"] for word in ("killed", "damaged", "gui"))]
    leaks = len(data.get("hits_leak", [])) + len(data.get("hits_in_protected_pdf", []))
    return len(steps), leaks + len(failed), {"leaks": leaks, "failed_steps": failed,
                                              "files_scanned": data.get("scanned", {}).get("files")}


def s6_figures(data: dict[str, Any]) -> tuple[int, int, dict[str, Any]]:
    summary = data.get("summary", {})
    bad = (len(summary.get("with_network_sockets", [])) + len(summary.get("exit_differs_offline", []))
           + (0 if summary.get("control_seen", False) else 1))  # (a trace that misses the control proves nothing)
    return int(summary.get("commands", 0)), bad, summary


FIGURES = {1: s1_figures, 2: s2_figures, 3: s3_figures, 4: s4_figures, 5: s5_figures, 6: s6_figures}


def summary_lines(text: str) -> dict[int, str]:
    """The last one-line figure of each suite in run_all.sh's summary.txt (``S<n> ...``)."""
    lines: dict[int, str] = {}
    for line in text.splitlines():
        found = re.search(r"\] (S([1-6]) .*)$", line)
        if found:
            lines[int(found.group(2))] = found.group(1)
    return lines


def row(suite: int, results: Path, lines: dict[int, str]) -> dict[str, Any]:
    """One suite's row from its result file and summary line; a suite that did not finish is a failure."""
    line = lines.get(suite, f"S{suite} not run")
    files = sorted(results.glob(f"s{suite}_*.json"))
    if not files:
        return {"runs": 0, "failures": 1, "line": line, "problem": "no result file"}
    runs, failures, detail = FIGURES[suite](json.loads(files[0].read_text(encoding="utf-8")))
    unfinished = "did not finish" in line or suite not in lines
    return {"runs": runs, "failures": failures + (1 if unfinished else 0), "line": line, "detail": detail,
            **({"problem": "the suite did not finish (stopped at the cap)"} if unfinished else {})}


def write_row(out: Path, suite: int, figures: dict[str, Any]) -> None:
    path = out / f"campaign_s{suite}_{SUITES[suite]}.json"
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(temp, path)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path, help="folder of the rows (tools/torture_report.py reads it)")
    ap.add_argument("--harness", type=Path, default=Path(os.environ.get("TORTURE_HARNESS", REPO.parent / "shared" / "torture")))
    ap.add_argument("--suites", default="1,2,3,4,5,6")
    ap.add_argument("--cap", type=int, default=int(os.environ.get("TORTURE_SUITE_CAP", "5400")),
                    help="hard stop per suite, seconds (run_all.sh's own default of 600 s stops suite 1 early "
                         "on a loaded machine: its timed kills always run)")
    ap.add_argument("--keep", action="store_true", help="keep the scratch folder (TORTURE_ROOT)")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    wanted = [int(s) for s in args.suites.split(",") if s.strip()]
    run_all = args.harness / "run_all.sh"
    if not run_all.is_file():
        for suite in wanted:
            write_row(args.out, suite, {"runs": 0, "failures": 0, "skipped": f"no harness at {args.harness}"})
        print(f"torture campaign: not run (no {run_all}; set TORTURE_HARNESS)")
        return 0
    runnable = []
    for suite in wanted:
        if suite in NEEDS_ROOT and os.geteuid() != 0:
            write_row(args.out, suite, {"runs": 0, "failures": 0, "skipped": f"needs root ({NEEDS_ROOT[suite]})"})
        else:
            runnable.append(suite)
    scratch = Path(tempfile.mkdtemp(prefix="walletcare-torture-"))
    env = {**os.environ, "TORTURE_ROOT": str(scratch), "WALLETCARE_CHECKOUT": str(REPO), "TORTURE_SUITE_CAP": str(args.cap)}
    try:
        if runnable:
            subprocess.run(["bash", str(run_all), *map(str, runnable)], cwd=REPO, env=env, check=False)
        results = scratch / "results"
        summary = results / "summary.txt"
        lines = summary_lines(summary.read_text(encoding="utf-8")) if summary.exists() else {}
        for suite in runnable:
            write_row(args.out, suite, row(suite, results, lines))
        kept = args.out / "campaign"
        shutil.rmtree(kept, ignore_errors=True)
        if results.exists():
            shutil.copytree(results, kept)
        for folder in ("logs", "crashes"):  # (each suite's log names its failing cases)
            if (scratch / folder).exists():
                shutil.copytree(scratch / folder, kept / folder)
    finally:
        if args.keep:
            print(f"torture campaign scratch kept in {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
