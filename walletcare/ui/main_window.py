"""The main window: a sidebar of areas (Help, Cases, Safety check, Settings) and a Lock button beside a
page stack, and a status bar for vault state and background work. It builds the shared services (task
runner, vault session, clipboard, idle watcher, work guard), wires pages together and owns locking and
closing (``request_lock``, ``lock``, ``request_close``), which never lose typed text (``work_guard``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from walletcare import APP_NAME
from walletcare.config import Settings
from walletcare.i18n import N_, _, current_language, set_language
from walletcare.ui import icons
from walletcare.ui.clipboard import SecretClipboard
from walletcare.ui.icons import set_icon
from walletcare.ui.idle import IdleWatcher
from walletcare.ui.menus import MenuBar
from walletcare.ui.pages.base import Page
from walletcare.ui.pages.case_page import Tab
from walletcare.ui.pages.cases import CasesPage
from walletcare.ui.qt_translations import QtTranslations
from walletcare.ui.reminders import Reminders
from walletcare.ui.session import VaultSession
from walletcare.ui.tasks import TaskRunner
from walletcare.ui.text_reader import shared_reader
from walletcare.ui.widgets.dates import localize_all
from walletcare.ui.widgets.reading_bar import ReadingBar
from walletcare.ui.window_actions import WindowActions
from walletcare.ui.work_guard import Drafts, WorkGuard

if TYPE_CHECKING:
    from collections.abc import Callable

    from walletcare.evidence.models import Case, Contact
    from walletcare.ui.pages.help import HelpPage
    from walletcare.ui.pages.safety import SafetyPage
    from walletcare.ui.pages.settings import SettingsPage

HELP_START_DELAY_MS = 50
AREAS = (("help", N_("Help")), ("cases", N_("Cases")), ("safety", N_("Safety check")), ("settings", N_("Settings")))


class MainWindow(QMainWindow):
    """Sidebar + pages + status bar; remembers its geometry between runs."""

    def __init__(self, settings: Settings, vault_dir: Path, *, runner: TaskRunner | None = None,
                 kdf_seconds: float = 0.5) -> None:
        super().__init__()
        self.settings = settings
        self.vault_dir = vault_dir
        self.setObjectName("mainWindow")
        self.qt_translations = QtTranslations(self)
        self.qt_translations.install(current_language())
        self.runner = runner or TaskRunner()
        self.session = VaultSession(vault_dir, self.runner, kdf_seconds=kdf_seconds)
        self.clipboard = SecretClipboard(self.notify)
        self.idle = IdleWatcher(settings.auto_lock_minutes, self)
        self.idle.idle.connect(self.lock)
        self.cases = CasesPage(self.session, self.notify, self.clipboard.copy)
        self.reminders = Reminders(self.session, self.open_case_plan, self)
        self.pages: dict[str, Page] = {"cases": self.cases}  # the others are built when first needed
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setIconSize(QSize(20, 20))
        self.sidebar.setSpacing(3)
        font = self.sidebar.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.sidebar.setFont(font)
        self.stack = QStackedWidget()
        for area, _title in AREAS:
            self.stack.addWidget(self.pages.get(area) or QWidget())
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, area)
            set_icon(item.setIcon, area)
            self.sidebar.addItem(item)
        self.sidebar.currentRowChanged.connect(self._show_row)
        self.lock_button = QPushButton()
        self.lock_button.setObjectName("lockButton")
        set_icon(self.lock_button.setIcon, "lock")
        self.lock_button.clicked.connect(self.request_lock)
        side = QWidget()
        side.setFixedWidth(190)
        side_box = QVBoxLayout(side)
        side_box.setContentsMargins(6, 6, 0, 6)
        side_box.addWidget(self.sidebar, 1)
        side_box.addWidget(self.lock_button)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(side)
        self.side = side
        content = QVBoxLayout()
        content.setContentsMargins(0, 0, 0, 0)
        bar_holder = QHBoxLayout()  # the reminder bar clear of the window's edges, as the pages' content is
        bar_holder.setContentsMargins(0, 6, 9, 0)
        bar_holder.addWidget(self.reminders.bar)
        content.addLayout(bar_holder)
        content.addWidget(self.stack, 1)
        row.addLayout(content, 1)
        self.setCentralWidget(central)
        self.vault_state = QLabel()
        self.vault_state.setObjectName("vaultState")
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.hide()
        self.busy_label = QLabel()
        self.busy_label.setObjectName("busyLabel")
        # the vault's unread screenshots and PDFs are read after an unlock, every case: progress and Stop here
        self.reader = shared_reader(self.session)
        self.reader.sealed.connect(self.notify)
        self.reading_bar = ReadingBar(self.reader)
        self.statusBar().addPermanentWidget(self.reading_bar)
        self.resume_reading = QPushButton()
        self.resume_reading.setObjectName("resumeReading")
        self.resume_reading.clicked.connect(self.reader.resume)
        self.resume_reading.hide()
        self.reader.paused_changed.connect(self.resume_reading.setVisible)
        self.statusBar().addPermanentWidget(self.resume_reading)
        self.statusBar().addPermanentWidget(self.busy_label)
        self.statusBar().addPermanentWidget(self.busy)
        self.statusBar().addPermanentWidget(self.vault_state)
        self.runner.busy.connect(self._busy)
        self.runner.started.connect(self.busy_label.setText)
        self.session.state_changed.connect(self._state_changed)
        self.session.state_changed.connect(self._remember_folder)
        self.session.state_changed.connect(lambda _s: self._show_notices())
        self.actions_ = WindowActions(self)
        self.menus = MenuBar(self)
        self.guard = WorkGuard(self)
        self._closing: Drafts | None = None
        self.cases.help_wanted.connect(lambda: self.show_area("help"))
        self.cases.language_chosen.connect(self.switch_language)
        self.cases.language_chosen.connect(lambda _code: self._show_chrome(True))
        self.cases.export_requested.connect(self.actions_.export_case)
        self.cases.export_to.connect(lambda case, channel: self.actions_.export_case(case, channel=channel))
        self.retranslate()
        self._restore_state()
        if self.runner.immediate:
            icons.load()
            self.help.start()
        else:  # after the first paint: loading the articles competes with start-up for the interpreter
            self._painted = False
            self.installEventFilter(self)
        self.show_area("cases" if settings.language is None or self.session.exists() else "help")
        choosing = settings.language is None and not self.session.exists()
        self.cases.show_gate(choose_language=choosing)
        self._show_chrome(not choosing)
        self._show_notices()

    def _show_chrome(self, shown: bool) -> None:
        """The sidebar, menus, status bar and page heading; hidden while the first language is being chosen,
        so that nothing is shown in a language the user has not picked yet."""
        for widget in (self.side, self.menuBar(), self.statusBar(), self.cases.heading):
            widget.setVisible(shown)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            self.removeEventFilter(self)
            QTimer.singleShot(HELP_START_DELAY_MS, self, self._after_first_paint)
        return False

    def _after_first_paint(self) -> None:
        icons.load()  # the icon font and its Qt layer take a few hundred ms to load: not before the first paint
        self.help.start()

    def page(self, area: str) -> Page:
        """The page of ``area``, built and wired the first time it is needed (keeps start-up light)."""
        if area in self.pages:
            return self.pages[area]
        # Imported here, not at the top: these pages are not needed to paint the unlock screen.
        from walletcare.ui.pages.help import HelpPage
        from walletcare.ui.pages.safety import SafetyPage
        from walletcare.ui.pages.settings import SettingsPage

        page: Page
        if area == "help":
            page = HelpPage(self.runner, self.notify)
            page.open_case_requested.connect(self.open_case_from_wizard)
            page.call_note_requested.connect(self.open_case_from_wizard)
            page.safety_requested.connect(lambda: self.show_area("safety"))
        elif area == "safety":
            page = SafetyPage(self.session, self.notify)
            page.unlock_wanted.connect(lambda: self.show_area("cases"))
        else:
            page = SettingsPage(self.session, self.settings)
            page.language_chosen.connect(self.switch_language)
            page.auto_lock_changed.connect(self.set_auto_lock)
            page.message.connect(self.notify)
            page.vault_state_changed.connect(self.refresh_vault_state)
            page.lock_requested.connect(self.lock)
        page.retranslate()
        index = [a for a, _t in AREAS].index(area)
        placeholder = self.stack.widget(index)
        current = self.stack.currentIndex()
        self.stack.insertWidget(index, page)
        if placeholder is not None:
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
        self.stack.setCurrentIndex(current)
        self.pages[area] = page
        return page

    @property
    def help(self) -> HelpPage:
        """The Help page."""
        return self.page("help")  # type: ignore[return-value]

    @property
    def safety(self) -> SafetyPage:
        """The Safety check page."""
        return self.page("safety")  # type: ignore[return-value]

    @property
    def settings_page(self) -> SettingsPage:
        """The Settings page."""
        return self.page("settings")  # type: ignore[return-value]

    def _show_row(self, row: int) -> None:
        self.page(AREAS[row][0])
        self.stack.setCurrentIndex(row)
        page = self.stack.currentWidget()
        if isinstance(page, Page):
            page.activated()

    def show_area(self, area: str) -> None:
        """Selects a sidebar area by name."""
        row = [a for a, _t in AREAS].index(area)
        if self.sidebar.currentRow() == row:
            self._show_row(row)
        else:
            self.sidebar.setCurrentRow(row)

    def current_area(self) -> str:
        """The area on screen."""
        return AREAS[max(0, self.sidebar.currentRow())][0]

    def notify(self, text: str) -> None:
        """A short message in the status bar."""
        self.statusBar().showMessage(text, 8000)

    def _show_notices(self) -> None:
        """What opening the vault settled after a crash (an interrupted restore, key change or export)."""
        notices, self.session.notices = self.session.notices, []
        if notices:
            self.statusBar().showMessage(" ".join(notices), 30000)

    def request_lock(self) -> None:
        """Ctrl+L / the Lock button: asks first when an editor holds unsaved input, then locks."""
        if self.cases.gate.showing_recovery_code():
            self.notify(_("Write down the recovery code and press “Continue” first; then you can lock."))
            return
        if self.session.unlocked and not self.guard.confirm_lock():
            return
        self.lock()

    def lock(self) -> None:
        """Idle, or Ctrl+L once confirmed: keeps the unsaved input of open editors as drafts in the vault,
        closes them, clears every view of vault data and the clipboard copy, and locks the vault. Never while
        a new vault's recovery code is on screen (it is shown only once)."""
        if self.cases.gate.showing_recovery_code():
            self.idle.restart()
            return
        self.clipboard.clear()
        drafts = self.guard.before_lock() if self.session.unlocked else {}
        self._close_dialogs()
        if self.session.unlocked:
            self.session.lock(drafts, on_kept=self.guard.kept, on_error=self.guard.not_kept)
            self.notify(_("Vault locked. Your data is safe; unlock to continue."))
        if self.current_area() in ("cases", "safety"):
            self.cases.show_gate()

    def _close_dialogs(self) -> None:
        for dialog in self.findChildren(QDialog):  # open editors and viewers show vault data too
            if dialog.isVisible() and dialog.objectName() != "recoveryCodeDialog":  # a new code must not be lost
                dialog.done(QDialog.DialogCode.Rejected)

    def open_case_from_wizard(self, prefill: Case, call_note: Contact | None = None) -> None:
        """"Open a case from this" at a wizard's outcome; with ``call_note`` (a Contact), a call note follows."""
        then: Callable[[], None] | None = None
        if call_note is not None:
            note = call_note

            def then() -> None:
                page = self.cases.case_page
                if page.case is None:  # the new case was not saved: no case to file the note under
                    return
                page.show_tab(Tab.CONTACTS)
                page.contacts.start_note("call", replace(note, case_id=page.case.id, at=datetime.now().astimezone()))
        self.show_area("cases")
        if self.session.unlocked:
            self.cases.ask_new_case(prefill, then)
        else:
            self.cases.pending_case, self.cases.pending_then = prefill, then
            self.notify(_("Unlock the vault first; the case will open with the wizard's answers filled in."))

    def open_case_plan(self, case_id: int) -> None:
        """Opens a case on its Plan tab (the reminders' "Show the plan")."""
        def found(case: object) -> None:
            if case is None:
                return
            self.show_area("cases")
            self.cases.open_case(case)  # type: ignore[arg-type]
            page = self.cases.case_page
            if page.case is not None and page.case.id == case_id:
                page.show_tab(Tab.PLAN)

        self.session.read(lambda store: store.cases.get(case_id) if store.cases.exists(case_id) else None, found)

    def switch_language(self, lang: str) -> None:
        """Switches the interface language now and remembers it."""
        set_language(lang)
        self.qt_translations.install(lang)
        localize_all(self)
        self.settings.language = lang
        self.settings.save()
        self.retranslate()

    def set_auto_lock(self, minutes: int) -> None:
        """Changes the idle time before auto-lock, in whole minutes (0 = never), and remembers it in the
        settings (the settings page saves them)."""
        self.settings.auto_lock_minutes = minutes
        self.idle.set_minutes(minutes)

    def retranslate(self) -> None:
        """Re-sets every text of the window and its pages in the current language."""
        self.actions_.retranslate()
        self.menus.retranslate()
        for i, (area, title) in enumerate(AREAS):
            self.sidebar.item(i).setText(_(title))
            if area in self.pages:
                self.pages[area].retranslate()
        self.lock_button.setText(_("Lock (Ctrl+L)"))
        self.lock_button.setAccessibleName(_("Lock the vault"))
        self.guard.retranslate()
        self.reminders.retranslate()
        self.reading_bar.retranslate()
        self.resume_reading.setText(_("Resume reading screenshots"))
        self.refresh_vault_state()

    def _busy(self, running: int) -> None:
        self.busy.setVisible(running > 0)
        if running == 0:
            self.busy_label.clear()

    def _state_changed(self, state: str) -> None:
        self.statusBar().clearMessage()  # a "locked" message must not stand beside "unlocked", nor the reverse
        self.refresh_vault_state()

    def _remember_folder(self, state: str) -> None:
        """After an unlock, remembers the vault folder so the next start opens the same one."""
        folder = str(self.session.folder)
        if state == "unlocked" and self.settings.last_vault != folder:
            self.settings.last_vault = folder
            self.settings.save()

    def refresh_vault_state(self) -> None:
        """The status bar's vault state: locked or unlocked, and when unlocked, the last backup."""
        state = self.session.state
        text = {"unlocked": _("Vault unlocked"), "locked": _("Vault locked"), "absent": _("No vault yet")}[state]
        if state == "unlocked":
            from walletcare.evidence.backup import newest_generation
            from walletcare.ui.display import time_text
            from walletcare.ui.operations.vault import backup_root

            newest = newest_generation(backup_root(self.settings.backup_dir, self.session.folder))
            text += " · " + (_("last backup {when}").format(when=time_text(newest)) if newest else _("no backup yet"))
        self.vault_state.setText(text)
        self.lock_button.setEnabled(state == "unlocked")
        self.actions_.actions["lock"].setEnabled(state == "unlocked")
        title = {"unlocked": _("Vault unlocked"), "locked": _("Vault locked")}.get(state)
        self.setWindowTitle(f"{APP_NAME} — {title}" if title else APP_NAME)

    def warn_no_cjk_font(self) -> None:
        """Shown once at start when no installed font covers Chinese."""
        self.statusBar().showMessage(
            _("No Chinese font was found on this system; Chinese text may show as boxes. Install one (e.g. WenQuanYi Micro Hei)."),
            15000,
        )

    def _restore_state(self) -> None:
        qs = QSettings(APP_NAME, APP_NAME)
        geometry = qs.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1100, 720)

    def request_close(self) -> bool:
        """Before the window closes (its close button, Quit): when an editor holds unsaved input, asks whether to
        keep it as a draft in the vault, discard it, or stay. False when the window stays open."""
        if self._closing is not None:
            return True
        drafts = self.guard.confirm_close() if self.session.unlocked else {}
        if drafts is None:
            return False
        self._closing = drafts
        self._close_dialogs()
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.request_close():
            event.ignore()
            return
        QSettings(APP_NAME, APP_NAME).setValue("window/geometry", self.saveGeometry())
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Keeps the drafts chosen in ``request_close``, locks, clears the clipboard copy, stops timers and
        waits for background work."""
        self.clipboard.clear()
        self.idle.stop()
        self.guard.stop()
        self.reminders.stop()
        self.reader.halt()  # the item being read stays unread: it is read after the next unlock
        self.session.close(self._closing or None)
        self.runner.shutdown(wait=True)
        if "help" in self.pages:
            self.help.close_content()
        self.qt_translations.remove()

