"""Vault fixtures: one template vault per session (Argon2id at its 64 MiB floor), copied for each test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from walletcare.evidence.models import Case
from walletcare.evidence.store import Store
from walletcare.evidence.vault import Vault

PASSPHRASE = "correct horse 电池 staple"


def passphrase() -> bytearray:
    """A fresh copy of the test passphrase (callers may wipe it)."""
    return bytearray(PASSPHRASE.encode("utf-8"))


@pytest.fixture(scope="session")
def vault_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A closed, empty vault made once per session, and its recovery code."""
    folder = tmp_path_factory.mktemp("template") / "vault"
    vault, code = Vault.create(folder, passphrase(), kdf_seconds=0)
    vault.close()
    return folder, code


@pytest.fixture
def vault_dir(vault_template: tuple[Path, str], tmp_path: Path) -> Path:
    """A private copy of the template vault folder."""
    target = tmp_path / "vault"
    shutil.copytree(vault_template[0], target)
    return target


@pytest.fixture
def recovery_code(vault_template: tuple[Path, str]) -> str:
    """The recovery code of the template vault (and so of every copy)."""
    return vault_template[1]


@pytest.fixture
def vault(vault_dir: Path) -> Iterator[Vault]:
    """The copied vault, open."""
    opened = Vault.open(vault_dir, passphrase())
    yield opened
    opened.close()


@pytest.fixture
def store(vault: Vault) -> Store:
    """The open vault's store."""
    return vault.store


@pytest.fixture
def case(store: Store) -> Case:
    """One stored case."""
    return store.cases.add(Case(id=0, title="支付宝扣款未到账", provider="Alipay"))
