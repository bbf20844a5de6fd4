"""Exhibit images for print: a Platypus flowable that writes JPEG bytes into the PDF as a DCT stream without
decoding them, and an in-memory maker of print copies for originals that have none yet.

ReportLab's own ``Image`` decodes an in-memory image to compute a cache key (hundreds of MiB for a hundred
screenshots); here the JPEG header is read for the size and the bytes are copied as they are. Print copies
are made with Pillow in memory only (never a temporary file): decoded at reduced size where the format
allows it, scaled to at most ``PRINT_MAX_PX`` on the long side, saved as JPEG.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from io import BytesIO
from typing import Any, TypeVar

from reportlab.platypus.flowables import Flowable

PRINT_MAX_PX = 1200  # 300 dpi at the 4-inch height an exhibit gets on the page
PRINT_QUALITY = 80
MAX_SOURCE_PIXELS = 80_000_000
_T = TypeVar("_T")
IMAGE_MIMES = ("image/png", "image/jpeg", "image/gif", "image/bmp", "image/webp", "image/tiff")


def jpeg_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a JPEG's SOF marker, or None when the bytes are not a readable JPEG."""
    from reportlab.pdfbase.pdfutils import readJPEGInfo

    try:
        info = readJPEGInfo(BytesIO(data))
    except Exception:
        return None
    return int(info[0]), int(info[1])


class JpegImage(Flowable):
    """A JPEG drawn scaled into a box (aspect kept), its bytes embedded once as a DCTDecode XObject."""

    def __init__(self, data: bytes, pixel_size: tuple[int, int], max_width: float, max_height: float) -> None:
        super().__init__()
        self.data = data
        px_w, px_h = pixel_size
        scale = min(max_width / px_w, max_height / px_h)
        self.drawWidth = px_w * scale
        self.drawHeight = px_h * scale
        self.hAlign = "CENTER"
        self._name = "JPG" + hashlib.sha256(data).hexdigest()[:24]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """The drawn size (fixed at construction)."""
        return self.drawWidth, self.drawHeight

    def draw(self) -> None:
        """Registers the XObject on first use and paints it."""
        from reportlab.pdfbase import pdfdoc

        canv: Any = self.canv
        doc = canv._doc
        reg_name = doc.getXObjectName(self._name)
        if reg_name not in doc.idToObject:
            xobj = pdfdoc.PDFImageXObject(self._name)
            if not xobj.loadImageFromJPEG(BytesIO(self.data)):
                raise ValueError("not a JPEG")
            xobj.name = self._name
            canv._setXObjects(xobj)
            doc.Reference(xobj, reg_name)
            doc.addForm(self._name, xobj)
        canv.saveState()
        canv.scale(self.drawWidth, self.drawHeight)
        canv._code.append(f"/{reg_name} Do")
        canv.restoreState()
        canv._formsinuse.append(self._name)
        canv._currentPageHasImages = 1


TALL = 3.0  # a picture more than this many times as tall as wide (a long chat screenshot, not a phone screen) is printed in parts
TILE_WIDTH_PX = 1000


def _from_image(original: bytes, work: Callable[[Any], _T]) -> _T | None:
    """``work(image)`` on the opened image, in memory; None for a broken, unsupported or oversized
    (decompression bomb) image."""
    import warnings

    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings(), Image.open(BytesIO(original)) as img:
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            if img.width * img.height > MAX_SOURCE_PIXELS:
                return None
            return work(img)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):
        return None


def _printable(img: Any) -> Any:
    """The image in RGB or grayscale, transparent parts on white (not black)."""
    from PIL import Image

    if img.mode in ("RGB", "L"):
        return img
    img = img.convert("RGBA") if "A" in img.mode or img.mode == "P" else img.convert("RGB")
    if img.mode != "RGBA":
        return img
    flat = Image.new("RGB", img.size, (255, 255, 255))
    flat.paste(img, mask=img.getchannel("A"))
    return flat


def _jpeg(img: Any) -> tuple[bytes, tuple[int, int]]:
    out = BytesIO()
    img.save(out, "JPEG", quality=PRINT_QUALITY, optimize=False)
    return out.getvalue(), (img.width, img.height)


