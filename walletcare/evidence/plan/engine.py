"""Builds a case's plan from its values: which ladders apply, each rung's dates and status, the follow-ups
from contact notes and submissions, the warnings. Pure: the store is read by ``build_plan`` in
``__init__.py``; the dossier calls ``plan_for`` with the values it already holds."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import walletcare.evidence.plan.rules as rules
from walletcare.evidence.dossier.classification import ISSUES, issue_key, issue_name, mapping
from walletcare.evidence.models import COMPLAINT_PARTIES, Case, Contact, Transaction
from walletcare.evidence.plan.fields import FIELDS, CaseView
from walletcare.evidence.plan.model import FollowUp, MissingItem, Plan, Rung, Submission
from walletcare.evidence.plan.promises import find_promise
from walletcare.evidence.plan.workdays import add_months, add_working_days, unknown_years
from walletcare.i18n import normalize, translate

_ANCHOR_FIELDS = {"payment": "payment.date", "statement": "statement_date", "expected_delivery": "expected_delivery",
                  "first_complaint": "first_complaint", "final_reply": "final_reply"}
_LOSS_ISSUES = frozenset({"unauthorized", "scam", "not_received", "money_not_available", "refund_not_received",
                          "wrong_amount", "duplicate"})
_UNIONPAY = ("unionpay", "银联", "銀聯")
URGENT_WINDOW = 14  # days: a hard deadline this close comes before the ladder's order


@dataclass(frozen=True)
class Facts:
    """What decides which ladders and rungs apply."""

    family: str
    region: str
    kind: str
    issue: str
    card: bool


def facts_of(case: Case, transactions: Iterable[Transaction]) -> Facts:
    """The case's provider family, region, kind, primary issue and whether a card paid."""
    from walletcare.evidence.channels import region
    from walletcare.evidence.importers.provider_check import case_family

    txs = list(transactions)
    card_text = f"{case.card_network} {case.linked_card}".lower()
    # the chargeback rules of the facts are the international networks'; a UnionPay card is left to its bank
    card = bool(case.linked_card or case.card_network or case.card_last4) and not any(
        word in card_text for word in _UNIONPAY)
    return Facts(case_family(case), region(case, txs), case.kind, issue_key(case.classification), card)


def matches(cond: dict[str, Any], facts: Facts) -> bool:
    """Whether ``facts`` meet every condition of a rule's ``applies`` / ``when`` mapping."""
    checks = {"families": facts.family, "regions": facts.region, "kinds": facts.kind, "issues": facts.issue}
    for key, value in checks.items():
        if key in cond and value not in [str(v) for v in cond[key]]:
            return False
    if "not_issues" in cond and facts.issue in cond["not_issues"]:
        return False
    if "not_families" in cond and facts.family in cond["not_families"]:
        return False
    return not ("card" in cond and bool(cond["card"]) != facts.card)


def payment_day(case: Case, transactions: tuple[Transaction, ...]) -> date | None:
    """The day of the payment in dispute (see ``walletcare.evidence.dispute.payment_day``), None without one."""
    if not transactions:
        return None
    from walletcare.evidence.dispute import payment_day as disputed_day

    return disputed_day(case, transactions)


class _Dates:
    """Evaluates date rules for one ladder of one case (memoising rungs' reply dates)."""

    def __init__(self, view: CaseView, ladder: rules.LadderRule, subs: dict[str, Submission],
                 first_complaint: date | None) -> None:
        self.view, self.ladder, self.subs = view, ladder, subs
        self.first_complaint = first_complaint
        self.missing: set[str] = set()
        self.used: list[date] = []

    def anchor(self, name: str) -> date | None:
        case = self.view.case
        kind, _sep, target = name.partition(":")
        if kind == "submitted":
            sub = self.subs.get(f"{self.ladder.id}.{target}")
            return sub.at.date() if sub else None
        if kind == "reply":
            rung = next((r for r in self.ladder.rungs if r.local == target), None)
            return self.eval(rung.reply) if rung is not None else None
        value = {"payment": self.view.payment_day, "statement": case.statement_date,
                 "expected_delivery": case.expected_delivery, "first_complaint": self.first_complaint,
                 "final_reply": case.final_reply, "discovered": case.discovered}.get(name)
        if value is None and name in _ANCHOR_FIELDS:
            self.missing.add(_ANCHOR_FIELDS[name])
        return value

    def eval(self, rule: Any) -> date | None:
        if rule is None:
            return None
        for combo in ("earliest", "latest", "first"):
            if combo in rule:
                found = [d for d in (self.eval(part) for part in rule[combo]) if d is not None]
                if not found:
                    return None
                return min(found) if combo == "earliest" else max(found) if combo == "latest" else found[0]
        anchors = rule["from"] if isinstance(rule["from"], list) else [rule["from"]]
        start = None
        for name in anchors:
            start = self.anchor(str(name))
            if start is not None:
                break
        if start is None:
            return None
        if "working_days" in rule:
            result = add_working_days(start, int(rule["working_days"]), rule.get("calendar", self.ladder.calendar))
            self.used += [start, result]
            return result
        if "months" in rule:
            return add_months(start, int(rule["months"]))
        if "years" in rule:
            return add_months(start, 12 * int(rule["years"]))
        return start + timedelta(days=int(rule.get("days", 0)))


