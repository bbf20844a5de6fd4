"""Letters per channel: each channel's template (``resources/letters/<channel>/<lang>.txt``) filled from the
case, or the text the user stored for that channel (``Case.letters``, changed with ``walletcare letter
--edit``, audited like any change of the case).

A template starts with a short header (``name:``, ``addressee:``, optional ``contacts <groups>: heading``
lines, then ``---``) and the letter text with ``{placeholders}``. ``{attempts}`` lists the contact notes in
groups by who each was with (``Contact.party``), each group under a heading that is true for it: the
template's own for the groups it names (the PayPal claim's "Messages with the seller:" over seller contacts
only), a generic one for the rest, and a neutral one ("Contacts so far:") for notes that do not say who.
Every letter is dated, names the addressee, cites the disputed transactions, the attempts so far (the contact
notes) and the ask; the channels' own fields (card and reason code, account and
statement date, transaction hashes …) follow what each channel asks for (``shared/spec/channels.md``). A
value the case does not hold yet is printed as a visible blank to fill in, never invented.
"""

from __future__ import annotations

import dataclasses
import re
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from walletcare import resources
from walletcare.errors import UsageError
from walletcare.evidence.channels import CHANNEL_IDS
from walletcare.evidence.dispute import stated_or_derived
from walletcare.evidence.dossier.classification import issue_key
from walletcare.evidence.dossier.labels import format_amount, format_date, format_datetime, provider_in
from walletcare.evidence.models import Case, Contact, Transaction
from walletcare.i18n import LANGUAGES, _

LANGS = LANGUAGES
FIELDS = ("date", "addressee", "claimant", "claimant_phone", "claimant_address", "case_title", "provider",
          "respondent", "respondent_address", "disputed", "amount", "attempts", "ask", "facts", "card",
          "reason_code", "account", "tx_hashes", "claimant_id", "respondent_credit_code", "merchant_descriptor",
          "expected_delivery", "statement_date", "first_complaint", "final_reply", "wallet")
OPTIONAL = ("wallet", "tx_hashes")  # lines only some cases have (crypto): left out, not a blank to fill in, when empty
_HASHES_LABEL = {"zh-CN": "交易哈希：", "zh-TW": "交易雜湊值：", "en": "Transaction hashes:"}
REQUIRED = ("date", "addressee", "disputed", "attempts", "ask")  # every letter has these
BLANK = {"zh-CN": "【请填写】", "zh-TW": "【請填寫】", "en": "[to fill in]"}
NONE_YET = {"zh-CN": "（尚无记录）", "zh-TW": "（尚無紀錄）", "en": "(none recorded yet)"}
_REASON = {"not_received": "Visa 13.1 / Mastercard 4855", "refund_not_received": "Visa 13.6 / Mastercard 4853",
           "duplicate": "Visa 12.6 / Mastercard 4834", "wrong_amount": "Visa 12.5 / Mastercard 4834",
           "unauthorized": "Visa 10.4 / Mastercard 4837"}
_WALLET_LABELS = {"zh-CN": ("区块链网络", "钱包应用及版本", "本人钱包地址", "；"),
                  "zh-TW": ("區塊鏈網路", "錢包應用及版本", "本人錢包地址", "；"),
                  "en": ("Network", "Wallet app and version", "My wallet addresses", "; ")}


def _wallet_line(case: Case, lang: str) -> str:
    """The chain, wallet app and the claimant's own addresses (what IC3 and the police ask for), or ""."""
    chain_label, app_label, own_label, sep = _WALLET_LABELS.get(lang, _WALLET_LABELS["en"])
    colon = ": " if lang == "en" else "："
    parts = [f"{label}{colon}{value}" for label, value in (
        (chain_label, case.chain), (app_label, case.wallet_app), (own_label, ", ".join(case.own_addresses))) if value]
    return sep.join(parts)


