"""Child process for the search benchmark: opens the index of ROOT kept in CACHE and answers one query
(``first``), or every relevance query (``suite``), then exits. Run by ``bench_search`` for cold-start time
and memory."""

from __future__ import annotations

import sys
from pathlib import Path


def main(argv: list[str]) -> None:
    root, cache, mode = Path(argv[0]), Path(argv[1]), argv[2]
    from walletcare.faq.search import SearchIndex

    index = SearchIndex.open(root, cache)
    if mode == "first":
        index.search("提现一直处理中", "zh-CN", limit=10)
        return
    import yaml

    folder = Path(__file__).resolve().parent.parent / "tests" / "unit" / "faq" / "relevance"
    for path in sorted(folder.glob("queries*.yaml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            index.search(str(item["query"]), item["lang"], limit=10)


if __name__ == "__main__":
    main(sys.argv[1:])
