"""The article Markdown subset: HTML for QTextBrowser, terminal layout with East Asian widths, plain text."""

from __future__ import annotations

from walletcare.faq.markdown import display_width, parse, to_html, to_plain, to_terminal, wrap

SAMPLE = """**先别重复付款。** 看[说明](article:payment-failed)。

## 第一步
1. 打开账单
2. 找到交易：
   - 交易单号
   - 金额
3. 联系客服

| 显示 | 意思 |
|---|---|
| 处理中 | 等待 |

<script>alert(1)</script> [外部](https://example.com)
"""


def test_blocks() -> None:
    kinds = [b.kind for b in parse(SAMPLE)]
    assert kinds == ["para", "heading", "list", "table", "para"]


def test_html_subset_escapes_and_links() -> None:
    html = to_html(SAMPLE)
    assert "<p><b>先别重复付款。</b> 看<a href=\"article:payment-failed\">说明</a>。</p>" in html
    assert "<ol><li>打开账单</li><li>找到交易：<ul><li>交易单号</li><li>金额</li></ul></li><li>联系客服</li></ol>" in html
    assert "<th>显示</th>" in html and "<td>等待</td>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "https://example.com" not in html  # external links are not made clickable


def test_terminal_keeps_numbers_and_aligns_tables() -> None:
    text = to_terminal(SAMPLE, title="标题", width=40)
    lines = text.splitlines()
    assert lines[0] == "标题" and lines[1] == "===="
    assert "  3. 联系客服" in lines and "    • 金额" in lines
    table = [line for line in lines if line.startswith(("|", "+"))]
    assert len({display_width(line) for line in table}) == 1  # every row has the same width


def test_wrap_respects_width_for_mixed_text() -> None:
    text = "提现一直显示处理中，请先看预计到账时间 then contact support inside the official app only"
    for line in wrap(text, 20):
        assert display_width(line) <= 20
    assert "".join(wrap("一二三四五六", 4)) == "一二三四五六"


def test_plain_text() -> None:
    plain = to_plain(SAMPLE)
    assert "先别重复付款。 看说明。" in plain and "**" not in plain and "交易单号" in plain


def test_code_fences_and_backticks_never_reach_readers() -> None:
    from walletcare.faq.markdown import to_html, to_plain

    body = "运行 `walletcare verify` 检查。\n\n```bash\nwalletcare verify 材料.pdf\n```\n\n~~~\n结果：完整\n~~~\n"
    for shown in (to_html(body), to_plain(body)):
        assert "`" not in shown and "~~~" not in shown
        assert "walletcare verify 材料.pdf" in shown and "结果：完整" in shown
