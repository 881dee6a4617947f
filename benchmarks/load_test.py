"""A bounded load test of ``accord serve`` on loopback.

    python benchmarks/load_test.py [--requests 500] [--concurrency 16] [--analyze-share 0.2]

Ingests the sample articles (examples/articles) into a fresh store, starts a real
``accord serve`` process on a free port, warms it up (the first analysis loads the
model), then sends ``--requests`` requests from ``--concurrency`` concurrent clients:
``--analyze-share`` of them ``POST /api/analyze`` with a sample article, the rest the
corpus queries and pages a dashboard user makes (documents, events, network, dyads,
a profile, the dashboard, an article page). Prints latency percentiles per kind,
errors, throughput, and the server's resident memory after the warm-up, after the
run and at its peak (``VmRSS``/``VmHWM`` from /proc), so that growth shows.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "examples" / "articles").glob("*.md"))


@dataclass
class LoadResult:
    """Latencies (seconds) per kind of request, failures, memory (MB), wall time."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    rss_after_warmup: float = 0.0
    rss_after: float = 0.0
    peak_rss: float = 0.0
    seconds: float = 0.0

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values()) + len(self.errors)


def memory_mb(pid: int) -> tuple[float, float]:
    """(current, peak) resident memory of a process, in MB (Linux /proc)."""
    fields: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return fields["VmRSS"], fields["VmHWM"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def sample_server(db: Path) -> Iterator[tuple[str, int]]:
    """The sample corpus ingested into ``db`` and served; yields (base URL, pid)."""
    accord = [sys.executable, "-m", "accord"]
    subprocess.run(
        [*accord, "ingest", *map(str, SAMPLES), "--db", str(db), "--workers", "1"],
        check=True,
        capture_output=True,
    )
    port = free_port()
    server = subprocess.Popen(
        [*accord, "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                httpx.get(base + "/static/accord.css", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield base, server.pid
    finally:
        server.terminate()
        server.wait(timeout=30)


def request_mix(
    base: str, requests: int, analyze_share: float, seed: int = 0
) -> tuple[list[tuple[str, str]], list[str]]:
    """The requests to send, as (kind, path or sample number), the same for a seed;
    and the sample texts to analyse."""
    texts = [p.read_text(encoding="utf-8") for p in SAMPLES]
    documents = httpx.get(base + "/api/documents", params={"limit": 50}).json()["items"]
    ids = [d["doc_id"] for d in documents]
    queries = [
        ("documents", "/api/documents?q=summit&limit=20"),
        ("events", "/api/events?actor=USA&limit=50"),
        ("events", "/api/events?quad_class=3,4&newest_first=true"),
        ("network", "/api/network"),
        ("dyads", "/api/dyads?limit=20"),
        ("profile", "/api/actors/JPN"),
        ("dashboard", "/corpus"),
        ("dashboard", "/corpus.json?quad_class=1,2"),
        ("article page", "/documents/{id}"),
    ]
    rng = random.Random(seed)
    plan: list[tuple[str, str]] = []
    for _ in range(requests):
        if rng.random() < analyze_share:
            plan.append(("analyze", str(rng.randrange(len(texts)))))
        else:
            kind, path = rng.choice(queries)
            plan.append((kind, path.replace("{id}", rng.choice(ids))))

    return plan, texts


def run_load(
    base: str, pid: int, *, requests: int, concurrency: int, analyze_share: float
) -> LoadResult:
    """Send the requests and measure; an answer other than 200 is an error."""
    plan, texts = request_mix(base, requests, analyze_share)
    result = LoadResult()
    lock = threading.Lock()
    with httpx.Client(base_url=base, timeout=120) as warm:
        for text in texts[:3]:  # load the model, fill the caches
            warm.post("/api/analyze", json={"text": text}).raise_for_status()
        warm.get("/corpus").raise_for_status()
    result.rss_after_warmup = memory_mb(pid)[0]
    local = threading.local()

    def one(i: int) -> None:
        client = getattr(local, "client", None)
        if client is None:
            client = local.client = httpx.Client(base_url=base, timeout=120)
        kind, what = plan[i]
        started = time.perf_counter()
        try:
            if kind == "analyze":
                answer = client.post("/api/analyze", json={"text": texts[int(what)]})
            else:
                answer = client.get(what)
            ok = answer.status_code == 200
            problem = f"{kind} {what[:60]}: {answer.status_code}"
        except httpx.HTTPError as exc:
            ok, problem = False, f"{kind} {what[:60]}: {exc!r}"
        elapsed = time.perf_counter() - started
        with lock:
            if ok:
                result.latencies.setdefault(kind, []).append(elapsed)
            else:
                result.errors.append(problem)

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, range(requests)))
    result.seconds = time.perf_counter() - started
    result.rss_after, result.peak_rss = memory_mb(pid)
    return result


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def report(result: LoadResult, args: argparse.Namespace) -> str:
    lines = [
        f"accord serve under load: {result.requests} requests, concurrency "
        f"{args.concurrency}, {args.analyze_share:.0%} analyze",
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}",
        "",
        "| kind | requests | p50 ms | p95 ms | p99 ms |",
        "|---|---|---|---|---|",
    ]
    every: list[float] = []
    for kind, values in sorted(result.latencies.items()):
        every += values
        lines.append(
            f"| {kind} | {len(values)} | {statistics.median(values) * 1000:.0f} | "
            f"{percentile(values, 0.95) * 1000:.0f} | {percentile(values, 0.99) * 1000:.0f} |"
        )
    if every:
        lines.append(
            f"| **all** | {len(every)} | {statistics.median(every) * 1000:.0f} | "
            f"{percentile(every, 0.95) * 1000:.0f} | {percentile(every, 0.99) * 1000:.0f} |"
        )
    lines += [
        "",
        f"errors: {len(result.errors)}"
        + (f" (first: {result.errors[0]})" if result.errors else ""),
        f"throughput: {result.requests / result.seconds:.1f} requests/s ({result.seconds:.1f} s)",
        f"server memory: {result.rss_after_warmup:.0f} MB after warm-up, "
        f"{result.rss_after:.0f} MB after the run "
        f"({result.rss_after - result.rss_after_warmup:+.0f} MB), peak {result.peak_rss:.0f} MB",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--analyze-share", type=float, default=0.2)
    parser.add_argument("--json", metavar="FILE", help="also write the raw figures here")
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as tmp,
        sample_server(Path(tmp) / "load.duckdb") as (
            base,
            pid,
        ),
    ):
        result = run_load(
            base,
            pid,
            requests=args.requests,
            concurrency=args.concurrency,
            analyze_share=args.analyze_share,
        )
    print(report(result, args))
    if args.json:
        Path(args.json).write_text(json.dumps(result.__dict__, indent=1), encoding="utf-8")
    sys.exit(1 if result.errors else 0)


if __name__ == "__main__":
    main()