def _pick(texts: dict[str, str], lang: str) -> str:
    return texts.get(lang) or texts["en"]


def _first_complaint(case: Case, contacts: tuple[Contact, ...], subs: dict[str, Submission]) -> date | None:
    if case.first_complaint:
        return case.first_complaint
    days = [s.at.date() for s in subs.values() if s.channel in ("merchant", "platform")]
    days += [c.at.date() for c in contacts if c.party in COMPLAINT_PARTIES]
    return min(days, default=None)


def _status(sub: Submission | None, waiting_for: list[str], opens: date | None, closes: date | None, today: date,
            case_closed: bool) -> str:
    if sub is not None:
        return "done"
    if case_closed:
        return "closed"
    if closes is not None and closes < today:
        return "overdue"
    if waiting_for or (opens is not None and opens > today):
        return "waiting"
    return "open"


# the channel families of ``classification.mapping`` whose own category names the copy-sheet gives
_CATEGORY_FAMILY = {"card": "card", "paypal": "paypal", "reg-e": "reg-e", "cfpb": "cfpb"}


def problem_category(classification: str, channel: str, lang: str) -> str:
    """The case's problem as a channel's form asks for it: the channel's own category where the classification
    maps to one (a card reason code, PayPal's reason ...), else the problem in words; free text as typed,
    never a raw key such as ``not_received``."""
    issue = issue_key(classification)
    if not issue or classification.strip().lower() not in ISSUES:
        return classification.strip()
    family = _CATEGORY_FAMILY.get(channel)
    if family is not None:
        rows = mapping(issue, lang, frozenset({family}))
        if rows:
            return rows[0][1]
    return issue_name(issue, lang)


def _pack(channel: str, view: CaseView, lang: str) -> tuple[tuple[MissingItem, ...], tuple[tuple[str, str], ...]]:
    missing, sheet = [], []
    for key in rules.packs().get(channel, ()):
        field = FIELDS[key]
        value = field.read(view).strip()
        if key == "classification":
            value = problem_category(value, channel, lang)
        label = translate(field.label, lang)
        sheet.append((label, value))
        if not value:
            missing.append(MissingItem(key, label, translate(field.where, lang)))
    return tuple(missing), tuple(sheet)


def _followups(case: Case, contacts: tuple[Contact, ...], rungs: list[Rung], calendar: str, today: date,
               lang: str, used: list[date]) -> list[FollowUp]:
    """Promises from contact notes and answers due after submissions (``used`` receives the dates a
    working-day count spanned)."""
    out: list[FollowUp] = []
    for contact in contacts:
        text = contact.promised.strip()
        due: date | None = contact.follow_up
        if due is None and text:
            promise = find_promise(text)
            if promise is not None:
                start = contact.at
                if promise.unit == "hours":
                    due = (start + timedelta(hours=promise.count)).date()
                elif promise.unit == "working_days":
                    due = add_working_days(start.date(), promise.count, calendar)
                    used += [start.date(), due]
                else:
                    due = start.date() + timedelta(days=promise.count)
        if due is None:
            continue
        kept = contact.promise_kept
        label = text or contact.summary[:80]
        out.append(FollowUp("promise", label, due, kept is not True and due < today, (due - today).days,
                            contact_id=contact.id, kept=kept))
    answered = case.final_reply
    for rung in rungs:
        if rung.reply_due is None or rung.submission is None:
            continue
        if answered is not None and answered >= rung.submission.at.date():
            continue
        later_done = any(r.ladder == rung.ladder and r.order > rung.order and r.status == "done" for r in rungs)
        if later_done:
            continue
        text = translate("Answer due from: {channel}", lang).format(channel=rung.title)
        out.append(FollowUp("reply", text, rung.reply_due, rung.reply_due < today, (rung.reply_due - today).days,
                            rung_id=rung.id))
    return sorted(out, key=lambda f: (f.due, f.kind, f.contact_id or 0, f.rung_id))


