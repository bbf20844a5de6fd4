"""The dossier's Deadlines section: the case's plan (``evidence/plan``: the escalation ladder that applies,
each rung with its status, opening and closing dates, rule, source and "as of" date) after the user's own
deadlines. Dates count from the payment in dispute (``disputed_payment_day``) and the case's dates, in
working days where a rule says so; the dossier prints "check the channel's current terms" with them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from walletcare.evidence.dossier.data import DossierData, moved
from walletcare.evidence.plan.model import Plan, Submission
from walletcare.i18n import translate


@dataclass(frozen=True)
class DeadlineRow:
    """One deadline: channel, what to do, due date (None: as soon as possible), rule, whether computed."""

    channel: str
    action: str
    due: date | None
    rule: str
    estimate: bool = True
    status: str = ""  # a plan rung's status (``plan.STATUSES``), "done" for an own deadline marked done
    hard_close: bool = False  # the channel refuses it once ``due`` passed
    opens: date | None = None
    source: str = ""
    as_of: date | None = None
    rung_id: str = ""
    submission: Submission | None = None


def add_years(day: date, years: int) -> date:
    """The same calendar day ``years`` later (28 February for 29 February in a non-leap year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_business_days(day: date, count: int) -> date:
    """``count`` weekdays after ``day`` (public holidays are not known, hence an estimate)."""
    current = day
    while count > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            count -= 1
    return current


def month_end(day: date) -> date:
    """The last day of ``day``'s month (an estimate of the statement date)."""
    first_next = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first_next - timedelta(days=1)


def disputed_payment_day(data: DossierData) -> date | None:
    """The day the deadlines count from: the payment in dispute, not the first row of an imported statement
    (only the disputed transactions are looked at when the case has any).

    Among the payments of exactly the amount in dispute (else among all payments): the latest on or before
    the day the problem was noticed; without that day, the latest payment of the amount in dispute (a charge
    that recurs each month is disputed for its latest month), or else the earliest payment (nothing tells
    which; the earliest deadlines are the safe ones). Without payments: the first transaction, else the day
    the case was opened.
    """
    case = data.case
    disputed = [tx for tx in data.transactions if tx.role == "disputed"] or list(data.transactions)
    outgoing = sorted(((tx.time.date(), tx) for tx in disputed if tx.direction == "out" and moved(tx)),
                      key=lambda pair: pair[0])
    matching = [day for day, tx in outgoing if case.amount is not None and tx.amount == case.amount
                and (not case.currency or tx.currency.upper() == case.currency.upper())]
    pool = matching or [day for day, _tx in outgoing]
    if not pool:
        return min(tx.time.date() for tx in data.transactions) if data.transactions else case.opened
    if case.discovered is not None:
        before = [day for day in pool if day <= case.discovered]
        if before:
            return before[-1]
    return pool[-1] if matching else pool[0]


def plan_of(data: DossierData, lang: str, today: date) -> Plan:
    """The case's plan (``evidence/plan``) from the dossier's values: the disputed payments (all printed ones
    when none is marked disputed), the contacts and the recorded submissions."""
    from walletcare.evidence.plan.engine import plan_for

    disputed = tuple(tx for tx in data.transactions if tx.role == "disputed") or data.transactions
    submissions = {s.rung_id: s for s in data.submissions}
    return plan_for(data.case, disputed, data.contacts, submissions, today, lang)


def compute(data: DossierData, lang: str, today: date) -> list[DeadlineRow]:
    """The deadline rows for the dossier: the user's own deadlines, then each rung of the case's plan in the
    ladder's order with its status, opening and closing dates, rule, source and "as of" date. Only the
    channels that apply to the case appear (an Alipay case in mainland China has no PayPal, CFPB or 12378 row).

    Args:
        data: The case and its records.
        lang: The dossier language (channel names and rules are written in it).
        today: The export date (statuses such as "overdue" are counted from it).
    """
    t = lang
    rows: list[DeadlineRow] = [
        DeadlineRow(translate("Your own deadline", t), d.label, d.due, translate("Entered in the case", t), estimate=False,
                    status="done" if d.done else "")
        for d in sorted(data.case.deadlines, key=lambda d: (d.due, d.label))
    ]
    plan = plan_of(data, lang, today)
    for rung in plan.rungs:
        rows.append(DeadlineRow(rung.title, rung.what, rung.closes, rung.rule, status=rung.status, opens=rung.opens,
                                source=rung.source, as_of=rung.as_of, rung_id=rung.id, submission=rung.submission,
                                hard_close=rung.hard_close))
    return rows
