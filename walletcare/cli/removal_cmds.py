"""``walletcare case delete``, ``walletcare import list`` and ``walletcare import undo``: taking back a case or an
import added by mistake. Each asks on a terminal unless ``--yes`` is given (without a terminal and without
``--yes`` it refuses, exit 2) and is recorded in the audit trail with the removed items' SHA-256."""

from __future__ import annotations

import argparse
import sys
import unicodedata

from walletcare.cli.common import Context, ExitCode, open_vault, print_json
from walletcare.errors import UsageError
from walletcare.i18n import _, ngettext

_YES = frozenset({"y", "yes", "是", "是的", "好", "确定", "確定"})


def register_case_delete(case_sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Adds ``case delete N [--yes]``."""
    p = case_sub.add_parser("delete", help=_("delete a case with everything in it (asks first; audited)"))
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--yes", action="store_true", help=_("do not ask (needed without a terminal)"))
    p.set_defaults(func=run_case_delete)


def form_parser(form: str) -> argparse.ArgumentParser:
    """A parser for the help of ``import list`` or ``import undo`` (both are parsed as forms of ``import``)."""
    from walletcare.cli.common import OPTION_HELP

    if form == "list":
        p = argparse.ArgumentParser(prog="walletcare import list", description=_(
            "List the imports of a case: the import's number, when it was imported, its format, how many rows it "
            "stored and the file."))
        p.add_argument("--case", type=int, required=True, metavar="N", help=_(OPTION_HELP["case"]))
    else:
        p = argparse.ArgumentParser(prog="walletcare import undo", description=_(
            "Take back one import: remove exactly the rows it stored and its file. Asks first on a terminal; the "
            "audit trail keeps their SHA-256 hashes."))
        p.add_argument("import_id", type=int, metavar=_("IMPORT_ID"),
                       help=_("the import to take back (see “walletcare import list --case N”)"))
        p.add_argument("--yes", action="store_true", help=_("do not ask (needed without a terminal)"))
    p.add_argument("--json", action="store_true", help=_(OPTION_HELP["json"]))
    return p


def confirm(question: str, yes: bool) -> None:
    """Returns when the user agreed (or ``yes``); raises UsageError when they did not or cannot be asked."""
    if yes:
        return
    if not sys.stdin or not sys.stdin.isatty():
        raise UsageError(_("This removes data, so it asks first; without a terminal, add --yes to confirm. "
                           "Nothing was changed."))
    sys.stderr.write(question + " " + _("[y/N] "))
    sys.stderr.flush()
    answer = sys.stdin.readline().strip().lower()
    if answer not in _YES:
        raise UsageError(_("Not confirmed. Nothing was changed."))


def run_case_delete(args: argparse.Namespace, ctx: Context) -> int:
    """Deletes case ``args.id`` and everything in it, after asking."""
    from walletcare.evidence.removal import remove_case

    with open_vault(ctx) as vault:
        store = vault.store
        if not store.cases.exists(args.id):
            raise UsageError(_("There is no case {id}. See “walletcare case list”.").format(id=args.id))
        case = store.cases.get(args.id)
        conn = store.conn
        counts = [int(conn.execute(f"SELECT count(*) FROM {table} WHERE case_id = ?", (args.id,)).fetchone()[0])
                  for table in ("transactions", "evidence", "contacts")]
        confirm(_("Delete case {id} “{title}” with {tx}, {ev} and {notes}? This cannot be undone from the command "
                  "line.").format(id=args.id, title=case.title, **_counted(*counts)), args.yes)
        done = remove_case(store, args.id, keep=False)
    sys.stdout.write(_("Deleted case {id} ({tx}, {ev}, {notes}). The audit trail keeps their SHA-256 hashes.").format(
        id=args.id, **_counted(done.transactions, done.evidence, done.contacts)) + "\n")
    return ExitCode.OK


def _transactions(count: int) -> str:
    return ngettext("{count} transaction", "{count} transactions", count).format(count=count)


def _counted(transactions: int, evidence: int, contacts: int) -> dict[str, str]:
    """``tx``, ``ev`` and ``notes``: each count with its noun, in the form its number takes."""
    return {"tx": _transactions(transactions),
            "ev": ngettext("{count} evidence item", "{count} evidence items", evidence).format(count=evidence),
            "notes": ngettext("{count} contact note", "{count} contact notes", contacts).format(count=contacts)}


def run_import_list(args: argparse.Namespace, ctx: Context) -> int:
    """Lists the imports of ``--case``: id, file, format, rows, time."""
    from walletcare.evidence.removal import list_imports

    if args.case is None:
        raise UsageError(_("“import list” needs --case N."))
    with open_vault(ctx) as vault:
        if not vault.store.cases.exists(args.case):
            raise UsageError(_("There is no case {id}. See “walletcare case list”.").format(id=args.case))
        found = list_imports(vault.store, args.case)
    if args.json:
        print_json([{"id": i.id, "file": i.file_name, "format": i.format, "rows": i.rows,
                     "at": i.at.isoformat(timespec="seconds"), "sha256": i.sha256} for i in found])
        return ExitCode.OK
    if not found:
        sys.stdout.write(_("No imports in case {id}.").format(id=args.case) + "\n")
        return ExitCode.OK
    rows = [[_("Import no."), _("Imported at"), _("Format"), _("Rows"), _("File")]]
    rows += [[str(i.id), i.at.astimezone().strftime("%Y-%m-%d %H:%M"), i.format, str(i.rows), i.file_name]
             for i in found]
    widths = [max(_width(row[col]) for row in rows) for col in range(len(rows[0]) - 1)]
    for row in rows:  # the file name last: it is the longest and needs no padding
        cells = [cell + " " * (width - _width(cell)) for cell, width in zip(row, widths, strict=False)]
        sys.stdout.write("  ".join([*cells, row[-1]]) + "\n")
    return ExitCode.OK


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def run_import_undo(args: argparse.Namespace, ctx: Context) -> int:
    """Removes exactly the rows of import ``IMPORT_ID`` and its file, after asking."""
    from walletcare.evidence.removal import import_info, undo_import

    if args.import_id is None:
        raise UsageError(_("“import undo” needs the import's number (see “walletcare import list --case N”)."))
    with open_vault(ctx) as vault:
        info = import_info(vault.store, args.import_id)
        chat = info.format in ("whatsapp", "telegram")
        if chat:
            question = ngettext("Undo import {id} of “{file}”: remove its chat thread ({n} message), the attachments "
                                "it added and the file? This cannot be undone from the command line.",
                                "Undo import {id} of “{file}”: remove its chat thread ({n} messages), the attachments "
                                "it added and the file? This cannot be undone from the command line.", info.rows)
            confirm(question.format(id=info.id, file=info.file_name, n=info.rows), args.yes)
        else:
            confirm(_("Undo import {id} of “{file}”: remove its {tx} and the file? This cannot be undone from the "
                      "command line.").format(id=info.id, file=info.file_name, tx=_transactions(info.rows)), args.yes)
        done = undo_import(vault.store, info.id, keep=False)
    if args.json:
        print_json({"id": info.id, "file": info.file_name, "removed": done.transactions, "messages": done.messages,
                    "files": done.evidence, "sha256": info.sha256})
        return ExitCode.OK
    if chat:
        said = ngettext("Import {id} undone: the chat thread ({n} message), {files} file(s) and “{file}” were removed. "
                        "The audit trail keeps their SHA-256 hashes.",
                        "Import {id} undone: the chat thread ({n} messages), {files} file(s) and “{file}” were "
                        "removed. The audit trail keeps their SHA-256 hashes.", done.messages)
        sys.stdout.write(said.format(id=info.id, n=done.messages, files=done.evidence - 1, file=info.file_name) + "\n")
        return ExitCode.OK
    sys.stdout.write(_("Import {id} undone: {tx} and the file “{file}” were removed. The audit trail keeps their "
                       "SHA-256 hashes.").format(id=info.id, tx=_transactions(done.transactions), file=info.file_name)
                     + "\n")
    return ExitCode.OK
    sys.stdout.write(_("Import {id} undone: {tx} and the file “{file}” were removed. The audit trail keeps their "
                       "SHA-256 hashes.").format(id=info.id, tx=_transactions(done.transactions), file=info.file_name)
                     + "\n")
    return ExitCode.OK