def make_tiles(original: bytes, tile_aspect: float) -> list[tuple[bytes, tuple[int, int]]] | None:
    """A tall picture cut, top to bottom, into JPEG parts of at most ``TILE_WIDTH_PX`` wide and
    ``tile_aspect`` times as tall as wide, so each can fill the page's width and stay readable (scaled to fit
    as a whole, a 1080×12000 screenshot would be a strip too thin to read). In memory only; None when the
    image cannot be read."""

    def cut(img: Any) -> list[tuple[bytes, tuple[int, int]]]:
        from PIL import Image

        img = _printable(img)
        if img.width > TILE_WIDTH_PX:
            img = img.resize((TILE_WIDTH_PX, round(img.height * TILE_WIDTH_PX / img.width)), Image.Resampling.BILINEAR)
        step = max(1, int(img.width * tile_aspect))
        return [_jpeg(img.crop((0, top, img.width, min(img.height, top + step)))) for top in range(0, img.height, step)]

    return _from_image(original, cut)


def make_print_jpeg(original: bytes, max_px: int = PRINT_MAX_PX) -> tuple[bytes, tuple[int, int]] | None:
    """A print copy (JPEG bytes, pixel size) of an image, made in memory; None when it cannot be read.

    Args:
        original: The original file's bytes (PNG, JPEG, GIF, BMP, WebP, TIFF).
        max_px: The longest side of the copy in pixels.

    Returns:
        The JPEG and its size, or None for a broken, unsupported or oversized (decompression bomb) image.
    """

    def scale(img: Any) -> tuple[bytes, tuple[int, int]]:
        from PIL import Image

        img.draft("RGB", (max_px, max_px))
        img = _printable(img)
        factor = max(img.width, img.height) / max_px
        if factor >= 2:
            img = img.reduce(int(factor))  # box reduction: fast, and sharp enough for print
        if max(img.width, img.height) > max_px:
            img.thumbnail((max_px, max_px), Image.Resampling.BILINEAR)
        return _jpeg(img)

    return _from_image(original, scale)


PDF_PRINT_PAGES = 4  # pages of a PDF exhibit drawn in the dossier; the rest are counted, not drawn
PDF_RENDER_SCALE = 2.0  # 144 dpi: the scale machine reading uses (``ocr.PDF_SCALE``), so its boxes fit


def pdf_pages(original: bytes, max_pages: int = PDF_PRINT_PAGES,
              boxes: Sequence[tuple[int, tuple[int, int, int, int]]] = ()
              ) -> tuple[list[tuple[bytes, tuple[int, int]]], int] | None:
    """The first ``max_pages`` pages of a PDF drawn as JPEG print copies (pypdfium2, in memory), with solid
    boxes over ``boxes`` (``(page, box)`` in pixels at ``PDF_RENDER_SCALE``), and the PDF's page count; None
    when the file cannot be opened (damaged, or protected by a password)."""
    import pypdfium2
    from PIL import ImageDraw

    from walletcare.evidence.dossier.patterns import MASK_FILL

    try:
        pdf = pypdfium2.PdfDocument(original)
    except pypdfium2.PdfiumError:
        return None
    try:
        total = len(pdf)
        out: list[tuple[bytes, tuple[int, int]]] = []
        for index in range(min(total, max_pages)):
            page = pdf[index]
            try:
                width, height = page.get_size()
                scale = min(PDF_RENDER_SCALE, (MAX_SOURCE_PIXELS / max(1.0, width * height)) ** 0.5)
                bitmap = page.render(scale=scale)
                try:
                    img = bitmap.to_pil().convert("RGB")
                finally:
                    bitmap.close()
            finally:
                page.close()
            page_boxes = [b for p, b in boxes if p == index]
            if page_boxes:
                pen = ImageDraw.Draw(img)
                factor = scale / PDF_RENDER_SCALE
                for left, top, right, bottom in page_boxes:
                    pen.rectangle((left * factor, top * factor, right * factor, bottom * factor), fill=MASK_FILL)
            if max(img.width, img.height) > PRINT_MAX_PX:
                img.thumbnail((PRINT_MAX_PX, PRINT_MAX_PX), _bilinear())
            out.append(_jpeg(img))
        return out, total
    except pypdfium2.PdfiumError:
        return None
    finally:
        pdf.close()


def _bilinear() -> Any:
    from PIL import Image

    return Image.Resampling.BILINEAR
