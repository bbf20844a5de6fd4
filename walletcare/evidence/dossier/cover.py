"""The cover (page 1) and the contents with the exhibit index (page 2).

The cover argues the dispute on one page: the case, who it is addressed to, what is asked, the amount in
dispute (the user's figure, else the sum of the disputed transactions, saying which), the disputed
transactions themselves with their order numbers or hashes on one unbroken line, the key dates, and the
fingerprint and seal key. Page 2 lists the sections that follow and every exhibit.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import PageBreak, Paragraph, Spacer
from reportlab.platypus.flowables import Flowable

from walletcare.evidence.dispute import stated_or_derived
from walletcare.evidence.dossier.data import role_words
from walletcare.evidence.dossier.labels import (
    direction,
    format_amount,
    format_date,
    format_datetime,
    format_short_datetime,
)
from walletcare.evidence.dossier.manifest import exhibit_label, group_hex
from walletcare.evidence.dossier.sections import LANGUAGE_NAMES, PageCountLine, Sheet, date_range, party_line
from walletcare.evidence.models import COMPLAINT_PARTIES
from walletcare.i18n import translate

COVER_ROWS = 8  # disputed transactions listed on the cover; the rest are in the Transactions section


def amount_in_dispute(s: Sheet) -> str:
    """The amount in dispute as the cover prints it, saying where it comes from."""
    t = s.lang
    sums, stated = stated_or_derived(s.data.case, s.data.transactions)
    if not sums:
        return ""
    if stated:
        return format_amount(sums[0].amount, sums[0].currency)
    parts = [format_amount(x.amount, x.currency) + ("" if x.direction == "out" else f" ({direction(x.direction, t)})")
             for x in sums]
    count = sum(x.count for x in sums)
    return "; ".join(parts) + "\n" + translate("sum of the disputed transactions ({count})", t).format(count=count)


def key_dates(s: Sheet) -> str:
    """The dates a reader needs first: the disputed payment(s), when the problem was noticed, the first
    complaint and the latest contact."""
    t, data = s.lang, s.data
    lines = []
    disputed = [tx for tx in data.transactions if tx.role == "disputed"]
    if disputed:
        first, last = disputed[0].time, disputed[-1].time
        when = format_date(first, t) if first.date() == last.date() else f"{format_date(first, t)} – {format_date(last, t)}"
        lines.append(translate("Disputed transactions: {date}", t).format(date=when))
    if data.case.discovered:
        lines.append(translate("Problem noticed: {date}", t).format(date=format_date(data.case.discovered, t)))
    case = data.case
    if case.expected_delivery:
        lines.append(translate("Expected delivery: {date}", t).format(date=format_date(case.expected_delivery, t)))
    complaints = [c for c in data.contacts if c.party in COMPLAINT_PARTIES]
    complained = case.first_complaint or (complaints[0].at if complaints else None)
    if complained:
        lines.append(translate("First complaint: {date}", t).format(date=format_date(complained, t)))
    if len(data.contacts) > 1:
        lines.append(translate("Latest contact: {date}", t).format(date=format_date(data.contacts[-1].at, t)))
    if case.final_reply:
        lines.append(translate("Final reply: {date}", t).format(date=format_date(case.final_reply, t)))
    return "\n".join(lines)


def _disputed_table(s: Sheet) -> list[Any]:
    """The disputed transactions, each reference on one line in a column wide enough for a chain hash."""
    t, k = s.lang, s.kit
    disputed = [tx for tx in s.data.transactions if tx.role == "disputed"]
    if not disputed:
        return []
    rows = []
    for tx in disputed[:COVER_ROWS]:
        refs = "\n".join(r.value for r in tx.references) or "—"
        rows.append((f"#{tx.id}", format_short_datetime(tx.time, t),
                     format_amount(tx.amount, tx.currency) + ("" if tx.direction == "out" else
                                                              f" ({direction(tx.direction, t)})"),
                     tx.counterparty, refs))
    header = [translate("No.", t), translate("Time", t), translate("Amount", t), translate("Counterparty", t),
              translate("Order no. or transaction hash", t)]
    out: list[Any] = [k.para(translate("Disputed transactions", t), "h2"),
                      k.table(header, rows, (0.5, 1.0, 1.15, 1.2, 4.15), size=6.5,
                              extra_style=[("ALIGN", (2, 1), (2, -1), "RIGHT")])]
    if len(disputed) > COVER_ROWS:
        out.append(k.para(translate("… and {count} more in the Transactions section.", t).format(
            count=len(disputed) - COVER_ROWS), "small"))
    return out


def cover(s: Sheet, addressee: str = "") -> list[Any]:
    """Section 0: the case argued on one page (see the module docstring)."""
    t, k, case = s.lang, s.kit, s.data.case
    roles = role_words(s.options)
    out: list[Any] = [k.para(translate(roles.title, t), "title"), k.para(case.title, "subtitle")]
    request = case.requested_resolution.strip() or case.desired_outcome.strip()
    table = k.key_values([
        (translate("Case", t), f"#{case.id}"),
        (translate("Addressed to", t), addressee),
        (translate("Provider", t), case.provider),
        (translate(roles.claimant, t), party_line(case.claimant)),
        (translate(roles.respondent, t), party_line(case.respondent)),
        (translate("Request", t), request),
        (translate("Amount in dispute", t), amount_in_dispute(s)),
        (translate("Key dates", t), key_dates(s)),
    ], size=9.5)
    if table is not None:
        out.append(table)
    out += [Spacer(1, 4), *_disputed_table(s), Spacer(1, 6)]
    facts = k.key_values([
        (translate("Date range", t), date_range(s.data, t)),
        (translate("Exported at", t), format_datetime(s.exported_at, t)),
        (translate("App version", t), f"WalletCare {s.options.app_version}".strip()),
        (translate("Dossier language", t), LANGUAGE_NAMES.get(t, t)),
        (translate("Dossier fingerprint (SHA-256 of the manifest)", t), group_hex(s.fingerprint)),
        (translate("Seal fingerprint", t), group_hex(s.seal_key)),
    ], size=8)
    if facts is not None:
        out.append(facts)
    out += [PageCountLine(translate("Pages:", t), k.font.name, 8.5),
            k.para(translate("This file carries a digital signature (a seal) over all of its bytes. Adobe Reader, "
                             "Foxit and “walletcare verify FILE.pdf” show whether it is unchanged since export. "
                             "The seal fingerprint above is not a secret and unlocks nothing; it names whoever made "
                             "the dossier, not an authority: compare it with the one the sender gave you.", t), "small")]
    if s.options.redact:
        out += [Spacer(1, 4), k.para(translate("Personal identifiers in this dossier are partly masked.", t), "small")]
    if k.font.warning:
        out += [Spacer(1, 4), k.para(k.font.warning, "warning")]
    out.append(PageBreak())
    return out


class TocLine(Flowable):
    """One line of the contents: cells cut to their widths, and the page number of ``key`` at the right, drawn
    when the whole document is known (``layout``'s canvas; the page comes from ``afterFlowable``)."""

    def __init__(self, cells: list[tuple[str, float]], key: str, font: str, size: float = 9.5,
                 bold: bool = False, right: str = "") -> None:
        super().__init__()
        self.cells, self.key, self.font, self.size, self.right = cells, key, font, size, right
        self.color = 0.0 if bold else 0.15

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """One line."""
        self.width = availWidth
        return availWidth, self.size * 1.55

    def draw(self) -> None:
        """The cells, a dotted leader and the place of the page number."""
        from reportlab.pdfbase.pdfmetrics import stringWidth


        canv: Any = self.canv
        number_width = stringWidth("0000", self.font, self.size)
        usable = self.width - number_width - 6
        total = sum(w for _t, w in self.cells)
        x, y = 0.0, self.size * 0.45
        canv.setFillGray(self.color)
        canv.setFont(self.font, self.size)
        end = 0.0
        for text, share in self.cells:
            width = usable * share / total
            shown = fit_text(text, self.font, self.size, width - 6)
            canv.drawString(x, y, shown)
            end = x + stringWidth(shown, self.font, self.size)
            x += width
        if not self.key:  # a header line: its label in the page-number column
            canv.drawRightString(self.width, y, self.right)
            return
        canv.setStrokeGray(0.6)
        canv.setDash(0.6, 2.4)
        canv.setLineWidth(0.6)
        if usable - end > 12:
            canv.line(end + 4, y, usable, y)
        canv.setDash()
        px, py = canv.absolutePosition(self.width, y)
        canv.toc_marks.append((canv.getPageNumber(), px, py, self.key, self.font, self.size))


def contents(s: Sheet, story: list[Any]) -> list[Any]:
    """Page 2: the sections that follow (the headings of ``story``, in order) and the index of exhibits, each
    with the page it starts on."""
    t, k = s.lang, s.kit
    headings = [f for f in story if isinstance(f, Paragraph) and f.style.name in ("h1", "h1-cjk")]
    out: list[Any] = [k.heading(translate("Contents", t))]
    for n, heading in enumerate(headings, 1):
        heading.toc_key = f"section-{n}"
        out.append(TocLine([(f"{n}. {heading.getPlainText()}", 1.0)], heading.toc_key, k.font.name, 9.5, bold=True))
    if s.data.exhibits:
        supported = {st.evidence_id for st in s.data.statements}
        out += [Spacer(1, 8), k.para(translate("Exhibit index", t), "h2"),
                TocLine([(translate("Id", t), 0.5), (translate("What", t), 3.4), (translate("Type", t), 1.5),
                         ("SHA-256", 1.4)], "", k.font.name, 7.5, right=translate("Page", t))]
        for index, ex in enumerate(s.data.exhibits):
            ev = ex.evidence
            kind = translate("Imported statement", t) if ev.id in supported else ev.mime
            out.append(TocLine([(exhibit_label(index), 0.5), (ev.caption or ev.file_name, 3.4), (kind, 1.5),
                                (ev.sha256[:12] + "…", 1.4)], exhibit_label(index), k.font.name, 7.5))
    out.append(PageBreak())
    return out


def fit_text(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut with "…" so that it is at most ``width`` points wide."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"
