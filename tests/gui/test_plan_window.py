"""The case's plan in the window, driven like a user on a real vault: the Alipay 199.00 CNY case shows its next
step in the list, on the Overview and on the Plan tab; recording a submission to the platform with a receipt
screenshot turns that rung done and opens the next one with its date; a promise that passed turns red; the
reminder bar after an unlock leaves a half-typed draft alone; the channel pack's copy buttons, "Enter it"
links, the calendar export, the first-hour checklist at case creation and the export dialog's default."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtGui import QColor, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from tests.gui.conftest import answer_next_dialog, make_window, unlock_through_ui
from walletcare.evidence.models import Case, Contact, Party, Transaction
from walletcare.evidence.plan import build_plan
from walletcare.i18n import set_language
from walletcare.ui.case_tabs.plan import OVERDUE_COLOR
from walletcare.ui.clipboard import EXCLUSION_HINTS
from walletcare.ui.dialogs.new_case import NewCaseDialog
from walletcare.ui.dialogs.playbook import PlaybookDialog
from walletcare.ui.dialogs.submission import SubmissionDialog
from walletcare.ui.display import date_text
from walletcare.ui.main_window import MainWindow
from walletcare.ui.models.cases import NEXT_COLUMN

CST = timezone(timedelta(hours=8))
RED = QColor(OVERDUE_COLOR)


def create_case(qtbot: QtBot, window: MainWindow, title: str, provider: str = "", amount: str = "",
                kind: str | None = None) -> Case:
    """Creates a case through "New case…" the way a user does; returns it once it is on screen."""
    window.show_area("cases")
    window.cases.show_list()

    def fill(dialog: object) -> None:
        assert isinstance(dialog, NewCaseDialog)
        dialog.title.setText(title)
        dialog.provider.setText(provider)
        dialog.amount.setText(amount)
        if kind is not None:
            dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
        dialog.buttons.accepted.emit()

    answer_next_dialog(fill)
    window.cases.list.new_button.click()
    qtbot.waitUntil(lambda: window.cases.current_case() is not None, timeout=5000)
    return window.cases.current_case()  # type: ignore[return-value]


def alipay_case(qtbot: QtBot, window: MainWindow) -> Case:
    """The Alipay 199.00 CNY game top-up that never arrived, paid eight days ago, with the payer's name."""
    case = create_case(qtbot, window, "游戏充值未到账", "支付宝", "199.00")
    store = window.session._store()
    from dataclasses import replace

    store.cases.update(replace(store.cases.get(case.id), classification="not_received",
                               claimant=Party(name="王小明", phone="13800000000")))
    paid = datetime.now(CST).replace(microsecond=0) - timedelta(days=8)
    store.transactions.add(Transaction(id=0, case_id=case.id, time=paid, amount=Decimal("199.00"), currency="CNY",
                                       counterparty="某游戏公司", description="游戏点券"))
    window.cases.open_case(store.cases.get(case.id))
    return store.cases.get(case.id)


def receipt_png(path: Path) -> Path:
    image = QImage(60, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("#1565c0"))
    assert image.save(str(path))
    return path


