"""The plan's dates as an iCalendar file (RFC 5545, written with the ``icalendar`` library), so a phone
calendar reminds the user without any network: one all-day event per closing date of a rung not done, per
opening date of a rung still waiting, and per follow-up, each with a reminder (VALARM) the day before. The
calendar names the time zone of the rules' region (``X-WR-TIMEZONE``, e.g. Asia/Shanghai for mainland
rules): a deadline is a calendar day there, so the events are dates, not times."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from walletcare.evidence.plan.workdays import TIME_ZONES
from walletcare.i18n import translate

if TYPE_CHECKING:
    from walletcare.evidence.plan.model import Plan

PRODID = "-//WalletCare//Plan//EN"


def _zone(plan: Plan) -> str:
    """The case's region's zone, else the zone of its first ladder's calendar, else UTC."""
    import walletcare.evidence.plan.rules as rules

    if plan.region in TIME_ZONES:
        return TIME_ZONES[plan.region]
    for ladder in rules.ladders():
        if ladder.id in plan.ladders:
            return TIME_ZONES.get(ladder.calendar, "UTC")
    return "UTC"


def _uid(plan: Plan, key: str) -> str:
    digest = hashlib.sha256(f"{plan.case_id}:{key}".encode()).hexdigest()[:24]
    return f"{digest}@walletcare.plan"


def plan_ics(plan: Plan, stamp: datetime | None = None) -> bytes:
    """The iCalendar bytes of ``plan`` (texts in the plan's language). ``stamp`` is the DTSTAMP (default now)."""
    from icalendar import Alarm, Calendar, Event

    from walletcare.evidence.records import now

    t = plan.lang
    stamp = stamp or now()
    zone = _zone(plan)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", translate("WalletCare case {id}", t).format(id=plan.case_id))
    cal.add("x-wr-timezone", zone)
    note = plan.terms_note

    def event(key: str, summary: str, day: object, description: str) -> None:
        ev = Event()
        ev.add("uid", _uid(plan, key))
        ev.add("dtstamp", stamp)
        ev.add("summary", summary)
        ev.add("dtstart", day)
        if not isinstance(day, datetime):
            ev.add("dtend", day + timedelta(days=1))  # type: ignore[operator]
        else:
            ev.add("dtend", day + timedelta(minutes=30))
        ev.add("description", description)
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", timedelta(days=-1))
        ev.add_component(alarm)
        cal.add_component(ev)

    for rung in plan.rungs:
        if rung.status == "done" or rung.status == "closed":
            continue
        source = f"{rung.source} ({translate('as of', t)} {rung.as_of.isoformat()})"
        if rung.closes is not None:
            event(f"{rung.id}:closes", translate("Last day: {what}", t).format(what=rung.title), rung.closes,
                  "\n".join(p for p in (rung.what, rung.how, rung.rule, source, note) if p))
        if rung.status == "waiting" and rung.opens is not None and rung.opens > plan.today:
            event(f"{rung.id}:opens", translate("Can be done from today: {what}", t).format(what=rung.title),
                  rung.opens, "\n".join(p for p in (rung.what, rung.how, source, note) if p))
    for f in plan.followups:
        if f.kept is True:
            continue
        key = f"contact:{f.contact_id}" if f.kind == "promise" else f"reply:{f.rung_id}"
        event(key, translate("Follow up: {what}", t).format(what=f.text), f.due, note)
    data: bytes = cal.to_ical()
    return data
