"""Which sections a dossier prints, in order, for a case and its export options (``outline``): the one rule
the PDF follows (``layout.render`` builds exactly the sections marked printed here) and the export dialog
shows, so the preview never lists a section the PDF leaves out. A section with nothing to print for the case
(no contacts, no exhibits, no requested resolution ...) is listed as left out, not dropped silently.

The fields that decide whether a party or the account has anything to print are listed here too
(``party_fields``, ``account_fields``); ``sections.py`` prints them. Nothing here reads the vault except
``case_outline``, which gathers the case's records without any file contents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from walletcare.evidence.dossier.data import DossierData, ExportOptions, role_words
from walletcare.evidence.models import Case, Party
from walletcare.i18n import N_

_DATED_LINE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}))?\s*[:：\-–—]?\s*(.+)$")


@dataclass(frozen=True)
class Part:
    """One section of the dossier: its key, its heading (an untranslated msgid), whether the PDF prints it
    (False: the case has nothing for it) and whether it has a heading of its own (the cover has none: it is
    not in the contents or the PDF's bookmarks)."""

    key: str
    title: str
    printed: bool
    headed: bool = True


def dated_lines_of(text: str) -> list[tuple[date, str, str]]:
    """The lines of free text that start with a valid ``YYYY-MM-DD`` (optionally ``HH:MM``): ``(day, time or
    "", the rest)``; the timeline prints each as an item."""
    found = []
    for line in text.splitlines():
        m = _DATED_LINE.match(line)
        if not m:
            continue
        try:
            day = date.fromisoformat(m.group(1))
        except ValueError:
            continue
        found.append((day, m.group(2) or "", m.group(3)))
    return found


def party_fields(party: Party, *, claimant: bool) -> list[tuple[str, str]]:
    """The claimant's or respondent's printed fields, ``(label msgid, value)`` in order."""
    id_text = f"{party.id_type} {party.id_number}".strip()
    if claimant:
        return [(N_("Name"), party.name), (N_("Phone"), party.phone), (N_("Email"), party.email),
                (N_("Postal address"), party.address), (N_("ID document"), id_text),
                (N_("Organisation"), party.organisation), (N_("Filed on behalf of"), party.on_behalf_of)]
    return [(N_("Platform or institution"), party.organisation), (N_("Name"), party.name),
            (N_("Postal address"), party.address), (N_("Phone"), party.phone), (N_("Email"), party.email),
            (N_("Merchant order no."), party.merchant_order_no),
            (N_("Unified social credit code"), party.credit_code), (N_("Shop"), party.shop),
            (N_("Web address"), party.url), (N_("Counterparty account"), party.counterparty_account),
            (N_("Staff name or id"), party.staff)]


def account_fields(case: Case) -> list[tuple[str, str]]:
    """The account section's fields, ``(label msgid, value)``: wallet/platform, account id, linked card; for
    crypto the chain, own addresses and wallet app."""
    card = f"{case.card_network} ···· {case.card_last4}".strip(" ·") if case.card_last4 else ""
    return [(N_("Wallet or platform"), case.provider), (N_("Account id"), case.account),
            (N_("Linked card or bank"), case.linked_card), (N_("Card"), card),
            (N_("Merchant as shown on the statement"), case.merchant_descriptor), (N_("Chain"), case.chain),
            (N_("Own addresses"), "\n".join(case.own_addresses)), (N_("Wallet app and version"), case.wallet_app)]


def _has_deadlines(data: DossierData, lang: str, today: date) -> bool:
    """Whether the Deadlines section has rows: the plan's or the user's own deadlines, or a first-hour
    checklist for the case's problem."""
    from walletcare.evidence.dossier.deadlines import compute
    from walletcare.evidence.plan.playbooks import playbooks_for

    return bool(compute(data, lang, today)) or bool(playbooks_for(data.case, lang, dict(data.ticks)))


def outline(data: DossierData, options: ExportOptions, today: date, *,
            roles_present: frozenset[str] | None = None) -> tuple[Part, ...]:
    """Every section of the dossier in the order printed, each marked printed or left out for this case.

    Args:
        data: The case's records (``collect`` or ``gather``; the files' contents are not needed).
        options: The export options: the channel (a crime report's words for the police), the full
            statements appendix, the dossier language (the plan's rows are counted in it).
        today: The export date (the Deadlines section's statuses count from it).
        roles_present: The roles of the transactions gathered, when ``data`` holds only some of them
            (``collect.gather_light``); by default those of ``data.transactions``.
    """
    case, lang = data.case, options.lang
    roles = role_words(options)
    roles_of = {tx.role for tx in data.transactions} if roles_present is None else set(roles_present)
    timeline = bool(roles_of or data.contacts or data.exhibits or case.discovered
                    or dated_lines_of(case.security_actions) or dated_lines_of(case.reports_filed))
    return (
        Part("cover", N_("Cover page"), True, headed=False),
        Part("contents", N_("Contents"), True),
        Part("claimant", roles.claimant, any(v for _k, v in party_fields(case.claimant, claimant=True))),
        Part("respondent", roles.respondent, any(v for _k, v in party_fields(case.respondent, claimant=False))),
        Part("account", N_("Account"), any(v for _k, v in account_fields(case))),
        Part("letter", roles.letter, True),
        Part("timeline", N_("Timeline"), timeline),
        Part("transactions", N_("Transactions"), bool(roles_of & {"disputed", "context"})),
        Part("statements", N_("Imported statements"), bool(data.statements)),
        Part("classification", N_("Issue classification"), bool(case.classification)),
        Part("resolution", N_("Requested resolution"), bool(case.requested_resolution or case.desired_outcome)),
        Part("contacts", N_("Contact log"), bool(data.contacts)),
        Part("deadlines", N_("Deadlines"), _has_deadlines(data, lang, today)),
        Part("security", N_("Security actions taken"), bool(case.security_actions.strip())),
        Part("reports", N_("Reports filed"), bool(case.reports_filed.strip())),
        # (the appendix is listed only when asked for: it is not left out for want of rows)
        *([Part("statement_rows", N_("Statement rows in full"), "record" in roles_of)] if options.full_statements
          else []),
        Part("exhibits", N_("Exhibits"), bool(data.exhibits)),
        Part("manifest", N_("Manifest"), True),
        Part("declaration", N_("Declaration"), True),
    )


def case_outline(store: Any, case_id: int, options: ExportOptions, today: date) -> tuple[Part, ...]:
    """The outline of a stored case (run it where the vault's connection lives), quick enough for a preview:
    its records are read (``collect.gather_light``: the transactions counted per role, never a file's
    contents), and the outline is the one ``outline`` gives for everything ``collect.gather`` reads.

    Raises:
        UsageError: There is no case with that id.
    """
    from walletcare.evidence.dossier.collect import gather_light

    data, roles_present = gather_light(store, case_id, full_statements=options.full_statements)
    return outline(data, options, today, roles_present=roles_present)
