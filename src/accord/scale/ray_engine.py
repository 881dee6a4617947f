"""accord on Ray Data: the same analysis, spread over a cluster.

    from accord.scale import ray_engine
    summary = ray_engine.run(["s3://bucket/news/"], "s3://bucket/analysed/", address="auto")

The shards (JSON Lines or Parquet, :mod:`accord.scale.shards`) are listed on the
driver and read by Ray tasks, one shard each, into article rows; a bad record
becomes a rejected row there and then. ``map_batches`` hands the rows to
:class:`Analyser` actors, each holding one loaded :class:`~accord.Pipeline`
(``concurrency`` of them), which check, clean and analyse them exactly as
``accord ingest`` does (:meth:`Pipeline.prepare`, :meth:`Pipeline.outcomes`: a
document that fails costs only itself). The rows are written as Parquet partitioned
by publication month (:mod:`accord.scale.rows`), and ``accord load`` brings them
into a store.

Ray is an optional extra (``pip install 'accord[ray]'``); nothing here imports it
until :func:`run` is called.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as pads
import pyarrow.fs as pafs

from ..deadline import DEFAULT_TIME_LIMIT
from ..errors import AccordError, InputError
from ..ingest.readers import Fields
from ..pipeline import BATCH_CHARS, Failure, Pipeline, task_size
from ..text import Article
from .rows import REJECTED, ROW_SCHEMA, record_row, rejected_row
from .shards import DEFAULT_FIELDS, article_rows, filesystem_of, list_shards

__all__ = ["Analyser", "RayError", "RunSummary", "run"]

#: Target size of a block of article rows (Ray Data's ``target_max_block_size``): a
#: few articles, so that a block is never bigger than an analyser's task (Ray Data
#: hands an actor whole blocks, however many batches they hold).
BLOCK_BYTES = 16 * 1024
#: Tasks an analyser holds at once, the one it runs included: with one, it sits idle
#: between tasks while Ray fetches the next block; with Ray's default (four), one
#: analyser once took every block while the other was still loading its model.
TASKS_IN_FLIGHT = 2
#: The most characters an analyser parses at once (like a local worker's task).
TASK_CHARS = BATCH_CHARS // 4
#: Rows gathered into each Parquet file written (the small blocks are merged).
ROWS_PER_FILE = 1000


class RayError(AccordError):
    """Ray is missing or the cluster cannot be reached."""

    code = "A450"


@dataclass
class RunSummary:
    shards: int = 0
    analysed: int = 0
    rejected: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        return (
            f"{self.shards} shards, {self.analysed} documents analysed, {self.rejected} "
            f"rejected ({self.seconds:.1f} s)"
        )


class Analyser:
    """A Ray Data actor: one loaded pipeline, batches of article rows in, Parquet
    rows (:data:`~accord.scale.rows.ROW_SCHEMA`) out."""

    def __init__(self, model: str | None, time_limit: float | None) -> None:
        self.pipeline = Pipeline(model, time_limit=time_limit)

    def __call__(self, batch: pa.Table) -> pa.Table:
        rows: list[dict[str, Any] | None] = []
        pending: list[tuple[int, Article, str]] = []
        for row in batch.to_pylist():
            origin = row["origin"] or "?"
            if row["error"] is not None:
                rows.append(rejected_row(origin, row["error"]))
                continue
            try:
                article = self.pipeline.prepare(
                    row["raw"],
                    format=row["format"] or "auto",
                    title=row["title"],
                    published=row["published"],
                    source=row["source"],
                    url=row["url"],
                )
            except InputError as exc:
                rows.append(rejected_row(origin, str(exc)))
                continue
            pending.append((len(rows), article, origin))
            rows.append(None)
        outcomes = self.pipeline.outcomes(
            [a for _, a, _ in pending], batch_size=len(batch), max_chars=TASK_CHARS
        )
        for (at, _, origin), outcome in zip(pending, outcomes, strict=True):
            if isinstance(outcome, Failure):
                rows[at] = rejected_row(origin, str(outcome.error))
            else:
                rows[at] = record_row(outcome, origin, self.pipeline.version)
        return pa.Table.from_pylist(rows, schema=ROW_SCHEMA)


def _existing(out: str) -> set[str]:
    fs, path = filesystem_of(out)
    if fs.get_file_info(path).type == pafs.FileType.NotFound:
        return set()
    selector = pafs.FileSelector(path, recursive=True)
    return {i.path for i in fs.get_file_info(selector) if i.path.endswith(".parquet")}


def run(
    inputs: list[str],
    out: str | Path,
    *,
    address: str | None = None,
    concurrency: int = 2,
    batch_size: int = 16,
    num_cpus: int | None = None,
    model: str | None = None,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    fields: Fields = DEFAULT_FIELDS,
) -> RunSummary:
    """Analyse every record of the ``inputs`` shards on Ray and append the rows to the
    Parquet directory ``out``. ``address`` is a running cluster ("auto", or
    "HOST:PORT"); without one a local Ray starts with ``num_cpus`` CPUs (default: all)
    and stops at the end."""
    import time

    try:
        import ray
        import ray.data
    except ImportError as exc:
        raise RayError("Ray is not installed: pip install 'accord[ray]'.") from exc

    started = time.monotonic()
    shards = list_shards(inputs)
    summary = RunSummary(shards=len(shards))
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # no report to anyone
    local = not ray.is_initialized()
    if local:
        try:
            ray.init(
                address=address,
                num_cpus=None if address else num_cpus,
                include_dashboard=False,
                log_to_driver=False,
            )
        except (ConnectionError, RuntimeError, ValueError) as exc:
            raise RayError(f"cannot start or reach Ray at {address or 'local'}: {exc}") from exc
    try:
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False
        # An analyser takes a block at a time, and a shard's records would come as one
        # large block: small blocks (a dozen articles) spread one shard over every
        # analyser. (A repartition step would ask for a CPU the analysers hold.)
        context.target_max_block_size = BLOCK_BYTES
        out = str(out)
        before = _existing(out)
        articles = ray.data.from_items(
            [{"shard": s} for s in shards], override_num_blocks=max(1, len(shards))
        ).flat_map(article_rows, fn_kwargs={"fields": fields}, num_cpus=0)  # type: ignore[arg-type]
        analysed = articles.map_batches(
            Analyser,
            fn_constructor_kwargs={"model": model, "time_limit": time_limit},
            batch_size=task_size(batch_size),
            batch_format="pyarrow",
            compute=ray.data.ActorPoolStrategy(
                size=concurrency, max_tasks_in_flight_per_actor=TASKS_IN_FLIGHT
            ),
            num_cpus=1,
        )
        # Reading and writing take no CPU of their own: every CPU asked for goes to
        # the analysers, and the cheap tasks around them still get scheduled.
        analysed.write_parquet(
            out,
            partition_cols=["month"],
            min_rows_per_file=ROWS_PER_FILE,
            ray_remote_args={"num_cpus": 0},
        )
        fs, base = filesystem_of(out)
        written = sorted(_existing(out) - before)
        if written:
            months = pads.partitioning(pa.schema([ROW_SCHEMA.field("month")]), flavor="hive")
            table = pads.dataset(
                written,
                filesystem=fs,
                format="parquet",
                partitioning=months,
                partition_base_dir=base,
                schema=ROW_SCHEMA,
            ).to_table(columns=["month"])
            rejected = table.filter(pc.equal(table["month"], REJECTED)).num_rows
            summary.analysed = table.num_rows - rejected
            summary.rejected = rejected
    finally:
        if local:
            ray.shutdown()
    summary.seconds = time.monotonic() - started
    return summary
