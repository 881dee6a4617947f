"""accord's pipeline (actors; + events; + quotes; + framing, the full pipeline)
against bare spaCy, in one run.

    python benchmarks/bench_pipeline.py [--texts 200] [--repeat 3] [--corpus auto|examples|polnear]

Each side runs in its own fresh process (so peak RSS is its own), alternating
bare/accord ``--repeat`` times; the best time of each is compared. Prints
documents/s, sentences/s, the accord/bare time ratio (overhead) and peak RSS. The
per-stage costs come two ways: as differences between the pipelines' times, and as
the time each stage's own code takes inside the full pipeline's run (its components
timed in place), which a difference of two 50-second timings cannot resolve to a
point.
The corpus is the PolNeAR news articles from ../shared/data when present, else
texts assembled from the bundled examples/ (paragraphs in rotating order).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import platform
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "quotes" / "polnear_train.jsonl"


def load_texts(n: int, corpus: str) -> tuple[str, list[str]]:
    if corpus in ("auto", "polnear") and POLNEAR.is_file():
        texts = []
        with POLNEAR.open(encoding="utf-8") as handle:
            for line in handle:
                texts.append(json.loads(line)["text"])
                if len(texts) == n:
                    break
        return "PolNeAR news articles (../shared/data)", texts
    if corpus == "polnear":
        sys.exit("PolNeAR is not available here (../shared/data is absent)")
    sys.path.insert(0, str(ROOT / "src"))
    from accord.text import prepare

    paragraphs = []
    for path in sorted((ROOT / "examples" / "articles").glob("*.md")):
        paragraphs += prepare(path.read_bytes(), suffix=".md").text.split("\n\n")
    texts = [
        "\n\n".join(paragraphs[(i * 7 + k) % len(paragraphs)] for k in range(6)) for i in range(n)
    ]
    return "texts assembled from examples/ (6 paragraphs each)", texts


# The accord pipelines compared, each a prefix of the full one.
STAGES = {
    "actors": ("accord_actors",),
    "events": ("accord_actors", "accord_events"),
    "quotes": ("accord_actors", "accord_events", "accord_quotes"),
}


def _timed_stages(pipe: Any) -> dict[str, float]:
    """Make every accord component of ``pipe`` (and its input checks and record
    building) add its own time to the returned dict, by stage, in this process."""
    spent: dict[str, float] = {}

    def timed(cls: type, method: str, stage: str) -> None:
        inner = getattr(cls, method)

        def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return inner(self, *args, **kwargs)
            finally:
                spent[stage] = spent.get(stage, 0.0) + time.perf_counter() - start

        setattr(cls, method, wrapper)

    for name, component in pipe.nlp.pipeline:
        cls = type(component)
        if name.startswith("accord_") and cls.__module__.startswith("accord."):
            timed(cls, "__call__", name.removeprefix("accord_"))
    timed(type(pipe), "prepare", "input checks")
    timed(type(pipe), "to_record", "records")
    return spent


def _run(side: str, model: str, texts: list[str], queue: mp.Queue) -> None:  # type: ignore[type-arg]
    stages: dict[str, float] = {}
    if side == "bare":
        import spacy

        nlp = spacy.load(model)
        start = time.perf_counter()
        sentences = sum(len(list(doc.sents)) for doc in nlp.pipe(texts, batch_size=32))
    else:
        import accord

        pipe = accord.Pipeline(model, stages=STAGES.get(side, accord.pipeline.DEFAULT_STAGES))
        if side == "full":
            stages = _timed_stages(pipe)
        start = time.perf_counter()
        sentences = len([rec for rec in pipe.pipe(texts, batch_size=32) if rec.text])
    elapsed = time.perf_counter() - start
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # "sentences" counts documents on the accord side; the table uses bare spaCy's count.
    queue.put(
        {"side": side, "seconds": elapsed, "sentences": sentences, "rss_mb": rss_mb, **stages}
    )


def measure(side: str, model: str, texts: list[str]) -> dict[str, float]:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_run, args=(side, model, texts, queue))
    proc.start()
    result: dict[str, float] = queue.get()
    proc.join()
    return result


_RESULT_KEYS = ("side", "seconds", "sentences", "rss_mb")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--texts", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--corpus", choices=("auto", "examples", "polnear"), default="auto")
    parser.add_argument("--model", default=None)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from accord.pipeline import resolve_model

    model = resolve_model(args.model)
    label, texts = load_texts(args.texts, args.corpus)
    chars = sum(len(t) for t in texts)
    sides = ("bare", "actors", "events", "quotes", "full")
    runs: dict[str, list[dict[str, float]]] = {side: [] for side in sides}
    for _ in range(args.repeat):
        for side in sides:
            runs[side].append(measure(side, model, texts))
    best = {side: min(runs[side], key=lambda r: r["seconds"]) for side in sides}
    bare = best["bare"]
    sentences = bare["sentences"]
    print(
        f"machine: {platform.processor() or platform.machine()}, {mp.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    print(
        f"model: {model}; corpus: {label}; {len(texts)} texts, {chars:,} characters, "
        f"{sentences:,} sentences; best of {args.repeat}, one process each"
    )
    print()
    print("| pipeline | seconds | docs/s | sentences/s | peak RSS (MB) |")
    print("|---|---|---|---|---|")
    names = {
        "bare": "bare spaCy",
        "actors": "accord: actors",
        "events": "accord: actors + events",
        "quotes": "accord: actors + events + quotes",
        "full": "accord: full (actors + events + quotes + framing)",
    }
    for side in sides:
        r = best[side]
        print(
            f"| {names[side]} | {r['seconds']:.2f} | {len(texts) / r['seconds']:.1f} "
            f"| {sentences / r['seconds']:.0f} | {r['rss_mb']:.0f} |"
        )
    actors = best["actors"]["seconds"] / bare["seconds"]
    events = best["events"]["seconds"] / bare["seconds"]
    quotes = best["quotes"]["seconds"] / bare["seconds"]
    full = best["full"]["seconds"] / bare["seconds"]
    print()
    print(f"actors / bare: {actors:.3f} (actor layer {100 * (actors - 1):+.1f}%; target <= +15%)")
    print(
        f"events / bare: {events:.3f} (events add {100 * (events - actors):+.1f} points over "
        "parsing; target <= +10)"
    )
    print(
        f"quotes / bare: {quotes:.3f} (quotes add {100 * (quotes - events):+.1f} points over "
        "parsing; target <= +10)"
    )
    print(
        f"full / bare: {full:.3f} (framing adds {100 * (full - quotes):+.1f} points over "
        f"parsing; target <= +25); bare / full throughput {1 / full:.3f} (target >= 0.75)"
    )
    print(f"peak RSS full / bare: {best['full']['rss_mb'] / bare['rss_mb']:.3f}")
    per_core = sentences / best["full"]["seconds"]
    print(f"full pipeline: {per_core:.0f} sentences/s on one core")
    print()
    print("Each stage's own time inside the full pipeline's best run, against bare spaCy's time:")
    print()
    print("| stage | seconds | share of bare spaCy's time |")
    print("|---|---|---|")
    timed = {k: v for k, v in best["full"].items() if k not in _RESULT_KEYS}
    for stage, seconds in timed.items():
        print(f"| {stage} | {seconds:.2f} | {100 * seconds / bare['seconds']:+.1f}% |")
    print(
        f"| all of accord's own code | {sum(timed.values()):.2f} "
        f"| {100 * sum(timed.values()) / bare['seconds']:+.1f}% |"
    )


if __name__ == "__main__":
    main()