def _has_loss(case: Case, facts: Facts, transactions: tuple[Transaction, ...]) -> bool:
    if case.amount is not None and case.amount != 0:
        return True
    if facts.kind == "crypto" or facts.issue in _LOSS_ISSUES:
        return True
    return any(tx.direction == "out" for tx in transactions)


def recovery_warning(lang: str) -> str:
    """The standing warning shown with every case that lost money."""
    return translate("Anyone who offers to recover your money for a fee, a deposit or “taxes” is running a second "
                     "scam: real police, regulators and banks never charge to get funds back. Never pay a "
                     "“recovery” service and never share a recovery phrase, password or verification code.", lang)


def terms_note(lang: str) -> str:
    """The note printed next to every computed date."""
    return translate("Check the channel's current terms: these dates are computed from the rules as of the date "
                     "shown and from what the case holds.", lang)


def plan_for(case: Case, transactions: Iterable[Transaction], contacts: Iterable[Contact],
             submissions: dict[str, Submission], today: date, lang: str) -> Plan:
    """The plan of a case from its values (``transactions``: the disputed ones)."""
    lang = normalize(lang) or "en"
    txs = tuple(transactions)
    contacts_t = tuple(sorted(contacts, key=lambda c: (c.at, c.id)))
    facts = facts_of(case, txs)
    view = CaseView(case, txs, contacts_t, payment_day(case, txs))
    first = _first_complaint(case, contacts_t, submissions)
    warnings: list[str] = []
    rungs: list[Rung] = []
    applied: list[str] = []
    calendars: dict[str, list[date]] = {}
    for ladder in rules.ladders():
        if not matches(ladder.applies, facts):
            continue
        applied.append(ladder.id)
        dates = _Dates(view, ladder, submissions, first)
        present = [r for r in ladder.rungs if matches(r.when, facts)]
        local_ids = {r.local for r in present}
        for rule in present:
            sub = submissions.get(rule.id)
            opens = dates.eval(rule.opens)
            if rule.opens is None and rule.prerequisites:  # a step after others opens when they are all done
                before = [submissions.get(f"{ladder.id}.{p}") for p in rule.prerequisites if p in local_ids]
                if before and all(before):
                    opens = max(b.at.date() for b in before if b is not None)
            closes = dates.eval(rule.closes)
            reply_due = dates.eval(rule.reply) if sub is not None else None
            # a step whose window closed for good no longer holds the next one back: the later channel (the
            # CFPB after a PayPal claim not escalated in time) is where the user can still go
            missed = {r.id for r in rungs if r.ladder == ladder.id and r.status == "overdue" and r.hard_close}
            waiting_for = [f"{ladder.id}.{p}" for p in rule.prerequisites
                           if p in local_ids and f"{ladder.id}.{p}" not in submissions
                           and f"{ladder.id}.{p}" not in missed]
            status = _status(sub, waiting_for, opens, closes, today, case.status in ("resolved", "closed"))
            status, closes = _closed_with(rule.closes, ladder.id, [r for r in rungs if r.id in missed],
                                          status, closes)
            missing, sheet = _pack(rule.channel, view, lang)
            notes: list[str] = []
            if rule.closes is not None and closes is None and sub is None:
                # the case fields the closing date would count from (a clock that starts at a submission needs none)
                needs = [k for k in dict.fromkeys(_anchor_fields(rule.closes)) if k in dates.missing and k in FIELDS]
                for key in needs:
                    if key not in {m.field for m in missing}:
                        missing += (MissingItem(key, translate(FIELDS[key].label, lang),
                                                translate(FIELDS[key].where, lang)),)
                if needs:
                    notes.append(translate("The closing date cannot be computed until the case has: {fields}.",
                                           lang).format(fields=", ".join(translate(FIELDS[k].label, lang)
                                                                         for k in needs)))
            rungs.append(Rung(
                id=rule.id, ladder=ladder.id, channel=rule.channel, track=rule.track, order=rule.order,
                title=_pick(rule.title, lang), what=_pick(rule.what, lang), how=_pick(rule.how, lang), opens=opens,
                closes=closes, status=status, days_left=(closes - today).days if closes else None,
                prerequisites=tuple(f"{ladder.id}.{p}" for p in rule.prerequisites if p in local_ids),
                missing=missing, copy_sheet=sheet, source=_pick(rule.source, lang), source_url=rule.source_url, as_of=rule.as_of,
                rule=_pick(rule.rule, lang), urgent=rule.urgent, hard_close=rule.hard_close, submission=sub,
                reply_due=reply_due, notes=tuple(notes)))
        calendars.setdefault(ladder.calendar, []).extend(dates.used)
    main_calendar = next((lad.calendar for lad in rules.ladders() if lad.id in applied), "cn")
    followups = _followups(case, contacts_t, rungs, main_calendar, today, lang,
                           calendars.setdefault(main_calendar, []))
    for calendar, used in calendars.items():
        years = sorted({y for y in unknown_years(calendar, min(used), max(used))}) if used else []
        if years:
            warnings.append(translate("The official mainland holiday schedule for {years} is not known to this "
                                      "version; working days in it are counted from a provisional calendar. "
                                      "Check the dates with the channel.", lang).format(
                years=", ".join(str(y) for y in years)))
    if _has_loss(case, facts, txs):
        warnings.insert(0, recovery_warning(lang))
    if view.payment_day is None:
        warnings.append(translate("Add the disputed payment to the case (Transactions), or mark it as disputed "
                                  "among the imported rows: the deadlines that count from it cannot be computed "
                                  "without it.", lang))
    if not applied:
        warnings.append(translate("No escalation ladder matches this case yet: set its provider, currency and "
                                  "problem so the plan can pick the channels.", lang))
    rungs.sort(key=lambda r: (applied.index(r.ladder), r.order, r.id))
    return Plan(case_id=case.id, today=today, lang=lang, ladders=tuple(applied), rungs=tuple(rungs),
                next=next_rung(rungs), followups=tuple(followups), warnings=tuple(warnings),
                terms_note=terms_note(lang), region=facts.region)


