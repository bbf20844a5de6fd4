"""Plan tab: the case's escalation ladder — each channel in the order to use it, parallel tracks marked, with
its clock (opens, closes, days left), status and prerequisites, the rule's source and "as of" date — and for
the selected rung its channel pack: what the channel asks for (missing items named, each with a button to
where it is entered), a copy-sheet in the order of the channel's form, the letter, and "Record submission…"
(the primary action). Standing warnings (recovery scams) sit on top; the first-hour checklist and the
calendar export are one click away."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QRect, QSize, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from walletcare.evidence.models import Case
from walletcare.evidence.plan.model import STATUS_NAMES, WINDOW_CLOSED
from walletcare.i18n import N_, _, current_language
from walletcare.ui.case_tabs.base import CaseTab
from walletcare.ui.display import date_text, time_text
from walletcare.ui.icons import set_icon
from walletcare.ui.operations import Changes
from walletcare.ui.operations.plan import (
    PlanView,
    PlaybookView,
    RungView,
    export_ics,
    read_plan,
    record_submission,
)
from walletcare.ui.session import VaultSession

OVERDUE_COLOR = "#b00020"
DONE_COLOR = "#2e7d32"
BANNER_STYLE = ("QLabel { background: #fdecea; color: #7f0000; border: 1px solid #b00020; border-radius: 4px; "
                "padding: 6px; font-weight: bold; }")
TRACK_NAMES = {"main": N_("the firm first"), "regulator": N_("regulators"), "card": N_("your card issuer"),
               "theft": N_("theft and fraud reports")}
STATUS_MARKS = {"done": "✓", "open": "●", "waiting": "○", "overdue": "⚠", "closed": "✕"}
RUNG_ROLE = Qt.ItemDataRole.UserRole + 10
URGENT_DAYS = 14  # a hard deadline this close is said in red


LONG_TOKEN = 20  # characters: a longer run without spaces (a tx hash, an address) may break anywhere on screen


def breakable(text: str) -> str:
    """``text`` for a wrapping label: long runs without spaces (transaction hashes, addresses, order numbers)
    get zero-width break points, so they wrap instead of widening the pane past the window. Only for showing:
    what is copied is the value itself."""
    import re

    return re.sub(rf"[!-~]{{{LONG_TOKEN + 1},}}",  # Latin runs only: Chinese text wraps between any characters
                  lambda m: "\u200b".join(m.group(0)[i:i + LONG_TOKEN] for i in range(0, len(m.group(0)), LONG_TOKEN)),
                  text)


def status_name(status: str) -> str:
    """A rung status in the interface language."""
    return _(STATUS_NAMES[status]) if status in STATUS_NAMES else status


def rung_status(rung: RungView) -> str:
    """A rung's status in words: "Window closed" once a hard deadline passed, not "Overdue" (it cannot be done
    late)."""
    return _(WINDOW_CLOSED) if rung.window_closed else status_name(rung.status)


def deadline_text(rung: RungView) -> str:
    """In plain words, what a hard deadline means for this step ("" for a step without one)."""
    if not rung.hard_close or rung.closes is None or rung.status in ("done", "closed"):
        return ""
    if rung.window_closed:
        return _("The last day was {date}. This channel no longer accepts this step, however good the reason; "
                 "look at the other steps of the plan.").format(date=date_text(rung.closes))
    return _("Last day: {date}. After that day this channel no longer accepts it, and it cannot be reopened.").format(
        date=date_text(rung.closes))


def days_text(days: int | None) -> str:
    """"3 days left" / "due today" / "2 days overdue" from a count of days."""
    if days is None:
        return ""
    if days == 0:
        return _("due today")
    if days > 0:
        return _("{days} days left").format(days=days)
    return _("{days} days overdue").format(days=-days)


def clock_text(rung: RungView) -> str:
    """"Opens … · Closes … · 12 days left" (the parts the rung has)."""
    parts = []
    if rung.opens is not None:
        parts.append(_("Opens {date}").format(date=date_text(rung.opens)))
    if rung.closes is not None:
        parts.append(_("Closes {date}").format(date=date_text(rung.closes)))
    if rung.status not in ("done", "closed") and rung.days_left is not None and not rung.window_closed:
        parts.append(days_text(rung.days_left))
    return " · ".join(parts)


def next_step_text(view: PlanView) -> str:
    """"Next step: …" for the Overview and the Plan tab's head."""
    rung = view.next
    if rung is None:
        if view.rungs and all(r.status in ("done", "closed") for r in view.rungs):
            return _("Every step of the plan is done or closed.")
        return _("No next step yet: add the payment date and the provider on the Overview tab.")
    clock = clock_text(rung)
    text = _("Next step: {what}").format(what=rung.title)
    if rung.overdue:
        text = _("Overdue — next step: {what}").format(what=rung.title)
    return f"{text} ({clock})" if clock else text


