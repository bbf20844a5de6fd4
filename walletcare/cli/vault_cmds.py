"""Vault commands: init, case, tx, note, evidence, passwd, backup, restore, audit."""

from __future__ import annotations

import argparse

from walletcare.cli.common import not_available
from walletcare.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    """Adds the vault commands of the contract."""
    p = sub.add_parser("init", help=_("create a new, empty vault and show its recovery code once"))
    p.set_defaults(func=not_available)

    case = sub.add_parser("case", help=_("create, list and show cases"))
    case_sub = case.add_subparsers(dest="case_command", required=True)
    p = case_sub.add_parser("new", help=_("create a case; prints its id"))
    p.add_argument("--title", required=True)
    p.add_argument("--provider", default="")
    p.add_argument("--kind", choices=("payment", "crypto", "bank", "other"), default="payment")
    p.add_argument("--amount")
    p.add_argument("--currency", default="")
    p.add_argument("--opened", metavar="YYYY-MM-DD")
    p.add_argument("--description", default="")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=not_available)
    p = case_sub.add_parser("list", help=_("list cases"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=not_available)
    p = case_sub.add_parser("show", help=_("show one case"))
    p.add_argument("id", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=not_available)

    tx = sub.add_parser("tx", help=_("transactions typed in by hand"))
    tx_sub = tx.add_subparsers(dest="tx_command", required=True)
    p = tx_sub.add_parser("add", help=_("add one transaction to a case"))
    p.add_argument("--case", type=int, required=True)
    p.add_argument("--time", required=True)
    p.add_argument("--amount", required=True)
    p.add_argument("--currency", required=True)
    p.add_argument("--counterparty", default="")
    p.add_argument("--ref", default="")
    p.add_argument("--status", default="")
    p.add_argument("--note", default="")
    p.set_defaults(func=not_available)

    note = sub.add_parser("note", help=_("notes of calls and chats with support"))
    note_sub = note.add_subparsers(dest="note_command", required=True)
    p = note_sub.add_parser("add", help=_("record a contact with support"))
    p.add_argument("--case", type=int, required=True)
    p.add_argument("--kind", choices=("call", "chat", "email", "visit", "letter"), required=True)
    p.add_argument("--at", required=True)
    p.add_argument("--channel", default="")
    p.add_argument("--agent", default="")
    p.add_argument("--ticket", default="")
    p.add_argument("--summary", required=True)
    p.add_argument("--promised", default="")
    p.add_argument("--follow-up", metavar="YYYY-MM-DD")
    p.set_defaults(func=not_available)

    ev = sub.add_parser("evidence", help=_("screenshots, PDFs and other files kept as evidence"))
    ev_sub = ev.add_subparsers(dest="evidence_command", required=True)
    p = ev_sub.add_parser("add", help=_("add files to a case; prints each SHA-256"))
    p.add_argument("--case", type=int, required=True)
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--caption", default="")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=not_available)

    p = sub.add_parser("passwd", help=_("change the passphrase, or issue a new recovery code"))
    p.add_argument("--recovery-code", action="store_true", help=_("prove yourself with the recovery code instead of the old passphrase"))
    p.add_argument("--new-recovery-code", action="store_true", help=_("issue a new recovery code and void the old one"))
    p.set_defaults(func=not_available)

    p = sub.add_parser("backup", help=_("write an encrypted backup of the vault"))
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.set_defaults(func=not_available)
    p = sub.add_parser("restore", help=_("restore a backup (checked before anything is replaced)"))
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=not_available)

    p = sub.add_parser("audit", help=_("show or verify the append-only audit trail"))
    p.add_argument("--case", type=int)
    p.add_argument("--verify", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=not_available)
