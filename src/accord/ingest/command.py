"""``accord ingest`` and ``accord reprocess``: the command-line side of ingestion.

On a terminal a rich progress bar shows records read (of an estimate of the total,
:func:`~accord.ingest.readers.estimate_items`), documents stored, documents/s, the
elapsed time and the time remaining; otherwise (a log file, CI) a plain line is
written every ``--log-every`` documents. Bad records go to stderr as
``accord: skipped FILE:LINE: reason``.
Exit codes: 0 when every record went in (or was there already), 1 when some were
refused and the rest went in, 2 when the run could not start (usage, store).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from typing import Any

from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from ..deadline import add_time_limit_option, time_limit_from
from ..pipeline import Pipeline
from ..store.store import WRITE_CACHE_MB, Store, default_path
from .readers import BadRecord, Fields, estimate_items, read_sources
from .run import COMMIT_EVERY, IngestSummary, ReprocessSummary, ingest, reprocess


def register_commands(commands: Any) -> None:
    """Add ``ingest`` and ``reprocess`` to the CLI's subcommands."""
    cmd = commands.add_parser(
        "ingest",
        help="analyse files, folders, JSON Lines, feeds or stdin into the corpus store",
        description="Analyse many articles into the store (default ./accord.duckdb, or "
        "$ACCORD_DB). Documents already stored are skipped, so running the same command "
        "again is safe, also after a crash.",
    )
    cmd.add_argument("paths", nargs="+", metavar="PATH", help="file, folder, or - for stdin")
    _store_and_workers(cmd)
    cmd.add_argument(
        "--include",
        action="append",
        default=[],
        metavar="GLOB",
        help="in folders, only files matching (repeatable)",
    )
    cmd.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="in folders, skip files matching (repeatable)",
    )
    for name in ("text", "title", "published", "source", "url"):
        cmd.add_argument(
            f"--{name}-field",
            default=name,
            metavar="NAME",
            help=f"JSON Lines field holding the {name} (default: {name})",
        )
    cmd.add_argument("--model", metavar="NAME", help="spaCy model")
    add_time_limit_option(cmd)
    ray = cmd.add_argument_group(
        "Ray",
        "with --engine ray: JSON Lines or Parquet shards (paths or pyarrow URIs such "
        "as s3://...) in, Parquet partitioned by month out (then: accord load OUT)",
    )
    ray.add_argument(
        "--engine",
        choices=["local", "ray"],
        default="local",
        help="local processes into the store (default), or Ray Data into Parquet",
    )
    ray.add_argument("--address", metavar="ADDR", help="a Ray cluster: auto or HOST:PORT")
    ray.add_argument("--out", metavar="DIR", help="the Parquet directory Ray writes (required)")

    load = commands.add_parser(
        "load",
        help="store the Parquet rows a Ray run wrote",
        description="Bring the analysed rows of a Parquet directory (accord ingest --engine "
        "ray --out DIR; local or a pyarrow URI) into the store. Documents already stored "
        "are skipped; rows the run rejected are reported.",
    )
    load.add_argument("directory", metavar="DIR", help="the Parquet directory")
    _store_option(load)

    again = commands.add_parser(
        "reprocess",
        help="analyse stored documents again after a pipeline upgrade",
        description="Re-analyse the stored documents that an older pipeline version "
        "analysed (all of them with --all).",
    )
    _store_and_workers(again)
    again.add_argument("--all", action="store_true", help="every document, not only stale ones")
    again.add_argument("--model", metavar="NAME", help="spaCy model")
    add_time_limit_option(again)


def _store_option(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument(
        "--db", metavar="PATH", help="the store (default: $ACCORD_DB or ./accord.duckdb)"
    )
    cmd.add_argument(
        "--db-cache",
        type=int,
        default=WRITE_CACHE_MB,
        metavar="MB",
        help="the store's cache beside its indexes; memory stays flat however long the run "
        f"(default: {WRITE_CACHE_MB})",
    )


def _store_and_workers(cmd: argparse.ArgumentParser) -> None:
    _store_option(cmd)
    cmd.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="analysis processes (default: all cores)",
    )
    cmd.add_argument(
        "--commit-every",
        type=int,
        default=COMMIT_EVERY,
        metavar="N",
        help=f"documents per transaction (default: {COMMIT_EVERY})",
    )
    cmd.add_argument(
        "--log-every",
        type=int,
        default=1000,
        metavar="N",
        help="without a terminal, a progress line every N documents",
    )


