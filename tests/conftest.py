"""Test set-up shared by every suite: offscreen Qt, private folders for settings/cache/logs, gui marking."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

_ROOT = Path(tempfile.mkdtemp(prefix="walletcare-tests-"))
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("XDG_CONFIG_HOME", str(_ROOT / "xdg-config"))
os.environ["WALLETCARE_CONFIG_DIR"] = str(_ROOT / "config")
os.environ["WALLETCARE_CACHE_DIR"] = str(_ROOT / "cache")
os.environ["WALLETCARE_LOG_DIR"] = str(_ROOT / "logs")
os.environ["WALLETCARE_VAULT"] = str(_ROOT / "no-vault-here")
os.environ.pop("WALLETCARE_PASSPHRASE", None)

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SAMPLES = Path(os.environ.get("WALLETCARE_SAMPLES") or SHARED / "samples")  # (another folder: tests of this rule)
IN_CI = os.environ.get("CI", "").strip().lower() == "true"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Marks every test under tests/gui as ``gui`` so ``-m "not gui"`` runs the pure suite."""
    for item in items:
        if "tests/gui/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.gui)


def require_samples() -> Path:
    """``../shared/samples``; when it is not beside the checkout the test is skipped with the reason, except
    with ``CI=true``, where the folder is always present: there the test fails, so a missing folder cannot
    turn the sample tests into silent skips."""
    if SAMPLES.is_dir():
        return SAMPLES
    if IN_CI:
        pytest.fail(f"{SAMPLES} is missing, and CI=true: the tests that need the samples must run", pytrace=False)
    pytest.skip("../shared/samples is not beside this checkout")


@pytest.fixture
def samples_dir() -> Path:
    """``../shared/samples`` (``require_samples``: skipped when absent, a failure when ``CI=true``)."""
    return require_samples()


@pytest.fixture(autouse=True)
def _interface_language():
    """Every test starts in zh-CN (the default) and leaves it that way."""
    from walletcare.i18n import set_language

    set_language("zh-CN")
    yield
    set_language("zh-CN")
