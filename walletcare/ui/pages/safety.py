"""Safety check: paste or type a message from a "support agent", see which known scam patterns it matches,
why, and what to do — a red banner for high risk — with the scam family, who it pretends to be, the
statistical second opinion and the real channels of any wallet or payment app it names; and save it to a case
(refused, with nothing stored, when it holds a recovery phrase or private key: the refusal stays on screen with
its reason until the text changes, and offers to save a copy with the phrase or key masked)."""

from __future__ import annotations

import html
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QWidget,
)

from walletcare.errors import Refused, WalletCareError
from walletcare.faq.scam_report import closing_line, quoted, rating_line
from walletcare.i18n import N_, _, current_language
from walletcare.ui.operations import Changes
from walletcare.ui.operations.safety import save_masked_message, save_message
from walletcare.ui.pages.base import Page
from walletcare.ui.session import VaultSession

RISK_NAMES = {"none": N_("No known scam pattern found"), "low": N_("Low risk"), "medium": N_("Medium risk"),
              "high": N_("High risk")}
# a flag's own severity, in the words ``walletcare scan-text`` uses: not a rating (a lone high flag rates the text
# medium unless something corroborates it, so "High risk" on the flag would contradict the banner)
SEVERITY_NAMES = {"low": N_("low"), "medium": N_("medium"), "high": N_("high")}
DANGER_STYLE = "background:#b3261e; color:#ffffff; padding:8px; border-radius:4px; font-weight:bold;"


class Checker:
    """The scam checker, loaded on first use off the GUI thread (its rules take most of a second to load)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._checker: Any = None

    def scan(self, text: str, lang: str) -> Any:
        """The checker's report for ``text``."""
        with self._lock:
            if self._checker is None:
                from walletcare.faq.scam import ScamChecker

                self._checker = ScamChecker.load()
        return self._checker.scan(text, lang)


