"""Machine reading (OCR) of screenshots, photos and PDF pages, in a worker process that dies with its parent.

The engine is RapidOCR on ONNX Runtime with the PaddleOCR PP-OCRv4 detection and recognition models that ship
inside the ``rapidocr-onnxruntime`` wheel: nothing is downloaded at run time. It needs OpenCV, which is only
ever imported in the worker process (never in the window's process, where its bundled libraries could clash
with Qt). Bytes go to the worker through a pipe and text comes back the same way: no image or page is ever
written to disk. PDF pages are rendered in memory with pypdfium2. Cancelling stops the worker at once (the
item stays unread, so the next run reads it again); the worker also stops when its parent process ends
(``PR_SET_PDEATHSIG`` on Linux, and a watch on the parent's pid everywhere).
"""

from __future__ import annotations

import dataclasses
import io
import os
import re
import sys
import threading
import time
from collections.abc import Callable
from importlib import metadata
from typing import TYPE_CHECKING, Any

from walletcare.errors import Cancelled, WalletCareError
from walletcare.i18n import _

if TYPE_CHECKING:
    from walletcare.evidence.transactions import CancelFlag

ENGINE = "rapidocr-onnxruntime"
MODEL = "PP-OCRv4"
IMAGE_MIMES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp", "image/tiff"})
PDF_MIME = "application/pdf"
READABLE_MIMES = IMAGE_MIMES | {PDF_MIME}
# a page is scaled down so its longer side is at most this many pixels before it is read (the engine itself
# would read a 1080x2400 screenshot at full size); benchmarks/bench_ocr.py compares settings
DET_SIDE = 1600
PDF_SCALE = 2.0  # 144 dpi: body text of a statement is about 24 px high, which the recogniser reads well
MAX_PDF_PAGES = 30
MAX_PIXELS = 60_000_000  # the same limit as the preview copies (``media.MAX_PIXELS``)
_POLL = 0.05
# the recogniser reads the "0" of "0x" as a letter O about one time in five; a hex run after it shows it was 0x
_HEX_PREFIX = re.compile(r"(?<![0-9A-Za-z])(?:0[Oo]|[Oo])x(?=[0-9a-fA-F]{8})")  # also ``0Ox`` (seen in tests)
# a long run of hex digits (a hash, split over lines) where a serif font's 1 was read as l or I and 0 as O
_HEXISH = re.compile(r"(?<![0-9A-Za-z])(0x)?([0-9a-fA-FlIOo]{24,})(?![0-9A-Za-z])")
_HEX_FIX = str.maketrans({"l": "1", "I": "1", "O": "0", "o": "0"})
# in a monospaced font the thousands comma and the decimal point of an amount are as wide as a Chinese
# character, and the recogniser then gives the full-width forms (``67，946.70``); between digits they are these
_WIDE_DIGIT_MARKS = re.compile(r"(?<=\d)[，．](?=\d)")
_NARROW = {"，": ",", "．": "."}

Progress = Callable[[int, int], None]


class OcrFailed(WalletCareError):
    """The text of an item could not be read (damaged file, or the reader stopped)."""

    exit_code = 4

    def default_text(self) -> str:
        return _("The text of this file could not be read. The file itself is kept as it is.")


@dataclasses.dataclass(frozen=True)
class OcrLine:
    """One line of machine-read text: its page (0 for an image), box corners in pixels and confidence."""

    text: str
    score: float
    box: tuple[tuple[int, int], ...]
    page: int = 0
    # each word (a run of letters or digits, or one Chinese character) with its box: left, top, right, bottom
    words: tuple[tuple[str, tuple[int, int, int, int]], ...] = ()


@dataclasses.dataclass(frozen=True)
class OcrResult:
    """What the engine read from one item."""

    lines: tuple[OcrLine, ...]
    pages: int
    engine: str
    model: str

    @property
    def text(self) -> str:
        """The lines in reading order, one per line; pages separated by a blank line."""
        out: list[str] = []
        page = 0
        for line in self.lines:
            if line.page != page and out:
                out.append("")
            page = line.page
            out.append(line.text)
        return "\n".join(out)


def engine_version() -> str:
    """``rapidocr-onnxruntime <version>``, stored with every text it read."""
    try:
        return f"{ENGINE} {metadata.version(ENGINE)}"
    except metadata.PackageNotFoundError:
        return ENGINE


def available() -> bool:
    """Whether the OCR engine is installed (checked without importing it or OpenCV)."""
    from importlib.util import find_spec

    return find_spec("rapidocr_onnxruntime") is not None


