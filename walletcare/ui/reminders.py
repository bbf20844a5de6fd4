"""Reminders that reach the user. After each unlock (the first one is the start of a session) a bar above
the page sums up what is due or overdue across cases; it never takes the focus or opens a dialog, so typed
text and drafts coming back are left alone, and "Dismiss" hides it until the next unlock. While the app runs
and the vault is unlocked, a system-tray notification comes the day before a step is due and on the day
(once each); where the system has no tray (or the platform is offscreen) only the bar is shown.

A tray notification names no case and no detail: notification centres keep a history outside the vault."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSystemTrayIcon, QWidget

from walletcare.i18n import _, ngettext
from walletcare.ui.display import date_text
from walletcare.ui.operations.plan import DueItem, due_items
from walletcare.ui.session import VaultSession

DAYS_AHEAD = 7
CHECK_EVERY_MS = 30 * 60 * 1000
SHOWN_ITEMS = 3
BAR_STYLE = "QFrame#reminderBar { background: #fff8e1; border: 1px solid #f9a825; border-radius: 4px; }"
OVERDUE_BAR_STYLE = "QFrame#reminderBar { background: #fdecea; border: 1px solid #b00020; border-radius: 4px; }"


def item_line(item: DueItem) -> str:
    """"Case title: what — date (2 days overdue)"."""
    if item.days_left == 0:
        left = _("due today")
    elif item.days_left > 0:
        left = _("{days} days left").format(days=item.days_left)
    else:
        left = _("{days} days overdue").format(days=-item.days_left)
    return _("{case}: {what} — {date} ({left})").format(case=item.case_title, what=item.what,
                                                        date=date_text(item.due), left=left)


def summary_text(items: list[DueItem]) -> str:
    """The bar's text: counts first, then the most urgent items."""
    overdue = sum(1 for i in items if i.overdue)
    today = sum(1 for i in items if not i.overdue and i.days_left == 0)
    soon = len(items) - overdue - today
    counts = []
    if overdue:
        counts.append(ngettext("{n} overdue", "{n} overdue", overdue).format(n=overdue))
    if today:
        counts.append(ngettext("{n} due today", "{n} due today", today).format(n=today))
    if soon:
        counts.append(ngettext("{n} due in the next {days} days", "{n} due in the next {days} days", soon)
                      .format(n=soon, days=DAYS_AHEAD))
    head = _("Reminders: {counts}.").format(counts=_(", ").join(counts))
    lines = [item_line(i) for i in items[:SHOWN_ITEMS]]
    more = len(items) - SHOWN_ITEMS
    if more > 0:
        lines.append(ngettext("… and {n} more", "… and {n} more", more).format(n=more))
    return head + "\n" + "\n".join(lines)


