"""Screenshots of every main screen in the three languages (``tests/screenshots/``, git-ignored), checked
to be non-blank and, where a Chinese font is installed, free of missing-glyph boxes ("tofu")."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtGui import QColor, QFont, QFontMetrics, QGuiApplication, QImage
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QWidget

from tests.gui.conftest import make_window, unlock_through_ui
from walletcare.evidence.models import Case, Contact, Deadline, Transaction
from walletcare.i18n import set_language
from walletcare.ui.app import apply_cjk_font
from walletcare.ui.dialogs.about import AboutDialog
from walletcare.ui.dialogs.export import ExportDialog
from walletcare.ui.main_window import MainWindow

OUT = Path(__file__).resolve().parent.parent / "screenshots"
TZ = timezone(timedelta(hours=8))
SCAM = "您好，我是支付宝客服。您的账户涉嫌违规，请把验证码发给我，并下载向日葵远程协助，把余额转到安全账户。"


def non_blank(image: QImage) -> bool:
    """More than a handful of distinct colours on a sampling grid."""
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    return len(colours) > 8


def missing_glyphs(root: QWidget) -> list[str]:
    """Characters in visible texts that no family of the widget's font can draw."""
    missing: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            text = widget.text()
        else:
            continue
        font: QFont = widget.font()
        metrics = [QFontMetrics(QFont(family)) for family in font.families() or [font.family()]]
        for char in set(text):
            if ord(char) < 0x2E80 or char.isspace():
                continue
            if not any(m.inFontUcs4(ord(char)) for m in metrics):
                missing.append(char)
    return missing


def fill_vault(window: MainWindow) -> None:
    store = window.session._store()
    case = store.cases.add(Case(id=0, title="支付宝提现失败 / Withdrawal failed", provider="支付宝", amount=Decimal("1280.00"),
                                currency="CNY", status="open", description="5月1日提现到银行卡，显示成功但未到账。",
                                deadlines=(Deadline(due=datetime.now().date() + timedelta(days=12), label="12315 投诉"),)))
    store.cases.add(Case(id=0, title="PayPal refund refused", provider="PayPal", amount=Decimal("59.90"), currency="USD",
                         status="escalated"))
    store.cases.add(Case(id=0, title="USDT 转错网络", provider="imToken", kind="crypto", amount=Decimal("300"),
                         currency="USDT", status="resolved"))
    start = datetime(2024, 5, 1, 9, 30, tzinfo=TZ)
    store.transactions.add_many([
        Transaction(id=0, case_id=case.id, time=start + timedelta(hours=i * 5), amount=Decimal(100 + i * 3) + Decimal("0.5"),
                    currency="CNY", direction="out" if i % 3 else "in", counterparty=f"商户 {i}", status="交易成功",
                    description=f"订单 {i}", dedup_key=f"s{i}") for i in range(40)])
    store.contacts.add(Contact(id=0, case_id=case.id, kind="call", at=start + timedelta(days=2), summary="客服说 3 个工作日内处理",
                               agent="工号 1234", channel="95188（官方 App 内）", promised="3 个工作日内到账"))
    image = QImage(400, 260, QImage.Format.Format_RGB32)
    image.fill(QColor("#2a6fdb"))
    from walletcare.ui.case_tabs.evidence import image_png

    store.evidence.add(case.id, image_png(image), "screenshot.png", caption="提现成功页面截图", origin="clipboard")


def save(name: str, widget: QWidget, lang: str, problems: list[str], check_glyphs: bool) -> None:
    QApplication.processEvents()
    image = widget.grab().toImage()
    OUT.mkdir(parents=True, exist_ok=True)
    image.save(str(OUT / f"{lang}-{name}.png"))
    if not non_blank(image):
        problems.append(f"{lang}-{name}: blank")
    if check_glyphs:
        missing = missing_glyphs(widget)
        if missing:
            problems.append(f"{lang}-{name}: no glyph for {''.join(sorted(set(missing)))}")