# -- in the worker process ---------------------------------------------------------------------------------
class _Reader:
    """The loaded engine (models load once per worker, about a second)."""

    def __init__(self, det_side: int = DET_SIDE) -> None:
        # ONNX Runtime 1.29+ otherwise starts its telemetry: a device id and an event database written under
        # ~/.cache/Microsoft and uploads when online. WalletCare checks and sends nothing online.
        os.environ["ORT_DISABLE_TELEMETRY"] = "1"
        from rapidocr_onnxruntime import RapidOCR

        # one thread: ONNX Runtime's second thread spins while it waits; on two cores shared with the window it
        # cost 2.0 s of CPU per 1080x2400 screenshot against 1.1 s, and was no faster (benchmarks/bench_ocr.py)
        self._engine = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)
        self._side = det_side

    def read(self, data: bytes, mime: str, progress: Progress) -> OcrResult:
        import cv2

        pages = list(_pages(data, mime))
        lines: list[OcrLine] = []
        for number, image in enumerate(pages):
            scale = min(1.0, self._side / max(image.shape[:2]))
            if scale < 1.0:
                size = (round(image.shape[1] * scale), round(image.shape[0] * scale))
                image = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
            found, _elapsed = self._engine(image, return_word_box=True)
            for box, text, score, *parts in found or ():
                text = tidy(str(text))
                corners = tuple((int(round(x / scale)), int(round(y / scale))) for x, y in box)
                words = tuple((tidy(w), r) for w, r in _words(parts[0], parts[1], scale)) if len(parts) >= 2 else ()
                lines.append(OcrLine(str(text), round(float(score), 4), corners, number, words))
            progress(number + 1, len(pages))
        return OcrResult(tuple(lines), len(pages), engine_version(), MODEL)


def tidy(text: str) -> str:
    """Fixes what the recogniser gets wrong in a known way: ``Ox`` or ``0Ox`` before a hex run is ``0x``; in a
    run of 24 or more hex digits (with at least six digits) ``l``/``I`` are 1 and ``O``/``o`` are 0; a full-width
    comma or point between digits is the ASCII one."""
    text = _HEX_PREFIX.sub("0x", text)
    text = _HEXISH.sub(lambda m: (m[1] or "") + m[2].translate(_HEX_FIX)
                       if sum(c.isdigit() for c in m[2]) >= 6 else m.group(), text)
    return _WIDE_DIGIT_MARKS.sub(lambda m: _NARROW[m.group()], text)


def _words(boxes: list[Any], chars: list[str], scale: float) -> tuple[tuple[str, tuple[int, int, int, int]], ...]:
    """Joins the engine's per-character boxes into words: runs of ASCII letters and digits, single other
    characters; spaces split. Boxes are given back in the page's own pixels."""
    out: list[tuple[str, tuple[int, int, int, int]]] = []
    word, rect = "", None
    for char, box in zip(chars, boxes, strict=False):
        xs = [p[0] / scale for p in box]
        ys = [p[1] / scale for p in box]
        here = (int(min(xs)), int(min(ys)), int(round(max(xs))), int(round(max(ys))))
        joins = char.isascii() and char.isalnum() and word and word[-1].isascii() and word[-1].isalnum()
        if word and (not joins or char.isspace()):
            out.append((word, rect))  # type: ignore[arg-type]
            word, rect = "", None
        if char.isspace():
            continue
        word += char
        rect = here if rect is None else (min(rect[0], here[0]), min(rect[1], here[1]), max(rect[2], here[2]),
                                          max(rect[3], here[3]))
    if word:
        out.append((word, rect))  # type: ignore[arg-type]
    return tuple(out)


def _pages(data: bytes, mime: str) -> list[Any]:
    """The item as RGB numpy arrays, one per page, decoded in memory."""
    import numpy as np

    if mime == PDF_MIME:
        import pypdfium2

        try:
            pdf = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError as exc:
            raise ValueError("unreadable PDF") from exc
        try:
            out = []
            for index in range(min(len(pdf), MAX_PDF_PAGES)):
                page = pdf[index]
                bitmap = page.render(scale=PDF_SCALE)
                out.append(np.asarray(bitmap.to_pil().convert("RGB"))[:, :, ::-1].copy())
                bitmap.close()
                page.close()
            return out
        finally:
            pdf.close()
    from PIL import Image, ImageOps

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    img: Image.Image = Image.open(io.BytesIO(data))
    img.load()
    img = ImageOps.exif_transpose(img)
    if img.mode in ("RGBA", "LA", "P"):
        img = img.convert("RGBA")
        flat = Image.new("RGB", img.size, "white")
        flat.paste(img, mask=img.getchannel("A"))
        img = flat
    return [np.asarray(img.convert("RGB"))[:, :, ::-1].copy()]  # the engine takes OpenCV's BGR order


