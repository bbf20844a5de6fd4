"""The summary letter composed from a case: a short, formal complaint stating the facts, the date the
problem was discovered, the contacts so far and the request. Factual tone: it names what the records show
and accuses no one. The user can edit it before export (``Case.letter`` or ``ExportOptions.letter``).
"""

from __future__ import annotations

from walletcare.evidence.dossier.data import DossierData, totals_by_currency
from walletcare.evidence.dossier.labels import format_amount, format_date
from walletcare.i18n import translate


def compose_letter(data: DossierData, lang: str) -> str:
    """The letter text (paragraphs separated by blank lines) in the dossier language.

    Args:
        data: The case and its records.
        lang: The dossier language.
    """
    t, case = lang, data.case
    respondent = case.respondent.organisation or case.respondent.name or case.provider
    paras: list[str] = []
    if respondent:
        paras.append(translate("To: {respondent}", t).format(respondent=respondent))
    paras.append(translate("Subject: complaint about “{title}” (case #{case_id})", t).format(title=case.title, case_id=case.id))
    if case.provider:
        paras.append(translate("I am writing about a problem with {provider}.", t).format(provider=case.provider))
    if case.amount is not None:
        paras.append(translate("The amount in dispute is {amount}.", t).format(
            amount=format_amount(case.amount, case.currency)))
    if data.transactions:  # the records kept with the case, not all of them in dispute (an import brings a whole statement)
        first = min(tx.time for tx in data.transactions)
        last = max(tx.time for tx in data.transactions)
        kept = translate("The transactions section lists the {count} transactions kept with this case, from {first} to "
                         "{last}.", t).format(count=len(data.transactions), first=format_date(first, t),
                                             last=format_date(last, t))
        totals = "; ".join(format_amount(v, k) for k, v in totals_by_currency(data.transactions).items())
        if case.amount is None and totals:
            kept += " " + translate("The payments among them total {totals}.", t).format(totals=totals)
        paras.append(kept)
    if case.discovered:
        paras.append(translate("I noticed the problem on {date}.", t).format(date=format_date(case.discovered, t)))
    if case.description.strip():
        paras.append(translate("What happened:", t) + " " + case.description.strip())
    if data.contacts:
        first_contact = min(c.at for c in data.contacts)
        if len(data.contacts) == 1:
            paras.append(translate("I contacted customer service on {date}; the contact log says what was said and "
                                   "promised.", t).format(date=format_date(first_contact, t)))
        else:
            paras.append(translate(
                "I have contacted customer service {count} times since {date}; the contact log lists each contact "
                "and what was promised.", t,
            ).format(count=len(data.contacts), date=format_date(first_contact, t)))
    request = case.requested_resolution.strip() or case.desired_outcome.strip()
    if request:
        paras.append(translate("I ask for the following:", t) + " " + request)
    if data.exhibits:
        paras.append(translate(
            "The enclosed exhibits E1 to E{count} support these facts; the manifest lists each with its SHA-256 "
            "fingerprint.", t,
        ).format(count=len(data.exhibits)))
    paras.append(translate("Please reply in writing. Thank you.", t))
    if case.claimant.name:
        paras.append(translate("Yours faithfully,", t) + "\n" + case.claimant.name)
    return "\n\n".join(paras)
