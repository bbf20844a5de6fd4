"""Qt's own texts (OK, Cancel, Close, the file dialogs' labels) in the interface language, from the
``qtbase_*.qm`` catalogues shipped with PySide6. Our own strings use gettext (``walletcare.i18n``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QObject, QTranslator

from walletcare.i18n import folder_name


class QtTranslations(QObject):
    """Keeps one installed QTranslator and swaps it when the language changes."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._translator: QTranslator | None = None

    def install(self, lang: str) -> bool:
        """Installs Qt's catalogue for ``lang`` (English needs none); True when one was loaded."""
        app = QCoreApplication.instance()
        if app is None:
            return False
        if self._translator is not None:
            app.removeTranslator(self._translator)
            self._translator = None
        if lang == "en":
            return False
        translator = QTranslator(self)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if not translator.load(f"qtbase_{folder_name(lang)}", folder):
            return False
        app.installTranslator(translator)
        self._translator = translator
        return True

    def remove(self) -> None:
        """Uninstalls the catalogue (window closing)."""
        app = QCoreApplication.instance()
        if app is not None and self._translator is not None:
            app.removeTranslator(self._translator)
        self._translator = None
