"""The window's import reads a file through the same bounds as the command line."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from walletcare.evidence.importers import limits
from walletcare.evidence.importers.limits import TooLarge
from walletcare.ui.case_tabs.import_flow import read_file


def test_a_file_beyond_the_bound_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:  # sparse: only its size counts
        handle.truncate(limits.MAX_FILE_BYTES + 1)
    start = time.monotonic()
    with pytest.raises(TooLarge) as info:
        read_file(path)
    assert info.value.limit == "file size" and time.monotonic() - start < 1
    small = tmp_path / "small.csv"
    small.write_bytes(b"a,b\n")
    assert read_file(small).data == b"a,b\n" and read_file(small).name == "small.csv"
