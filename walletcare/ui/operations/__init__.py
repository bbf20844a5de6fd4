"""Every change the window makes to the vault goes through a function in this package: one small function
per user action, run on the vault thread with the store as first argument, returning a ``Changes`` value.
The session emits that value on its one ``store_changed`` signal and every view refreshes what it shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Changes:
    """What an operation changed, so views reload only what they show; ``result`` carries a new id etc."""

    cases: bool = False
    transactions: bool = False
    contacts: bool = False
    evidence: bool = False
    vault: bool = False
    case_id: int | None = None
    result: Any = None
    messages: tuple[str, ...] = field(default=())

    def touches(self, area: str) -> bool:
        """Whether ``area`` ("cases", "transactions", ...) changed (a vault-wide change touches all)."""
        return self.vault or bool(getattr(self, area, False))
