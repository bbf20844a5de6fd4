"""Redaction masks identifiers; the secret check refuses seed phrases, private keys, CVVs, one-time codes and
full card numbers anywhere in the dossier, naming the section and field (card numbers are masked instead
when redaction is on); transaction hashes are not mistaken for private keys."""

from __future__ import annotations

from dataclasses import replace
from io import BytesIO
from typing import Any

import pytest
from pypdf import PdfReader

from walletcare.errors import Refused
from walletcare.evidence.dossier.layout import render
from walletcare.evidence.dossier.redact import check_secrets, mask, mask_address, redact

SEED = "legal winner thank year wave sausage worth useful legal winner thank yellow"
CARD = "4111 1111 1111 1111"


@pytest.fixture(autouse=True)
def _english() -> None:
    from walletcare.i18n import set_language

    set_language("en")


def test_mask_keeps_first_and_last_characters() -> None:
    assert mask("13812345678") == "138****5678"
    assert mask("6222020200112233445", 4, 4) == "6222********3445"
    assert mask("abc") == "a*c"
    assert mask("") == ""
    assert mask_address("上海市浦东新区世纪大道100号8楼") == "上海市浦********楼"


def test_redact_masks_identifiers(small: Any) -> None:
    data = redact(small)
    case = data.case
    assert case.claimant.phone == "138****5678"
    assert "世纪大道" not in case.claimant.address
    assert case.claimant.id_number.startswith("31") and "19900101" not in case.claimant.id_number
    assert case.account != small.case.account
    assert case.claimant.name == small.case.claimant.name
    assert case.security_actions.startswith("2026-03-05 ")  # dates are not phone numbers
    contacts = redact(replace(small, contacts=(replace(small.contacts[0], summary="客服电话 138 1234 5678 说会回电"),)))
    assert "138 1234 5678" not in contacts.contacts[0].summary and "5678" in contacts.contacts[0].summary
    tx = next(t for t in data.transactions if t.currency == "USDT")
    assert dict(tx.extra)["from"].startswith("TJa1b2") and "*" in dict(tx.extra)["from"]


def test_seed_phrase_in_a_contact_summary_is_refused_naming_the_section(small: Any, signer: Any,
                                                                        make_options: Any) -> None:
    contacts = (replace(small.contacts[0], summary=f"客服让我提供助记词：{SEED}"), *small.contacts[1:])
    bad = replace(small, contacts=contacts)
    with pytest.raises(Refused) as err:
        render(bad, make_options(lang="en"), signer=signer)
    assert err.value.exit_code == 4
    assert "Contact log" in err.value.text() and "summary" in err.value.text()
    assert "legal winner" not in err.value.text()
    with pytest.raises(Refused):
        render(bad, make_options(lang="en", redact=True), signer=signer)


@pytest.mark.parametrize(("field", "text", "section"), [
    ("description", "I was asked for my private key 0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318",
     "Summary letter"),
    ("requested_resolution", "They asked for the CVV 123 on the phone", "Requested resolution"),
    ("security_actions", "2026-03-05 收到验证码 482913 并告诉了对方", "Security actions taken"),
])
def test_other_secrets_refused(small: Any, field: str, text: str, section: str) -> None:
    bad = replace(small, case=replace(small.case, **{field: text}))
    with pytest.raises(Refused) as err:
        check_secrets(bad, "en")
    assert section in err.value.text()


def test_full_card_number_refused_unless_redacted(small: Any, signer: Any, make_options: Any) -> None:
    bad = replace(small, case=replace(small.case, description=f"The card {CARD} was charged twice."))
    with pytest.raises(Refused) as err:
        render(bad, make_options(lang="en"), signer=signer)
    assert "card" in err.value.text()
    pdf = render(bad, make_options(lang="en", redact=True), signer=signer).pdf
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages[:4])
    assert "4111 1111 1111 1111" not in text and "4111" in text


def test_transaction_hashes_are_not_private_keys(small: Any) -> None:
    assert any(r.kind == "tx_hash" for t in small.transactions for r in t.references)
    check_secrets(small, "zh-CN")


