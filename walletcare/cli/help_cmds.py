"""``walletcare search`` and ``walletcare help ARTICLE_ID``: the offline FAQ from the terminal."""

from __future__ import annotations

import argparse

from walletcare.cli.common import not_available
from walletcare.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    """Adds ``search`` and ``help``."""
    p = sub.add_parser("search", help=_("search the help articles"))
    p.add_argument("query", nargs="+", metavar="QUERY")
    p.add_argument("--lang", dest="content_lang", choices=("zh-CN", "zh-TW", "en"))
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=not_available)
    p = sub.add_parser("help", help=_("show a help article in the terminal"))
    p.add_argument("article_id", metavar="ARTICLE_ID")
    p.add_argument("--lang", dest="content_lang", choices=("zh-CN", "zh-TW", "en"))
    p.set_defaults(func=not_available)
