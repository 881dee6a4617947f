"""How long accord takes to be ready, against loading bare spaCy, in one run.

    python benchmarks/bench_startup.py [--repeat 3]

Each case is a fresh Python process timed from outside, from its start to its end:
importing spaCy and loading the model (the baseline); importing accord and building a
``Pipeline`` with the start-up cache (``accord.cache``) warm; the same with an empty
cache (the first run after installing or changing a knowledge-base file); and
``accord analyze`` on one short article, warm. Cases run in rotation ``--repeat``
times and the best time of each is printed with its ratio to the baseline.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ARTICLE = "Japan and Australia signed a defence pact in Tokyo on Monday, officials said.\n"

BARE = "import spacy; from accord.pipeline import resolve_model; spacy.load(resolve_model(None))"
PIPELINE = "import accord; accord.Pipeline()"


def _timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        article = tmp / "article.txt"
        article.write_text(ARTICLE, encoding="utf-8")
        warm = {**os.environ}
        subprocess.run([sys.executable, "-c", PIPELINE], env=warm, check=True)  # fill it
        cases: dict[str, tuple[list[str], Path | None]] = {
            "bare spaCy: import, spacy.load": ([sys.executable, "-c", BARE], None),
            "accord: import, Pipeline(), warm cache": ([sys.executable, "-c", PIPELINE], None),
            "accord: import, Pipeline(), empty cache": (
                [sys.executable, "-c", PIPELINE],
                tmp / "cold",
            ),
            "accord analyze, one short article, warm cache": (
                [sys.executable, "-m", "accord", "analyze", str(article)],
                None,
            ),
        }
        best: dict[str, float] = {}
        for round_ in range(args.repeat):
            for name, (command, cache) in cases.items():
                env = warm if cache is None else {**warm, "ACCORD_CACHE_DIR": f"{cache}{round_}"}
                seconds = _timed(command, env)
                best[name] = min(best.get(name, seconds), seconds)
    baseline = best["bare spaCy: import, spacy.load"]
    print(f"best of {args.repeat}, each a fresh process timed from outside\n")
    print("| case | seconds | / bare spaCy |")
    print("|---|---|---|")
    for name, seconds in best.items():
        print(f"| {name} | {seconds:.2f} | {seconds / baseline:.2f} |")


if __name__ == "__main__":
    main()
