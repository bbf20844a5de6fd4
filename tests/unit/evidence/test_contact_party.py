"""Who a contact was with (``Contact.party``): stored, checked and audited in a real vault; notes stored before
the field existed read as "not said" with their audit digests unchanged; every letter lists each contact under
a heading that is true for it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from walletcare.errors import UsageError
from walletcare.evidence import records, schema
from walletcare.evidence.channels import CHANNEL_IDS
from walletcare.evidence.letters import HEADINGS, LANGS, NONE_YET, compose, parse, template
from walletcare.evidence.models import CONTACT_PARTIES, Case, Contact
from walletcare.evidence.vault import Vault

from .conftest import passphrase

CN = timezone(timedelta(hours=8))
TODAY = date(2024, 6, 1)
SUMMARIES = {"seller": "SELLER-said-ship-tomorrow", "platform": "PLATFORM-opened-ticket",
             "bank": "BANK-blocked-card", "authority": "POLICE-took-report",
             "impostor": "IMPOSTOR-asked-for-code", "other": "FRIEND-saw-it", "": "OLD-note-no-party"}


def _contacts(case_id: int = 1) -> list[Contact]:
    return [Contact(n, case_id, "call", datetime(2024, 5, n, 10, 0, tzinfo=CN), SUMMARIES[party], party=party)
            for n, party in enumerate(("seller", "platform", "", "bank", "authority", "impostor", "other"), 1)]


def test_party_is_stored_checked_and_audited(vault: Vault) -> None:
    store = vault.store
    case = store.cases.add(Case(0, "PayPal 未收到货"))
    added = store.contacts.add(Contact(0, case.id, "chat", datetime(2024, 5, 1, 9, 0, tzinfo=CN), "问了客服",
                                       party="platform"))
    assert store.contacts.get(added.id).party == "platform"
    changed = store.contacts.update(Contact(**{**added.__dict__, "party": "impostor", "summary": "是假客服"}))
    assert store.contacts.get(added.id) == changed and changed.party == "impostor"
    update = store.audit.entries(case.id)[-1]
    assert update.action == "update" and json.loads(update.detail)["party"] == "platform"  # the old value kept
    assert update.digest == records.digest(changed)
    before = len(store.audit.entries(case.id))
    for wrong in ("support", "Seller", " "):
        with pytest.raises(UsageError) as refused:
            store.contacts.add(Contact(0, case.id, "call", datetime(2024, 5, 2, tzinfo=CN), "x", party=wrong))
        assert repr(wrong) in str(refused.value) and ", ".join(CONTACT_PARTIES) in str(refused.value)
        with pytest.raises(UsageError):
            store.contacts.update(Contact(**{**changed.__dict__, "party": wrong}))
    assert [c.id for c in store.contacts.list(case.id)] == [added.id] and store.contacts.get(added.id) == changed
    assert len(store.audit.entries(case.id)) == before
    assert store.audit.verify()[0]


def test_notes_of_an_older_vault_read_as_not_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A vault made by the first schema version, with a note body as the code of that time wrote it, opens as
    the current version: the note says no party, its audit digest still matches, and it can be given one."""
    folder = tmp_path / "old"
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])
    vault, _code = Vault.create(folder, passphrase(), kdf_seconds=0)
    case = vault.store.cases.add(Case(0, "旧案件"))
    body = {"kind": "call", "at": "2024-03-03T09:30:00+08:00", "summary": "客服说三天内回复", "channel": "95188"}
    with vault.store.transaction():
        cur = vault.store.conn.execute("INSERT INTO contacts(case_id, t, body) VALUES (?, ?, ?)", (
            case.id, records.utc_micros(datetime.fromisoformat(body["at"])),
            json.dumps(body, ensure_ascii=False, separators=(",", ":"))))
        contact_id = int(cur.lastrowid)
        old_digest = hashlib.sha256(records.canonical(
            {**body, "id": contact_id, "case_id": case.id}).encode("utf-8")).hexdigest()
        vault.store.audit.record("create", f"contact:{contact_id}", case.id, old_digest)
    vault.close()
    monkeypatch.undo()

    with Vault.open(folder, passphrase()) as vault:
        store = vault.store
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == schema.current_version()
        note = store.contacts.get(contact_id)
        assert (note.party, note.summary, note.channel) == ("", "客服说三天内回复", "95188")
        assert records.digest(note) == old_digest  # a note that says no party hashes as it always did
        assert store.audit.verify()[0]
        for lang in LANGS:
            letter = compose(store.cases.get(case.id), [], store.contacts.list(case.id), "paypal", lang, TODAY)
            assert HEADINGS[lang]["unsaid"] + "\n1. " in letter and "客服说三天内回复" in letter
            assert template("paypal", lang).headings[0][1] not in letter  # not "Messages with the seller"
        store.contacts.update(Contact(**{**note.__dict__, "party": "platform"}))
        assert store.contacts.get(contact_id).party == "platform"
        assert store.audit.verify()[0]


