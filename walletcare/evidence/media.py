"""Evidence files in memory: type sniffing by content, capture time from EXIF, thumbnail and print copies.

Nothing here touches the disk: bytes in, bytes out (Pillow on ``BytesIO``), so the functions can run in a
worker process (``MediaPool``) and the vault stays the only place the data lives. Decisions: a file that
says it is an image but cannot be decoded is refused (``InvalidInput``), so a damaged upload is noticed at
once; an image larger than ``MAX_PIXELS`` (a decompression bomb, or a giant scan) is kept as an original
with no derived copies and ``problem`` says why.
"""

from __future__ import annotations

import hashlib
import io
import os
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from walletcare.child_processes import die_with_parent
from walletcare.errors import InvalidInput
from walletcare.i18n import _

THUMBNAIL_SIDE = 256
PRINT_SIDE = 1200  # 300 dpi at the 4-inch height an exhibit gets in the dossier; a 2400 px screenshot halves exactly
PRINT_QUALITY = 85  # with PRINT_SIDE: 100 screenshots make a ~11 MB dossier (docs/vault.md)
THUMBNAIL_QUALITY = 80
MAX_PIXELS = 60_000_000
PILLOW_IMAGES = {"image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp", "image/tiff"}

_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
    (b"BM", 0, "image/bmp"),
    (b"II*\x00", 0, "image/tiff"),
    (b"MM\x00*", 0, "image/tiff"),
    (b"%PDF-", 0, "application/pdf"),
    (b"ID3", 0, "audio/mpeg"),
    (b"#!AMR", 0, "audio/amr"),
    (b"OggS", 0, "audio/ogg"),
    (b"fLaC", 0, "audio/flac"),
    (b"\x1aE\xdf\xa3", 0, "video/webm"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "application/x-ole-storage"),
)


def sniff_mime(data: bytes) -> str:
    """The media type of ``data`` from its first bytes (never from the file name)."""
    for magic, offset, mime in _MAGIC:
        if data[offset:offset + len(magic)] == magic:
            return mime
    if data[:4] == b"RIFF" and len(data) >= 12:
        return {b"WEBP": "image/webp", b"WAVE": "audio/wav", b"AVI ": "video/x-msvideo"}.get(data[8:12],
                                                                                            "application/octet-stream")
    if data[4:8] == b"ftyp":
        brand = data[8:12]
        if brand in (b"heic", b"heix", b"mif1", b"msf1", b"hevc"):
            return "image/heic"
        if brand in (b"M4A ", b"M4B "):
            return "audio/mp4"
        return "video/mp4"
    if len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0:
        return "audio/mpeg"
    if data[:4] == b"PK\x03\x04":
        head = data[:4096]
        if b"xl/" in head:
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        if b"word/" in head:
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        return "application/zip"
    return _text_mime(data)


def _text_mime(data: bytes) -> str:
    sample = data[:65536]
    if b"\x00" in sample.replace(b"\x00\x00", b"") and not sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "application/octet-stream"
    encodings = ("utf-16",) if sample.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig", "gb18030")
    for encoding in encodings:
        text = _decode(sample, encoding, cut=len(data) > len(sample))
        if text is None:
            continue
        stripped = text.lstrip()
        if stripped.startswith(("<!DOCTYPE html", "<html", "<HTML")):
            return "text/html"
        lines = [ln for ln in text.splitlines() if ln.strip()]
        if len(data) > len(sample):
            lines = lines[:-1]  # cut off by the sample
        lines = lines[:20]
        for sep in (",", "\t"):
            counts = {ln.count(sep) for ln in lines}
            if len(lines) >= 2 and len(counts) == 1 and counts != {0}:
                return "text/csv"
        return "text/plain"
    return "application/octet-stream"


def _decode(sample: bytes, encoding: str, *, cut: bool) -> str | None:
    """``sample`` decoded, allowing a character split at the end when the sample was cut from a longer file."""
    for trim in range(4 if cut else 1):
        try:
            return sample[:len(sample) - trim].decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


@dataclass
class DerivedCopy:
    """One derived image made in memory."""

    kind: str
    mime: str
    width: int
    height: int
    data: bytes

    @property
    def sha256(self) -> str:
        """SHA-256 (hex) of the copy's bytes."""
        return hashlib.sha256(self.data).hexdigest()


@dataclass
class Intake:
    """What intake learnt from an original: its type, capture time, size in pixels and derived copies."""

    mime: str
    captured_at: datetime | None = None
    width: int = 0
    height: int = 0
    copies: list[DerivedCopy] = field(default_factory=list)
    problem: str = ""


