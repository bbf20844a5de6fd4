"""The figures of ``make torture``: one row per suite of tests/torture, written to benchmarks/results/torture.json
and printed as a table (suite | runs | failures).

A suite is a ``tests/torture/test_<name>.py`` module. Its runs and failures are the figures it stored with
``helpers.write_results("<name>", {"runs": …, "failures": …})`` (inputs fuzzed, steps scanned …), else its
test count and failed tests from pytest's JUnit XML; a suite whose tests failed never shows 0 failures. The
shared harness's suites add their rows the same way (``campaign_s<n>_<name>.json``, tools/torture_campaign.py;
``"skipped": reason`` when one was not run).

Usage: python tools/torture_report.py JUNIT.xml [FIGURES_DIR] [OUTPUT.json]
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def suites_from_junit(path: Path) -> dict[str, dict[str, int]]:
    """``{suite: {tests, failed, skipped}}`` from a JUnit XML file."""
    found: dict[str, dict[str, int]] = {}
    if not path.exists():
        return found
    for case in ET.parse(path).getroot().iter("testcase"):
        module = case.get("classname", "").split(".")
        name = next((part[5:] for part in reversed(module) if part.startswith("test_")), module[-1] or "?")
        row = found.setdefault(name, {"tests": 0, "failed": 0, "skipped": 0})
        row["tests"] += 1
        if case.find("failure") is not None or case.find("error") is not None:
            row["failed"] += 1
        elif case.find("skipped") is not None:
            row["skipped"] += 1
    return found


def report(junit: Path, figures_dir: Path) -> list[dict[str, object]]:
    """One row per suite: runs, failures, and the suite's own figures."""
    rows = []
    tests = suites_from_junit(junit)
    names = sorted(set(tests) | {p.stem for p in figures_dir.glob("*.json")})
    for name in names:
        counts = tests.get(name, {"tests": 0, "failed": 0, "skipped": 0})
        figure_file = figures_dir / f"{name}.json"
        figures = json.loads(figure_file.read_text(encoding="utf-8")) if figure_file.exists() else {}
        runs = int(figures.get("runs", counts["tests"]))
        failures = max(int(figures.get("failures", 0)), counts["failed"])
        rows.append({"suite": name, "runs": runs, "failures": failures, "tests": counts["tests"],
                     "failed_tests": counts["failed"], "skipped_tests": counts["skipped"], "figures": figures})
    return rows


def table(rows: list[dict[str, object]]) -> str:
    """The rows as a Markdown table."""
    lines = ["| suite | runs | failures |", "|---|---:|---:|"]
    for row in rows:
        skipped = f" ({row['skipped_tests']} skipped)" if row["skipped_tests"] else ""
        figures = row.get("figures") or {}
        if isinstance(figures, dict) and figures.get("skipped"):
            skipped = f" (not run: {figures['skipped']})"
        lines.append(f"| {row['suite']}{skipped} | {row['runs']:,} | {row['failures']:,} |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    junit = Path(argv[0]) if argv else REPO / "benchmarks/results/torture-suites/junit.xml"
    figures_dir = Path(argv[1]) if len(argv) > 1 else REPO / "benchmarks/results/torture-suites"
    output = Path(argv[2]) if len(argv) > 2 else REPO / "benchmarks/results/torture.json"
    rows = report(junit, figures_dir)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps({"generated_at": datetime.now(UTC).isoformat(timespec="seconds"), "suites": rows},
                                 ensure_ascii=False, indent=1), encoding="utf-8")
    print(table(rows))
    print(f"(figures: {output})")
    return 1 if any(row["failures"] for row in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