class SafetyPage(Page):
    """Text box, verdict banner, explained flags, save to case."""

    area = "safety"
    unlock_wanted = Signal()

    def __init__(self, session: VaultSession, notify: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.notify = notify
        self.report: Any = None
        self.checker = Checker()
        self._generation = 0
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setObjectName("safetyText")
        self.text.setTabChangesFocus(True)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.check)
        self.text.textChanged.connect(self._debounce.start)
        self.banner = QLabel()
        self.banner.setObjectName("safetyBanner")
        self.banner.setWordWrap(True)
        self.flags = QTextBrowser()
        self.flags.setObjectName("safetyFlags")
        self.case = QComboBox()
        self.case.setObjectName("safetyCase")
        self.save = QPushButton()
        self.save.setObjectName("saveToCase")
        self.save.clicked.connect(self.save_to_case)
        self.save_masked = QPushButton()
        self.save_masked.setObjectName("saveMasked")
        self.save_masked.clicked.connect(self.save_masked_copy)
        self.save_masked.hide()
        self.refusal: str | None = None  # why the last save was refused, shown until the text changes
        self.text.textChanged.connect(self._text_edited)
        row = QHBoxLayout()
        row.addWidget(self.case, 1)
        row.addWidget(self.save_masked)
        row.addWidget(self.save)
        self.layout_.addWidget(self.intro)
        self.layout_.addWidget(self.text, 2)
        self.layout_.addWidget(self.banner)
        self.layout_.addWidget(self.flags, 3)
        self.layout_.addLayout(row)
        session.state_changed.connect(lambda _s: self._load_cases())
        session.store_changed.connect(self._store_changed)
        self._show(None)

    def retranslate(self) -> None:
        self.heading.setText(_("Safety check"))
        self.intro.setText(_("Paste a message, chat or what a caller said. WalletCare checks it against known scam "
                             "patterns on this computer; nothing is sent anywhere."))
        self.text.setPlaceholderText(_("Paste or type the message here"))
        self.text.setAccessibleName(_("Message to check"))
        self.case.setAccessibleName(_("Case to save to"))
        self.save.setText(_("&Save to case"))
        self.save_masked.setText(_("Save a &masked copy"))
        self.save_masked.setToolTip(_("Saves the message with the recovery phrase or key replaced by dots"))
        self._load_cases()
        self._show(self.report)
        if self.text.toPlainText().strip():
            self.check()  # the explanations are in the language of the scan: scan again in the new one

    def activated(self) -> None:
        self._load_cases()
        self.text.setFocus()

    def check(self) -> None:
        """Scans the text now on the CPU pool (normally after a short pause in typing)."""
        self._generation += 1
        generation, text, lang = self._generation, self.text.toPlainText(), current_language()
        if not text.strip():
            self.report = None
            self._show(None)
            return
        self.session.runner.cpu(lambda _t: self.checker.scan(text, lang),
                                lambda report: self._scanned(generation, report), self._scan_failed)

    def _scanned(self, generation: int, report: Any) -> None:
        if generation == self._generation:
            self.report = report
            self._show(report)

    def _scan_failed(self, exc: object) -> None:
        self.report = None
        self._show(None)

    def _text_edited(self) -> None:
        if self.refusal is not None:
            self.refusal = None
            self.save_masked.hide()

    def _show(self, report: Any) -> None:
        self._show_report(report)
        if self.refusal is not None:  # a later re-check never hides why the message was not saved
            self.banner.show()
            self.banner.setStyleSheet(DANGER_STYLE)
            self.banner.setText(self.refusal)

    def _show_report(self, report: Any) -> None:
        text = self.text.toPlainText().strip()
        if not text:
            self.banner.hide()
            self.flags.setHtml(f"<p>{html.escape(_('Nothing to check yet.'))}</p>")
            return
        if report is None:
            self.banner.show()
            self.banner.setStyleSheet("")
            self.banner.setText(_("The scam check could not run on this text. Please try again."))
            self.flags.clear()
            return
        risk = getattr(report, "risk", "none")
        self.banner.show()
        self.banner.setStyleSheet(DANGER_STYLE if risk == "high" else "")
        headline = _(RISK_NAMES.get(risk, risk))
        if risk == "high":
            headline += " — " + _("Stop: do not pay, do not share codes or your recovery phrase, do not install apps. "
                                  "Hang up and contact the provider yourself through its official app.")
        elif risk == "medium":  # why it is not high when a flag is, else what to do (as scan-text ends)
            headline += " — " + (rating_line(report, current_language()) or closing_line(report, current_language()))
        elif risk == "low" and getattr(report, "flags", ()):  # why severe-looking flags rate low
            headline += " — " + closing_line(report, current_language())
        self.banner.setText(headline)
        parts = []
        for flag in getattr(report, "flags", ()):
            parts.append(
                f"<h4>{html.escape(str(getattr(flag, 'title', '') or flag.rule))} · "
                f"{html.escape(_(SEVERITY_NAMES.get(flag.severity, flag.severity)))}</h4>"
                f"<p><i>{html.escape(quoted(str(flag.match), current_language()))}</i></p>"
                f"<p>{html.escape(str(getattr(flag, 'why', '')))}</p>"
                f"<p><b>{html.escape(_('What to do:'))}</b> {html.escape(str(getattr(flag, 'advice', '')))}</p>")
        if not parts and risk == "none":
            parts.append(f"<p>{html.escape(_('This does not match a known scam pattern. That is not a guarantee: never share a recovery phrase, password or code with anyone.'))}</p>")
        parts += self._explanation(report)
        self.flags.setHtml("".join(parts))

    @staticmethod
    def _explanation(report: Any) -> list[str]:
        """The scam family, who the text pretends to be, the second opinion and the directory, as HTML."""
        from walletcare.faq.scam_report import explanation

        lines = explanation(report, current_language())
        if not lines:
            return []
        return [f"<hr><h4>{html.escape(_('About this message'))}</h4>"] + [
            f"<p>{html.escape(line)}</p>" for line in lines]

    def verdict_text(self) -> str:
        """A one-line summary for the saved evidence's caption."""
        if self.report is None:
            return _("Message kept from the safety check")
        names = dict.fromkeys(str(getattr(f, "title", "") or "").strip() for f in getattr(self.report, "flags", ()))
        separator = "、" if current_language().startswith("zh") else "; "  # flag titles, never rule ids (R1 …)
        titles = separator.join(t for t in names if t)
        risk = _(RISK_NAMES.get(self.report.risk, self.report.risk))
        if not titles:
            return _("Safety check: {risk}").format(risk=risk)
        return _("Safety check: {risk} ({rules})").format(risk=risk, rules=titles)

    def _load_cases(self) -> None:
        self.case.clear()
        if not self.session.unlocked:
            self.case.addItem(_("Unlock the vault to save to a case"), None)
            return
        self.session.read(lambda store: list(store.cases.list()), self._cases_loaded)

    def _cases_loaded(self, cases: list[Any]) -> None:
        self.case.clear()
        for case in cases:
            self.case.addItem(case.title, case.id)
        if not cases:
            self.case.addItem(_("No cases yet — create one under Cases"), None)

    def save_to_case(self) -> None:
        """Stores the message in the chosen case."""
        if not self.session.unlocked:
            self.unlock_wanted.emit()
            return
        case_id = self.case.currentData()
        text = self.text.toPlainText()
        if case_id is None or not text.strip():
            self.notify(_("Choose a case and paste a message first."))
            return
        self.check()
        self.session.run(save_message, case_id, text, self.verdict_text(), on_done=self._saved, on_error=self._refused)

    def save_masked_copy(self) -> None:
        """After a refusal: stores the message with every recovery phrase and private key masked."""
        case_id = self.case.currentData()
        text = self.text.toPlainText()
        if case_id is None or not text.strip() or not self.session.unlocked:
            return
        self.session.run(save_masked_message, case_id, text, self.verdict_text(), on_done=self._saved_masked,
                         on_error=self._refused)

    def _saved(self, changes: Changes) -> None:
        self.refusal = None
        self.save_masked.hide()
        self._show(self.report)
        self.notify(_("The message was saved to the case as evidence."))

    def _saved_masked(self, changes: Changes) -> None:
        self.refusal = None
        self.save_masked.hide()
        self._show(self.report)
        self.notify(_("A copy with the recovery phrase or key masked was saved to the case as evidence."))

    def _store_changed(self, changes: Changes) -> None:
        if changes.touches("cases"):
            self._load_cases()

    def _refused(self, exc: object) -> None:
        self.refusal = (exc.text() if isinstance(exc, WalletCareError)
                        else _("The message could not be saved; nothing was stored."))
        self.save_masked.setVisible(isinstance(exc, Refused))
        self._show(self.report)
        self.notify(_("Not saved. The reason is shown in red below the message."))
