"""Scaling: one worker against two, with local processes and with Ray, in one run.

    python benchmarks/bench_scale.py [--texts 160] [--engines local,ray]

The same texts (PolNeAR news articles from ../shared/data when present, else texts
assembled from examples/) are parsed by one bare spaCy process, then by two at once,
each with half of them (the machine's own ceiling: what two cores give to two
independent processes); then go through ``Pipeline.pipe(n_process=1)`` and ``=2`` (the
pipeline built before the clock starts: the analysis alone), through the ``ingest``
function with ``workers=1`` and ``2`` (likewise: reading, analysing and storing in a
fresh store), through ``accord
ingest --workers 1`` and ``--workers 2`` (fresh stores, fresh processes; the clock
covers start-up, loading the model, reading, analysing and storing, as a user sees
it), and through Ray Data with one and two analysers on a local Ray of as many CPUs
(from ``ray.init`` done to the Parquet written, the analysers' model loading
included). Prints
documents/s, the 2-worker/1-worker speed-up, the peak resident memory of each
analysing process (the ingest workers, or the Ray actors), and the CPU seconds the
analysing processes used beside those every other process of the run used (the
ingest process reading and storing, the start-up, Ray's driver and daemons): the
work that competes with the workers for the two cores.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_pipeline import load_texts  # noqa: E402


def _children(pid: int) -> list[int]:
    """Every descendant process of ``pid`` (Linux /proc)."""
    found: list[int] = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            child = int(entry.name)
            found += [child, *_children(child)]
    return found


def _peak_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Run:
    """One timed run: seconds, documents done, the peak MB of each analysing process and
    the CPU seconds of those processes and of all the others the run started (reading,
    storing, coordinating; None where not watched)."""

    seconds: float
    done: int
    peaks: list[float]
    cpu: tuple[float, float] | None = None

    def cpu_cell(self) -> str:
        if self.cpu is None:
            return "-"
        analysers, rest = self.cpu
        return f"{analysers:.0f} + {rest:.0f}"


class PeakWatcher:
    """Samples the peak resident memory of every descendant of a process whose command
    line names one of ``roles``, and the CPU time of the whole process tree (last seen
    value of each process: one that ends between two samples loses at most 0.2 s),
    until stopped."""

    def __init__(self, pid: int, roles: tuple[str, ...]) -> None:
        self.pid, self.roles = pid, roles
        self.peaks: dict[int, float] = {}
        self.root = 0.0
        self.cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.wait(0.2):
            self.root = max(self.root, _peak_mb(self.pid))
            self.cpu[self.pid] = max(self.cpu.get(self.pid, 0.0), _cpu_seconds(self.pid))
            for child in _children(self.pid):
                self.cpu[child] = max(self.cpu.get(child, 0.0), _cpu_seconds(child))
                try:
                    command = Path(f"/proc/{child}/cmdline").read_bytes().decode(errors="replace")
                except OSError:
                    continue
                if any(role in command for role in self.roles):
                    self.peaks[child] = max(self.peaks.get(child, 0.0), _peak_mb(child))

    def stop(self) -> dict[int, float]:
        self._stop.set()
        self._thread.join()
        return self.peaks

    def result(self, seconds: float, done: int, workers: int, *, in_root: bool) -> Run:
        """The run's record once stopped: the analysis ran in the watched process itself
        (``in_root``), or in the ``workers`` largest of the descendants named by
        ``roles`` (largest: Ray also starts idle workers)."""
        if in_root:
            analysers = [self.pid]
            peaks = [self.root]
        else:
            analysers = sorted(self.peaks, key=self.peaks.__getitem__)[-workers:]
            peaks = sorted(self.peaks[pid] for pid in analysers)
        mine = sum(self.cpu.get(pid, 0.0) for pid in analysers)
        return Run(seconds, done, peaks, (mine, sum(self.cpu.values()) - mine))


def run_local(corpus: Path, workers: int, tmp: Path) -> Run:
    """(seconds, documents stored, peak MB of each worker) of one ``accord ingest``."""
    db = tmp / f"local{workers}.duckdb"
    command = [sys.executable, "-m", "accord", "ingest", str(corpus), "--db", str(db)]
    started = time.perf_counter()
    proc = subprocess.Popen(
        [*command, "--workers", str(workers)], stderr=subprocess.PIPE, text=True
    )
    watcher = PeakWatcher(proc.pid, ("accord",))
    _, err = proc.communicate()
    seconds = time.perf_counter() - started
    watcher.stop()
    stored = int(err.rsplit(" read, ", 1)[1].split(" stored")[0])
    # the pool's processes are forked from the ingest process: shared pages count in each
    return watcher.result(seconds, stored, workers, in_root=workers == 1)


PIPE_CHILD = """
import json, sys, time
import accord
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
pipe = accord.Pipeline()
started = time.perf_counter()
done = sum(1 for _ in pipe.pipe(texts, batch_size=16, n_process=int(sys.argv[2])))
print(json.dumps({"seconds": time.perf_counter() - started, "done": done}))
"""


BARE_CHILD = """
import json, sys, time
import spacy
from accord.pipeline import resolve_model
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
part, parts = int(sys.argv[2]), int(sys.argv[3])
nlp = spacy.load(resolve_model(None))
mine = texts[part::parts]
print("ready", flush=True)
sys.stdin.readline()  # every process starts the clock together
started = time.perf_counter()
done = sum(1 for _ in nlp.pipe(mine, batch_size=16))
print(json.dumps({"seconds": time.perf_counter() - started, "analysed": done}), flush=True)
"""


def run_bare(corpus: Path, workers: int, tmp: Path) -> Run:
    """The machine's own ceiling: ``workers`` independent bare-spaCy processes, each
    parsing its share of the texts, started together; the slowest one's time."""
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", BARE_CHILD, str(corpus), str(k), str(workers)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for k in range(workers)
    ]
    for proc in procs:
        assert proc.stdout is not None
        proc.stdout.readline()  # loaded
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    results = [json.loads(proc.communicate()[0].strip().splitlines()[-1]) for proc in procs]
    seconds = max(r["seconds"] for r in results)
    return Run(seconds, sum(r["analysed"] for r in results), [])


