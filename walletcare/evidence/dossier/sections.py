"""The prose sections of the dossier (the cover is in ``cover.py``): claimant, respondent, account, summary letter, issue
classification, requested resolution, security actions and reports, declaration. Each function returns the
section's flowables, or an empty list when the case has no data for it (the section is then left out).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reportlab.platypus import Spacer
from reportlab.platypus.flowables import Flowable

from walletcare.evidence.channels import applicable, region
from walletcare.evidence.dossier.blocks import Kit
from walletcare.evidence.dossier.classification import issue_key, issue_name, mapping
from walletcare.evidence.dossier.data import DossierData, ExportOptions, role_words
from walletcare.evidence.dossier.labels import format_amount, format_date
from walletcare.evidence.dossier.letter import compose_letter
from walletcare.evidence.dossier.outline import account_fields, party_fields
from walletcare.evidence.importers.provider_check import case_family
from walletcare.evidence.models import Party
from walletcare.i18n import translate

LANGUAGE_NAMES = {"zh-CN": "简体中文 (zh-CN)", "zh-TW": "繁體中文 (zh-TW)", "en": "English (en)"}


@dataclass(frozen=True)
class Sheet:
    """Everything a section needs: the content, the options and what the export computed."""

    kit: Kit
    data: DossierData
    options: ExportOptions
    exported_at: datetime
    fingerprint: str
    public_key: str
    signature: str
    manifest: dict[str, Any]
    seal_key: str = ""

    @property
    def lang(self) -> str:
        """The dossier language."""
        return self.kit.lang


class PageCountLine(Flowable):
    """``Pages: N`` where N is drawn when the whole document is known (see ``layout.NumberedCanvas``)."""

    def __init__(self, label: str, font: str, size: float = 10) -> None:
        super().__init__()
        self.label, self.font, self.size = label, font, size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """One line."""
        return availWidth, self.size * 1.6

    def draw(self) -> None:
        """Draws the label and records where the number goes."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        canv: Any = self.canv
        canv.setFont(self.font, self.size)
        canv.drawString(0, self.size * 0.4, self.label)
        x, y = canv.absolutePosition(stringWidth(self.label, self.font, self.size) + 4, self.size * 0.4)
        canv.page_count_marks.append((canv.getPageNumber(), x, y, self.font, self.size))


def date_range(data: DossierData, lang: str) -> str:
    """First and last transaction dates (else the date the case was opened)."""
    times = [tx.time for tx in data.transactions]
    if times:
        first, last = min(times), max(times)
        if first.date() == last.date():
            return format_date(first, lang)
        return f"{format_date(first, lang)} – {format_date(last, lang)}"
    return format_date(data.case.opened, lang)


def party_line(party: Party) -> str:
    """Name and organisation in one line."""
    return " · ".join(p for p in (party.name, party.organisation) if p)


def party_section(s: Sheet, party: Party, title: str, *, claimant: bool) -> list[Any]:
    """Sections 1 and 2: the claimant's or respondent's details (left out when all are empty)."""
    t, k = s.lang, s.kit
    rows = [(translate(label, t), value) for label, value in party_fields(party, claimant=claimant)]
    table = k.key_values(rows)
    return [] if table is None else [k.heading(title), table, Spacer(1, 8)]


def account(s: Sheet) -> list[Any]:
    """Section 3: wallet/platform, account id, linked card; for crypto chain, own addresses, wallet app."""
    t, k = s.lang, s.kit
    table = k.key_values([(translate(label, t), value) for label, value in account_fields(s.data.case)])
    return [] if table is None else [k.heading(translate("Account", t)), table, Spacer(1, 8)]


def letter(s: Sheet) -> list[Any]:
    """Section 4: the summary letter (the user's edited text, else one composed from the case)."""
    text = s.options.letter or s.data.case.letter or compose_letter(s.data, s.lang)
    return [s.kit.heading(translate(role_words(s.options).letter, s.lang)), *s.kit.prose(text), Spacer(1, 6)]


def classification(s: Sheet) -> list[Any]:
    """Section 7: the primary issue and the matching category of each channel."""
    t, k, issue = s.lang, s.kit, s.data.case.classification
    if not issue:
        return []
    key = issue_key(issue)
    named = issue_name(key, t) if key else issue
    if key and issue.strip().lower() != key and issue.strip() != named:
        named = f"{named} ({issue.strip()})"
    out: list[Any] = [k.heading(translate("Issue classification", t)),
                      k.para(translate("Primary issue:", t) + " " + named)]
    rows = mapping(issue, t, _families(s))
    if rows:
        out += [Spacer(1, 4), k.table([translate("Channel", t), translate("Category to choose", t)], rows, (1, 3), size=8.5)]
    return [*out, Spacer(1, 8)]


def _families(s: Sheet) -> frozenset[str] | None:
    """The channel families whose categories fit the case (None when the region of a payment case is unknown:
    all of them), so an Alipay case in mainland China is not shown CFPB or PayPal categories, and a wallet
    drain (no card, no PayPal, no bank) is not shown a chargeback or PayPal claim category."""
    case = s.data.case
    where = region(case, s.data.transactions)
    ids = {a.id for a in applicable(case, s.data.transactions)}
    found: set[str] = {name for name in ("card", "paypal", "reg-e") if name in ids}
    if not where:
        return frozenset(found) if case.kind == "crypto" or case_family(case) == "chain" else None
    if where == "us":
        found.add("cfpb")
    if where == "cn":
        found.add("cn")
    return frozenset(found)


def resolution(s: Sheet) -> list[Any]:
    """Section 8: what the claimant asks for."""
    t, k, case = s.lang, s.kit, s.data.case
    parts = [p for p in (case.requested_resolution, case.desired_outcome) if p]
    if not parts:
        return []
    out: list[Any] = [k.heading(translate("Requested resolution", t))]
    for part in dict.fromkeys(parts):
        out += k.prose(part)
    if case.amount is not None:
        out.append(k.para(translate("Amount concerned:", t) + " " + format_amount(case.amount, case.currency)))
    return [*out, Spacer(1, 8)]


def security(s: Sheet) -> list[Any]:
    """Section 11: the security actions taken (left out when empty)."""
    t, k, text = s.lang, s.kit, s.data.case.security_actions
    if not text.strip():
        return []
    return [k.heading(translate("Security actions taken", t)), *k.prose(text.replace("\n", "\n\n"))]


def reports(s: Sheet) -> list[Any]:
    """Section 11, continued: the reports filed (left out when empty)."""
    t, k, text = s.lang, s.kit, s.data.case.reports_filed
    if not text.strip():
        return []
    return [k.heading(translate("Reports filed", t)), *k.prose(text.replace("\n", "\n\n"))]


def declaration(s: Sheet) -> list[Any]:
    """Section 14: the declaration with date and signature line."""
    t, k = s.lang, s.kit
    name = s.data.case.claimant.name
    return [
        k.heading(translate("Declaration", t)),
        k.para(translate("I declare that the information in this dossier is true and complete to the best of my "
                         "knowledge, and that the exhibits are unaltered copies of what I received or recorded.", t)),
        Spacer(1, 22),
        k.key_values([
            (translate("Name", t), name or "______________________________"),
            (translate("Date", t), "______________________________"),
            (translate("Signature", t), "______________________________"),
        ], size=11),
    ]