def test_alipay_case_next_step_submission_and_the_next_rung_opens(qtbot: QtBot, unlocked: MainWindow,
                                                                  tmp_path: Path) -> None:
    window = unlocked
    case = alipay_case(qtbot, window)
    page = window.cases.case_page
    store = window.session._store()
    core = build_plan(store, case.id, date.today())
    assert core.next is not None and core.next.channel == "platform"
    # the next step, everywhere: the Overview, the Plan tab, the header and the case list
    assert core.next.title in page.overview.next_step.text()
    assert page.overview.next_panel.isVisible()
    assert core.next.title in page.details.text()  # the header names it too
    page.show_tab(5)
    plan = page.plan
    assert plan.view is not None and plan.selected_rung() is not None
    assert plan.selected_rung().id == core.next.id  # the next step is selected
    assert "下一步" in plan.next_label.text() and core.next.title in plan.next_label.text()
    lines = [plan.ladder.item(i).text() for i in range(plan.ladder.count())]
    assert len(lines) == len(core.rungs) and all(r.title in line for r, line in zip(core.rungs, lines, strict=True))
    assert plan.warnings.isVisible() and plan.warnings.text()  # the loss: a standing recovery-scam warning
    assert plan.submit_button is not None
    window.cases.leave_case()
    model = window.cases.list.model
    qtbot.waitUntil(lambda: core.next.title in str(model.index(0, NEXT_COLUMN).data()), timeout=3000)
    window.cases.open_case(store.cases.get(case.id))
    page.show_tab(5)
    # record the submission to the platform with a receipt screenshot
    receipt = receipt_png(tmp_path / "回执.png")

    def fill(dialog: object) -> None:
        assert isinstance(dialog, SubmissionDialog)
        dialog.ref.setText("TS-20261206-0001")
        dialog.receipt.setText(str(receipt))
        dialog.findChild(type(plan.submit_button), "submissionSave").click()

    answer_next_dialog(fill)
    plan.submit_button.click()
    qtbot.waitUntil(lambda: plan.view is not None and plan.view.rung(core.next.id).status == "done", timeout=5000)
    done = plan.view.rung(core.next.id)
    assert done.submitted_ref == "TS-20261206-0001" and done.submitted_at is not None
    kept = [e for e in store.evidence.list(case.id) if e.size == receipt.stat().st_size]
    assert kept and store.evidence.data(kept[0].id) == receipt.read_bytes()  # the receipt is evidence, byte-exact
    after = build_plan(store, case.id, date.today())
    assert after.next is not None and after.next.id != core.next.id and after.next.status == "open"
    shown = plan.view.next
    assert shown is not None and shown.id == after.next.id and plan.selected_rung().id == after.next.id
    row = next(plan.ladder.item(i).text() for i in range(plan.ladder.count()) if after.next.title in plan.ladder.item(i).text())
    assert "现在可办理" in row
    if after.next.opens is not None:
        assert date_text(after.next.opens) in row  # the next rung opens with its date
    assert "✓" in next(plan.ladder.item(i).text() for i in range(plan.ladder.count())
                       if done.title in plan.ladder.item(i).text())
    assert after.next.title in page.overview.next_step.text()


def test_an_overdue_promise_turns_red_in_words_too(qtbot: QtBot, unlocked: MainWindow) -> None:
    window = unlocked
    case = alipay_case(qtbot, window)
    store = window.session._store()
    page = window.cases.case_page
    assert page.overview.followups.count() == 0
    store.contacts.add(Contact(id=0, case_id=case.id, kind="call", at=datetime.now(CST) - timedelta(days=12),
                               summary="客服说会处理", promised="3个工作日内退款"))
    window.cases.open_case(store.cases.get(case.id))
    page.overview.reload()
    page.plan.reload()
    followups = page.overview.followups
    assert followups.count() == 1
    item = followups.item(0)
    assert "3个工作日内退款" in item.text() and "已逾期" in item.text() and "⚠" in item.text()
    assert item.foreground().color() == RED
    assert page.details.styleSheet() and OVERDUE_COLOR in page.details.styleSheet()
    window.cases.leave_case()
    model = window.cases.list.model
    from PySide6.QtCore import Qt

    qtbot.waitUntil(lambda: "已逾期" in str(model.index(0, NEXT_COLUMN).data()), timeout=3000)
    assert model.index(0, NEXT_COLUMN).data(Qt.ItemDataRole.ForegroundRole).color() == RED
    assert not model.index(0, NEXT_COLUMN).data(Qt.ItemDataRole.DecorationRole).isNull()  # an icon, not colour alone
    # kept: no longer overdue
    from dataclasses import replace

    note = store.contacts.list(case.id)[0]
    store.contacts.update(replace(note, promise_kept=True))
    window.cases.reload()
    qtbot.waitUntil(lambda: "已逾期" not in str(model.index(0, NEXT_COLUMN).data()), timeout=3000)