_HEADER = re.compile(r"^(name|addressee):[ \t]*(.*)$")
_CONTACTS_HEADER = re.compile(r"^contacts ([a-z][a-z, ]*):[ \t]*(.*)$")
# the groups of contacts a letter lists, by who they were with (``Contact.party``; "unsaid" for ""); "other"
# (a friend, a witness, anyone else) only where a template names it (the police report): a formal complaint
# lists the steps taken with the other side, the firm and the authorities, not private contacts
GROUPS = ("seller", "platform", "bank", "authority", "impostor", "other", "unsaid")
_UNNAMED_GROUPS = tuple(g for g in GROUPS if g != "other")  # the groups a template need not name to list
# the heading of a group a template does not name itself (``contacts <groups>: heading`` in its header)
HEADINGS = {
    "en": {"seller": "Contacts with the seller or merchant:",
           "platform": "Contacts with the official support of the payment app or wallet:",
           "bank": "Contacts with my bank or card issuer:",
           "authority": "Reports to and contacts with the police or regulators:",
           "impostor": "Contacts with a person posing as customer service (not the real support):",
           "other": "Other contacts:", "unsaid": "Contacts so far:"},
    "zh-CN": {"seller": "与卖家或商家的沟通：", "platform": "与支付平台或钱包官方客服的沟通：",
              "bank": "与本人银行或发卡机构的沟通：", "authority": "向公安机关或监管部门报案、投诉及联系的情况：",
              "impostor": "与冒充客服者的联系（并非真正的官方客服）：", "other": "其他联系：", "unsaid": "此前的沟通："},
    "zh-TW": {"seller": "與賣家或商家的聯繫：", "platform": "與支付平臺或錢包官方客服的聯繫：",
              "bank": "與本人銀行或發卡機構的聯繫：", "authority": "向警方或主管機關報案、申訴及聯繫的情況：",
              "impostor": "與冒充客服者的聯繫（並非真正的官方客服）：", "other": "其他聯繫：", "unsaid": "此前的溝通："},
}


def group_of(contact: Contact) -> str:
    """The letter group of a contact: its party, or "unsaid" when the note does not say who it was with."""
    return contact.party or "unsaid"


@dataclass(frozen=True)
class Template:
    """One channel's letter in one language; ``headings`` are the template's own headings over groups of
    contacts (``(groups, heading)`` in the order the header names them)."""

    channel: str
    lang: str
    name: str
    addressee: str
    body: str
    headings: tuple[tuple[tuple[str, ...], str], ...] = ()


def template(channel: str, lang: str) -> Template:
    """The template of ``channel`` in ``lang`` (UsageError for an unknown channel)."""
    if channel not in CHANNEL_IDS:
        raise UsageError(_("There is no channel {channel!r}. See “walletcare channels --case N”.").format(
            channel=channel))
    return parse(channel, lang if lang in LANGS else "en",
                 resources.read_text(f"letters/{channel}/{lang if lang in LANGS else 'en'}.txt"))


def parse(channel: str, lang: str, text: str) -> Template:
    """A template from its file text (ValueError when the header is not ``name:``/``addressee:``/``---``)."""
    head, sep, body = text.partition("\n---\n")
    if not sep:
        raise ValueError("a letter template needs a header ended by a line ---")
    fields = {}
    headings: list[tuple[tuple[str, ...], str]] = []
    for line in head.splitlines():
        found = _HEADER.match(line.strip())
        grouped = _CONTACTS_HEADER.match(line.strip())
        if grouped is not None:
            groups = tuple(g for g in re.split(r"[ ,]+", grouped.group(1)) if g)
            if set(groups) - set(GROUPS) or not grouped.group(2).strip():
                raise ValueError(f"a contacts heading names groups of {GROUPS} and its text: {line!r}")
            if set(groups) & {g for named, _h in headings for g in named}:
                raise ValueError(f"a group of contacts has two headings: {line!r}")
            headings.append((groups, grouped.group(2).strip()))
            continue
        if found is None:
            raise ValueError(f"unknown header line: {line!r}")
        fields[found.group(1)] = found.group(2).strip()
    if set(fields) != {"name", "addressee"}:
        raise ValueError("a letter template names its channel (name:) and addressee (addressee:)")
    return Template(channel, lang, fields["name"], fields["addressee"], body.strip() + "\n", tuple(headings))


