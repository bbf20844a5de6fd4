"""``kill -9`` at the durability points of restore, passwd, backup and export (on entry of the k-th rename or
fsync of the command, as ``../shared/torture/repro.sh`` does): the next open finds the state before or the state
after, says what it settled, and nothing stray is left beside the vault or in the output folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import NEW_PASSPHRASE, PASSPHRASE, kill_at, state, strays, walletcare

pytestmark = pytest.mark.usefixtures("strace")


def _killed(result: object) -> None:
    assert getattr(result, "returncode", 0) != 0, "the command finished before the kill point"


@pytest.mark.parametrize(("syscall", "k"), [("rename", 1), ("rename", 2), ("rename", 3)])
def test_restore_killed_leaves_one_vault_and_no_stray_folders(restore_template: Path, tmp_path: Path, syscall: str,
                                                              k: int) -> None:
    parent = tmp_path / "run"
    shutil.copytree(restore_template, parent)
    cli_vault = parent / "vault"
    before = state(cli_vault)[1]
    _killed(walletcare(cli_vault, "restore", str(parent / "bk"), prefix=kill_at(syscall, k)))

    # (kill 1: the copy of the vault into a backup generation; 2 and 3: the renames of vault.db and vault.keys)
    listed = walletcare(cli_vault, "case", "list")  # (the next command settles the interrupted restore)
    assert listed.returncode == 0, listed.stderr
    assert ("restore was interrupted" in listed.stderr) == (k > 1)
    after = state(cli_vault)[1]
    assert after == before or (after == before[:-1] and k == 3)  # the vault before, or the backup
    assert strays(parent) == [] and strays(cli_vault) == []
    if after != before:  # restored: the replaced vault is kept as a backup generation
        kept = [p for p in (parent / "vault-backups").iterdir() if not p.name.startswith(".")]
        assert len(kept) == 1 and state(kept[0])[1] == before


@pytest.mark.parametrize(("syscall", "k"), [("rename", 1), ("fsync", 3), ("fsync", 8)])
def test_passwd_killed_changes_key_file_and_audit_together(cli_vault: Path, syscall: str, k: int) -> None:
    before = state(cli_vault)[1]
    _killed(walletcare(cli_vault, "passwd", prefix=kill_at(syscall, k), WALLETCARE_NEW_PASSPHRASE=NEW_PASSPHRASE))
    for secret in (PASSPHRASE, NEW_PASSPHRASE):  # the next open settles the change, whichever opens it
        walletcare(cli_vault, "case", "list", WALLETCARE_PASSPHRASE=secret)
    opened_with, after = state(cli_vault, (PASSPHRASE, NEW_PASSPHRASE))
    if opened_with == 0:
        assert after == before
    else:
        assert after == [*before, "update vault:passphrase"]
    verified = walletcare(cli_vault, "audit", "--verify", WALLETCARE_PASSPHRASE=(PASSPHRASE, NEW_PASSPHRASE)[opened_with])
    assert verified.returncode == 0, verified.stderr


@pytest.mark.parametrize(("syscall", "k"), [("rename", 1), ("rename", 2)])
def test_backup_killed_leaves_no_half_backup(cli_vault: Path, syscall: str, k: int) -> None:
    target = cli_vault.parent / "bk"
    before = state(cli_vault)[1]
    _killed(walletcare(cli_vault, "backup", "-o", str(target), prefix=kill_at(syscall, k)))
    assert state(cli_vault)[1] == before  # a backup never changes its source
    if target.exists():
        assert state(target)[1] == before
    written = walletcare(cli_vault, "backup", "-o", str(target))  # the next backup clears what the kill left
    assert written.returncode == 0, written.stderr
    assert strays(cli_vault.parent) == [] and state(target)[1] == before


@pytest.mark.parametrize(("syscall", "k"), [("rename", 1), ("rename", 2), ("fsync", 9)])
def test_export_killed_leaves_pdf_and_zip_together_or_nothing(cli_vault: Path, syscall: str, k: int) -> None:
    out = cli_vault.parent / "out"
    out.mkdir()
    before = state(cli_vault)[1]
    _killed(walletcare(cli_vault, "export", "--case", "1", "-o", str(out / "d.pdf"), "--originals", "zip",
                       prefix=kill_at(syscall, k)))
    settled = walletcare(cli_vault, "case", "list")
    assert "export was interrupted" in settled.stderr
    after = state(cli_vault)[1]
    files = sorted(p.name for p in out.iterdir())
    if after == before:
        assert files == []  # above all no plaintext temp copy of the originals
    else:
        assert after == [*before, "export dossier:1"] and files == ["d.originals.zip", "d.pdf"]
        assert walletcare(cli_vault, "verify", str(out / "d.pdf")).returncode == 0


def test_a_crash_left_journal_makes_the_open_check_every_page(cli_vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from walletcare.evidence import database

    _killed(walletcare(cli_vault, "case", "new", "--title", "interrupted", prefix=kill_at("unlink", 1)))
    assert (cli_vault / "vault.db-journal").exists()
    checked: list[int] = []
    monkeypatch.setattr(database, "UNLOCK_CHECK_MAX_BYTES", 1)  # (as if the vault were large)
    real = database.quick_check
    monkeypatch.setattr(database, "quick_check", lambda conn: checked.append(1) or real(conn))
    assert state(cli_vault)[0] == 0 and checked
