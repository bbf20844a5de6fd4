"""Qt's own texts (OK, Cancel, Close, the file dialogs' labels) in the interface language, from the
``qtbase_*.qm`` catalogues shipped with PySide6. Our own strings use gettext (``walletcare.i18n``).

The shipped Chinese catalogues predate Qt's switch of some file-dialog labels to carry a shortcut
(``&Look in:``, ``Files of &type:``): they hold only the plain ``Look in:``. ``QtCatalogue`` answers such a
text from its plain form and puts the shortcut back the way Chinese catalogues write it (``查找范围(&L)：``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator

from walletcare.i18n import folder_name
from walletcare.ui.widgets.dates import qt_locale

COLONS = (":", "：")


def with_shortcut(translated: str, letter: str) -> str:
    """``查找范围：`` + ``L`` → ``查找范围(&L)：`` (the shortcut before a closing colon)."""
    mark = f"(&{letter.upper()})"
    for colon in COLONS:
        if translated.endswith(colon):
            return translated[: -len(colon)] + mark + colon
    return translated + mark


class QtCatalogue(QTranslator):
    """Qt's catalogue for one language, filling texts with a shortcut from their plain translation."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.base = QTranslator(self)

    def load_language(self, lang: str) -> bool:
        """Loads ``qtbase_<lang>.qm`` from Qt's translations folder; False when there is none."""
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        return self.base.load(f"qtbase_{folder_name(lang)}", folder)

    def isEmpty(self) -> bool:
        return self.base.isEmpty()

    def language(self) -> str:
        return self.base.language()

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
        found = self.base.translate(context, source, disambiguation, n) or ""
        if found or "&" not in source:
            return found
        at = source.find("&")
        if at + 1 >= len(source) or not source[at + 1].isalnum():
            return found
        plain = self.base.translate(context, source[:at] + source[at + 1:], disambiguation, n)
        return with_shortcut(plain, source[at + 1]) if plain else found


class QtTranslations(QObject):
    """Keeps one installed catalogue and swaps it when the language changes."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._translator: QtCatalogue | None = None

    def install(self, lang: str) -> bool:
        """Installs Qt's catalogue for ``lang`` (English needs none) and makes ``lang``'s conventions
        (dates, month names in calendars) Qt's default; True when a catalogue was loaded."""
        QLocale.setDefault(qt_locale(lang))
        app = QCoreApplication.instance()
        if app is None:
            return False
        if self._translator is not None:
            app.removeTranslator(self._translator)
            self._translator = None
        if lang == "en":
            return False
        translator = QtCatalogue(self)
        if not translator.load_language(lang):
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
