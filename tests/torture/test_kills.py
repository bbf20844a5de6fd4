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


@pytest.fixture(scope="module")
def text_shots(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Two small screenshots with an order number on them (what OCR reads at ``evidence add``)."""
    from PIL import Image, ImageDraw

    from walletcare.evidence import ocr

    if not ocr.available():
        pytest.skip("the OCR engine is not installed")
    folder = tmp_path_factory.mktemp("shots")
    shots = []
    for i in range(2):
        image = Image.new("RGB", (600, 300), "white")
        ImageDraw.Draw(image).text((20, 100), f"Order 20240501{i}2345678 amount 199.00", fill="black")
        image.save(folder / f"s{i}.png")
        shots.append(folder / f"s{i}.png")
    return shots


def _evidence_and_text(vault: Path) -> tuple[int, int]:
    from walletcare.evidence.vault import Vault

    with Vault.open(vault, bytearray(PASSPHRASE.encode())) as opened:
        conn = opened.store.conn
        return (conn.execute("SELECT count(*) FROM evidence").fetchone()[0],
                conn.execute("SELECT count(*) FROM evidence_text").fetchone()[0])


@pytest.mark.parametrize("k", [2, 4])
def test_evidence_add_killed_keeps_files_and_their_text_together(cli_vault: Path, text_shots: list[Path],
                                                                  k: int) -> None:
    """The files and the text read from them commit together: a kill leaves the case before or after, never
    the files without their text (the next ``walletcare ocr`` would be needed to finish the add)."""
    before = _evidence_and_text(cli_vault)
    _killed(walletcare(cli_vault, "evidence", "add", "--case", "1", *map(str, text_shots),
                       prefix=kill_at("fsync", k)))
    walletcare(cli_vault, "case", "list")
    after = _evidence_and_text(cli_vault)
    assert after in (before, (before[0] + 2, before[1] + 2)), (before, after)
    state(cli_vault)


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def test_evidence_add_killed_while_reading_leaves_the_case_as_it_was(cli_vault: Path, text_shots: list[Path]) -> None:
    """Killed while the OCR worker reads (the files already stored, their text not yet): nothing stays."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from .conftest import env_for

    before = _evidence_and_text(cli_vault)
    with subprocess.Popen([sys.executable, "-m", "walletcare", "evidence", "add", "--case", "1",
                           *map(str, text_shots)], env=env_for(cli_vault), stdin=subprocess.DEVNULL,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True) as child:
        deadline = time.monotonic() + 120
        while not _children(child.pid) and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)  # the first child of a two-file add is the OCR worker
        assert child.poll() is None, "the add finished before its reader started"
        time.sleep(0.2)
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
    walletcare(cli_vault, "case", "list")
    assert _evidence_and_text(cli_vault) == before
    state(cli_vault)
