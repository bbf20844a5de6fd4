"""Channel deadlines computed from a case's dates (``spec/dossier.md``, "What the channels ask for").

Each row names the channel, what must be done by when, and the rule it comes from; dates count from the
payment in dispute (``disputed_payment_day``). Every computed date is
an estimate (statement dates, business days and complaint dates are guessed from the case) and the dossier
says so: "estimate — check with the channel". Channels are picked by the case's currencies, provider and
kind; when none matches, every channel with a known starting date is listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from walletcare.evidence.dossier.data import DossierData, moved
from walletcare.i18n import translate


@dataclass(frozen=True)
class DeadlineRow:
    """One deadline: channel, what to do, due date (None: as soon as possible), rule, whether computed."""

    channel: str
    action: str
    due: date | None
    rule: str
    estimate: bool = True


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


def _channels(data: DossierData) -> set[str]:
    case = data.case
    currencies = {t.currency.upper() for t in data.transactions} | ({case.currency.upper()} if case.currency else set())
    provider = f"{case.provider} {case.respondent.organisation}".lower()
    found: set[str] = set()
    if "paypal" in provider:
        found |= {"paypal", "us"}
    if "USD" in currencies:
        found.add("us")
    if case.linked_card or any(w in provider for w in ("visa", "mastercard", "card", "信用卡")):
        found.add("card")
    if "CNY" in currencies or "RMB" in currencies or any(w in provider for w in ("alipay", "wechat", "支付宝", "微信")):
        found.add("cn")
    if "HKD" in currencies:
        found.add("hk")
    if "TWD" in currencies or "NTD" in currencies:
        found.add("tw")
    if case.kind == "crypto":
        found.add("crypto")
    return found or {"paypal", "us", "card", "cn", "hk", "tw"}


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


def compute(data: DossierData, lang: str, today: date) -> list[DeadlineRow]:
    """The deadline rows for the dossier, sorted by due date (as-soon-as-possible rows first).

    Args:
        data: The case and its records.
        lang: The dossier language (channel names and rules are written in it).
        today: The export date (a stand-in for "if you file now" rules such as the CFPB's).
    """
    t = lang
    case = data.case
    paid = disputed_payment_day(data)
    complained = min((c.at.date() for c in data.contacts), default=None)
    rows: list[DeadlineRow] = [
        DeadlineRow(translate("Your own deadline", t), d.label, d.due, translate("Entered in the case", t), estimate=False)
        for d in case.deadlines
    ]
    channels = _channels(data)
    if "paypal" in channels and paid:
        rows.append(DeadlineRow("PayPal", translate("Open a dispute", t), paid + timedelta(days=180),
                                translate("PayPal: a dispute must be opened within 180 days of the payment.", t)))
        if complained:
            rows.append(DeadlineRow("PayPal", translate("Escalate the dispute to a claim", t), complained + timedelta(days=20),
                                    translate("PayPal: a dispute not escalated to a claim within 20 days closes for good "
                                              "(counted here from your first contact).", t)))
    if "us" in channels and paid:
        rows.append(DeadlineRow(translate("Bank or transfer provider (US Regulation E)", t),
                                translate("Report the error in writing", t), month_end(paid) + timedelta(days=60),
                                translate("Regulation E: within 60 days of the first statement showing the error "
                                          "(statement date taken as the end of the payment's month).", t)))
        if complained:
            rows.append(DeadlineRow(translate("Bank or transfer provider (US Regulation E)", t),
                                    translate("Institution's decision expected", t), add_business_days(complained, 10),
                                    translate("Regulation E: 10 business days, or 45 days with provisional credit "
                                              "(90 for new accounts, point of sale or foreign transfers).", t)))
        rows.append(DeadlineRow("CFPB", translate("Company response if you file today", t), today + timedelta(days=15),
                                translate("CFPB: companies answer in 15 days and close most complaints within 60; "
                                          "you then have 60 days to give feedback.", t)))
    if "card" in channels and paid:
        rows.append(DeadlineRow(translate("Card issuer (chargeback)", t), translate("Ask the issuer for a chargeback", t),
                                paid + timedelta(days=120),
                                translate("Card networks: usually 120 days from the transaction, 75 days for "
                                          "authorization problems; for goods not received with no delivery date, "
                                          "wait 15 days first.", t)))
    if "cn" in channels and paid:
        rows.append(DeadlineRow(translate("12315 (market regulator)", t), translate("Last day to file", t), add_years(paid, 3),
                                translate("12315: complaints are not accepted more than 3 years after the event; "
                                          "acceptance is decided in 7 working days.", t)))
    if "cn" in channels and complained:
        rows.append(DeadlineRow(translate("Bank or payment institution", t), translate("Reply to your complaint expected", t),
                                complained + timedelta(days=15),
                                translate("Banks and insurers (12378): 15 days, 30 for complex cases; complain to the "
                                          "institution first, then to 12363 (central bank).", t)))
    if "hk" in channels:
        if complained:
            rows.append(DeadlineRow("FDRC", translate("You may apply to the FDRC from", t), complained + timedelta(days=60),
                                    translate("Hong Kong FDRC: after a written complaint got a final reply, or no reply "
                                              "in 60 days.", t)))
        if paid:
            rows.append(DeadlineRow("FDRC", translate("Last day to apply", t), add_years(paid, 2),
                                    translate("Hong Kong FDRC: within 24 months of the event, up to HK$1,000,000.", t)))
    if "tw" in channels and complained:
        reply = complained + timedelta(days=30)
        rows.append(DeadlineRow(translate("Financial firm (Taiwan)", t), translate("Reply to your complaint expected", t), reply,
                                translate("Taiwan: the firm has 30 days to reply.", t)))
        rows.append(DeadlineRow(translate("Financial Ombudsman Institution (FOI)", t), translate("Last day to apply", t),
                                reply + timedelta(days=60),
                                translate("Taiwan FOI: apply within 60 days after no reply in 30 days or an unsatisfying "
                                          "reply, with a signed form and an ID copy.", t)))
    if "crypto" in channels:
        rows.append(DeadlineRow(translate("Police", t), translate("Report the theft or scam", t), None,
                                translate("Crypto fraud: report to the police first (110 in mainland China; IC3 and local "
                                          "police in the US). A receiving exchange can freeze funds only if told within "
                                          "hours, with the transaction hash and a police report number.", t)))
    return sorted(rows, key=lambda r: (r.due is not None, r.due or date.min, r.channel, r.action))
