"""``walletcare gui --smoke``: opens the window, prints the time of its first paint and quits with 0 (the
bundle's smoke test and its start-up figure rely on it); it stays out of ``--help``."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path


def test_smoke_flag_paints_the_window_then_quits(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
           "WALLETCARE_CONFIG_DIR": str(tmp_path / "config"), "WALLETCARE_VAULT": str(tmp_path / "vault"),
           "WALLETCARE_LOG_DIR": str(tmp_path / "logs"), "WALLETCARE_CACHE_DIR": str(tmp_path / "cache")}
    started = time.time()
    done = subprocess.run([sys.executable, "-m", "walletcare", "--lang", "en", "gui", "--smoke"], env=env,
                          capture_output=True, text=True, timeout=120)
    ended = time.time()
    assert done.returncode == 0, done.stderr[-2000:]
    word, stamp, title = done.stdout.strip().split(" ", 2)
    assert word == "first-paint" and started < float(stamp) < ended and "WalletCare" in title
    helped = subprocess.run([sys.executable, "-m", "walletcare", "gui", "--help"], env=env, capture_output=True,
                            text=True, timeout=60)
    assert helped.returncode == 0 and "--smoke" not in helped.stdout
