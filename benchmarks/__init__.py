"""Speed and memory benchmarks against the targets in the issues (run with ``make bench``)."""
