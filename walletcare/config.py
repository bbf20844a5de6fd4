"""User settings (interface language, auto-lock, dossier font, backup folder) kept in ``settings.json``.

Settings hold preferences only — never vault content, passphrases or anything private. Writes are atomic
(temporary file in the same folder, fsync, ``os.replace``).
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from walletcare import paths
from walletcare.atomic_files import write_atomic
from walletcare.i18n import LANGUAGES

MAX_AUTO_LOCK_MINUTES = 240
DEFAULT_AUTO_LOCK_MINUTES = 5


def lock_minutes(value: object) -> int:
    """The auto-lock time read from a settings file as whole minutes, 0 to ``MAX_AUTO_LOCK_MINUTES``: a
    fraction (written by hand, or by an older version) is rounded up, so a short lock never becomes "never";
    anything else that is not a number gives the default."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:  # (NaN too)
        return DEFAULT_AUTO_LOCK_MINUTES
    return math.ceil(min(value, MAX_AUTO_LOCK_MINUTES))


@dataclass
class Settings:
    """Preferences; unknown keys in the file are ignored, missing ones take these defaults."""

    language: str | None = None
    auto_lock_minutes: int = DEFAULT_AUTO_LOCK_MINUTES  # whole minutes of idle before the vault locks (0: never), at most 240
    dossier_font: str | None = None
    backup_dir: str | None = None
    backup_generations: int = 5
    last_vault: str | None = None

    @classmethod
    def load(cls, folder: Path | None = None) -> Settings:
        """Reads ``settings.json``; a missing or unreadable file gives the defaults."""
        path = (folder or paths.config_dir()) / "settings.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        known = {f.name for f in fields(cls)}
        settings = cls(**{k: v for k, v in data.items() if k in known})
        if settings.language not in LANGUAGES:
            settings.language = None
        settings.auto_lock_minutes = lock_minutes(settings.auto_lock_minutes)
        return settings

    def save(self, folder: Path | None = None) -> None:
        """Writes ``settings.json`` atomically."""
        folder = folder or paths.config_dir()
        folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps(asdict(self), ensure_ascii=False, indent=2)
        write_atomic(folder / "settings.json", text.encode("utf-8"))
