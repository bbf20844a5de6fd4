"""Redaction and the always-on secret check of a dossier.

``redact(data)`` masks account ids, card numbers, phone numbers, postal addresses and wallet addresses to
their first and last characters (the ``--redact`` option). ``check_secrets(data)`` runs whether or not
redaction is on and refuses the export when any text the user typed or imported looks like a recovery
(seed) phrase, a private key, a CVV, a one-time code or a full card number; the message names the section
and field. With redaction on, full card numbers in free text are masked first, so they no longer refuse.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from walletcare.errors import Refused
from walletcare.evidence.dossier.data import DossierData, ExhibitData
from walletcare.evidence.dossier.patterns import ACCOUNT as _ACCOUNT
from walletcare.evidence.dossier.patterns import BASE58_ADDRESS as _BASE58_ADDRESS
from walletcare.evidence.dossier.patterns import RESIDENT_ID, mask, mask_phone, phone_spans, resident_id_ok
from walletcare.evidence.dossier.patterns import WALLET as _WALLET
from walletcare.evidence.models import Case, Contact, Party, Reference, Transaction
from walletcare.i18n import _, translate

REFUSE_KINDS = ("seed", "private_key", "card", "cvv", "otp")
_ADDRESS_KEYS = ("from", "to", "address", "wallet", "account", "counterparty_account")
def mask_address(text: str) -> str:
    """A postal address keeps its first few characters (city/district) and the last one."""
    value = text.strip()
    if len(value) <= 4:
        return mask(value, 1, 1)
    keep = max(2, min(6, len(value) // 4))
    return value[:keep] + "*" * min(len(value) - keep - 1, 8) + value[-1]


def _mask_identifiers(text: str) -> str:
    """Free text with wallet addresses, card numbers, account numbers (after a cue such as 账号 or account)
    and phone numbers masked, in that order (a phone-like run of digits inside an address is not one)."""
    from walletcare.secrets import _b58check, find_secrets

    if not text:
        return text
    text = _WALLET.sub(lambda m: mask(m.group(0), 6, 4), text)
    text = _BASE58_ADDRESS.sub(lambda m: mask(m.group(0), 6, 4) if _b58check(m.group(0)) else m.group(0), text)
    hits = sorted(find_secrets(text, kinds=("card",)), key=lambda h: h.start, reverse=True)
    for hit in hits:
        text = text[: hit.start] + mask(text[hit.start : hit.end], 4, 4) + text[hit.end :]
    text = _ACCOUNT.sub(lambda m: m.group(1) + mask(m.group(2), 4, 4), text)
    text = RESIDENT_ID.sub(lambda m: mask(m.group(1)) if resident_id_ok(m.group(1)) else m.group(1), text)
    for start, end in reversed(phone_spans(text)):  # (order numbers, amounts, dates and hashes stay whole)
        text = text[:start] + mask_phone(text[start:end]) + text[end:]
    return text


def _redact_party(party: Party) -> Party:
    return replace(
        party,
        phone=mask_phone(party.phone),
        address=mask_address(party.address),
        id_number=mask(party.id_number, 2, 2),
        counterparty_account=mask(party.counterparty_account),
    )


def _redact_transaction(tx: Transaction) -> Transaction:
    extra = tuple((k, mask(v, 6, 4) if k in _ADDRESS_KEYS else v) for k, v in tx.extra)
    return replace(
        tx,
        counterparty=_mask_identifiers(tx.counterparty),
        description=_mask_identifiers(tx.description),
        note=_mask_identifiers(tx.note),
        extra=extra,
    )


def _redact_contact(contact: Contact) -> Contact:
    return replace(
        contact,
        summary=_mask_identifiers(contact.summary),
        promised=_mask_identifiers(contact.promised),
        channel=_mask_identifiers(contact.channel),  # (the number called, or the one that called)
    )


def redact_letter(text: str, case: Case) -> str:
    """A letter's text as a redacted dossier prints it: the case's own phone numbers, postal addresses, id
    numbers, account and wallet addresses (a channel's letter quotes them whole) replaced by the masked forms
    the other sections print, then any other identifier masked as in free text.

    Args:
        text: The letter (generated for a channel, or edited by the user).
        case: The case as stored, before redaction.
    """
    if not text:
        return text
    pairs: list[tuple[str, str]] = []
    for party in (case.claimant, case.respondent):
        pairs += [(party.phone, mask_phone(party.phone)), (party.address, mask_address(party.address)),
                  (party.id_number, mask(party.id_number, 2, 2)),
                  (party.counterparty_account, mask(party.counterparty_account))]
    pairs += [(case.account, mask(case.account)), *((a, mask(a, 6, 4)) for a in case.own_addresses)]
    if case.linked_card:
        pairs.append((case.linked_card, mask(case.linked_card, 0, 4)))
    for value, masked in sorted(((v.strip(), m) for v, m in pairs if len(v.strip()) >= 3),
                                key=lambda pair: len(pair[0]), reverse=True):
        text = text.replace(value, masked)
    return _mask_identifiers(text)


def redact(data: DossierData) -> DossierData:
    """A copy of ``data`` with personal identifiers masked (the ``--redact`` option); exhibits name the file
    they came from without its folders (``without_local_paths``)."""
    data = without_local_paths(data)
    case = data.case
    new_case: Case = replace(
        case,
        account=mask(case.account),
        claimant=_redact_party(case.claimant),
        respondent=_redact_party(case.respondent),
        linked_card=mask(case.linked_card, 0, 4) if case.linked_card else "",
        own_addresses=tuple(mask(a, 6, 4) for a in case.own_addresses),
        description=_mask_identifiers(case.description),
        letter=redact_letter(case.letter, case),
        requested_resolution=_mask_identifiers(case.requested_resolution),
        security_actions=_mask_identifiers(case.security_actions),
        reports_filed=_mask_identifiers(case.reports_filed),
    )
    return replace(
        data,
        case=new_case,
        transactions=tuple(_redact_transaction(t) for t in data.transactions),
        contacts=tuple(_redact_contact(c) for c in data.contacts),
        messages=tuple((cid, tuple(replace(m, sender=_mask_identifiers(m.sender), text=_mask_identifiers(m.text))
                                   for m in found)) for cid, found in data.messages),
        exhibits=tuple(redact_exhibit(ex) for ex in data.exhibits),
    )


def redact_exhibit(ex: ExhibitData) -> ExhibitData:
    """An exhibit as a redacted dossier carries it (``masking.py``): its transcription masked, and in place of
    the original a masked copy (a picture that was machine-read, a text file) or nothing (``attached``)."""
    from walletcare.evidence.dossier import masking
    from walletcare.evidence.dossier.images import IMAGE_MIMES, make_print_jpeg

    ev = ex.evidence
    reading = masking.mask_text(ex.reading) if ex.reading else ""
    boxes = tuple(masking.mask_boxes(ex.reading_lines)) if ex.reading_lines else ()
    ex = replace(ex, original=ex.data(), load=None)  # (the masked copy is made from it; the original never travels)
    if ev.mime in masking.TEXT_MIMES or ev.mime.startswith("text/"):
        if ex.original is None:
            return replace(ex, reading=reading, attached=masking.ATTACHED_NONE)
        return replace(ex, reading=reading, original=masking.masked_text_file(ex.original),
                       attached=masking.ATTACHED_REDACTED)
    if ev.mime in IMAGE_MIMES:
        if not ex.reading_lines:  # never machine-read: nothing could be located in it to mask
            return replace(ex, reading=reading, attached=masking.ATTACHED_NONE, original=None)
        if ex.original is None:  # (a case built by hand without its bytes) a copy cannot be made: not printed
            return replace(ex, reading=reading, attached=masking.ATTACHED_NONE, print_jpeg=None, print_size=None)
        copy = masking.boxed_image(ex.original, [box for _page, box in boxes])
        if copy is None:
            return replace(ex, reading=reading, attached=masking.ATTACHED_NONE, original=None,
                           print_jpeg=None, print_size=None)
        made = make_print_jpeg(copy)
        return replace(ex, reading=reading, original=copy, attached=masking.ATTACHED_REDACTED, mask_boxes=boxes,
                       print_jpeg=made[0] if made else None, print_size=made[1] if made else None)
    if ev.mime == "application/pdf":  # printed as page images with the boxes drawn on them; the file stays home
        return replace(ex, reading=reading, attached=masking.ATTACHED_NONE, mask_boxes=boxes)
    return replace(ex, reading=reading, attached=masking.ATTACHED_NONE, original=None)


def without_local_paths(data: DossierData) -> DossierData:
    """A copy of ``data`` whose exhibits name the file they came from without its folders (which name the
    user's account and folders on this computer): every dossier, redacted or not, leaves them out."""
    return replace(data, exhibits=tuple(
        replace(ex, evidence=replace(ex.evidence, origin_detail=_PATH.sub(lambda m: m.group(2), ex.evidence.origin_detail)))
        if ex.evidence.origin_detail else ex for ex in data.exhibits))


# a file's folders (they name the user's account and folders) in an exhibit's origin: only the file name stays
_PATH = re.compile(r"((?:[A-Za-z]:)?(?:[\\/][^\\/]+)*[\\/])([^\\/]+?)(?= \(|$)")


def _reference_text(ref: Reference) -> str:
    # a transaction hash is 64 hex digits like a private key: the cue tells the detector what it is
    return f"tx hash: {ref.value}" if ref.kind == "tx_hash" else ref.value


def _fields(data: DossierData, lang: str) -> Iterator[tuple[str, str, str]]:
    """``(section, field, text)`` for every free text the dossier prints."""
    case = data.case
    t = lang
    for name, party in ((translate("Claimant", t), case.claimant), (translate("Respondent", t), case.respondent)):
        for fname in ("name", "phone", "email", "address", "id_number", "organisation", "staff",
                      "merchant_order_no", "counterparty_account", "on_behalf_of"):
            yield name, fname, getattr(party, fname)
    cover = translate("Cover", t)
    yield cover, "title", case.title
    yield cover, "provider", case.provider
    account = translate("Account", t)
    yield account, "account", case.account
    yield account, "linked_card", case.linked_card
    yield account, "wallet_app", case.wallet_app
    letter = translate("Summary letter", t)
    yield letter, "description", case.description
    yield letter, "letter", case.letter
    yield translate("Requested resolution", t), "requested_resolution", case.requested_resolution
    yield translate("Requested resolution", t), "desired_outcome", case.desired_outcome
    yield translate("Issue classification", t), "classification", case.classification
    yield translate("Security actions taken", t), "security_actions", case.security_actions
    yield translate("Reports filed", t), "reports_filed", case.reports_filed
    txs = translate("Transactions", t)
    for tx in data.transactions:
        where = f"#{tx.id}"
        for fname in ("counterparty", "description", "note", "status", "channel"):
            yield txs, f"{where} {fname}", getattr(tx, fname)
        for ref in tx.references:
            yield txs, f"{where} {ref.kind}", _reference_text(ref)
        for key, value in tx.extra:
            yield txs, f"{where} {key}", value
    contacts = translate("Contact log", t)
    for contact in data.contacts:
        where = f"#{contact.id}"
        for fname in ("summary", "promised", "agent", "ticket", "channel", "official_source"):
            yield contacts, f"{where} {fname}", getattr(contact, fname)
    exhibits = translate("Exhibits", t)
    for ex in data.exhibits:
        yield exhibits, f"#{ex.evidence.id} caption", ex.evidence.caption
        yield exhibits, f"#{ex.evidence.id} file_name", ex.evidence.file_name
        yield exhibits, f"#{ex.evidence.id} {ex.evidence.file_name}", _attached_text(ex)


_TEXT_SCANNED = 4 * 1024 * 1024  # bytes of an attached text file read for secrets
_TX_HASH = re.compile(r"(?<![0-9A-Za-z])0x[0-9a-fA-F]{64}(?![0-9A-Za-z])")


def _attached_text(ex: ExhibitData) -> str:
    """The text of an attached file the user added (a note, a chat log saved as text, JSON ...), to be checked
    like every printed text. Images and PDFs cannot be read this way; the wallets' own export files
    (origin ``import``) are left out: their ids and hashes are not the user's writing."""
    evidence = ex.evidence
    if evidence.origin == "import":
        return ""
    if not (evidence.mime.startswith("text/") or evidence.mime in ("application/json", "application/xml")):
        return ""
    original = ex.data()
    if original is None:
        return ""
    head = original[:_TEXT_SCANNED]
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3:  # a character cut at the end of the part read
            text = head[: exc.start].decode("utf-8")
        else:
            text = head.decode("gb18030", errors="replace")
    # 0x and 64 hex digits in a saved chat or an explorer export is a transaction hash: cued as one, like the
    # references of the transactions (a private key given as such is still found: bare, or after its own cue)
    return _TX_HASH.sub(lambda m: f"tx hash: {m.group(0)}", text)


def check_secrets(data: DossierData, lang: str) -> None:
    """Raises ``Refused`` naming the section and field of the first secret found in the dossier's text.

    Args:
        data: The dossier content (after redaction, when redaction is on).
        lang: The dossier language (for the section names in the message).
    """
    from walletcare.secrets import find_secrets

    for section, fname, text in _fields(data, lang):
        if not text:
            continue
        hits = find_secrets(text, kinds=REFUSE_KINDS)
        if hits:
            hit = hits[0]
            raise Refused(
                _(
                    "The dossier was not written: it would contain what looks like a {kind} "
                    "(in “{section}”, field {field}: {excerpt}). Remove it from the case and export again."
                ).format(kind=_secret_name(hit.kind), section=section, field=fname, excerpt=hit.excerpt)
            )


def _secret_name(kind: str) -> str:
    names = {
        "seed": _("recovery (seed) phrase"),
        "private_key": _("private key"),
        "card": _("full card number"),
        "cvv": _("card security code (CVV)"),
        "otp": _("one-time verification code"),
    }
    return names.get(kind, kind)