def test_reminders_after_unlock_leave_a_half_typed_draft_alone(qtbot: QtBot, unlocked: MainWindow) -> None:
    window = unlocked
    case = alipay_case(qtbot, window)
    store = window.session._store()
    store.contacts.add(Contact(id=0, case_id=case.id, kind="call", at=datetime.now(CST) - timedelta(days=12),
                               summary="客服说会处理", promised="3个工作日内退款"))
    page = window.cases.case_page
    window.cases.open_case(store.cases.get(case.id))
    description = page.overview.long["description"]
    description.setFocus()
    description.setPlainText("3号充值，4号问客服，说三个工作日内退")
    assert page.overview.is_dirty()
    window.lock()
    assert not window.reminders.bar.isVisible() and not window.reminders.bar.text.text()  # nothing while locked
    unlock_through_ui(window)
    bar = window.reminders.bar
    qtbot.waitUntil(bar.isVisible, timeout=5000)
    assert "已逾期" in bar.text.text() and "游戏充值未到账" in bar.text.text()
    qtbot.waitUntil(lambda: page.overview.long["description"].toPlainText() == "3号充值，4号问客服，说三个工作日内退",
                    timeout=5000)
    assert page.overview.is_dirty()  # the draft came back unsaved, not overwritten, not discarded
    assert QApplication.activeModalWidget() is None  # no box in the way of typing
    focused = QApplication.focusWidget()
    assert focused is None or not bar.isAncestorOf(focused)
    bar.close_button.click()
    assert not bar.isVisible()
    assert page.overview.long["description"].toPlainText().startswith("3号充值")
    # the tray: offscreen has none, and a notification due then degrades to nothing
    if not QSystemTrayIcon.isSystemTrayAvailable():
        assert window.reminders.notify_tray(bar.items or []) is False


def test_a_submission_typed_before_a_lock_comes_back(qtbot: QtBot, unlocked: MainWindow, tmp_path: Path) -> None:
    window = unlocked
    case = alipay_case(qtbot, window)
    page = window.cases.case_page
    page.show_tab(5)
    typed: list[SubmissionDialog] = []

    def half_type(dialog: object) -> None:
        assert isinstance(dialog, SubmissionDialog)
        dialog.ref.setText("TS-77")
        typed.append(dialog)
        window.lock()  # the idle lock while the dialog is open

    answer_next_dialog(half_type)
    page.plan.submit_button.click()
    assert typed and not window.session.unlocked
    back: list[str] = []

    def check(dialog: object) -> None:
        assert isinstance(dialog, SubmissionDialog)
        back.append(dialog.ref.text())
        dialog.reject()

    answer_next_dialog(check)
    unlock_through_ui(window)
    qtbot.waitUntil(lambda: bool(back), timeout=5000)
    assert back == ["TS-77"]
    assert not [m for m in build_plan(window.session._store(), case.id, date.today()).rungs if m.status == "done"]


def test_channel_pack_copy_and_enter_it(qtbot: QtBot, unlocked: MainWindow) -> None:
    window = unlocked
    alipay_case(qtbot, window)
    page = window.cases.case_page
    page.show_tab(5)
    plan = page.plan
    assert plan.select_rung(next(r.id for r in plan.view.rungs if r.channel == "12315"))
    rung = plan.selected_rung()
    assert rung.missing and plan.enter_buttons
    copied = dict(rung.copy_sheet)
    button, value = next((b, v) for b, v in plan.copy_buttons if v == copied[next(k for k in copied if copied[k] == "王小明")])
    button.click()
    assert QGuiApplication.clipboard().text() == value == "王小明"
    assert QGuiApplication.clipboard().mimeData().hasFormat(next(iter(EXCLUSION_HINTS)))
    assert window.clipboard.pending  # cleared again after 30 s, as every copy
    assert plan.letter_view is not None and "王小明" in plan.letter_view.toPlainText()
    window.activateWindow()
    button, where = next((b, w) for b, w in plan.enter_buttons if w == "claimant.address")
    button.click()
    assert page.tabs.currentIndex() == 0
    address = page.overview.parties["claimant"]["address"]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is address, timeout=3000)
    page.show_tab(5)
    button, where = next((b, w) for b, w in plan.enter_buttons if w == "order_no")
    button.click()
    assert page.tabs.currentIndex() == 1  # an order number is a transaction's


