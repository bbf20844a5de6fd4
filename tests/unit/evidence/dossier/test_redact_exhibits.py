"""Redaction that redacts: a redacted dossier never carries an original. A machine-read screenshot travels as
a copy with boxes over the phone numbers, ids and wallet addresses the reading found (and its printed picture
has them too); a text file travels masked; anything else travels not at all; the manifest and the caption
say which, and ``verify`` still checks what travels. The transcription under each picture is printed as
selectable text marked machine-read, masked when redacted. A password-protected export never writes a
plaintext zip. Built in a real vault, read by the real OCR engine, read back with pypdf."""

from __future__ import annotations

import hashlib
import json
import zipfile
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.unit.evidence.chat_screens import lines_screen
from walletcare.errors import Refused
from walletcare.evidence.dossier import masking
from walletcare.evidence.dossier.export import export_case
from walletcare.evidence.dossier.verify import verify_pdf
from walletcare.evidence.models import Case
from walletcare.evidence.ocr import OcrLine, OcrResult

PHONE = "13912345678"
ADDRESS = "0x52908400098527886E0F7030069857D2E4169EE7"
ORDER = "2024052022001412345678901234"
RESIDENT_ID = "11010519491231002X"


def _flat(text: str) -> str:
    return "".join(text.split())


def test_sensitive_values_are_found_and_masked() -> None:
    text = f"客服电话 {PHONE}\n收款地址 {ADDRESS}\n订单号 {ORDER}\n身份证 {RESIDENT_ID}\n热线 95188"
    masked = masking.mask_text(text)
    for value in (PHONE, ADDRESS, RESIDENT_ID):
        assert value not in masked
    assert "139****5678" in masked and "0x5290********9EE7" in masked
    assert ORDER in masked and "95188" in masked  # the disputed order and a public hotline stay
    assert masking.mask_text("11010519491231002Y") == "11010519491231002Y"  # not an id number (no check digit)


def test_boxes_cover_only_the_words_of_sensitive_values() -> None:
    words = (("电", (10, 10, 30, 40)), ("话", (30, 10, 50, 40)), (PHONE, (60, 10, 300, 40)))
    line = OcrLine(f"电话{PHONE}", 0.99, ((10, 10), (300, 10), (300, 40), (10, 40)), 0, words)
    other = OcrLine(f"订单号{ORDER}", 0.99, ((10, 60), (400, 60), (400, 90), (10, 90)), 0,
                    (("订", (10, 60, 30, 90)), ("单", (30, 60, 50, 90)), ("号", (50, 60, 70, 90)),
                     (ORDER, (70, 60, 400, 90))))
    boxes = masking.mask_boxes([line, other])
    assert len(boxes) == 1
    page, (left, top, right, bottom) = boxes[0]
    assert page == 0 and left < 60 < 300 < right and top < 10 < 40 < bottom and left > 50


@pytest.fixture(scope="module")
def read_screen() -> tuple[bytes, OcrResult]:
    """A chat screenshot with a phone number and a wallet address, read by the real engine."""
    from walletcare.evidence.ocr import OcrWorker

    png = lines_screen(["官方客服", f"电话 {PHONE}", f"订单号 {ORDER}", "收款地址", ADDRESS], height=900)
    with OcrWorker() as worker:
        result = worker.read(png, "image/png")
    assert PHONE in _flat(result.text), result.text
    return png, result


@pytest.fixture
def case_with_evidence(vault: Any, read_screen: tuple[bytes, OcrResult]) -> tuple[Any, int, bytes, bytes]:
    png, result = read_screen
    store = vault.store
    case = store.cases.add(Case(0, "充值未到账", provider="支付宝", requested_resolution="退还 199.00 元"))
    screenshot, _dup = store.evidence.add(case.id, png, "Screenshot_20240520-143201.png", caption="客服聊天")
    store.readings.save(screenshot.id, result)
    note = f"客服电话 {PHONE}，订单号 {ORDER}\n".encode()
    store.evidence.add(case.id, note, "notes.txt", caption="通话记录")
    unread = lines_screen(["未识别的截图", f"电话 {PHONE}"], height=600)
    store.evidence.add(case.id, unread, "unread.png", caption="没有识别文字的截图")
    return vault, case.id, png, unread


def _attachments(pdf: Path) -> dict[str, bytes]:
    reader = PdfReader(pdf)
    return {name: data[0] for name, data in reader.attachments.items()}


