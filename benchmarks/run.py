"""Runs every ``benchmarks/bench_*.py`` module, prints figures against targets, writes results/latest.json.

Each module exposes ``run() -> list[Figure]``. ``python benchmarks/run.py startup vault`` runs only the
named modules; ``--help`` lists them.
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import sys
import time
from dataclasses import asdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.figures import Figure  # noqa: E402


def main(argv: list[str]) -> int:
    known = sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))
    parser = argparse.ArgumentParser(
        prog="benchmarks/run.py",
        description="Measures WalletCare's speed and memory figures against their targets and writes "
                    "benchmarks/results/latest.json. Figures are CPU or wall time as each names; on a shared "
                    "machine trust the CPU figures (min over fresh processes).",
        epilog="modules: " + ", ".join(known))
    parser.add_argument("modules", nargs="*", metavar="MODULE",
                        help="benchmark modules to run (default: all), e.g. bulk vault import")
    args = parser.parse_args(argv)
    unknown = [name for name in args.modules if name not in known]
    if unknown:
        parser.error(f"unknown module(s): {', '.join(unknown)}; choose from {', '.join(known)}")
    names = args.modules or known
    figures: list[Figure] = []
    for name in names:
        module = importlib.import_module(f"benchmarks.bench_{name}")
        start = time.perf_counter()
        try:
            got = module.run()
        except Exception as exc:
            print(f"{name}: FAILED {type(exc).__name__}: {exc}")
            continue
        print(f"[{name}: {time.perf_counter() - start:.1f} s]")
        figures.extend(got)
    width = max((len(f.name) for f in figures), default=10)
    print(f"\n{'figure':<{width}}  {'value':>12}  {'target':>10}  result")
    for f in figures:
        target = "-" if f.target is None else f"{f.target:g}"
        verdict = {True: "ok", False: "MISSED", None: "report"}[f.ok]
        print(f"{f.name:<{width}}  {f.value:>10.4g} {f.unit:<2}  {target:>10}  {verdict} {f.note}")
    out = HERE / "results" / "latest.json"
    out.parent.mkdir(exist_ok=True)
    doc = {"machine": platform.platform(), "python": platform.python_version(), "at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
           "figures": [{**asdict(f), "ok": f.ok} for f in figures]}
    out.write_text(json.dumps(doc, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"\nwritten {out.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
