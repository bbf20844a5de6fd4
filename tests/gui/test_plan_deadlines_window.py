"""A PayPal buyer's and a drained wallet's Plan tab in the window: a claim closing soon says its last day in plain words with the rule,
and once its window closed it says so (not "overdue", which would suggest it can still be done late) and the
next step moves on to the channel still open; a transaction hash in a copy-sheet wraps inside the pane and
is copied exactly."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QLabel

from tests.gui.test_plan_window import create_case
from walletcare.evidence.models import Transaction
from walletcare.evidence.plan import record_submission
from walletcare.ui.case_tabs.plan import RUNG_ROLE
from walletcare.ui.display import date_text
from walletcare.ui.main_window import MainWindow

EST = timezone(timedelta(hours=-5))


def paypal_case(qtbot: QtBot, window: MainWindow, dispute_days_ago: int) -> int:
    case = create_case(qtbot, window, "Headphones never arrived", "PayPal", "89.99")
    store = window.session._store()
    store.cases.update(replace(store.cases.get(case.id), classification="not_received", currency="USD"))
    now = datetime.now(EST).replace(microsecond=0)
    store.transactions.add(Transaction(id=0, case_id=case.id, time=now - timedelta(days=dispute_days_ago + 7),
                                       amount=Decimal("89.99"), currency="USD", counterparty="SoundDeals LLC"))
    record_submission(store, case.id, "paypal.dispute", "PP-D-1", now - timedelta(days=dispute_days_ago))
    window.cases.open_case(store.cases.get(case.id))
    window.cases.case_page.show_tab(5)
    plan = window.cases.case_page.plan
    qtbot.waitUntil(lambda: plan.view is not None and plan.view.rung("paypal.claim") is not None
                    and plan.view.rung("paypal.claim").closes is not None, timeout=5000)
    return case.id


def _text(plan: object, name: str) -> str:
    label = plan.detail.findChild(QLabel, name)  # type: ignore[attr-defined]
    return label.text() if label is not None else ""


def test_a_claim_closing_soon_says_its_last_day(qtbot: QtBot, unlocked: MainWindow) -> None:
    paypal_case(qtbot, unlocked, dispute_days_ago=15)
    plan = unlocked.cases.case_page.plan
    claim = plan.view.rung("paypal.claim")
    assert claim.days_left is not None and claim.closes is not None and plan.view.next.id == "paypal.claim"
    assert plan.select_rung("paypal.claim")
    deadline = _text(plan, "rungDeadline")
    assert "最后一天" in deadline and date_text(claim.closes) in deadline and "不能重新开启" in deadline
    assert "20 天内不升级" in _text(plan, "rungRule")  # the rule itself, with "closes for good"
    row = next(plan.ladder.item(i).text() for i in range(plan.ladder.count()) if claim.title in plan.ladder.item(i).text())
    assert f"还剩 {claim.days_left} 天" in row


def test_a_closed_window_is_said_so_and_the_plan_moves_on(qtbot: QtBot, unlocked: MainWindow) -> None:
    paypal_case(qtbot, unlocked, dispute_days_ago=28)
    plan = unlocked.cases.case_page.plan
    claim = plan.view.rung("paypal.claim")
    assert claim.window_closed and claim.closes is not None and claim.closes < date.today()
    assert plan.view.next is not None and plan.view.next.id == "paypal.cfpb"
    assert "逾期" not in plan.next_label.text() and plan.view.next.title in plan.next_label.text()
    row = next(plan.ladder.item(i).text() for i in range(plan.ladder.count()) if claim.title in plan.ladder.item(i).text())
    assert "期限已过" in row and "逾期" not in row
    assert plan.select_rung("paypal.claim")
    assert "期限已过" in _text(plan, "rungClock") and "逾期" not in _text(plan, "rungClock")
    assert "不再受理" in _text(plan, "rungDeadline") and date_text(claim.closes) in _text(plan, "rungDeadline")
    from PySide6.QtWidgets import QGroupBox

    assert plan.detail.findChild(QGroupBox, "rungChecklist") is None  # nothing left to gather for a closed window


def test_a_long_transaction_hash_wraps_and_is_copied_exactly(qtbot: QtBot, unlocked: MainWindow) -> None:
    from walletcare.evidence.models import Reference

    window = unlocked
    window.resize(1100, 800)
    case = create_case(qtbot, window, "TokenPocket 錢包被盜", "TokenPocket", "3200", kind="crypto")
    store = window.session._store()
    tx_hash = "9f" * 32
    store.cases.update(replace(store.cases.get(case.id), classification="被盜", currency="USDT", chain="TRON"))
    store.transactions.add(Transaction(id=0, case_id=case.id, time=datetime.now(EST) - timedelta(hours=2),
                                       amount=Decimal("3200"), currency="USDT", counterparty="T" + "x" * 33,
                                       references=(Reference("tx_hash", tx_hash),)))
    window.cases.open_case(store.cases.get(case.id))
    page = window.cases.case_page
    page.show_tab(5)
    plan = page.plan
    qtbot.waitUntil(lambda: plan.view is not None and any(tx_hash in v for r in plan.view.rungs
                                                          for _k, v in r.copy_sheet), timeout=5000)
    assert plan.select_rung(next(r.id for r in plan.view.rungs if r.channel == "police"))
    qtbot.wait(50)
    assert plan.detail.minimumSizeHint().width() <= plan.scroller.viewport().width()  # nothing cut off at the right
    copied: list[str] = []
    plan.copy_secret = copied.append
    button = next(b for b, value in plan.copy_buttons if value == tx_hash)
    button.click()
    assert copied == [tx_hash]  # the value itself, without the break points shown on screen


def test_only_long_latin_runs_get_break_points() -> None:
    from walletcare.ui.case_tabs.plan import breakable

    chinese = "11月28日给手机充值199元，支付宝扣款成功，话费一直没到账。"
    assert breakable(chinese) == chinese and breakable("2026-11-28") == "2026-11-28"
    shown = breakable("0x" + "ab" * 32)
    assert "\u200b" in shown and shown.replace("\u200b", "") == "0x" + "ab" * 32


def test_only_steps_that_need_nothing_first_are_marked_parallel(qtbot: QtBot, unlocked: MainWindow) -> None:
    window = unlocked
    case = create_case(qtbot, window, "支付宝账户被盗刷", "支付宝", "5000.00")
    store = window.session._store()
    store.cases.update(replace(store.cases.get(case.id), classification="unauthorized", currency="CNY"))
    store.transactions.add(Transaction(id=0, case_id=case.id, time=datetime.now(EST) - timedelta(days=1),
                                       amount=Decimal("5000.00"), currency="CNY", counterparty="陌生账户"))
    window.cases.open_case(store.cases.get(case.id))
    page = window.cases.case_page
    page.show_tab(5)
    plan = page.plan
    qtbot.waitUntil(lambda: plan.view is not None and plan.view.rung("alipay.12363") is not None, timeout=5000)
    rows = {plan.ladder.item(i).data(RUNG_ROLE): plan.ladder.item(i).text() for i in range(plan.ladder.count())}
    assert "∥" in rows["alipay.police"] and "∥" in rows["alipay.freeze"]  # alongside the complaint, at once
    assert "∥" not in rows["alipay.12363"]  # after complaining to Alipay: the same road, not a parallel one
    assert "∥" not in rows["alipay.platform"]
