"""``walletcare gui`` (also the default with no command): starts the desktop app."""

from __future__ import annotations

import argparse

from walletcare.cli.common import Context
from walletcare.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    """Adds the ``gui`` command."""
    p = sub.add_parser("gui", help=_("open the desktop app (the default)"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Imports Qt only now, so the rest of the CLI never loads it."""
    import os
    from pathlib import Path

    from walletcare.config import Settings
    from walletcare.ui.app import run_app

    vault_dir = ctx.vault_dir
    if not args.vault and not os.environ.get("WALLETCARE_VAULT"):
        remembered = Settings.load().last_vault
        if remembered and (Path(remembered) / "vault.keys").exists():
            vault_dir = Path(remembered)
    return run_app(vault_dir=vault_dir, language=args.lang)
