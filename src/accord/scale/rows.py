"""Analysis records as Parquet rows, partitioned by publication month, and back.

A distributed run (:mod:`accord.scale.ray_engine`) writes one row per input record
into a Hive-partitioned Parquet directory, ``month=YYYY-MM/`` (``month=undated/``
without a publication date); a record that could not be analysed is a row in
``month=rejected/`` with its origin and the reason. Each row keeps the whole
Analysis record as JSON, so nothing is lost; the other columns are there to filter
and partition on.

``accord load DIR`` (:func:`load`) brings the rows into the DuckDB store, each
document once, whatever ran them; DuckDB can also read the directory as it is
(docs/scale.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.fs as pafs

from ..ingest.readers import BadRecord
from ..records import Analysis
from ..store.store import Store, first_line
from .shards import ShardError, filesystem_of

__all__ = [
    "REJECTED",
    "ROW_SCHEMA",
    "UNDATED",
    "LoadSummary",
    "load",
    "month_of",
    "record_row",
    "rejected_row",
]

UNDATED = "undated"
REJECTED = "rejected"

ROW_SCHEMA = pa.schema(
    [
        pa.field("month", pa.string(), nullable=False),  # YYYY-MM, undated, rejected
        pa.field("doc_id", pa.string()),
        pa.field("sha256", pa.string()),
        pa.field("published", pa.date32()),
        pa.field("title", pa.string()),
        pa.field("source", pa.string()),
        pa.field("url", pa.string()),
        pa.field("origin", pa.string()),
        pa.field("pipeline", pa.string()),
        pa.field("events", pa.int32()),
        pa.field("record", pa.string()),  # the Analysis record, JSON
        pa.field("error", pa.string()),  # why a rejected row was rejected
    ]
)


def month_of(rec: Analysis) -> str:
    published = rec.document.published
    return f"{published.year:04d}-{published.month:02d}" if published else UNDATED


def record_row(rec: Analysis, origin: str | None, version: str) -> dict[str, Any]:
    """The row of one analysed document."""
    doc = rec.document
    return {
        "month": month_of(rec),
        "doc_id": doc.id,
        "sha256": doc.sha256,
        "published": doc.published,
        "title": doc.title,
        "source": doc.source,
        "url": doc.url,
        "origin": origin,
        "pipeline": version,
        "events": len(rec.events),
        "record": rec.model_dump_json(),
        "error": None,
    }


def rejected_row(origin: str, message: str) -> dict[str, Any]:
    """The row of a record that could not be analysed, and why."""
    row: dict[str, Any] = dict.fromkeys(ROW_SCHEMA.names)
    row.update(month=REJECTED, origin=origin, error=message)
    return row


@dataclass
class LoadSummary:
    read: int = 0
    stored: int = 0
    duplicates: int = 0
    rejected: int = 0  # rows of records the run could not analyse

    def line(self) -> str:
        return (
            f"{self.read} rows read, {self.stored} stored, {self.duplicates} already there, "
            f"{self.rejected} rejected by the run"
        )


def _rows(directory: str, batch: int) -> Iterator[list[dict[str, Any]]]:
    fs, path = filesystem_of(directory)
    info = fs.get_file_info(path)
    if info.type == pafs.FileType.NotFound:
        raise ShardError(f"{directory}: no such directory.")
    try:
        months = pads.partitioning(pa.schema([ROW_SCHEMA.field("month")]), flavor="hive")
        dataset = pads.dataset(
            path, filesystem=fs, format="parquet", partitioning=months, schema=ROW_SCHEMA
        )
        for chunk in dataset.to_batches(batch_size=batch):
            yield chunk.to_pylist()
    except (OSError, pa.ArrowException) as exc:
        raise ShardError(
            f"{directory}: not a directory of accord rows ({first_line(exc)})."
        ) from exc


def load(
    directory: str | Path,
    store: Store,
    *,
    batch: int = 256,
    on_bad: Callable[[BadRecord], None] | None = None,
) -> LoadSummary:
    """Store the analysed rows of a Parquet directory (local or any pyarrow URI),
    ``batch`` records per transaction; report the rejected ones to ``on_bad``.
    Documents already stored are counted, not stored again, so loading twice, or
    after a crash, is safe."""
    summary = LoadSummary()
    for rows in _rows(str(directory), batch):
        records: list[Analysis] = []
        origins: list[str | None] = []
        for row in rows:
            summary.read += 1
            if row["month"] == REJECTED or row["record"] is None:
                summary.rejected += 1
                if on_bad is not None:
                    on_bad(BadRecord(row["origin"] or "?", row["error"] or "rejected"))
                continue
            records.append(Analysis.model_validate_json(row["record"]))
            origins.append(row["origin"])
        stored = store.add(records, origins)
        summary.stored += stored
        summary.duplicates += len(records) - stored
    return summary
