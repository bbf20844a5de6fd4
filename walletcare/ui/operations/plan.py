"""The case's plan as the window shows it: the ladder of channels with their clocks, each rung's channel pack
(what that channel asks for, the values to copy into its form, its letter), follow-ups from contact promises
and the standing warnings; recording a submission, ticking a first-hour playbook, the calendar file, and
what is due across cases for the reminders.

Everything here runs on the vault thread and returns plain values (``PlanView``, ``RungView`` …) read from
the core plan (``walletcare.evidence.plan``), so the widgets never hold a store or a core object that could
change under them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from walletcare.ui.operations import Changes

if TYPE_CHECKING:
    from walletcare.evidence.store import Store

if TYPE_CHECKING:
    from walletcare.evidence.plan import FollowUp as CoreFollowUp
    from walletcare.evidence.plan import Playbook, Rung

STATUSES = ("done", "open", "waiting", "overdue", "closed")


@dataclass(frozen=True)
class Missing:
    """A checklist item: its name, the key of the field it is entered in (``claimant.phone``,
    ``statement_date``, or an area: ``transactions``, ``contacts``, ``evidence``), where that is in words,
    and whether the case holds it."""

    label: str
    field: str = ""
    where: str = ""
    present: bool = False


@dataclass(frozen=True)
class RungView:
    """One rung of the ladder."""

    id: str
    channel: str
    title: str
    status: str
    opens: date | None
    closes: date | None
    days_left: int | None
    how: str = ""
    prerequisites: tuple[str, ...] = ()
    checklist: tuple[Missing, ...] = ()
    copy_sheet: tuple[tuple[str, str], ...] = ()
    source: str = ""
    source_url: str = ""
    as_of: date | None = None
    track: str = ""
    what: str = ""
    urgent: bool = False
    reply_due: date | None = None
    notes: tuple[str, ...] = ()
    letter: str = ""  # the letter for this channel ("" when the channel has no letter)
    letter_to: str = ""
    submitted_ref: str = ""  # the confirmation number recorded ("" until a submission is recorded)
    submitted_at: datetime | None = None
    is_next: bool = False
    hard_close: bool = False  # the channel no longer accepts the step once ``closes`` passed
    rule: str = ""  # the rule the dates come from, in words

    @property
    def window_closed(self) -> bool:
        """Past a hard deadline and not done: the channel no longer accepts it (nothing to chase there)."""
        return self.status == "overdue" and self.hard_close

    @property
    def missing(self) -> tuple[Missing, ...]:
        """The checklist items not in the case yet."""
        return tuple(m for m in self.checklist if not m.present)

    @property
    def overdue(self) -> bool:
        """Past its closing date (or past a date it should have been done by) and not done."""
        return self.status == "overdue"


@dataclass(frozen=True)
class FollowUp:
    """A promise from a contact note, with the date it falls due."""

    due: date
    text: str
    overdue: bool
    kept: bool = False
    contact_id: int | None = None


@dataclass(frozen=True)
class PlanView:
    """The plan of one case on one day."""

    case_id: int
    today: date
    rungs: tuple[RungView, ...] = ()
    followups: tuple[FollowUp, ...] = ()
    warnings: tuple[str, ...] = ()
    playbooks: tuple[PlaybookView, ...] = ()
    terms_note: str = ""

    @property
    def next(self) -> RungView | None:
        """The next action (the rung marked next, else the first open or overdue one)."""
        marked = [r for r in self.rungs if r.is_next]
        if marked:
            return marked[0]
        return next((r for r in self.rungs if r.status in ("overdue", "open") and not r.window_closed), None)

    def rung(self, rung_id: str) -> RungView | None:
        """The rung called ``rung_id``."""
        return next((r for r in self.rungs if r.id == rung_id), None)


@dataclass(frozen=True)
class NextStep:
    """What the case list shows for a case: the next action, its date and days left."""

    what: str
    due: date | None
    days_left: int | None
    overdue: bool
    rung_id: str = ""
    channel: str = ""


@dataclass(frozen=True)
class DueItem:
    """Something due or overdue in one case (the reminders)."""

    case_id: int
    case_title: str
    what: str
    due: date
    days_left: int
    overdue: bool
    key: str = ""


@dataclass(frozen=True)
class PlaybookItem:
    """One step of a first-hour playbook and when it was ticked (None: not yet)."""

    id: str
    text: str
    ticked_at: datetime | None = None
    within_minutes: int | None = None


@dataclass(frozen=True)
class PlaybookView:
    """A timed first-hour checklist."""

    id: str
    title: str
    items: tuple[PlaybookItem, ...] = ()
    started: datetime | None = None
    note: str = ""
    source: str = ""
    as_of: date | None = None

    @property
    def done(self) -> bool:
        """Every step ticked."""
        return all(i.ticked_at is not None for i in self.items)


def playbook_view(book: Playbook, started: datetime | None = None) -> PlaybookView:
    """A core ``Playbook`` as the window shows it."""
    return PlaybookView(book.id, book.title, tuple(PlaybookItem(i.id, i.text, i.ticked_at, i.within_minutes)
                                                   for i in book.items), started, book.summary, book.source,
                        book.as_of)


# -- reading the core plan ----------------------------------------------------------------------------------
def rung_view(rung: Rung, next_id: str | None, letter: tuple[str, str] = ("", "")) -> RungView:
    """A core ``Rung`` as the window shows it."""
    sent = rung.submission
    return RungView(
        id=rung.id, channel=rung.channel, title=rung.title or rung.id, status=rung.status, opens=rung.opens,
        closes=rung.closes, days_left=rung.days_left, how=rung.how, prerequisites=tuple(rung.prerequisites),
        checklist=tuple(Missing(m.label, m.field, m.where) for m in rung.missing),
        copy_sheet=tuple((str(k), str(v)) for k, v in rung.copy_sheet), source=rung.source,
        source_url=rung.source_url, as_of=rung.as_of, track=rung.track, what=rung.what, urgent=rung.urgent,
        reply_due=rung.reply_due, notes=tuple(rung.notes), letter=letter[1], letter_to=letter[0],
        submitted_ref=sent.ref if sent is not None else "", submitted_at=sent.at if sent is not None else None,
        is_next=rung.id == next_id, hard_close=rung.hard_close, rule=rung.rule)


def followup_view(item: CoreFollowUp) -> FollowUp:
    """A core ``FollowUp`` as the window shows it."""
    return FollowUp(due=item.due, text=item.text, overdue=item.overdue, kept=item.kept is True,
                    contact_id=item.contact_id)


def _letters(store: Store, case_id: int, rungs: Sequence[Rung], lang: str, today: date) -> dict[str, tuple[str, str]]:
    from walletcare.evidence.channels import CHANNEL_IDS
    from walletcare.evidence.letters import letter_for

    out: dict[str, tuple[str, str]] = {}
    for rung in rungs:
        if rung.channel in CHANNEL_IDS and rung.channel not in out:
            addressee, text, _stored = letter_for(store, case_id, rung.channel, lang, today)
            out[rung.channel] = (addressee, text)
    return out


def read_plan(store: Store, case_id: int, today: date, lang: str) -> PlanView:
    """The plan of ``case_id`` on ``today`` with each rung's letter in ``lang``."""
    from walletcare.evidence import plan as core

    plan = core.build_plan(store, case_id, today, lang)
    next_id = plan.next.id if plan.next is not None else None
    letters = _letters(store, case_id, plan.rungs, lang, today)
    views = _named_prerequisites(tuple(rung_view(r, next_id, letters.get(r.channel, ("", ""))) for r in plan.rungs))
    return PlanView(case_id=case_id, today=today, rungs=views, followups=tuple(map(followup_view, plan.followups)),
                    warnings=tuple(plan.warnings), playbooks=tuple(playbooks(store, case_id, lang)),
                    terms_note=plan.terms_note)


