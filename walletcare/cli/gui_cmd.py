"""``walletcare gui`` (also the default with no command): starts the desktop app."""

from __future__ import annotations

import argparse

from walletcare.cli.common import Context
from walletcare.errors import UsageError
from walletcare.i18n import _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Adds the ``gui`` command."""
    p = sub.add_parser("gui", help=_("open the desktop app (the default)"))
    p.add_argument("--smoke", action="store_true", help=argparse.SUPPRESS)  # quit at the first paint (tests)
    p.set_defaults(func=run)


def display_problem() -> str | None:
    """Why Qt could not open a window here (Linux: no display, or X11 without the library Qt's xcb plugin
    loads), or ``None``. Qt itself would abort the process with an English message."""
    import os
    import sys

    if not sys.platform.startswith("linux"):
        return None
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith(("xcb", "wayland")):
        return None  # offscreen, vnc ...: no display needed
    wayland, x11 = os.environ.get("WAYLAND_DISPLAY"), os.environ.get("DISPLAY")
    if not wayland and not x11:
        return _("There is no screen to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set). Start "
                 "WalletCare in a desktop session; the other commands work without one (walletcare --help).")
    if (platform.startswith("xcb") or not wayland) and _missing_beside("libxcb.so.1", "libxcb-cursor.so.0"):
        return _("The window needs the system library libxcb-cursor0 on X11. Install it (on Debian or Ubuntu: "
                 "sudo apt install libxcb-cursor0) and start WalletCare again.")
    return None


def _missing_beside(present: str, wanted: str) -> bool:
    """Whether the library folder holding ``present`` lacks ``wanted`` (a file test, no ``ldconfig`` run; an
    unusual layout where ``present`` is not found counts as nothing missing)."""
    import glob

    for folder in ("/usr/lib/*-linux-gnu", "/lib/*-linux-gnu", "/usr/lib64", "/usr/lib"):
        found = glob.glob(f"{folder}/{present}")
        if found:
            return not any(glob.glob(f"{folder}/{wanted}"))
    return False


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Imports Qt only now, so the rest of the CLI never loads it."""
    import os
    from pathlib import Path

    problem = display_problem()
    if problem:
        raise UsageError(problem)

    from walletcare.config import Settings
    from walletcare.ui.app import run_app

    vault_dir = ctx.vault_dir
    if not args.vault and not os.environ.get("WALLETCARE_VAULT"):
        remembered = Settings.load().last_vault
        if remembered and (Path(remembered) / "vault.keys").exists():
            vault_dir = Path(remembered)
    return run_app(vault_dir=vault_dir, language=args.lang, smoke=getattr(args, "smoke", False))