def _heading_of(letter: str, summary: str) -> str:
    """The heading line of the block of the letter that lists the contact with ``summary``."""
    (block,) = [b for b in letter.split("\n\n") if summary in b]
    heading = block.splitlines()[0]
    assert summary not in heading
    return heading


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("channel", CHANNEL_IDS)
def test_each_letter_lists_contacts_under_true_headings(channel: str, lang: str) -> None:
    case = Case(1, "未收到货", provider="PayPal")
    letter = compose(case, [], _contacts(), channel, lang, TODAY)
    chosen = template(channel, lang)
    own = {g: h for groups, h in chosen.headings for g in groups}
    if "other" not in own:  # a friend or anyone else: only in a letter whose template names them (the police)
        assert SUMMARIES["other"] not in letter
    heading = {party: _heading_of(letter, summary) for party, summary in SUMMARIES.items()
               if party != "other" or "other" in own}
    for party in heading:
        group = party or "unsaid"
        assert heading[party] == own.get(group, HEADINGS[lang][group]), party
    assert heading["platform"] != heading["seller"]  # a call to the platform is not a message with the seller
    assert heading[""] not in (heading["seller"], heading["platform"], heading["impostor"])
    assert heading["impostor"] not in (heading["platform"], heading["bank"], heading["seller"])
    assert any(word in heading["impostor"] for word in ("posing", "冒充")), heading["impostor"]
    # numbered in time order over all contacts (the dossier's C1, C2 … numbers), the notes without a party last
    assert "1. " in letter and letter.index(SUMMARIES[""]) > letter.index(SUMMARIES["impostor"])
    assert "3. " in [line[:3] for line in letter.splitlines() if SUMMARIES[""] in line]
    assert letter.count(SUMMARIES["platform"]) == 1


def test_paypal_letter_wording() -> None:
    letters = {lang: compose(Case(1, "t"), [], _contacts(), "paypal", lang, TODAY) for lang in LANGS}
    assert _heading_of(letters["en"], SUMMARIES["seller"]) == "Messages with the seller:"
    assert _heading_of(letters["en"], SUMMARIES["platform"]) == "Contacts with PayPal:"
    assert _heading_of(letters["en"], SUMMARIES[""]) == "Contacts so far:"
    assert _heading_of(letters["zh-CN"], SUMMARIES["seller"]) == "与卖家的沟通："
    assert _heading_of(letters["zh-CN"], SUMMARIES[""]) == "此前的沟通："
    assert _heading_of(letters["zh-TW"], SUMMARIES[""]) == "此前的溝通："
    assert _heading_of(letters["zh-CN"], SUMMARIES["impostor"]).startswith("与冒充客服者的联系")


