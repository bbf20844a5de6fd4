"""Tests for the secret detector: recovery phrases, private keys, card numbers, CVVs and one-time codes."""

from __future__ import annotations

import hashlib
import random

import pytest
from mnemonic import Mnemonic

from walletcare.secrets import ALL_KINDS, find_secrets, luhn_ok, mask_secrets

B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58check(payload: bytes) -> str:
    data = payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    num = int.from_bytes(data, "big")
    out = ""
    while num:
        num, rem = divmod(num, 58)
        out = B58[rem] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def kinds(text: str, wanted=ALL_KINDS) -> list[str]:
    return [h.kind for h in find_secrets(text, wanted)]


@pytest.mark.parametrize("language", ["english", "chinese_simplified", "chinese_traditional"])
@pytest.mark.parametrize("strength", [128, 160, 192, 224, 256])
def test_generated_phrases_are_found_and_verified(language: str, strength: int) -> None:
    phrase = Mnemonic(language).generate(strength)
    text = f"Note to self:\n{phrase}\nkeep safe"
    hits = find_secrets(text)
    assert len(hits) == 1
    hit = hits[0]
    assert hit.kind == "seed" and hit.verified
    assert text[hit.start : hit.end] == phrase
    words = phrase.split()  # (one Chinese word may be a character of the excerpt's own wording, such as 词)
    assert " ".join(words[:2]) not in hit.excerpt and "".join(words[:2]) not in hit.excerpt


@pytest.mark.parametrize("language", ["english", "chinese_simplified", "chinese_traditional"])
def test_numbered_and_newline_forms(language: str) -> None:
    words = Mnemonic(language).generate().split()
    numbered = " ".join(f"{i}. {w}" for i, w in enumerate(words, 1))
    lines = "\n".join(f"{i}) {w}" for i, w in enumerate(words, 1))
    commas = "、".join(words)
    for text in (numbered, lines, commas):
        hits = find_secrets(text)
        assert [h.kind for h in hits] == ["seed"], text
        assert hits[0].verified


def test_chinese_phrase_without_separators_in_a_sentence() -> None:
    rng = random.Random(7)
    found = 0
    for _ in range(200):
        words = Mnemonic("chinese_simplified").to_mnemonic(rng.randbytes(16)).split()
        text = "我的助记词是" + "".join(words) + "，请帮我看看。"
        hits = find_secrets(text)
        found += bool(hits) and hits[0].kind == "seed"
    assert found >= 196


def test_mistyped_phrase_still_flagged_but_not_verified() -> None:
    words = Mnemonic("english").generate().split()
    words[3], words[7] = words[7], words[3]
    words[0] = "zoo" if words[0] != "zoo" else "abandon"
    hits = find_secrets(" ".join(words))
    assert [h.kind for h in hits] == ["seed"]


def test_eleven_words_are_not_a_phrase() -> None:
    words = Mnemonic("english").generate().split()[:11]
    assert find_secrets(" ".join(words)) == []


ENGLISH_PROSE = (
    "I was able to open the app again after the update, but the balance above shows the wrong amount. "
    "The agent on the phone said the order would arrive within seven days and gave me a ticket number. "
    "Please check my account: the actual payment was made on Monday morning from my bank card, and the "
    "refund has not come back. I also want to know what the fee is for a transfer to another country."
)
CHINESE_PROSE = (
    "如果你的支付宝付款显示成功，但是商家说没有收到钱，请先不要着急。首先打开账单页面，找到这笔交易的详情，"
    "看看状态是不是交易成功。一般情况下银行卡扣款会在三到七个工作日内退回。我们不会向你索要验证码或者支付密码，"
    "任何自称客服的人要求你转账到安全账户都是诈骗。请通过官方应用内的在线客服联系，不要拨打搜索结果里的电话号码。"
    "钱包里的这笔转账有交易哈希吗？在该链的区块浏览器里搜这个哈希，状态是什么？交易所要等到它自己的确认数才入账。"
    "對方錢包可能沒有添加這個代幣，或者用的不是同一條鏈。請對方添加代幣合約或切換網絡後再看。"
    "没有哈希或浏览器搜不到，说明这笔很可能没有发出去，资产仍在你的地址上。查看余额后再决定是否重发。"
)


def test_ordinary_prose_is_not_flagged() -> None:
    assert find_secrets(ENGLISH_PROSE, ALL_KINDS) == []
    assert find_secrets(CHINESE_PROSE, ALL_KINDS) == []