def test_calendar_export_is_written_whole_and_parses(qtbot: QtBot, unlocked: MainWindow, tmp_path: Path) -> None:
    import icalendar

    window = unlocked
    case = alipay_case(qtbot, window)
    plan = window.cases.case_page.plan
    target = tmp_path / "out" / "plan.ics"
    target.parent.mkdir()
    plan.export_ics(target)
    qtbot.waitUntil(target.exists, timeout=5000)
    assert sorted(p.name for p in target.parent.iterdir()) == ["plan.ics"]  # no temp file left
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    dates = {e.get("DTSTART").dt for e in calendar.walk("VEVENT")}
    core = build_plan(window.session._store(), case.id, date.today())
    closes = {r.closes for r in core.rungs if r.closes is not None}
    assert closes and closes <= {d if isinstance(d, date) and not isinstance(d, datetime) else d.date() for d in dates}
    entries = [e for e in window.session._store().audit.entries(case.id) if e.object == f"calendar:{case.id}"]
    assert entries and entries[-1].action == "export"


def test_first_hour_checklist_opens_at_creation_and_ticks_are_stamped(qtbot: QtBot, unlocked: MainWindow) -> None:
    window = unlocked
    case = create_case(qtbot, window, "钱包被盗，授权后资产被转走", "imToken", "", kind="crypto")
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(PlaybookDialog)), timeout=5000)
    dialog = next(d for d in window.findChildren(PlaybookDialog) if d.isVisible())
    assert not dialog.isModal()  # the case stays usable beside it
    assert dialog.source.isVisible() and "IC3" in dialog.source.text()  # the checklist names its source
    assert f"截至 {date_text(dialog.book.as_of)}" in dialog.source.text()
    assert window.cases.case_page.tabs.currentIndex() == 5
    first = dialog.book.items[0]
    dialog.boxes[first.id].setChecked(True)
    qtbot.waitUntil(lambda: bool(dialog.stamps[first.id].text()), timeout=5000)
    assert not dialog.boxes[first.id].isEnabled()
    store = window.session._store()
    assert [e for e in store.audit.entries(case.id) if e.action == "tick" and first.id in e.object]
    dialog.close()
    window.cases.case_page.plan.playbook_button.click()  # reachable later from the Plan tab
    again = next(d for d in window.findChildren(PlaybookDialog) if d.isVisible())
    assert again.boxes[first.id].isChecked() and not again.boxes[first.id].isEnabled()


def test_export_dialog_defaults_to_the_next_open_step(qtbot: QtBot, unlocked: MainWindow) -> None:
    from walletcare.ui.dialogs.export import ExportDialog

    window = unlocked
    case = alipay_case(qtbot, window)
    core = build_plan(window.session._store(), case.id, date.today())
    chosen: list[object] = []

    def look(dialog: object) -> None:
        assert isinstance(dialog, ExportDialog)
        chosen.append(dialog.channel.currentData())
        dialog.reject()

    answer_next_dialog(look)
    window.cases.case_page.export_button.click()
    qtbot.waitUntil(lambda: bool(chosen), timeout=5000)
    assert chosen == [core.next.channel]


def test_edit_and_export_opens_the_steps_letter_for_editing(qtbot: QtBot, unlocked: MainWindow) -> None:
    from PySide6.QtWidgets import QPushButton

    from walletcare.ui.dialogs.export import ExportDialog

    window = unlocked
    alipay_case(qtbot, window)
    page = window.cases.case_page
    page.show_tab(5)
    plan = page.plan
    core_next = plan.view.next.channel if plan.view.next else None
    target = next(r for r in plan.view.rungs if r.channel == "12315")
    assert target.channel != core_next  # not the default the dialog would pick anyway
    assert plan.select_rung(target.id)
    seen: list[tuple[object, str]] = []

    def look(dialog: object) -> None:
        assert isinstance(dialog, ExportDialog)
        qtbot.waitUntil(lambda: "王小明" in dialog.letter.toPlainText(), timeout=5000)
        seen.append((dialog.channel.currentData(), dialog.letter.toPlainText()))
        dialog.reject()

    answer_next_dialog(look)
    edit = plan.findChild(QPushButton, "editLetter")
    assert edit is not None and "CLI" not in edit.text()
    edit.click()
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen[0][0] == "12315"
    assert "12315" in seen[0][1] or "市场监督" in seen[0][1]


