"""Bulk insert and import at the floor of the stack (issue #18): ``add_many`` of 100,000 transactions, 100,000-row
Alipay and Etherscan imports, the text index after a 100k import, the 3,000- and 10,000-row imports users
actually make, and the peak memory of the 100k import.

Method: every figure is the minimum CPU time (``time.process_time``, this process only) over ``REPEAT`` fresh
child processes, the variants interleaved round by round, so a burst of load from other jobs on this shared
machine lands on one sample, not on one variant. CPU time, not wall time: the machine runs other engineers'
jobs, and the fsync of the commit is wall time only. The collector: each child collects once before the timed
call, and the timed call runs as the application runs it (``add_many`` and the importers pause the collector
themselves, so its cost is inside the figure). New vaults have 16 KiB SQLCipher pages; the ``page4k`` variants
make their vaults with the 4 KiB pages of vaults made before, for the comparison in docs/vault.md.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __name__ == "__main__":  # run as a script (the measuring child process): make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.figures import Figure, peak_rss_mb

REPEAT = int(os.environ.get("WALLETCARE_BENCH_REPEAT", "5"))
TARGETS = {"add_many_100k": 0.5, "import_alipay_100k": 1.3, "import_etherscan_100k": 1.3, "text_index_100k": 0.35,
           "import_100k_peak_memory": 150.0}


def _child(kind: str, rows: int, source: str, folder: Path, page: int) -> dict[str, float]:
    """One measurement in this fresh process: ``add`` (``add_many`` of generated transactions) or an import of
    ``source``; then the text index of what was stored, with progress."""
    import gc

    from walletcare.evidence.models import Case
    from walletcare.evidence.vault import Vault

    vault, _code = Vault.create(folder / "vault", bytearray(b"benchmark passphrase"), kdf_seconds=0, page_size=page)
    store = vault.store
    case_id = store.cases.add(Case(id=0, title="benchmark")).id
    if kind == "add":
        from benchmarks.bench_vault import _transactions

        txs = _transactions(case_id, rows)
        gc.collect()
        cpu = time.process_time()
        added = len(store.transactions.add_many(txs))
        spent = time.process_time() - cpu
        del txs
    else:
        from walletcare.evidence.importers.pipeline import import_file

        before = peak_rss_mb()
        gc.collect()
        cpu = time.process_time()
        added = import_file(store, case_id, Path(source)).added
        spent = time.process_time() - cpu
    assert added == rows, (added, rows)
    import_peak = peak_rss_mb()
    reports: list[int] = []
    gc.collect()
    cpu = time.process_time()
    store.transactions.index_pending(progress=lambda done, total: reports.append(done))
    index = time.process_time() - cpu
    out = {"cpu_s": spent, "index_s": index, "index_reports": len(reports), "rss_mb": import_peak,
           "rss_after_index_mb": peak_rss_mb(),
           "size_mb": (folder / "vault" / "vault.db").stat().st_size / 1e6}
    if kind != "add":
        out["rss_before_mb"] = before
    vault.close()
    return out


VARIANTS = (  # name, kind, rows, page size (new vaults: 16 KiB; vaults made before: 4 KiB)
    ("add_many_100k", "add", 100_000, 16384),
    ("import_alipay_100k", "alipay", 100_000, 16384),
    ("import_etherscan_100k", "etherscan", 100_000, 16384),
    ("import_alipay_3k", "alipay", 3_000, 16384),
    ("import_alipay_10k", "alipay", 10_000, 16384),
    ("import_etherscan_3k", "etherscan", 3_000, 16384),
    ("import_etherscan_10k", "etherscan", 10_000, 16384),
    ("add_many_100k_page4k", "add", 100_000, 4096),
    ("import_alipay_100k_page4k", "alipay", 100_000, 4096),
    ("import_etherscan_100k_page4k", "etherscan", 100_000, 4096),
)


def measure(repeat: int = REPEAT, only: tuple[str, ...] = ()) -> dict[str, list[dict[str, float]]]:
    """Every variant ``repeat`` times, interleaved, each in a fresh process: their samples by name."""
    from benchmarks.bench_import import make_alipay, make_etherscan

    chosen = [v for v in VARIANTS if not only or v[0] in only]
    samples: dict[str, list[dict[str, float]]] = {name: [] for name, *_rest in chosen}
    with tempfile.TemporaryDirectory(prefix="wc-bench-bulk-") as tmp:
        work = Path(tmp)
        sources: dict[tuple[str, int], Path] = {}
        for _name, kind, rows, _page in chosen:
            if kind != "add" and (kind, rows) not in sources:
                path = sources[(kind, rows)] = work / f"{kind}-{rows}.csv"
                (make_alipay if kind == "alipay" else make_etherscan)(path, rows)
        script = str(Path(__file__).resolve())
        for round_no in range(repeat):
            for name, kind, rows, page in chosen:
                folder = work / f"{name}-{round_no}"
                folder.mkdir()
                source = str(sources.get((kind, rows), ""))
                out = subprocess.run([sys.executable, script, "--child", kind, str(rows), source, str(folder), str(page)],
                                     check=True, capture_output=True, text=True)
                samples[name].append(json.loads(out.stdout.strip().splitlines()[-1]))
                subprocess.run(["rm", "-rf", str(folder)], check=True)
    return samples


def figures(samples: dict[str, list[dict[str, float]]]) -> list[Figure]:
    """The figures: min CPU of the samples against #18's targets."""
    out: list[Figure] = []
    for name, got in samples.items():
        if not got:
            continue
        cpu = [s["cpu_s"] for s in got]
        note = f"min CPU of {len(got)} fresh processes (max {max(cpu):.2f}); vault {got[0]['size_mb']:.1f} MB"
        out.append(Figure(name, min(cpu), "s", TARGETS.get(name), note=note))
        if name in ("import_alipay_100k", "import_etherscan_100k", "add_many_100k", "import_alipay_100k_page4k"):
            index = [s["index_s"] for s in got]
            label = "text_index_100k" if name == "import_alipay_100k" else f"text_index_after_{name}"
            out.append(Figure(label, min(index), "s", TARGETS.get(label),
                              note=f"after {name}; {int(got[0]['index_reports'])} progress reports; "
                                   f"max {max(index):.2f}"))
        if name in ("import_alipay_100k", "import_etherscan_100k"):
            rss = [s["rss_mb"] for s in got]
            out.append(Figure(f"{name}_peak_memory", max(rss), "MB", TARGETS["import_100k_peak_memory"],
                              note=f"largest child peak RSS (VmHWM) of {len(got)} at the end of the import; "
                                   f"{got[0]['rss_before_mb']:.0f} MB before it (the 64 MiB KDF of the unlock), "
                                   f"{max(s['rss_after_index_mb'] for s in got):.0f} MB after the text index "
                                   "(64 MiB page cache)"))
    return out


