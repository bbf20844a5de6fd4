"""No technical words reach users in the window: the safety check's caption names the red flags, not rule
ids (R1, R2); the import preview names the format, not its id (alipay-1c); a help article never shows code
fences or backticks; adding evidence does not answer with a hash. Real window, vault and runner."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QApplication, QDialogButtonBox

from tests.gui.live_window import answer, live_window, open_case, query
from walletcare.faq.content import Library, article_from_meta
from walletcare.ui.dialogs.import_dialog import ImportDialog

SCAM = "我是微信支付客服，你的账户涉嫌违规，请立即把验证码发给我，并下载向日葵远程协助。"
RULE_ID = re.compile(r"\bR\d+\b")


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_safety_caption_names_the_flags_not_rule_ids(qtbot: QtBot, existing_vault: Path, lang: str) -> None:
    window = live_window(qtbot, existing_vault, lang)
    case = open_case(qtbot, window, "可疑来电")
    window.show_area("safety")
    page = window.safety
    qtbot.waitUntil(lambda: page.case.findData(case.id) >= 0, timeout=10000)
    page.text.setPlainText(SCAM)
    qtbot.waitUntil(lambda: page.report is not None, timeout=20000)
    assert page.report.risk == "high" and len(page.report.flags) >= 2
    page.case.setCurrentIndex(page.case.findData(case.id))
    page.save.click()
    qtbot.waitUntil(lambda: len(query(qtbot, window, lambda store: store.evidence.list(case.id))) == 1, timeout=10000)
    item = query(qtbot, window, lambda store: store.evidence.list(case.id))[0]
    assert not RULE_ID.search(item.caption), item.caption
    assert all(flag.title in item.caption for flag in page.report.flags), item.caption
    assert not RULE_ID.search(page.flags.toPlainText())
    assert item.file_name.startswith("安全检查的消息" if lang == "zh-CN" else "checked message")


def test_import_preview_names_the_format_in_words(qtbot: QtBot, existing_vault: Path, samples_dir: Path) -> None:
    window = live_window(qtbot, existing_vault, "zh-CN")
    case = open_case(qtbot, window)
    flow = window.cases.case_page.transactions.import_flow
    seen: list[str] = []
    problems: list[BaseException] = []

    def preview(dialog: object) -> None:
        assert isinstance(dialog, ImportDialog)
        qtbot.waitUntil(lambda: dialog.parsed is not None, timeout=20000)
        seen.append(dialog.summary.text())
        dialog.format.setCurrentIndex(dialog.format.findData("paypal"))  # the wrong format, by hand
        qtbot.waitUntil(lambda: dialog.parsed is None and "PayPal" in dialog.summary.text(), timeout=20000)
        seen.append(dialog.summary.text())
        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()

    answer(ImportDialog, preview, problems)
    flow.start(case.id, samples_dir / "alipay" / "dsg_alipay_2023fmt_HEAD.csv")
    qtbot.waitUntil(lambda: len(seen) == 2 or bool(problems), timeout=30000)
    assert not problems, problems
    assert "支付宝" in seen[0] and "alipay" not in seen[0].lower().replace("支付宝 alipay", ""), seen[0]
    assert "paypal export" not in seen[1].lower() and "“其他 CSV”" in seen[1], seen[1]


def test_help_article_never_shows_code_fences(qtbot: QtBot, existing_vault: Path) -> None:
    window = live_window(qtbot, existing_vault, "zh-CN")
    window.show_area("help")
    help_page = window.help
    qtbot.waitUntil(lambda: help_page.content.library is not None, timeout=60000)
    body = ("## 核对材料\n\n导出后运行 `walletcare verify` 检查文件是否完整。\n\n```\nwalletcare verify 投诉材料.pdf\n```\n\n"
            "~~~text\n检查结果：完整\n~~~\n\n- 第一步：**保存**截图\n")
    meta = {"id": "verify-dossier", "title": "核对 `投诉材料`", "summary": "用 `verify` 检查", "category": "evidence"}
    help_page.content.library = Library({"verify-dossier": {"zh-CN": article_from_meta(meta, body, "zh-CN")}})
    assert help_page.show_article("verify-dossier")
    shown = help_page.browser.toPlainText()
    assert "`" not in shown and "~~~" not in shown, shown
    assert "walletcare verify 投诉材料.pdf" in shown and "检查结果：完整" in shown and "保存截图" in shown.replace(" ", "")


def test_adding_evidence_answers_without_a_hash(qtbot: QtBot, existing_vault: Path, tmp_path: Path) -> None:
    window = live_window(qtbot, existing_vault, "zh-CN")
    open_case(qtbot, window)
    tab = window.cases.case_page.evidence
    path = tmp_path / "聊天记录.txt"
    path.write_text("客服：已受理。", encoding="utf-8")
    tab.add_files([path])
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=20000)
    qtbot.waitUntil(lambda: "聊天记录.txt" in window.statusBar().currentMessage(), timeout=10000)
    assert "SHA" not in window.statusBar().currentMessage()
    QApplication.processEvents()
