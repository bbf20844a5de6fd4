"""A benchmark figure and the small timing helpers every benchmark module uses."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Figure:
    """One measured value against its target (``None`` when there is no target, only a report)."""

    name: str
    value: float
    unit: str
    target: float | None = None
    lower_is_better: bool = True
    note: str = ""

    @property
    def ok(self) -> bool | None:
        """Whether the target is met (None without a target)."""
        if self.target is None:
            return None
        return self.value <= self.target if self.lower_is_better else self.value >= self.target


def median_seconds(fn: Callable[[], object], repeat: int = 5) -> float:
    """Median wall time of ``fn()`` over ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def median_process_seconds(args: list[str], repeat: int = 5, env: dict[str, str] | None = None) -> float:
    """Median wall time of a fresh Python process running ``args`` (cold start, as a user sees it)."""
    return median_seconds(lambda: subprocess.run([sys.executable, *args], check=True, capture_output=True, env=env), repeat)


def peak_rss_mb() -> float:
    """This process's peak resident memory in MiB: ``VmHWM`` on Linux (``ru_maxrss`` there keeps the peak of
    the parent process from before ``exec``, so a child would report the benchmark runner's memory), else
    ``ru_maxrss``."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale


def peak_rss_mb_of(args: list[str], env: dict[str, str] | None = None) -> float:
    """Peak resident memory (MiB) of a child Python process running ``args``."""
    code = (
        "import runpy, sys\n"
        f"sys.path.insert(0, {str(Path(__file__).resolve().parent.parent)!r})\n"
        f"sys.argv = {args!r}\n"
        "try:\n    runpy.run_path(sys.argv[0], run_name='__main__')\nexcept SystemExit:\n    pass\n"
        "from benchmarks.figures import peak_rss_mb\n"
        "print(peak_rss_mb())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env)
    return float(out.stdout.strip().splitlines()[-1])


def store_rows_cpu(vault: object, rows: list[tuple[object, ...]], *, small_cache: bool = False) -> float:
    """CPU seconds SQLCipher alone spends storing finished transaction rows (``transactions.to_rows``) in
    ``vault``: the lazy indexes dropped as a bulk insert does, one ``executemany`` and the commit; the vault is
    closed after. ``small_cache``: with the page cache an import uses."""
    from contextlib import nullcontext

    from walletcare.evidence.transactions import INSERT_SQL

    store = vault.store  # type: ignore[attr-defined]
    store.transactions.defer_indexes(len(rows))
    with store.small_cache() if small_cache else nullcontext():
        cpu = time.process_time()
        store.conn.execute("BEGIN IMMEDIATE")
        store.conn.executemany(INSERT_SQL, rows)
        store.conn.execute("COMMIT")
        spent = time.process_time() - cpu
    vault.close()  # type: ignore[attr-defined]
    return spent
