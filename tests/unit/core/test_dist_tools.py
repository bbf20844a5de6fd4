"""The pure parts of the bundle tools (``make dist``, ``make test-dist``): release notes from the changelog, and
the strace reading that decides whether the bundle used the network or wrote outside its folders."""

from __future__ import annotations

import ast
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest

from tests.unit.core.tool_modules import TOOLS
from tests.unit.core.tool_modules import load_tool as _load


@pytest.fixture(scope="module")
def build_dist() -> ModuleType:
    return _load("build_dist")


@pytest.fixture(scope="module")
def smoke() -> ModuleType:
    return _load("dist_smoke")


def test_release_notes_are_the_top_section_only(build_dist: ModuleType) -> None:
    changelog = "# Changelog\n\n## Unreleased\n### Added\n- Bundle.\n\n## 0.0.9\n- Older.\n"
    notes = build_dist.release_notes(changelog)
    assert '"Unreleased"' in notes and "- Bundle." in notes and "### Added" in notes
    assert "Older" not in notes and "0.0.9" not in notes


def test_trace_reading_finds_network_writes_outside_and_build_python_reads(smoke: ModuleType,
                                                                         tmp_path: Path) -> None:
    home, out, bundle = tmp_path / "home", tmp_path / "out", tmp_path / "bundle"
    log = tmp_path / "trace-1-export.txt"
    log.write_text("\n".join([
        f'1 openat(AT_FDCWD, "{home}/.local/share/WalletCare/vault/vault.db", O_RDWR|O_CREAT, 0644) = 3',
        f'1 mkdir("{home}/.local", 0700) = -1 EEXIST (File exists)',
        f'1 mkdir("{home}/.local/state", 0700) = 0',
        f'1 openat(AT_FDCWD, "{out}/dossier.pdf.tmp", O_WRONLY|O_CREAT|O_TRUNC, 0644) = 4',
        f'1 rename("{out}/dossier.pdf.tmp", "{out}/dossier.pdf") = 0',
        '1 openat(AT_FDCWD, "/var/cache/fontconfig/x.cache-8", O_RDWR|O_CREAT, 0666) = -1 EACCES (Permission denied)',
        '1 socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0) = 5',
        '1 connect(5, {sa_family=AF_UNIX, sun_path="/tmp/.X11-unix/X140"}, 21) = 0',
    ]) + "\n")
    runner = SimpleNamespace(home=home, out=out, work=tmp_path, traces=[log])
    assert smoke.check_traces(runner, bundle) == {"network": [], "writes_outside": [], "bundle_writes": [],
                                                  "dev_python_reads": []}

    with log.open("a") as fh:
        fh.write('1 socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 6\n')
        fh.write('1 connect(6, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("1.2.3.4")}, 16) = -1\n')
        fh.write(f'1 openat(AT_FDCWD, "{home}/.cache/Microsoft/deviceid", O_WRONLY|O_CREAT, 0600) = 7\n')
        fh.write(f'1 openat(AT_FDCWD, "{sys.base_prefix}/lib/libm.so.6", O_RDONLY|O_CLOEXEC) = 8\n')
    found = smoke.check_traces(runner, bundle)
    assert found["network"] == ["trace-1-export: connect(AF_INET)", "trace-1-export: socket(AF_INET)"]
    assert found["writes_outside"] == [f"trace-1-export: {home}/.cache/Microsoft/deviceid"]
    assert found["dev_python_reads"] == [f"trace-1-export: {sys.base_prefix}/lib/libm.so.6"]
    assert found["bundle_writes"] == []


def test_a_refused_write_into_the_bundle_still_counts(smoke: ModuleType, tmp_path: Path) -> None:
    """The smoke test runs as a user who cannot write into the bundle; people who unpacked it can."""
    home, out, bundle = tmp_path / "home", tmp_path / "out", tmp_path / "bundle"
    index = bundle / "_internal" / "resources" / "search" / "index"
    log = tmp_path / "trace-3-search.txt"
    log.write_text("\n".join([
        f'1 openat(AT_FDCWD, "{index}/complete", O_RDONLY|O_CLOEXEC) = 3',
        f'1 openat(AT_FDCWD, "{index}/MAIN_WRITELOCK", O_RDWR|O_CREAT|O_CLOEXEC, 0666) = -1 EACCES (Permission denied)',
        f'1 mkdir("{bundle}/_internal/resources/search/building-7", 0777) = -1 EACCES (Permission denied)',
    ]) + "\n")
    runner = SimpleNamespace(home=home, out=out, work=tmp_path, traces=[log])
    found = smoke.check_traces(runner, bundle)
    assert found["bundle_writes"] == [f"trace-3-search: {bundle}/_internal/resources/search/building-7",
                                      f"trace-3-search: {index}/MAIN_WRITELOCK"]
    assert found["writes_outside"] == []  # refused, so nothing was written: only the attempt is the fault
    assert smoke.shipped_index_reads(log, bundle) == [f"{index}/complete"]
    assert smoke.shipped_index_reads(log, tmp_path / "another-bundle") == []


def _literal_lists(path: Path, name: str) -> list[list[str]]:
    """The list literals assigned (``=`` or ``+=``) to ``name`` anywhere in the Python file ``path``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Assign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                found.append(ast.literal_eval(node.value))
    return found


def test_the_bundle_carries_the_metadata_of_every_library_the_about_dialog_lists() -> None:
    """The About dialog shows each library's version from its package metadata; a distribution the spec does
    not copy shows "—" in the bundle only (OpenCC did)."""
    root = TOOLS.parent
    spec = _literal_lists(root / "packaging" / "walletcare.spec", "DISTRIBUTIONS")
    ocr = _literal_lists(root / "packaging" / "walletcare.spec", "OCR_MODULES")
    (listed,) = _literal_lists(root / "walletcare" / "ui" / "dialogs" / "about.py", "LIBRARIES")
    assert len(spec) == 2 and ocr  # the base list and the OCR bundle's additions
    base, with_ocr = spec
    models = {"PaddleOCR PP-OCRv4"}  # shipped inside rapidocr-onnxruntime's wheel, not a distribution
    ocr_names = {n.replace("-", "_").lower() for n in with_ocr}
    missing = [name for name, _licence in listed if name not in models
               and name not in (with_ocr if name.replace("-", "_").lower() in ocr_names else base)]
    assert missing == []
