"""Opening, locking, keys and damage handling of a real vault folder (SQLCipher + Argon2id + AES-GCM)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import sqlite3
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from walletcare.errors import NoVault, UsageError, VaultCorrupt, VaultLocked, WrongPassphrase
from walletcare.evidence import schema
from walletcare.evidence.keys import MIN_MEMORY_KIB, KeyFile, calibrate, normalize_recovery_code, plan_cost
from walletcare.evidence.models import Case
from walletcare.evidence.vault import Vault, unlock_delay

from .conftest import passphrase


def _digest_folder(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_folder_holds_only_db_and_keys(vault_dir: Path) -> None:
    with Vault.open(vault_dir, passphrase()) as vault:
        vault.store.cases.add(Case(0, "x"))
    assert sorted(p.name for p in vault_dir.iterdir()) == ["vault.db", "vault.keys"]
    keys = json.loads((vault_dir / "vault.keys").read_text())
    kinds = sorted(s["kind"] for s in keys["slots"])
    assert kinds == ["passphrase", "recovery"]
    for slot in keys["slots"]:
        assert slot["kdf"]["name"] == "argon2id" and slot["kdf"]["memory_kib"] >= MIN_MEMORY_KIB
        assert slot["aead"] == "aes-256-gcm"


def test_cipher_is_really_on(vault_dir: Path) -> None:
    head = (vault_dir / "vault.db").read_bytes()[:16]
    assert head != b"SQLite format 3\x00"
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(vault_dir / "vault.db").execute("SELECT * FROM sqlite_master").fetchall()
    with Vault.open(vault_dir, passphrase()) as vault:
        assert vault.store.conn.execute("PRAGMA cipher_version").fetchone()[0]


def test_wrong_passphrase_changes_nothing(vault_dir: Path) -> None:
    before = _digest_folder(vault_dir)
    with pytest.raises(WrongPassphrase) as info:
        Vault.open(vault_dir, bytearray(b"not it"))
    assert info.value.exit_code == 3
    assert _digest_folder(vault_dir) == before


def test_no_vault(tmp_path: Path) -> None:
    with pytest.raises(NoVault):
        Vault.open(tmp_path / "nothing", passphrase())


def test_create_refuses_to_overwrite(vault_dir: Path) -> None:
    before = _digest_folder(vault_dir)
    with pytest.raises(UsageError):
        Vault.create(vault_dir, passphrase(), kdf_seconds=0)
    assert _digest_folder(vault_dir) == before


@pytest.mark.parametrize("damage", ["truncate", "random", "plain_sqlite", "empty", "flip_page"])
def test_damaged_database_is_refused_clearly(vault_dir: Path, damage: str) -> None:
    db = vault_dir / "vault.db"
    with Vault.open(vault_dir, passphrase()) as vault:
        vault.store.transactions  # noqa: B018 - the vault opens before the damage
        vault.store.cases.add(Case(0, "x", description="x" * 5000))
    data = db.read_bytes()
    if damage == "truncate":
        db.write_bytes(data[: len(data) // 2 + 100])
    elif damage == "random":
        db.write_bytes(os.urandom(len(data)))
    elif damage == "empty":
        db.write_bytes(b"")
    elif damage == "flip_page":
        page = KeyFile.load(vault_dir).page_size
        db.write_bytes(data[:page] + bytes(b ^ 0xFF for b in data[page:page + 64]) + data[page + 64:])
    else:
        db.unlink()
        plain = sqlite3.connect(db)
        plain.execute("CREATE TABLE t(x)")
        plain.commit()
        plain.close()
    before = _digest_folder(vault_dir)
    with pytest.raises(VaultCorrupt) as info:
        Vault.open(vault_dir, passphrase())
    assert info.value.exit_code == 3
    text = info.value.text()
    assert "vault.db" in text
    if damage != "plain_sqlite":
        assert "walletcare restore" in text
    else:
        assert "SQLite" in text
    assert _digest_folder(vault_dir) == before


def test_damaged_or_missing_key_file(vault_dir: Path) -> None:
    keys = vault_dir / "vault.keys"
    keys.write_text("{not json")
    with pytest.raises(VaultCorrupt, match="vault.keys"):
        Vault.open(vault_dir, passphrase())
    keys.unlink()
    with pytest.raises(VaultCorrupt, match="vault.keys"):
        Vault.open(vault_dir, passphrase())


def test_weakened_kdf_in_key_file_is_refused(vault_dir: Path) -> None:
    keys = vault_dir / "vault.keys"
    data = json.loads(keys.read_text())
    data["slots"][0]["kdf"]["memory_kib"] = 1024
    keys.write_text(json.dumps(data))
    with pytest.raises(VaultCorrupt):
        Vault.open(vault_dir, passphrase())


def test_vault_from_the_future_is_refused(vault_dir: Path) -> None:
    with Vault.open(vault_dir, passphrase()) as vault:
        vault.store.conn.execute(f"PRAGMA user_version = {schema.current_version() + 1}")
    before = _digest_folder(vault_dir)
    with pytest.raises(VaultCorrupt, match="更新版本"):
        Vault.open(vault_dir, passphrase())
    assert _digest_folder(vault_dir) == before


def test_keys_of_another_vault_are_refused(vault_dir: Path, tmp_path: Path) -> None:
    other, _code = Vault.create(tmp_path / "other", passphrase(), kdf_seconds=0)
    other.close()
    (vault_dir / "vault.keys").write_bytes((tmp_path / "other" / "vault.keys").read_bytes())
    with pytest.raises(VaultCorrupt):
        Vault.open(vault_dir, passphrase())


def test_lock_unlock_and_growing_delay(vault: Vault) -> None:
    case = vault.store.cases.add(Case(0, "锁定测试"))
    waits: list[float] = []
    vault.sleep = waits.append
    vault.lock()
    assert vault.is_locked
    with pytest.raises(VaultLocked):
        vault.store.cases.list()
    with pytest.raises(VaultLocked):
        vault.sign(b"x")
    for _ in range(4):
        with pytest.raises(WrongPassphrase):
            vault.unlock(bytearray(b"wrong"))
    assert vault.failed_unlocks == 4
    vault.unlock(passphrase())
    assert waits == [0.0, 1.0, 2.0, 4.0, 8.0]
    assert vault.failed_unlocks == 0
    assert vault.store.cases.get(case.id).title == "锁定测试"
    assert [unlock_delay(n) for n in (0, 1, 2, 3, 10)] == [0.0, 1.0, 2.0, 4.0, 30.0]


def test_signing_key_verifies(vault: Vault) -> None:
    signature = vault.sign(b"manifest")
    assert len(signature) == 64 and len(vault.public_key()) == 32
    Ed25519PublicKey.from_public_bytes(vault.public_key()).verify(signature, b"manifest")
    entry, head_signature = vault.store.audit.signed_head()
    assert entry is not None
    message = f"walletcare-audit-head:{entry.seq}:{entry.hash}".encode()
    Ed25519PublicKey.from_public_bytes(vault.public_key()).verify(head_signature, message)


def test_passphrase_change_and_recovery(vault_dir: Path, recovery_code: str) -> None:
    with Vault.open(vault_dir, passphrase()) as vault:
        vault.change_passphrase(bytearray("新的口令 2".encode()), kdf_seconds=0)
    with pytest.raises(WrongPassphrase):
        Vault.open(vault_dir, passphrase())
    Vault.open(vault_dir, bytearray("新的口令 2".encode())).close()
    # forgot it: the recovery code opens the vault, written down with spaces and lower case
    with Vault.open_with_recovery_code(vault_dir, " " + recovery_code.lower().replace("-", " ")) as vault:
        vault.change_passphrase(bytearray(b"third"), kdf_seconds=0)
        new_code = vault.new_recovery_code()
    Vault.open(vault_dir, bytearray(b"third")).close()
    with pytest.raises(WrongPassphrase):
        Vault.open_with_recovery_code(vault_dir, recovery_code)
    Vault.open_with_recovery_code(vault_dir, new_code).close()
    assert sorted(p.name for p in vault_dir.iterdir()) == ["vault.db", "vault.keys"]


def test_recovery_code_normalisation() -> None:
    assert normalize_recovery_code("abcde-fghjk ol") == b"ABCDEFGHJK01"


def test_calibration_keeps_the_floor_and_grows() -> None:
    floor = calibrate(0)
    assert (floor.memory_kib, floor.time_cost) == (MIN_MEMORY_KIB, 1)
    assert plan_cost(0.5, 1.0) == (MIN_MEMORY_KIB, 1)  # a slow machine never goes below the floor
    assert plan_cost(0.5, 0.25) == (2 * MIN_MEMORY_KIB, 1)  # memory grows first
    assert plan_cost(0.5, 0.025) == (4 * MIN_MEMORY_KIB, 5)  # then passes, memory capped at 256 MiB


def test_key_file_round_trip(vault_dir: Path) -> None:
    keys = KeyFile.load(vault_dir)
    data_key = keys.unwrap("passphrase", passphrase())
    assert len(data_key) == 32
    assert len(keys.db_key_hex(data_key)) == 64


def test_large_vault_unlocks_with_the_bounded_check(vault_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from walletcare.evidence import database

    monkeypatch.setattr(database, "UNLOCK_CHECK_MAX_BYTES", 0)
    with Vault.open(vault_dir, passphrase()) as vault:  # a sound vault opens through the bounded check
        vault.store.cases.add(Case(0, "y", description="y" * 20000))
        vault.store.transactions.add_many([])
        assert vault.store.search_private("yyy") != []
    Vault.open(vault_dir, passphrase()).close()
    data = bytearray((vault_dir / "vault.db").read_bytes())
    page = KeyFile.load(vault_dir).page_size
    middle = len(data) // page // 2 * page + 100
    data[middle:middle + 32] = bytes(32)
    (vault_dir / "vault.db").write_bytes(bytes(data))
    try:
        vault = Vault.open(vault_dir, passphrase())
    except VaultCorrupt:
        return  # the damaged page happened to be one the bounded check reads
    with vault:
        assert vault.check() != []  # the full check, run in the background by the window, finds it


def test_a_locked_vault_object_throttles_the_first_unlock_too(vault_dir: Path) -> None:
    vault = Vault.locked_at(vault_dir)
    waits: list[float] = []
    vault.sleep = waits.append
    assert vault.is_locked
    with pytest.raises(VaultLocked):
        vault.store.cases.list()
    with pytest.raises(WrongPassphrase):
        vault.unlock(bytearray(b"nope"))
    vault.unlock(passphrase())
    assert waits == [0.0, 1.0]
    assert vault.store.cases.list() == []
    vault.close()
    with pytest.raises(NoVault):
        Vault.locked_at(vault_dir / "missing")


def test_temp_files_of_an_interrupted_save_are_cleared(vault_dir: Path) -> None:
    (vault_dir / ".vault.keys.1a2b3c4d.tmp").write_bytes(b"half written")
    (vault_dir / ".vault.db.1a2b3c4d.tmp").write_bytes(b"half written")
    Vault.open(vault_dir, passphrase()).close()
    assert sorted(p.name for p in vault_dir.iterdir()) == ["vault.db", "vault.keys"]


def test_seal_key_is_wrapped_in_the_key_file_and_survives_a_passphrase_change(vault_dir: Path) -> None:
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import load_der_private_key

    from walletcare.evidence.dossier.seal import certificate_fingerprint, subject_fingerprint

    with Vault.open(vault_dir, passphrase()) as vault:
        seal = vault.seal_key()
        private = load_der_private_key(seal.private_der, password=None)
        assert isinstance(private, ec.EllipticCurvePrivateKey) and private.curve.name == "secp256r1"
        assert subject_fingerprint(seal.certificate) == certificate_fingerprint(seal.certificate) == seal.fingerprint
        vault.change_passphrase(bytearray(b"another one"), kdf_seconds=0)
    stored = json.loads((vault_dir / "vault.keys").read_text(encoding="utf-8"))
    assert stored["seal_key"]["alg"] == "ecdsa-p256-sha256"
    assert seal.private_der not in (vault_dir / "vault.keys").read_bytes()  # only wrapped
    raw_scalar = private.private_numbers().private_value.to_bytes(32, "big")
    for name in ("vault.keys", "vault.db"):
        assert raw_scalar not in (vault_dir / name).read_bytes()
    with Vault.open(vault_dir, bytearray(b"another one")) as vault:
        assert vault.seal_key() == seal


def test_a_vault_made_before_seals_gets_a_seal_key_at_its_first_export(vault_dir: Path) -> None:
    with Vault.open(vault_dir, passphrase()) as vault:  # a key file as written before the seal (with its MAC)
        old = KeyFile.load(vault_dir)
        old.seal = None
        old.save(vault_dir, vault.data_key())
    with Vault.open(vault_dir, passphrase()) as vault:
        assert KeyFile.load(vault_dir).seal is None
        seal = vault.seal_key()
        assert KeyFile.load(vault_dir).seal is not None and vault.seal_key() == seal
        entries = [e for e in vault.store.audit.entries() if e.object == "vault:seal-key"]
        assert [e.digest for e in entries] == [seal.fingerprint]


def test_a_damaged_seal_key_is_refused_clearly(vault_dir: Path) -> None:
    stored = json.loads((vault_dir / "vault.keys").read_text(encoding="utf-8"))
    wrapped = bytearray(base64.b64decode(stored["seal_key"]["wrapped"]))
    wrapped[0] ^= 1
    stored["seal_key"]["wrapped"] = base64.b64encode(bytes(wrapped)).decode()
    (vault_dir / "vault.keys").write_text(json.dumps(stored), encoding="utf-8")
    with pytest.raises(VaultCorrupt):  # (the key file's checksum finds it before any key is used)
        Vault.open(vault_dir, passphrase())


def _page_size(folder: Path) -> int:
    """vault.db's page size as SQLite's header says, read through SQLCipher with the vault's own key."""
    with Vault.open(folder, passphrase()) as vault:
        return int(vault.store.conn.execute("PRAGMA page_size").fetchone()[0])


