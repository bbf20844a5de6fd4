"""Channels and their letters: which channels apply to which case (provider, region, issue), and a table test
per channel: the letter is generated in each language, printed in a dossier addressed to that channel, read
back with pypdf and checked for the fields the channel asks for (``shared/spec/channels.md``)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from walletcare.cli.main import main
from walletcare.evidence.channels import CHANNEL_IDS, applicable
from walletcare.evidence.dossier.data import DossierData, ExportOptions
from walletcare.evidence.dossier.layout import render
from walletcare.evidence.letters import BLANK, LANGS, REQUIRED, compose, placeholders, template
from walletcare.evidence.models import Case, Contact, Party, Reference, Transaction

from .conftest import PASSPHRASE
from .dossier.conftest import KeySigner

CST = timezone(timedelta(hours=8))
ORDER = "2024052022001412345678901234"
TX_HASH = "0x" + hashlib.sha256(b"drain").hexdigest()
EXPORTED = datetime(2024, 6, 3, 9, 0, tzinfo=CST)


def _ids(case: Case, txs: tuple[Transaction, ...] = ()) -> list[str]:
    return [a.id for a in applicable(case, txs)]


@pytest.mark.parametrize(("case", "expected", "never"), [
    (Case(1, "t", provider="支付宝", classification="游戏充值未到账"), ["merchant", "platform", "12315"],
     ["12363", "paypal", "reg-e", "fdrc", "foi", "police"]),
    (Case(1, "t", provider="微信支付", classification="转账已扣款对方未到账"), ["merchant", "platform", "12363"],
     ["12315", "paypal", "reg-e"]),
    (Case(1, "t", provider="PayPal", currency="USD", classification="item not received"),
     ["merchant", "platform", "paypal"], ["12315", "12363", "reg-e", "fdrc"]),
    (Case(1, "t", provider="Chase", kind="bank", currency="USD", linked_card="Visa 1234"),
     ["merchant", "platform", "card", "reg-e"], ["12315", "paypal"]),
    (Case(1, "t", provider="TokenPocket", kind="crypto"), ["police"], ["merchant", "platform", "12315", "card"]),
    (Case(1, "t", provider="AlipayHK", currency="HKD", classification="refund"), ["merchant", "platform", "fdrc"],
     ["12315", "12363", "foi"]),
    (Case(1, "t", provider="街口支付", currency="TWD"), ["merchant", "platform", "foi"], ["12315", "fdrc"]),
    (Case(1, "t", provider="支付宝", classification="被骗转账给假客服"), ["merchant", "platform", "police"], ["paypal"]),
])
def test_which_channels_apply(case: Case, expected: list[str], never: list[str]) -> None:
    ids = _ids(case)
    assert ids == [i for i in CHANNEL_IDS if i in ids]  # in ladder order
    assert set(expected) <= set(ids) and not set(never) & set(ids), ids


def _case() -> tuple[Case, tuple[Transaction, ...], tuple[Contact, ...]]:
    case = Case(7, "游戏充值已扣款未到账", provider="支付宝", kind="payment", account="wang@example.com",
                classification="not_received", requested_resolution="退还 199.00 元", linked_card="Visa 尾号 4242",
                description="5月20日充值 199 元，游戏内一直未到账。",
                claimant=Party(name="王小明", phone="13812345678", address="上海市浦东新区世纪大道100号",
                               id_type="居民身份证", id_number="310***********1234"),
                respondent=Party(organisation="某某网络科技有限公司", address="杭州市西湖区某路1号",
                                 credit_code="91330100MA2XXXXX1X"),
                card_network="Visa", card_last4="4242", merchant_descriptor="MOUHUO GAME HZ",
                expected_delivery=date(2024, 5, 20), statement_date=date(2024, 5, 31),
                first_complaint=date(2024, 5, 21), final_reply=date(2024, 5, 28))
    txs = (Transaction(1, 7, datetime(2024, 5, 20, 14, 32, tzinfo=CST), Decimal("199.00"), "CNY",
                       counterparty="某某网络科技有限公司",
                       references=(Reference("trade_no", ORDER), Reference("tx_hash", TX_HASH))),)
    contacts = (Contact(1, 7, "chat", datetime(2024, 5, 21, 10, 0, tzinfo=CST), "客服答应 24 小时内补发",
                        channel="App 在线客服", ticket="CS-7788"),)
    return case, txs, contacts


# what each channel asks for, beyond the date, addressee, disputed items, attempts and ask of every letter
CHANNEL_FIELDS = {
    "merchant": ("13812345678",),
    "platform": ("wang@example.com",),
    "12315": ("13812345678", "上海市浦东新区世纪大道100号", "杭州市西湖区某路1号", "某某网络科技有限公司",
              "91330100MA2XXXXX1X"),
    "12363": ("wang@example.com", "13812345678", "上海市浦东新区世纪大道100号", "310***********1234"),
    "card": ("Visa ···· 4242", "13.1", "4855", "MOUHUO GAME HZ"),
    "reg-e": ("wang@example.com", "13812345678"),
    "paypal": ("wang@example.com", "某某网络科技有限公司"),
    "police": (TX_HASH, "13812345678", "上海市浦东新区世纪大道100号"),
    "fdrc": ("wang@example.com", "支付宝"),
    "foi": ("wang@example.com", "支付宝"),
}


@pytest.mark.parametrize("channel", CHANNEL_IDS)
@pytest.mark.parametrize("lang", LANGS)
def test_letter_per_channel_in_a_sealed_dossier(channel: str, lang: str) -> None:
    case, txs, contacts = _case()
    letter = compose(case, txs, contacts, channel, lang, EXPORTED.date())
    assert BLANK[lang] not in letter  # the case holds every field this letter uses
    chosen = template(channel, lang)
    data = DossierData(case=case, transactions=txs, contacts=contacts)
    options = ExportOptions(lang=lang, exported_at=EXPORTED, app_version="test", letter=letter,
                            addressee=chosen.addressee.format(provider=case.provider, card=case.linked_card,
                                                              respondent=case.respondent.organisation))
    pdf = render(data, options, signer=KeySigner()).pdf
    flat = "".join("".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages).split())
    date_text = {"zh-CN": "2024年6月3日", "zh-TW": "2024年6月3日", "en": "3Jun2024"}[lang]
    for needed in (date_text, ORDER, "199.00", "CS-7788", "退还199.00元", *CHANNEL_FIELDS[channel]):
        assert "".join(needed.split()) in flat, (channel, lang, needed)
    assert "".join(options.addressee.split()) in flat


@pytest.mark.parametrize(("channel", "lang", "words", "never"), [
    ("police", "zh-CN", ("报案材料", "报案人", "对方（收款方）", "报案陈述"), ("投诉材料", "投诉人", "投诉信", "嫌疑人")),
    ("police", "zh-TW", ("報案資料", "報案人", "對方（收款方）", "報案陳述"), ("申訴資料", "申訴人", "嫌疑人")),
    ("police", "en", ("Crime report dossier", "Person reporting", "Other party (payee)", "Statement to the police"),
     ("Dispute dossier", "Claimant", "Summary letter")),
    ("12315", "zh-CN", ("投诉材料", "投诉人", "被投诉方", "投诉信"), ("报案材料", "报案人", "报案陈述")),
])
def test_a_dossier_for_the_police_is_worded_as_a_report(channel: str, lang: str, words: tuple[str, ...],
                                                        never: tuple[str, ...]) -> None:
    case, txs, contacts = _case()
    options = ExportOptions(lang=lang, exported_at=EXPORTED, app_version="test", channel=channel,
                            letter=compose(case, txs, contacts, channel, lang, EXPORTED.date()))
    reader = PdfReader(BytesIO(render(DossierData(case=case, transactions=txs, contacts=contacts), options,
                                      signer=KeySigner()).pdf))
    cover = "".join(reader.pages[0].extract_text().split())
    contents = "".join(reader.pages[1].extract_text().split())  # the contents page lists the letter's heading
    for word in words[:3]:
        assert "".join(word.split()) in cover, word
    assert "".join(words[3].split()) in contents
    for word in never:  # the plan's rungs may still name complaints to other channels; the headings may not
        assert "".join(word.split()) not in cover + contents, word
    assert reader.metadata.title.startswith(words[0])


def test_templates_use_known_fields_and_every_required_one() -> None:
    from walletcare.evidence.letters import FIELDS

    for channel in CHANNEL_IDS:
        for lang in LANGS:
            chosen = template(channel, lang)
            used = placeholders(chosen.body) | placeholders(chosen.addressee)
            assert used <= set(FIELDS) and set(REQUIRED) <= used, (channel, lang)


def test_missing_values_are_visible_blanks() -> None:
    case, txs, contacts = _case()
    bare = replace(case, claimant=Party(), linked_card="")
    letter = compose(bare, txs, (), "card", "zh-CN", date(2024, 6, 3))
    assert "持卡人：【请填写】" in letter and "（尚无记录）" in letter


@pytest.fixture
def cli_vault(vault_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WALLETCARE_PASSPHRASE", PASSPHRASE)
    return vault_dir


def test_cli_channels_letter_edit_and_export_to(cli_vault: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    v = ["--lang", "en", "--vault", str(cli_vault)]
    assert main([*v, "case", "new", "--title", "充值未到账", "--provider", "支付宝"]) == 0
    case_id = capsys.readouterr().out.strip()
    assert main([*v, "case", "edit", case_id, "--remedy", "Refund 199.00 CNY", "--classification",
                 "top-up not delivered"]) == 0
    assert main([*v, "tx", "add", "--case", case_id, "--time", "2024-05-20 14:32", "--amount", "199",
                 "--currency", "CNY", "--ref", ORDER, "--ref-kind", "trade_no"]) == 0
    capsys.readouterr()
    assert main([*v, "channels", "--case", case_id, "--json"]) == 0
    ids = [c["id"] for c in json.loads(capsys.readouterr().out)["channels"]]
    assert "12315" in ids and "paypal" not in ids and "reg-e" not in ids
    assert main([*v, "letter", "--case", case_id, "--to", "12315"]) == 0
    generated = capsys.readouterr().out
    assert ORDER in generated and "Refund 199.00 CNY" in generated
    def case_updates() -> int:
        capsys.readouterr()
        assert main([*v, "audit", "--case", case_id, "--json"]) == 0
        entries = json.loads(capsys.readouterr().out)
        return sum(1 for e in entries if e["action"] == "update" and e["object"] == f"case:{case_id}")

    before = case_updates()
    own = tmp_path / "mine.txt"
    own.write_text("My own letter to 12315 about order " + ORDER + "\n", encoding="utf-8")
    assert main([*v, "letter", "--case", case_id, "--to", "12315", "--edit", str(own)]) == 0
    assert case_updates() == before + 1  # stored with the case, audited
    assert main([*v, "letter", "--case", case_id, "--to", "12315"]) == 0
    assert capsys.readouterr().out == own.read_text(encoding="utf-8")
    assert main([*v, "letter", "--case", case_id, "--to", "nowhere"]) == 2
    target = tmp_path / "to-12315.pdf"
    assert main([*v, "export", "--case", case_id, "-o", str(target), "--to", "12315", "--lang", "en"]) == 0
    flat = "".join("".join(p.extract_text() for p in PdfReader(target).pages).split())
    assert "Myownletterto12315" in flat and "National12315platform" in flat
    assert "not among the channels" not in capsys.readouterr().err
    # a channel that does not fit the case: written as asked, with a note saying so
    assert main([*v, "export", "--case", case_id, "-o", str(tmp_path / "pp.pdf"), "--to", "paypal"]) == 0
    err = capsys.readouterr().err
    assert "“paypal” is not among the channels that fit this case" in err and "12315" in err


def test_content_check_reports_broken_letter_templates(tmp_path: Path) -> None:
    import shutil

    from walletcare import resources
    from walletcare.faq.validate import check_letters

    assert check_letters(resources.path("letters")) == []
    copy = tmp_path / "letters"
    shutil.copytree(resources.path("letters"), copy)
    (copy / "card" / "en.txt").unlink()
    broken = copy / "12315" / "zh-CN.txt"
    broken.write_text(broken.read_text(encoding="utf-8").replace("{attempts}", "{attempt}"), encoding="utf-8")
    codes = {(p.code, p.where) for p in check_letters(copy)}
    assert codes == {("letter-missing", "letters/card/en.txt"), ("letter-field", "letters/12315/zh-CN.txt")}


@pytest.mark.parametrize("channel", ["12315", "merchant"])
def test_merchant_letters_name_the_merchant_not_the_payment_platform(channel: str) -> None:

    from walletcare.evidence.letters import compose
    from walletcare.evidence.models import Party

    case = Case(1, "游戏充值未到账", provider="支付宝", classification="充值未到账",
                respondent=Party(name="某某游戏（上海）网络科技有限公司", organisation="支付宝（中国）网络技术有限公司"))
    for lang in ("zh-CN", "en"):
        letter = compose(case, [], [], channel, lang, date(2024, 5, 25))
        assert "某某游戏（上海）网络科技有限公司" in letter, (channel, lang)
        assert "支付宝（中国）网络技术有限公司" not in letter, (channel, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_police_letter_names_the_chain_wallet_app_and_own_addresses(lang: str) -> None:
    """What IC3 and the police ask for in a wallet drain; a case without them gets no line and no blank."""
    case, txs, contacts = _case()
    crypto = replace(case, kind="crypto", provider="TokenPocket", chain="Ethereum", wallet_app="TokenPocket 2.2.4",
                     own_addresses=("0x1429aa7f855c",))
    letter = compose(crypto, txs, contacts, "police", lang, date(2024, 6, 3))
    for value in ("Ethereum", "TokenPocket 2.2.4", "0x1429aa7f855c"):
        assert value in letter
    assert {"zh-CN": "区块链网络", "zh-TW": "區塊鏈網路", "en": "Network"}[lang] in letter
    plain = compose(case, txs, contacts, "police", lang, date(2024, 6, 3))
    assert BLANK[lang] not in plain and "Ethereum" not in plain
    assert {"zh-CN": "区块链网络", "zh-TW": "區塊鏈網路", "en": "Network:"}[lang] not in plain
    assert "\n\n\n" not in plain  # no empty line left where the wallet line would be


@pytest.mark.parametrize("channel", ["12315", "card", "merchant"])
def test_letters_say_what_was_bought(channel: str) -> None:
    case, txs, contacts = _case()
    bought = (replace(txs[0], description="游戏点券充值 1990 点"),)
    letter = compose(case, bought, contacts, channel, "zh-CN", date(2024, 6, 3))
    line = next(line for line in letter.splitlines() if ORDER in line)
    assert "游戏点券充值 1990 点" in line and "某某网络科技有限公司" in line
    same = (replace(txs[0], description="某某网络科技有限公司"),)  # never the counterparty twice
    again = compose(case, same, contacts, channel, "zh-CN", date(2024, 6, 3))
    assert next(line for line in again.splitlines() if ORDER in line).count("某某网络科技有限公司") == 1


def test_a_police_letter_names_hashes_and_exchanges_only_where_they_apply() -> None:
    case, txs, contacts = _case()
    for lang, hashes_label, exchange_only in (("zh-CN", "交易哈希", "通知收款交易所"), ("zh-TW", "交易雜湊值", "通知收款交易所"),
                                              ("en", "Transaction hashes", "receiving exchange")):
        unhashed = [replace(tx, references=tuple(r for r in tx.references if r.kind != "tx_hash")) for tx in txs]
        plain = compose(case, unhashed, contacts, "police", lang, EXPORTED.date())
        assert hashes_label not in plain and exchange_only not in plain, lang  # (a payment app's case has no hash)
        hashed = [replace(unhashed[0], references=(*unhashed[0].references, Reference("tx_hash", "0x" + "ab" * 32)))]
        with_hash = compose(case, hashed, contacts, "police", lang, EXPORTED.date())
        assert hashes_label in with_hash and "0x" + "ab" * 32 in with_hash, lang


@pytest.mark.parametrize(("provider", "lang", "shown", "absent"), [
    ("支付宝", "en", "Alipay customer service", "支付"),
    ("支付宝", "zh-TW", "支付寶", "支付宝"),
    (" alipay ", "zh-CN", "支付宝", "alipay"),
    ("微信支付", "en", "WeChat Pay customer service", "微信"),
    ("某某钱包", "en", "某某钱包 customer service", None),  # a name it does not know is written as the user wrote it
])
def test_a_known_provider_is_named_in_the_letters_language(provider: str, lang: str, shown: str,
                                                          absent: str | None) -> None:
    letter = compose(Case(1, "t", provider=provider), [], [], "platform", lang, date(2026, 12, 1))
    assert shown in letter
    assert absent is None or absent not in letter.lower()


@pytest.mark.parametrize("lang", LANGS)
def test_a_double_charge_letter_lists_the_original_charge_as_related(lang: str) -> None:
    """The duplicate is disputed; the charge it repeats, marked context, is listed after it as not disputed."""
    cst = timezone(timedelta(hours=-8))
    first = Transaction(1, 1, datetime(2026, 11, 2, 10, 0, tzinfo=cst), Decimal("59.99"), "USD", counterparty="Gadget Shop",
                        references=(Reference("reference", "ORIG-111"),), role="context")
    again = replace(first, id=2, time=datetime(2026, 11, 2, 10, 1, tzinfo=cst), references=(Reference("reference", "DUP-222"),),
                    role="disputed")
    letter = compose(Case(1, "Charged twice", provider="PayPal"), [first, again], [], "paypal", lang, date(2026, 12, 1))
    related = {"en": "Related payments, not disputed:", "zh-CN": "相关但不在争议中的交易：",
               "zh-TW": "相關但不在爭議中的交易："}[lang]
    assert letter.index("DUP-222") < letter.index(related) < letter.index("ORIG-111")
    assert compose(Case(1, "t"), [again], [], "paypal", lang, date(2026, 12, 1)).count(related) == 0
