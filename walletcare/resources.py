"""Finds WalletCare's shipped resources (articles, wizards, icons) in a source tree or an installed wheel.

In a source checkout the folder is ``<repo>/resources``; in a wheel it is packaged as
``walletcare/resources``. Names are relative paths inside that folder; absolute paths and ``..`` are
refused so that content can never point outside it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path, PurePosixPath


class ResourceError(ValueError):
    """A resource name that is absolute, escapes the folder, or does not exist."""


@cache
def root() -> Path:
    """The resources folder."""
    source_tree = Path(__file__).resolve().parent.parent / "resources"
    if source_tree.is_dir():
        return source_tree
    packaged = Path(__file__).resolve().parent / "resources"
    if packaged.is_dir():
        return packaged
    raise ResourceError("WalletCare's resources folder is missing; reinstall the application.")


def path(name: str) -> Path:
    """The file or folder ``name`` (POSIX-style, relative) inside the resources folder."""
    pure = PurePosixPath(name)
    if pure.is_absolute() or ".." in pure.parts or "\\" in name or not name:
        raise ResourceError(f"refused resource name: {name!r}")
    return root().joinpath(*pure.parts)


def read_text(name: str) -> str:
    """The text of a resource file (UTF-8)."""
    target = path(name)
    if not target.is_file():
        raise ResourceError(f"no such resource: {name}")
    return target.read_text(encoding="utf-8")