def _named_prerequisites(rungs: tuple[RungView, ...]) -> tuple[RungView, ...]:
    """Prerequisites that name another rung by id, named by its title instead."""
    from dataclasses import replace

    titles = {r.id: r.title for r in rungs}
    return tuple(replace(r, prerequisites=tuple(titles.get(p, p) for p in r.prerequisites)) for r in rungs)


def next_step(view: PlanView) -> NextStep | None:
    """The case list's cell for a plan."""
    rung = view.next
    overdue_followups = [f for f in view.followups if f.overdue]
    if rung is None and not overdue_followups:
        return None
    if rung is None or (overdue_followups and not rung.overdue):
        first = min(overdue_followups, key=lambda f: f.due) if overdue_followups else None
        if first is not None:
            return NextStep(first.text, first.due, (first.due - view.today).days, True)
    assert rung is not None
    return NextStep(rung.title, rung.closes, rung.days_left, rung.overdue, rung.id, rung.channel)


def next_steps(store: Store, case_ids: Iterable[int], today: date) -> dict[int, NextStep]:
    """The next step of each case (a case whose plan cannot be built is left out, not failed)."""
    from walletcare.logs import log

    out: dict[int, NextStep] = {}
    for case_id in case_ids:
        try:
            step = next_step(read_plan_only(store, case_id, today))
        except Exception as exc:
            log.error("plan of case %s not built: %s", case_id, type(exc).__name__, exc_info=exc)
            continue
        if step is not None:
            out[case_id] = step
    return out


