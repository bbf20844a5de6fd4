"""The summary letter composed from a case: a short, formal complaint stating the facts, the date the
problem was discovered, the contacts so far and the request. Factual tone: it names what the records show
and accuses no one. The user can edit it before export (``Case.letter`` or ``ExportOptions.letter``).
"""

from __future__ import annotations

from walletcare.evidence.dispute import stated_or_derived
from walletcare.evidence.dossier.data import DossierData
from walletcare.evidence.dossier.labels import contact_party, format_amount, format_date, provider_in
from walletcare.evidence.models import CONTACT_PARTIES
from walletcare.i18n import translate

LISTED = 8  # disputed transactions named in the letter (the Transactions section lists them all)


def compose_letter(data: DossierData, lang: str) -> str:
    """The letter text (paragraphs separated by blank lines) in the dossier language.

    Args:
        data: The case and its records.
        lang: The dossier language.
    """
    t, case = lang, data.case
    respondent = case.respondent.organisation or case.respondent.name or provider_in(case.provider, t)
    paras: list[str] = []
    if respondent:
        paras.append(translate("To: {respondent}", t).format(respondent=respondent))
    paras.append(translate("Subject: complaint about “{title}” (case #{case_id})", t).format(title=case.title, case_id=case.id))
    if case.provider:
        paras.append(translate("I am writing about a problem with {provider}.", t).format(provider=provider_in(case.provider, t)))
    sums, _stated = stated_or_derived(case, data.transactions)
    if sums:
        amount = "; ".join(format_amount(x.amount, x.currency) for x in sums)
        paras.append(translate("The amount in dispute is {amount}.", t).format(amount=amount))
    disputed = [tx for tx in data.transactions if tx.role == "disputed"]
    if disputed:
        items = "; ".join(
            " ".join(p for p in (format_date(tx.time, t), format_amount(tx.amount, tx.currency), tx.counterparty,
                                 " / ".join(r.value for r in tx.references)) if p)
            for tx in disputed[:LISTED])
        if len(disputed) > LISTED:
            items += " " + translate("(and {count} more)", t).format(count=len(disputed) - LISTED)
        paras.append(translate("The transactions I dispute: {items}.", t).format(items=items))
    if case.discovered:
        paras.append(translate("I noticed the problem on {date}.", t).format(date=format_date(case.discovered, t)))
    if case.description.strip():
        paras.append(translate("What happened:", t) + " " + case.description.strip())
    if data.contacts:
        paras.append(_contacts_sentence(data, t))
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


def _contacts_sentence(data: DossierData, t: str) -> str:
    """The contacts so far, counted by who they were with (never all called "customer service": a note may be
    of a talk with the seller, the bank, the police or a person posing as support)."""
    contacts = data.contacts
    first = format_date(min(c.at for c in contacts), t)
    if len(contacts) == 1:
        party = contacts[0].party
        if party:
            return translate("I made one contact about this, on {date}, {party}; the contact log says what was said "
                             "and promised.", t).format(date=first, party=contact_party(party, t))
        return translate("I made one contact about this, on {date}; the contact log says what was said and "
                         "promised.", t).format(date=first)
    counts = {p: sum(1 for c in contacts if c.party == p) for p in (*CONTACT_PARTIES, "")}
    if counts[""] == len(contacts):
        return translate("The contact log lists {count} contacts since {date}, with what was said and promised in "
                         "each.", t).format(count=len(contacts), date=first)
    parts = [translate("{count} {party}", t).format(count=n, party=contact_party(p, t))
             for p, n in counts.items() if n and p]
    if counts[""]:
        parts.append(translate("{count} whose note does not say with whom", t).format(count=counts[""]))
    return translate("The contact log lists {count} contacts since {date} ({breakdown}), with what was said and "
                     "promised in each.", t).format(count=len(contacts), date=first,
                                                    breakdown=("；" if t.startswith("zh") else "; ").join(parts))
