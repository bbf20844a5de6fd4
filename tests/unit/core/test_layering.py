"""The layer rule: core packages and the CLI never import Qt (checked in a fresh interpreter)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import walletcare


def _core_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(walletcare.__path__, "walletcare."):
        if info.name.startswith("walletcare.ui"):
            continue
        names.append(info.name)
    return names


def test_core_and_cli_never_import_qt() -> None:
    modules = [m for m in _core_modules() if m != "walletcare.__main__"]
    assert "walletcare.evidence" in modules and "walletcare.faq" in modules and "walletcare.cli.main" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'walletcare.ui')))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"core imports Qt: {out.stdout}"


def test_cli_help_does_not_load_heavy_libraries() -> None:
    code = (
        "import sys\n"
        "from walletcare.cli.main import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = ('reportlab', 'whoosh', 'PIL', 'PySide6', 'sqlcipher3', 'openpyxl', 'cryptography', 'opencc')\n"
        "print('LOADED:' + ','.join(sorted({m.split('.')[0] for m in sys.modules if m.split('.')[0] in heavy})))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "LOADED:", out.stdout