def write_table(found: list[Figure], load: tuple[float, float], path: Path) -> None:
    """The figures as a Markdown table (``benchmarks/results/bulk.md``), with the machine's load around the run."""
    lines = ["# Bulk insert and import (issue #18): `benchmarks/run.py bulk`", "",
             f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on a 2-core machine shared with other "
             f"jobs (load average {load[0]:.1f} before, {load[1]:.1f} after). Minimum CPU time of {REPEAT} fresh "
             "processes, variants interleaved; CPU time because the load distorts wall time.", "",
             "| figure | value | target | result | note |", "|---|---|---|---|---|"]
    for f in found:
        target = "-" if f.target is None else f"{f.target:g}"
        verdict = {True: "met", False: "missed", None: "report"}[f.ok]
        lines.append(f"| {f.name} | {f.value:.3g} {f.unit} | {target} | {verdict} | {f.note} |")
    lines += ["", *_earlier(path)]
    temp = path.with_suffix(".md.tmp")
    temp.write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")
    temp.replace(path)


def _earlier(path: Path) -> list[str]:
    """The runs ``path`` holds, kept under "Earlier runs" (the latest first) when a new run is written."""
    try:
        old = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    body = old[1:]  # without the title
    cut = body.index("## Earlier runs") if "## Earlier runs" in body else len(body)
    latest, history = body[:cut], body[cut + 1:]
    stamp = next((line.split(" on a ")[0].removeprefix("Measured ") for line in latest
                  if line.startswith("Measured ")), "an earlier run")
    while latest and not latest[0].strip():
        latest = latest[1:]
    return ["## Earlier runs", "", f"### {stamp}", "", *latest, *history]


def run() -> list[Figure]:
    """Measures and returns the figures (and writes them to ``results/bulk.md``)."""
    before = os.getloadavg()[0]
    found = figures(measure())
    write_table(found, (before, os.getloadavg()[0]), Path(__file__).resolve().parent / "results" / "bulk.md")
    return found


if __name__ == "__main__":
    if len(sys.argv) == 7 and sys.argv[1] == "--child":
        print(json.dumps(_child(sys.argv[2], int(sys.argv[3]), sys.argv[4], Path(sys.argv[5]), int(sys.argv[6]))))
        sys.exit(0)
    for fig in run():
        print(fig)
