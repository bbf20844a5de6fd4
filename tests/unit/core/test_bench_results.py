"""The bulk benchmark's results file keeps the runs before the latest under "Earlier runs"."""

from __future__ import annotations

from pathlib import Path

from benchmarks.bench_bulk import write_table
from benchmarks.figures import Figure


def test_a_new_run_keeps_the_earlier_ones(tmp_path: Path) -> None:
    path = tmp_path / "bulk.md"
    write_table([Figure("text_index_100k", 0.5, "s", 0.35)], (1.0, 2.0), path)
    write_table([Figure("text_index_100k", 0.25, "s", 0.35)], (3.0, 4.0), path)
    write_table([Figure("text_index_100k", 0.2, "s", 0.35)], (5.0, 6.0), path)
    text = path.read_text(encoding="utf-8")
    assert text.count("# Bulk insert and import") == 1 and text.count("## Earlier runs") == 1
    latest, earlier = text.split("## Earlier runs")
    assert "| 0.2 s | 0.35 | met |" in latest and "load average 5.0 before" in latest
    assert earlier.index("| 0.25 s |") < earlier.index("| 0.5 s | 0.35 | missed |")  # the latest first
    assert earlier.count("### ") == 2
