"""How values look in the window: amounts always with their currency, dates and times in the interface
language's conventions, case statuses and kinds translated."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from walletcare.evidence.models import (
    CASE_KIND_NAMES,
    CASE_STATUS_NAMES,
    CONTACT_KIND_NAMES,
    CONTACT_PARTY_NAMES,
)
from walletcare.i18n import N_, _, current_language

STATUS_NAMES, KIND_NAMES = CASE_STATUS_NAMES, CASE_KIND_NAMES
CONTACT_NAMES = CONTACT_KIND_NAMES
DIRECTION_NAMES = {"out": N_("Out"), "in": N_("In"), "neutral": N_("Neutral")}


def amount_text(amount: Decimal | None, currency: str) -> str:
    """``1,234.50 CNY`` (thousands grouped, currency always shown); empty for no amount."""
    if amount is None:
        return ""
    exponent = amount.as_tuple().exponent
    places = max(2, -exponent) if isinstance(exponent, int) else 2
    return f"{amount:,.{places}f} {currency}".strip()


def date_text(value: date | None) -> str:
    """``2024年3月5日`` in Chinese, ``2024-03-05`` in English; empty for none."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if current_language().startswith("zh"):
        return f"{value.year}年{value.month}月{value.day}日"
    return value.isoformat()


def edit_date_text(value: date) -> str:
    """A date as typed in a field: ``2026/12/6`` in Chinese, ``2026-12-06`` in English."""
    if current_language().startswith("zh"):
        return f"{value.year}/{value.month}/{value.day}"
    return value.isoformat()


def zone_text(value: datetime) -> str:
    """``UTC+8``, ``UTC−5``, ``UTC+5:30``, ``UTC``: the offset a time was recorded with."""
    offset = value.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    if minutes == 0:
        return "UTC"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{'+' if minutes > 0 else '−'}{hours}" + (f":{rest:02d}" if rest else "")


def is_local_zone(value: datetime) -> bool:
    """True when ``value``'s offset is the computer's own offset at that moment."""
    return value.utcoffset() == value.astimezone().utcoffset()


def time_text(value: datetime | None) -> str:
    """Date and time to the minute as recorded (a statement's China time stays China time), with the zone
    named when it is not the computer's (``2023年2月12日 21:32 UTC+8``); empty for none.

    Only the display uses the recorded zone: sorting and comparing still use the moment itself.
    """
    if value is None:
        return ""
    text = f"{date_text(value.date())} {value:%H:%M}"
    if value.tzinfo is None or value.utcoffset() is None or is_local_zone(value):
        return text
    return f"{text} {zone_text(value)}"


def status_text(status: str) -> str:
    """A case status in the interface language."""
    return _(STATUS_NAMES[status]) if status in STATUS_NAMES else status


def kind_text(kind: str) -> str:
    """A case kind in the interface language."""
    return _(KIND_NAMES[kind]) if kind in KIND_NAMES else kind


def contact_kind_text(kind: str) -> str:
    """A contact kind (call, chat ...) in the interface language."""
    return _(CONTACT_NAMES[kind]) if kind in CONTACT_NAMES else kind


def contact_party_text(party: str) -> str:
    """Who a contact was with (the seller, official support …, "Not said") in the interface language."""
    return _(CONTACT_PARTY_NAMES[party]) if party in CONTACT_PARTY_NAMES else party


def direction_text(direction: str) -> str:
    """A transaction direction in the interface language."""
    return _(DIRECTION_NAMES[direction]) if direction in DIRECTION_NAMES else direction


def days_left_text(due: date, today: date | None = None) -> str:
    """"in 3 days" / "today" / "2 days overdue"."""
    days = (due - (today or date.today())).days
    if days == 0:
        return _("due today")
    if days > 0:
        return _("{days} days left").format(days=days)
    return _("{days} days overdue").format(days=-days)


FILE_KINDS = {
    "image": N_("picture"), "pdf": N_("PDF document"), "text": N_("text file"), "table": N_("spreadsheet"),
    "web": N_("web page"), "email": N_("email"), "data": N_("data file"), "audio": N_("sound recording"),
    "video": N_("video"), "archive": N_("compressed folder (ZIP)"), "document": N_("Word document"), "file": N_("file"),
}
TEXT_SUFFIXES = {".txt": "text", ".log": "text", ".csv": "table", ".tsv": "table", ".json": "data", ".eml": "email"}


def file_category(mime: str, file_name: str = "") -> str:
    """What kind of file this is, as a key of ``FILE_KINDS`` (by content type, text files also by name)."""
    suffix = ("." + file_name.rsplit(".", 1)[-1].lower()) if "." in file_name else ""
    if mime.startswith("image/"):
        return "image"
    if mime.startswith("text/") or mime == "message/rfc822":
        if mime == "text/html":
            return "web"
        return TEXT_SUFFIXES.get(suffix, "table" if mime == "text/csv" else "text")
    if mime.startswith("audio/"):
        return "audio"
    if mime.startswith("video/"):
        return "video"
    return {"application/pdf": "pdf", "application/zip": "archive",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "table",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "document",
            "application/json": "data"}.get(mime, "file")


def file_kind_text(mime: str, file_name: str = "") -> str:
    """"picture", "PDF document", "text file" … in the interface language."""
    return _(FILE_KINDS[file_category(mime, file_name)])


def size_text(size: int) -> str:
    """``532 bytes``, ``48 KB``, ``3.2 MB`` in the interface language."""
    if size < 1024:
        return _("{n} bytes").format(n=size)
    if size < 1024 * 1024:
        return _("{n} KB").format(n=round(size / 1024))
    return _("{n} MB").format(n=f"{size / (1024 * 1024):.1f}")
