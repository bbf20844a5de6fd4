"""When a picture was taken, and how WalletCare knows it: honest times for evidence.

A file carries up to three times, and they mean different things: when it was **taken** (the camera's EXIF
``DateTimeOriginal``, a PNG's ``eXIf`` or ``tIME`` chunk, a screenshot's file name such as
``Screenshot_20240520-143201.png``, or what the user said), when the file was last **modified** on disk
(copying or editing changes it), and when it was **entered** into the vault (from then on its SHA-256
proves it unchanged). Each capture time keeps its source; a modification time is never passed off as a
capture time.
"""

from __future__ import annotations

import re
import struct
from datetime import UTC, datetime

from walletcare.i18n import N_

SOURCES = ("user", "exif", "png-time", "file-name")
SOURCE_NAMES = {"user": N_("as you entered it"), "exif": N_("from the photo's EXIF data"),
                "png-time": N_("from the PNG file's time stamp"),
                "file-name": N_("from the file name (the device's clock)")}
_PNG = b"\x89PNG\r\n\x1a\n"
# screenshot and camera names: year, month, day, hour, minute, second (local time of the device)
_NAME_PATTERNS = tuple(re.compile(p) for p in (
    r"(?:Screenshot|IMG|VID|PXL|Screen_?Shot|微信图片|微信圖片|mmexport)[ _-]?(\d{4})(\d{2})(\d{2})[ _-]?(\d{2})(\d{2})(\d{2})",
    r"Screen ?[Ss]hot (\d{4})-(\d{2})-(\d{2}) at (\d{1,2})\.(\d{2})\.(\d{2})",
    r"Screenshot[ _](\d{4})-(\d{2})-(\d{2})[ _-](?:at )?(\d{1,2})[.\-_:](\d{2})[.\-_:](\d{2})",
))


def png_time(data: bytes) -> datetime | None:
    """The ``tIME`` chunk of a PNG (UTC by the PNG specification), or None."""
    if not data.startswith(_PNG):
        return None
    pos = len(_PNG)
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"tIME" and length == 7 and pos + 15 <= len(data):
            year, month, day, hour, minute, second = struct.unpack(">HBBBBB", data[pos + 8:pos + 15])
            try:
                return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
            except ValueError:
                return None
        if kind == b"IEND":
            return None
        pos += 12 + length  # tIME may come after the image data: every chunk header is looked at
    return None


def name_time(file_name: str) -> datetime | None:
    """The time in a screenshot's or camera picture's file name, in this computer's time zone, or None."""
    for pattern in _NAME_PATTERNS:
        found = pattern.search(file_name)
        if found:
            try:
                year, month, day, hour, minute, second = (int(g) for g in found.groups())
                return datetime(year, month, day, hour, minute, second).astimezone()
            except ValueError:
                return None
    return None


def capture_time(*, user: datetime | None, exif: datetime | None, data: bytes,
                 file_name: str) -> tuple[datetime | None, str]:
    """``(time, source)``: the user's time, else EXIF, else the PNG ``tIME``, else the file name; the source
    is one of ``SOURCES`` (``""`` with no time)."""
    if user is not None:
        return user, "user"
    if exif is not None:
        return exif, "exif"
    found = png_time(data)
    if found is not None:
        return found, "png-time"
    found = name_time(file_name)
    if found is not None:
        return found, "file-name"
    return None, ""
