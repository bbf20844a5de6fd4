"""The index an installed bundle ships (``make dist``): opened in place, read-only, before any cache; a damaged
one is never removed but replaced by one built in the user cache."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from walletcare import resources
from walletcare.faq.search import SHIPPED_INDEX, SearchIndex

FIXTURES = Path(__file__).with_name("fixtures") / "articles"


@pytest.fixture
def shipped(tmp_path: Path) -> tuple[Path, Path]:
    """Articles and a prebuilt index of them holding only what queries read, as tools/build_dist.py ships it."""
    articles = tmp_path / "articles"
    shutil.copytree(FIXTURES, articles)
    builder = SearchIndex.open(articles, tmp_path / "build-cache")
    builder.ensure_built()
    builder.close()
    folder = tmp_path / "bundle" / SHIPPED_INDEX
    shutil.copytree(builder.folder(), folder,
                    ignore=lambda _d, names: [n for n in names if not n.startswith(("compiled.", "complete"))])
    return articles, folder


def _read_only(folder: Path) -> None:
    for path in [*folder.iterdir(), folder]:
        path.chmod(stat.S_IREAD | (stat.S_IEXEC if path.is_dir() else 0))


def test_shipped_index_answers_without_touching_the_cache(shipped: tuple[Path, Path], tmp_path: Path) -> None:
    articles, folder = shipped
    _read_only(folder)
    cache = tmp_path / "user-cache"
    index = SearchIndex(articles, cache, shipped=folder)
    try:
        assert index.ensure_built() is False  # opened, not built
        assert [hit.id for hit in index.search("冻结", "zh-CN")][0] == "account-frozen"
    finally:
        index.close()
        folder.chmod(0o755)
    assert not cache.exists()


def test_damaged_shipped_index_is_left_alone_and_rebuilt_in_the_cache(shipped: tuple[Path, Path],
                                                                     tmp_path: Path) -> None:
    articles, folder = shipped
    with open(folder / "compiled.bin", "r+b") as fh:
        fh.truncate(os.path.getsize(folder / "compiled.bin") // 3)
    before = sorted((p.name, p.stat().st_size) for p in folder.iterdir())
    cache = tmp_path / "user-cache"
    index = SearchIndex(articles, cache, shipped=folder)
    try:
        assert index.ensure_built() is True  # built in the user cache instead
        assert [hit.id for hit in index.search("冻结", "zh-CN")][0] == "account-frozen"
    finally:
        index.close()
    assert index.shipped is None and (index.folder() / "complete").is_file()
    assert index.folder().parent == cache
    assert sorted((p.name, p.stat().st_size) for p in folder.iterdir()) == before


def test_open_finds_the_index_beside_the_shipped_resources(monkeypatch: pytest.MonkeyPatch,
                                                           shipped: tuple[Path, Path], tmp_path: Path) -> None:
    _articles, folder = shipped
    monkeypatch.setattr(resources, "root", lambda: folder.parent)
    assert SearchIndex.open(cache=tmp_path / "c").shipped == folder
    assert SearchIndex.open(root=tmp_path, cache=tmp_path / "c").shipped is None  # other articles: never
    monkeypatch.setattr(resources, "root", lambda: tmp_path / "nothing-here")
    assert SearchIndex.open(cache=tmp_path / "c").shipped is None  # a source tree: the cache as before
