"""Loading articles: front matter, inherited shared keys, language fallback, content hash, rendering hooks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from walletcare.faq.content import ContentError, Library, content_hash, split_front_matter

FIXTURES = Path(__file__).with_name("fixtures") / "articles"


def test_library_loads_every_article_and_language() -> None:
    library = Library.load(FIXTURES)
    assert library.ids() == ["account-frozen", "paypal-account-limited", "seed-phrase-never-share", "withdrawal-pending"]
    assert library.languages("withdrawal-pending") == ["zh-CN", "zh-TW", "en"]
    assert len(list(library)) == 12


def test_english_inherits_shared_keys_from_simplified() -> None:
    library = Library.load(FIXTURES)
    en = library.get("withdrawal-pending", "en")
    assert en is not None and en.lang == "en"
    assert en.title.startswith("My withdrawal")
    assert en.category == "withdrawal" and en.wallets == ("alipay", "wechat")
    assert "wizard:withdrawal-stuck" in en.related


def test_fallback_language_and_unknown_id() -> None:
    library = Library.load(FIXTURES)
    assert library.get("account-frozen", "fr").lang == "zh-CN"  # type: ignore[union-attr]
    assert library.get("no-such-article") is None
    assert "account-frozen" in library and "nope" not in library


def test_traditional_file_is_taiwan_usage() -> None:
    tw = Library.load(FIXTURES).get("account-frozen", "zh-TW")
    assert tw is not None and tw.title == "帳戶被凍結或限制了怎麼辦"
    assert "generated_from" in tw.meta


def test_html_and_terminal_rendering_of_an_article() -> None:
    article = Library.load(FIXTURES).get("withdrawal-pending", "zh-CN")
    assert article is not None
    html = article.html()
    assert "<h2>第一步：看预计到账时间</h2>" in html
    assert '<a href="article:account-frozen">' in html and "<table" in html and "<ol>" in html
    text = article.terminal_text(60)
    assert text.startswith("提现一直显示处理中\n")
    assert "| 处理中 " in text and "  1. 不要把验证码告诉任何人。" in text
    assert "**" not in text and "](article:" not in text


def test_front_matter_errors() -> None:
    with pytest.raises(ContentError):
        split_front_matter("no front matter")
    with pytest.raises(ContentError):
        split_front_matter("---\nid: x\nno closing line\n")
    with pytest.raises(ContentError):
        split_front_matter("---\n- a list\n---\nbody")
    meta, body = split_front_matter("\ufeff---\nid: x\n---\nbody\n")
    assert meta == {"id": "x"} and body == "body\n"


def test_unreadable_folder_is_skipped_by_the_library(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES, tmp_path / "articles")
    (tmp_path / "articles" / "broken").mkdir()
    (tmp_path / "articles" / "broken" / "zh-CN.md").write_text("---\nid: [\n---\n", encoding="utf-8")
    assert "broken" not in Library.load(tmp_path / "articles")


def test_content_hash_changes_with_any_file(tmp_path: Path) -> None:
    root = tmp_path / "articles"
    shutil.copytree(FIXTURES, root)
    before = content_hash(root)
    assert content_hash(root) == before
    path = root / "account-frozen" / "en.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    assert content_hash(root) != before