def test_seed_phrase_in_an_attached_text_file_is_refused(small: Any) -> None:
    from walletcare.evidence.dossier.data import ExhibitData

    note = replace(small.exhibits[0].evidence, id=99, file_name="notes.txt", mime="text/plain", origin="file")
    attached = ExhibitData(note, original=f"客服说：{SEED}".encode())
    with pytest.raises(Refused) as err:
        check_secrets(replace(small, exhibits=(*small.exhibits, attached)), "en")
    assert "notes.txt" in err.value.text() and "legal winner" not in err.value.text()
    export = replace(note, origin="import", file_name="alipay.csv", mime="text/csv")  # the wallet's own file: not scanned
    check_secrets(replace(small, exhibits=(*small.exhibits, ExhibitData(export, original=SEED.encode()))), "en")


def test_redaction_masks_wallet_addresses_and_account_numbers_in_free_text(small: Any) -> None:
    address, tx_hash = "0x5290c5eC7886E0F7030069857D2E4169EE7a1b2C", "0x" + "ab" * 32
    tx = replace(small.transactions[0], counterparty=address, note=f"账号 6222020200112233445 tx {tx_hash}",
                 extra=(("counterparty_account", "shop@example.com"),))
    masked = redact(replace(small, transactions=(tx,))).transactions[0]
    assert masked.counterparty == "0x5290********1b2C"
    assert "6222020200112233445" not in masked.note and "6222" in masked.note and tx_hash in masked.note
    assert dict(masked.extra)["counterparty_account"] != "shop@example.com"


def test_redaction_keeps_only_file_names_of_exhibit_origins(small: Any) -> None:
    ex = small.exhibits[0]
    moved = replace(ex, evidence=replace(ex.evidence, origin_detail="/home/li/私人/截图 1.png (mtime 2024-03-01T10:00:00+08:00)"))
    detail = redact(replace(small, exhibits=(moved,))).exhibits[0].evidence.origin_detail
    assert detail == "截图 1.png (mtime 2024-03-01T10:00:00+08:00)"


def test_redaction_leaves_dates_and_order_numbers_and_checks_base58_addresses() -> None:
    from walletcare.evidence.dossier.redact import _mask_identifiers

    kept = "账户2024-03-01被冻结, account 2024-01-05, 订单号 1234567891234567891234567891, id 3HJ7KQ2MN4PRS8TUV9WXYZ123ab"
    assert _mask_identifiers(kept) == kept
    assert _mask_identifiers("to 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2") == "to 1BvBMS********NVN2"


def test_transaction_hashes_in_an_attached_text_file_do_not_block_the_export(small: Any) -> None:
    from walletcare.evidence.dossier.data import ExhibitData

    log = replace(small.exhibits[0].evidence, id=98, file_name="eth.csv", mime="text/csv", origin="file")
    text = '"Txhash","From"\n"0x' + "5c" * 32 + '","0x' + "11" * 20 + '"\n'
    check_secrets(replace(small, exhibits=(*small.exhibits, ExhibitData(log, original=text.encode()))), "en")


@pytest.mark.parametrize("stored", [False, True])
def test_a_channel_letter_is_redacted_like_the_other_sections(small: Any, signer: Any, make_options: Any,
                                                              stored: bool) -> None:
    """The letter to a channel quotes the claimant's phone, address and id number whole; a redacted dossier
    prints the masked forms the claimant section prints, in the letter too (given at export or stored)."""
    claimant = small.case.claimant
    letter = (f"致：全国12315平台\n联系电话：{claimant.phone}\n联系地址：{claimant.address}\n"
              f"身份证号：{claimant.id_number}\n客服电话 139 1234 5678")
    data = replace(small, case=replace(small.case, letter=letter)) if stored else small
    opts = make_options(lang="zh-CN", redact=True, **({} if stored else {"letter": letter}))
    pdf = render(data, opts, signer=signer).pdf
    flat = "".join("".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages).split())
    assert "致：全国12315平台" in flat  # the letter is printed
    for value in (claimant.phone, "世纪大道100号", claimant.id_number, "13912345678"):
        assert "".join(value.split()) not in flat, value
    assert "联系电话：138****5678" in flat and mask_address(claimant.address) in flat
    plain = render(data, make_options(lang="zh-CN", **({} if stored else {"letter": letter})), signer=signer).pdf
    assert claimant.phone in "".join("".join(p.extract_text() for p in PdfReader(BytesIO(plain)).pages).split())
