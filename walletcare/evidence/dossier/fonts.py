"""Finding and registering the dossier's font: an embedded CJK TrueType subset, else a ReportLab CID font.

Lookup order (``spec/dossier.md``): the font file chosen in settings, then known system fonts (Windows
``msyh.ttc``/``simsun.ttc``, macOS STHeiti / Songti / PingFang, Linux WenQuanYi / Droid Sans Fallback / Noto
and AR PL TrueType), then the font an installed bundle carries (``resources/fonts``, ``make dist``), then
ReportLab's built-in CID fonts (STSong-Light for zh-CN and English, MSung-Light for zh-TW), which are not
embedded: the result then carries a warning. ReportLab reads TrueType outlines only; CFF-based ``.otf`` and
``.ttc`` files (Noto Sans CJK, Source Han) are rejected and skipped. A candidate must also have glyphs for
digits, Latin letters and the CJK characters of the dossier, so a Latin-only font is never chosen.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from walletcare.i18n import translate

_WINDOWS = ("msyh.ttc", "msyh.ttf", "simsun.ttc", "msjh.ttc", "mingliu.ttc", "simhei.ttf")
_MACOS = (
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
    "/System/Library/Fonts/STHeiti Light.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc",
    "/System/Library/Fonts/Supplemental/Songti.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/AssetsV2/com_apple_MobileAsset_Font7/PingFang.ttc",
)
_LINUX = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/google-droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansSC-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansTC-Regular.ttf",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/arphic/ukai.ttc",
)
BUNDLED_FONT = "fonts/wqy-microhei.ttc"  # WenQuanYi Micro Hei (Apache-2.0 or GPL-3.0 with font exception)
_REQUIRED = "0123456789ABCabc,.-:%¥$€案件申请人"
_CID = {"zh-TW": "MSung-Light"}
_CID_DEFAULT = "STSong-Light"


@dataclass(frozen=True)
class DossierFont:
    """The font the dossier is set in: a ReportLab font name, whether it is embedded, and from where."""

    name: str
    embedded: bool
    path: str = ""
    warning: str = ""


def candidate_paths(preferred: str | None = None) -> list[Path]:
    """Font files to try, in order: the user's choice, then the known system fonts of every platform."""
    paths: list[Path] = []
    if preferred:
        paths.append(Path(preferred).expanduser())
    windir = os.environ.get("WINDIR") or os.environ.get("SystemRoot")
    if windir:
        paths.extend(Path(windir) / "Fonts" / name for name in _WINDOWS)
    paths.extend(Path(p) for p in (*_MACOS, *_LINUX))
    paths.append(bundled_font())
    return paths


def bundled_font() -> Path:
    """The CJK TrueType font an installed bundle carries (``make dist``): the last resort before CID fonts."""
    from walletcare import resources

    return resources.root() / BUNDLED_FONT


def _registered_name(path: Path) -> str:
    stem = "".join(ch if ch.isalnum() else "_" for ch in path.stem)
    return f"WC_{stem}"


def _try_register(path: Path) -> str | None:
    """Registers a TrueType file (first face of a collection); None when ReportLab cannot use it."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    name = _registered_name(path)
    if name in pdfmetrics.getRegisteredFontNames():
        return name
    if not path.is_file():
        return None
    try:
        font = TTFont(name, str(path), subfontIndex=0) if path.suffix.lower() == ".ttc" else TTFont(name, str(path))
    except (TTFError, OSError, ValueError, KeyError, IndexError, AssertionError):
        return None  # CFF outlines, damaged or unreadable files are skipped
    glyphs = font.face.charToGlyph
    if any(ord(ch) not in glyphs for ch in _REQUIRED):
        return None
    pdfmetrics.registerFont(font)
    return name


def find_font(lang: str, preferred: str | None = None) -> DossierFont:
    """The first usable embedded TrueType font, else the CID font for ``lang`` with a warning.

    Args:
        lang: The dossier language (picks the CID fallback: MSung-Light for zh-TW, else STSong-Light).
        preferred: A font file chosen in settings (tried first).

    Returns:
        The font to set the whole dossier in.
    """
    for path in candidate_paths(preferred):
        name = _try_register(path)
        if name:
            return DossierFont(name=name, embedded=True, path=str(path))
    return cid_font(lang)


def cid_font(lang: str) -> DossierFont:
    """ReportLab's built-in CID font for the language (not embedded: the reader's viewer supplies it)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    face = _CID.get(lang, _CID_DEFAULT)
    if face not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(face))
    warning = translate(
        "No Chinese TrueType font was found, so the fonts are not embedded in this dossier. "
        "It prints correctly only where the reader has Chinese fonts; choose a font file in Settings.",
        lang,
    )
    return DossierFont(name=face, embedded=False, warning=warning)