def run_pipe(corpus: Path, workers: int, tmp: Path) -> Run:
    """(seconds, documents, peak MB of each analysing process) of ``Pipeline.pipe(
    n_process=workers)`` in a fresh process, the pipeline built before the clock starts."""
    return _timed_child(PIPE_CHILD, [str(corpus), str(workers)], workers)


def _timed_child(code: str, argv: list[str], workers: int) -> Run:
    """Run ``code`` in a fresh Python; it prints JSON with ``seconds`` and ``done``.
    With one worker the work is in that process; with more, in its forked children."""
    proc = subprocess.Popen([sys.executable, "-c", code, *argv], stdout=subprocess.PIPE, text=True)
    watcher = PeakWatcher(proc.pid, ("-c",))
    out, _ = proc.communicate()
    watcher.stop()
    result = json.loads(out.strip().splitlines()[-1])
    return watcher.result(result["seconds"], result["done"], workers, in_root=workers == 1)


INGEST_CHILD = """
import json, sys, time
import accord
from accord.ingest.readers import read_sources
from accord.ingest.run import ingest
from accord.store import Store
pipe = accord.Pipeline()
started = time.perf_counter()
with Store(sys.argv[2], cache=64) as store:
    summary = ingest(read_sources([sys.argv[1]]), store, pipe, workers=int(sys.argv[3]))
print(json.dumps({"seconds": time.perf_counter() - started, "done": summary.stored}))
"""


def run_ingest(corpus: Path, workers: int, tmp: Path) -> Run:
    """(seconds, documents stored, peak MB of each analysing process) of the ingest
    function in a fresh process, the pipeline built before the clock starts: reading,
    analysing, finding stories and storing, without the start-up ``local`` counts."""
    db = tmp / f"ingest{workers}.duckdb"
    return _timed_child(INGEST_CHILD, [str(corpus), str(db), str(workers)], workers)


RAY_CHILD = """
import json, os, sys, time
os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
import ray
from accord.scale import ray_engine
n = int(sys.argv[3])
ray.init(num_cpus=n, include_dashboard=False, log_to_driver=False)
started = time.perf_counter()
summary = ray_engine.run([sys.argv[1]], sys.argv[2], concurrency=n, batch_size=16)
print(json.dumps({"seconds": time.perf_counter() - started, "analysed": summary.analysed}))
"""


def run_ray(corpus: Path, workers: int, tmp: Path) -> Run:
    """(seconds, documents analysed, peak MB of each Ray analyser) of one Ray run,
    from ``ray.init`` done to the Parquet written."""
    proc = subprocess.Popen(
        [sys.executable, "-c", RAY_CHILD, str(corpus), str(tmp / f"ray{workers}"), str(workers)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    watcher = PeakWatcher(proc.pid, ("MapBatches(Analyser)", "ray::MapWorker", "ray::IDLE"))
    out, _ = proc.communicate()
    watcher.stop()
    result = json.loads(out.strip().splitlines()[-1])
    return watcher.result(result["seconds"], result["analysed"], workers, in_root=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=int, default=160)
    parser.add_argument("--engines", default="bare,pipe,ingest,local,ray")
    parser.add_argument("--corpus", default="auto", choices=["auto", "examples", "polnear"])
    args = parser.parse_args()
    name, texts = load_texts(args.texts, args.corpus)
    print(f"corpus: {len(texts)} {name}")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print()
    print(
        "| engine | workers | documents | seconds | documents/s | speed-up "
        "| peak RSS per worker (MB) | CPU s: workers + other |"
    )
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        corpus = tmp / "corpus.jsonl"
        corpus.write_text(
            "".join(json.dumps({"text": t, "published": "2024-07-10"}) + "\n" for t in texts),
            encoding="utf-8",
        )
        for engine in args.engines.split(","):
            run = {
                "bare": run_bare,
                "pipe": run_pipe,
                "ingest": run_ingest,
                "local": run_local,
                "ray": run_ray,
            }[engine]
            one = None
            for workers in (1, 2):
                result = run(corpus, workers, tmp)
                rate = result.done / result.seconds
                one = one or rate
                print(
                    f"| {engine} | {workers} | {result.done} | {result.seconds:.1f} | {rate:.2f} | "
                    f"{rate / one:.2f}x | {', '.join(f'{p:.0f}' for p in result.peaks) or '-'} | "
                    f"{result.cpu_cell()} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
