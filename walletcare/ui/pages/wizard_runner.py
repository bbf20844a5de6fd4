"""The troubleshooting wizard runner: one step at a time (question with options, a thing to try with
"it worked" / "it didn't", a short answer to type), back, restart and progress; at the end the outcome with
its call-preparation sheet, related articles, "Open a case from this" and, for a scam alert, the way to
the safety check. Wizards are public content: nothing here touches the vault."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from walletcare.errors import WalletCareError
from walletcare.evidence.models import Case, Contact
from walletcare.i18n import _, current_language
from walletcare.ui.pages.safety import DANGER_STYLE

if TYPE_CHECKING:
    from walletcare.faq.wizards import WizardRun


def case_from_prefill(prefill: Any) -> Case:
    """A new case record (not stored) from a wizard's ``CasePrefill``."""
    description = prefill.description
    if prefill.order_no:
        description = f"{_('Order no.')}: {prefill.order_no}\n{description}"
    return Case(id=0, title=prefill.title, kind=prefill.kind, provider=prefill.provider, amount=prefill.amount,
                currency=prefill.currency, account=prefill.account, discovered=prefill.date, opened=date.today(),
                description=description)


def call_note_from_sheet(sheet: Any) -> Contact:
    """A call note (not stored) whose summary lists the sheet's questions, to fill in during the call."""
    questions = "\n".join(f"- {q}" for q in sheet.questions)
    return Contact(id=0, case_id=0, kind="call", at=datetime.now().astimezone(),
                   summary=f"{_('Questions to ask')}:\n{questions}\n\n{_('Answers')}:\n",
                   official_source=_("the number inside the official app or on your card"))


