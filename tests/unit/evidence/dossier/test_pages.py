"""The rendered pages as a printer sees them (poppler's pdftoppm, skipped where it is not installed): not
blank, the cover, a table page and an exhibit page carry ink."""

from __future__ import annotations

import shutil
import subprocess
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from PIL import Image


@pytest.mark.parametrize("lang", ["zh-CN", "zh-TW"])
def test_pages_are_not_blank(rendered: dict[str, Any], tmp_path: Path, lang: str) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    result = rendered[lang]
    pdf = tmp_path / "d.pdf"
    pdf.write_bytes(result.pdf)
    for page in (1, 2, result.pages // 2, result.pages - 2, result.pages):
        png = subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", str(page), "-l", str(page), str(pdf)],
                             check=True, capture_output=True).stdout
        with Image.open(BytesIO(png)) as img:
            gray = img.convert("L")
            dark = sum(gray.histogram()[:200])
            assert dark > 0.005 * gray.width * gray.height, f"page {page} looks blank"


def test_english_words_cut_in_a_narrow_column_are_hyphenated_but_hashes_never() -> None:
    from walletcare.evidence.dossier.blocks import Kit
    from walletcare.evidence.dossier.fonts import find_font

    kit = Kit(lang="en", font=find_font("en"), frame_width=500, frame_height=700)
    assert kit.wrap("Received", 20, 7).split("\n")[0].endswith("-")
    assert "-" not in kit.wrap("0x" + "ab12" * 16, 30, 7)
