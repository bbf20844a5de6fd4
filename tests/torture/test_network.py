"""No network: commands traced with ``strace -f -e trace=network`` open no socket but local (AF_UNIX) ones and
connect nowhere; run again inside ``unshare -n`` (no network at all) they exit exactly as before."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .helpers import FULL, Sandbox, alipay_csv, screenshot_png, write_results

_SOCKET = re.compile(r"\bsocket(?:pair)?\((AF_[A-Z0-9]+|\d+)")
_CONNECT = re.compile(r"\b(?:connect|sendto|sendmsg)\(\d+, \{sa_family=(AF_[A-Z0-9]+)")


def _commands(sandbox: Sandbox) -> list[list[str]]:
    inputs = sandbox.root / "inputs"
    inputs.mkdir(exist_ok=True)
    (inputs / "a.csv").write_bytes(alipay_csv(200))
    (inputs / "message.txt").write_text("您好，您的快递已到，请明天来取。\n", encoding="utf-8")
    for i in range(2):
        screenshot_png(inputs / f"s{i}.png", seed=i)
    pdf = str(sandbox.root / "d.pdf")
    commands = [["init"], ["case", "new", "--title", "网络检查"], ["import", str(inputs / "a.csv"), "--case", "1"],
                ["evidence", "add", "--case", "1", str(inputs / "s0.png"), str(inputs / "s1.png")],
                ["export", "--case", "1", "-o", pdf], ["verify", pdf], ["search", "退款"],
                ["backup", "-o", str(sandbox.root / "bk")]]
    if FULL:
        commands += [["wizard", "list"], ["scan-text", str(inputs / "message.txt")], ["audit", "--verify"],
                     ["case", "list", "--json"], ["restore", str(sandbox.root / "bk")], ["content", "check"]]
    return commands


def _unshare_works() -> bool:
    if not shutil.which("unshare"):
        return False
    return subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0


def test_commands_use_no_network(tmp_path: Path) -> None:
    strace = shutil.which("strace")
    if strace is None:
        pytest.skip("strace is not installed (make test installs it through tools/sysdeps.sh when run as root)")
    traced, offline = Sandbox(tmp_path / "traced"), Sandbox(tmp_path / "offline")
    isolated = _unshare_works()
    network, connects, differ, codes, failed = [], [], [], [], []
    for n, args in enumerate(_commands(traced)):
        log = tmp_path / f"trace{n}.txt"
        done = traced.run(*args, prefix=[strace, "-f", "-qq", "-e", "trace=network", "-o", str(log)], timeout=300)
        codes.append(done.returncode)
        if done.returncode:
            failed.append(f"{' '.join(args)}: exit {done.returncode} {done.stderr[-300:]}")
        text = log.read_text(errors="replace")
        network += [f"{args[0]}: socket({family})" for family in _SOCKET.findall(text) if family != "AF_UNIX"]
        connects += [f"{args[0]}: {family}" for family in _CONNECT.findall(text) if family != "AF_UNIX"]
    if isolated:  # the same commands on a sandbox of their own, with no network at all
        for args, online in zip(_commands(offline), codes, strict=True):
            again = offline.run(*args, prefix=["unshare", "-n"], timeout=300)
            if again.returncode != online:
                differ.append(f"{' '.join(args)}: {online} online, {again.returncode} offline")
    write_results("network", {"runs": len(codes), "failures": len(network) + len(connects) + len(differ),
                              "network_sockets": network, "connects": connects, "exit_differs_offline": differ,
                              "unshare": isolated})
    assert not failed, failed
    assert not network and not connects, network + connects
    assert not differ, differ
