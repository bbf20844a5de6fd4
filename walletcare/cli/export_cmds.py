"""``walletcare export`` (the dispute dossier) and ``walletcare verify`` (checks a dossier)."""

from __future__ import annotations

import argparse

from walletcare.cli.common import not_available
from walletcare.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    """Adds ``export`` and ``verify``."""
    p = sub.add_parser("export", help=_("write the dispute dossier (PDF) of a case"))
    p.add_argument("--case", type=int, required=True)
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p.add_argument("--lang", dest="dossier_lang", choices=("zh-CN", "zh-TW", "en"))
    p.add_argument("--redact", action="store_true")
    p.add_argument("--paper", choices=("A4", "Letter"), default="A4")
    p.add_argument("--originals", choices=("embed", "zip", "none"), default="embed")
    p.add_argument("--pdf-password-file", metavar="FILE")
    p.set_defaults(func=not_available)
    p = sub.add_parser("verify", help=_("check a dossier's manifest and embedded exhibits"))
    p.add_argument("file", metavar="FILE.pdf")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=not_available)
