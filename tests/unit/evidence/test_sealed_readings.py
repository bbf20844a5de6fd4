"""A screenshot sealed for showing a secret: what it holds is described in the language of the moment, not the
one it was read in (a Chinese description in an English window was a defect)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from mnemonic import Mnemonic

from walletcare.evidence.models import Case
from walletcare.evidence.ocr import OcrLine, OcrResult
from walletcare.evidence.store import Store
from walletcare.i18n import current_language, set_language

WORDS = Mnemonic("english").to_mnemonic(bytes(range(7, 23))).split()
WIF = "5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ"  # the well-known example key of the Bitcoin wiki


@pytest.fixture
def language() -> Iterator[None]:
    before = current_language()
    yield
    set_language(before)


def _png(text: str) -> bytes:
    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (40, 40 + len(text)), "white").save(png, "PNG")  # a different picture for each text
    return png.getvalue()


def _seal(store: Store, case: Case, text: str) -> int:
    item, duplicate = store.evidence.add(case.id, _png(text), "support-chat.png")
    assert not duplicate
    lines = tuple(OcrLine(t, 0.99, ((0, 0), (1, 0), (1, 1), (0, 1))) for t in text.splitlines())
    assert store.readings.save(item.id, OcrResult(lines, 1, "test", "test")).sealed
    return item.id


@pytest.mark.usefixtures("language")
def test_the_sealed_item_is_described_in_the_language_chosen_later(store: Store, case: Case) -> None:
    set_language("zh-CN")
    seed = _seal(store, case, "客服：请发送助记词\n" + " ".join(WORDS[:6]) + "\n" + " ".join(WORDS[6:]))
    key = _seal(store, case, "private key\n" + WIF)
    said_cn = (store.readings.get(seed).excerpt, store.readings.get(key).excerpt)
    assert said_cn[0].startswith("12 个词（英文词表）") and "WIF" in said_cn[1] and "51" in said_cn[1]
    set_language("en")
    seed_en, key_en = store.readings.get(seed).excerpt, store.readings.get(key).excerpt
    assert seed_en.startswith("12 words (English word list)") and "个" not in seed_en
    assert key_en.startswith("WIF key 5…") and "51 characters" in key_en
    set_language("zh-TW")
    assert store.readings.get(seed).excerpt.startswith("12 個詞（英文詞表）")
    assert not any(word in said + seed_en + key_en for word in WORDS for said in said_cn)  # never the words
    assert WIF[1:] not in key_en


@pytest.mark.usefixtures("language")
def test_a_private_key_is_described_in_chinese_in_a_chinese_window(store: Store, case: Case) -> None:
    set_language("zh-CN")
    key = _seal(store, case, "私钥\n" + "a1" * 32)
    said = store.readings.get(key).excerpt
    assert said == "64 位十六进制数字 a1…", said


def test_the_command_line_says_what_to_do_if_the_secret_was_sent(vault_dir: Path) -> None:
    from tests.unit.evidence.conftest import PASSPHRASE
    from walletcare.evidence.vault import Vault

    opened = Vault.open(vault_dir, bytearray(PASSPHRASE.encode()))
    try:
        case = opened.store.cases.add(Case(id=0, title="假客服"))
        item = _seal(opened.store, case, "Support: send your recovery phrase\n" + " ".join(WORDS))
    finally:
        opened.close()
    env = {**os.environ, "WALLETCARE_PASSPHRASE": PASSPHRASE}

    def cli(lang: str, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "walletcare", "--vault", str(vault_dir), "--lang", lang, *args],
                              capture_output=True, text=True, env=env, timeout=120)

    shown = cli("en", "evidence", "text", str(item))
    assert shown.returncode == 0, shown.stderr
    assert "no longer safe" in shown.stdout and "create a new wallet" in shown.stdout
    assert "check it against the picture" not in shown.stdout  # no text is kept, so none is shown as read
    listed = cli("zh-TW", "evidence", "sealed")
    assert "12 個詞（英文詞表）" in listed.stdout and "建立一個新錢包" in listed.stdout, listed.stdout
    assert not any(word in shown.stdout + listed.stdout for word in WORDS)


def test_adding_a_sealed_screenshot_again_says_it_is_sealed(vault_dir: Path, tmp_path: Path) -> None:
    from tests.unit.evidence.conftest import PASSPHRASE
    from walletcare.evidence.vault import Vault

    text = "Support: send your recovery phrase\n" + " ".join(WORDS)
    opened = Vault.open(vault_dir, bytearray(PASSPHRASE.encode()))
    try:
        case = opened.store.cases.add(Case(id=0, title="假客服"))
        item = _seal(opened.store, case, text)
    finally:
        opened.close()
    shot = tmp_path / "again.png"
    shot.write_bytes(_png(text))
    env = {**os.environ, "WALLETCARE_PASSPHRASE": PASSPHRASE}
    added = subprocess.run([sys.executable, "-m", "walletcare", "--vault", str(vault_dir), "--lang", "en", "evidence",
                            "add", "--case", str(case.id), str(shot), "--no-read"],
                           capture_output=True, text=True, env=env, timeout=120)
    assert added.returncode == 4, added.stdout + added.stderr
    assert "not stored twice" in added.stdout and f"keep-sealed {item}" in added.stderr
