"""The content validator: clean fixtures pass; each kind of problem is caught in a broken copy; the safety
phrase scanner catches requests to share secrets and lets warnings through; the shipped content passes."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from walletcare import resources
from walletcare.faq.safety_text import AllowedNumber, banned_advice, external_urls, phone_numbers
from walletcare.faq.validate import check_all, check_allow_list, check_articles, wizard_ids

FIXTURES = Path(__file__).with_name("fixtures") / "articles"
WIZARDS = {"withdrawal-stuck"}
ALLOWED = [AllowedNumber("12363", "PBOC", "pboc site")]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    target = tmp_path / "articles"
    shutil.copytree(FIXTURES, target)
    return target


def codes(root: Path, wizards: set[str] = WIZARDS) -> set[str]:
    return {p.code for p in check_articles(root, wizards, ALLOWED)}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_fixtures_are_clean(root: Path) -> None:
    assert check_articles(root, WIZARDS, ALLOWED) == []


def test_unknown_wizard_is_a_broken_link(root: Path) -> None:
    assert codes(root, set()) == {"broken-link"}


BREAKERS: dict[str, Callable[[Path], None]] = {
    "missing-language": lambda r: (r / "account-frozen" / "en.md").unlink(),
    "id-mismatch": lambda r: edit(r / "account-frozen" / "en.md", "id: account-frozen", "id: account-frozen-2"),
    "broken-link": lambda r: edit(r / "account-frozen" / "zh-CN.md", "related: [", "related: [no-such-article, "),
    "external-link": lambda r: edit(r / "account-frozen" / "en.md", "official app yourself.",
                                    "official app yourself, see [this](docs/help.html)."),
    "external-url": lambda r: edit(r / "account-frozen" / "en.md", "Most freezes", "See https://example.com. Most freezes"),
    "file-name": lambda r: edit(r / "account-frozen" / "en.md", "Most freezes", "See the list in numbers.yaml. Most freezes"),
    "markup": lambda r: edit(r / "account-frozen" / "en.md", "Most freezes", "Run `walletcare audit`. Most freezes"),
    "phone-number": lambda r: edit(r / "account-frozen" / "zh-CN.md", "保留通知截图", "拨打 400-820-1234 或保留通知截图"),
    "banned-advice": lambda r: edit(r / "account-frozen" / "zh-CN.md", "## 还是不行", "请提供助记词给客服完成验证。\n\n## 还是不行"),
    "short-body": lambda r: (r / "account-frozen" / "en.md").write_text(
        "---\nid: account-frozen\ntitle: t\nsummary: s\ntags: [a]\nsynonyms: [b]\n---\nToo short.\n", encoding="utf-8"),
    "missing-field": lambda r: edit(r / "account-frozen" / "zh-CN.md", "summary:", "summery:"),
    "bad-value": lambda r: edit(r / "account-frozen" / "zh-CN.md", "category: account", "category: accounts"),
    "stale-translation": lambda r: edit(r / "account-frozen" / "zh-CN.md", "多数是", "大多是"),
    "missing-sources": lambda r: edit(r / "account-frozen" / "zh-CN.md", "  - 冻结原因在 App 内通知中说明：钱包帮助说明\n",
                                      "  []\n").__class__ and edit(r / "account-frozen" / "zh-CN.md", "保留通知截图",
                                                                   "通常 3 个工作日内处理。保留通知截图"),
    "unreadable": lambda r: (r / "account-frozen" / "en.md").write_text("---\ntitle: [\n---\nbody", encoding="utf-8"),
    "bad-id": lambda r: shutil.copytree(r / "account-frozen", r / "Account_Frozen"),
    "duplicate-id": lambda r: shutil.copytree(r / "account-frozen", r / "account-frozen-copy"),
}


@pytest.mark.parametrize("code", sorted(BREAKERS))
def test_each_kind_of_problem_is_caught(root: Path, code: str) -> None:
    BREAKERS[code](root)
    assert code in codes(root)


@pytest.mark.parametrize("text", [
    "请提供助记词给客服", "把验证码告诉客服就能解冻", "請提供助記詞", "把驗證碼告訴我們",
    "Send us your recovery phrase to verify the wallet.", "Please tell me the verification code you received.",
    "Give your seed phrase to the agent.", "Enter your private key on this website to sync.",
    "请在网页里填写助记词完成同步。", "报一下支付密码，我帮你退款。",
])
def test_requests_to_share_secrets_are_banned(text: str) -> None:
    assert banned_advice(text)


@pytest.mark.parametrize("text", [
    "不要把验证码告诉任何人。", "不要把驗證碼告訴任何人。", "Never share your seed phrase.",
    "真正的客服不会要你提供助记词。", "如果有人让你提供验证码，那就是诈骗。", "Real support never asks for a private key.",
    "Do not send your recovery phrase to anyone.", "在官方 App 里输入支付密码完成付款。",
    "Write down your seed phrase on paper and keep it offline.",
    "骗子会说“请提供助记词完成钱包升级”。", "If anyone asks you to share a code, it is a scam.",
    "Give the wallet its own strong password.",
])
def test_safety_warnings_are_allowed(text: str) -> None:
    assert banned_advice(text) == []


def test_phone_numbers_urls_and_allow_list() -> None:
    found = phone_numbers("拨打 12363，或 400-123-4567，+86 138 0013 8000；24 小时、180 天、2026-11-23、10000 元、"
                          "订单号 20261123123456789、TRC20；打 110 报警")
    assert found == ["12363", "4001234567", "+8613800138000", "110"]
    assert external_urls("see https://example.com and www.paypal.com.") == ["https://example.com", "www.paypal.com."]
    assert check_allow_list([AllowedNumber("12363", "PBOC", "")])[0].code == "allow-list"


def test_wizard_ids_are_read_from_yaml(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("id: withdrawal-stuck\nstart: x\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text(": broken [", encoding="utf-8")
    assert wizard_ids(tmp_path) == {"withdrawal-stuck"}


def test_shipped_content_passes_the_safety_and_schema_checks() -> None:
    """Every shipped article is safe, well-formed, in three languages, with links that resolve. Links to
    wizards are checked once the wizard set has landed (14 wizards are planned)."""
    root = resources.path("articles")
    if not root.is_dir() or not any(root.iterdir()):
        pytest.skip("no shipped articles yet")
    problems = check_all(include_wizard_engine=False)
    if len(wizard_ids(resources.path("wizards"))) < 14:
        problems = [p for p in problems if "unknown wizard" not in p.message]
    assert problems == [], "\n".join(str(p) for p in problems[:40])