def _store(args: argparse.Namespace) -> Store:
    return Store(args.db or default_path(), cache=max(16, args.db_cache))


def run_ingest(args: argparse.Namespace) -> int:
    if args.engine == "ray":
        return _run_ray(args)
    fields = _fields(args)
    pipeline = Pipeline(args.model, time_limit=time_limit_from(args))

    def skipped(bad: BadRecord) -> None:
        print(f"accord: skipped {bad.origin}: {bad.message}", file=sys.stderr)

    sources = read_sources(
        args.paths,
        include=args.include,
        exclude=args.exclude,
        fields=fields,
        stdin=sys.stdin.buffer,
    )
    total = estimate_items(args.paths, include=args.include, exclude=args.exclude)
    with _store(args) as store, ProgressReport(args.log_every, total) as report:
        summary = ingest(
            sources,
            store,
            pipeline,
            workers=max(1, args.workers),
            commit_every=max(1, args.commit_every),
            on_bad=skipped,
            on_progress=report,
        )
    print(f"accord: {summary.line()}", file=sys.stderr)
    return 1 if summary.refused else 0


def _fields(args: argparse.Namespace) -> Fields:
    return Fields(
        text=args.text_field,
        title=args.title_field,
        published=args.published_field,
        source=args.source_field,
        url=args.url_field,
    )


def _run_ray(args: argparse.Namespace) -> int:
    from ..scale import ray_engine

    if not args.out:
        raise ray_engine.RayError("--engine ray writes Parquet: give --out DIR.")
    summary = ray_engine.run(
        args.paths,
        args.out,
        address=args.address,
        concurrency=max(1, args.workers),
        num_cpus=max(1, args.workers),
        model=args.model,
        time_limit=time_limit_from(args),
        fields=_fields(args),
    )
    print(f"accord: {summary.line()}; now: accord load {args.out}", file=sys.stderr)
    return 1 if summary.rejected else 0


def run_load(args: argparse.Namespace) -> int:
    from ..scale.rows import load

    def rejected(bad: BadRecord) -> None:
        print(f"accord: rejected by the run: {bad.origin}: {bad.message}", file=sys.stderr)

    with _store(args) as store:
        summary = load(args.directory, store, on_bad=rejected)
    print(f"accord: {summary.line()}", file=sys.stderr)
    return 0


def run_reprocess(args: argparse.Namespace) -> int:
    pipeline = Pipeline(args.model, time_limit=time_limit_from(args))

    def failed(bad: BadRecord) -> None:
        print(f"accord: kept the old analysis of {bad.origin}: {bad.message}", file=sys.stderr)

    every = max(1, args.log_every)
    logged = 0

    def progress(summary: ReprocessSummary) -> None:
        nonlocal logged
        if summary.analysed - logged >= every:
            logged = summary.analysed
            print(f"accord: {summary.line()}", file=sys.stderr, flush=True)

    with _store(args) as store:
        summary = reprocess(
            store,
            pipeline,
            everything=args.all,
            workers=max(1, args.workers),
            commit_every=max(1, args.commit_every),
            on_progress=progress,
            on_bad=failed,
        )
    print(f"accord: {summary.line()}", file=sys.stderr)
    return 0


class ProgressReport:
    """A context manager giving the progress callback: rich on a terminal, plain
    log lines elsewhere."""

    def __init__(self, every: int, total: int | None = None) -> None:
        self.every = max(1, every)
        self.total = total
        self.rich: Progress | None = None
        self.task: Any = None
        self.next_line = self.every
        self.last = time.monotonic()

    def __enter__(self) -> Callable[[IngestSummary], None]:
        if sys.stderr.isatty():
            self.rich = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.completed}/{task.total} read, {task.fields[stored]} stored"),
                TextColumn("{task.fields[rate]:.1f} documents/s"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                transient=True,
            )
            self.rich.start()
            self.task = self.rich.add_task("ingest", total=self.total, stored=0, rate=0.0)
        return self.update

    def update(self, summary: IngestSummary) -> None:
        if self.rich is not None:
            self.rich.update(
                self.task, completed=summary.read, stored=summary.stored, rate=summary.rate
            )
        elif summary.stored >= self.next_line:
            print(f"accord: {summary.line()}", file=sys.stderr, flush=True)
            self.next_line = summary.stored + self.every

    def __exit__(self, *exc: object) -> None:
        if self.rich is not None:
            self.rich.stop()
