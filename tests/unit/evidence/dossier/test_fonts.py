"""Font lookup: a CJK TrueType font with Latin and digit glyphs, else a CID font with a warning; files
ReportLab cannot read (not fonts, CFF outlines) are skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from walletcare.evidence.dossier import fonts

WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


def test_system_cjk_font_found() -> None:
    if not WQY.is_file():
        pytest.skip("WenQuanYi Micro Hei is not installed")
    font = fonts.find_font("zh-CN")
    assert font.embedded and font.path and not font.warning


def test_unusable_preferred_file_is_skipped(tmp_path: Path) -> None:
    bogus = tmp_path / "fake.ttf"
    bogus.write_bytes(b"OTTO" + b"\x00" * 200)  # a CFF-flavoured header, not a usable TrueType font
    assert fonts._try_register(bogus) is None
    font = fonts.find_font("zh-TW", str(bogus))
    assert font.path != str(bogus)


def test_latin_only_font_is_not_chosen() -> None:
    dejavu = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not dejavu.is_file():
        pytest.skip("DejaVu Sans is not installed")
    assert fonts._try_register(dejavu) is None


def test_cid_fallback_warns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "candidate_paths", lambda preferred=None: [])
    font = fonts.find_font("zh-TW")
    assert font.name == "MSung-Light" and not font.embedded and font.warning
    assert fonts.find_font("en").name == "STSong-Light"


def test_dossier_renders_with_the_cid_fallback(monkeypatch: pytest.MonkeyPatch, small: object, signer: object,
                                               make_options: object) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    from walletcare.evidence.dossier.layout import render

    monkeypatch.setattr(fonts, "candidate_paths", lambda preferred=None: [])
    result = render(small, make_options(lang="zh-TW"), signer=signer)  # type: ignore[arg-type, operator]
    assert result.warnings
    reader = PdfReader(BytesIO(result.pdf))
    cover = "".join(reader.pages[0].extract_text().split())
    assert "王小明" in cover and "".join(result.warnings[0].split())[:12] in cover
    fonts_used = {str(f.get_object()["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()}
    assert any("MSung-Light" in name for name in fonts_used)


def test_every_font_the_pages_name_is_embedded(small: object, signer: object, make_options: object) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    from walletcare.evidence.dossier.layout import render

    if not fonts.find_font("zh-CN").embedded:
        pytest.skip("no CJK TrueType font on this machine (the CID fallback is not embedded by design)")
    pdf = render(small, make_options(lang="en"), signer=signer).pdf  # type: ignore[arg-type, operator]
    for page in PdfReader(BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].get_object().values():
            assert "Helvetica" not in str(font.get_object().get("/BaseFont")), "a font the PDF does not embed"


def test_bundled_font_is_the_last_file_tried(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from walletcare import resources

    monkeypatch.setattr(resources, "root", lambda: tmp_path)
    monkeypatch.setenv("WINDIR", str(tmp_path / "Windows"))
    paths = fonts.candidate_paths(str(tmp_path / "chosen.ttf"))
    assert paths[0] == tmp_path / "chosen.ttf"  # the user's choice first
    assert paths[1] == tmp_path / "Windows" / "Fonts" / "msyh.ttc"  # then Microsoft YaHei on Windows
    assert Path("/System/Library/Fonts/PingFang.ttc") in paths
    assert paths[-1] == tmp_path / "fonts" / "wqy-microhei.ttc"  # the bundle's own, before the CID fonts


def test_bundled_font_is_used_when_the_system_has_none(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    if not WQY.is_file():
        pytest.skip("WenQuanYi Micro Hei is not installed (it stands in for the bundled copy)")
    from walletcare import resources

    (tmp_path / "fonts").mkdir()
    (tmp_path / "fonts" / "wqy-microhei.ttc").write_bytes(WQY.read_bytes())
    monkeypatch.setattr(resources, "root", lambda: tmp_path)
    monkeypatch.setattr(fonts, "_WINDOWS", ())
    monkeypatch.setattr(fonts, "_MACOS", ())
    monkeypatch.setattr(fonts, "_LINUX", ())
    monkeypatch.delenv("WINDIR", raising=False)
    monkeypatch.delenv("SystemRoot", raising=False)
    font = fonts.find_font("zh-CN")
    assert font.embedded and font.path == str(tmp_path / "fonts" / "wqy-microhei.ttc") and not font.warning
