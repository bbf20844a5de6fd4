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
    assert len(items) == 1 and items[0].origin == "typed"
    titles = [f.title for f in page.report.flags if f.rule == "R2"]
    assert titles and titles[0] in items[0].caption and "R2" not in items[0].caption  # names, not rule ids
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


def test_refusal_stays_on_screen_through_the_recheck_and_a_masked_copy_can_be_saved(
        qtbot: QtBot, existing_vault: object) -> None:
    """With the threaded runner, a re-check (the one saving starts, or any later one) may finish after the
    refusal; the refusal (and not "saved") must stay on screen."""
    from mnemonic import Mnemonic

    from tests.gui.conftest import make_window, unlock_through_ui

    window = make_window(qtbot, existing_vault, immediate=False)  # type: ignore[arg-type]
    unlock_through_ui(window)
    qtbot.waitUntil(lambda: window.session.unlocked, timeout=20000)

    def read(fn: object) -> object:
        got: list[object] = []
        window.session.read(fn, got.append)  # type: ignore[arg-type]
        qtbot.waitUntil(lambda: bool(got), timeout=5000)
        return got[0]

    case_id = read(lambda store: store.cases.add(Case(id=0, title="假客服")).id)
    window.show_area("safety")
    page = window.safety
    qtbot.waitUntil(lambda: page.case.findData(case_id) >= 0, timeout=5000)
    page.case.setCurrentIndex(page.case.findData(case_id))
    page.text.setPlainText(SCAM)
    page.save.click()
    qtbot.waitUntil(lambda: "保存到案件中" in window.statusBar().currentMessage(), timeout=10000)
    phrase = Mnemonic("english").generate(128)
    page.text.setPlainText(f"客服让我验证钱包，输入助记词：{phrase}")
    page.save.click()
    qtbot.waitUntil(lambda: "从不保存这些" in page.banner.text(), timeout=10000)
    shown: list[object] = []
    page.banner.setText = lambda text, real=page.banner.setText: (shown.append(text), real(text))[1]  # type: ignore[method-assign]
    qtbot.waitUntil(lambda: not page._debounce.isActive(), timeout=10000)
    qtbot.wait(1500)  # every re-check started by the save or the typing has shown its result by now
    page.check()  # and one more that surely ends after the refusal, whatever order the threads ran in
    qtbot.waitUntil(lambda: len(shown) >= 1, timeout=10000)
    assert "从不保存这些" in page.banner.text() and phrase not in page.banner.text()  # the refusal, not the re-check
    assert page.banner.styleSheet() == DANGER_STYLE
    assert "保存到案件中" not in window.statusBar().currentMessage()
    assert page.save_masked.isVisible()
    assert read(lambda store: len(store.evidence.list(case_id))) == 1  # only the first message
    page.save_masked.click()
    qtbot.waitUntil(lambda: read(lambda store: len(store.evidence.list(case_id))) == 2, timeout=10000)
    stored = read(lambda store: store.evidence.data(store.evidence.list(case_id)[-1].id).decode("utf-8"))
    assert isinstance(stored, str) and "客服让我验证钱包" in stored and "•" in stored
    assert not any(word in stored for word in phrase.split())
    assert not page.save_masked.isVisible() and "从不保存这些" not in page.banner.text()
    window.session.close()


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


def test_zh_tw_page_quotes_the_users_words_with_taiwan_marks(qtbot: QtBot, window: MainWindow) -> None:
    window.switch_language("zh-TW")
    try:
        window.show_area("safety")
        page = window.safety
        page.text.setPlainText("我是波宝技术部，您的USDT被冻结，需要先支付0.5 ETH矿工费才能解冻")
        qtbot.waitUntil(lambda: page.report is not None, timeout=5000)
        shown = page.flags.toPlainText()
        assert "「冻结，需要先支付" in shown and "“" not in shown
        assert "冒充比特派（Bitpie）" in shown and "bitpie.com" in shown and "與已知詐騙話術相似" in shown
    finally:
        window.switch_language("zh-CN")


def test_a_lone_high_flag_says_why_the_rating_is_medium(qtbot: QtBot, unlocked: MainWindow) -> None:
    unlocked.show_area("safety")
    page = unlocked.safety
    page.text.setPlainText("【顺达国际物流】您的包裹需缴纳进口关税 56 元，派送员送货时凭海关税单当面收取。")
    qtbot.waitUntil(lambda: page.report is not None, timeout=5000)
    assert page.report.risk == "medium" and [f.severity for f in page.report.flags] == ["high"]
    assert page.banner.text().startswith("中风险 — 没有评为高风险") and "官方 App" in page.banner.text()
    assert page.banner.styleSheet() != DANGER_STYLE
    page.text.setPlainText("在吗？我这边急用钱，先借我3000，明天一早就还你，别跟别人说。")
    qtbot.waitUntil(lambda: "评为" not in page.banner.text(), timeout=5000)
    assert page.report.risk == "medium" and page.banner.text().startswith("中风险 — ")  # what to do, always


def test_a_lone_high_flag_under_a_medium_rating_is_not_called_high_risk(qtbot: QtBot, window: MainWindow) -> None:
    """A lone cue rates the text medium while the flag keeps its severity: the page names the flag's severity
    as scan-text does, never with the words of a rating that contradict the banner."""
    window.show_area("safety")
    page = window.safety
    page.text.setPlainText("【顺达国际物流】您的包裹需缴纳进口关税 56 元，派送员送货时凭海关税单当面收取。")
    qtbot.waitUntil(lambda: page.report is not None, timeout=5000)
    assert page.report.risk == "medium" and [f.severity for f in page.report.flags] == ["high"]
    assert page.banner.text().startswith("中风险") and page.banner.styleSheet() != DANGER_STYLE
    shown = page.flags.toPlainText()
    assert "高风险" not in shown and f"{page.report.flags[0].title} · 高" in shown