def _closed_with(closes_rule: Any, ladder: str, missed: list[Rung], status: str,
                 closes: date | None) -> tuple[str, date | None]:
    """``(status, closes)`` of a step: one not done (nor the case closed) that counts from a missed step's
    submission (a PayPal claim escalates a dispute that was never opened) can never be done either, it closed
    when that step did."""
    if status in ("done", "closed"):
        return status, closes
    anchored = {f"{ladder}.{p}" for p in _submission_anchors(closes_rule)}
    gone = [r.closes for r in missed if r.id in anchored and r.closes is not None]
    return ("overdue", max(gone)) if gone else (status, closes)


def _submission_anchors(rule: Any) -> set[str]:
    """The steps (local ids) whose submission a date rule counts from (``from: "submitted:dispute"``)."""
    if rule is None:
        return set()
    for combo in ("earliest", "latest", "first"):
        if combo in rule:
            return {k for part in rule[combo] for k in _submission_anchors(part)}
    anchors = rule["from"] if isinstance(rule["from"], list) else [rule["from"]]
    return {a.split(":", 1)[1] for a in anchors if isinstance(a, str) and a.startswith("submitted:")}


def _anchor_fields(rule: Any) -> list[str]:
    """The case fields (``_ANCHOR_FIELDS`` values) a date rule may count from."""
    if rule is None:
        return []
    for combo in ("earliest", "latest", "first"):
        if combo in rule:
            return [k for part in rule[combo] for k in _anchor_fields(part)]
    anchors = rule["from"] if isinstance(rule["from"], list) else [rule["from"]]
    return [_ANCHOR_FIELDS[a] for a in anchors if a in _ANCHOR_FIELDS]


def next_rung(rungs: Iterable[Rung]) -> Rung | None:
    """The step to do now, among the open ones and those overdue that the channel still takes: urgent ones
    first, then a hard deadline within ``URGENT_WINDOW`` days, then the ladder's order, then the earliest
    closing date."""
    candidates = [r for r in rungs if r.status == "open" or (r.status == "overdue" and not r.hard_close)]
    if not candidates:
        return None

    def key(r: Rung) -> tuple[Any, ...]:
        pressing = r.hard_close and r.days_left is not None and r.days_left <= URGENT_WINDOW
        return (not r.urgent, not pressing, r.order, r.closes or date.max, r.id)

    return min(candidates, key=key)


def now_utc() -> datetime:
    """The current time (UTC); a seam for callers that record marks."""
    from walletcare.evidence.records import now

    return now()
