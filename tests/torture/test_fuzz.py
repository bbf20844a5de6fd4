"""Importer fuzzing: a fixed-seed Hypothesis run over every importer finds no unhandled error, no input taking
more than 10 s and no memory growth past 300 MB (2,000 inputs in ``make test``, 20,000 in ``make torture``).

Why Hypothesis and not atheris: on the importers as they were before their bounds, from the same samples and
without the crafted workbooks, Hypothesis found the PayPal ``OverflowError`` in 2,000 inputs (17 s), while
atheris 3.0.0 (coverage-guided libFuzzer) ran 16,908 inputs in 60 s and found nothing: the structure-aware
mutations (numbers, dates, lines, workbook members) reach the parsers' value readers, random bytes mostly stop
at decoding and header detection. Hypothesis is also already a test dependency.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from .helpers import REPO, budget, write_results

HANG_SECONDS = 10.0
MEMORY_MB = 300  # growth one input may cause (checked by the child around each input)
RUNAWAY_MB = 2 * MEMORY_MB  # the child as a whole (Hypothesis's own data included): stopped from outside
SAMPLES = REPO.parent / "shared" / "samples"


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _cpu_seconds(pid: int) -> float:
    """CPU time used so far (a hang is judged on it: a niced run on a busy machine gets little wall time)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def test_importers_survive_fuzzing(tmp_path: Path) -> None:
    examples = budget(2000, 20000)
    progress = tmp_path / "current.txt"
    args = [sys.executable, str(Path(__file__).with_name("fuzz_importers.py")), "--examples", str(examples),
            "--seed", "20", "--hang", str(HANG_SECONDS), "--progress", str(progress), "--growth-mb", str(MEMORY_MB)]
    if SAMPLES.is_dir():
        args += ["--samples", str(SAMPLES)]
    else:
        from tests.conftest import IN_CI

        assert not IN_CI, f"{SAMPLES} is missing, and CI=true: the fuzzing must start from the real samples"
    cpu_limit = examples * HANG_SECONDS / 100 + 60  # far above the ~5 ms of CPU an input takes
    wall_limit = time.monotonic() + 20 * cpu_limit
    peak, stopped = 0.0, ""
    with (tmp_path / "out.json").open("w+") as out, (tmp_path / "err.txt").open("w+") as err, \
            subprocess.Popen(args, stdout=out, stderr=err, text=True) as child:
        while child.poll() is None:
            peak = max(peak, _rss_mb(child.pid))
            if peak > RUNAWAY_MB:
                stopped = f"memory blow-up: {peak:.0f} MB"
            elif _cpu_seconds(child.pid) > cpu_limit or time.monotonic() > wall_limit:
                stopped = "hang: the run did not finish in time"
            if stopped:
                child.kill()
                child.wait()
                current = progress.read_text(encoding="utf-8") if progress.exists() else "?"
                write_results("fuzz", {"runs": examples, "failures": 1, "stopped": stopped, "input": current})
                raise AssertionError(f"{stopped} while parsing {current}")
            time.sleep(0.1)
        out.seek(0)
        err.seek(0)
        assert child.returncode == 0, err.read()[-3000:]
        figures = json.loads(out.read())
    figures["peak_rss_mb"] = max(float(figures["peak_rss_mb"]), round(peak, 1))
    failures = int(figures["unhandled"]) + int(figures["hangs"]) + int(figures["memory"])
    write_results("fuzz", {**figures, "failures": failures})
    assert figures["runs"] == examples
    assert failures == 0, json.dumps(figures["failures"][:3], ensure_ascii=False, indent=1)
