"""``walletcare content check``: validates the shipped help articles and wizards."""

from __future__ import annotations

import argparse

from walletcare.cli.common import not_available
from walletcare.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    """Adds ``content check``."""
    content = sub.add_parser("content", help=_("tools for the help content"))
    content_sub = content.add_subparsers(dest="content_command", required=True)
    p = content_sub.add_parser("check", help=_("validate articles and wizards (ids, links, languages, safety)"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=not_available)