@pytest.mark.parametrize("lang", ["zh-CN", "zh-TW", "en"])
def test_screens(qtbot: QtBot, existing_vault: Path, lang: str) -> None:
    has_cjk = apply_cjk_font(QApplication.instance()) is not None  # type: ignore[arg-type]
    set_language(lang)
    window = make_window(qtbot, existing_vault, language=lang)
    window.resize(1100, 720)
    problems: list[str] = []
    save("unlock", window, lang, problems, has_cjk)
    unlock_through_ui(window)
    fill_vault(window)
    window.show_area("help")
    window.help.search.setText({"en": "refund", "zh-TW": "退款"}.get(lang, "提现失败"))
    window.help.run_search()
    save("help-search", window, lang, problems, has_cjk)
    window.help.show_article("withdrawal-failed")
    save("help-article", window, lang, problems, has_cjk)
    window.help.show_wizard("deducted-not-received")
    save("help-wizard", window, lang, problems, has_cjk)
    window.show_area("cases")
    window.cases.show_list()
    save("cases", window, lang, problems, has_cjk)
    records = window.cases.list.model.records()
    window.cases.open_case(next(c for c in records if c.provider == "支付宝"))
    page = window.cases.case_page
    for index, name in enumerate(("overview", "transactions", "contacts", "evidence", "timeline", "plan")):
        page.show_tab(index)
        qtbot.wait(20)
        save(f"case-{name}", window, lang, problems, has_cjk)
    window.show_area("safety")
    window.safety.text.setPlainText(SCAM)
    window.safety.check()
    qtbot.waitUntil(lambda: window.safety.report is not None, timeout=5000)
    assert window.safety.report.risk == "high"
    save("safety", window, lang, problems, has_cjk)
    window.show_area("settings")
    save("settings", window, lang, problems, has_cjk)
    dialog = ExportDialog(window.session, page.case, window.settings, window)
    qtbot.addWidget(dialog)
    dialog.show()
    save("export", dialog, lang, problems, has_cjk)
    dialog.close()
    for key, menu in window.menus.menus.items():  # each menu open, as a user sees it
        menu.popup(window.mapToGlobal(window.menuBar().actionGeometry(menu.menuAction()).bottomLeft()))
        save(f"menu-{key}", menu, lang, problems, has_cjk)
        menu.hide()
    about = AboutDialog(window.session.folder, window)
    qtbot.addWidget(about)
    about.show()
    save("about", about, lang, problems, has_cjk)
    about.close()
    window.lock()
    save("locked", window, lang, problems, has_cjk)
    QGuiApplication.clipboard().clear()
    assert problems == []


@pytest.mark.parametrize("lang", ["zh-CN", "zh-TW", "en"])
def test_first_run_screens(qtbot: QtBot, tmp_path: Path, lang: str) -> None:
    has_cjk = apply_cjk_font(QApplication.instance()) is not None  # type: ignore[arg-type]
    set_language(lang)
    window = make_window(qtbot, tmp_path / "vault", language=None)
    window.resize(1100, 720)
    problems: list[str] = []
    first_run = window.cases.gate.first_run
    save("first-run-language", window, lang, problems, has_cjk)
    first_run.language_buttons[lang].click()
    save("first-run-start", window, lang, problems, has_cjk)
    first_run.create_button.click()
    first_run.passphrase.first.setText("correct horse battery staple 42")
    first_run.passphrase.second.setText("correct horse battery staple 42")
    save("first-run-passphrase", window, lang, problems, has_cjk)
    first_run.create_go.click()
    save("first-run-recovery-code", window, lang, problems, has_cjk)
    assert first_run.code.text()
    window.show_area("help")
    window.show_area("cases")  # going elsewhere and back keeps the code on screen until confirmed
    assert first_run.showing_code() and window.cases.stack.currentWidget() is window.cases.gate_holder
    assert problems == []
