"""Vault commands: init, case, tx, note, evidence (and the parsers of passwd, backup, restore, audit)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from walletcare.cli import case_fields, ocr_cmds, removal_cmds, tx_cmds
from walletcare.cli.common import (
    Context,
    ExitCode,
    open_vault,
    parse_currency,
    parse_date,
    parse_time,
    parse_unsigned_amount,
    print_json,
)
from walletcare.cli.vault_admin_cmds import (
    kdf_seconds,
    run_audit,
    run_backup,
    run_check,
    run_passwd,
    run_restore,
)
from walletcare.errors import Refused, UsageError
from walletcare.evidence.models import (
    CASE_KIND_NAMES,
    CASE_STATUS_NAMES,
    CONTACT_KIND_NAMES,
    CONTACT_PARTIES,
    CONTACT_PARTY_NAMES,
    TX_ROLES,
)
from walletcare.i18n import _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Adds the vault commands of the contract."""
    p = sub.add_parser("init", help=_("create a new, empty vault and show its recovery code once"))
    p.set_defaults(func=run_init)

    case = sub.add_parser("case", help=_("create, list, show and edit cases"))
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
    p.set_defaults(func=run_case_new)
    p = case_sub.add_parser("list", help=_("list cases"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_case_list)
    p = case_sub.add_parser("show", help=_("show one case"))
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_case_show)
    p = case_sub.add_parser("edit", help=_("change the details of a case (only the options given)"))
    p.add_argument("id", type=int, metavar="ID")
    for option in _EDIT_TEXT:
        p.add_argument(f"--{option.replace('_', '-')}")
    p.add_argument("--kind", choices=("payment", "crypto", "bank", "other"))
    p.add_argument("--status", choices=("open", "escalated", "resolved", "closed"))
    p.add_argument("--amount")
    p.add_argument("--opened", metavar="YYYY-MM-DD")
    p.add_argument("--discovered", metavar="YYYY-MM-DD")
    for party in ("claimant", "respondent"):
        for part in _PARTY_FIELDS:
            p.add_argument(f"--{party}-{part.replace('_', '-')}")
    p.add_argument("--respondent", dest="respondent_name", help=_("the company or person the complaint is against"))
    p.add_argument("--remedy", dest="requested_resolution", metavar="TEXT",
                   help=_("what you ask for (refund of the amount, delivery, a written reply …); the dossier's "
                          "cover and letter state it"))
    case_fields.add_options(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_case_edit)
    removal_cmds.register_case_delete(case_sub)

    tx = sub.add_parser("tx", help=_("transactions: add one by hand, mark what you dispute, list them"))
    tx_sub = tx.add_subparsers(dest="tx_command", required=True)
    p = tx_sub.add_parser("add", help=_("add one transaction to a case"))
    p.add_argument("--case", type=int, required=True)
    p.add_argument("--time", required=True)
    p.add_argument("--amount", required=True)
    p.add_argument("--currency", required=True)
    p.add_argument("--counterparty", default="")
    p.add_argument("--ref", default="")
    p.add_argument("--ref-kind", default="merchant_order_no",
                   choices=("trade_no", "merchant_order_no", "tx_hash", "reference", "other"))
    p.add_argument("--direction", choices=("out", "in", "neutral"), default="out")
    p.add_argument("--status", default="")
    p.add_argument("--note", default="")
    p.add_argument("--role", choices=TX_ROLES, default="disputed",
                   help=_("what the transaction is to the case (default: disputed)"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_tx_add)
    tx_cmds.register(tx_sub)
    _add_delete(tx_sub, _("delete a transaction (the audit trail keeps a record of it)"), "transactions")

    note = sub.add_parser("note", help=_("notes of calls and chats with the seller, support, the bank or the police"))
    note_sub = note.add_subparsers(dest="note_command", required=True)
    p = note_sub.add_parser("add", help=_("record a contact (call, chat, e-mail, visit or letter)"))
    p.add_argument("--case", type=int, required=True)
    p.add_argument("--kind", choices=("call", "chat", "email", "visit", "letter"), required=True)
    p.add_argument("--at", required=True)
    p.add_argument("--channel", default="")
    p.add_argument("--agent", default="")
    p.add_argument("--ticket", default="")
    p.add_argument("--summary", required=True)
    p.add_argument("--promised", default="")
    p.add_argument("--promise-kept", choices=("yes", "no", "pending"), default="pending")
    p.add_argument("--official-source", default="")
    p.add_argument("--follow-up", metavar="YYYY-MM-DD")
    p.add_argument("--with", dest="party", choices=CONTACT_PARTIES, default="",
                   help=_("who the contact was with: the seller, the payment app's or wallet's official support "
                          "(platform), your bank or card issuer, the police or a regulator (authority), someone "
                          "posing as support (impostor) or someone else; the letters list each under a heading "
                          "that says so (not given: under a neutral heading)"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_note_add)
    p = note_sub.add_parser("list", help=_("list a case's contact notes, oldest first, with who each was with"))
    p.add_argument("--case", type=int, required=True)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_note_list)
    p = note_sub.add_parser("edit", help=_("change a contact note (only the options given), e.g. say who it was with"))
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--with", dest="party", choices=(*CONTACT_PARTIES, ""),
                   help=_("who the contact was with (as for “note add”); --with \"\" makes it “not said” again"))
    for option in _NOTE_TEXT:
        p.add_argument(f"--{option.replace('_', '-')}")
    p.add_argument("--promise-kept", choices=("yes", "no", "pending"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_note_edit)
    _add_delete(note_sub, _("delete a contact note (the audit trail keeps a record of it)"), "contacts")

    ev = sub.add_parser("evidence", help=_("screenshots, PDFs and other files kept as evidence"))
    ev_sub = ev.add_subparsers(dest="evidence_command", required=True)
    p = ev_sub.add_parser("add", help=_("add files to a case; prints each SHA-256"))
    p.add_argument("--case", type=int, required=True)
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--caption", default="")
    p.add_argument("--taken", metavar="TIME",
                   help=_("when the picture was taken, if you know it better than the file does (with its zone)"))
    p.add_argument("--no-read", action="store_true",
                   help=_("do not read the text of images and PDFs now (“walletcare ocr” reads them later)"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_evidence_add)
    _add_delete(ev_sub, _("delete an evidence item and its copies (the audit trail keeps its SHA-256)"), "evidence")
    ocr_cmds.register_evidence(ev_sub)

    p = sub.add_parser("passwd", help=_("change the passphrase, or issue a new recovery code"))
    p.add_argument("--recovery-code", action="store_true", help=_("prove yourself with the recovery code instead of the old passphrase"))
    p.add_argument("--new-recovery-code", action="store_true", help=_("issue a new recovery code and void the old one"))
    p.set_defaults(func=run_passwd)

    p = sub.add_parser("backup", help=_("write an encrypted backup of the vault"))
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help=_("folder to write the backup into (it becomes a vault folder)"))
    p.set_defaults(func=run_backup)
    p = sub.add_parser("restore", help=_("restore a backup (checked before anything is replaced)"))
    p.add_argument("file", metavar="FILE", help=_("a backup folder written by “walletcare backup”"))
    p.set_defaults(func=run_restore)

    p = sub.add_parser("audit", help=_("show or verify the append-only audit trail"))
    p.add_argument("--case", type=int)
    p.add_argument("--verify", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_audit)
    p = sub.add_parser("check", help=_("check every page of the vault for damage (the time it takes is shown)"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_check)


def _add_delete(sub: argparse._SubParsersAction[argparse.ArgumentParser], help_text: str, area: str) -> None:
    p = sub.add_parser("delete", help=help_text)
    p.add_argument("id", type=int, metavar="ID")
    p.set_defaults(func=run_delete, area=area)


def run_delete(args: argparse.Namespace, ctx: Context) -> int:
    """Deletes one transaction, contact note or evidence item by id (``args.area`` names the manager)."""
    with open_vault(ctx) as vault:
        getattr(vault.store, args.area).delete(args.id)
    _say(_("Deleted {id}.").format(id=args.id))
    return ExitCode.OK


_EDIT_TEXT = ("title", "provider", "account", "currency", "description", "desired_outcome", "classification",
              "requested_resolution", "security_actions", "reports_filed")
_PARTY_FIELDS = ("name", "phone", "email", "address", "organisation")


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")


def _named(names: dict[str, str], value: str) -> str:
    """A stored code (``open``, ``payment``) as people read it, in the interface language."""
    return _(names[value]) if value in names else value


def run_init(args: argparse.Namespace, ctx: Context) -> int:
    """Creates the vault and prints the recovery code once."""
    from walletcare.evidence.keys import has_vault, wipe
    from walletcare.evidence.vault import Vault

    if has_vault(ctx.vault_dir):
        raise UsageError(_("There is already a vault in {folder}. Nothing was changed.").format(folder=ctx.vault_dir))
    if ctx.vault_dir.exists() and not ctx.vault_dir.is_dir():
        raise UsageError(_("{path} is a file; a vault is a folder. Choose another place with --vault DIR.").format(
            path=ctx.vault_dir))
    secret = ctx.passphrase(_("New passphrase: "), confirm=True)
    try:
        vault, code = Vault.create(ctx.vault_dir, secret, kdf_seconds=kdf_seconds())
    finally:
        wipe(secret)
    vault.close()
    _say(_("Vault created in {folder}.").format(folder=ctx.vault_dir))
    _say(_("Recovery code (shown only this once): {code}").format(code=code))
    _say(_("Write it on paper and keep it somewhere safe, away from this computer. It opens the vault if you "
           "forget the passphrase. Never type it into a website or give it to anyone, including “support”."))
    return ExitCode.OK


def _case_summary(case: Any) -> dict[str, Any]:
    return {"id": case.id, "title": case.title, "provider": case.provider, "kind": case.kind,
            "opened": case.opened.isoformat() if case.opened else None, "status": case.status}


def run_case_new(args: argparse.Namespace, ctx: Context) -> int:
    """Creates a case; prints its id."""
    from walletcare.evidence.models import Case

    case = Case(id=0, title=args.title, provider=args.provider, kind=args.kind,
                amount=parse_unsigned_amount(args.amount) if args.amount else None,
                currency=parse_currency(args.currency) if args.currency else "",
                opened=parse_date(args.opened) if args.opened else None, description=args.description)
    with open_vault(ctx) as vault:
        stored = vault.store.cases.add(case)
    return _print_new_id(args, stored.id)


def _print_new_id(args: argparse.Namespace, new_id: int) -> int:
    """Prints the id of what a command created (``{"id": …}`` with ``--json``)."""
    if args.json:
        print_json({"id": new_id})
    else:
        _say(str(new_id))
    return ExitCode.OK


def run_case_list(args: argparse.Namespace, ctx: Context) -> int:
    """Lists the cases."""
    with open_vault(ctx) as vault:
        cases = vault.store.cases.list()
    if args.json:
        print_json([_case_summary(c) for c in cases])
        return ExitCode.OK
    if not cases:
        _say(_("No cases yet. Create one with: walletcare case new --title TITLE"))
    for c in cases:
        opened = c.opened.isoformat() if c.opened else "-"
        _say(f"{c.id:>4}  {_named(CASE_STATUS_NAMES, c.status)}  {opened:<10}  {_named(CASE_KIND_NAMES, c.kind)}  "
             f"{c.provider or '-'}  {c.title}")
    return ExitCode.OK


def run_case_show(args: argparse.Namespace, ctx: Context) -> int:
    """Shows one case with its counts."""
    from walletcare.evidence.dispute import stated_or_derived
    from walletcare.evidence.dossier.labels import format_amount
    from walletcare.evidence.records import to_plain

    with open_vault(ctx) as vault:
        store = vault.store
        case = store.cases.get(args.id)
        counts = {"transactions": store.transactions.count(case.id), "contacts": len(store.contacts.list(case.id)),
                  "evidence": len(store.evidence.list(case.id))}
        sums, stated = stated_or_derived(case, store.transactions.with_roles(case.id, ("disputed",)))
    dispute = {"stated": stated, "sums": [{"currency": x.currency, "direction": x.direction, "amount": str(x.amount),
                                           "count": x.count} for x in sums]}
    if args.json:
        import dataclasses

        data = {f.name: to_plain(getattr(case, f.name)) for f in dataclasses.fields(case)}
        print_json({**data, "counts": counts, "amount_in_dispute": dispute})
        return ExitCode.OK
    _say(f"#{case.id}  {case.title}")
    for label, value in ((_("Provider"), case.provider), (_("Kind"), _named(CASE_KIND_NAMES, case.kind)),
                         (_("Status"), _named(CASE_STATUS_NAMES, case.status)),
                         (_("Opened"), case.opened.isoformat() if case.opened else ""),
                         (_("Amount in dispute (as you stated it)") if stated else
                          _("Amount in dispute (sum of the disputed rows)"),
                          "; ".join(format_amount(x.amount, x.currency) for x in sums)),
                         (_("Description"), case.description)):
        if value:
            _say(f"  {label}: {value}")
    _say("  " + _("{transactions} transactions, {contacts} contact notes, {evidence} evidence items")
         .format(**counts))
    return ExitCode.OK


def run_case_edit(args: argparse.Namespace, ctx: Context) -> int:
    """Changes the given fields of a case."""
    import dataclasses

    changes: dict[str, Any] = {name: getattr(args, name) for name in _EDIT_TEXT if getattr(args, name) is not None}
    if args.currency:
        changes["currency"] = parse_currency(args.currency)
    for name in ("kind", "status"):
        if getattr(args, name) is not None:
            changes[name] = getattr(args, name)
    if args.amount is not None:
        changes["amount"] = parse_unsigned_amount(args.amount) if args.amount else None
    for name in ("opened", "discovered"):
        if getattr(args, name) is not None:
            changes[name] = parse_date(getattr(args, name)) if getattr(args, name) else None
    with open_vault(ctx) as vault:
        case = vault.store.cases.get(args.id)
        for party in ("claimant", "respondent"):
            parts = {f: getattr(args, f"{party}_{f}") for f in _PARTY_FIELDS if getattr(args, f"{party}_{f}") is not None}
            if parts:
                changes[party] = dataclasses.replace(getattr(case, party), **parts)
        changes.update(case_fields.changes(args, dataclasses.replace(case, **changes)))
        if not changes:
            raise UsageError(_("Nothing to change: give at least one option, e.g. --status escalated."))
        stored = vault.store.cases.update(dataclasses.replace(case, **changes))
    if args.json:
        print_json(_case_summary(stored))
    else:
        _say(_("Case {id} updated.").format(id=stored.id))
    return ExitCode.OK


def run_tx_add(args: argparse.Namespace, ctx: Context) -> int:
    """Adds one transaction typed in by hand."""
    from walletcare.evidence.models import Reference, Transaction

    refs = (Reference(args.ref_kind, args.ref.strip()),) if args.ref.strip() else ()
    with open_vault(ctx) as vault:
        tx = vault.store.transactions.add(Transaction(
            id=0, case_id=args.case, time=parse_time(args.time), amount=parse_unsigned_amount(args.amount),
            currency=parse_currency(args.currency), direction=args.direction, counterparty=args.counterparty,
            references=refs, status=args.status, note=args.note, source_format="typed", role=args.role))
    return _print_new_id(args, tx.id)


def run_note_add(args: argparse.Namespace, ctx: Context) -> int:
    """Records a contact with support."""
    from walletcare.evidence.models import Contact

    if not args.summary.strip():
        raise UsageError(_("A contact note needs a summary: what was said, in a sentence or two."))
    contact = Contact(id=0, case_id=args.case, kind=args.kind, at=parse_time(args.at), summary=args.summary,
                      channel=args.channel, agent=args.agent, ticket=args.ticket, promised=args.promised,
                      official_source=args.official_source.strip(),
                      promise_kept={"yes": True, "no": False}.get(args.promise_kept),
                      follow_up=parse_date(args.follow_up) if args.follow_up else None, party=args.party)
    with open_vault(ctx) as vault:
        stored = vault.store.contacts.add(contact)
    return _print_new_id(args, stored.id)


_NOTE_TEXT = ("summary", "channel", "agent", "ticket", "promised", "official_source")


def run_note_edit(args: argparse.Namespace, ctx: Context) -> int:
    """Changes the given fields of a contact note (the audit trail keeps the old values)."""
    import dataclasses

    changes: dict[str, Any] = {name: getattr(args, name).strip() for name in _NOTE_TEXT
                               if getattr(args, name) is not None}
    if args.party is not None:
        changes["party"] = args.party
    if args.promise_kept is not None:
        changes["promise_kept"] = {"yes": True, "no": False}.get(args.promise_kept)
    if not changes:
        raise UsageError(_("Nothing to change: give at least one option, e.g. --with platform."))
    if "summary" in changes and not changes["summary"]:
        raise UsageError(_("A contact note needs a summary: what was said, in a sentence or two."))
    with open_vault(ctx) as vault:
        stored = vault.store.contacts.update(dataclasses.replace(vault.store.contacts.get(args.id), **changes))
    if args.json:
        from walletcare.evidence.records import to_plain

        print_json({f.name: to_plain(getattr(stored, f.name)) for f in dataclasses.fields(stored)})
    else:
        _say(_("Contact note {id} updated.").format(id=stored.id))
    return ExitCode.OK


def run_note_list(args: argparse.Namespace, ctx: Context) -> int:
    """Lists a case's contact notes in time order, each with who it was with."""
    import dataclasses

    from walletcare.evidence.chats import chat_summary
    from walletcare.evidence.records import to_plain

    with open_vault(ctx) as vault:
        vault.store.cases.get(args.case)  # an unknown case is an error, not an empty list
        contacts = sorted(vault.store.contacts.list(args.case), key=lambda c: (c.at, c.id))
    if args.json:
        print_json([{f.name: to_plain(getattr(c, f.name)) for f in dataclasses.fields(c)} for c in contacts])
        return ExitCode.OK
    if not contacts:
        _say(_("No contact notes in this case yet. Add one with: walletcare note add --case {case} ...")
             .format(case=args.case))
    for c in contacts:
        said = " ".join(chat_summary(c.summary).split())
        _say(f"{c.id:>4}  {c.at.isoformat(timespec='minutes')}  {_named(CONTACT_KIND_NAMES, c.kind)}  "
             f"{_named(CONTACT_PARTY_NAMES, c.party)}  {c.channel or '-'}  {said[:60]}")
    return ExitCode.OK


def run_evidence_add(args: argparse.Namespace, ctx: Context) -> int:
    """Adds files to a case in one transaction; prints each SHA-256."""
    from walletcare.evidence.evidence_files import add_evidence_files, read_evidence_files

    items = read_evidence_files(args.files, caption=args.caption,
                                captured_at=parse_time(args.taken) if args.taken else None)
    held: Refused | None = None
    with open_vault(ctx) as vault:
        store = vault.store
        # the files and the text read from them commit together: an interrupted add leaves the case as it was
        with store.transaction():
            added = add_evidence_files(store, args.case, items)
            store.evidence.close()
            new_ids = [] if args.no_read else [e.id for e, dup in added if not dup]
            try:
                readings = {r.evidence_id: r for r in ocr_cmds.read_added(store, new_ids)}
            except Refused as exc:  # kept, sealed: stored with the rest, then reported (exit 4)
                held, readings = exc, {}
        # a file added again that is already sealed shows the secret just the same: say so (exit 4) again
        again = [ocr_cmds.sealed_message(e.file_name, r) if r.sealed == "held" else
                 _("“{name}” (#{id}) is kept sealed and never exported.").format(name=e.file_name, id=e.id)
                 for e, dup in added if dup for r in (store.readings.get(e.id),) if r is not None and r.sealed]
        if again:
            held = Refused("\n".join(([str(held)] if held is not None else []) + again))
        # (named as the user named each file: a duplicate's stored item may carry the name it was first added under)
        results = [(e, dup, store.evidence.last_problems.get(e.id, ""), it.file_name)
                   for (e, dup), it in zip(added, items, strict=True)]
    if args.json:
        print_json([{"id": e.id, "file": name, "sha256": e.sha256, "bytes": e.size, "mime": e.mime,
                     "duplicate": dup, "read": e.id in readings,
                     "flags": [f["rule"] for f in readings[e.id].flags] if e.id in readings else []}
                    for e, dup, _p, name in results])
        if held is not None:
            raise held
        return ExitCode.OK
    for evidence, duplicate, problem, name in results:
        line = f"{evidence.sha256}  {name}  ({evidence.mime}, {evidence.size} B)"
        if duplicate:
            line += "  " + _("already in this case as “{name}”, not stored twice").format(name=evidence.file_name)
        _say(line)
        if problem:
            _say("  " + problem)
        if evidence.id in readings and readings[evidence.id].flags:
            _say("  " + _("Its text shows scam warning signs: see “walletcare evidence text {id}”.")
                 .format(id=evidence.id))
    if held is not None:
        raise held
    return ExitCode.OK
