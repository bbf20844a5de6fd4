"""``walletcare wizard list|run``: troubleshooting wizards in the terminal."""

from __future__ import annotations

import argparse

from walletcare.cli.common import not_available
from walletcare.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    """Adds ``wizard list`` and ``wizard run``."""
    wiz = sub.add_parser("wizard", help=_("step-by-step troubleshooting"))
    wiz_sub = wiz.add_subparsers(dest="wizard_command", required=True)
    p = wiz_sub.add_parser("list", help=_("list the wizards"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=not_available)
    p = wiz_sub.add_parser("run", help=_("run a wizard (interactive)"))
    p.add_argument("wizard_id", metavar="ID")
    p.set_defaults(func=not_available)
