"""The menu bar: File (new case, import, export, lock, quit), Edit (find, settings), View (the areas and the
interface language) and Help (help for this screen, about). Menus hold the window's existing actions, so a
shortcut works the same from the keyboard and from the menu."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar

from walletcare.i18n import LANGUAGES, _, current_language
from walletcare.ui.icons import set_icon
from walletcare.ui.pages.first_run import LANGUAGE_NAMES

if TYPE_CHECKING:
    from walletcare.ui.main_window import MainWindow

MENU_LAYOUT = (
    ("file", ("new_case", "import", "export", None, "lock", None, "quit")),
    ("edit", ("search", None, "preferences")),
    ("view", ("area-help", "area-cases", "area-safety", "area-settings", None)),
    ("help", ("help", None, "about")),
)


class MenuBar:
    """Builds the window's menu bar from ``window.actions_.actions`` and re-texts it on language change."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        actions = window.actions_.actions
        self.bar: QMenuBar = window.menuBar()
        self.bar.setObjectName("menuBar")
        self.menus: dict[str, QMenu] = {}
        for name, entries in MENU_LAYOUT:
            menu = self.bar.addMenu("")
            menu.setObjectName(f"menu-{name}")
            for entry in entries:
                if entry is None:
                    menu.addSeparator()
                else:
                    menu.addAction(actions[entry])
            self.menus[name] = menu
        self.language_menu = self.menus["view"].addMenu("")
        self.language_menu.setObjectName("menu-language")
        self.language_group = QActionGroup(window)
        self.language_actions: dict[str, QAction] = {}
        for code in LANGUAGES:
            action = QAction(LANGUAGE_NAMES[code], window)
            action.setObjectName(f"action-language-{code}")
            action.setCheckable(True)
            action.triggered.connect(lambda _c=False, code=code: window.switch_language(code))
            self.language_group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action
        actions["quit"].setShortcut(QKeySequence("Ctrl+Q"))  # the same on every system, as KeePassXC does
        for name in ("new_case", "import", "export", "lock", "quit", "about", "search", "preferences"):
            set_icon(actions[name].setIcon, name)
        for area in ("help", "cases", "safety", "settings"):
            set_icon(actions[f"area-{area}"].setIcon, area)

    def retranslate(self) -> None:
        """Menu titles and the checked language in the current language."""
        for name, title in (("file", _("&File")), ("edit", _("&Edit")), ("view", _("&View")), ("help", _("&Help"))):
            self.menus[name].setTitle(title)
        self.language_menu.setTitle(_("&Language"))
        set_icon(self.language_menu.setIcon, "language")
        self.language_actions[current_language()].setChecked(True)