def test_plan_tab_follows_the_language(qtbot: QtBot, unlocked: MainWindow) -> None:
    window = unlocked
    case = alipay_case(qtbot, window)
    page = window.cases.case_page
    page.show_tab(5)
    store = window.session._store()
    try:
        window.switch_language("en")
        assert page.tabs.tabText(5) == "&Plan"
        english = build_plan(store, case.id, date.today(), "en").next.title
        assert page.plan.next_label.text() == f"Next step: {english}"  # the step in the new language too
        window.switch_language("zh-TW")
        assert page.tabs.tabText(5) == "計畫(&P)"
        traditional = build_plan(store, case.id, date.today(), "zh-TW").next.title
        assert page.plan.next_label.text() == f"下一步：{traditional}"
        window.cases.leave_case()
        model = window.cases.list.model
        qtbot.waitUntil(lambda: traditional in str(model.index(0, NEXT_COLUMN).data()), timeout=3000)
        window.switch_language("en")
        qtbot.waitUntil(lambda: english in str(model.index(0, NEXT_COLUMN).data()), timeout=3000)
    finally:
        window.switch_language("zh-CN")
        set_language("zh-CN")


@pytest.mark.parametrize("lang", ["zh-CN", "zh-TW", "en"])
def test_plan_screenshots(qtbot: QtBot, existing_vault: Path, lang: str) -> None:
    """The Plan tab and the case list in each language (``tests/screenshots/``), non-blank and without
    missing-glyph boxes where a Chinese font is installed."""
    from tests.gui.test_screenshots import save
    from walletcare.ui.app import apply_cjk_font

    has_cjk = apply_cjk_font(QApplication.instance()) is not None  # type: ignore[arg-type]
    set_language(lang)
    try:
        window = make_window(qtbot, existing_vault, language=lang)
        window.resize(1100, 720)
        unlock_through_ui(window)
        store = window.session._store()
        store.cases.add(Case(id=0, title="PayPal refund refused", provider="PayPal", amount=Decimal("59.90"),
                             currency="USD"))
        case = alipay_case(qtbot, window)
        store.contacts.add(Contact(id=0, case_id=case.id, kind="call", at=datetime.now(CST) - timedelta(days=12),
                                   summary="客服说会处理", promised="3个工作日内退款"))
        problems: list[str] = []
        window.cases.show_list()
        window.reminders.summarise()  # as after an unlock
        qtbot.waitUntil(lambda: bool(window.cases.list.model.steps) and window.reminders.bar.isVisible(),
                        timeout=5000)
        save("plan-cases", window, lang, problems, has_cjk)
        window.cases.open_case(store.cases.get(case.id))
        page = window.cases.case_page
        page.show_tab(5)
        page.plan.select_rung(next(r.id for r in page.plan.view.rungs if r.channel == "12315"))
        qtbot.wait(20)
        save("plan-tab", window, lang, problems, has_cjk)
        page.show_tab(0)
        qtbot.wait(20)
        save("plan-overview", window, lang, problems, has_cjk)
        assert not problems, problems
    finally:
        set_language("zh-CN")