class PlanTab(CaseTab):
    """The ladder on the left, the selected rung's details and channel pack on the right."""

    go_to = Signal(str)  # where a missing item is entered (a field key or "transactions", "contacts", "evidence")
    plan_shown = Signal(object)  # the PlanView just shown (the Overview and the header follow it)
    export_wanted = Signal(str)  # a channel id: the export dialog addressed to it, its letter there to edit

    def __init__(self, session: VaultSession, notify: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(session, notify, parent)
        self.today: Callable[[], date] = date.today
        self.copy_secret: Callable[[str], None] | None = None
        self.view: PlanView | None = None
        self._selected: str | None = None
        self._pending: tuple[str, dict[str, Any] | None] | None = None
        self._follow_next: str | None = None
        self.warnings = QLabel()
        self.warnings.setObjectName("planWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(BANNER_STYLE)
        self.warnings.hide()
        self.next_label = QLabel()
        self.next_label.setObjectName("planNext")
        self.next_label.setWordWrap(True)
        font = self.next_label.font()
        font.setBold(True)
        self.next_label.setFont(font)
        self.playbook_button = QPushButton()
        self.playbook_button.setObjectName("planPlaybook")
        set_icon(self.playbook_button.setIcon, "playbook")
        self.playbook_button.clicked.connect(self.open_playbook)
        self.ics_button = QPushButton()
        self.ics_button.setObjectName("planIcs")
        set_icon(self.ics_button.setIcon, "calendar")
        self.ics_button.clicked.connect(self.ask_export_ics)
        head = QHBoxLayout()
        head.addWidget(self.next_label, 1)
        head.addWidget(self.playbook_button)
        head.addWidget(self.ics_button)
        self.ladder = QListWidget()
        self.ladder.setObjectName("planLadder")
        self.ladder.setWordWrap(True)
        self.ladder.setSpacing(2)
        self.ladder.currentItemChanged.connect(lambda item, _prev: self._select(item))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        self.scroller = scroll
        self._new_detail()
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        char = self.fontMetrics().averageCharWidth()
        self.ladder.setMinimumWidth(char * 28)
        scroll.setMinimumWidth(char * 40)
        self.ladder.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.ladder.viewport().installEventFilter(self)
        split = QSplitter()
        self.split = split
        self._sized = False
        split.addWidget(self.ladder)
        split.addWidget(scroll)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        self.empty = QLabel()
        self.empty.setObjectName("planEmpty")
        self.empty.setWordWrap(True)
        self.empty.hide()
        self.box.addWidget(self.warnings)
        self.box.addLayout(head)
        self.box.addWidget(self.empty)
        self.box.addWidget(split, 1)
        self.submit_button: QPushButton | None = None
        self.copy_buttons: list[tuple[QPushButton, str]] = []
        self.enter_buttons: list[tuple[QPushButton, str]] = []
        self.letter_view: QPlainTextEdit | None = None
        self.open_dialogs: list[QWidget] = []
        self.retranslate()

    # -- reading --------------------------------------------------------------------------------------
    def set_case(self, case: Case | None) -> None:
        if case is None or self.case is None or case.id != self.case.id:
            self.clear()  # another case: nothing of the previous one's plan stays on screen while it is read
        super().set_case(case)

    def reload(self) -> None:
        case = self.case
        if case is None:
            return
        case_id, today, lang = case.id, self.today(), current_language()
        self.session.read(lambda store: read_plan(store, case_id, today, lang), self.show_plan, self._not_built)

    def _not_built(self, exc: object) -> None:
        """The plan could not be built: said in place (a box on every visit to the case would be worse)."""
        from walletcare.errors import Cancelled, VaultLocked, WalletCareError
        from walletcare.logs import log

        if isinstance(exc, Cancelled | VaultLocked) and not self.session.unlocked:
            return
        log.error("plan not built: %s", type(exc).__name__, exc_info=exc if isinstance(exc, BaseException) else None)
        self.empty.setText(exc.text() if isinstance(exc, WalletCareError) else
                           _("The plan could not be worked out for this case. The rest of the case is not affected; "
                             "details were written to the log file."))
        self.empty.show()

    def cares_about(self, changes: Changes) -> bool:
        return changes.cases or changes.transactions or changes.contacts or changes.evidence

    def clear(self) -> None:
        for dialog in self.open_dialogs:
            dialog.close()
        self.open_dialogs = []
        self.view = None
        self._selected = None
        self.ladder.clear()
        self.warnings.clear()
        self.warnings.hide()
        self.next_label.clear()
        self._clear_detail()

    def show_plan(self, view: PlanView) -> None:
        """Shows ``view`` (keeping the selected rung when it is still there, else the next step)."""
        if self.case is None or view.case_id != self.case.id:
            return
        self.view = view
        self.warnings.setText("\n".join("⚠ " + w for w in view.warnings))
        self.warnings.setVisible(bool(view.warnings))
        self.next_label.setText(next_step_text(view))
        self.next_label.setStyleSheet(f"color: {OVERDUE_COLOR};" if view.next and view.next.overdue else "")
        self.playbook_button.setVisible(bool(view.playbooks))
        self.empty.setText(_("No plan yet: the plan follows from the provider, the amount and the dates of the "
                             "case. Fill them in on the Overview tab."))
        self.empty.setVisible(not view.rungs)
        keep = self._selected if view.rung(self._selected or "") else (view.next.id if view.next else None)
        sent = view.rung(self._follow_next or "")
        if sent is not None and sent.status == "done":  # a submission was just recorded: show the step it opened
            self._follow_next = None
            keep = view.next.id if view.next else sent.id
        self.ladder.blockSignals(True)
        self.ladder.clear()
        tracks = {r.track for r in view.rungs if r.track}
        for n, rung in enumerate(view.rungs, 1):
            item = QListWidgetItem(self._rung_line(n, rung, len(tracks) > 1))
            item.setData(RUNG_ROLE, rung.id)
            if rung.overdue:
                item.setForeground(QBrush(QColor(OVERDUE_COLOR)))
            elif rung.status == "done":
                item.setForeground(QBrush(QColor(DONE_COLOR)))
            elif rung.status == "closed":
                item.setForeground(QBrush(QColor("#757575")))
            if rung.id == (view.next.id if view.next else None):
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.ladder.addItem(item)
            if rung.id == keep:
                self.ladder.setCurrentItem(item)
        self.ladder.blockSignals(False)
        self._fit_rows()
        self._select(self.ladder.currentItem())
        self.plan_shown.emit(view)
        if self._pending is not None:  # a submission typed before the vault locked comes back now
            rung_id, draft = self._pending
            self._pending = None
            QTimer.singleShot(0, self, lambda: self.ask_submission(rung_id, draft))

    def _fit_rows(self) -> None:
        """Each step's row as tall as its wrapped text at the ladder's width (nothing cut off or elided)."""
        width = max(self.ladder.viewport().width() - 12, 80)
        for row in range(self.ladder.count()):
            item = self.ladder.item(row)
            font = item.font()
            rect = QFontMetrics(font).boundingRect(QRect(0, 0, width, 10_000), int(Qt.TextFlag.TextWordWrap),
                                                    item.text())
            item.setSizeHint(QSize(width, rect.height() + 8))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.ladder.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_rows()
        return False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized and self.split.width() > 0:  # the ladder a third, the channel pack the rest
            self._sized = True
            width = self.split.width()
            self.split.setSizes([width * 2 // 5, width - width * 2 // 5])

    def _rung_line(self, n: int, rung: RungView, parallel: bool) -> str:
        first = f"{STATUS_MARKS.get(rung.status, '•')} {n}. {rung.title}"
        tracks = [r.track for r in self.view.rungs] if self.view is not None else []
        main = "main" if "main" in tracks else (tracks[0] if tracks else "")
        # alongside the main track only when nothing has to come first (a regulator after the firm is a later
        # step of the same road, not a parallel one)
        if parallel and rung.track and rung.track != main and not rung.prerequisites:
            name = _(TRACK_NAMES[rung.track]) if rung.track in TRACK_NAMES else rung.track
            first = "∥ " + first + "\n    " + _("[parallel track: {track}]").format(track=name)
        second = rung_status(rung)
        if rung.status not in ("done", "closed") and rung.days_left is not None and not rung.window_closed:
            second += " · " + days_text(rung.days_left)
        dates = [_("Opens {date}").format(date=date_text(rung.opens)) if rung.opens else "",
                 _("Closes {date}").format(date=date_text(rung.closes)) if rung.closes else ""]
        third = " · ".join(d for d in dates if d)
        return f"{first}\n    {second}" + (f"\n    {third}" if third else "")

    # -- the selected rung ----------------------------------------------------------------------------
    def selected_rung(self) -> RungView | None:
        """The rung whose details are shown."""
        return self.view.rung(self._selected) if self.view is not None and self._selected else None

    def select_rung(self, rung_id: str) -> bool:
        """Shows the details of ``rung_id``; False when the plan has no such rung."""
        for row in range(self.ladder.count()):
            if self.ladder.item(row).data(RUNG_ROLE) == rung_id:
                self.ladder.setCurrentRow(row)
                return True
        return False

    def _new_detail(self) -> None:
        """A fresh, empty details pane (the scroll area deletes the one it held)."""
        self.detail = QWidget()
        self.detail.setObjectName("planDetail")
        self.detail_box = QVBoxLayout(self.detail)
        self.scroller.setWidget(self.detail)

    def _clear_detail(self) -> None:
        self.submit_button = None
        self.letter_view = None
        self.copy_buttons, self.enter_buttons = [], []
        self._new_detail()

    def _select(self, item: QListWidgetItem | None) -> None:
        self._clear_detail()
        if item is None or self.view is None:
            self._selected = None
            return
        self._selected = item.data(RUNG_ROLE)
        rung = self.view.rung(self._selected)
        if rung is not None:
            self._fill_detail(rung)

    def _label(self, text: str, name: str = "", bold: bool = False, color: str = "") -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if name:
            label.setObjectName(name)
        if bold:
            font = label.font()
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 1.15)
            label.setFont(font)
        if color:
            label.setStyleSheet(f"color: {color};")
        self.detail_box.addWidget(label)
        return label

    def _fill_detail(self, rung: RungView) -> None:
        self._label(rung.title, "rungTitle", bold=True)
        mark = STATUS_MARKS.get(rung.status, "")
        state = f"{mark} {rung_status(rung)}"
        clock = clock_text(rung)
        self._label(state + (" · " + clock if clock else ""), "rungClock",
                    color=OVERDUE_COLOR if rung.overdue else (DONE_COLOR if rung.status == "done" else ""))
        if rung.status not in ("done", "closed"):
            button = QPushButton(_("&Record submission…"))
            button.setObjectName("recordSubmission")
            set_icon(button.setIcon, "submit")
            button.setDefault(True)
            button.setToolTip(_("After you sent it: the confirmation number, the date and a screenshot of the "
                                "receipt become part of the case and start the next clock."))
            button.clicked.connect(lambda: self.ask_submission(rung.id))
            row = QHBoxLayout()
            row.addWidget(button)
            row.addStretch(1)
            self.detail_box.addLayout(row)
            self.submit_button = button
        if rung.submitted_ref:
            self._label(_("Submitted {when}; confirmation number {ref}.").format(
                when=time_text(rung.submitted_at), ref=rung.submitted_ref), "rungSubmitted", color=DONE_COLOR)
        deadline = deadline_text(rung)
        if deadline:
            self._label(deadline, "rungDeadline", bold=False,
                        color=OVERDUE_COLOR if rung.window_closed or (rung.days_left or 0) <= URGENT_DAYS else "")
        if rung.what:
            self._label(rung.what, "rungWhat")
        if rung.urgent and rung.status not in ("done", "closed"):
            self._label(_("Do this now: it cannot wait."), "rungUrgent", color=OVERDUE_COLOR)
        if rung.how:
            self._label(_("How: {how}").format(how=rung.how), "rungHow")
        if rung.prerequisites:
            self._label(_("First: {steps}").format(steps="; ".join(rung.prerequisites)), "rungPrerequisites")
        if rung.reply_due is not None and rung.status == "done":
            self._label(_("Their answer is due by {date}.").format(date=date_text(rung.reply_due)), "rungReplyDue")
        if rung.rule:
            self._label(_("Rule: {rule}").format(rule=rung.rule), "rungRule")
        for note in rung.notes:
            self._label(note)
        source = rung.source or _("the channel's published rules")
        line = (_("Source: {source}, as of {as_of}.").format(source=source, as_of=date_text(rung.as_of))
                if rung.as_of else _("Source: {source}.").format(source=source))
        if rung.source_url:
            line += " " + rung.source_url
        terms = (self.view.terms_note if self.view is not None else "") or _(
            "Check the channel's current terms: dates here are computed, not promised.")
        self._label(line + " " + terms, "rungSource", color="#555555")
        self._checklist(rung)
        self._copy_sheet(rung)
        self._letter(rung)
        self.detail_box.addStretch(1)

    def _checklist(self, rung: RungView) -> None:
        if rung.status in ("done", "closed") or rung.window_closed:  # nothing more to gather for it
            return
        group = QGroupBox(_("What this channel asks for"))
        group.setObjectName("rungChecklist")
        grid = QGridLayout(group)
        missing = rung.missing
        summary = QLabel(_("Everything it asks for is in the case.") if not missing else
                         _("Missing: {items}").format(items=_(", ").join(m.label for m in missing)))
        summary.setObjectName("rungMissing")
        summary.setWordWrap(True)
        if missing:
            summary.setStyleSheet(f"color: {OVERDUE_COLOR};")
        grid.addWidget(summary, 0, 0, 1, 2)
        for row, item in enumerate(missing, 1):
            text = "✗ " + item.label
            if item.where:
                text += " — " + _("enter it in: {where}").format(where=item.where)
            label = QLabel(text)
            label.setWordWrap(True)
            grid.addWidget(label, row, 0)
            if item.field:
                button = QPushButton(_("Enter it"))
                button.setObjectName(f"enter-{item.field}")
                button.setToolTip(_("Go to where “{item}” is entered").format(item=item.label))
                button.setAccessibleName(_("Enter {item}").format(item=item.label))
                button.clicked.connect(lambda _c=False, where=item.field: self.go_to.emit(where))
                grid.addWidget(button, row, 1, Qt.AlignmentFlag.AlignTop)
                self.enter_buttons.append((button, item.field))
        grid.setColumnStretch(0, 1)
        self.detail_box.addWidget(group)

    def _copy_sheet(self, rung: RungView) -> None:
        if not rung.copy_sheet:
            return
        group = QGroupBox(_("Copy-sheet, in the order of the channel's form"))
        group.setObjectName("rungCopySheet")
        grid = QGridLayout(group)
        for row, (label, value) in enumerate(rung.copy_sheet):
            name = QLabel(label)
            name.setWordWrap(True)
            name.setMinimumWidth(min(name.fontMetrics().horizontalAdvance(label),
                                     name.fontMetrics().averageCharWidth() * 14))
            text = breakable(value) if value else _("(not in the case yet)")
            shown = QLabel(text)
            shown.setWordWrap(True)
            if not value or text == value:  # a value with break points is copied with its button, never selected
                shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(shown, row, 1)
            if value:
                button = QPushButton(_("Copy"))
                button.setObjectName(f"copy-{row}")
                button.setAccessibleName(_("Copy {label}").format(label=label))
                button.clicked.connect(lambda _c=False, text=value: self._copy(text))
                grid.addWidget(button, row, 2, Qt.AlignmentFlag.AlignTop)
                self.copy_buttons.append((button, value))
        grid.setColumnStretch(1, 1)
        self.detail_box.addWidget(group)

    def _letter(self, rung: RungView) -> None:
        if not rung.letter:
            return
        group = QGroupBox(_("Letter to {addressee}").format(addressee=rung.letter_to) if rung.letter_to
                          else _("Letter"))
        group.setObjectName("rungLetter")
        box = QVBoxLayout(group)
        view = QPlainTextEdit(rung.letter)
        view.setReadOnly(True)
        view.setObjectName("rungLetterText")
        view.setMinimumHeight(view.fontMetrics().lineSpacing() * 8)
        box.addWidget(view)
        hint = QLabel(_("Blanks in brackets are what the case does not hold yet. “Edit and export…” lets you "
                        "change the letter; the text you export with is kept for this step."))
        hint.setWordWrap(True)
        copy = QPushButton(_("Copy the letter"))
        copy.setObjectName("copyLetter")
        copy.clicked.connect(lambda: self._copy(rung.letter))
        edit = QPushButton(_("Edit and export…"))
        edit.setObjectName("editLetter")
        edit.clicked.connect(lambda: self.export_wanted.emit(rung.channel))
        row = QHBoxLayout()
        row.addWidget(hint, 1)
        row.addWidget(edit)
        row.addWidget(copy)
        box.addLayout(row)
        self.letter_view = view
        self.detail_box.addWidget(group)

    def _copy(self, text: str) -> None:
        if self.copy_secret is not None:
            self.copy_secret(text)

    # -- actions --------------------------------------------------------------------------------------
    def ask_submission(self, rung_id: str, draft: dict[str, Any] | None = None) -> None:
        """"Record submission…" for ``rung_id``: asks, then records it off the GUI thread."""
        from walletcare.ui.dialogs.submission import SubmissionDialog

        if self.case is None:
            return
        if self.view is None or self.view.case_id != self.case.id:  # the plan is still being read: after it
            self._pending = (rung_id, draft)
            return
        rung = self.view.rung(rung_id)
        title = rung.title if rung is not None else rung_id
        case_id = self.case.id
        sent = SubmissionDialog.ask(self, case_id, rung_id, title, draft)
        if sent is None:
            return

        def done(_changes: Changes) -> None:
            self.notify(_("Submission recorded: {what}, confirmation number {ref}.").format(what=title,
                                                                                           ref=sent.ref))

        def failed(exc: object) -> None:
            """Nothing was recorded: says why, then (unless the number held a secret, which is not kept)
            opens the dialog again with what was typed, to correct it."""
            from walletcare.errors import Refused

            self._follow_next = None
            self.show_error(exc)
            if not isinstance(exc, Refused) and self.case is not None and self.case.id == case_id:
                self.ask_submission(rung_id, sent.typed)

        self._follow_next = rung_id
        self.session.run(record_submission, case_id, rung_id, sent.ref, sent.at, sent.receipt, on_done=done,
                         on_error=failed, label=_("Recording the submission"))

    def open_playbook(self) -> None:
        """Opens the first-hour checklist of the case (the first that fits when several do)."""
        if self.case is None or self.view is None or not self.view.playbooks:
            return
        for dialog in self.open_dialogs:
            if dialog.isVisible():
                dialog.raise_()
                dialog.activateWindow()
                return
        self.open_playbook_now(self.view.playbooks[0])

    def open_playbook_now(self, book: PlaybookView) -> None:
        """Opens the checklist ``book`` beside the window."""
        from walletcare.ui.dialogs.playbook import PlaybookDialog

        if self.case is None:
            return
        for dialog in self.open_dialogs:
            dialog.close()
        self.open_dialogs = [PlaybookDialog.show_for(self.window(), self.session, self.case.id, book,
                                                     self.show_error)]

    def ask_export_ics(self) -> None:
        """"Export to calendar (.ics)…": asks where, then writes the file off the GUI thread."""
        if self.case is None:
            return
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(documents or Path.home()) / f"walletcare-case-{self.case.id}.ics")
        name, _filter = QFileDialog.getSaveFileName(self, _("Export to calendar"), suggested,
                                                    _("Calendar (*.ics)"))
        if name:
            self.export_ics(Path(name if name.lower().endswith(".ics") else name + ".ics"))

    def export_ics(self, target: Path) -> None:
        """Writes the case's dates to ``target`` (atomically) and says where."""
        if self.case is None:
            return
        case_id, today = self.case.id, self.today()

        def done(path: Path) -> None:
            self.notify(_("Calendar file saved: {path}. Open it with your calendar app; your phone reminds you "
                          "too, no network needed.").format(path=path))

        self.session.read(lambda store: export_ics(store, case_id, today, target), done, self.show_error)

    def retranslate(self) -> None:
        self.playbook_button.setText(_("First-hour checklist…"))
        self.playbook_button.setToolTip(_("The urgent steps for this kind of incident, each recorded with its time"))
        self.ics_button.setText(_("Export to calendar (.ics)…"))
        self.ics_button.setToolTip(_("The plan's dates as a calendar file, so your phone reminds you too"))
        self.ladder.setAccessibleName(_("Steps of the plan"))
        self.empty.setText(_("No plan yet: the plan follows from the provider, the amount and the dates of the "
                             "case. Fill them in on the Overview tab."))
        if self.case is not None:
            self.reload()  # the letters, the ladder's texts and the dates in the new language