def placeholders(body: str) -> set[str]:
    """The ``{names}`` a template uses."""
    return {name for _text, name, _spec, _conv in string.Formatter().parse(body) if name}


# the heading over rows that explain the disputed ones (role "context": the charge a duplicate repeats, the
# order a refund was promised for), listed after them in every letter
RELATED = {"en": "Related payments, not disputed:", "zh-CN": "相关但不在争议中的交易：", "zh-TW": "相關但不在爭議中的交易："}


def _disputed_lines(txs: list[Transaction], lang: str, related: Sequence[Transaction] = ()) -> str:
    lines = _tx_lines(txs, lang)
    if related:
        lines += [RELATED.get(lang, RELATED["en"]), *_tx_lines(related, lang)]
    return "\n".join(lines)


def _tx_lines(txs: Sequence[Transaction], lang: str) -> list[str]:
    lines = []
    for n, tx in enumerate(txs, 1):
        refs = " / ".join(r.value for r in tx.references)
        # what was bought (12315 and the card issuer ask for the goods or service), when the row says
        what = " ".join(tx.description.split()) if tx.description.strip() != tx.counterparty.strip() else ""
        parts = [format_datetime(tx.time, lang), format_amount(tx.amount, tx.currency), tx.counterparty, what, refs]
        lines.append(f"{n}. " + " · ".join(p for p in parts if p))
    return lines


def _attempt_line(n: int, c: Contact, lang: str) -> str:
    parts = [format_datetime(c.at, lang), c.channel, c.agent, c.ticket, c.summary]
    if c.promised:
        parts.append(c.promised)
    return f"{n}. " + " · ".join(" ".join(p.split()) for p in parts if p)


def attempts(contacts: list[Contact], lang: str,
             headings: tuple[tuple[tuple[str, ...], str], ...] = ()) -> str:
    """The contacts in groups by who they were with, each under a heading that is true for it: the template's
    own (``headings``, in its order) or the generic one of ``HEADINGS``; "other" contacts only under a heading
    of the template's own. Lines keep their number in time order
    over all contacts (the dossier's contact log numbers them the same, C1, C2 …). With no contacts: the
    template's heading for notes that do not say who (else its first) over "none recorded yet"."""
    generic = HEADINGS.get(lang, HEADINGS["en"])
    named = {g for groups, _h in headings for g in groups}
    order = [*headings, *(((g,), generic[g]) for g in _UNNAMED_GROUPS if g not in named)]
    order.sort(key=lambda item: "unsaid" in item[0])  # notes that do not say who come last
    numbered = list(enumerate(contacts, 1))
    blocks = []
    for groups, heading in order:
        lines = [_attempt_line(n, c, lang) for n, c in numbered if group_of(c) in groups]
        if lines:
            blocks.append(heading + "\n" + "\n".join(lines))
    if blocks:
        return "\n\n".join(blocks)
    empty = next((h for groups, h in headings if "unsaid" in groups), headings[0][1] if headings else generic["unsaid"])
    return empty + "\n" + NONE_YET.get(lang, NONE_YET["en"])


# the parties a complaint "to the firm" was made to (12363, FDRC and FOI count from the first one)
_FIRM = ("platform", "bank", "")


