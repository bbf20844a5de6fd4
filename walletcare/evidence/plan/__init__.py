"""A case's plan: the escalation ladder with its clocks, follow-ups from contact notes, submissions and
first-hour playbooks (issue #16; facts in ``shared/spec/channels.md``, rules as data in
``resources/plan/``).

Public API (core: no Qt; every text in the language asked for, default the interface language):

- ``build_plan(store, case_id, today, lang=None) -> Plan``: ``Plan.rungs``, ``Plan.next``,
  ``Plan.followups``, ``Plan.warnings``.
- ``due(store, today, days=7, lang=None) -> list[DueItem]``: rungs closing and follow-ups falling due within
  ``days`` across all cases, overdue ones included.
- ``record_submission(store, case_id, rung_id, ref, at, receipt_path=None) -> Submission``: one transaction;
  the receipt is stored as evidence (hashed, audited), the rung becomes ``done`` and the next clock starts.
- ``playbooks_for(case, lang=None, ticked=None) -> list[Playbook]`` and ``playbooks(store, case_id)`` (with
  the tick times), ``tick(store, case_id, item_id, at, ticked=True)``: each tick stamped in the audit trail.
- ``plan_ics(plan) -> bytes``: an iCalendar file of the plan's dates with a reminder the day before.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import walletcare.evidence.plan.marks as marks
from walletcare.errors import InvalidInput, UsageError, os_reason
from walletcare.evidence import records
from walletcare.evidence.plan.engine import plan_for, recovery_warning, terms_note
from walletcare.evidence.plan.ics import plan_ics
from walletcare.evidence.plan.model import (
    STATUS_NAMES,
    STATUSES,
    WINDOW_CLOSED,
    DueItem,
    FollowUp,
    MissingItem,
    Plan,
    Playbook,
    PlaybookItem,
    Rung,
    Submission,
    status_name,
)
from walletcare.evidence.plan.playbooks import playbooks_for
from walletcare.i18n import N_, _, current_language

if TYPE_CHECKING:
    from walletcare.evidence.store import Store

__all__ = ["STATUS_NAMES", "STATUSES", "WINDOW_CLOSED", "DueItem", "FollowUp", "MissingItem", "Plan", "Playbook", "PlaybookItem", "Rung", "Submission",
           "build_plan", "due", "plan_ics", "playbooks", "playbooks_for", "record_submission", "recovery_warning",
           "status_name", "terms_note", "tick"]

MAX_RECEIPT_BYTES = 50 * 1024 * 1024
MAX_REF = 200


def build_plan(store: Store, case_id: int, today: date, lang: str | None = None) -> Plan:
    """The plan of case ``case_id`` on ``today`` (UsageError when there is no such case)."""
    case = store.cases.get(case_id)
    txs = store.transactions.with_roles(case_id, ("disputed",))
    return plan_for(case, txs, store.contacts.list(case_id), marks.submissions(store, case_id), today,
                    lang or current_language())


def due(store: Store, today: date, days: int = 7, lang: str | None = None) -> list[DueItem]:
    """What is due within ``days`` days (or overdue) across the open cases: rungs not done whose closing date
    falls by then (a window that closed for good only while it passed less than ``days`` days ago), urgent
    steps without a date not done yet (due today: police, freezing, the exchange), and follow-ups not kept.
    Sorted by date, then case; a case's items on one day in the plan's order (the police before the
    exchange)."""
    out: list[DueItem] = []
    for case in store.cases.list():
        if case.status in ("resolved", "closed"):
            continue
        plan = build_plan(store, case.id, today, lang)
        for rung in plan.rungs:
            if rung.urgent and rung.closes is None and rung.status == "open":
                # "at once" steps (police, freezing the account, telling the exchange): due today until done
                out.append(DueItem(case.id, case.title, "rung", rung.id, rung.title, today, 0, False))
                continue
            if rung.closes is None or rung.status not in ("open", "overdue", "waiting"):
                continue
            if rung.hard_close and (today - rung.closes).days > days:
                continue  # a window missed long ago: nothing left to do there
            if (rung.closes - today).days <= days:
                out.append(DueItem(case.id, case.title, "rung", rung.id, rung.title, rung.closes,
                                   (rung.closes - today).days, rung.closes < today))
        for f in plan.followups:
            if f.kept is True or f.days_left > days:
                continue
            ident = f"contact:{f.contact_id}" if f.kind == "promise" else f"reply:{f.rung_id}"
            out.append(DueItem(case.id, case.title, "followup", ident, f.text, f.due, f.days_left, f.overdue))
    return sorted(out, key=lambda d: (d.due, d.case_id))  # stable: a case's steps stay in the plan's order


def _read_receipt(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_RECEIPT_BYTES:
            raise InvalidInput(_("{name} is larger than 50 MB and was not added.").format(name=path.name))
        return path.read_bytes()
    except OSError as exc:
        raise InvalidInput(_("Cannot read {path}: {error}. Nothing was recorded.").format(
            path=path, error=os_reason(exc))) from None


def record_submission(store: Store, case_id: int, rung_id: str, ref: str, at: datetime,
                      receipt_path: Path | None = None, *, receipt_data: bytes | None = None,
                      receipt_name: str = "") -> Submission:
    """Records a submission to a rung of the case's plan, in one transaction: the receipt (a file, or bytes
    such as a pasted screenshot) becomes an evidence item of the case (hashed, audited), the submission is
    stored with its audit entry, so the rung is ``done`` and the clocks that count from it start at ``at``.

    Raises:
        UsageError: no such case, a rung id not in this case's plan, an empty reference, or a time without
            a time zone.
        InvalidInput: the receipt cannot be read or is damaged (nothing is recorded).
        Refused: the reference holds a seed phrase or private key.
    """
    ref = ref.strip()
    if not ref:
        raise UsageError(_("Give the confirmation or case number the channel gave you."))
    if len(ref) > MAX_REF:
        raise UsageError(_("A confirmation number has at most {count} characters.").format(count=MAX_REF))
    if at.tzinfo is None or at.utcoffset() is None:
        raise UsageError(_("A submission time needs a time zone offset."))
    store.guard_text(N_("Confirmation number"), ref)
    plan = build_plan(store, case_id, at.date())  # the receipt caption in the interface language
    rung = next((r for r in plan.rungs if r.id == rung_id), None)
    if rung is None:
        raise UsageError(_("Rung {rung} is not part of this case's plan; see “walletcare plan --case {id}”.").format(
            rung=rung_id, id=case_id))
    data = None
    name = receipt_name
    if receipt_path is not None:
        data, name = _read_receipt(Path(receipt_path)), name or Path(receipt_path).name
    elif receipt_data is not None:
        data, name = bytes(receipt_data), name or "receipt.png"
    recorded = records.now()
    with store.transaction():
        evidence_id = None
        if data is not None:
            evidence, _dup = store.evidence.add(case_id, data, name, caption=_("Receipt: {rung} {ref}").format(
                rung=rung.title, ref=ref), origin="file", origin_detail=f"{rung_id} · {ref}")
            evidence_id = evidence.id
        submission = Submission(case_id, rung_id, rung.channel, ref, at, evidence_id, recorded)
        body = {"channel": rung.channel, "ref": ref, "at": at.isoformat(), "evidence_id": evidence_id,
                "recorded_at": recorded.isoformat()}
        marks.write(store, case_id, "submission", rung_id, at, body)
    return submission


def playbooks(store: Store, case_id: int, lang: str | None = None) -> list[Playbook]:
    """The playbooks that fit the case, with each item's tick time."""
    case = store.cases.get(case_id)
    return playbooks_for(case, lang, marks.ticks(store, case_id))


def tick(store: Store, case_id: int, item_id: str, at: datetime | None = None, ticked: bool = True) -> datetime:
    """Ticks (or, with ``ticked=False``, unticks) a playbook item of the case; the time is stamped into the
    audit trail. Returns the time recorded. UsageError for an item id no playbook of the case has."""
    at = at or records.now()
    if at.tzinfo is None or at.utcoffset() is None:
        raise UsageError(_("A time needs a time zone offset."))
    case = store.cases.get(case_id)
    known = {item.id for book in playbooks_for(case, "en") for item in book.items}
    if item_id not in known:
        raise UsageError(_("{item} is not an item of this case's playbooks; see “walletcare playbook --case {id}”.")
                         .format(item=item_id, id=case_id))
    with store.transaction():
        marks.write(store, case_id, "tick", item_id, at, {"ticked": ticked, "at": at.isoformat()})
    return at