def read_plan_only(store: Store, case_id: int, today: date) -> PlanView:
    """The plan without letters or playbooks (the case list)."""
    from walletcare.evidence import plan as core

    plan = core.build_plan(store, case_id, today)
    next_id = plan.next.id if plan.next is not None else None
    return PlanView(case_id=case_id, today=today, rungs=tuple(rung_view(r, next_id) for r in plan.rungs),
                    followups=tuple(map(followup_view, plan.followups)))


def next_channel(store: Store, case_id: int, today: date) -> str | None:
    """The channel of the plan's next open step (the export dialog's default), if any."""
    rung = read_plan_only(store, case_id, today).next
    return rung.channel if rung is not None else None


# -- reminders ----------------------------------------------------------------------------------------------
def due_items(store: Store, today: date, days: int) -> list[DueItem]:
    """What is due in the next ``days`` days or overdue, across cases, soonest first."""
    from walletcare.evidence import plan as core

    return [DueItem(case_id=i.case_id, case_title=i.case_title, what=i.text, due=i.due, days_left=i.days_left,
                    overdue=i.overdue, key=f"{i.case_id}:{i.id}:{i.due.isoformat()}")
            for i in core.due(store, today, days)]


# -- changes ------------------------------------------------------------------------------------------------
def record_submission(store: Store, case_id: int, rung_id: str, ref: str, at: datetime,
                      receipt: Path | None) -> Changes:
    """Records a submission to a rung's channel (the confirmation number, when, the receipt screenshot):
    the rung turns done and the next clock starts."""
    from walletcare.evidence import plan as core

    result = core.record_submission(store, case_id, rung_id, ref, at, receipt)
    return Changes(cases=True, evidence=receipt is not None, case_id=case_id, result=result)


def playbooks(store: Store, case_id: int, lang: str | None = None) -> list[PlaybookView]:
    """The first-hour playbooks that fit the case (empty when none), with each step's tick time; their clock
    runs from when the case was opened in WalletCare."""
    from walletcare.evidence import plan as core

    started = store.cases.get(case_id).created_at
    return [playbook_view(b, started) for b in core.playbooks(store, case_id, lang)]


def tick(store: Store, case_id: int, item_id: str) -> Changes:
    """Ticks one playbook item (stamped in the audit trail); ``result`` is the time recorded."""
    from walletcare.evidence import plan as core

    result = core.tick(store, case_id, item_id)
    return Changes(cases=True, case_id=case_id, result=result)


def export_ics(store: Store, case_id: int, today: date, target: Path) -> Path:
    """Writes the case's dates as an iCalendar file with its audit entry, all or nothing (a temp file in the
    target folder renamed into place, ``evidence.outputs``)."""
    import hashlib
    import json

    from walletcare.evidence import plan as core
    from walletcare.evidence.outputs import write_outputs

    data = core.plan_ics(core.build_plan(store, case_id, today))
    audit = {"action": "export", "object": f"calendar:{case_id}", "case_id": case_id, "digest": hashlib.sha256(data).hexdigest(),
             "detail": json.dumps({"file": target.name}, ensure_ascii=False)}
    write_outputs(store, [(target, data)], audit)
    return target
