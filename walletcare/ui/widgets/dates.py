"""Date and time fields in the interface language's conventions: ``2026/12/6`` in Chinese, ``2026-12-06``
in English (never the bare ``6 12 2026`` Qt falls back to without a locale), with the calendar popup in
the same language. ``localize`` is applied when a field is made and again on every language switch."""

from __future__ import annotations

from datetime import date, datetime
from typing import TypeVar

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime
from PySide6.QtWidgets import QDateTimeEdit, QWidget

from walletcare.i18n import current_language

QT_LOCALES = {
    "zh-CN": (QLocale.Language.Chinese, QLocale.Script.SimplifiedChineseScript, QLocale.Country.China),
    "zh-TW": (QLocale.Language.Chinese, QLocale.Script.TraditionalChineseScript, QLocale.Country.Taiwan),
    "en": (QLocale.Language.English, QLocale.Script.LatinScript, QLocale.Country.UnitedStates),
}


def qt_locale(lang: str | None = None) -> QLocale:
    """The QLocale of an interface language (the current one by default)."""
    return QLocale(*QT_LOCALES[lang or current_language()])


def date_format(lang: str | None = None) -> str:
    """The Qt display format of a date in ``lang``."""
    return "yyyy-MM-dd" if (lang or current_language()) == "en" else "yyyy/M/d"


E = TypeVar("E", bound=QDateTimeEdit)


def localize(edit: E) -> E:
    """Gives a date (or date and time) field the current language's format and calendar; returns it."""
    sections = edit.displayedSections()
    fmt = date_format()
    if sections & QDateTimeEdit.Section.HourSection:
        fmt += " HH:mm"
        if sections & QDateTimeEdit.Section.SecondSection:
            fmt += ":ss"
    locale = qt_locale()
    edit.setLocale(locale)
    edit.setDisplayFormat(fmt)
    if edit.calendarPopup() and edit.calendarWidget() is not None:
        edit.calendarWidget().setLocale(locale)
    return edit


def to_qdate(value: date) -> QDate:
    """The QDate of a ``date`` (PySide6 converts one, but its stubs declare only year, month and day)."""
    return QDate(value.year, value.month, value.day)


def to_qdatetime(value: datetime) -> QDateTime:
    """The local QDateTime of a naive ``datetime``, to the millisecond (as PySide6's own conversion)."""
    return QDateTime(to_qdate(value), QTime(value.hour, value.minute, value.second, value.microsecond // 1000))


def date_of(value: QDate) -> date:
    """A QDate as a ``date`` (``toPython()`` is declared to return ``object``)."""
    converted = value.toPython()
    assert isinstance(converted, date)
    return converted


def datetime_of(value: QDateTime) -> datetime:
    """A QDateTime as a naive ``datetime`` (``toPython()`` is declared to return ``object``)."""
    converted = value.toPython()
    assert isinstance(converted, datetime)
    return converted


def localize_all(root: QWidget) -> None:
    """``localize`` for every date field under ``root`` (after a language switch)."""
    for edit in root.findChildren(QDateTimeEdit):
        localize(edit)