class WizardRunner(QWidget):
    """Runs one wizard; the Help page shows it in place of the results."""

    open_case_requested = Signal(object)
    call_note_requested = Signal(object, object)
    safety_requested = Signal()
    article_requested = Signal(str)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wizardRunner")
        self.wizards: dict[str, Any] | None = None
        self.run: WizardRun | None = None
        self.article_title: Callable[[str], str] = lambda article_id: article_id
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setMaximumHeight(10)
        self.progress.setTextVisible(False)
        self.warning = QLabel()
        self.warning.setObjectName("wizardWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(DANGER_STYLE)
        self.text = QTextBrowser()
        self.text.setObjectName("wizardText")
        self.text.setOpenLinks(False)
        self.text.anchorClicked.connect(self._link)
        self.answer = QLineEdit()
        self.answer.setObjectName("wizardAnswer")
        self.answer.returnPressed.connect(self._submit)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.choices = QVBoxLayout()
        self.option_buttons: list[QPushButton] = []
        self.back_button, self.restart_button, self.close_button = QPushButton(), QPushButton(), QPushButton()
        self.back_button.clicked.connect(lambda: self.run is not None and self._step(self.run.back()))
        self.restart_button.clicked.connect(lambda: self.run is not None and self._step(self.run.restart()))
        self.close_button.clicked.connect(self.closed)
        nav = QHBoxLayout()
        nav.addWidget(self.back_button)
        nav.addWidget(self.restart_button)
        nav.addStretch(1)
        nav.addWidget(self.close_button)
        box = QVBoxLayout(self)
        box.addWidget(self.title)
        box.addWidget(self.progress)
        box.addWidget(self.warning)
        box.addWidget(self.text, 1)
        box.addWidget(self.answer)
        box.addWidget(self.problem)
        box.addLayout(self.choices)
        box.addLayout(nav)
        self.retranslate()

    def retranslate(self) -> None:
        """Texts in the current language (a running wizard keeps the language it started in)."""
        self.back_button.setText(_("← &Back"))
        self.restart_button.setText(_("&Start again"))
        self.close_button.setText(_("← Results"))
        self.answer.setAccessibleName(_("Your answer"))
        self.progress.setAccessibleName(_("Progress"))

    def available(self) -> dict[str, Any]:
        """Wizard id → wizard (loaded on first use)."""
        if self.wizards is None:
            from walletcare.faq.wizard_format import load_wizards

            self.wizards = load_wizards()
        return self.wizards

    def start(self, wizard_id: str) -> None:
        """Starts ``wizard_id`` in the interface language."""
        from walletcare.faq.wizards import WizardRun

        wizard = self.available().get(wizard_id)
        if wizard is None:
            self.run = None
            self.title.setText(_("That wizard is not in this version."))
            self._clear_choices()
            self.text.clear()
            self.answer.hide()
            self.back_button.setEnabled(False)
            self.restart_button.setEnabled(False)
            return
        self.restart_button.setEnabled(True)
        self.run = WizardRun(wizard, current_language())
        self.title.setText(wizard.title(self.run.lang))
        self._step(self.run.node)

    def _clear_choices(self) -> None:
        for button in self.option_buttons:
            self.choices.removeWidget(button)
            button.deleteLater()
        self.option_buttons = []

    def _button(self, text: str, slot: Any, name: str = "") -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name or f"wizardOption{len(self.option_buttons)}")
        button.clicked.connect(slot)
        self.choices.addWidget(button)
        self.option_buttons.append(button)
        return button

    def _step(self, node: Any) -> None:
        run = self.run
        if run is None:
            return
        self._clear_choices()
        self.problem.clear()
        self.progress.setValue(int(node.progress * 100))
        self.warning.setText(node.warning)
        self.warning.setVisible(bool(node.warning))
        self.back_button.setEnabled(bool(run.transcript()))
        self.answer.setVisible(node.kind == "input")
        self.answer.clear()
        if node.kind == "end":
            self._outcome(run.outcome)
            return
        self.text.setHtml(f"<p>{html.escape(node.text)}</p>")
        if node.kind == "ask":
            for i, label in enumerate(node.options):
                self._button(label, lambda _c=False, i=i: self._act(lambda: run.choose(i)))
        elif node.kind == "check":
            self._button(_("It worked"), lambda: self._act(run.worked))
            self._button(_("It didn't work"), lambda: self._act(run.failed))
        elif node.kind == "input":
            self._button(_("Next"), self._submit)
            if node.optional:
                self._button(_("Skip"), lambda: self._act(run.skip))
            self.answer.setFocus()

    def _submit(self) -> None:
        value = self.answer.text()
        self.answer.clear()
        if self.run is not None:
            run = self.run
            self._act(lambda: run.answer(value))

    def _act(self, action: Any) -> None:
        try:
            node = action()
        except WalletCareError as exc:
            self.problem.setText(exc.text())
            return
        self._step(node)

    def _outcome(self, outcome: Any) -> None:
        parts = [f"<p>{html.escape(outcome.text)}</p>"]
        if outcome.warning:
            self.warning.setText(outcome.warning)
            self.warning.show()
        sheet = None
        if outcome.kind == "contact-provider" or outcome.checklist:
            from walletcare.faq.callprep import build_call_sheet

            run = self.run
            assert run is not None  # an outcome is shown only for a running wizard
            provider = outcome.case.provider if outcome.case else ""
            sheet = build_call_sheet(outcome.checklist, run.lang, provider, run.fields)
            parts.append(sheet.to_html())
        if outcome.related:
            links = "".join(f'<li><a href="article:{html.escape(a)}">{html.escape(self.article_title(a))}</a></li>'
                            for a in outcome.related)
            parts.append(f"<h3>{html.escape(_('Read next'))}</h3><ul>{links}</ul>")
        self.text.setHtml("".join(parts))
        if outcome.case is not None:
            prefill = outcome.case
            self._button(_("Open a case from this"), lambda: self.open_case_requested.emit(case_from_prefill(prefill)),
                         "wizardOpenCase")
        if outcome.case is not None and sheet is not None:
            prefill, note = outcome.case, call_note_from_sheet(sheet)
            self._button(_("Open a case and start a call note"),
                         lambda: self.call_note_requested.emit(case_from_prefill(prefill), note), "wizardCallNote")
        if outcome.kind == "scam-alert":
            self._button(_("Open the safety check"), self.safety_requested, "wizardSafety")

    def _link(self, url: QUrl) -> None:
        kind, _sep, ident = url.toString().partition(":")
        if kind == "article":
            self.article_requested.emit(ident)
        elif kind == "wizard":
            self.start(ident)
