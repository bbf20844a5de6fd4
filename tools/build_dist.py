"""Builds the self-contained bundle (``make dist``): one folder with the interpreter, Qt, SQLCipher and the
content, packed as ``.tar.gz`` (Linux), ``.zip`` (Windows) or a zipped ``WalletCare.app`` (macOS), with release
notes and a ``SHA256SUMS`` file beside it. See docs/packaging.md.

Steps: stage the resources (help articles, wizards, icons ...) with the help search index built once here, a
CJK TrueType font for the dossier and the compiled catalogues; freeze with PyInstaller
(``packaging/walletcare.spec``); trim; pack; checksum; write ``dist/bundle.json`` (sizes) for the reports.

    python tools/build_dist.py [--ocr] [--font FILE] [--out dist]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from walletcare import __version__  # noqa: E402

# The dossier font shipped in the Linux bundle: WenQuanYi Micro Hei, TrueType outlines that ReportLab embeds.
# Licence: Apache-2.0 or GPL-3.0 with the font exception (Debian package fonts-wqy-microhei).
LINUX_FONTS = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc"),
)
FONT_LICENCES = (Path("/usr/share/doc/fonts-wqy-microhei/copyright"),)
# OCR engine and what only it needs: left out unless --ocr (measured separately)
OCR_PARTS = ("rapidocr_onnxruntime", "onnxruntime", "cv2", "numpy", "numpy.libs", "shapely", "shapely.libs",
             "pyclipper", "opencv_python.libs")


def platform_tag() -> str:
    system = {"linux": "linux", "win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    machine = platform.machine().lower().replace("amd64", "x86_64").replace("aarch64", "arm64")
    return f"{system}-{machine}"


def log(message: str) -> None:
    print(f"[dist] {message}", flush=True)


def folder_size(folder: Path) -> tuple[int, int]:
    """Bytes and number of files under ``folder`` (symbolic links not followed)."""
    total = count = 0
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(dirpath, name)
            if not path.is_symlink():
                total += path.stat().st_size
                count += 1
    return total, count


def stage_resources(stage: Path, font: Path | None) -> dict[str, str]:
    """Copies resources/ into ``stage`` with the prebuilt search index and the font; returns notes."""
    from walletcare.faq.search import build_shipped

    notes: dict[str, str] = {}
    target = stage / "resources"
    shutil.copytree(ROOT / "resources", target, ignore=shutil.ignore_patterns("index"))
    log("building the help search index")
    build_shipped(target / "search" / "index", root=target / "articles", synonyms=target / "search" / "synonyms.yaml")
    if font is not None:
        (target / "fonts").mkdir()
        shutil.copy2(font, target / "fonts" / "wqy-microhei.ttc")
        for licence in FONT_LICENCES:
            if licence.is_file():
                shutil.copy2(licence, target / "fonts" / "wqy-microhei-COPYRIGHT.txt")
        notes["font"] = str(font)
    else:
        notes["font"] = "none bundled (the platform's fonts are used: Microsoft YaHei, PingFang ...)"
    return notes


def make_icons(stage: Path) -> None:
    """walletcare.ico / walletcare.icns from the SVG icon (rendered with Qt, written with Pillow)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image

    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(ROOT / "resources" / "icons" / "walletcare.svg"))
    image = QImage(512, 512, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    png = stage / "walletcare.png"
    png.write_bytes(bytes(data))
    with Image.open(png) as icon:
        icon.save(stage / "walletcare.ico", sizes=[(16, 16), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
        icon.save(stage / "walletcare.icns")


def freeze(stage: Path, work: Path, out: Path, ocr: bool) -> Path:
    env = {**os.environ, "WALLETCARE_STAGE": str(stage), "WALLETCARE_DIST_OCR": "1" if ocr else "0",
           "WALLETCARE_VERSION": __version__}
    log("freezing with PyInstaller")
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                    "--distpath", str(out), "--workpath", str(work), str(ROOT / "packaging" / "walletcare.spec")],
                   check=True, env=env)
    return out / ("WalletCare.app" if sys.platform == "darwin" else "walletcare")


def strip_debug(bundle: Path) -> list[str]:
    """Removes debug sections from the libraries that carry them (libpython and sqlcipher3: 35 MB). Files in
    ``*.libs`` folders are left alone: auditwheel rewrote them with patchelf, and strip breaks those (numpy's
    OpenBLAS then fails to load). Linux only; returns the files changed."""
    readelf, strip = shutil.which("readelf"), shutil.which("strip")
    if not sys.platform.startswith("linux") or readelf is None or strip is None:
        return []
    changed = []
    for path in sorted(bundle.rglob("*.so*")):
        if path.is_symlink() or not path.is_file() or any(part.endswith(".libs") for part in path.parts):
            continue
        sections = subprocess.run([readelf, "-S", "-W", str(path)], capture_output=True, text=True).stdout
        if ".debug_info" in sections:
            subprocess.run([strip, "--strip-debug", str(path)], check=True)
            changed.append(str(path.relative_to(bundle)))
    return changed


def clear_build_paths(bundle: Path) -> list[str]:
    """Removes RUNPATH/RPATH entries that name folders of the build machine (the Python that was frozen was
    linked with its own ``lib`` folder): the bundle must never look for a library outside itself. Linux only,
    with patchelf; returns the files changed."""
    patchelf = shutil.which("patchelf")
    if not sys.platform.startswith("linux") or patchelf is None:
        return []
    changed = []
    for path in sorted(bundle.rglob("*.so*")) + [bundle / "walletcare"]:
        if path.is_symlink() or not path.is_file():
            continue
        done = subprocess.run([patchelf, "--print-rpath", str(path)], capture_output=True, text=True)
        entries = [e for e in done.stdout.strip().split(":") if e] if done.returncode == 0 else []
        keep = [e for e in entries if e.startswith("$ORIGIN")]
        if entries and keep != entries:
            args = ["--set-rpath", ":".join(keep)] if keep else ["--remove-rpath"]
            subprocess.run([patchelf, *args, str(path)], check=True)
            changed.append(str(path.relative_to(bundle)))
    return changed


def add_extras(bundle: Path, stage: Path) -> None:
    """Files for people next to the executable: how to start, the licence, a desktop entry (Linux)."""
    shutil.copy2(ROOT / "packaging" / "README-bundle.txt", bundle / "README.txt")
    if sys.platform == "darwin":
        return
    if sys.platform.startswith("linux"):
        shutil.copy2(stage / "walletcare.png", bundle / "walletcare.png")
        # the menu entry's template stays out of sight: beside the program, a file manager shows it as a second
        # "WalletCare" (KDE shows a .desktop file by its Name) that starts nothing until the script fills it in
        entry = bundle / "_internal" / "walletcare.desktop"
        entry.write_text((ROOT / "packaging" / "walletcare.desktop").read_text(encoding="utf-8"), encoding="utf-8")
        script = bundle / "install-desktop-entry.sh"
        shutil.copy2(ROOT / "packaging" / "install-desktop-entry.sh", script)
        script.chmod(0o755)


def release_notes(text: str) -> str:
    """The release notes: the top section of the changelog ``text`` (up to the next ``## `` heading)."""
    sections = re.split(r"(?m)^## ", text)
    top = sections[1] if len(sections) > 1 else ""
    heading, _nl, body = top.partition("\n")
    return (f"# WalletCare {__version__} — release notes\n\n(CHANGELOG.md, section \"{heading.strip()}\")\n\n"
            f"{body.strip()}\n\nThe app works offline: it checks nothing online and sends nothing anywhere.\n")


def pack(bundle: Path, out: Path, name: str) -> Path:
    """``name.tar.gz`` (Linux) or ``name.zip`` (Windows, macOS) holding the bundle folder as ``name/``."""
    if sys.platform.startswith("linux"):
        archive = out / f"{name}.tar.gz"
        with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
            tar.add(bundle, arcname=name)
        return archive
    archive = out / f"{name}.zip"
    if sys.platform == "darwin":  # ditto keeps the app's symbolic links and attributes
        subprocess.run(["ditto", "-c", "-k", "--keepParent", str(bundle), str(archive)], check=True)
        return archive
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(bundle.rglob("*")):
            zf.write(path, f"{name}/{path.relative_to(bundle).as_posix()}")
    return archive


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def part_size(bundle: Path, names: tuple[str, ...]) -> int:
    internal = bundle / "_internal" if (bundle / "_internal").is_dir() else bundle
    return sum(folder_size(internal / n)[0] for n in names if (internal / n).is_dir())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ocr", action="store_true", help="include the OCR engine and its models")
    parser.add_argument("--font", type=Path, help="CJK TrueType font to bundle (default on Linux: WenQuanYi Micro Hei)")
    parser.add_argument("--no-font", action="store_true", help="bundle no font (Windows, macOS: system fonts)")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    args = parser.parse_args(argv)

    font = None if args.no_font else (args.font or next((f for f in LINUX_FONTS if f.is_file()), None))
    if font is None and sys.platform.startswith("linux") and not args.no_font:
        parser.error("no CJK TrueType font found: install fonts-wqy-microhei or pass --font FILE")
    started = time.monotonic()
    name = f"walletcare-{__version__}-{platform_tag()}" + ("-ocr" if args.ocr else "")
    build = ROOT / "build" / ("dist-ocr" if args.ocr else "dist")
    shutil.rmtree(build, ignore_errors=True)
    stage = build / "stage"
    stage.mkdir(parents=True)
    out = args.out
    out.mkdir(parents=True, exist_ok=True)

    subprocess.run([sys.executable, "-m", "walletcare.i18n_build"], check=True, cwd=ROOT)
    notes = stage_resources(stage, font)
    make_icons(stage)
    frozen = freeze(stage, build / "pyinstaller", build / "frozen", args.ocr)
    bundle = out / name  # macOS: the folder holds WalletCare.app and README.txt
    shutil.rmtree(bundle, ignore_errors=True)
    if sys.platform == "darwin":
        bundle.mkdir()
        shutil.move(str(frozen), str(bundle / "WalletCare.app"))
    else:
        shutil.move(str(frozen), str(bundle))
    add_extras(bundle, stage)
    stripped = strip_debug(bundle)
    if stripped:
        log(f"debug sections removed from {len(stripped)} files ({stripped[0]} ...)")
    cleared = clear_build_paths(bundle)
    if cleared:
        log(f"build-machine library paths removed from {len(cleared)} files ({cleared[0]} ...)")
    elif sys.platform.startswith("linux"):
        log("patchelf is missing: library paths of this machine stay in the bundle (tools/sysdeps.sh dist)")
    notes["runpath_cleared"] = ", ".join(cleared)
    size, files = folder_size(bundle)
    log(f"bundle {bundle.name}: {size / 1e6:.1f} MB in {files} files")
    archive = pack(bundle, out, name)
    notes_file = out / f"{name}-RELEASE-NOTES.md"
    notes_file.write_text(release_notes((ROOT / "CHANGELOG.md").read_text(encoding="utf-8")), encoding="utf-8")
    sums = out / f"{name}-SHA256SUMS"
    sums.write_text("".join(f"{sha256(p)}  {p.name}\n" for p in (archive, notes_file)), encoding="utf-8")
    report = {
        "name": name, "version": __version__, "platform": platform_tag(), "ocr": args.ocr,
        "bundle": str(bundle), "archive": str(archive), "unpacked_bytes": size, "files": files,
        "archive_bytes": archive.stat().st_size, "ocr_bytes": part_size(bundle, OCR_PARTS),
        "qt_bytes": part_size(bundle, ("PySide6",)), "build_seconds": round(time.monotonic() - started, 1),
        "freezer": "PyInstaller " + _version("pyinstaller"), "python": platform.python_version(), **notes,
    }
    (out / f"{name}.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    log(f"archive {archive.name}: {report['archive_bytes'] / 1e6:.1f} MB; checksums in {sums.name}")
    return 0


def _version(dist: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "?"


if __name__ == "__main__":
    sys.exit(main())
