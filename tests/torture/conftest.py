"""Fixtures of the torture suites. Each fuzz, leak and network test gets a private ``Sandbox``; ``make test``
runs them with small budgets, ``make torture`` sets ``TORTURE_FULL=1`` for the full ones and collects every
suite's figures into ``benchmarks/results/torture.json``.

Crash, disk-full and read-only tests of the vault commands, bounded for ``make test`` (the whole folder in
well under a minute): real ``walletcare`` processes killed on entry of the k-th rename or fsync (``strace -e
inject``, as ``../shared/torture/repro.sh`` does), a small tmpfs filled to the last byte (root), a read-only
vault folder (root, ``setpriv`` without CAP_DAC_OVERRIDE). Each test reopens the vault in this process and
checks it holds the state before or the state after the command, with nothing stray beside it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from walletcare.evidence.vault import Vault

from .helpers import Sandbox

PASSPHRASE = "correct horse battery staple 42"
NEW_PASSPHRASE = "brand new passphrase 7"


def env_for(vault: Path, **extra: str) -> dict[str, str]:
    """The environment of a ``walletcare`` process on ``vault`` (test KDF floor, no bytecode writes: the
    syscall counts of a run must not depend on Python caching its modules)."""
    env = {**os.environ, "WALLETCARE_VAULT": str(vault), "WALLETCARE_PASSPHRASE": PASSPHRASE,
           "WALLETCARE_TEST_KDF_SECONDS": "0", "PYTHONDONTWRITEBYTECODE": "1"}
    env.update(extra)
    return env


def walletcare(vault: Path, *args: str, prefix: tuple[str, ...] = (), lang: str = "en",
               **extra: str) -> subprocess.CompletedProcess[str]:
    """Runs ``walletcare --lang LANG ARGS`` on ``vault`` (``prefix``: strace, setpriv ...)."""
    return subprocess.run([*prefix, sys.executable, "-m", "walletcare", "--lang", lang, *args], capture_output=True,
                          text=True, env=env_for(vault, **extra), timeout=120, stdin=subprocess.DEVNULL)


def kill_at(syscall: str, k: int) -> tuple[str, ...]:
    """The strace prefix that SIGKILLs the command on entry of its ``k``-th ``syscall``."""
    return ("strace", "-f", "-qq", "-o", "/dev/null", "-e", f"trace={syscall}",
            "-e", f"inject={syscall}:signal=KILL:when={k}")


@pytest.fixture(scope="session")
def strace() -> str:
    """strace's path (the test is skipped, with the reason, without it)."""
    found = shutil.which("strace")
    if found is None:
        pytest.skip("strace is not installed (tools/sysdeps.sh installs it as root): the kill tests need it")
    probe = subprocess.run([found, "-f", "-qq", "-o", "/dev/null", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"strace cannot trace here (no ptrace?): {probe.stderr.decode(errors='replace')[:120]}")
    return found


@pytest.fixture(scope="session")
def cli_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A vault made by the CLI once: one case, one transaction, one screenshot."""
    from PIL import Image

    root = tmp_path_factory.mktemp("torture")
    vault = root / "vault"
    assert walletcare(vault, "init").returncode == 0
    assert walletcare(vault, "case", "new", "--title", "kill test 支付宝", "--provider", "支付宝").returncode == 0
    assert walletcare(vault, "tx", "add", "--case", "1", "--time", "2026-01-01 10:00", "--amount", "12.50",
                      "--currency", "CNY", "--counterparty", "商户").returncode == 0
    Image.effect_noise((300, 500), 30).convert("RGB").save(root / "shot.png")
    added = walletcare(vault, "evidence", "add", "--case", "1", str(root / "shot.png"))
    assert added.returncode == 0, added.stderr
    return vault


@pytest.fixture(scope="session")
def restore_template(cli_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with ``vault`` (the CLI-made vault plus one case) and ``bk`` (its backup before that case)."""
    root = tmp_path_factory.mktemp("restore")
    shutil.copytree(cli_template, root / "vault")
    assert walletcare(root / "vault", "backup", "-o", str(root / "bk")).returncode == 0
    assert walletcare(root / "vault", "case", "new", "--title", "made after the backup").returncode == 0
    return root


@pytest.fixture
def cli_vault(cli_template: Path, tmp_path: Path) -> Path:
    """A private copy of the CLI-made vault, in a folder of its own."""
    target = tmp_path / "vault"
    shutil.copytree(cli_template, target)
    return target


def state(vault: Path, passphrases: tuple[str, ...] = (PASSPHRASE,)) -> tuple[int, list[str]]:
    """``(index of the passphrase that opens it, [action object of every audit entry])`` after checking the
    vault is sound (every page, audit chain) and holds only its two files."""
    for index, secret in enumerate(passphrases):
        try:
            vault_obj = Vault.open(vault, bytearray(secret.encode()))
        except Exception as exc:
            last: Exception = exc
            continue
        with vault_obj:
            from walletcare.evidence import database

            assert database.full_check(vault_obj.store.conn) == []
            assert vault_obj.store.audit.verify()[0]
            entries = [f"{e.action} {e.object}" for e in vault_obj.store.audit.entries()]
        assert sorted(p.name for p in vault.iterdir()) == ["vault.db", "vault.keys"]
        return index, entries
    raise AssertionError(f"no passphrase opens {vault}: {last!r}")


def strays(folder: Path) -> list[str]:
    """Entries of ``folder`` that are temp files or half-finished vault folders."""
    return sorted(p.name for p in folder.iterdir()
                  if p.name.startswith(".") or ".restoring-" in p.name or ".previous-" in p.name)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test under tests/torture is marked ``torture`` (``-m "not torture"`` leaves them out)."""
    for item in items:
        if "tests/torture/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.torture)


@pytest.fixture
def sandbox(tmp_path: Path) -> Sandbox:
    """A scratch HOME/TMPDIR/XDG/vault for CLI runs (nothing the app writes lands outside ``tmp_path``)."""
    return Sandbox(tmp_path / "sandbox")


@pytest.fixture
def case_sandbox(sandbox: Sandbox) -> tuple[Sandbox, int]:
    """A sandbox with a vault and one case; returns it and the case id."""
    return sandbox, sandbox.init_case()
