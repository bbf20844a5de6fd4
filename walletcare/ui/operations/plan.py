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
from typing import Any

from walletcare.ui.operations import Changes

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
    submission: tuple[tuple[str, str], ...] = ()  # ("ref", …), ("at", …): what was recorded
    is_next: bool = False

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
        return next((r for r in self.rungs if r.status in ("overdue", "open")), None)

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

    @property
    def done(self) -> bool:
        """Every step ticked."""
        return all(i.ticked_at is not None for i in self.items)


def playbook_view(book: Any, started: datetime | None = None) -> PlaybookView:
    """A core playbook as the window shows it."""
    items = []
    for n, item in enumerate(_get(book, "items", "steps", default=()) or ()):
        if isinstance(item, str):
            items.append(PlaybookItem(str(n), item))
            continue
        ticked = _get(item, "ticked_at", "ticked", "done_at")
        within = _get(item, "within_minutes", "minutes", "within")
        items.append(PlaybookItem(str(_get(item, "id", default=n)), _text(_get(item, "text", "title", "label",
                                                                                default="")),
                                  ticked if isinstance(ticked, datetime) else None,
                                  int(within) if isinstance(within, int | float) else None))
    return PlaybookView(str(_get(book, "id", default="")), _text(_get(book, "title", "name", default="")),
                        tuple(items), started, _text(_get(book, "summary", default="")))


# -- reading the core plan ----------------------------------------------------------------------------------
def _get(obj: Any, *names: str, default: Any = None) -> Any:
    for name in names:
        if isinstance(obj, dict):
            if name in obj and obj[name] is not None:
                return obj[name]
        else:
            value = getattr(obj, name, None)
            if value is not None:
                return value
    return default


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, Iterable):
        return "\n".join(_text(v) for v in value)
    return str(value)


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _pairs(value: Any) -> tuple[tuple[str, str], ...]:
    if not value:
        return ()
    if isinstance(value, dict):
        return tuple((str(k), _text(v)) for k, v in value.items())
    out = []
    for item in value:
        if isinstance(item, tuple | list) and len(item) >= 2:
            out.append((_text(item[0]), _text(item[1])))
        else:
            out.append((_text(_get(item, "label", "name", default="")), _text(_get(item, "value", default=""))))
    return tuple(out)


def _checklist(rung: Any) -> tuple[Missing, ...]:
    """The items the rung's channel asks for that the case does not hold yet."""
    out = []
    for item in _get(rung, "missing", default=()) or ():
        if isinstance(item, str):
            out.append(Missing(item))
        else:
            out.append(Missing(_text(_get(item, "label", default="")), _text(_get(item, "field", default="")),
                               _text(_get(item, "where", default=""))))
    return tuple(out)


def _submission(value: Any) -> tuple[tuple[str, str], ...]:
    if not value:
        return ()
    pairs = []
    for name in ("ref", "at", "evidence_id"):
        got = _get(value, name)
        if got not in (None, ""):
            pairs.append((name, got.isoformat() if isinstance(got, date | datetime) else str(got)))
    return tuple(pairs) or (("ref", str(value)),)


def rung_view(rung: Any, next_id: str | None, letter: tuple[str, str] = ("", "")) -> RungView:
    """A core rung as the window shows it."""
    rung_id = str(_get(rung, "id", default=""))
    days = _get(rung, "days_left")
    return RungView(
        id=rung_id, channel=str(_get(rung, "channel", default="")),
        title=_text(_get(rung, "title", "name", default="")) or rung_id,
        status=str(_get(rung, "status", default="open")), opens=_date(_get(rung, "opens")),
        closes=_date(_get(rung, "closes")), days_left=None if days is None else int(days),
        how=_text(_get(rung, "how", default="")),
        prerequisites=tuple(_text(p) for p in (_get(rung, "prerequisites", default=()) or ())),
        checklist=_checklist(rung), copy_sheet=_pairs(_get(rung, "copy_sheet", default=())),
        source=_text(_get(rung, "source", default="")), source_url=_text(_get(rung, "source_url", default="")),
        as_of=_date(_get(rung, "as_of")), track=_text(_get(rung, "track", default="")),
        what=_text(_get(rung, "what", default="")), urgent=bool(_get(rung, "urgent", default=False)),
        reply_due=_date(_get(rung, "reply_due")), notes=tuple(_text(n) for n in _get(rung, "notes", default=()) or ()),
        letter=letter[1], letter_to=letter[0],
        submission=_submission(_get(rung, "submission")), is_next=bool(next_id) and rung_id == next_id)


def followup_view(item: Any, today: date) -> FollowUp | None:
    """A core follow-up as the window shows it (None without a date)."""
    due = _date(_get(item, "due", "date", "follow_up"))
    if due is None:
        return None
    kept = bool(_get(item, "kept", "promise_kept", default=False))
    overdue = _get(item, "overdue")
    return FollowUp(due=due, text=_text(_get(item, "text", "promised", "what", "label", default="")),
                    overdue=bool(overdue) if overdue is not None else (due < today and not kept), kept=kept,
                    contact_id=_get(item, "contact_id"))


def _letters(store: Any, case_id: int, rungs: Sequence[Any], lang: str, today: date) -> dict[str, tuple[str, str]]:
    from walletcare.evidence.channels import CHANNEL_IDS
    from walletcare.evidence.letters import letter_for

    out: dict[str, tuple[str, str]] = {}
    for rung in rungs:
        channel = str(_get(rung, "channel", default=""))
        if channel in CHANNEL_IDS and channel not in out:
            addressee, text, _stored = letter_for(store, case_id, channel, lang, today)
            out[channel] = (addressee, text)
    return out