def test_a_new_vault_has_16_kib_pages_recorded_in_its_key_file(vault_dir: Path) -> None:
    data = json.loads((vault_dir / "vault.keys").read_text())
    assert data["version"] == 2 and data["db_key"]["page_size"] == 16384
    assert KeyFile.load(vault_dir).page_size == 16384 == _page_size(vault_dir)
    assert (vault_dir / "vault.db").stat().st_size % 16384 == 0


def test_a_vault_with_4_kib_pages_opens_backs_up_and_restores(tmp_path: Path) -> None:
    """Vaults made before page sizes were recorded: a version-1 key file without one, 4 KiB pages."""
    folder = tmp_path / "old"
    vault, _code = Vault.create(folder, passphrase(), kdf_seconds=0, page_size=4096)
    vault.store.cases.add(Case(0, "旧保险箱"))
    vault.close()
    data = json.loads((folder / "vault.keys").read_text())
    assert data["version"] == 1 and "page_size" not in data["db_key"]
    assert _page_size(folder) == 4096
    with Vault.open(folder, passphrase()) as vault:
        target = vault.backup(tmp_path / "backup")
        vault.store.cases.add(Case(0, "after the backup"))
    assert json.loads((target / "vault.keys").read_text()) == data  # the key file travels as it is
    Vault.restore(target, folder, passphrase())
    with Vault.open(folder, passphrase()) as vault:
        assert [c.title for c in vault.store.cases.list()] == ["旧保险箱"]
        assert int(vault.store.conn.execute("PRAGMA page_size").fetchone()[0]) == 4096


