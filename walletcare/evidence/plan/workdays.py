"""Working days per region: the official holiday calendars with their make-up workdays (调休).

Mainland China uses ``chinese_calendar`` (the State Council's yearly schedule, make-up Saturdays and Sundays
included); for a year it does not ship, the ``holidays`` package's China calendar is used, and failing that
weekends only, and the plan says so (``unknown_years``). The United States, Hong Kong, Taiwan and the United
Kingdom use the ``holidays`` package (federal, general and national holidays). Nothing is fetched: both
packages carry their tables.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from typing import Any

CALENDARS = ("cn", "us", "hk", "tw", "uk")
TIME_ZONES = {"cn": "Asia/Shanghai", "hk": "Asia/Hong_Kong", "tw": "Asia/Taipei", "us": "America/New_York",
              "uk": "Europe/London"}
_HOLIDAY_COUNTRIES = {"us": "US", "hk": "HK", "tw": "TW", "uk": "GB", "cn": "CN"}


@cache
def _other_calendar(region: str, year: int) -> Any:
    import holidays

    return holidays.country_holidays(_HOLIDAY_COUNTRIES[region], years=year)


def _china_known(year: int) -> bool:
    import chinese_calendar

    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def is_working_day(day: date, region: str) -> bool:
    """Whether ``day`` is a working day in ``region`` (one of ``CALENDARS``; anything else: Monday to Friday)."""
    if region == "cn":
        if _china_known(day.year):
            import chinese_calendar

            return bool(chinese_calendar.is_workday(day))
        calendar = _other_calendar("cn", day.year)
        if day in calendar:
            return False
        return day.weekday() < 5 or day in getattr(calendar, "weekend_workdays", ())
    if region in _HOLIDAY_COUNTRIES:
        return day.weekday() < 5 and day not in _other_calendar(region, day.year)
    return day.weekday() < 5


def unknown_years(region: str, first: date, last: date) -> list[int]:
    """Years between ``first`` and ``last`` whose official mainland schedule ``chinese_calendar`` does not ship
    (empty outside mainland China): dates in them are counted with a less certain calendar."""
    if region != "cn":
        return []
    return [year for year in range(first.year, last.year + 1) if not _china_known(year)]


def add_working_days(day: date, count: int, region: str) -> date:
    """The ``count``-th working day after ``day`` (``day`` itself not counted), e.g. a 7-working-day clock
    started on Monday 2026-09-28 ends on 2026-10-13 across the National Day week and the make-up Saturday."""
    current = day
    step = 1 if count >= 0 else -1
    left = abs(count)
    while left > 0:
        current += timedelta(days=step)
        if is_working_day(current, region):
            left -= 1
    return current


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)
