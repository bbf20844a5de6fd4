"""Start-up: ``walletcare --help`` cold start and the window's first paint (median of 5, offscreen)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from benchmarks.figures import Figure, median_process_seconds

FIRST_PAINT = Path(__file__).with_name("first_paint.py")


def run() -> list[Figure]:
    """Measures and returns the figures."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    help_s = median_process_seconds(["-m", "walletcare", "--help"], env=env)
    paint_s = median_process_seconds([str(FIRST_PAINT)], env=env)
    bare_s = median_process_seconds([str(FIRST_PAINT), "--bare"], env=env)
    return [
        Figure("cli_help_cold_start", help_s, "s", 0.3),
        Figure("window_first_paint_cold", paint_s, "s", 0.5),
        Figure("bare_qmainwindow_first_paint_cold", bare_s, "s", None, note="reference: empty QMainWindow"),
    ]


if __name__ == "__main__":
    for fig in run():
        print(fig)
    sys.exit(0)
