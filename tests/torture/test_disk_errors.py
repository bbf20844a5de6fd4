"""A full disk (an 8 MiB tmpfs filled to the last byte; root) and a read-only vault: exit 4 with a message in
the interface language, the vault as it was, no temp file or half backup or dossier left behind."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from .conftest import NEW_PASSPHRASE, kill_at, state, strays, walletcare


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """An 8 MiB tmpfs (skipped, with the reason, when not root or when mounting fails)."""
    if os.geteuid() != 0:
        pytest.skip("the disk-full tests mount a small tmpfs, which needs root")
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mnt)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace')[:120]}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", str(mnt)], check=False)


def _fill(disk: Path) -> Path:
    filler = disk / "filler"
    with open(filler, "wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 4096)
        except OSError:
            pass
    return filler


@pytest.mark.parametrize("command", ["backup", "export", "passwd"])
@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_full_disk_gives_exit_4_and_leaves_nothing(cli_template: Path, small_disk: Path, command: str, lang: str) -> None:
    vault = small_disk / "vault"
    shutil.copytree(cli_template, vault)
    (small_disk / "out").mkdir()
    before = state(vault)[1]
    args = {"backup": ["backup", "-o", str(small_disk / "bk")],
            "export": ["export", "--case", "1", "-o", str(small_disk / "out" / "d.pdf"), "--originals", "zip"],
            "passwd": ["passwd"]}[command]
    filler = _fill(small_disk)
    result = walletcare(vault, *args, lang=lang, WALLETCARE_NEW_PASSPHRASE=NEW_PASSPHRASE)
    filler.unlink()
    assert result.returncode == 4, result.stderr
    if lang == "en":
        assert "disk space" in result.stderr and "Errno" not in result.stderr
    else:
        assert "磁盘" in result.stderr
    assert state(vault)[1] == before  # (the old passphrase still opens it)
    assert strays(small_disk) == [] and list((small_disk / "out").iterdir()) == []
    assert not (small_disk / "bk").exists()


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def _no_write_prefix() -> tuple[str, ...]:
    if os.geteuid() != 0:
        return ()
    if shutil.which("setpriv") is None:  # root ignores file modes: the capability that lets it must go
        pytest.skip("setpriv is needed to drop CAP_DAC_OVERRIDE as root")
    return ("setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--inh-caps",
            "-dac_override,-dac_read_search", "--")


@contextmanager
def _read_only(vault: Path) -> Iterator[None]:
    for item in vault.iterdir():
        item.chmod(0o444)
    vault.chmod(0o555)
    try:
        yield
    finally:
        vault.chmod(0o700)
        for item in vault.iterdir():
            item.chmod(0o600)


def test_read_only_vault_reads_and_refuses_writes_clearly(cli_vault: Path) -> None:
    prefix = _no_write_prefix()
    before = _digests(cli_vault)
    with _read_only(cli_vault):
        listed = walletcare(cli_vault, "case", "list", prefix=prefix)
        written = walletcare(cli_vault, "case", "new", "--title", "x", prefix=prefix)
    assert listed.returncode == 0, listed.stderr
    assert written.returncode == 4, written.stderr
    assert "read-only" in written.stderr and "Traceback" not in written.stderr
    assert _digests(cli_vault) == before


def test_read_only_vault_with_a_crash_journal_is_not_called_damaged(cli_vault: Path, strace: str) -> None:
    killed = walletcare(cli_vault, "case", "new", "--title", "interrupted", prefix=kill_at("unlink", 1))
    assert killed.returncode != 0 and (cli_vault / "vault.db-journal").exists()
    prefix = _no_write_prefix()
    before = _digests(cli_vault)
    with _read_only(cli_vault):
        listed = walletcare(cli_vault, "case", "list", prefix=prefix)
    assert listed.returncode == 4 and "middle of a save" in listed.stderr and "damaged" not in listed.stderr
    assert _digests(cli_vault) == before
    assert walletcare(cli_vault, "case", "list").returncode == 0  # writable again: the journal is rolled back