def values(case: Case, transactions: Iterable[Transaction], contacts: Iterable[Contact], addressee: str,
           lang: str, today: date, headings: tuple[tuple[tuple[str, ...], str], ...] = ()) -> dict[str, str]:
    """What the placeholders stand for in this case (empty when the case does not hold it); ``headings``: the
    template's own headings over groups of contacts (``attempts``)."""
    transactions = list(transactions)
    txs = [tx for tx in transactions if tx.role == "disputed"]
    related = [tx for tx in transactions if tx.role == "context"]
    sums, _stated = stated_or_derived(case, txs)
    contact_list = sorted(contacts, key=lambda c: (c.at, c.id))
    firm = [c for c in contact_list if c.party in _FIRM]
    respondent = case.respondent
    hashes = [r.value for tx in txs for r in tx.references if r.kind == "tx_hash"]
    return {
        "date": format_date(today, lang), "addressee": addressee, "claimant": case.claimant.name,
        "claimant_phone": case.claimant.phone, "claimant_address": case.claimant.address, "case_title": case.title,
        "provider": provider_in(case.provider, lang),
        # the other side of the purchase (merchant, seller): the letters that name a respondent are those to the
        # merchant, 12315 and PayPal; the platform or institution (``organisation``) is not who failed to deliver
        "respondent": respondent.name or respondent.organisation or (txs[0].counterparty if txs else ""),
        "respondent_address": respondent.address, "disputed": _disputed_lines(txs, lang, related),
        "amount": "; ".join(format_amount(x.amount, x.currency) for x in sums),
        "attempts": attempts(contact_list, lang, headings),
        "ask": case.requested_resolution.strip() or case.desired_outcome.strip(),
        "facts": case.description.strip(),
        "card": f"{case.card_network} ···· {case.card_last4}".strip(" ·") if case.card_last4 else case.linked_card,
        "claimant_id": f"{case.claimant.id_type} {case.claimant.id_number}".strip(),
        "respondent_credit_code": respondent.credit_code, "merchant_descriptor": case.merchant_descriptor,
        "expected_delivery": format_date(case.expected_delivery, lang),
        "statement_date": format_date(case.statement_date, lang),
        "first_complaint": format_date(case.first_complaint or (firm[0].at.date() if firm else None), lang),
        "final_reply": format_date(case.final_reply, lang),
        "reason_code": _REASON.get(issue_key(case.classification), ""), "account": case.account,
        "tx_hashes": "\n".join([_HASHES_LABEL.get(lang, _HASHES_LABEL["en"]), *hashes]) if hashes else "",
        "wallet": _wallet_line(case, lang),
    }


def compose(case: Case, transactions: Iterable[Transaction], contacts: Iterable[Contact], channel: str,
            lang: str, today: date) -> str:
    """The letter for ``channel`` filled from the case; blanks to fill in where the case has no value."""
    return _filled(case, transactions, contacts, channel, lang, today)[1]


def _filled(case: Case, transactions: Iterable[Transaction], contacts: Iterable[Contact], channel: str,
            lang: str, today: date) -> tuple[str, str]:
    chosen = template(channel, lang)
    blank = BLANK[chosen.lang]
    filled = values(case, transactions, contacts, "", chosen.lang, today, chosen.headings)
    addressee = chosen.addressee.format_map({k: v or blank for k, v in filled.items()})
    filled["addressee"] = addressee
    body = chosen.body
    for key in OPTIONAL:  # a line of its own that the case has nothing for goes
        if not filled[key]:
            body = body.replace(f"\n{{{key}}}\n", "\n")
    return addressee, body.format_map({k: v or ("" if k in OPTIONAL else blank) for k, v in filled.items()})


def letter_for(store: Any, case_id: int, channel: str, lang: str, today: date) -> tuple[str, str, bool]:
    """``(addressee, text, stored)`` of the case's letter to ``channel``: the text the user stored for it,
    else one filled from the template."""
    case = store.cases.get(case_id)
    txs = store.transactions.with_roles(case_id, ("disputed", "context"))
    addressee, text = _filled(case, txs, store.contacts.list(case_id), channel, lang, today)
    kept = stored(case, channel)
    return addressee, kept if kept is not None else text, kept is not None


def stored(case: Case, channel: str) -> str | None:
    """The letter the user stored for ``channel``, if any."""
    return dict(case.letters).get(channel)


def with_letter(case: Case, channel: str, text: str) -> Case:
    """``case`` with ``text`` stored as its letter for ``channel`` (an empty text removes it)."""
    template(channel, "en")  # an unknown channel raises
    kept: Mapping[str, str] = {k: v for k, v in case.letters if k != channel}
    letters = tuple(sorted({**kept, **({channel: text} if text.strip() else {})}.items()))
    return dataclasses.replace(case, letters=letters)
