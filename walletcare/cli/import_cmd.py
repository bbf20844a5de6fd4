"""``walletcare import``: reads a wallet's own export file into a case."""

from __future__ import annotations

import argparse

from walletcare.cli.common import not_available
from walletcare.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    """Adds the ``import`` command."""
    p = sub.add_parser("import", help=_("import a wallet or bank export file into a case"))
    p.add_argument("file", metavar="FILE")
    p.add_argument("--case", type=int, required=True)
    p.add_argument("--format", default="auto", choices=("auto", "alipay", "wechat", "paypal", "etherscan", "oklink", "csv"))
    p.add_argument("--map", action="append", default=[], metavar="COLUMN=field")
    p.add_argument("--skip-bad-rows", action="store_true", help=_("import the readable rows and list the others"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=not_available)