def test_dialog_screenshots(qtbot: QtBot, unlocked: MainWindow, tmp_path: Path) -> None:
    """The submission dialog and the first-hour checklist as a user sees them (``tests/screenshots/``)."""
    from tests.gui.test_screenshots import save

    window = unlocked
    problems: list[str] = []
    alipay_case(qtbot, window)
    page = window.cases.case_page
    page.show_tab(5)

    def shoot(dialog: object) -> None:
        assert isinstance(dialog, SubmissionDialog)
        dialog.ref.setText("TS-20261206-0001")
        save("plan-submission", dialog, "zh-CN", problems, False)
        dialog.reject()

    answer_next_dialog(shoot)
    page.plan.submit_button.click()
    create_case(qtbot, window, "钱包被盗，授权后资产被转走", "imToken", "", kind="crypto")
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(PlaybookDialog)), timeout=5000)
    dialog = next(d for d in window.findChildren(PlaybookDialog) if d.isVisible())
    save("plan-playbook", dialog, "zh-CN", problems, False)
    assert not problems, problems


def test_submission_on_the_real_worker_threads(qtbot: QtBot, existing_vault: Path, tmp_path: Path) -> None:
    """The same submission with the real vault thread: the plan is read in the background, the receipt is
    read and stored off the GUI thread, and the step it opens is selected once the plan is read again."""
    from tests.gui.live_window import answer, live_window, open_case, query

    window = live_window(qtbot, existing_vault)
    case = open_case(qtbot, window, "游戏充值未到账")

    def fill_case(store: Any) -> None:
        from dataclasses import replace

        store.cases.update(replace(store.cases.get(case.id), provider="支付宝", amount=Decimal("199.00"),
                                   currency="CNY", classification="not_received", claimant=Party(name="王小明")))
        store.transactions.add(Transaction(id=0, case_id=case.id, time=datetime.now(CST) - timedelta(days=8),
                                           amount=Decimal("199.00"), currency="CNY", counterparty="某游戏公司"))

    query(qtbot, window, fill_case)
    window.cases.open_case(query(qtbot, window, lambda store: store.cases.get(case.id)))
    page = window.cases.case_page
    page.show_tab(5)
    plan = page.plan
    qtbot.waitUntil(lambda: plan.view is not None and plan.submit_button is not None
                    and plan.view.next is not None and plan.view.next.channel == "platform", timeout=20000)
    first = plan.view.next
    receipt = receipt_png(tmp_path / "receipt.png")
    problems: list[BaseException] = []

    def fill(dialog: SubmissionDialog) -> None:
        dialog.ref.setText("TS-9")
        dialog.receipt.setText(str(receipt))
        dialog.findChild(type(plan.submit_button), "submissionSave").click()

    answer(SubmissionDialog, fill, problems)
    plan.submit_button.click()
    assert not problems, problems
    qtbot.waitUntil(lambda: plan.view is not None and plan.view.rung(first.id).status == "done", timeout=20000)
    qtbot.waitUntil(lambda: plan.selected_rung() is not None and plan.selected_rung().id != first.id, timeout=20000)
    assert plan.selected_rung().id == plan.view.next.id
    stored = query(qtbot, window, lambda store: [e.size for e in store.evidence.list(case.id)])
    assert receipt.stat().st_size in stored


def test_a_refused_submission_comes_back_as_typed(qtbot: QtBot, unlocked: MainWindow) -> None:
    from PySide6.QtWidgets import QMessageBox

    window = unlocked
    case = alipay_case(qtbot, window)
    page = window.cases.case_page
    page.show_tab(5)
    too_long = "TS-" + "9" * 300  # the core keeps at most 200 characters: nothing is recorded
    seen: list[str] = []

    def again(dialog: object) -> None:
        assert isinstance(dialog, SubmissionDialog)
        seen.append(dialog.ref.text())
        dialog.reject()

    def told(box: object) -> None:
        assert isinstance(box, QMessageBox)
        seen.append("told")
        answer_next_dialog(again)
        box.accept()

    def fill(dialog: object) -> None:
        assert isinstance(dialog, SubmissionDialog)
        dialog.ref.setText(too_long)
        answer_next_dialog(told)
        dialog.findChild(type(page.plan.submit_button), "submissionSave").click()

    answer_next_dialog(fill)
    page.plan.submit_button.click()
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
    assert seen == ["told", too_long]
    assert not [r for r in build_plan(window.session._store(), case.id, date.today()).rungs if r.status == "done"]
