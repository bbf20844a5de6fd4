"""Where WalletCare keeps things on disk: vault, settings, logs and the public search-index cache.

Every folder can be moved with an environment variable (used by tests and by people who keep a vault on an
external drive). The vault folder holds only ``vault.db`` and ``vault.keys``; caches hold public content
only, never vault data.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from walletcare import APP_NAME

if TYPE_CHECKING:
    from platformdirs import PlatformDirs


def _dirs() -> PlatformDirs:
    import platformdirs

    return platformdirs.PlatformDirs(APP_NAME, appauthor=False)


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name)
    return Path(value).expanduser() if value else None


def default_vault_dir() -> Path:
    """The vault folder: ``WALLETCARE_VAULT`` or ``<user data dir>/vault``."""
    return _env_path("WALLETCARE_VAULT") or Path(_dirs().user_data_dir) / "vault"


def config_dir() -> Path:
    """Folder of ``settings.json``: ``WALLETCARE_CONFIG_DIR`` or the platform's user config dir."""
    return _env_path("WALLETCARE_CONFIG_DIR") or Path(_dirs().user_config_dir)


def cache_dir() -> Path:
    """Folder for rebuildable public caches (the help search index): ``WALLETCARE_CACHE_DIR`` or user cache."""
    return _env_path("WALLETCARE_CACHE_DIR") or Path(_dirs().user_cache_dir)


def log_dir() -> Path:
    """Folder of the rotating log file: ``WALLETCARE_LOG_DIR`` or the platform's user log dir."""
    return _env_path("WALLETCARE_LOG_DIR") or Path(_dirs().user_log_dir)


def backups_dir(vault_dir: Path) -> Path:
    """Default folder for backup generations: a sibling of the vault folder, never inside it."""
    return vault_dir.parent / (vault_dir.name + "-backups")