def _exif_time(exif: object) -> datetime | None:
    try:
        sub = exif.get_ifd(0x8769)  # type: ignore[attr-defined]
    except Exception:
        return None
    raw = sub.get(0x9003) or exif.get(0x0132)  # type: ignore[attr-defined]
    if not isinstance(raw, str):
        return None
    try:
        moment = datetime.strptime(raw.strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    offset = sub.get(0x9011)
    if isinstance(offset, str):
        try:
            return datetime.fromisoformat(moment.isoformat() + offset.strip("\x00 "))
        except ValueError:
            pass
    return moment.astimezone()


def _resized(image: object, side: int) -> object:
    """``image`` scaled so its longest side is at most ``side``.

    Pillow first averages whole blocks of pixels (``Image.reduce``: a box filter, 4 ms for a 1080x2400
    screenshot) as far as an integer factor goes, then scales the rest bilinearly; a 2400 px screenshot
    going to 1200 px is a pure 2x2 average. A bilinear scale of the full image costs 20 ms.
    """
    from PIL import Image

    img: Image.Image = image  # type: ignore[assignment]
    width, height = img.size
    scale = side / max(width, height)
    if scale >= 1:
        return img
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return img.resize(size, Image.Resampling.BILINEAR, reducing_gap=1.0)


def _flattened(image: object) -> object:
    """``image`` as RGB or L, transparency laid on white (done on the scaled copies: fewer pixels)."""
    from PIL import Image

    img: Image.Image = image  # type: ignore[assignment]
    if img.mode in ("RGB", "L"):
        return img
    rgba = img if img.mode == "RGBA" else img.convert("RGBA")
    flat = Image.new("RGB", rgba.size, (255, 255, 255))
    flat.paste(rgba, mask=rgba.getchannel("A"))
    return flat


def _jpeg(image: object, quality: int) -> tuple[bytes, int, int]:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=False)  # type: ignore[attr-defined]
    width, height = image.size  # type: ignore[attr-defined]
    return out.getvalue(), width, height


def inspect(data: bytes, file_name: str = "") -> Intake:
    """Sniffs ``data``; for images reads the capture time and makes the thumbnail and print copies.

    Raises:
        InvalidInput: the file is empty, or says it is an image but cannot be decoded.
    """
    if not data:
        raise InvalidInput(_("“{name}” is empty. Nothing was added.").format(name=file_name))
    mime = sniff_mime(data)
    intake = Intake(mime)
    if mime not in PILLOW_IMAGES:
        return intake
    from PIL import Image, ImageOps

    damaged = InvalidInput(_("“{name}” looks like an image but is damaged and cannot be opened. Nothing was "
                             "added; take the screenshot or export again.").format(name=file_name))
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            img: Image.Image = Image.open(io.BytesIO(data))
            intake.width, intake.height = img.size
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            intake.problem = _("The image is too large to preview; the original is kept as it is.")
            return intake
        except (OSError, ValueError, SyntaxError):
            raise damaged from None
        if intake.width * intake.height > MAX_PIXELS:
            intake.problem = _("The image is too large to preview; the original is kept as it is.")
            return intake
        try:
            img.load()  # the one decode both copies are made from
            exif = img.getexif()
            intake.captured_at = _exif_time(exif)
            if exif.get(0x0112, 1) != 1:  # orientation tag: turn the copies upright
                img = ImageOps.exif_transpose(img)
            if img.mode not in ("RGB", "L", "RGBA", "LA"):
                img = img.convert("RGBA")  # palette and other modes: scaled in RGBA, then flattened
            scaled = _resized(img, PRINT_SIDE)
            printable = _flattened(scaled)
            thumbnail = _flattened(_resized(scaled, THUMBNAIL_SIDE))
            for kind, copy, quality in (("print", printable, PRINT_QUALITY), ("thumbnail", thumbnail, THUMBNAIL_QUALITY)):
                blob, w, h = _jpeg(copy, quality)
                intake.copies.append(DerivedCopy(kind, "image/jpeg", w, h, blob))
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
            raise damaged from None
    return intake


class MediaPool:
    """A process pool for ``inspect`` (CPU-bound Pillow work off the caller's thread), started on first use."""

    def __init__(self, workers: int | None = None) -> None:
        self._workers = workers or max(1, min(os.cpu_count() or 1, 4))
        self._pool: object | None = None

    def imap(self, items: list[tuple[bytes, str]]) -> Iterator[Intake | InvalidInput]:
        """``inspect`` over ``(data, file_name)`` items in parallel, results in order as they are ready.

        Errors are returned in place. Stopping early cancels the work not yet started.
        """
        if len(items) <= 1 or self._workers <= 1:
            yield from (_inspect_safe(d, n) for d, n in items)
            return
        from concurrent.futures import ProcessPoolExecutor
        from multiprocessing import get_context

        if self._pool is None:
            self._pool = ProcessPoolExecutor(self._workers, mp_context=get_context("spawn"), initializer=_start_worker,
                                             initargs=(os.getpid(),))
        pool: ProcessPoolExecutor = self._pool  # type: ignore[assignment]
        futures = [pool.submit(_inspect_safe, data, name) for data, name in items]
        try:
            for future in futures:
                yield future.result()
        finally:
            for future in futures:
                future.cancel()

    def close(self) -> None:
        """Stops the worker processes."""
        if self._pool is not None:
            self._pool.shutdown()  # type: ignore[attr-defined]
            self._pool = None


def _start_worker(parent_pid: int) -> None:
    """A worker's set-up: it dies with the app (never left running after a kill), and imports Pillow and its
    PNG and JPEG plugins now, not inside its first file's timing."""
    die_with_parent(parent_pid)
    from PIL import Image, JpegImagePlugin, PngImagePlugin  # noqa: F401

    Image.init()


def _inspect_safe(data: bytes, file_name: str) -> Intake | InvalidInput:
    try:
        return inspect(data, file_name)
    except InvalidInput as exc:
        return exc