def test_a_chinese_clause_whose_checksum_happens_to_hold_is_prose() -> None:
    # twelve list characters, written together, with a valid checksum (one clause in sixteen has one) and few
    # frequent characters: 的 marks it as prose
    assert find_secrets("您好，您预订的乌镇游船票已确认，请提前15分钟到码头。", ALL_KINDS) == []


def test_private_keys_hex_wif_xprv() -> None:
    key = bytes(range(1, 33))
    hexkey = key.hex()
    assert kinds(f"my key {hexkey}") == ["private_key"]
    assert kinds(f"0x{hexkey}") == ["private_key"]
    wif_u = b58check(b"\x80" + key)
    wif_c = b58check(b"\x80" + key + b"\x01")
    assert len(wif_u) == 51 and len(wif_c) == 52
    for wif in (wif_u, wif_c):
        hits = find_secrets(f"import {wif} please")
        assert [h.kind for h in hits] == ["private_key"] and hits[0].verified
        assert wif not in hits[0].excerpt
    xprv = b58check(b"\x04\x88\xad\xe4" + bytes(9) + bytes(range(32)) + b"\x00" + key)
    assert xprv.startswith("xprv")
    assert kinds(xprv) == ["private_key"]


def test_tx_hash_in_tx_context_is_not_a_key() -> None:
    tx = "0x" + hashlib.sha256(b"tx").hexdigest()
    assert kinds(f"TxHash: {tx}") == []
    assert kinds(f"交易哈希 {tx}") == []
    assert kinds(f"https://etherscan.io/tx/{tx}") == []
    assert kinds(f"private key (not the tx hash): {tx}") == ["private_key"]
    assert kinds("0" * 64) == []


def test_card_numbers_need_luhn() -> None:
    assert luhn_ok("4539578763621486")
    assert kinds("卡号 4539 5787 6362 1486", ["card"]) == ["card"]
    assert kinds("card 4539-5787-6362-1486", ["card"]) == ["card"]
    assert kinds("card 4539 5787 6362 1487", ["card"]) == []
    assert kinds("订单号 4539578763621486", ["card"]) == []
    hits = find_secrets("4539578763621486", ["card"])
    assert hits[0].excerpt.endswith("1486") and "4539" not in hits[0].excerpt


def test_cvv_and_otp_need_context() -> None:
    assert kinds("CVV: 123", ["cvv"]) == ["cvv"]
    assert kinds("卡背后三位是 987", ["cvv"]) == ["cvv"]
    assert kinds("安全码 4321", ["cvv"]) == ["cvv"]
    assert kinds("I paid 123 yuan", ["cvv", "otp"]) == []
    assert kinds("【支付宝】验证码：482913，请勿泄露", ["otp"]) == ["otp"]
    assert kinds("您的驗證碼為 5531", ["otp"]) == ["otp"]
    assert kinds("Your verification code is 771204.", ["otp"]) == ["otp"]
    assert kinds("771204 is your verification code", ["otp"]) == ["otp"]
    assert kinds("动态码 12345678", ["otp"]) == ["otp"]
    assert kinds("the order 771204 arrived", ["otp"]) == []
    assert find_secrets("验证码：482913") == []  # not asked for


def test_mask_and_errors() -> None:
    for _ in range(20):
        phrase = Mnemonic("english").generate()
        masked = mask_secrets(f"seed: {phrase}\nthanks")
        assert masked.startswith("seed: ") and masked.endswith("\nthanks")
        assert set(masked[6:-7]) == {"•", " "}
    with pytest.raises(ValueError):
        find_secrets("x", ["password"])
    assert find_secrets("") == []


def test_evidence_hashes_are_not_keys() -> None:
    digest = hashlib.sha256(b"evidence").hexdigest()
    assert find_secrets(f"sha256: {digest}") == []
    assert find_secrets(f"SHA-256 {digest}") == []
    assert find_secrets(f"generated_from: {digest}") == []


def test_shipped_help_texts_are_not_flagged() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    files = sorted((root / "resources" / "articles").glob("*/*.md")) + sorted((root / "walletcare" / "locale").glob("*/*.po"))
    files += sorted((root / "resources" / "wizards").glob("*.yaml"))
    assert len(files) > 20
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert [(h.kind, h.excerpt) for h in find_secrets(text)] == [], path.name