@pytest.mark.slow
def test_redacted_dossier_embeds_masked_copies_only(case_with_evidence: tuple[Any, int, bytes, bytes],
                                                    tmp_path: Path) -> None:
    from PIL import Image

    vault, case_id, png, unread = case_with_evidence
    target = tmp_path / "redacted.pdf"
    export_case(vault, case_id, target, lang="en", redact=True, originals="embed")
    raw = target.read_bytes()
    files = _attachments(target)
    manifest = json.loads(files["manifest.json"])
    rows = {row["name"]: row for row in manifest["exhibits"]}
    assert rows["Screenshot_20240520-143201.png"]["attached"] == "redacted"
    assert rows["notes.txt"]["attached"] == "redacted"
    assert rows["unread.png"]["attached"] == "none" and rows["unread.png"]["attachment"] == ""
    originals = {hashlib.sha256(png).hexdigest(), hashlib.sha256(unread).hexdigest()}
    for name, data in files.items():  # no original travels, in any form
        assert hashlib.sha256(data).hexdigest() not in originals, name
        assert PHONE.encode() not in data and ADDRESS.encode() not in data, name
    assert png not in raw and unread not in raw
    copy = files[rows["Screenshot_20240520-143201.png"]["attachment"]]
    assert hashlib.sha256(copy).hexdigest() == rows["Screenshot_20240520-143201.png"]["attached_sha256"]
    masked = Image.open(BytesIO(copy)).convert("RGB")
    boxes = masking.mask_boxes(vault.store.readings.get(vault.store.evidence.list(case_id)[0].id).lines)
    assert len(boxes) >= 2  # the phone number and the address
    for _page, (left, top, right, bottom) in boxes:
        centre = ((left + right) // 2, (top + bottom) // 2)
        assert masked.getpixel(centre) == masking.MASK_FILL
    assert ORDER.encode() in files[rows["notes.txt"]["attachment"]]  # the order number stays readable
    text = _flat("".join(page.extract_text() for page in PdfReader(target).pages))
    assert PHONE not in text and ADDRESS not in text and ADDRESS.lower() not in text.lower()
    assert "Machine-readtext(checkagainsttheimage)" in text and "139****5678" in text and ORDER in text
    assert "Notmachine-read:nothinginthispicturecouldbemasked" in text
    assert "notincludedinthisredacteddossier" in text.lower()
    assert verify_pdf(target).intact


@pytest.mark.slow
def test_unredacted_dossier_prints_the_transcription(case_with_evidence: tuple[Any, int, bytes, bytes],
                                                     tmp_path: Path) -> None:
    vault, case_id, png, _unread = case_with_evidence
    target = tmp_path / "plain.pdf"
    export_case(vault, case_id, target, lang="zh-CN", originals="embed")
    text = _flat("".join(page.extract_text() for page in PdfReader(target).pages))
    assert "机读文字（请对照图片核对）" in text and PHONE in text and ORDER in text
    assert png in target.read_bytes()  # unredacted: the original travels as it is


@pytest.mark.slow
def test_redacted_zip_holds_no_original(case_with_evidence: tuple[Any, int, bytes, bytes], tmp_path: Path) -> None:
    vault, case_id, png, unread = case_with_evidence
    target = tmp_path / "zipped.pdf"
    result = export_case(vault, case_id, target, lang="en", redact=True, originals="zip")
    assert result.zip_path is not None
    with zipfile.ZipFile(result.zip_path) as zf:
        contents = {name: zf.read(name) for name in zf.namelist()}
    assert not any(png == data or unread == data or PHONE.encode() in data for data in contents.values())
    assert any(name.startswith("E1-redacted-") for name in contents)
    assert verify_pdf(target).intact


def test_password_never_writes_a_plaintext_zip(vault: Any, tmp_path: Path) -> None:
    store = vault.store
    case = store.cases.add(Case(0, "充值未到账", provider="支付宝"))
    store.evidence.add(case.id, lines_screen(["截图"], height=400), "shot.png")
    target = tmp_path / "locked.pdf"
    with pytest.raises(Refused):
        export_case(vault, case.id, target, lang="en", password="correct horse", originals="zip")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "vault") == []
    result = export_case(vault, case.id, target, lang="en", password="correct horse", originals="embed")
    assert result.zip_path is None
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "vault") == ["locked.pdf"]
    assert PdfReader(target).is_encrypted
