"""Interface languages: one gettext system for every string WalletCare writes itself (core, CLI, UI).

Message ids are English; catalogues live in ``walletcare/locale/<lang>/<area>.po`` (one file per area so
that work on one part of the app does not touch another's catalogue) and are compiled into
``walletcare/locale/<lang>/LC_MESSAGES/walletcare.mo`` by ``python -m walletcare.i18n_build`` (run by the
Makefile and by the wheel build). When the compiled file is missing or older than its sources — a source
checkout that was never built — the ``.po`` files are read directly, so a string is never shown untranslated
because a build step was skipped.

``_()`` translates into the current language; ``N_()`` marks a string for extraction without translating
it (for tables defined at import time, translated when shown).
"""

from __future__ import annotations

import gettext
import locale
import os
from collections.abc import Callable
from pathlib import Path

LANGUAGES: tuple[str, ...] = ("zh-CN", "zh-TW", "en")
DEFAULT_LANGUAGE = "zh-CN"
LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "walletcare"

_current = DEFAULT_LANGUAGE
_translations: dict[str, gettext.NullTranslations] = {}
_listeners: list[Callable[[str], None]] = []


def folder_name(lang: str) -> str:
    """``zh-CN`` → ``zh_CN`` (gettext's folder naming)."""
    return lang.replace("-", "_")


def normalize(lang: str | None) -> str | None:
    """Maps ``zh_CN``, ``zh-hans``, ``zh_TW.UTF-8``, ``zh-HK``, ``en_US`` ... to one of LANGUAGES, else None."""
    if not lang:
        return None
    value = lang.replace("_", "-").split(".")[0].lower()
    if value.startswith("zh"):
        if any(tag in value for tag in ("tw", "hk", "mo", "hant")):
            return "zh-TW"
        return "zh-CN"
    if value.startswith("en"):
        return "en"
    return None


def system_language() -> str | None:
    """The language the system locale asks for, if it is one of ours."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var)
        if value:
            return normalize(value.split(":")[0])
    try:
        return normalize(locale.getlocale()[0])
    except ValueError:
        return None


def pick_language(requested: str | None, saved: str | None) -> str:
    """The language to use: explicit request, then the saved setting, then the system locale, else zh-CN."""
    return normalize(requested) or normalize(saved) or system_language() or DEFAULT_LANGUAGE


def _load(lang: str) -> gettext.NullTranslations:
    if lang in _translations:
        return _translations[lang]
    folder = LOCALE_DIR / folder_name(lang)
    mo = folder / "LC_MESSAGES" / f"{DOMAIN}.mo"
    sources = sorted(folder.glob("*.po"))
    trans: gettext.NullTranslations
    newest_source = max((p.stat().st_mtime for p in sources), default=0.0)
    if mo.exists() and mo.stat().st_mtime >= newest_source:
        with open(mo, "rb") as fh:
            trans = gettext.GNUTranslations(fh)
    elif sources:
        from io import BytesIO

        from walletcare.i18n_build import compile_catalog, read_po_files

        trans = gettext.GNUTranslations(BytesIO(compile_catalog(read_po_files(sources))))
    else:
        trans = gettext.NullTranslations()
    _translations[lang] = trans
    return trans


def set_language(lang: str) -> None:
    """Switches the interface language for everything that calls ``_()`` from now on, and tells listeners."""
    global _current
    found = normalize(lang)
    if found is None:
        raise ValueError(f"unsupported language: {lang}")
    _current = found
    for listener in list(_listeners):
        listener(found)


def current_language() -> str:
    """The language ``_()`` translates into."""
    return _current


def on_language_changed(listener: Callable[[str], None]) -> Callable[[], None]:
    """Registers a callback for language switches; returns a function that unregisters it."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener) if listener in _listeners else None


def _(message: str) -> str:
    """Translates ``message`` (an English msgid) into the current language."""
    if _current == "en":
        return message
    return _load(_current).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a message for ``count`` things (English: one or more; Chinese has one form for all)."""
    if _current == "en":
        return singular if count == 1 else plural
    return _load(_current).ngettext(singular, plural, count)


def translate(message: str, lang: str) -> str:
    """Translates into a given language regardless of the interface language (dossier labels)."""
    if normalize(lang) == "en":
        return message
    return _load(normalize(lang) or DEFAULT_LANGUAGE).gettext(message)


def N_(message: str) -> str:
    """Marks a message for extraction; returns it unchanged."""
    return message


FULL_WIDTH_ENDS = "。！？；：，）」』"


def sentences(*parts: str) -> str:
    """Joins translated sentences: a space after English ones, none after Chinese full-width punctuation."""
    out = ""
    for part in (p for p in parts if p):
        out += part if not out or out[-1] in FULL_WIDTH_ENDS else " " + part
    return out
