"""The index an installed bundle ships (``make dist`` puts it at ``resources/search/index``): opened in place,
read-only, before any cache; a damaged one is never removed but replaced by one built in the user cache."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from walletcare.faq.search import SearchIndex, build_shipped

FIXTURES = Path(__file__).with_name("fixtures") / "articles"


@pytest.fixture
def shipped(tmp_path: Path) -> tuple[Path, Path]:
    """Articles and an index of them built the way tools/build_dist.py builds the bundle's."""
    articles = tmp_path / "articles"
    shutil.copytree(FIXTURES, articles)
    folder = tmp_path / "bundle" / "search" / "index"
    assert build_shipped(folder, root=articles) is True
    return articles, folder


def _read_only(folder: Path) -> None:
    for path in [*folder.iterdir(), folder]:
        path.chmod(stat.S_IREAD | (stat.S_IEXEC if path.is_dir() else 0))


def test_shipped_index_answers_read_only_without_touching_the_cache(shipped: tuple[Path, Path],
                                                                    tmp_path: Path) -> None:
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
    victim = max((p for p in folder.iterdir() if p.name != "complete"), key=lambda p: p.stat().st_size)
    with open(victim, "r+b") as fh:
        fh.truncate(os.path.getsize(victim) // 3)
    before = sorted((p.name, p.stat().st_size) for p in folder.iterdir())
    cache = tmp_path / "user-cache"
    index = SearchIndex(articles, cache, shipped=folder)
    try:
        assert index.ensure_built() is True  # built in the user cache instead
        assert [hit.id for hit in index.search("冻结", "zh-CN")][0] == "account-frozen"
    finally:
        index.close()
    assert sorted((p.name, p.stat().st_size) for p in folder.iterdir()) == before
