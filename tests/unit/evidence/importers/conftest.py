"""Fixtures for the importer tests: a real SQLCipher vault (a template built once, copied per test) with a case."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

PASSPHRASE = b"importer tests passphrase"


@pytest.fixture(scope="session")
def _template_vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from walletcare.evidence.models import Case
    from walletcare.evidence.vault import Vault

    folder = tmp_path_factory.mktemp("template") / "vault"
    vault, _code = Vault.create(folder, bytearray(PASSPHRASE), kdf_seconds=0.05)
    try:
        vault.store.cases.add(Case(id=0, title="Import tests"))
    finally:
        vault.close()
    return folder


@pytest.fixture
def vault(_template_vault: Path, tmp_path: Path) -> Iterator[Any]:
    """An open vault holding case 1 ("Import tests")."""
    from walletcare.evidence.vault import Vault

    folder = tmp_path / "vault"
    shutil.copytree(_template_vault, folder)
    opened = Vault.open(folder, bytearray(PASSPHRASE))
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def store(vault: Any) -> Any:
    """The store of the ``vault`` fixture."""
    return vault.store


@pytest.fixture
def case_id() -> int:
    """The id of the case the template vault holds."""
    return 1


@pytest.fixture
def vault_dir(_template_vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A closed copy of the template vault, with the passphrase in ``WALLETCARE_PASSPHRASE`` for the CLI."""
    folder = tmp_path / "cli-vault"
    shutil.copytree(_template_vault, folder)
    monkeypatch.setenv("WALLETCARE_PASSPHRASE", PASSPHRASE.decode())
    return folder
