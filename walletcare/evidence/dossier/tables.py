"""The tabular sections of the dossier: timeline, transactions with totals per currency, contact log and
deadlines. Rows are sorted (time, then id) so the same case always prints the same way.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import MAX_PREC, Decimal, localcontext
from typing import Any

from reportlab.platypus import KeepTogether, PageBreak, Spacer

from walletcare.evidence.chats import chat_summary, stamp
from walletcare.evidence.dossier.data import moved, totals_by_currency
from walletcare.evidence.dossier.deadlines import compute
from walletcare.evidence.dossier.labels import (
    contact_kind,
    contact_party,
    detail_names,
    direction,
    format_amount,
    format_date,
    format_datetime,
    format_short_datetime,
    provider_name,
    reference_kind,
    yes_no,
)
from walletcare.evidence.dossier.manifest import exhibit_label
from walletcare.evidence.dossier.outline import dated_lines_of
from walletcare.evidence.dossier.sections import Sheet
from walletcare.evidence.models import Contact
from walletcare.i18n import translate

_CRYPTO_KEYS = ("from", "to", "token", "network", "confirmations")


def _aware(day: date, s: Sheet) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=s.exported_at.tzinfo)


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def dated_lines(text: str, s: Sheet) -> list[tuple[datetime, str, bool]]:
    """Lines of free text that start with ``YYYY-MM-DD`` (optionally ``HH:MM``): the timeline's dated items,
    each with whether it gave a time."""
    found = []
    for day, clock, rest in dated_lines_of(text):
        when = _aware(day, s)
        if clock:
            when = when.replace(hour=int(clock[:2]), minute=int(clock[3:]))
        found.append((when, rest.strip(), bool(clock)))
    return found


def timeline(s: Sheet) -> list[Any]:
    """Section 5: every dated item in one chronological table (several transactions of a day share a row).
    Times are printed in the zone of the export, so the rows read in order even when a wallet export is in
    UTC and the contact notes in local time; an item known only by its date is printed without a time."""
    t, k, data = s.lang, s.kit, s.data
    items: list[tuple[datetime, int, int, str, str]] = []
    day_only: set[tuple[int, int, str]] = set()  # (order, id, what) of items with a date and no time
    by_day: dict[date, list[Any]] = {}
    for tx in data.transactions:
        by_day.setdefault(tx.time.date(), []).append(tx)
    for day_txs in by_day.values():
        if len(day_txs) == 1:
            tx = day_txs[0]
            what = " · ".join(p for p in (format_amount(tx.amount, tx.currency), _short(tx.counterparty, 60), tx.status) if p)
            items.append((tx.time, 1, tx.id, f"{detail_names(t)['transaction']} #{tx.id}", what))
            continue
        sums = {way: totals_by_currency(day_txs, way) for way in ("out", "in")}  # paid out and received, never netted
        ids = ", ".join(f"#{tx.id}" for tx in day_txs[:12]) + (" …" if len(day_txs) > 12 else "")
        parts = [f"{translate(label, t)} {'; '.join(format_amount(v, k) for k, v in sums[way].items())}"
                 for way, label in (("out", "Paid out"), ("in", "Received")) if sums[way]]
        what = translate("{count} transactions ({sums}): {ids}", t).format(
            count=len(day_txs), sums=", ".join(parts) or "—", ids=ids)
        items.append((day_txs[0].time, 1, day_txs[0].id, translate("Transactions", t), what))
    for c in data.contacts:
        items.append((c.at, 2, c.id, f"{translate('Contact', t)} · {contact_kind(c.kind, t)}", _short(chat_summary(c.summary, t))))
    for index, ex in enumerate(data.exhibits):
        when = ex.evidence.captured_at or ex.evidence.added_at
        items.append((when, 3, ex.evidence.id, f"{translate('Exhibit', t)} {exhibit_label(index)}",
                      _short(ex.evidence.caption or ex.evidence.file_name)))
    if data.case.discovered:
        items.append((_aware(data.case.discovered, s), 0, 0, translate("Problem discovered", t), ""))
        day_only.add((0, 0, ""))
    for order, text_field, label in ((4, data.case.security_actions, "Security action"),
                                     (5, data.case.reports_filed, "Report filed")):
        for when, text, timed in dated_lines(text_field, s):
            items.append((when, order, 0, translate(label, t), _short(text)))
            if not timed:
                day_only.add((order, 0, _short(text)))
    if not items:
        return []
    items.sort(key=lambda i: (i[0], i[1], i[2], i[4]))
    zone = s.exported_at.tzinfo
    rows = [(f"{when:%Y-%m-%d}" if (order, ident, what) in day_only else format_short_datetime(when.astimezone(zone), t),
             kind, what) for when, order, ident, kind, what in items]
    header = [translate("Date and time", t), translate("Item", t), translate("What", t)]
    return [k.heading(translate("Timeline", t)), k.table(header, rows, (1.2, 1.5, 4.5)), Spacer(1, 8)]


def _references(tx: Any, t: str) -> str:
    # the label on its own line: an order number keeps a line to itself and is not cut
    return "\n".join(f"{reference_kind(r.kind, t)}:\n{r.value}" for r in tx.references)


def _details(tx: Any, t: str) -> str:
    names = detail_names(t)
    parts = [tx.counterparty]
    if tx.channel:
        parts.append(f"{names['method']}: {tx.channel}")
    extra = dict(tx.extra)
    parts += [f"{names[key]}: {extra[key]}" for key in ("from", "to") if extra.get(key)]
    parts.append(" · ".join(f"{names[key]}: {extra[key]}" for key in _CRYPTO_KEYS[2:] if extra.get(key)))
    if tx.description:
        parts.append(tx.description)
    if tx.note:
        parts.append(f"{names['note']}: {tx.note}")
    return "\n".join(p for p in parts if p)


def _tx_table(s: Sheet, txs: list[Any]) -> list[Any]:
    """One table of transactions, and the entries too long for a row printed whole below it."""
    t, k = s.lang, s.kit
    rows = [
        (str(tx.id), format_short_datetime(tx.time, t), direction(tx.direction, t), format_amount(tx.amount, tx.currency),
         format_amount(tx.fee, tx.currency) if tx.fee is not None else "", tx.status, _references(tx, t), _details(tx, t))
        for tx in txs
    ]
    header = [translate("No.", t), translate("Time", t), translate("Type", t), translate("Amount", t),
              translate("Fee", t), translate("Status", t), translate("References", t), translate("Counterparty and details", t)]
    cut: list[int] = []
    table = k.table(header, rows, (0.45, 1.3, 0.55, 1.2, 0.7, 0.75, 2.6, 1.8), size=7,
                    extra_style=[("ALIGN", (3, 1), (4, -1), "RIGHT")], cut=cut)
    whole: list[Any] = []
    if cut:  # texts too long for a table row: printed whole here, so nothing is left out
        whole = [k.para(translate("Long entries in full", t), "h2")]
        for n in cut:
            tx = txs[n]
            whole += [k.para(f"#{tx.id} · {_details(tx, t)}".replace("\n", " · "), "small"), Spacer(1, 3)]
    return [table, Spacer(1, 8), *whole]


def _totals(s: Sheet, txs: list[Any]) -> list[Any]:
    """Totals per currency and direction of the disputed transactions, saying that only they are counted."""
    t, k = s.lang, s.kit
    totals: dict[str, list[Any]] = {}
    with localcontext(prec=MAX_PREC):  # exact sums (see totals_by_currency)
        for tx in txs:
            row = totals.setdefault(tx.currency, [0, Decimal(0), Decimal(0), Decimal(0)])
            row[0] += 1
            column = {"out": 1, "in": 2}.get(tx.direction) if moved(tx) else None  # a failed transfer moved nothing
            if column:
                row[column] += tx.amount.copy_abs()
            row[3] += tx.fee or Decimal(0)
        # (printed as the amounts above are: at least two decimals, ``42,845.00`` not ``42,845.0`` or ``0``)
        total_rows = [(cur, str(n), format_amount(out, ""), format_amount(inc, ""), format_amount(fee, ""),
                       format_amount(inc - out - fee, "")) for cur, (n, out, inc, fee) in sorted(totals.items())]
    total_header = [translate("Currency", t), translate("Count", t), translate("Paid out", t), translate("Received", t),
                    translate("Fees", t), translate("Net (received − paid − fees)", t)]
    total_table = k.table(total_header, total_rows, (1, 0.7, 1.4, 1.4, 1.1, 1.8), size=8.5,
                          extra_style=[("ALIGN", (1, 1), (-1, -1), "RIGHT")])
    note = translate("These totals count only the disputed transactions ({count}); context rows and the other rows "
                     "of imported statements are not included.", t).format(count=len(txs))
    return [KeepTogether([k.para(translate("Totals per currency", t), "h2"), total_table, Spacer(1, 2),
                          k.para(note, "small")]), Spacer(1, 8)]


def transactions(s: Sheet) -> list[Any]:
    """Section 6: the disputed transactions with their totals per currency and direction, then the context
    rows (statement records are summarised in ``statements`` and printed in full only in the appendix)."""
    t, k, data = s.lang, s.kit, s.data
    disputed = [tx for tx in data.transactions if tx.role == "disputed"]
    context = [tx for tx in data.transactions if tx.role == "context"]
    if not disputed and not context:
        return []
    out: list[Any] = [k.heading(translate("Transactions", t))]
    if disputed:
        out += [k.para(translate("Disputed transactions", t), "h2"), *_tx_table(s, disputed), *_totals(s, disputed)]
    if context:
        out += [k.para(translate("Context (not disputed)", t), "h2"), *_tx_table(s, context)]
    return out


def statements(s: Sheet) -> list[Any]:
    """The imported statements, one line each: exhibit, file, provider, period, rows, SHA-256."""
    t, k, data = s.lang, s.kit, s.data
    if not data.statements:
        return []
    index = {ex.evidence.id: (n, ex.evidence) for n, ex in enumerate(data.exhibits)}
    rows = []
    for st in data.statements:
        n, ev = index.get(st.evidence_id, (None, None))
        period = format_date(st.first, t)
        if st.last.date() != st.first.date():
            period += f" – {format_date(st.last, t)}"
        rows.append((exhibit_label(n) if n is not None else "—", ev.file_name if ev else "", provider_name(st.format, t),
                     period, translate("{rows} rows, {printed} printed", t).format(rows=st.rows, printed=st.printed_rows),
                     ev.sha256 if ev else ""))
    header = [translate("Id", t), translate("File", t), translate("Provider", t), translate("Period", t),
              translate("Rows", t), "SHA-256"]
    note = translate("Each statement is kept whole as the exhibit named here and embedded with its SHA-256; only "
                     "its disputed and context rows are printed above.", t)
    if s.options.full_statements:
        note = translate("Each statement is kept whole as the exhibit named here; all of its rows are printed in "
                         "the appendix “Statement rows in full”.", t)
    return [k.heading(translate("Imported statements", t)),
            k.table(header, rows, (0.45, 1.6, 0.9, 1.6, 1.1, 3.1), size=6.5), Spacer(1, 2), k.para(note, "small"),
            Spacer(1, 8)]


def statement_rows(s: Sheet) -> list[Any]:
    """The appendix of every statement row (only when the user asked for the full statements)."""
    records = [tx for tx in s.data.transactions if tx.role == "record"]
    if not s.options.full_statements or not records:
        return []
    return [PageBreak(), s.kit.heading(translate("Statement rows in full", s.lang)), *_tx_table(s, records)]


def contacts(s: Sheet) -> list[Any]:
    """Section 9: each contact — when, how, with whom (its party), which number, who, ticket, what was said and
    promised."""
    t, k, data = s.lang, s.kit, s.data
    if not data.contacts:
        return []
    out: list[Any] = [k.heading(translate("Contact log", t))]
    for index, c in enumerate(data.contacts, 1):
        parts = [f"C{index}", format_datetime(c.at, t), contact_kind(c.kind, t), contact_party(c.party, t)]
        head = k.para(" · ".join(p for p in parts if p), "h2")
        table = k.key_values([
            (translate("Number, address or channel used", t), c.channel),
            (translate("Where the number came from", t), c.official_source),
            (translate("Agent name or id", t), c.agent),
            (translate("Ticket number", t), c.ticket),
            (translate("What was promised", t), c.promised),  # (by when is part of it: the follow-up date is
            # the claimant's own reminder, not something the other side promised, and is not printed)
            (translate("Promise kept", t), yes_no(c.promise_kept, t)),
        ], size=8.5)
        # (not a KeepTogether: ReportLab keeps a heading with the next flowable only when that is not one, so
        # the section heading was left alone at the foot of a page; the h2 keeps with its table instead)
        out += [head] + ([table] if table is not None else [])
        out += [k.para(translate("What was said:", t), "small"), *k.prose(chat_summary(c.summary, t))]
        out += [*_chat_messages(s, c), Spacer(1, 6)]
    return out


CHAT_HEAD = CHAT_TAIL = 40  # a longer thread prints its first and last messages; the exported file holds all


def _chat_messages(s: Sheet, contact: Contact) -> list[Any]:
    """An imported chat's messages (time with its offset, sender, text, the exhibit of an attachment); a long
    thread its first and last ``CHAT_HEAD`` / ``CHAT_TAIL`` with a line naming the exhibit that holds them all."""
    t, k = s.lang, s.kit
    messages = s.data.thread(contact.id)
    if not messages:
        return []
    labels = {ex.evidence.id: exhibit_label(n) for n, ex in enumerate(s.data.exhibits)}
    attached = {m.evidence_id for m in messages}
    source = next((labels[ex.evidence.id] for ex in s.data.exhibits
                   if contact.id in ex.evidence.linked_contacts and ex.evidence.id not in attached), "")
    rows: list[tuple[str, str, str]] = []
    cut = len(messages) > CHAT_HEAD + CHAT_TAIL
    for n, m in enumerate(messages):
        if cut and n == CHAT_HEAD:
            rows.append(("…", "", translate("{count} messages not printed here; the exported chat file ({label}) holds "
                                            "every message.", t).format(count=len(messages) - CHAT_HEAD - CHAT_TAIL,
                                                                        label=source or "—")))
        if cut and CHAT_HEAD <= n < len(messages) - CHAT_TAIL:
            continue
        label = labels.get(m.evidence_id) if m.evidence_id is not None else None
        rows.append((stamp(m.at), m.sender, f"{m.text} [{label}]" if label else m.text))
    title = translate("Messages ({count}), as exported from the app", t).format(count=len(messages))
    if source:
        title += " · " + translate("exported file: {label}", t).format(label=source)
    header = [translate("Time", t), translate("Sender", t), translate("Message", t)]
    return [Spacer(1, 3), k.para(title, "small"), k.table(header, rows, (1.35, 1.2, 5.0), size=7)]


def deadlines(s: Sheet) -> list[Any]:
    """Section 10: the plan. The user's own deadlines, then each step of the escalation ladder that applies to
    the case with its status (done with the submission's date and confirmation number, open, waiting,
    overdue, closed), the dates it opens and closes, its rule with source and "as of" date; the note to check
    each channel's current terms; and the first-hour playbook items with the time each was ticked."""
    from walletcare.evidence.plan.engine import terms_note
    from walletcare.evidence.plan.model import STATUS_NAMES, WINDOW_CLOSED
    from walletcare.evidence.plan.playbooks import playbooks_for

    t, k = s.lang, s.kit
    today = s.exported_at.date()
    rows = compute(s.data, t, today)
    out: list[Any] = []
    if rows:
        names = {key: translate(name, t) for key, name in STATUS_NAMES.items()}
        body = []
        for r in rows:
            status = translate(WINDOW_CLOSED, t) if r.status == "overdue" and r.hard_close else names.get(r.status, "")
            if r.submission is not None:
                status += f" {format_date(r.submission.at.date(), t)} · {r.submission.ref}"
            rule = r.rule
            if r.source:
                rule = (rule + " " if rule else "") + f"({r.source}, {translate('as of', t)} {format_date(r.as_of, t)})"
            body.append((f"{r.channel}\n{_short(r.action, 400)}", status, format_date(r.opens, t) if r.opens else "",
                         format_date(r.due, t) if r.due else "", rule))
        header = [translate("Step", t), translate("Status", t), translate("Opens", t), translate("Closes", t),
                  translate("Rule and source", t)]
        out += [k.heading(translate("Deadlines", t)), k.table(header, body, (2.2, 1.0, 0.9, 0.9, 2.9), size=7.5),
                k.para(terms_note(t), "small")]
    ticked = dict(s.data.ticks)
    books = playbooks_for(s.data.case, t, ticked)
    if books:
        tick_rows = [(f"{book.title}: {item.text}", format_datetime(item.ticked_at, t) if item.ticked_at else "—")
                     for book in books for item in book.items]
        if not out:
            out.append(k.heading(translate("Deadlines", t)))
        out += [k.para(translate("First-hour checklist (each tick is stamped in the audit trail)", t), "small"),
                k.table([translate("Step", t), translate("Ticked at", t)], tick_rows, (5.6, 2.3), size=7.5)]
    return out + ([Spacer(1, 8)] if out else [])