def die_with_parent(parent_pid: int) -> None:
    """Ends this process when ``parent_pid`` ends (at once on Linux, within half a second elsewhere)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            import signal

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:
        os._exit(0)

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent_pid:
                os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _one_malloc_arena() -> None:
    """One glibc malloc arena for the worker: with one per thread its peak memory ranged 470-675 MB over runs of
    the same 8 screenshots (``benchmarks/bench_ocr.py``)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None).mallopt(-8, 1)  # M_ARENA_MAX
        except (OSError, AttributeError):
            pass


def _lower_priority() -> None:
    """Reading yields the CPU to the window: on two cores shared with the window's process, the worker at the same
    priority made the window's frames wait for a core (``benchmarks/bench_responsive.py``)."""
    try:
        os.nice(10)
    except (AttributeError, OSError):
        pass


def _serve(conn: Any, parent_pid: int, det_side: int) -> None:
    """The worker's loop: ``(data, mime)`` in; ``("page", done, total)`` and one ``("ok"|"error", …)`` out."""
    die_with_parent(parent_pid)
    _one_malloc_arena()
    _lower_priority()
    reader: _Reader | None = None
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        data, mime = job
        try:
            if reader is None:
                reader = _Reader(det_side)
            result = reader.read(data, mime, lambda done, total: conn.send(("page", done, total)))
            conn.send(("ok", result))
        except Exception as exc:  # a damaged file must not end the worker; the parent reports it
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


# -- in the caller's process -------------------------------------------------------------------------------
class OcrWorker:
    """One OCR worker process, started on first use and reused; ``close()`` stops it.

    Use it from one thread at a time.
    """

    def __init__(self, det_side: int = DET_SIDE) -> None:
        self._det_side = det_side
        self._proc: Any = None
        self._conn: Any = None

    @property
    def pid(self) -> int | None:
        """The worker's process id while it runs."""
        return self._proc.pid if self._proc is not None and self._proc.is_alive() else None

    def _start(self) -> None:
        import multiprocessing

        ctx = multiprocessing.get_context("spawn")
        mine, theirs = ctx.Pipe()
        proc = ctx.Process(target=_serve, args=(theirs, os.getpid(), self._det_side), name="walletcare-ocr",
                           daemon=True)
        proc.start()
        theirs.close()
        self._proc, self._conn = proc, mine

    def read(self, data: bytes, mime: str, *, progress: Progress | None = None,
             cancel: CancelFlag | None = None) -> OcrResult:
        """Reads the text of one image or PDF (``progress(pages_done, pages)``).

        Raises:
            Cancelled: ``cancel`` was set (the worker is stopped; nothing was read).
            OcrFailed: the file could not be read, or the worker ended.
        """
        if mime not in READABLE_MIMES:
            raise OcrFailed()
        if self._proc is None or not self._proc.is_alive():
            self.close()
            self._start()
        try:
            self._conn.send((bytes(data), mime))
            while True:
                if cancel is not None and cancel.is_set():
                    self.close(kill=True)
                    raise Cancelled()
                if not self._conn.poll(_POLL):
                    if not self._proc.is_alive():
                        raise EOFError
                    continue
                message = self._conn.recv()
                if message[0] == "page":
                    if progress is not None:
                        progress(int(message[1]), int(message[2]))
                    continue
                if message[0] == "ok":
                    result: OcrResult = message[1]
                    return result
                raise OcrFailed()
        except (EOFError, OSError, BrokenPipeError):
            self.close(kill=True)
            raise OcrFailed() from None

    def close(self, kill: bool = False) -> None:
        """Stops the worker (``kill``: at once, even in the middle of an item)."""
        proc, conn = self._proc, self._conn
        self._proc = self._conn = None
        if proc is None:
            return
        if not kill and proc.is_alive():
            try:
                conn.send(None)
            except (OSError, BrokenPipeError):
                pass
            proc.join(5)
        if proc.is_alive():
            proc.kill()
            proc.join(5)
        conn.close()
        proc.close()

    def __enter__(self) -> OcrWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
