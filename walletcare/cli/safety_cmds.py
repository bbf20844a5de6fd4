"""``walletcare scan-text``: scam red flags in a pasted chat or message."""

from __future__ import annotations

import argparse

from walletcare.cli.common import not_available
from walletcare.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    """Adds ``scan-text``."""
    p = sub.add_parser("scan-text", help=_("check a message for scam red flags"))
    p.add_argument("file", nargs="?", default="-", metavar="FILE|-")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=not_available)