class ReminderBar(QFrame):
    """Hidden until ``show_items``; "Open" shows the most urgent case's plan, "Dismiss" hides the bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reminderBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.text = QLabel()
        self.text.setObjectName("reminderText")
        self.text.setWordWrap(True)
        self.open_button = QPushButton()
        self.open_button.setObjectName("reminderOpen")
        self.close_button = QPushButton()
        self.close_button.setObjectName("reminderDismiss")
        self.close_button.setFlat(True)
        self.close_button.clicked.connect(self.dismiss)
        row = QHBoxLayout(self)
        row.addWidget(self.text, 1)
        row.addWidget(self.open_button)
        row.addWidget(self.close_button)
        self.items: list[DueItem] = []
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.open_button.setText(_("Show the plan"))
        self.open_button.setToolTip(_("Opens the plan of the most urgent case"))
        self.close_button.setText(_("Dismiss"))
        self.close_button.setAccessibleName(_("Dismiss the reminders"))
        if self.items:
            self.text.setText(summary_text(self.items))

    def show_items(self, items: list[DueItem]) -> None:
        """Shows the summary of ``items`` (hidden when there are none)."""
        self.items = list(items)
        if not items:
            self.hide()
            return
        self.text.setText(summary_text(self.items))
        self.setStyleSheet(OVERDUE_BAR_STYLE if any(i.overdue for i in items) else BAR_STYLE)
        self.show()

    def dismiss(self) -> None:
        """Hides the bar until the next unlock."""
        self.hide()

    def forget(self) -> None:
        """Hides the bar and drops its text (the vault was locked: nothing of it may stay on screen)."""
        self.items = []
        self.text.clear()
        self.hide()


class Reminders(QObject):
    """The bar after each unlock, the tray notifications while the app runs."""

    def __init__(self, session: VaultSession, open_case: Callable[[int], None], parent: QObject | None = None,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.session = session
        self.today = today
        self.bar = ReminderBar()
        self.bar.open_button.clicked.connect(self._open_first)
        self._open_case = open_case
        self.notified: set[str] = set()
        self.tray: QSystemTrayIcon | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)
        session.state_changed.connect(self._state_changed)

    def tray_icon(self) -> QSystemTrayIcon | None:
        """The tray icon, made the first time a notification is due; None where the system has no tray."""
        if self.tray is None and QSystemTrayIcon.isSystemTrayAvailable():
            from PySide6.QtWidgets import QApplication

            icon = QApplication.windowIcon()
            if icon.isNull():
                from walletcare.ui.icons import icon as named

                icon = named("reminder")
            self.tray = QSystemTrayIcon(icon, self)
            self.tray.setToolTip("WalletCare")
            self.tray.show()
        return self.tray

    def _state_changed(self, state: str) -> None:
        if state == "unlocked":
            self.summarise()
            self.timer.start()
        else:
            self.timer.stop()
            self.bar.forget()

    def summarise(self) -> None:
        """Reads what is due or overdue and shows the bar (and a tray notification for today and tomorrow)."""
        today = self.today()
        self.session.read(lambda store: due_items(store, today, DAYS_AHEAD), self._summary, lambda exc: None)

    def check(self) -> None:
        """The periodic check while the app runs: tray notifications only (a dismissed bar stays dismissed)."""
        if not self.session.unlocked:
            return
        today = self.today()
        self.session.read(lambda store: due_items(store, today, 1), self.notify_tray, lambda exc: None)

    def _summary(self, items: list[DueItem]) -> None:
        self.bar.show_items(items)
        self.notify_tray(items)

    def notify_tray(self, items: list[DueItem]) -> bool:
        """A tray notification for the items due today or tomorrow not announced yet. True when one was shown."""
        fresh = [i for i in items if not i.overdue and i.days_left in (0, 1) and i.key not in self.notified]
        if not fresh:
            return False
        tray = self.tray_icon()
        if tray is None:
            return False
        self.notified.update(i.key for i in fresh)
        today = sum(1 for i in fresh if i.days_left == 0)
        text = (ngettext("{n} step of your cases is due today.", "{n} steps of your cases are due today.", today)
                .format(n=today) if today else "")
        tomorrow = len(fresh) - today
        if tomorrow:
            text += (" " if text else "") + ngettext("{n} step is due tomorrow.", "{n} steps are due tomorrow.",
                                                     tomorrow).format(n=tomorrow)
        tray.showMessage(_("WalletCare reminder"), text + " " + _("Open WalletCare to see them."),
                         QSystemTrayIcon.MessageIcon.Information, 15000)
        return True

    def _open_first(self) -> None:
        if self.bar.items:
            self._open_case(self.bar.items[0].case_id)

    def retranslate(self) -> None:
        """Texts in the current language (a bar on screen is read again: the plan words its steps)."""
        self.bar.retranslate()
        if self.bar.isVisible() and self.session.unlocked:
            self.summarise()

    def stop(self) -> None:
        """The window closes: no more checks, no tray icon left behind."""
        self.timer.stop()
        if self.tray is not None:
            self.tray.hide()
