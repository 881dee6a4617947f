"""A bounded load on a real server: no error, and memory that stays put.

The full run (500 requests at concurrency 16, with latency percentiles) is
``benchmarks/load_test.py``, reported in docs/performance.md; this is its small
version, asserting what must hold whatever the machine's speed. Nothing is timed.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
#: Growth of the server's resident memory allowed between the warm-up and the end of
#: the run (caches, allocator slack); a leak per request would pass it quickly.
MAX_GROWTH_MB = 150


def _load_test_module() -> object:
    spec = importlib.util.spec_from_file_location("load_test", ROOT / "benchmarks" / "load_test.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["load_test"] = module
    spec.loader.exec_module(module)
    return module


def test_a_mixed_load_gives_no_error_and_keeps_memory_bounded(tmp_path: Path) -> None:
    load = _load_test_module()
    with load.sample_server(tmp_path / "load.duckdb") as (base, pid):  # type: ignore[attr-defined]
        result = load.run_load(  # type: ignore[attr-defined]
            base, pid, requests=120, concurrency=8, analyze_share=0.1
        )
    assert result.errors == []
    assert result.requests == 120
    assert set(result.latencies) >= {"analyze", "events", "network", "dashboard"}
    assert result.rss_after - result.rss_after_warmup < MAX_GROWTH_MB
