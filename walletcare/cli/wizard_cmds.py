"""``walletcare wizard list|run``: troubleshooting wizards in the terminal.

``run`` reads answers line by line from standard input (so it can be scripted): an option number, ``b`` to
go back, ``r`` to restart, ``q`` to quit; typed answers for input steps (empty to skip an optional one).
At the end it prints the outcome and, for a contact-the-provider outcome, the call-preparation sheet.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from walletcare.cli.common import Context, print_json
from walletcare.errors import UsageError, WalletCareError
from walletcare.i18n import _, current_language

if TYPE_CHECKING:
    from walletcare.faq.wizards import WizardRun


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Adds ``wizard list`` and ``wizard run``."""
    wiz = sub.add_parser("wizard", help=_("step-by-step troubleshooting"))
    wiz_sub = wiz.add_subparsers(dest="wizard_command", required=True)
    p = wiz_sub.add_parser("list", help=_("list the wizards"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_list)
    p = wiz_sub.add_parser("run", help=_("run a wizard (interactive)"))
    p.add_argument("wizard_id", metavar="ID")
    p.set_defaults(func=run_run)


def run_list(args: argparse.Namespace, ctx: Context) -> int:
    """Prints every wizard's id and title in the interface language."""
    from walletcare.faq.wizards import load_wizards

    lang = current_language()
    rows = [{"id": w.id, "title": w.title(lang), "lang": lang} for w in load_wizards().values()]
    if args.json:
        print_json(rows)
    else:
        width = max((len(r["id"]) for r in rows), default=0)
        sys.stdout.write("".join(f"{r['id']:<{width}}  {r['title']}\n" for r in rows))
    return 0


def _say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _ask(prompt: str) -> str | None:
    sys.stdout.write(prompt)
    sys.stdout.flush()
    line = sys.stdin.readline()
    return None if line == "" else line.strip()


def _show_step(run: WizardRun) -> None:
    node = run.node
    _say()
    _say(f"[{int(node.progress * 100)}%] {node.text}")
    if node.warning:
        _say("⚠ " + node.warning)
    if node.kind == "ask":
        for i, label in enumerate(node.options, 1):
            _say(f"  {i}) {label}")
    elif node.kind == "check":
        _say("  1) " + _("It worked"))
        _say("  2) " + _("It didn't work"))
    elif node.optional:
        _say("  " + _("(press Enter to skip)"))


def _apply(run: WizardRun, answer: str) -> None:
    node = run.node
    if node.kind == "input":
        run.answer(answer)
        return
    if not answer.isdigit():
        raise UsageError(_("Type an option number, b (back), r (restart) or q (quit)."))
    index = int(answer) - 1
    if node.kind == "check":
        if index not in (0, 1):
            raise UsageError(_("There is no such option."))
        run.worked() if index == 0 else run.failed()
    else:
        run.choose(index)


def _show_outcome(run: WizardRun, lang: str) -> None:
    from walletcare.faq.callprep import build_call_sheet
    from walletcare.faq.wizards import OUTCOME_NAMES

    outcome = run.outcome
    assert outcome is not None
    _say()
    _say("== " + _(OUTCOME_NAMES[outcome.kind]) + " ==")
    if outcome.text:
        _say(outcome.text)
    if outcome.warning:
        _say("⚠ " + outcome.warning)
    if outcome.kind == "contact-provider":
        fields = run.fields
        _say()
        _say(build_call_sheet(outcome.checklist, lang, fields.get("provider", ""), fields).to_text())
    if outcome.kind == "scam-alert":
        _say(_("Check the message itself with: walletcare scan-text (paste it, then press Ctrl-D)."))
    if outcome.case is not None and outcome.kind == "open-case":
        case = outcome.case
        _say(_("Suggested case: {title}").format(title=case.title))
        if case.amount is not None:
            _say(_("Amount: {amount} {currency}").format(amount=case.amount, currency=case.currency).rstrip())
        if case.date is not None:
            _say(_("Date: {date}").format(date=case.date.isoformat()))
        _say(_("Create it with: walletcare case new --title \"{title}\"").format(title=case.title))
    if outcome.related:
        _say(_("Read more: {ids}").format(ids=", ".join(f"walletcare help {a}" for a in outcome.related[:3])))


def run_run(args: argparse.Namespace, ctx: Context) -> int:
    """Walks one wizard with answers from standard input; prints the outcome (and the call sheet)."""
    from walletcare.faq.wizards import WizardRun, load_wizards

    wizards = load_wizards()
    wizard = wizards.get(args.wizard_id)
    if wizard is None:
        raise UsageError(_("There is no wizard {id!r}. See “walletcare wizard list”.").format(id=args.wizard_id))
    lang = current_language()
    run = WizardRun(wizard, lang)
    _say(wizard.title(lang))
    _say(_("Answer with a number; b = back, r = restart, q = quit."))
    while not run.finished:
        _show_step(run)
        answer = _ask("> ")
        if answer is None or answer.lower() == "q":
            _say(_("Stopped. Nothing was saved."))
            return 0
        if answer.lower() == "b":
            run.back()
            continue
        if answer.lower() == "r":
            run.restart()
            continue
        try:
            _apply(run, answer)
        except WalletCareError as exc:
            _say(exc.text())
    _show_outcome(run, lang)
    return 0
