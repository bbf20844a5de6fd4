"""``walletcare tx mark`` and ``tx list``: what each transaction is to the case (disputed, context, record).

Rows typed in by hand are disputed; imported statement rows are records until marked. The amount in dispute
of a case is summed over its disputed rows unless the user states one (``case edit N --amount``).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from walletcare.cli.common import Context, ExitCode, open_vault, print_json
from walletcare.errors import UsageError
from walletcare.evidence.models import TX_ROLE_NAMES, TX_ROLES
from walletcare.i18n import _, ngettext

LIST_LIMIT = 500  # rows a human listing shows; --json lists them all


def register(tx_sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Adds ``tx mark`` and ``tx list`` to the ``tx`` command."""
    p = tx_sub.add_parser("mark", help=_("say which transactions you dispute, which explain it, which are records"))
    p.add_argument("ids", nargs="+", type=int, metavar="ID")
    p.add_argument("--role", choices=TX_ROLES, required=True,
                   help=_("disputed: the money the complaint is about; context: rows that explain it; record: the "
                          "rest of a statement"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_tx_mark)
    p = tx_sub.add_parser("list", help=_("list a case's transactions with their roles"))
    p.add_argument("--case", type=int, required=True)
    p.add_argument("--role", choices=TX_ROLES)
    p.add_argument("--search", metavar="TEXT",
                   help=_("only rows whose payee or payer, description, note, order number or status holds TEXT "
                          "(as the window's search box finds them)"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_tx_list)


def role_name(role: str) -> str:
    """A role as people read it, in the interface language."""
    return _(TX_ROLE_NAMES[role]) if role in TX_ROLE_NAMES else role


def run_tx_mark(args: argparse.Namespace, ctx: Context) -> int:
    """Gives the listed transactions one role (all or none)."""
    with open_vault(ctx) as vault:
        changed = vault.store.transactions.mark(args.ids, args.role)
    if args.json:
        print_json({"role": args.role, "ids": sorted(set(args.ids)), "changed": changed})
    else:
        count = len(set(args.ids))
        sys.stdout.write(ngettext("{count} transaction marked as “{role}”.", "{count} transactions marked as “{role}”.",
                                  count).format(count=count, role=role_name(args.role)) + "\n")
    return ExitCode.OK


def _plain(tx: Any) -> dict[str, Any]:
    return {"id": tx.id, "time": tx.time.isoformat(), "amount": str(tx.amount), "currency": tx.currency,
            "direction": tx.direction, "counterparty": tx.counterparty, "status": tx.status,
            "references": [{"kind": r.kind, "value": r.value} for r in tx.references], "role": tx.role,
            "source_line": tx.source_line}


def run_tx_list(args: argparse.Namespace, ctx: Context) -> int:
    """Lists the case's transactions (of one role with ``--role``, holding a text with ``--search``) and the
    amount in dispute (always of the whole case)."""
    from walletcare.evidence.dispute import stated_or_derived
    from walletcare.evidence.dossier.labels import format_amount

    with open_vault(ctx) as vault:
        store = vault.store
        if not store.cases.exists(args.case):
            raise UsageError(_("There is no case {id}. See “walletcare case list”.").format(id=args.case))
        case = store.cases.get(args.case)
        text = (args.search or "").strip() or None
        total = store.transactions.count(args.case, role=args.role, text=text)
        limit = total if args.json else LIST_LIMIT
        txs = store.transactions.page(args.case, limit=max(limit, 1), role=args.role, text=text)
        disputed = store.transactions.with_roles(args.case, ["disputed"])
        counts = store.transactions.role_counts(args.case)
    sums, stated = stated_or_derived(case, disputed)
    if args.json:
        print_json({"case": args.case, "counts": counts, "search": text, "transactions": [_plain(tx) for tx in txs],
                    "amount_in_dispute": {"stated": stated, "sums": [
                        {"currency": s.currency, "direction": s.direction, "amount": str(s.amount), "count": s.count}
                        for s in sums]}})
        return ExitCode.OK
    out = sys.stdout
    for tx in txs:
        refs = " ".join(r.value for r in tx.references)
        sign = "-" if tx.direction == "out" else "+" if tx.direction == "in" else " "
        out.write(f"{tx.id:>6}  {role_name(tx.role):<8}  {tx.time:%Y-%m-%d %H:%M}  {sign}{format_amount(tx.amount, tx.currency)}  "
                  f"{tx.counterparty}  {refs}".rstrip() + "\n")
    if text is not None and not txs:
        out.write(_("No transaction of this case matches “{text}”.").format(text=text) + "\n")
    elif text is not None:
        out.write(_("{count} transactions match “{text}”.").format(count=total, text=text) + "\n")
    if total > len(txs):
        out.write(_("… and {count} more (use --role, --search or --json).").format(count=total - len(txs)) + "\n")
    out.write(_("Disputed: {disputed} · context: {context} · records: {record}").format(**counts) + "\n")
    label = _("Amount in dispute (as you stated it)") if stated else _("Amount in dispute (sum of the disputed rows)")
    shown = "; ".join(format_amount(s.amount, s.currency) + ("" if s.direction == "out" or stated else
                                                             " " + _("received")) for s in sums)
    out.write(f"{label}: {shown or _('none yet')}\n")
    return ExitCode.OK
