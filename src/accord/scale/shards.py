"""Input shards on any filesystem pyarrow knows: local paths, ``file://``, ``s3://``,
``gs://``, ``hdfs://`` and the rest.

A shard is one JSON Lines file (``.jsonl``, ``.ndjson``, ``.json``) or one Parquet
file (``.parquet``) of articles, with the fields of ``accord ingest`` (``text`` or
``html``, ``title``, ``published``, ``source``, ``url``; renamed with
:class:`~accord.ingest.readers.Fields`). A directory stands for every shard under it.
Reading a shard yields the same :class:`~accord.ingest.readers.Item` and
:class:`~accord.ingest.readers.BadRecord` objects as the local readers, with origins
``SHARD:LINE`` (JSON Lines) or ``SHARD:row N`` (Parquet), so one bad record is
reported where it is and the rest goes in.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from ..errors import InputError
from ..ingest.readers import BadRecord, Fields, Item, read_jsonl_stream, record_item
from ..store.store import first_line

__all__ = [
    "ARTICLE_SCHEMA",
    "JSONL_SUFFIXES",
    "PARQUET_SUFFIXES",
    "ShardError",
    "article_rows",
    "filesystem_of",
    "list_shards",
    "read_shard",
]

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
PARQUET_SUFFIXES = (".parquet",)
DEFAULT_FIELDS = Fields()


class ShardError(InputError):
    """An input path or URI that names no shard (missing, unreadable, unknown scheme)."""

    code = "A440"


def filesystem_of(uri: str) -> tuple[pafs.FileSystem, str]:
    """The filesystem and path of a URI, or of a local path (relative or not)."""
    if "://" not in uri:
        return pafs.LocalFileSystem(), str(Path(uri).resolve())
    try:
        fs, path = pafs.FileSystem.from_uri(uri)
    except (ValueError, OSError) as exc:
        raise ShardError(f"{uri}: not a URI pyarrow can read ({first_line(exc)}).") from exc
    return fs, str(path)


def _uri(fs: pafs.FileSystem, path: str, given: str) -> str:
    """The URI of ``path`` on ``fs``, in the form the user gave (plain paths stay plain)."""
    if "://" not in given:
        return path
    return f"{given.split('://', 1)[0]}://{path}"


def list_shards(inputs: Sequence[str]) -> list[str]:
    """Every shard named by ``inputs`` (files, or directories walked recursively), in a
    stable order; raises :class:`ShardError` for an input that is neither."""
    found: list[str] = []
    for given in inputs:
        fs, path = filesystem_of(given)
        info = fs.get_file_info(path)
        if info.type == pafs.FileType.File:
            found.append(_uri(fs, path, given))
        elif info.type == pafs.FileType.Directory:
            entries = fs.get_file_info(pafs.FileSelector(path, recursive=True))
            found += sorted(
                _uri(fs, e.path, given)
                for e in entries
                if e.type == pafs.FileType.File
                and e.path.lower().endswith(JSONL_SUFFIXES + PARQUET_SUFFIXES)
                and not any(part.startswith((".", "_")) for part in e.path.split("/"))
            )
        else:
            raise ShardError(f"{given}: no such file or directory.")
    return found


class _ArrowRaw(io.RawIOBase):
    """A pyarrow input stream as a raw Python stream (for ``readline``)."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def read_shard(
    uri: str, *, fields: Fields = DEFAULT_FIELDS, max_bytes: int | None = None
) -> Iterator[Item | BadRecord]:
    """The articles of one shard; a shard that cannot be opened is one BadRecord."""
    fs, path = filesystem_of(uri)
    try:
        if path.lower().endswith(PARQUET_SUFFIXES):
            yield from _parquet_items(fs, path, uri, fields)
            return
        with fs.open_input_stream(path) as stream:
            buffered = io.BufferedReader(_ArrowRaw(stream), buffer_size=1 << 16)
            yield from read_jsonl_stream(buffered, uri, fields=fields, max_bytes=max_bytes)
    except (OSError, pa.ArrowException) as exc:
        yield BadRecord(uri, f"cannot be read ({first_line(exc)})")


def _parquet_items(
    fs: pafs.FileSystem, path: str, uri: str, fields: Fields
) -> Iterator[Item | BadRecord]:
    """Rows of a Parquet shard as items, each read like a JSON Lines record."""
    wanted = [fields.text, fields.html, fields.title, fields.published, fields.source, fields.url]
    with fs.open_input_file(path) as handle:
        shard = pq.ParquetFile(handle)
        columns = [c for c in dict.fromkeys(wanted) if c in shard.schema_arrow.names]
        row = 0
        for batch in shard.iter_batches(batch_size=256, columns=columns):
            for values in batch.to_pylist():
                row += 1
                record = {k: _plain(v) for k, v in values.items()}
                yield record_item(record, f"{uri}:row {row}", fields)


def _plain(value: Any) -> Any:
    """A Parquet value as JSON would give it (dates and timestamps as ISO text)."""
    return value.isoformat() if isinstance(value, dt.date) else value


#: The columns of an article row, between the shard readers and the analysers.
ARTICLE_SCHEMA = pa.schema(
    [(name, pa.string()) for name in ("origin", "raw", "format", "title", "published")]
    + [(name, pa.string()) for name in ("source", "url", "error")]
)


def article_rows(shard: dict[str, Any], fields: Fields) -> list[dict[str, Any]]:
    """One shard's records as article rows (:data:`ARTICLE_SCHEMA`), a bad record as
    a row with its error: the function Ray Data maps over the shards. It lives here,
    not beside the analysers, so that the Ray workers reading shards import neither
    spaCy nor the pipeline."""
    rows: list[dict[str, Any]] = []
    for item in read_shard(shard["shard"], fields=fields):
        if isinstance(item, BadRecord):
            rows.append({"origin": item.origin, "error": item.message})
            continue
        raw = item.raw if isinstance(item.raw, str) else item.raw.decode("utf-8", "replace")
        rows.append(
            {
                "origin": item.origin,
                "raw": raw,
                "format": item.format,
                "title": item.title,
                "published": item.published,
                "source": item.source,
                "url": item.url,
                "error": None,
            }
        )
    return [{name: row.get(name) for name in ARTICLE_SCHEMA.names} for row in rows]