def read_plan(store: Any, case_id: int, today: date, lang: str) -> PlanView:
    """The plan of ``case_id`` on ``today`` with each rung's letter in ``lang``."""
    from walletcare.evidence import plan as core

    plan = core.build_plan(store, case_id, today, lang)
    rungs = list(_get(plan, "rungs", default=()) or ())
    nxt = _get(plan, "next")
    next_id = str(_get(nxt, "id", default=nxt)) if nxt is not None else None
    letters = _letters(store, case_id, rungs, lang, today)
    views = _named_prerequisites(
        tuple(rung_view(r, next_id, letters.get(str(_get(r, "channel", default="")), ("", ""))) for r in rungs))
    followups = tuple(f for f in (followup_view(i, today) for i in (_get(plan, "followups", default=()) or ())) if f)
    warnings = tuple(_text(w if isinstance(w, str) else _get(w, "text", "message", default=w))
                     for w in (_get(plan, "warnings", default=()) or ()))
    return PlanView(case_id=case_id, today=today, rungs=views, followups=followups, warnings=warnings,
                    playbooks=tuple(playbooks(store, case_id, lang)),
                    terms_note=_text(_get(plan, "terms_note", default="")))


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
    due = rung.closes if rung.status != "waiting" else rung.opens
    days = rung.days_left if rung.days_left is not None else ((due - view.today).days if due else None)
    return NextStep(rung.title, due, days, rung.overdue, rung.id, rung.channel)


def next_steps(store: Any, case_ids: Iterable[int], today: date) -> dict[int, NextStep]:
    """The next step of each case (a case whose plan cannot be built is left out, not failed)."""
    from walletcare.logs import log

    out: dict[int, NextStep] = {}
    for case_id in case_ids:
        try:
            step = next_step(read_plan_only(store, case_id, today))
        except Exception as exc:  # noqa: BLE001 - one case's plan must not hide the list
            log.error("plan of case %s not built: %s", case_id, type(exc).__name__, exc_info=exc)
            continue
        if step is not None:
            out[case_id] = step
    return out


def read_plan_only(store: Any, case_id: int, today: date) -> PlanView:
    """The plan without letters or playbooks (the case list)."""
    from walletcare.evidence import plan as core

    plan = core.build_plan(store, case_id, today)
    nxt = _get(plan, "next")
    next_id = str(_get(nxt, "id", default=nxt)) if nxt is not None else None
    rungs = tuple(rung_view(r, next_id) for r in (_get(plan, "rungs", default=()) or ()))
    followups = tuple(f for f in (followup_view(i, today) for i in (_get(plan, "followups", default=()) or ())) if f)
    return PlanView(case_id=case_id, today=today, rungs=rungs, followups=followups)


def next_channel(store: Any, case_id: int, today: date) -> str | None:
    """The channel of the plan's next open step (the export dialog's default), if any."""
    rung = read_plan_only(store, case_id, today).next
    return rung.channel if rung is not None else None


# -- reminders ----------------------------------------------------------------------------------------------
def due_items(store: Any, today: date, days: int) -> list[DueItem]:
    """What is due in the next ``days`` days or overdue, across cases, soonest first."""
    from walletcare.evidence import plan as core

    titles = {c.id: c.title for c in store.cases.list()}
    items = []
    for item in core.due(store, today, days) or ():
        due = _date(_get(item, "due", "date", "closes"))
        if due is None:
            continue
        case_id = int(_get(item, "case_id", default=0))
        what = _text(_get(item, "what", "title", "text", "label", default=""))
        overdue = _get(item, "overdue")
        items.append(DueItem(case_id=case_id, case_title=titles.get(case_id, ""), what=what, due=due,
                             days_left=(due - today).days,
                             overdue=bool(overdue) if overdue is not None else due < today,
                             key=f"{case_id}:{_get(item, 'rung_id', 'id', default=what)}:{due.isoformat()}"))
    return sorted(items, key=lambda i: (i.due, i.case_id))


# -- changes ------------------------------------------------------------------------------------------------
def record_submission(store: Any, case_id: int, rung_id: str, ref: str, at: datetime,
                      receipt: Path | None) -> Changes:
    """Records a submission to a rung's channel (the confirmation number, when, the receipt screenshot):
    the rung turns done and the next clock starts."""
    from walletcare.evidence import plan as core

    result = core.record_submission(store, case_id, rung_id, ref, at, receipt)
    return Changes(cases=True, evidence=receipt is not None, case_id=case_id, result=result)


def playbooks(store: Any, case_id: int, lang: str | None = None) -> list[PlaybookView]:
    """The first-hour playbooks that fit the case (empty when none), with each step's tick time; their clock
    runs from when the case was opened in WalletCare."""
    from walletcare.evidence import plan as core

    started = store.cases.get(case_id).created_at
    return [playbook_view(b, started) for b in core.playbooks(store, case_id, lang) or ()]


def tick(store: Any, case_id: int, item_id: str) -> Changes:
    """Ticks one playbook item (stamped in the audit trail); ``result`` is the time recorded."""
    from walletcare.evidence import plan as core

    result = core.tick(store, case_id, item_id)
    return Changes(cases=True, case_id=case_id, result=result)


def export_ics(store: Any, case_id: int, today: date, target: Path) -> Path:
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
