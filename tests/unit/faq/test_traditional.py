"""zh-TW generation: Taiwan usage, the generated_from stamp, stale files regenerated, overrides kept."""

from __future__ import annotations

import shutil
from pathlib import Path

from walletcare.faq.traditional import build_all, convert, generated_from, source_hash

FIXTURES = Path(__file__).with_name("fixtures") / "articles"


def test_convert_uses_taiwan_words() -> None:
    assert convert("账户信息和短信验证码，账单") == "帳戶資訊和簡訊驗證碼，帳單"


def test_build_writes_stamps_and_skips(tmp_path: Path) -> None:
    root = tmp_path / "articles"
    shutil.copytree(FIXTURES, root)
    for path in root.glob("*/zh-TW.md"):
        path.unlink()
    override = root / "account-frozen" / "zh-TW.md"
    override.write_text("---\nid: account-frozen\ntitle: 手寫\nsummary: 手寫\n---\n手寫內容\n", encoding="utf-8")
    report = build_all(root)
    assert report.overrides == ("account-frozen",)
    assert set(report.written) == {"paypal-account-limited", "seed-phrase-never-share", "withdrawal-pending"}
    assert override.read_text(encoding="utf-8").count("手寫") == 3
    generated = (root / "withdrawal-pending" / "zh-TW.md").read_text(encoding="utf-8")
    assert generated_from(generated) == source_hash(root / "withdrawal-pending" / "zh-CN.md")
    assert generated.splitlines()[1:3] == ["id: withdrawal-pending", f"generated_from: {generated_from(generated)}"]
    assert "title: 提現一直顯示處理中" in generated and "related: [account-frozen, wizard:withdrawal-stuck]" in generated
    assert build_all(root).written == ()
    source = root / "withdrawal-pending" / "zh-CN.md"
    source.write_text(source.read_text(encoding="utf-8").replace("先别重复", "请别重复"), encoding="utf-8")
    assert build_all(root).written == ("withdrawal-pending",)
    assert "請別重複" in (root / "withdrawal-pending" / "zh-TW.md").read_text(encoding="utf-8")


def test_convert_fixes_what_s2twp_gets_wrong() -> None:
    text = convert("联系发卡行，等待审核，检查授权权限，交易已上链，“客服”")
    assert text == "聯絡發卡行，等待審核，檢查授權權限，交易已上鏈，「客服」"


def test_build_regenerates_when_the_rules_change(tmp_path: Path) -> None:
    folder = tmp_path / "a"
    folder.mkdir()
    (folder / "zh-CN.md").write_text("---\nid: a\ntitle: 发卡行\n---\n正文\n", encoding="utf-8")
    assert build_all(tmp_path).written == ("a",)
    target = folder / "zh-TW.md"
    target.write_text(target.read_text(encoding="utf-8").replace("發卡", "髮卡"), encoding="utf-8")
    assert build_all(tmp_path).written == ("a",)
    assert "發卡行" in target.read_text(encoding="utf-8")
    assert build_all(tmp_path).unchanged == ("a",)


def test_inside_is_written_the_taiwan_way() -> None:
    text = convert("真正的平台从提现金额里扣费，银行卡里没有；订单详情里长按；相距100公里，里程")
    assert "金額裡" in text and "卡裡" in text and "詳情裡" in text and "平臺" in text
    assert "公里" in text and "里程" in text
