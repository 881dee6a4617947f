"""A large synthetic corpus through ``accord ingest``: is memory flat over time?

    python benchmarks/bench_memory.py [--documents 100000] [--workers 2]

Writes ``--documents`` short synthetic news items (two or three sentences each from
templates: states, leaders, verbs, cities, dates, all distinct) to a JSON Lines file,
ingests it into a fresh store with ``accord ingest --workers N``, and samples the
resident memory of the ingest process and its workers every two seconds. Prints
throughput and the memory at each tenth of the run; memory that grows with the
number of documents would show as a rising column.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

STATES = [
    "Japan", "Australia", "India", "Brazil", "Germany", "France", "Kenya", "Chile", "Canada",
    "Indonesia", "Egypt", "Poland", "Mexico", "Vietnam", "Turkey", "Nigeria", "Peru", "Norway",
]  # fmt: skip
CITIES = ["Geneva", "Vienna", "Nairobi", "Lima", "Oslo", "Hanoi", "Ankara", "Warsaw", "Doha"]
ACTS = [
    "signed an agreement on {topic} with",
    "held talks on {topic} with",
    "criticised the {topic} policy of",
    "announced new {topic} aid for",
    "warned {topic} officials from",
    "agreed to expand {topic} cooperation with",
]
TOPICS = ["trade", "energy", "fisheries", "maritime security", "health", "climate", "border"]
DAYS = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "last week"]


def synthetic(i: int, rng: random.Random) -> dict[str, str]:
    a, b = rng.sample(STATES, 2)
    act = rng.choice(ACTS).format(topic=rng.choice(TOPICS))
    text = (
        f"{a} {act} {b} in {rng.choice(CITIES)} {rng.choice(DAYS)}, officials said. "
        f"The meeting was the {i + 1}th round of talks between the two governments. "
        f"Ministers said they would meet again in {rng.choice(CITIES)}."
    )
    day = 1 + i % 28
    return {"text": text, "published": f"2024-{1 + i % 12:02d}-{day:02d}", "source": "Synth"}


def _rss_mb(pid: int) -> tuple[float, float]:
    """Resident memory (MB) of a process and of all its children together."""
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            if parent == pid:
                children.append(int(entry.name))
    return _vmrss(pid), sum(_vmrss(p) for p in children)


def _vmrss(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    rng = random.Random(0)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        corpus = tmp / "synthetic.jsonl"
        with corpus.open("w", encoding="utf-8") as out:
            for i in range(args.documents):
                out.write(json.dumps(synthetic(i, rng)) + "\n")
        command = [sys.executable, "-m", "accord", "ingest", str(corpus), "--db"]
        command += [str(tmp / "s.duckdb"), "--workers", str(args.workers), "--log-every", "500"]
        started = time.perf_counter()
        proc = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
        samples: list[tuple[float, int, float, float]] = []  # (s, stored, MB, MB)
        stored = 0

        def sample() -> None:
            while proc.poll() is None:
                samples.append((time.perf_counter() - started, stored, *_rss_mb(proc.pid)))
                time.sleep(2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        assert proc.stderr is not None
        for line in proc.stderr:
            if m := re.search(r"(\d+) stored", line):
                stored = int(m[1])
        proc.wait()
        sampler.join()
        seconds = time.perf_counter() - started
    print(f"accord ingest of {args.documents:,} synthetic documents, {args.workers} workers")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"{stored:,} stored in {seconds / 60:.1f} min: {stored / seconds:.1f} documents/s")
    print()
    print("| elapsed | documents stored | ingest process (MB) | workers (MB) | all (MB) |")
    print("|---|---|---|---|---|")
    for k in range(11):
        s, n, parent, workers = samples[min(len(samples) - 1, k * (len(samples) - 1) // 10)]
        print(
            f"| {s / 60:.1f} min | {n:,} | {parent:.0f} | {workers:.0f} | {parent + workers:.0f} |"
        )
    warm = [parent + workers for _, n, parent, workers in samples if n > 0]
    if warm:
        print()
        print(f"after the first batch: min {min(warm):.0f} MB, max {max(warm):.0f} MB")


if __name__ == "__main__":
    main()
