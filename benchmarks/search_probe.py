"""Child process for the search benchmark: opens the index of ROOT kept in CACHE and answers one query
(``first``: prints the process's CPU seconds so far, interpreter start included), or every relevance query
(``suite``: prints its peak resident memory in MiB), and exits. ROOT ``-`` means the shipped articles, with
the index built at install. Run by ``bench_search`` for cold-start time and memory. The peak is read from ``/proc/self/status``
(``VmHWM``, reset by ``exec``), not ``ru_maxrss``, which Linux carries over from the parent process."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.figures import peak_rss_mb


def main(argv: list[str]) -> None:
    root, cache, mode = (None if argv[0] == "-" else Path(argv[0])), Path(argv[1]), argv[2]
    from walletcare.faq.search import SearchIndex

    index = SearchIndex.open(root, cache)
    if mode == "first":
        assert index.search("提现一直处理中", "zh-CN", limit=10)
        import time

        print(time.process_time())
        return
    import json

    for item in json.loads(Path(argv[3]).read_text(encoding="utf-8")):
        index.search(str(item["query"]), item["lang"], limit=10)
    print(peak_rss_mb())


if __name__ == "__main__":
    main(sys.argv[1:])
