"""The window's actions, in its menus and on the keyboard: Ctrl+F search, Ctrl+N new case, Ctrl+I import,
Ctrl+E export, Ctrl+L lock, Ctrl+Q quit, F1 help for the current screen, Esc back, the areas, Settings
and About."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence

from walletcare.evidence.models import Case
from walletcare.i18n import N_, _

if TYPE_CHECKING:
    from walletcare.ui.main_window import MainWindow

F1_ARTICLES = {"cases": "keep-evidence", "safety": "seed-phrase-never-share", "settings": "wallet-security-habits"}
TEXTS = {
    "search": N_("&Find in help articles"),
    "new_case": N_("&New case…"),
    "import": N_("&Import a bill export…"),
    "export": N_("&Export the dossier…"),
    "lock": N_("&Lock the vault"),
    "quit": N_("&Quit"),
    "preferences": N_("&Settings"),
    "help": N_("&Help for this screen"),
    "about": N_("&About WalletCare"),
    "back": N_("Back"),
    "area-help": N_("&Help articles"),
    "area-cases": N_("&Cases"),
    "area-safety": N_("Safety chec&k"),
    "area-settings": N_("&Settings"),
}


class WindowActions:
    """Creates the window-wide QActions and performs them."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.actions: dict[str, QAction] = {}
        none = QKeySequence()
        entries: list[tuple[str, QKeySequence | QKeySequence.StandardKey, Callable[[], object]]] = [
            ("search", QKeySequence.StandardKey.Find, self.search),
            ("new_case", QKeySequence.StandardKey.New, self.new_case),
            ("import", QKeySequence("Ctrl+I"), self.import_file),
            ("export", QKeySequence("Ctrl+E"), self.export_current),
            ("lock", QKeySequence("Ctrl+L"), window.request_lock),
            ("quit", QKeySequence("Ctrl+Q"), window.close),  # closeEvent decides about unsaved input
            ("preferences", none, partial(self.show_area, "settings")),
            ("help", QKeySequence.StandardKey.HelpContents, self.context_help),
            ("about", none, self.about),
            ("back", QKeySequence("Esc"), self.back),
        ]
        for area in ("help", "cases", "safety", "settings"):
            entries.append((f"area-{area}", none, partial(self.show_area, area)))
        for name, keys, slot in entries:
            action = QAction(window)
            action.setObjectName(f"action-{name}")
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(slot)
            window.addAction(action)
            self.actions[name] = action

    def retranslate(self) -> None:
        """Action texts (menus, tooltips) in the current language."""
        for name, action in self.actions.items():
            action.setText(_(TEXTS[name]))

    def show_area(self, area: str, _checked: bool = False) -> None:
        """An area of the window (``triggered`` passes its "checked" flag after the bound ``area``)."""
        self.window.show_area(area)

    def search(self) -> None:
        """Ctrl+F: Help with the cursor in the search box."""
        self.window.show_area("help")
        self.window.help.focus_search()

    def new_case(self) -> None:
        """Ctrl+N: a new case; when the vault is locked, the dialog opens once it is unlocked."""
        self.window.show_area("cases")
        if not self.window.session.unlocked:
            self.window.cases.pending_case = Case(id=0, title="")
            self.window.notify(_("Unlock the vault first; the new case form opens right after."))
        self.window.cases.ask_new_case()

    def import_file(self) -> None:
        """Ctrl+I: import into the case on screen."""
        case = self.window.cases.current_case()
        if case is None:
            self.window.notify(_("Open a case first, then import its bill export into it."))
            return
        self.window.cases.case_page.start_import()

    def export_current(self) -> None:
        """Ctrl+E: export the case on screen."""
        case = self.window.cases.current_case()
        if case is None:
            self.window.notify(_("Open a case first, then export its dossier."))
            return
        self.export_case(case)

    def export_case(self, case: Case, draft: Mapping[str, Any] | None = None, channel: str | None = None) -> None:
        """Opens the export dialog for ``case`` (a draft's choices put back), addressed to ``channel`` (a step's
        "Edit and export…") or by default to the plan's next open step."""
        from walletcare.ui.dialogs.export import ExportDialog

        def ask(channel: str | None) -> None:
            ExportDialog.ask(self.window, self.window.session, case, self.window.settings, draft, channel)

        if draft is not None or channel is not None or not self.window.session.unlocked:
            ask(channel if draft is None else None)
            return
        from datetime import date

        from walletcare.ui.operations.plan import next_channel

        today = date.today()
        self.window.session.read(lambda store: next_channel(store, case.id, today), ask, lambda _exc: ask(None))

    def about(self) -> None:
        """Help → About: version, data folders and licences."""
        from walletcare.ui.dialogs.about import AboutDialog

        AboutDialog.ask(self.window, self.window.session.folder)

    def context_help(self) -> None:
        """F1: the help article for the screen on view."""
        article = F1_ARTICLES.get(self.window.current_area())
        self.window.show_area("help")
        if article is None or not self.window.help.show_article(article):
            self.window.help.focus_search()

    def back(self) -> None:
        """Esc: one step back on the current page."""
        page = self.window.pages[self.window.current_area()]
        page.go_back()
