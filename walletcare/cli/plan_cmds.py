"""``walletcare plan`` (the case's escalation ladder with its dates), ``walletcare due`` (what is due across
cases), ``walletcare submit`` (record a submission to a rung) and ``walletcare playbook`` (the first-hour
checklists, ticked with a time stamp in the audit trail)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from walletcare.atomic_files import write_atomic
from walletcare.cli.common import Context, ExitCode, open_vault, parse_date, parse_time, print_json
from walletcare.errors import UsageError
from walletcare.evidence.plan.model import status_name
from walletcare.i18n import _, current_language


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Adds ``plan``, ``due``, ``submit`` and ``playbook``."""
    p = sub.add_parser("plan", help=_("the case's escalation ladder: each step, when it opens and closes, what is "
                                      "missing, and the next step"))
    p.add_argument("--case", type=int, required=True, help=_("the case"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.add_argument("--ics", metavar="FILE", help=_("also write the plan's dates to FILE as a calendar (.ics) with a "
                                                   "reminder the day before each"))
    p.add_argument("--today", metavar="YYYY-MM-DD", help=_("count the days as if today were this date"))
    p.set_defaults(func=run_plan)
    p = sub.add_parser("due", help=_("what is due or overdue across your cases"))
    p.add_argument("--days", type=int, default=7, help=_("look this many days ahead (default 7)"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.add_argument("--today", metavar="YYYY-MM-DD", help=_("count the days as if today were this date"))
    p.set_defaults(func=run_due)
    p = sub.add_parser("submit", help=_("record a submission to a step of the plan (its confirmation number and "
                                        "receipt become part of the case)"))
    p.add_argument("--case", type=int, required=True, help=_("the case"))
    p.add_argument("--rung", required=True, metavar="ID", help=_("a step id from “walletcare plan”"))
    p.add_argument("--ref", required=True, metavar="CONFIRMATION", help=_("the confirmation or case number you got"))
    p.add_argument("--at", metavar="TIME", help=_("when you submitted (default: now)"))
    p.add_argument("--receipt", metavar="FILE", help=_("a screenshot or file of the receipt, stored as evidence"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=run_submit)
    p = sub.add_parser("playbook", help=_("the first-hour checklists for this case's problem"))
    p.add_argument("--case", type=int, required=True, help=_("the case"))
    p.add_argument("--tick", metavar="ITEM", help=_("tick an item (its time is stamped into the audit trail)"))
    p.add_argument("--untick", metavar="ITEM", help=_("take the tick off an item (recorded too)"))
    p.add_argument("--at", metavar="TIME", help=_("when you did it (default: now)"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=run_playbook)


def _today(args: argparse.Namespace) -> date:
    return parse_date(args.today) if getattr(args, "today", None) else date.today()


def rung_json(rung: Any, is_next: bool) -> dict[str, Any]:
    """A rung as the ``plan --json`` contract prints it."""
    sub = rung.submission
    return {"id": rung.id, "channel": rung.channel, "ladder": rung.ladder, "track": rung.track, "order": rung.order,
            "title": rung.title, "what": rung.what, "how": rung.how, "opens": rung.opens, "closes": rung.closes,
            "status": rung.status, "hard_close": rung.hard_close, "days_left": rung.days_left, "urgent": rung.urgent, "next": is_next,
            "prerequisites": list(rung.prerequisites),
            "missing": [{"field": m.field, "label": m.label, "where": m.where} for m in rung.missing],
            "copy_sheet": [[label, value] for label, value in rung.copy_sheet],
            "rule": rung.rule, "source": rung.source, "source_url": rung.source_url, "as_of": rung.as_of,
            "reply_due": rung.reply_due,
            "submission": None if sub is None else {"ref": sub.ref, "at": sub.at, "evidence_id": sub.evidence_id}}


def run_plan(args: argparse.Namespace, ctx: Context) -> int:  # noqa: C901 - text, JSON and calendar outputs of one plan
    """Prints the plan; with ``--ics`` also writes the calendar file (atomically)."""
    from walletcare.evidence.plan import build_plan, plan_ics

    today = _today(args)
    with open_vault(ctx) as vault:
        plan = build_plan(vault.store, args.case, today, current_language())
    if args.ics:
        write_atomic(Path(args.ics).expanduser(), plan_ics(plan))
    next_id = plan.next.id if plan.next else None
    if args.json:
        print_json({"case": plan.case_id, "today": plan.today, "ladders": list(plan.ladders),
                    "rungs": [rung_json(r, r.id == next_id) for r in plan.rungs],
                    "next": next_id,
                    "followups": [{"kind": f.kind, "text": f.text, "due": f.due, "overdue": f.overdue,
                                   "days_left": f.days_left, "contact": f.contact_id, "rung": f.rung_id or None,
                                   "kept": f.kept} for f in plan.followups],
                    "warnings": list(plan.warnings), "note": plan.terms_note})
        return ExitCode.OK
    out = sys.stdout
    for warning in plan.warnings:
        out.write("! " + warning + "\n")
    for rung in plan.rungs:
        mark = "→" if rung.id == next_id else " "
        dates = []
        if rung.opens:
            dates.append(_("opens {day}").format(day=rung.opens.isoformat()))
        if rung.closes and (rung.status in ("done", "closed") or rung.days_left is None):
            dates.append(_("closes {day}").format(day=rung.closes.isoformat()))
        elif rung.closes and rung.status == "overdue" and rung.hard_close:
            dates.append(_("closed {day}").format(day=rung.closes.isoformat()))
        elif rung.closes and rung.days_left is not None and rung.days_left < 0:
            dates.append(_("closed {day} ({days} days overdue)").format(day=rung.closes.isoformat(),
                                                                         days=-rung.days_left))
        elif rung.closes:
            dates.append(_("closes {day} ({days} days left)").format(day=rung.closes.isoformat(), days=rung.days_left))
        out.write(f"{mark} {rung.id:<22} [{_(status_name(rung))}] {rung.title}"
                  + (f"  · {'; '.join(dates)}" if dates else "") + "\n")
        out.write(f"    {rung.how}\n")
        if rung.status == "overdue" and rung.hard_close:
            out.write("    " + _("Too late: the last day was {day} and this channel no longer accepts it; see the other "
                              "steps.").format(day=rung.closes.isoformat() if rung.closes else "") + "\n")
        elif rung.hard_close and rung.closes and rung.status in ("open", "waiting"):
            out.write("    " + _("Last day: {day}. After that day this channel no longer accepts it.").format(
                day=rung.closes.isoformat()) + "\n")
        if rung.submission is not None:
            out.write("    " + _("Submitted {at}, confirmation {ref}").format(
                at=rung.submission.at.isoformat(sep=" ", timespec="minutes"), ref=rung.submission.ref) + "\n")
        if rung.missing and rung.status in ("open", "waiting"):
            sep = "；" if current_language().startswith("zh") else "; "
            out.write("    " + _("Missing: {items}").format(items=sep.join(m.label for m in rung.missing)) + "\n")
        source = _("Source: {source}, as of {day}.").format(source=rung.source, day=rung.as_of.isoformat())
        out.write(f"    {rung.rule} {source}\n" if rung.rule else f"    {source}\n")
    for f in plan.followups:
        state = _("overdue") if f.overdue else _("due")
        out.write(f"* {f.due.isoformat()} [{state}] {f.text}\n")
    out.write(plan.terms_note + "\n")
    if args.ics:
        out.write(_("Calendar written to {path}.").format(path=args.ics) + "\n")
    return ExitCode.OK


def run_due(args: argparse.Namespace, ctx: Context) -> int:
    """Prints what is due within ``--days`` days (overdue included) across the cases; exit 0 either way."""
    from walletcare.evidence.plan import due

    if args.days < 0:
        raise UsageError(_("--days must be 0 or more."))
    today = _today(args)
    with open_vault(ctx) as vault:
        items = due(vault.store, today, args.days, current_language())
    if args.json:
        print_json({"today": today, "days": args.days,
                    "items": [{"case": i.case_id, "case_title": i.case_title, "kind": i.kind, "id": i.id,
                               "text": i.text, "due": i.due, "days_left": i.days_left, "overdue": i.overdue}
                              for i in items]})
        return ExitCode.OK
    if not items:
        sys.stdout.write(_("Nothing is due in the next {days} days.").format(days=args.days) + "\n")
    for i in items:
        state = _("OVERDUE") if i.overdue else _("due today") if i.days_left == 0 else _("in {days} days").format(
            days=i.days_left)
        sys.stdout.write(f"{i.due.isoformat()}  {state:<12} #{i.case_id} {i.case_title}: {i.text}\n")
    return ExitCode.OK


def run_submit(args: argparse.Namespace, ctx: Context) -> int:
    """Records the submission (with its receipt) in one transaction."""
    from walletcare.evidence.plan import record_submission
    from walletcare.evidence.records import now

    at = parse_time(args.at) if args.at else now().astimezone()
    receipt = Path(args.receipt).expanduser() if args.receipt else None
    with open_vault(ctx) as vault:
        sub = record_submission(vault.store, args.case, args.rung, args.ref, at, receipt)
        vault.store.evidence.close()
        if not args.json:
            from walletcare.evidence.plan import build_plan

            plan = build_plan(vault.store, args.case, at.date(), current_language())
            sub_title = next((r.title for r in plan.rungs if r.id == sub.rung_id), sub.rung_id)
    if args.json:
        print_json({"case": sub.case_id, "rung": sub.rung_id, "channel": sub.channel, "ref": sub.ref, "at": sub.at,
                    "evidence_id": sub.evidence_id})
        return ExitCode.OK
    sys.stdout.write(_("Submission to “{step}” recorded ({ref}).").format(step=sub_title, ref=sub.ref) + "\n")
    if sub.evidence_id is not None:
        sys.stdout.write(_("The receipt is evidence item {id}.").format(id=sub.evidence_id) + "\n")
    return ExitCode.OK


def run_playbook(args: argparse.Namespace, ctx: Context) -> int:
    """Lists the case's playbooks with their ticks, or ticks / unticks one item."""
    from walletcare.evidence.plan import playbooks, tick
    from walletcare.evidence.records import now

    if args.tick and args.untick:
        raise UsageError(_("Give --tick or --untick, not both."))
    at = parse_time(args.at) if args.at else now().astimezone()
    with open_vault(ctx) as vault:
        store = vault.store
        if args.tick or args.untick:
            tick(store, args.case, args.tick or args.untick, at, ticked=bool(args.tick))
        books = playbooks(store, args.case, current_language())
    if args.json:
        print_json({"case": args.case, "playbooks": [
            {"id": b.id, "title": b.title, "summary": b.summary, "source": b.source, "as_of": b.as_of,
             "items": [{"id": i.id, "text": i.text, "within_minutes": i.within_minutes, "ticked_at": i.ticked_at}
                       for i in b.items]} for b in books]})
        return ExitCode.OK
    if not books:
        sys.stdout.write(_("No first-hour playbook fits this case's problem.") + "\n")
    for book in books:
        sys.stdout.write(f"{book.title}\n  {book.summary}\n")
        sys.stdout.write("  " + _("Source: {source}, as of {day}.").format(source=book.source,
                                                                        day=book.as_of.isoformat()) + "\n")
        for item in book.items:
            box = "[x]" if item.ticked_at else "[ ]"
            when = f"  ({item.ticked_at.isoformat(sep=' ', timespec='minutes')})" if item.ticked_at else ""
            sys.stdout.write(f"  {box} {item.id:<22} " + _("within {minutes} min").format(minutes=item.within_minutes)
                             + f": {item.text}{when}\n")
    return ExitCode.OK