@pytest.mark.parametrize("page_size", [4096, 16384])
def test_keys_of_another_vault_are_told_from_damage_at_each_page_size(tmp_path: Path, page_size: int) -> None:
    """The damaged-or-other-key diagnosis decrypts page 1 at the vault's own page size."""
    folder = tmp_path / "vault"
    Vault.create(folder, passphrase(), kdf_seconds=0, page_size=page_size)[0].close()
    other = tmp_path / "other"
    Vault.create(other, passphrase(), kdf_seconds=0, page_size=page_size)[0].close()
    damaged = bytearray((folder / "vault.db").read_bytes())
    damaged[100:132] = bytes(32)  # page 1 unreadable with the right key: damage, restore a backup
    (folder / "vault.db").write_bytes(bytes(damaged))
    with pytest.raises(VaultCorrupt, match="restore") as info:
        Vault.open(folder, passphrase())
    assert "different vaults" not in info.value.text() and "不同" not in info.value.text()
    (folder / "vault.keys").write_bytes((other / "vault.keys").read_bytes())
    (folder / "vault.db").write_bytes(bytes(damaged))
    with pytest.raises(VaultCorrupt) as info:
        Vault.open(folder, passphrase())
    assert "vault.keys" in info.value.text()  # another vault's key file: named as such


