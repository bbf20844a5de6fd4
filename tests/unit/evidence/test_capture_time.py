"""Honest times: the capture time of real EXIF JPEGs, PNG eXIf and tIME chunks (made with Pillow) and of each
screenshot name pattern, each with its source; the user's time wins; the modification time is kept apart."""

from __future__ import annotations

import io
import struct
from datetime import UTC, datetime, timedelta, timezone

import pytest
from PIL import Image, PngImagePlugin

from walletcare.evidence.capture_time import name_time, png_time
from walletcare.evidence.models import Case
from walletcare.evidence.store import Store

from .test_exhibits import jpeg_with_exif

CN = timezone(timedelta(hours=8))
MTIME = datetime(2026, 1, 2, 3, 4, tzinfo=CN)


def _png(*, time: datetime | None = None, exif_time: str | None = None) -> bytes:
    info = PngImagePlugin.PngInfo()
    if time is not None:
        info.add(b"tIME", struct.pack(">HBBBBB", time.year, time.month, time.day, time.hour, time.minute,
                                      time.second))
    out = io.BytesIO()
    kwargs: dict[str, object] = {"pnginfo": info}
    if exif_time is not None:
        exif = Image.Exif()
        exif.get_ifd(0x8769)[0x9003] = exif_time
        exif.get_ifd(0x8769)[0x9011] = "+08:00"
        kwargs["exif"] = exif.tobytes()  # (Pillow writes an eXIf chunk from bytes)
    Image.new("RGB", (64, 48), (200, 30, 30)).save(out, "PNG", **kwargs)
    return out.getvalue()


@pytest.mark.parametrize(("name", "expected"), [
    ("Screenshot_20240520-143201.png", (2024, 5, 20, 14, 32, 1)),
    ("微信图片_20240520143201.jpg", (2024, 5, 20, 14, 32, 1)),
    ("IMG_20240520_143201.jpg", (2024, 5, 20, 14, 32, 1)),
    ("Screen Shot 2024-05-20 at 14.32.01.png", (2024, 5, 20, 14, 32, 1)),
    ("Screenshot 2024-05-20 at 9.05.07.png", (2024, 5, 20, 9, 5, 7)),
    ("Screenshot_2024-05-20-14-32-01-123_com.eg.android.AlipayGphone.jpg", (2024, 5, 20, 14, 32, 1)),
    ("mmexport20240520143201.jpg", (2024, 5, 20, 14, 32, 1)),
])
def test_screenshot_name_patterns(name: str, expected: tuple[int, ...]) -> None:
    found = name_time(name)
    assert found is not None and found.utcoffset() is not None
    assert found.replace(tzinfo=None) == datetime(*expected)


@pytest.mark.parametrize("name", ["IMG_0001.JPG", "截图.png", "Screenshot_20241340-999999.png", "invoice-2024.pdf"])
def test_names_without_a_time(name: str) -> None:
    assert name_time(name) is None


def test_png_time_chunk() -> None:
    assert png_time(_png(time=datetime(2024, 5, 20, 6, 32, 1))) == datetime(2024, 5, 20, 6, 32, 1, tzinfo=UTC)
    assert png_time(_png()) is None and png_time(b"not a png") is None


@pytest.mark.parametrize(("data", "name", "user", "when", "source"), [
    (jpeg_with_exif(), "Screenshot_20990101-000000.jpg", None, datetime(2024, 3, 1, 9, 30, tzinfo=CN), "exif"),
    (_png(exif_time="2024:05:20 14:32:01"), "a.png", None, datetime(2024, 5, 20, 14, 32, 1, tzinfo=CN), "exif"),
    (_png(time=datetime(2024, 5, 20, 6, 32, 1)), "a.png", None, datetime(2024, 5, 20, 6, 32, 1, tzinfo=UTC),
     "png-time"),
    (_png(), "Screenshot_20240520-143201.png", None, datetime(2024, 5, 20, 14, 32, 1).astimezone(), "file-name"),
    (jpeg_with_exif(), "IMG_1.jpg", datetime(2024, 1, 1, 8, 0, tzinfo=CN), datetime(2024, 1, 1, 8, 0, tzinfo=CN),
     "user"),
    (_png(), "plain.png", None, None, ""),
])
def test_capture_time_and_source_in_the_vault(store: Store, case: Case, data: bytes, name: str,
                                              user: datetime | None, when: datetime | None, source: str) -> None:
    ev, _dup = store.evidence.add(case.id, data, name, captured_at=user, file_mtime=MTIME)
    stored = store.evidence.get(ev.id)
    assert (stored.captured_at, stored.captured_source) == (when, source)
    assert stored.file_modified == MTIME and stored.added_at > MTIME
