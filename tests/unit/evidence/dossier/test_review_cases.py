"""The two review cases (issue 14): an Alipay top-up never delivered with an imported bill, and a TokenPocket
drain with the 1,855-row OKLink export. Each dossier, in zh-CN and en, has at most 15 pages, puts the
disputed transaction with its unbroken reference and amount on the cover (page 1), and prints the
screenshot's machine-read text. Real vault, real importers, real OCR, read back with pypdf."""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.unit.evidence.dossier import review_cases
from walletcare.evidence.dossier.export import export_case

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def read() -> Iterator[Any]:
    from walletcare.evidence.ocr import OcrWorker

    with OcrWorker() as worker:
        yield lambda png: worker.read(png, "image/png")


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
@pytest.mark.parametrize("build", ["alipay_case", "drain_case"])
def test_review_case_dossier(vault: Any, samples_dir: Path, read: Any, tmp_path: Path, build: str,
                             lang: str) -> None:
    store = vault.store
    case_id = getattr(review_cases, build)(store, samples_dir, read)
    disputed = review_cases.disputed(store, case_id)
    assert disputed
    if build == "drain_case":
        assert len(store.transactions.all(case_id)) >= 1855
    target = tmp_path / f"{build}-{lang}.pdf"
    result = export_case(vault, case_id, target, lang=lang, originals="embed")
    pages = [page.extract_text() for page in PdfReader(BytesIO(target.read_bytes())).pages]
    assert result.pages == len(pages) <= 15
    cover = pages[0]
    for tx in disputed:
        ref = tx.references[0].value
        assert any(ref in line for line in cover.splitlines()), ref  # on one line of the cover
        assert f"{tx.amount:,}" in cover.replace(" ", "") or str(tx.amount) in cover
    flat = "".join("".join(pages).split())
    mark = "机读文字（请对照图片核对）" if lang == "zh-CN" else "Machine-readtext(checkagainsttheimage)"
    assert mark in flat
    if build == "alipay_case":
        assert review_cases.ORDER in flat and "12315" in flat
    else:
        assert "0x3ef4a1b2c3d4e5f60718293a4b5c6d7e8ff2768a" in flat  # the receiving address, copyable