def test_a_changed_page_size_in_the_key_file_is_refused(vault_dir: Path) -> None:
    keys = vault_dir / "vault.keys"
    data = json.loads(keys.read_text())
    before = _digest_folder(vault_dir)
    for size in (4096, 12345, "16384"):
        data["db_key"]["page_size"] = size
        keys.write_text(json.dumps(data))
        with pytest.raises(VaultCorrupt, match="vault.keys"):
            Vault.open(vault_dir, passphrase())
    assert {k: v for k, v in _digest_folder(vault_dir).items() if k != "vault.keys"} == {
        k: v for k, v in before.items() if k != "vault.keys"}


def test_a_key_file_from_a_newer_version_is_refused_as_such(vault_dir: Path) -> None:
    from walletcare.evidence.keys import FORMAT_VERSION

    keys = vault_dir / "vault.keys"
    data = json.loads(keys.read_text())
    data["version"] = FORMAT_VERSION + 1
    keys.write_text(json.dumps(data))
    before = _digest_folder(vault_dir)
    with pytest.raises(VaultCorrupt, match="更新版本") as info:
        Vault.open(vault_dir, passphrase())
    assert info.value.exit_code == 3 and _digest_folder(vault_dir) == before


@pytest.mark.parametrize("page_size", [4096, 16384])
def test_a_backup_that_cannot_be_restored_says_so_not_restore_a_backup(tmp_path: Path, page_size: int) -> None:
    """Restoring is what the user is doing: a damaged backup or the wrong passphrase names the backup, and the
    way out is another backup (or the backup's own passphrase), not "restore your latest backup"."""
    folder = tmp_path / "vault"
    vault, _code = Vault.create(folder, passphrase(), kdf_seconds=0, page_size=page_size)
    for n in range(300):
        vault.store.cases.add(Case(0, f"{n} " + "x" * 150))
    backup = vault.backup(tmp_path / "backup")
    vault.close()
    before = _digest_folder(folder)
    with pytest.raises(WrongPassphrase) as wrong:
        Vault.restore(backup, folder, bytearray(b"not the passphrase"))
    assert "这份备份" in wrong.value.text() and "制作它时" in wrong.value.text()
    damaged = bytearray((backup / "vault.db").read_bytes())
    damaged[len(damaged) // 2 + 100:len(damaged) // 2 + 104] = b"\xff\xff\xff\xff"
    (backup / "vault.db").write_bytes(bytes(damaged))
    with pytest.raises(VaultCorrupt) as info:
        Vault.restore(backup, folder, passphrase())
    text = info.value.text()
    assert text.startswith("这份备份已损坏，无法恢复") and str(tmp_path / "vault-backups") in text
    assert "walletcare restore" not in text
    assert _digest_folder(folder) == before


def test_a_4_kib_backup_restored_over_a_16_kib_vault_and_back(tmp_path: Path) -> None:
    """Restore swaps both files, so each vault.db keeps the key file that knows its page size, and the
    replaced 16 KiB vault, kept as a generation, restores back; a crash between the two renames is settled."""
    from walletcare.evidence.backup import RESTORE_SUFFIX

    old = tmp_path / "old"
    vault, _code = Vault.create(old, passphrase(), kdf_seconds=0, page_size=4096)
    vault.store.cases.add(Case(0, "旧保险箱"))
    backup = vault.backup(tmp_path / "backup")
    vault.close()
    live = tmp_path / "live"
    vault, _code = Vault.create(live, passphrase(), kdf_seconds=0)
    vault.store.cases.add(Case(0, "新保险箱"))
    vault.close()
    kept = Vault.restore(backup, live, passphrase())
    assert kept is not None and KeyFile.load(kept).page_size == 16384
    with Vault.open(live, passphrase()) as vault:
        assert [c.title for c in vault.store.cases.list()] == ["旧保险箱"]
        assert int(vault.store.conn.execute("PRAGMA page_size").fetchone()[0]) == 4096
    assert json.loads((live / "vault.keys").read_text())["version"] == 1
    # a crash after vault.db (16 KiB) was renamed into place, before its key file followed
    (live / f".vault.keys.0000{RESTORE_SUFFIX}").write_bytes((kept / "vault.keys").read_bytes())
    (live / "vault.db").write_bytes((kept / "vault.db").read_bytes())
    with Vault.open(live, passphrase()) as vault:
        assert [c.title for c in vault.store.cases.list()] == ["新保险箱"] and vault.notices
        assert int(vault.store.conn.execute("PRAGMA page_size").fetchone()[0]) == 16384