@pytest.mark.parametrize("lang", LANGS)
def test_police_report_puts_the_impostor_first_as_what_it_was(lang: str) -> None:
    letter = compose(Case(1, "冒充客服诈骗"), [], _contacts(), "police", lang, TODAY)
    impostor = _heading_of(letter, SUMMARIES["impostor"])
    first = letter.index(impostor)
    assert all(first < letter.index(_heading_of(letter, s)) for p, s in SUMMARIES.items() if p != "impostor")
    assert impostor.startswith({"en": "Contacts with a person posing as customer service", "zh-CN": "冒充客服者的联系",
                                "zh-TW": "冒充客服者的聯繫"}[lang])


@pytest.mark.parametrize("lang", LANGS)
def test_a_letter_without_contacts_says_none_under_its_own_heading(lang: str) -> None:
    for channel in CHANNEL_IDS:
        chosen = template(channel, lang)
        letter = compose(Case(1, "t"), [], [], channel, lang, TODAY)
        unsaid = [h for groups, h in chosen.headings if "unsaid" in groups]
        expected = (unsaid or [chosen.headings[0][1] if chosen.headings else HEADINGS[lang]["unsaid"]])[0]
        assert f"{expected}\n{NONE_YET[lang]}" in letter, channel


@pytest.mark.parametrize(("channel", "label"), [("12363", "First complaint to the institution: "),
                                              ("fdrc", "First written complaint: "),
                                              ("foi", "First complaint to the provider: ")])
def test_first_complaint_counts_from_the_first_contact_with_the_firm(channel: str, label: str) -> None:
    def first(contacts: list[Contact]) -> str:
        letter = compose(Case(1, "t", provider="支付宝"), [], contacts, channel, "en", TODAY)
        return next(line for line in letter.splitlines() if line.startswith(label))[len(label):]

    seller, platform, unsaid = _contacts()[:3]  # 1, 2 and 3 May
    assert first([seller, platform, unsaid]) == "2 May 2024"  # talking to the seller is no complaint to the firm
    assert first([seller, unsaid]) == "3 May 2024"  # a note that does not say who may be the complaint
    assert first([seller]) == "[to fill in]"


def test_template_contact_headings_are_checked() -> None:
    head = "name: x\naddressee: y\n"
    good = parse("paypal", "en", head + "contacts platform, bank: With you:\n---\n{attempts}\n")
    assert good.headings == ((("platform", "bank"), "With you:"),)
    for bad in ("contacts support: With you:", "contacts seller:", "contacts seller: A:\ncontacts seller, bank: B:"):
        with pytest.raises(ValueError):
            parse("paypal", "en", head + bad + "\n---\n{attempts}\n")


def test_summary_letter_counts_contacts_by_party_in_each_language() -> None:
    from walletcare.evidence.dossier.data import DossierData
    from walletcare.evidence.dossier.letter import compose_letter

    old = [replace(c, party="") for c in _contacts()[:3]]
    neutral = {lang: compose_letter(DossierData(case=Case(1, "t"), contacts=tuple(old)), lang) for lang in LANGS}
    assert "The contact log lists 3 contacts since 1 May 2024, with what was said" in neutral["en"]
    assert "自2024年5月1日起共联系 3 次，联系记录" in neutral["zh-CN"]
    assert "自2024年5月1日起共聯繫 3 次，聯繫紀錄" in neutral["zh-TW"]
    for text in neutral.values():
        assert "customer service" not in text and "客服" not in text
    one = compose_letter(DossierData(case=Case(1, "t"), contacts=(_contacts()[5],)), "zh-TW")
    assert "本人已於2024年5月6日就此事聯繫過一次（與冒充客服者（詐騙））" in one
    mixed = compose_letter(DossierData(case=Case(1, "t"), contacts=tuple(_contacts()[:3])), "zh-CN")
    assert "共联系 3 次（与卖家或商家 1 次；与支付平台或钱包的官方客服 1 次；1 次未注明联系对象）" in mixed
