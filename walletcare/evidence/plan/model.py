"""The values a plan is made of: rungs of the escalation ladder, follow-ups, playbooks, submissions.

Every text in them is already in the language the plan was built for (``build_plan(..., lang=...)``); ids,
channel ids, statuses and dates are language-neutral, so the window, the CLI's JSON and the dossier read the
same values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from walletcare.i18n import N_

STATUSES = ("done", "open", "waiting", "overdue", "closed")
# how people read them (msgids: translate with ``walletcare.i18n._`` or ``translate``)
STATUS_NAMES = {"done": N_("Done"), "open": N_("Can do now"), "waiting": N_("Not open yet"), "overdue": N_("Overdue"),
                "closed": N_("Case closed")}
WINDOW_CLOSED = N_("Window closed")  # an overdue rung whose channel no longer takes it (``hard_close``)


@dataclass(frozen=True)
class Submission:
    """A recorded submission to one rung's channel: the confirmation number, when, and the receipt item."""

    case_id: int
    rung_id: str
    channel: str
    ref: str
    at: datetime
    evidence_id: int | None = None
    recorded_at: datetime | None = None


@dataclass(frozen=True)
class MissingItem:
    """Something a channel asks for that the case does not hold yet, and where the user enters it.

    ``field`` is a stable key of the case field (e.g. ``claimant.phone``, ``statement_date``, ``contacts``);
    ``where`` says in words where to enter it (the case page's section, or the ``case edit`` option)."""

    field: str
    label: str
    where: str


@dataclass(frozen=True)
class Rung:
    """One step of the ladder for this case.

    ``status``: ``done`` (a submission is recorded), ``open`` (can be done now), ``waiting`` (a prerequisite
    is not done, or its window has not opened yet), ``overdue`` (``closes`` passed and it is not done; with
    ``hard_close`` the channel no longer accepts it: the window closed for good), ``closed`` (the case is
    resolved or closed, nothing more to do). ``days_left`` counts
    from the plan's day to ``closes`` (negative once passed; None without a closing date). ``urgent`` steps
    are to be done at once (police, freezing an account). ``reply_due``: after a submission, when the
    channel's answer is due by its rule (a follow-up to chase)."""

    id: str
    ladder: str
    channel: str
    track: str
    order: int
    title: str
    what: str
    how: str
    opens: date | None
    closes: date | None
    status: str
    days_left: int | None
    prerequisites: tuple[str, ...]
    missing: tuple[MissingItem, ...]
    copy_sheet: tuple[tuple[str, str], ...]
    source: str
    source_url: str
    as_of: date
    rule: str
    urgent: bool = False
    hard_close: bool = False
    submission: Submission | None = None
    reply_due: date | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class FollowUp:
    """A dated promise from a contact note, or a channel's answer due after a submission.

    ``kind``: ``promise`` (from contact ``contact_id``) or ``reply`` (the answer to rung ``rung_id``).
    ``kept``: the contact's "promise kept" (None: not said yet). ``overdue``: the day passed without it."""

    kind: str
    text: str
    due: date
    overdue: bool
    days_left: int
    contact_id: int | None = None
    rung_id: str = ""
    kept: bool | None = None


@dataclass(frozen=True)
class Plan:
    """The ladder for one case on one day, in the order to follow (``next``: the step to do now)."""

    case_id: int
    today: date
    lang: str
    ladders: tuple[str, ...]
    rungs: tuple[Rung, ...]
    next: Rung | None
    followups: tuple[FollowUp, ...]
    warnings: tuple[str, ...]
    terms_note: str
    region: str = ""  # cn, hk, tw, us or "" (channels.region): the calendar's time zone for the .ics


@dataclass(frozen=True)
class DueItem:
    """Something due or overdue in one case (``due()``): a rung closing or a follow-up falling due."""

    case_id: int
    case_title: str
    kind: str  # "rung" or "followup"
    id: str  # the rung id, or "contact:<id>" / "reply:<rung id>" for a follow-up
    text: str
    due: date
    days_left: int
    overdue: bool


@dataclass(frozen=True)
class PlaybookItem:
    """One step of a first-hour playbook; ``within_minutes``: do it within this long of discovering it.
    ``ticked_at``: when the user ticked it (stamped in the audit trail), else None."""

    id: str
    text: str
    within_minutes: int
    ticked_at: datetime | None = None


@dataclass(frozen=True)
class Playbook:
    """A timed checklist for an urgent incident (wallet drained, account taken over, card fraud ...)."""

    id: str
    title: str
    summary: str
    items: tuple[PlaybookItem, ...]
    source: str
    as_of: date


def status_name(rung: Rung) -> str:
    """The msgid naming a rung's status for people (``Window closed`` for a hard deadline that passed)."""
    if rung.status == "overdue" and rung.hard_close:
        return WINDOW_CLOSED
    return STATUS_NAMES[rung.status]
