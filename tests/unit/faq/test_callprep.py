"""Tests for call-preparation sheets: content by checklist, languages, text and HTML renderings."""

from __future__ import annotations

import html

from walletcare.faq.callprep import CHECKLIST_ITEMS, build_call_sheet


def test_sheet_lists_items_questions_and_safety_in_english() -> None:
    sheet = build_call_sheet(["tx-hash", "amount", "time", "unknown-key", "tx-hash"], "en", provider="Binance",
                             fields={"amount": "500 USDT", "date": "2026-11-20"})
    labels = [label for label, _ in sheet.have_ready]
    assert labels == [CHECKLIST_ITEMS["tx-hash"], CHECKLIST_ITEMS["amount"], CHECKLIST_ITEMS["time"]]
    assert dict(sheet.have_ready)[CHECKLIST_ITEMS["amount"]] == "500 USDT"
    assert dict(sheet.have_ready)[CHECKLIST_ITEMS["time"]] == "2026-11-20"
    assert sheet.title == "Before you contact Binance"
    assert any("hash" in q for q in sheet.questions)
    assert any("in writing" in q for q in sheet.questions)
    assert any("staff ID" in w for w in sheet.write_down)
    assert any("search results" in w for w in sheet.warnings)
    assert any("recovery phrase" in w for w in sheet.warnings)


def test_sheet_in_chinese_and_renderings() -> None:
    cn = build_call_sheet(["order-no", "screenshots"], "zh-CN")
    tw = build_call_sheet(["order-no", "screenshots"], "zh-TW")
    assert cn.title == "联系平台之前" and tw.title == "聯絡平臺之前"
    text = cn.to_text()
    assert "准备好" in text and "[ ] 订单号或交易号（在账单详情里）" in text and "通话时记下" in text
    assert "只拨打银行卡背面或账单上的电话" in text
    page = build_call_sheet(["order-no"], "en", provider="<Shop & Co>").to_html()
    assert "<h2>Before you contact &lt;Shop &amp; Co&gt;</h2>" in page
    assert page.count("<ul>") == 4 and html.unescape(page).count("Order or transaction number") == 1
    data = cn.as_json()
    assert set(data) == {"lang", "title", "have_ready", "questions", "write_down", "warnings"}


def test_every_checklist_item_is_translated() -> None:
    for key in CHECKLIST_ITEMS:
        for lang in ("zh-CN", "zh-TW"):
            label = build_call_sheet([key], lang).have_ready[0][0]
            assert label != CHECKLIST_ITEMS[key], (key, lang)
