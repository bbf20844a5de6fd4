"""The torture plumbing itself: CLI runs stay inside their sandbox and process groups are tracked."""

from __future__ import annotations

import time

from .helpers import Sandbox, group_members, kill_group


def test_cli_runs_inside_the_sandbox(sandbox: Sandbox) -> None:
    case = sandbox.init_case()
    assert case >= 1
    assert (sandbox.vault / "vault.db").is_file()
    written = [p for p in sandbox.root.rglob("*") if p.is_file()]
    assert all(sandbox.root in p.parents for p in written)
    assert sandbox.run("--lang", "en", "case", "list").returncode == 0


def test_kill_group_ends_what_it_started(sandbox: Sandbox) -> None:
    proc = sandbox.start("--help")
    kill_group(proc.pid)
    proc.wait(timeout=10)
    time.sleep(0.05)
    assert group_members(proc.pid) == []
