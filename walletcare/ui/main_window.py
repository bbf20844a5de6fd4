"""The main window: a sidebar of areas (Help, Cases, Safety check, Settings, Lock) beside a page stack,
and a status bar for vault state and background work. It wires pages together and owns nothing else."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from walletcare import APP_NAME
from walletcare.config import LANGUAGES, Settings
from walletcare.i18n import N_, _, current_language, set_language
from walletcare.ui.pages.base import Page, PlaceholderPage

AREAS = (("help", N_("Help")), ("cases", N_("Cases")), ("safety", N_("Safety check")), ("settings", N_("Settings")))
LANGUAGE_NAMES = {"zh-CN": "简体中文", "zh-TW": "繁體中文", "en": "English"}


class SettingsPage(Page):
    """Settings: interface language (switches at once, no restart)."""

    area = "settings"

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        form = QFormLayout()
        self.language_label = QLabel()
        self.language = QComboBox()
        self.language.setObjectName("languageCombo")
        for code in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        self.language.setCurrentIndex(LANGUAGES.index(current_language()))
        self.language_label.setBuddy(self.language)
        self.language.currentIndexChanged.connect(self._language_chosen)
        form.addRow(self.language_label, self.language)
        self.layout_.addLayout(form)
        self.layout_.addStretch(1)

    def _language_chosen(self, index: int) -> None:
        self._window.switch_language(self.language.itemData(index))

    def retranslate(self) -> None:
        self.heading.setText(_("Settings"))
        self.language_label.setText(_("&Language"))
        self.language.setAccessibleName(_("Language"))


class MainWindow(QMainWindow):
    """Sidebar + pages + status bar; remembers its geometry between runs."""

    def __init__(self, settings: Settings, vault_dir: Path) -> None:
        super().__init__()
        self.settings = settings
        self.vault_dir = vault_dir
        self.setObjectName("mainWindow")
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setFixedWidth(180)
        self.sidebar.setIconSize(QSize(20, 20))
        self.stack = QStackedWidget()
        self.pages: dict[str, Page] = {}
        for area, _title in AREAS:
            page = SettingsPage(self) if area == "settings" else PlaceholderPage(area, _title, self)
            self.pages[area] = page
            self.stack.addWidget(page)
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, area)
            self.sidebar.addItem(item)
        self.sidebar.currentRowChanged.connect(self._show_row)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.sidebar)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.vault_state = QLabel()
        self.statusBar().addPermanentWidget(self.vault_state)
        self._actions()
        self.retranslate()
        self._restore_state()
        self.sidebar.setCurrentRow(0)

    def _actions(self) -> None:
        search = QAction(self)
        search.setShortcut(QKeySequence.StandardKey.Find)
        search.triggered.connect(lambda: self.show_area("help"))
        self.addAction(search)

    def _show_row(self, row: int) -> None:
        self.stack.setCurrentIndex(row)
        page = self.stack.currentWidget()
        if isinstance(page, Page):
            page.activated()

    def show_area(self, area: str) -> None:
        """Selects a sidebar area by name."""
        self.sidebar.setCurrentRow([a for a, _t in AREAS].index(area))

    def switch_language(self, lang: str) -> None:
        """Switches the interface language now and remembers it."""
        set_language(lang)
        self.settings.language = lang
        self.settings.save()
        self.retranslate()

    def retranslate(self) -> None:
        """Re-sets every text of the window and its pages in the current language."""
        self.setWindowTitle(APP_NAME)
        for i, (area, title) in enumerate(AREAS):
            self.sidebar.item(i).setText(_(title))
            page = self.pages[area]
            if isinstance(page, PlaceholderPage):
                page.heading.setText(_(title))
                page.body.setText(_("This area is being built."))
            page.retranslate()
        self.vault_state.setText(_("Vault locked"))

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

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        QSettings(APP_NAME, APP_NAME).setValue("window/geometry", self.saveGeometry())
        super().closeEvent(event)
