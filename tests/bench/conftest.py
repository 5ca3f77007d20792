"""Benchmarks run only with BENCH=1 (``make bench``); the normal test run does not collect them."""

import os

if os.environ.get("BENCH") != "1":
    collect_ignore_glob = ["test_*.py"]
