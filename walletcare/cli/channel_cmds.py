"""``walletcare channels`` (where this case can be taken) and ``walletcare letter`` (the letter to one of them,
printed, or replaced by the user's own text: stored with the case and audited)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from walletcare.cli.common import Context, ExitCode, open_vault, print_json
from walletcare.errors import InvalidInput, UsageError, os_reason
from walletcare.i18n import LANGUAGES, _, current_language

MAX_LETTER = 100_000  # characters of a letter file


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Adds ``channels`` and ``letter``."""
    p = sub.add_parser("channels", help=_("the places this case can be taken to, in the order to use them"))
    p.add_argument("--case", type=int, required=True, help=_("the case"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=run_channels)
    p = sub.add_parser("letter", help=_("print the letter to one channel, or replace it with your own text"))
    p.add_argument("--case", type=int, required=True, help=_("the case"))
    p.add_argument("--to", required=True, metavar="CHANNEL", help=_("a channel id from “walletcare channels”"))
    p.add_argument("--edit", metavar="FILE", help=_("store the text of FILE as this case's letter to CHANNEL "
                                                     "(an empty file goes back to the generated letter)"))
    p.add_argument("--lang", dest="letter_lang", choices=LANGUAGES,
                   help=_("the letter's language (default: the interface language)"))
    p.set_defaults(func=run_letter)


def run_channels(args: argparse.Namespace, ctx: Context) -> int:
    """Lists the channels that apply to the case, with the reason each applies."""
    from walletcare.evidence.channels import applicable
    from walletcare.evidence.letters import template

    lang = current_language()
    with open_vault(ctx) as vault:
        store = vault.store
        case = store.cases.get(args.case)
        found = applicable(case, store.transactions.with_roles(args.case, ("disputed",)))
    rows = [{"id": a.id, "name": template(a.id, lang).name, "applies": True, "why": a.why} for a in found]
    if args.json:
        print_json({"channels": rows})
        return ExitCode.OK
    for row in rows:
        sys.stdout.write(f"{row['id']:<9} {row['name']}\n          {row['why']}\n")
    sys.stdout.write(_("Export for one of them with “walletcare export --case {id} -o FILE.pdf --to ID”.").format(
        id=args.case) + "\n")
    return ExitCode.OK


def run_letter(args: argparse.Namespace, ctx: Context) -> int:
    """Prints the letter to ``--to`` (the stored one, else generated), or stores the text of ``--edit``."""
    from walletcare.evidence.letters import letter_for, template, with_letter

    lang = args.letter_lang or current_language()
    template(args.to, lang)  # an unknown channel is a usage error before the vault is opened
    text = None
    if args.edit is not None:
        try:
            text = Path(args.edit).expanduser().read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = os_reason(exc) if isinstance(exc, OSError) else _("it is not UTF-8 text")
            raise InvalidInput(_("Cannot read {path}: {error}. Nothing was changed.").format(
                path=args.edit, error=reason)) from None
        if len(text) > MAX_LETTER:
            raise UsageError(_("A letter has at most {count} characters.").format(count=MAX_LETTER))
    with open_vault(ctx) as vault:
        store = vault.store
        if text is not None:
            store.cases.update(with_letter(store.cases.get(args.case), args.to, text))
            sys.stdout.write((_("Letter to {channel} stored with case {id}.") if text.strip() else
                              _("Stored letter to {channel} removed; the generated one is used again."))
                             .format(channel=args.to, id=args.case) + "\n")
            return ExitCode.OK
        _addressee, letter, _stored = letter_for(store, args.case, args.to, lang, date.today())
    sys.stdout.write(letter)
    return ExitCode.OK
