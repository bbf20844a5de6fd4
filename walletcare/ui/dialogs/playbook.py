"""A first-hour playbook: the urgent steps of an incident (wallet drained, account taken over, card fraud …)
as a timed checklist. Each tick is stamped at once into the case's audit trail (promptness counts for bank
scam refunds and Regulation E), so the dialog never holds anything unsaved; closing it loses nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from walletcare.i18n import _, current_language, ngettext
from walletcare.ui.display import date_text, time_text
from walletcare.ui.operations import Changes
from walletcare.ui.operations.plan import PlaybookView, playbooks, tick
from walletcare.ui.session import VaultSession

STAMP_STYLE = "color: #2e7d32;"
LATE_COLOR = "#b00020"


class PlaybookDialog(QDialog):
    """One playbook's steps; ticking one records it (and disables the box: a stamp is not taken back)."""

    def __init__(self, session: VaultSession, case_id: int, book: PlaybookView, on_error: Callable[[object], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("playbookDialog")
        self.session, self.case_id, self.book, self.on_error = session, case_id, book, on_error
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 90)
        self.heading = QLabel()
        self.heading.setObjectName("playbookTitle")
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        self.clock = QLabel()
        self.clock.setObjectName("playbookClock")
        self.clock.setWordWrap(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.safety = QLabel()
        self.safety.setWordWrap(True)
        self.source = QLabel()
        self.source.setObjectName("playbookSource")
        self.source.setWordWrap(True)
        self.source.setStyleSheet("color: #555555;")
        self.boxes: dict[str, QCheckBox] = {}
        self.pending: set[str] = set()
        self.stamps: dict[str, QLabel] = {}
        self.rows = QVBoxLayout()
        self.texts: dict[str, QLabel] = {}
        for item in book.items:
            box = QCheckBox()  # the step's text is a wrapping label beside it (a check box's own text never wraps)
            box.setObjectName(f"playbookItem-{item.id}")
            box.toggled.connect(lambda checked, item_id=item.id: self._tick(item_id) if checked else None)
            text = QLabel()
            text.setWordWrap(True)
            text.setBuddy(box)
            stamp = QLabel()
            stamp.setStyleSheet(STAMP_STYLE)
            row = QHBoxLayout()
            row.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
            row.addWidget(text, 1)
            row.addWidget(stamp, 0, Qt.AlignmentFlag.AlignTop)
            self.rows.addLayout(row)
            self.boxes[item.id], self.stamps[item.id], self.texts[item.id] = box, stamp, text
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.heading)
        column.addWidget(self.clock)
        column.addWidget(self.note)
        column.addLayout(self.rows)
        column.addWidget(self.safety)
        column.addWidget(self.source)
        column.addStretch(1)
        column.addWidget(buttons)
        self.timer = QTimer(self)
        self.timer.setInterval(30_000)
        self.timer.timeout.connect(self.retranslate)  # the clock and the steps that are late
        self.timer.start()
        self.retranslate()

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.setWindowTitle(_("First-hour checklist"))
        self.heading.setText(self.book.title)
        self.note.setText(self.book.note or _("Do these now, in this order. Each tick is recorded with its time in "
                                              "the case; the dossier prints the times."))
        self.note.setVisible(True)
        book = self.book
        self.source.setText(_("Source: {source}, as of {as_of}.").format(source=book.source, as_of=date_text(book.as_of))
                            if book.as_of else _("Source: {source}.").format(source=book.source))
        self.source.setVisible(bool(book.source))
        self.safety.setText(_("No bank, platform, police officer or “recovery service” will ever ask for your "
                              "recovery phrase, password or verification codes. Anyone who does is a scammer."))
        minutes = self._minutes()
        for item in self.book.items:
            box = self.boxes[item.id]
            box.blockSignals(True)
            text = item.text
            late = bool(item.within_minutes) and item.ticked_at is None and minutes is not None and \
                minutes > (item.within_minutes or 0)
            if item.within_minutes:
                when = (_("(was due within {minutes} min: do it now)") if late else _("(within {minutes} min)"))
                text += ("" if current_language().startswith("zh") else " ") + when.format(minutes=item.within_minutes)
            self.texts[item.id].setText(text)
            self.texts[item.id].setStyleSheet(f"color: {LATE_COLOR};" if late else "")
            box.setAccessibleName(text)
            if item.id not in self.pending:  # a tick on its way to the vault stays ticked
                box.setChecked(item.ticked_at is not None)
                box.setEnabled(item.ticked_at is None)
            box.blockSignals(False)
            self.stamps[item.id].setText(_("done {when}").format(when=time_text(item.ticked_at))
                                         if item.ticked_at else "")
        self._clock()

    def _minutes(self) -> int | None:
        """Minutes since the case was opened (None when unknown)."""
        if self.book.started is None:
            return None
        return max(0, int((datetime.now().astimezone() - self.book.started).total_seconds() // 60))

    def _clock(self) -> None:
        left = [i for i in self.book.items if i.ticked_at is None]
        minutes = self._minutes()
        if minutes is not None and minutes < 24 * 60:  # the first hours count; after a day, minutes say nothing
            elapsed = ngettext("Started {n} minute ago.", "Started {n} minutes ago.", minutes).format(n=minutes)
        else:
            elapsed = ""
        rest = (ngettext("{n} step left.", "{n} steps left.", len(left)).format(n=len(left)) if left
                else _("Every step is done."))
        self.clock.setText((elapsed + ("" if current_language().startswith("zh") else " ") + rest).strip())

    def _tick(self, item_id: str) -> None:
        self.pending.add(item_id)
        self.boxes[item_id].setEnabled(False)
        self.session.run(tick, self.case_id, item_id, on_done=self._ticked,
                         on_error=lambda exc: self._failed(item_id, exc))

    def _ticked(self, _changes: Changes) -> None:
        self.session.read(lambda store: playbooks(store, self.case_id), self._reloaded)

    def _reloaded(self, books: list[PlaybookView]) -> None:
        self.pending.clear()
        found = next((b for b in books if b.id == self.book.id), None)
        if found is not None:
            self.book = found
            self.retranslate()

    def _failed(self, item_id: str, exc: object) -> None:
        self.pending.discard(item_id)
        box = self.boxes[item_id]
        box.blockSignals(True)
        box.setChecked(False)
        box.setEnabled(True)
        box.blockSignals(False)
        self.on_error(exc)

    @classmethod
    def show_for(cls, parent: QWidget, session: VaultSession, case_id: int, book: PlaybookView,
                 on_error: Callable[[object], None]) -> PlaybookDialog:
        """Opens the checklist without blocking the window (the user may be on the phone with the bank)."""
        dialog = cls(session, case_id, book, on_error, parent)
        dialog.setModal(False)
        dialog.show()
        return dialog
