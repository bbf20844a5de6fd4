"""Builds the search index of the shipped articles, so that the first search after install does not wait for
it: ``python -m walletcare.faq.shipped_index [FOLDER]`` (default ``resources/search/index``). Run by ``make``'s
install step and by the wheel build (``setup.py``); does nothing when an intact index of the same content is
there. The app uses the index only while the SHA-256 of the articles and synonym table matches it.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    """Builds (or keeps) the index; prints what it did."""
    from walletcare.faq.search import build_shipped, shipped_index

    target = Path(argv[0]) if argv else shipped_index()
    start = time.perf_counter()
    built = build_shipped(target)
    took = time.perf_counter() - start
    print(f"search index {'built' if built else 'up to date'}: {target} ({took:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
