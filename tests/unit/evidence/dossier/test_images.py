"""Exhibit pictures: print copies made in memory, JPEG bytes written into the PDF unchanged (no decoding),
broken or oversized images listed instead of rendered, original bytes attached."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from io import BytesIO
from typing import Any

from PIL import Image
from pypdf import PdfReader

from walletcare.evidence.dossier.data import ExhibitData
from walletcare.evidence.dossier.images import jpeg_size, make_print_jpeg
from walletcare.evidence.dossier.layout import render
from walletcare.evidence.models import Evidence


def _png(size: tuple[int, int], mode: str = "RGB") -> bytes:
    out = BytesIO()
    Image.new(mode, size, (10, 200, 30, 128) if mode == "RGBA" else (10, 200, 30)).save(out, "PNG")
    return out.getvalue()


def test_print_copy_is_downscaled_jpeg() -> None:
    made = make_print_jpeg(_png((1080, 2400)))
    assert made is not None
    data, (w, h) = made
    assert data[:2] == b"\xff\xd8" and max(w, h) <= 1200 and jpeg_size(data) == (w, h)
    assert make_print_jpeg(_png((300, 200), "RGBA")) is not None


def test_broken_image_gives_none() -> None:
    assert make_print_jpeg(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100) is None
    assert make_print_jpeg(b"not an image") is None
    assert jpeg_size(b"nope") is None


def test_jpeg_bytes_embedded_unchanged_and_original_attached(small: Any, signer: Any, make_options: Any) -> None:
    pdf = render(small, make_options(), signer=signer).pdf
    for ex in small.exhibits:
        if ex.print_jpeg is not None:
            assert ex.print_jpeg in pdf  # a DCT stream, byte for byte
    attachments = PdfReader(BytesIO(pdf)).attachments
    for index, ex in enumerate(small.exhibits, 1):
        name = f"E{index}-{ex.evidence.file_name}"
        assert hashlib.sha256(attachments[name][0]).hexdigest() == ex.evidence.sha256


def test_unrenderable_image_is_listed(small: Any, signer: Any, make_options: Any) -> None:
    broken = b"\x89PNG\r\n\x1a\n" + b"\x01" * 64
    ev = Evidence(id=999, case_id=42, file_name="broken.png", mime="image/png", size=len(broken),
                  sha256=hashlib.sha256(broken).hexdigest(), added_at=small.exhibits[0].evidence.added_at)
    data = replace(small, exhibits=(*small.exhibits, ExhibitData(evidence=ev, original=broken)))
    pdf = render(data, make_options(lang="en"), signer=signer).pdf
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages)
    assert "could not be rendered for print" in " ".join(text.split())
    assert "This PDF could not be drawn here (damaged or password-protected)" in " ".join(text.split())


def _png_header_only(width: int, height: int) -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" * 100)) + chunk(b"IEND", b""))


def test_oversized_image_is_refused_without_decoding() -> None:
    assert make_print_jpeg(_png_header_only(30000, 30000)) is None  # a decompression bomb
    assert make_print_jpeg(_png_header_only(9500, 9500)) is None  # over the warning limit
    assert make_print_jpeg(_png_header_only(9000, 9000)) is None  # over our own limit, truncated data


def test_a_long_screenshot_is_printed_in_readable_parts(signer: object, make_options: object) -> None:
    from dataclasses import replace
    from io import BytesIO

    from PIL import Image
    from pypdf import PdfReader

    from tests.unit.evidence.dossier.conftest import rich_data
    from walletcare.evidence.dossier.images import TILE_WIDTH_PX, make_print_jpeg, make_tiles
    from walletcare.evidence.dossier.layout import render

    buffer = BytesIO()
    Image.linear_gradient("L").resize((1080, 9000)).convert("RGB").save(buffer, "PNG")  # every part differs
    png = buffer.getvalue()
    tiles = make_tiles(png, 1.4)
    assert tiles and len(tiles) > 3 and all(size[0] == TILE_WIDTH_PX for _data, size in tiles)
    data = rich_data(3, 1)
    jpeg, size = make_print_jpeg(png)  # type: ignore[misc]
    tall = replace(data.exhibits[0], original=png, print_jpeg=jpeg, print_size=size)
    pdf = render(replace(data, exhibits=(tall,)), make_options(lang="en"), signer=signer).pdf  # type: ignore[operator]
    drawn = {img.data: img.image.size for page in PdfReader(BytesIO(pdf)).pages for img in page.images}
    assert len(drawn) > 3 and {w for w, _h in drawn.values()} == {TILE_WIDTH_PX}  # full width, in parts
    assert sum(h for _w, h in drawn.values()) == round(9000 * TILE_WIDTH_PX / 1080)  # nothing left out
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    count = len(drawn)
    for n in range(1, count + 1):  # every part says which exhibit it belongs to, and which part it is
        assert f"E1 ({n}/{count})" in text


def _receipt_pdf(pages: int) -> bytes:
    """A real PDF receipt of ``pages`` pages, each with its page number in large text."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    out = BytesIO()
    canvas = Canvas(out, pagesize=A4)
    for n in range(1, pages + 1):
        canvas.setFont("Helvetica", 40)
        canvas.drawString(100, 700, f"Receipt page {n}")
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def test_pdf_exhibits_are_drawn_as_pages_with_the_rest_counted(small: Any, signer: Any, make_options: Any) -> None:
    from walletcare.evidence.dossier.images import PDF_PRINT_PAGES

    receipt = _receipt_pdf(PDF_PRINT_PAGES + 3)
    short = _receipt_pdf(2)
    exhibits = []
    for n, data in enumerate((receipt, short)):
        ev = Evidence(id=300 + n, case_id=42, file_name=f"receipt{n}.pdf", mime="application/pdf", size=len(data),
                      sha256=hashlib.sha256(data).hexdigest(), added_at=small.exhibits[0].evidence.added_at,
                      caption=f"Receipt {n}")
        exhibits.append(ExhibitData(evidence=ev, original=data))
    pdf = render(replace(small, exhibits=tuple(exhibits)), make_options(lang="en", originals="none"), signer=signer).pdf
    pages = PdfReader(BytesIO(pdf)).pages
    drawn = [img for page in pages for img in page.images]
    assert len(drawn) == PDF_PRINT_PAGES + 2  # pictures of the pages, not "open the attachment"
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    total = PDF_PRINT_PAGES + 3
    assert f"PDF document of {total} pages: the first {PDF_PRINT_PAGES} are shown; 3 are omitted here." in text
    assert f"E1 ({PDF_PRINT_PAGES}/{total})" in text and f"E1 ({PDF_PRINT_PAGES + 1}/{total})" not in text
    assert "E2 (2/2)" in text and "omitted" not in text.split("E2 ·")[1]
    from PIL import ImageStat

    first = Image.open(BytesIO(drawn[0].data)).convert("L")
    assert ImageStat.Stat(first).extrema[0][0] < 60  # the page's text is drawn (dark pixels on white)


def test_long_screenshot_sliced_without_originals(vault: Any, tmp_path: Any) -> None:
    """``--originals none`` from a real vault: the long screenshot is still printed in parts at full width."""
    from walletcare.evidence.dossier.export import export_case
    from walletcare.evidence.dossier.images import TILE_WIDTH_PX
    from walletcare.evidence.models import Case

    buffer = BytesIO()
    Image.linear_gradient("L").resize((1080, 7000)).convert("RGB").save(buffer, "PNG")
    store = vault.store
    case = store.cases.add(Case(0, "long chat", provider="支付宝"))
    store.evidence.add(case.id, buffer.getvalue(), "chat.png", caption="whole chat")
    target = tmp_path / "none.pdf"
    export_case(vault, case.id, target, lang="en", originals="none")
    reader = PdfReader(target)
    assert not reader.attachments.get("E1-chat.png")
    drawn = [img.image.size for page in reader.pages for img in page.images]
    assert len(drawn) > 3 and {w for w, _h in drawn} == {TILE_WIDTH_PX}
    assert "E1 (2/" in "".join(page.extract_text() for page in reader.pages)
