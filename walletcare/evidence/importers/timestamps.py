"""Times as written in export files, read as timezone-aware ``datetime`` values.

Chinese exports are China local time without a marker (UTC+8, formats.md §0.8); explorers give UTC or a
Unix timestamp; PayPal gives a zone per row, either a US-style abbreviation (``PST``/``PDT``) or an IANA name
(``America/Los_Angeles``), resolved with ``zoneinfo``. Dates may be unpadded (``2023/2/12``), have no seconds
(a spreadsheet re-save), or come as Excel serial numbers.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

CHINA = timezone(timedelta(hours=8), "UTC+08:00")

# Abbreviations as PayPal and Cash App print them. "CST" is US Central here (PayPal US); Chinese exports
# carry no zone text at all, so there is no clash with China Standard Time in the files we read.
_ABBREVIATIONS: dict[str, int] = {
    "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "BST": 60, "IST": 60, "CET": 60, "CEST": 120, "EET": 120,
    "EEST": 180, "MSK": 180, "HKT": 480, "SGT": 480, "AWST": 480, "JST": 540, "KST": 540,
    "AEST": 600, "AEDT": 660, "NZST": 720, "NZDT": 780, "HST": -600, "AKST": -540, "AKDT": -480,
    "PST": -480, "PDT": -420, "MST": -420, "MDT": -360, "CST": -360, "CDT": -300, "EST": -300,
    "EDT": -240, "AST": -240, "ADT": -180, "NST": -210, "NDT": -150,
}
_OFFSET = re.compile(r"(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?")
_DATE_TIME = re.compile(
    r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?"
)
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})(?:\s*(\d{2}):?(\d{2}):?(\d{2})?)?")
_EXCEL_EPOCH = datetime(1899, 12, 30)
# A local ISO time with a time of day and no offset: only such a text may get an offset appended before
# ``datetime.fromisoformat`` (which takes any character between date and time, so ``20240301103000+08:00``
# would read as 03:00 and a date alone would take the offset for its time of day).
_ISO_LOCAL = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?", re.ASCII).fullmatch


@lru_cache(maxsize=256)
def zone(name: str) -> tzinfo:
    """The zone named by an abbreviation (``PDT``), an IANA name or an offset (``UTC+8``, ``+08:00``).

    Raises:
        ValueError: the name is not a zone we know.
    """
    key = name.strip()
    if key.upper() in _ABBREVIATIONS:
        minutes = _ABBREVIATIONS[key.upper()]
        return UTC if minutes == 0 else timezone(timedelta(minutes=minutes), key.upper())
    match = _OFFSET.fullmatch(key)
    if match:
        minutes = int(match.group(2)) * 60 + int(match.group(3) or 0)
        return timezone(timedelta(minutes=-minutes if match.group(1) == "-" else minutes))
    if "/" in key or key in ("UTC", "Etc/UTC"):
        try:
            return ZoneInfo(key)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    raise ValueError(f"unknown time zone {name!r}")


def parse_local(text: str, tz: tzinfo) -> datetime:
    """Reads a ``YYYY-MM-DD[ HH:MM[:SS]]`` style time (also ``/``, unpadded, compact ``YYYYMMDD``) in ``tz``.

    Raises:
        ValueError: the text is not such a time.
    """
    s = text.strip(" \t\r\n\xa0")
    suffix = iso_suffix(tz)
    if suffix and _ISO_LOCAL(s):  # parsing a fixed offset with the text is five times faster than replace(tzinfo=)
        return datetime.fromisoformat(s + suffix)
    try:
        value = datetime.fromisoformat(s)
    except ValueError:
        value = _parse_loose(s)
    if value.tzinfo is None:
        return value.replace(tzinfo=tz)
    return value


@lru_cache(maxsize=64)
def iso_suffix(tz: tzinfo) -> str:
    """``+08:00`` for a fixed-offset zone (whole minutes), "" for any other zone."""
    if type(tz) is not timezone and tz is not UTC:
        return ""
    offset = tz.utcoffset(None)
    minutes, rest = divmod(offset, timedelta(minutes=1))
    if rest:
        return ""
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _parse_loose(s: str) -> datetime:
    match = _DATE_TIME.fullmatch(s) or _COMPACT.fullmatch(s)
    if not match:
        raise ValueError(f"not a time: {s!r}")
    parts = [int(g) if g else 0 for g in match.groups()]
    micro = 0
    if len(parts) == 7 and match.group(7):
        micro = int(match.group(7).ljust(6, "0"))
    return datetime(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], micro)


def from_unix(text: str) -> datetime:
    """A Unix timestamp in seconds as an aware UTC datetime.

    Raises:
        ValueError: the text is not a timestamp in a sensible range.
    """
    seconds = int(text.strip())
    if not 0 <= seconds < 32503680000:  # before year 3000
        raise ValueError(f"timestamp out of range: {text!r}")
    return datetime.fromtimestamp(seconds, UTC)


def from_excel_serial(serial: float, tz: tzinfo) -> datetime:
    """An Excel date serial (days since 1899-12-30, fraction = time of day) in ``tz``."""
    if not 0 < serial < 2958466:
        raise ValueError(f"not an Excel date: {serial!r}")
    value = _EXCEL_EPOCH + timedelta(days=serial)
    return value.replace(microsecond=0, tzinfo=tz) if value.microsecond < 500000 else (
        value + timedelta(microseconds=1_000_000 - value.microsecond)
    ).replace(tzinfo=tz)


def parse_day_first_or_month_first(date_text: str, time_text: str, tz: tzinfo, *, day_first: bool) -> datetime:
    """Reads PayPal-style ``M/D/YYYY`` (or ``D/M/YYYY``, ``D.M.YYYY``, ``YYYY-MM-DD``) plus ``H:MM:SS`` in ``tz``.

    Raises:
        ValueError: the date or the time cannot be read.
    """
    d = date_text.strip()
    parts = re.split(r"[/.\-]", d)
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise ValueError(f"not a date: {date_text!r}")
    if len(parts[0]) == 4:
        year, month, day = int(parts[0]), int(parts[1]), int(parts[2])
    else:
        a, b, year = int(parts[0]), int(parts[1]), int(parts[2])
        if year < 100:
            year += 2000
        month, day = (b, a) if day_first else (a, b)
    clock = time_text.strip() or "0:00:00"
    pieces = clock.split(":")
    if not 2 <= len(pieces) <= 3 or not all(p.isdigit() for p in pieces):
        raise ValueError(f"not a time: {time_text!r}")
    hour, minute = int(pieces[0]), int(pieces[1])
    second = int(pieces[2]) if len(pieces) == 3 else 0
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=tz)
    except OverflowError:  # a part with more digits than a C int holds (``13:99999999999999999999:35``)
        raise ValueError(f"not a time: {date_text!r} {time_text!r}") from None


def guess_day_first(dates: list[str]) -> bool | None:
    """Decides D/M against M/D from a whole file's dates: ``True`` if some first part exceeds 12, ``False``
    if some second part does, ``None`` when every date is ambiguous."""
    for d in dates:
        parts = re.split(r"[/.\-]", d.strip())
        if len(parts) != 3 or len(parts[0]) == 4 or not (parts[0].isdigit() and parts[1].isdigit()):
            continue
        if int(parts[0]) > 12:
            return True
        if int(parts[1]) > 12:
            return False
    return None
