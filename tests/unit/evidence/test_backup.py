"""Encrypted backups, generations, restore, and migrations guarded by an automatic backup."""

from __future__ import annotations

from pathlib import Path

import pytest

from walletcare import paths
from walletcare.errors import NoVault, VaultCorrupt, WrongPassphrase
from walletcare.evidence import schema
from walletcare.evidence.models import Case
from walletcare.evidence.vault import Vault

from .conftest import passphrase


def test_backup_and_restore_round_trip(vault_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "backup"
    with Vault.open(vault_dir, passphrase()) as vault:
        vault.store.cases.add(Case(0, "备份前"))
        vault.store.evidence.add(1, b"chat log 2024-01-01", "chat.txt")
        vault.backup(target)
        vault.store.cases.add(Case(0, "备份后"))
    assert sorted(p.name for p in target.iterdir()) == ["vault.db", "vault.keys"]
    with Vault.open(target, passphrase()) as copy:
        assert [c.title for c in copy.store.cases.list()] == ["备份前"]
        assert copy.check() == []
    Vault.restore(target, vault_dir, passphrase())
    with Vault.open(vault_dir, passphrase()) as vault:
        assert [c.title for c in vault.store.cases.list()] == ["备份前"]
        assert vault.store.audit.verify()[0]
    assert not list(vault_dir.parent.glob("vault.previous-*"))
    assert not list(vault_dir.parent.glob("vault.restoring-*"))


def test_restore_checks_before_touching_the_live_vault(vault_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "backup"
    with Vault.open(vault_dir, passphrase()) as vault:
        vault.backup(target)
        vault.store.cases.add(Case(0, "live"))
    live_before = (vault_dir / "vault.db").read_bytes()
    with pytest.raises(WrongPassphrase):
        Vault.restore(target, vault_dir, bytearray(b"wrong"))
    data = (target / "vault.db").read_bytes()
    (target / "vault.db").write_bytes(data[: len(data) // 2])
    with pytest.raises(VaultCorrupt):
        Vault.restore(target, vault_dir, passphrase())
    with pytest.raises(NoVault):
        Vault.restore(tmp_path / "none", vault_dir, passphrase())
    assert (vault_dir / "vault.db").read_bytes() == live_before


def test_backup_generations_keep_the_newest(vault: Vault, tmp_path: Path) -> None:
    root = tmp_path / "gens"
    made = [vault.backup_generation(root, keep=2) for _ in range(4)]
    remaining = sorted(p for p in root.iterdir())
    assert remaining == sorted(made[-2:])


def test_migration_runs_after_a_backup(vault_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def add_column(conn: object) -> None:
        conn.execute("ALTER TABLE cases ADD COLUMN priority INTEGER NOT NULL DEFAULT 0")  # type: ignore[attr-defined]

    current = schema.current_version()
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, add_column])
    with Vault.open(vault_dir, passphrase()) as vault:
        assert vault.store.conn.execute("PRAGMA user_version").fetchone()[0] == current + 1
        vault.store.conn.execute("SELECT priority FROM cases").fetchall()
    generations = list(paths.backups_dir(vault_dir).iterdir())
    assert len(generations) == 1
    with Vault.open(generations[0], passphrase(), migrate=False) as old:
        assert old.store.conn.execute("PRAGMA user_version").fetchone()[0] == current


def test_failed_migration_leaves_the_vault_as_it_was(vault_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(conn: object) -> None:
        conn.execute("CREATE TABLE half_done(x)")  # type: ignore[attr-defined]
        raise RuntimeError("migration bug")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, broken])
    with pytest.raises(RuntimeError):
        Vault.open(vault_dir, passphrase())
    monkeypatch.undo()
    with Vault.open(vault_dir, passphrase()) as vault:
        assert vault.store.conn.execute("PRAGMA user_version").fetchone()[0] == schema.current_version()
        tables = {r[0] for r in vault.store.conn.execute("SELECT name FROM sqlite_master")}
        assert "half_done" not in tables


def test_backup_refuses_a_file_or_a_foreign_folder(vault: Vault, tmp_path: Path) -> None:
    from walletcare.errors import UsageError

    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(UsageError):
        vault.backup(tmp_path / "file.txt")
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "a.jpg").write_bytes(b"x")
    with pytest.raises(UsageError):
        vault.backup(tmp_path / "photos")
    with pytest.raises(UsageError):
        vault.backup(vault.folder)
    vault.backup(tmp_path / "b")
    vault.backup(tmp_path / "b")  # replacing an older backup of the vault is fine
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == ["vault.db", "vault.keys"]


def test_restore_keeps_the_replaced_vault_and_prunes_no_backup(vault_dir: Path) -> None:
    with Vault.open(vault_dir, passphrase()) as vault:
        made = [vault.backup_generation(keep=10) for _ in range(6)]
        vault.store.cases.add(Case(0, "after the backups"))
    kept = Vault.restore(made[0], vault_dir, passphrase())
    generations = sorted(p for p in paths.backups_dir(vault_dir).iterdir())
    assert kept in generations and set(made) <= set(generations) and len(generations) == 7
    with Vault.open(kept, passphrase()) as previous:
        assert [c.title for c in previous.store.cases.list()][-1] == "after the backups"


def test_restore_keeps_the_replaced_vault_under_the_name_announced(vault_dir: Path) -> None:
    """The folder named before the restore is the one used; a name already taken by then gets a new one."""
    from walletcare.evidence.backup import generation_name, newest_generation

    with Vault.open(vault_dir, passphrase()) as vault:
        made = vault.backup_generation(keep=10)
    announced = generation_name()
    kept = Vault.restore(made, vault_dir, passphrase(), keep_as=announced)
    assert kept == paths.backups_dir(vault_dir) / announced
    assert newest_generation(paths.backups_dir(vault_dir)) is not None  # still a dated generation, listed as one
    again = Vault.restore(made, vault_dir, passphrase(), keep_as=announced)
    assert again is not None and again != kept and again.parent == kept.parent
    with Vault.open(kept, passphrase()):
        pass
