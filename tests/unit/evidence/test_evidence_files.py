"""Adding files from disk, the one flow of the CLI and the window: the size limit checked before reading, one
origin format, all files in one transaction (a failure or a cancel stores none of them)."""

from __future__ import annotations

import os
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from walletcare.errors import Cancelled, InvalidInput
from walletcare.evidence.evidence_files import (
    MAX_FILE_BYTES,
    add_evidence_files,
    file_origin,
    read_evidence_file,
    read_evidence_files,
)
from walletcare.evidence.models import Case


@pytest.fixture
def case_id(store: Any) -> int:
    return store.cases.add(Case(id=0, title="文件证据")).id


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    huge = tmp_path / "huge.mp4"
    with huge.open("wb") as handle:  # sparse: only its size counts
        handle.truncate(MAX_FILE_BYTES + 1)
    start = time.process_time()
    with pytest.raises(InvalidInput, match="huge.mp4"):
        read_evidence_file(huge)
    assert time.process_time() - start < 0.5


def test_the_origin_names_the_full_path_and_the_local_change_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "note.txt").write_bytes(b"hello")
    os.utime(tmp_path / "note.txt", (1_700_000_000, 1_700_000_000))
    item = read_evidence_file(Path("note.txt"), caption="mine")
    when = datetime.fromtimestamp(1_700_000_000).astimezone()
    assert item.origin_detail == f"{tmp_path.resolve() / 'note.txt'} · {when.isoformat(timespec='seconds')}"
    assert item.origin_detail == file_origin(tmp_path / "note.txt", when)
    assert (item.data, item.file_name, item.caption, item.origin, item.file_mtime) == (
        b"hello", "note.txt", "mine", "file", when)


def test_an_unreadable_file_is_named_with_the_reason(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="missing.png"):
        read_evidence_files([tmp_path / "missing.png"])


@pytest.mark.parametrize("count", [2, 5])  # one by one, and in worker processes
def test_files_are_stored_together_or_not_at_all(store: Any, case_id: int, tmp_path: Path, count: int) -> None:
    paths = []
    for i in range(count):
        paths.append(tmp_path / f"f{i}.txt")
        paths[-1].write_bytes(f"file {i}".encode())
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(InvalidInput, match="empty.txt"):
        add_evidence_files(store, case_id, read_evidence_files([*paths, empty]))
    assert store.evidence.list(case_id) == []
    seen: list[tuple[int, int]] = []
    added = add_evidence_files(store, case_id, read_evidence_files(paths), progress=lambda d, t: seen.append((d, t)))
    assert [store.evidence.data(e.id) for e, _dup in added] == [p.read_bytes() for p in paths]
    assert seen and all(total == count for _done, total in seen)
    again = add_evidence_files(store, case_id, read_evidence_files(paths[:1]))
    assert again == [(added[0][0], True)]
    store.evidence.close()


def test_a_cancel_stores_nothing(store: Any, case_id: int, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"a")
    stop = threading.Event()
    stop.set()
    with pytest.raises(Cancelled):
        add_evidence_files(store, case_id, read_evidence_files([tmp_path / "a.txt"]), cancel=stop)
    assert store.evidence.list(case_id) == []
