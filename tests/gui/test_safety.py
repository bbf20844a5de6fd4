"""Safety check: a scam message gets the red banner with explained flags; saving it to a case keeps it as
evidence; a message with a recovery phrase is refused with a clear message and nothing is stored."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from walletcare.evidence.models import Case
from walletcare.ui.main_window import MainWindow
from walletcare.ui.pages.safety import DANGER_STYLE

SCAM = "我是微信支付客服，你的账户涉嫌违规，请立即把验证码发给我，并下载向日葵远程协助。"


def test_high_risk_banner_and_save(qtbot: QtBot, unlocked: MainWindow) -> None:
    window = unlocked
    case_id = window.session._store().cases.add(Case(id=0, title="可疑来电")).id
    window.show_area("safety")
    page = window.safety
    qtbot.waitUntil(lambda: page.case.findData(case_id) >= 0, timeout=2000)
    page.text.setPlainText(SCAM)
    qtbot.waitUntil(lambda: page.report is not None, timeout=5000)
    assert page.report.risk == "high"
    assert page.banner.isVisible() and page.banner.styleSheet() == DANGER_STYLE
    assert "R2" in {f.rule for f in page.report.flags}
    assert "怎么做" in page.flags.toPlainText()
    page.case.setCurrentIndex(page.case.findData(case_id))
    page.save.click()
    items = window.session._store().evidence.list(case_id)
    assert len(items) == 1 and items[0].origin == "typed" and "R2" in items[0].caption
    assert window.session._store().evidence.data(items[0].id).decode("utf-8") == SCAM


def test_recovery_phrase_is_refused(qtbot: QtBot, unlocked: MainWindow) -> None:
    from mnemonic import Mnemonic

    window = unlocked
    case_id = window.session._store().cases.add(Case(id=0, title="假客服")).id
    window.show_area("safety")
    page = window.safety
    qtbot.waitUntil(lambda: page.case.findData(case_id) >= 0, timeout=2000)
    phrase = Mnemonic("english").generate(128)
    page.text.setPlainText(f"客服让我验证钱包，输入助记词：{phrase}")
    page.case.setCurrentIndex(page.case.findData(case_id))
    page.save.click()
    assert window.session._store().evidence.list(case_id) == []
    assert "助记词" in page.banner.text() and phrase not in page.banner.text()
    assert page.banner.styleSheet() == DANGER_STYLE


def test_save_needs_the_vault(qtbot: QtBot, window: MainWindow) -> None:
    window.show_area("safety")
    window.safety.text.setPlainText(SCAM)
    window.safety.save.click()
    assert window.current_area() == "cases"


BITPIE = "波宝技术部门：您的USDT已被冻结，需要支付0.5个ETH矿工费才能解冻。客服热线 400-888-1234"


def test_family_and_directory_shown_in_every_language(qtbot: QtBot, window: MainWindow) -> None:
    window.show_area("safety")
    page = window.safety
    page.text.setPlainText(BITPIE)
    qtbot.waitUntil(lambda: page.report is not None, timeout=5000)
    assert page.report.risk == "high"
    assert "fee-to-unfreeze" in {f.id for f in page.report.families}
    shown = page.flags.toPlainText()
    assert "交费解冻" in shown and "bitpie.com" in shown and "没有电话客服" in shown
    assert "400-888-1234" in shown  # the unlisted number is named
    window.switch_language("en")
    qtbot.waitUntil(lambda: "fee-to-unfreeze scams" in page.flags.toPlainText(), timeout=5000)
    assert "has no phone support" in page.flags.toPlainText()
    window.switch_language("zh-TW")
    qtbot.waitUntil(lambda: "解凍" in page.flags.toPlainText(), timeout=5000)
    assert "沒有電話客服" in page.flags.toPlainText()
    assert page.text.toPlainText() == BITPIE  # the pasted text survives the language switches
