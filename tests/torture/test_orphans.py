"""A killed screenshot import leaves no image worker running (torture finding [orphans])."""

from __future__ import annotations

import os
import signal
import time

import pytest

from .helpers import Sandbox, budget, group_members, kill_group, screenshot_png, wait_until


@pytest.mark.parametrize("delay", [0.4 * n for n in range(budget(1, 4))])
def test_image_workers_die_with_a_killed_import(case_sandbox: tuple[Sandbox, int], delay: float) -> None:
    if (os.cpu_count() or 1) < 2:
        pytest.skip("one CPU: screenshots are processed without worker processes")
    sandbox, case = case_sandbox
    shots = []
    for i in range(16):
        path = sandbox.root / f"s{i}.png"
        screenshot_png(path, seed=i, size=(900, 1800))
        shots.append(str(path))
    proc = sandbox.start("evidence", "add", "--case", str(case), *shots)
    try:
        # the pool is up once the command's group holds more than the command itself
        assert wait_until(lambda: len(group_members(proc.pid)) >= 3, timeout=60), "no image workers started"
        time.sleep(delay)  # (make torture: killed at later moments of the work too)
        os.kill(proc.pid, signal.SIGKILL)  # the command alone, as the out-of-memory killer would
        proc.wait(timeout=10)
        left = group_members(proc.pid)
        assert wait_until(lambda: not group_members(proc.pid), timeout=5), f"workers left running: {left}"
    finally:
        kill_group(proc.pid)
        proc.wait(timeout=10)
