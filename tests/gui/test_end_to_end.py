"""A whole visit, driven like a user: first run → create a vault → search "提现失败" → article → wizard →
a case → import an Alipay export → paste a screenshot → a call note → export a dossier that verifies."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QPushButton

from tests.gui.conftest import answer_next_dialog, create_vault_through_ui, make_window
from walletcare.i18n import _, translate
from walletcare.ui.dialogs.bad_rows import BadRowsDialog
from walletcare.ui.dialogs.contact import ContactDialog
from walletcare.ui.dialogs.export import ExportDialog
from walletcare.ui.dialogs.import_dialog import ImportDialog
from walletcare.ui.dialogs.new_case import NewCaseDialog
from walletcare.ui.main_window import MainWindow
from walletcare.ui.models.search import HTML_ROLE


def new_case_via_dialog(window: MainWindow, title: str) -> None:
    def fill(dialog: object) -> None:
        assert isinstance(dialog, NewCaseDialog)
        dialog.title.setText(title)
        dialog.provider.setText("支付宝")
        dialog.amount.setText("1,280.00")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    answer_next_dialog(fill)
    window.actions_.actions["new_case"].trigger()


SAMPLE_ANSWERS = {"amount": "1280.00 CNY", "date": "2024-05-01", "provider": "支付宝", "order_no": "2024050122001",
                  "account": "a***@example.com"}


def path_to_outcome(wizard: object, kind: str) -> list[tuple[str, object]]:
    """A sequence of moves through ``wizard`` that ends in an outcome of ``kind`` offering a case (DFS)."""
    from walletcare.errors import WalletCareError
    from walletcare.faq.wizards import WizardRun

    run = WizardRun(wizard, "zh-CN")  # type: ignore[arg-type]

    def apply(move: tuple[str, object]) -> None:
        name, arg = move
        if name == "choose":
            run.choose(int(arg))  # type: ignore[call-overload]
        elif name == "answer":
            run.answer(str(arg))
        else:
            getattr(run, name)()

    def search(depth: int) -> list[tuple[str, object]] | None:
        node = run.node
        if node.kind == "end":
            outcome = run.outcome
            return [] if outcome is not None and outcome.kind == kind and outcome.case is not None else None
        if depth > 40:
            return None
        moves: list[tuple[str, object]] = []
        if node.kind == "ask":
            moves = [("choose", i) for i in range(len(node.options))]
        elif node.kind == "check":
            moves = [("failed", None), ("worked", None)]
        elif node.kind == "input":
            moves = [("answer", SAMPLE_ANSWERS.get(node.field, "一些说明"))] + ([("skip", None)] if node.optional else [])
        for move in moves:
            try:
                apply(move)
            except WalletCareError:
                continue
            rest = search(depth + 1)
            if rest is not None:
                return [move, *rest]
            run.back()
        return None

    found = search(0)
    assert found is not None, f"no path to {kind}"
    return found


def drive_wizard(runner: object, moves: list[tuple[str, object]]) -> None:
    """Clicks through the wizard runner as a user would."""
    for name, arg in moves:
        buttons = runner.option_buttons  # type: ignore[attr-defined]
        if name == "choose":
            buttons[int(arg)].click()  # type: ignore[call-overload]
        elif name == "worked":
            buttons[0].click()
        elif name == "failed":
            buttons[1].click()
        elif name == "answer":
            runner.answer.setText(str(arg))  # type: ignore[attr-defined]
            buttons[0].click()
        elif name == "skip":
            buttons[1].click()
        assert not runner.problem.text(), runner.problem.text()  # type: ignore[attr-defined]


def close_reports(dialog: object) -> None:
    """Answers what an import may show after the preview: the bad-rows dialog (import the rest) or the report."""
    if isinstance(dialog, BadRowsDialog):
        dialog.import_rest.click()
    elif isinstance(dialog, QMessageBox):
        dialog.close()


def import_sample(qtbot: QtBot, page: object, sample: Path, expect_format: str = "alipay") -> list[str]:
    """Runs the import flow on ``sample`` through the preview; returns the bad-row lines the user was shown."""
    seen: list[str] = []

    def confirm(dialog: object) -> None:
        assert isinstance(dialog, ImportDialog)
        assert dialog.parsed is not None and dialog.parsed.format == expect_format
        assert dialog.model.rowCount() == min(len(dialog.parsed.rows), 50)
        answer_next_dialog(later)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    def later(dialog: object) -> None:
        if isinstance(dialog, BadRowsDialog):
            seen.extend(dialog.rows.item(i).text() for i in range(dialog.rows.count()))
        close_reports(dialog)

    flow = page.transactions.import_flow  # type: ignore[attr-defined]
    flow.last_result = None
    answer_next_dialog(confirm)
    page.show_tab(1)  # type: ignore[attr-defined]
    flow.start(page.case.id, sample)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: flow.last_result is not None, timeout=5000)
    return seen


def test_first_run_offers_language_then_create(qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window(qtbot, tmp_path / "vault", language=None)
    assert window.current_area() == "cases"
    first_run = window.cases.gate.first_run
    assert first_run.currentIndex() == 0
    first_run.language_buttons["en"].click()
    assert window.sidebar.item(0).text() == "Help"
    assert first_run.create_button.text() == "&Create a new vault"
    create_vault_through_ui(window)
    assert window.vault_state.text() == "Vault unlocked · no backup yet"
    window.settings_page.backup_now.click()
    qtbot.waitUntil(lambda: "last backup" in window.vault_state.text(), timeout=20000)


def test_search_article_and_case_flow(qtbot: QtBot, unlocked: MainWindow, samples_dir: Path, tmp_path: Path) -> None:
    window = unlocked
    # Help: Ctrl+F puts the cursor in the search box; results come as you type.
    window.actions_.actions["search"].trigger()
    assert window.current_area() == "help"
    help_page = window.help
    for char in "提现失败":  # typed one character at a time (QTest cannot synthesise non-ASCII key events)
        help_page.search.insert(char)
        qtbot.wait(5)
    qtbot.waitUntil(lambda: help_page.last_query == "提现失败" and help_page.model.rowCount() > 0, timeout=3000)
    first = help_page.model.hit(0)
    assert "提现" in first.title
    assert "<b>" in help_page.model.index(0, 0).data(HTML_ROLE)
    qtbot.keyClick(help_page.search, Qt.Key.Key_Return)
    assert help_page.views.currentIndex() == 1
    assert first.title in help_page.browser.toPlainText()

    # A wizard to its "open a case" outcome (progress moves; the call sheet is shown).
    help_page.show_wizard("deducted-not-received")
    runner = help_page.wizard
    assert help_page.views.currentWidget() is runner and runner.option_buttons
    moves = path_to_outcome(runner.run.wizard, "open-case")
    drive_wizard(runner, moves[:1])
    assert runner.progress.value() > 0 and runner.back_button.isEnabled()
    runner.back_button.click()
    assert runner.progress.value() == 0
    drive_wizard(runner, moves)
    assert runner.run.outcome.kind == "open-case"
    open_case = runner.findChild(QPushButton, "wizardOpenCase")
    assert open_case is not None
    prefilled: list[str] = []

    def accept_prefilled(dialog: object) -> None:
        assert isinstance(dialog, NewCaseDialog)
        prefilled.append(dialog.title.text())
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    answer_next_dialog(accept_prefilled)
    open_case.click()
    page = window.cases.case_page
    qtbot.waitUntil(lambda: page.case is not None, timeout=3000)
    assert window.current_area() == "cases" and page.case.title == prefilled[0]
    assert page.case.description  # the wizard's questions and answers
    sample = samples_dir / "alipay" / "dsg_alipay_2023fmt_HEAD.csv"

    import_sample(qtbot, page, sample)
    result = page.transactions.import_flow.last_result
    assert result.added + len(result.rejected) == 10
    qtbot.waitUntil(lambda: page.transactions.model.rowCount() == result.added, timeout=3000)
    row = page.transactions.model.index(0, 1)
    qtbot.waitUntil(lambda: row.data() != "…", timeout=2000)
    assert "CNY" in row.data()

    # Paste a screenshot on the Evidence tab.
    page.show_tab(3)
    image = QImage(320, 200, QImage.Format.Format_RGB32)
    image.fill(QColor("#3366cc"))
    QGuiApplication.clipboard().setImage(image)
    page.evidence.paste()
    qtbot.waitUntil(lambda: page.evidence.model.rowCount() >= 2, timeout=3000)  # the import's original + the screenshot
    origins = {page.evidence.model.item(i).origin for i in range(page.evidence.model.rowCount())}
    assert "clipboard" in origins
    assert not page.evidence.empty.isVisible()

    # A call note: the start time is stamped.
    page.show_tab(2)

    def fill_note(dialog: object) -> None:
        assert isinstance(dialog, ContactDialog)
        assert dialog.kind.currentData() == "call"
        dialog.agent.setText("工号 1234")
        dialog.summary.setPlainText("客服说 3 个工作日内处理")
        dialog.promised.setText("3 个工作日内退回")
        dialog.accept()

    answer_next_dialog(fill_note)
    page.contacts.call_button.click()
    qtbot.waitUntil(lambda: page.contacts.model.rowCount() == 1, timeout=3000)
    assert page.contacts.model.record(0).agent == "工号 1234"

    # The timeline has everything in order.
    page.show_tab(4)
    kinds = [item.kind for item in page.timeline.model.records()]
    assert {"transaction", "contact", "evidence"} <= set(kinds)
    times = [item.when for item in page.timeline.model.records()]
    assert times == sorted(times)

    # Export the dossier (Ctrl+E): the PDF exists and its manifest verifies.
    target = tmp_path / "dossier.pdf"

    def export(dialog: object) -> None:
        assert isinstance(dialog, ExportDialog)
        assert "PDF" in dialog.warning.text()
        assert dialog.sections.count() > 5
        appendix = _("Statement rows in full")
        assert appendix not in [dialog.sections.item(i).text() for i in range(dialog.sections.count())]
        dialog.full_statements.setChecked(True)  # every imported row in an appendix
        assert appendix in [dialog.sections.item(i).text() for i in range(dialog.sections.count())]
        assert dialog.options().full_statements
        heading.append(translate("Statement rows in full", dialog.lang.currentData()))
        dialog.path.setText(str(target))
        dialog.export_button.click()
        assert dialog.open_button.isEnabled() and dialog.folder_button.isEnabled()
        shown_key.append(dialog.status.text())
        dialog.done(QDialog.DialogCode.Accepted)

    shown_key: list[str] = []
    heading: list[str] = []

    answer_next_dialog(export)
    window.actions_.actions["export"].trigger()
    assert target.exists() and target.stat().st_size > 1000
    from walletcare.evidence.dossier.verify import verify_pdf

    report = verify_pdf(target)
    assert report.intact, report.problems
    from pypdf import PdfReader

    assert heading[0] in "\n".join(p.extract_text() for p in PdfReader(target).pages)
    assert report.exhibits >= 2
    grouped = " ".join(report.seal_key[i:i + 4] for i in range(0, 64, 4))
    assert grouped in shown_key[0]  # the dialog names the key the receiver should expect


def test_rows_holding_a_recovery_phrase_are_shown_and_skipped(qtbot: QtBot, unlocked: MainWindow, samples_dir: Path,
                                                              tmp_path: Path) -> None:
    from mnemonic import Mnemonic

    phrase = Mnemonic("english").generate(128)
    original = (samples_dir / "alipay" / "dsg_alipay_2023fmt_HEAD.csv").read_bytes().decode("gbk")
    assert "商品示例" in original
    edited = tmp_path / "alipay_with_secret.csv"
    edited.write_bytes(original.replace("商品示例", phrase, 1).encode("gbk"))
    window = unlocked
    new_case_via_dialog(window, "助记词被写进备注")
    page = window.cases.case_page
    qtbot.waitUntil(lambda: page.case is not None, timeout=3000)
    seen = import_sample(qtbot, page, edited)
    assert len(seen) == 1 and phrase not in seen[0]
    result = page.transactions.import_flow.last_result
    assert result.added == 9 and len(result.rejected) == 1


def test_wizard_call_sheet_opens_a_case_and_a_call_note(qtbot: QtBot, unlocked: MainWindow) -> None:
    window = unlocked
    help_page = window.help
    help_page.show_wizard("deducted-not-received")
    runner = help_page.wizard
    drive_wizard(runner, path_to_outcome(runner.run.wizard, "contact-provider"))
    assert runner.run.outcome.kind == "contact-provider"
    assert runner.text.toPlainText().count("\n") > 5  # the call sheet
    button = runner.findChild(QPushButton, "wizardCallNote")
    assert button is not None

    def accept_case(dialog: object) -> None:
        assert isinstance(dialog, NewCaseDialog)
        answer_next_dialog(fill_note)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    def fill_note(dialog: object) -> None:
        assert isinstance(dialog, ContactDialog)
        assert dialog.kind.currentData() == "call"
        assert "？" in dialog.summary.toPlainText() or "?" in dialog.summary.toPlainText()  # the sheet's questions
        dialog.agent.setText("工号 5678")
        dialog.accept()

    answer_next_dialog(accept_case)
    button.click()
    page = window.cases.case_page
    qtbot.waitUntil(lambda: page.contacts.model.rowCount() == 1, timeout=3000)
    assert page.tabs.currentIndex() == 2
    assert page.contacts.model.record(0).agent == "工号 5678"
