"""Vault-wide actions: a backup generation, restoring a backup, a new passphrase, a new recovery code.
Each runs on the vault thread with the open vault (restore with the vault closed)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from walletcare.ui.session import wipe

if TYPE_CHECKING:
    from walletcare.evidence.vault import Vault


def backup_root(chosen: str | None, vault_folder: Path) -> Path:
    """Where backup generations go: the folder chosen in the settings, else the one beside the vault."""
    from walletcare import paths

    return Path(chosen) if chosen else paths.backups_dir(vault_folder)


def make_backup(vault: Vault, folder: Path | None, keep: int) -> Path:
    """A new dated, encrypted backup in ``folder`` (default: beside the vault); returns its path."""
    return vault.backup_generation(folder, keep=keep)


def change_passphrase(vault: Vault, new: bytearray, kdf_seconds: float) -> None:
    """Rewraps the passphrase slot; the buffer is wiped."""
    try:
        vault.change_passphrase(new, kdf_seconds=kdf_seconds)
    finally:
        wipe(new)


def new_recovery_code(vault: Vault) -> str:
    """A new recovery code (the old one stops working)."""
    return vault.new_recovery_code()


def restore_backup(backup: Path, live: Path, passphrase: bytearray, keep_as: Path | None = None) -> Path | None:
    """Checks the backup opens with ``passphrase``, then replaces the live vault with it; returns where the
    vault it replaced was kept (None when there was none): ``keep_as`` (from ``set_aside_folder``) when free."""
    from walletcare.evidence.vault import Vault

    try:
        return Vault.restore(backup, live, passphrase, keep_as.name if keep_as is not None else None)
    finally:
        wipe(passphrase)


def backup_time(backup: Path) -> datetime | None:
    """When a backup folder was written: from a generation's folder name, else its database file's time."""
    from walletcare.evidence.backup import GENERATION_NAME
    from walletcare.evidence.keys import DB_FILE

    try:
        return datetime.strptime(backup.name, GENERATION_NAME).replace(tzinfo=UTC)
    except ValueError:
        pass
    try:
        return datetime.fromtimestamp((backup / DB_FILE).stat().st_mtime, UTC)
    except OSError:
        return None


def set_aside_folder(live: Path) -> Path:
    """The exact folder a restore started now keeps the vault it replaces in (a new backup generation in the
    backups folder beside the vault); pass it to ``restore_backup`` as ``keep_as``."""
    from walletcare import paths
    from walletcare.evidence.backup import generation_name

    return paths.backups_dir(live) / generation_name()
