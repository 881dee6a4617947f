"""Shards on any filesystem, Parquet rows by month, ``accord load``, and the Ray
engine giving the very records the single-process path gives."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from accord import Pipeline
from accord.cli import main
from accord.ingest.readers import BadRecord, Item, read_sources
from accord.ingest.run import ingest
from accord.scale.rows import REJECTED, ROW_SCHEMA, load, month_of, record_row, rejected_row
from accord.scale.shards import ShardError, list_shards, read_shard
from accord.store.store import Store
from accord.text import prepare

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "examples" / "articles").glob("*.md"))


def _sample_lines() -> list[str]:
    """The sample articles as JSON Lines records (text and metadata)."""
    lines = []
    for path in SAMPLES:
        article = prepare(path.read_bytes(), suffix=".md")
        record = {
            "text": article.text,
            "title": article.title,
            "published": article.published.isoformat() if article.published else None,
            "source": article.source,
            "url": article.url,
        }
        lines.append(json.dumps(record, ensure_ascii=False))
    return lines


@pytest.fixture
def shards(tmp_path: Path) -> Path:
    """Two JSON Lines shards (one with a broken line) and a Parquet shard."""
    folder = tmp_path / "shards"
    (folder / "part").mkdir(parents=True)
    lines = _sample_lines()
    (folder / "a.jsonl").write_text("\n".join([*lines[:2], "{broken", ""]), encoding="utf-8")
    (folder / "part" / "b.jsonl").write_text("\n".join(lines[2:4]) + "\n", encoding="utf-8")
    table = pa.Table.from_pylist(
        [
            {"text": json.loads(line)["text"], "published": dt.date(2024, 7, 1), "n": 1}
            for line in lines[4:6]
        ]
    )
    pq.write_table(table, folder / "c.parquet")
    (folder / "notes.txt").write_text("not a shard", encoding="utf-8")
    (folder / "_SUCCESS").write_text("", encoding="utf-8")
    return folder


def test_list_shards_walks_directories_and_uris(shards: Path) -> None:
    found = list_shards([str(shards)])
    assert [Path(f).name for f in found] == ["a.jsonl", "c.parquet", "b.jsonl"]
    as_uri = list_shards([shards.as_uri()])
    assert all(u.startswith("file://") for u in as_uri)
    assert len(as_uri) == 3
    with pytest.raises(ShardError, match="no such file"):
        list_shards([str(shards / "missing")])


def test_read_shard_reports_bad_lines_and_reads_parquet_rows(shards: Path) -> None:
    items = list(read_shard(str(shards / "a.jsonl")))
    assert [type(i).__name__ for i in items] == ["Item", "Item", "BadRecord"]
    bad = items[2]
    assert isinstance(bad, BadRecord)
    assert bad.origin.endswith("a.jsonl:3")
    rows = list(read_shard((shards / "c.parquet").as_uri()))
    assert all(isinstance(r, Item) for r in rows)
    first = rows[0]
    assert isinstance(first, Item)
    assert first.published == "2024-07-01"
    assert first.origin.endswith("c.parquet:row 1")
    missing = list(read_shard(str(shards / "gone.jsonl")))
    assert isinstance(missing[0], BadRecord)


def _write_rows(directory: Path, rows: list[dict[str, object]]) -> None:
    table = pa.Table.from_pylist(rows, schema=ROW_SCHEMA)
    pq.write_to_dataset(table, directory, partition_cols=["month"])


def test_rows_load_into_the_store_once(tmp_path: Path, pipeline: Pipeline) -> None:
    recs = [pipeline.analyze(json.loads(line)["text"]) for line in _sample_lines()[:3]]
    rows = [record_row(r, f"s.jsonl:{i}", pipeline.version) for i, r in enumerate(recs, 1)]
    rows.append(rejected_row("s.jsonl:4", "[A104] not English"))
    assert rows[0]["month"] == month_of(recs[0])
    _write_rows(tmp_path / "out", rows)
    assert {p.name for p in (tmp_path / "out").iterdir()} >= {f"month={REJECTED}"}
    bad: list[BadRecord] = []
    with Store(tmp_path / "s.duckdb") as store:
        first = load(tmp_path / "out", store, on_bad=bad.append)
        again = load(tmp_path / "out", store)
        stored = {r.document.id: r for r in store.records()}
    assert (first.read, first.stored, first.rejected) == (4, 3, 1)
    assert (again.stored, again.duplicates) == (0, 3)
    assert bad == [BadRecord("s.jsonl:4", "[A104] not English")]
    assert stored[recs[0].document.id] == recs[0]


def test_load_command_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["load", str(tmp_path / "nothing"), "--db", str(tmp_path / "s.duckdb")]) == 2
    assert "no such directory" in capsys.readouterr().err
    args = ["ingest", str(tmp_path), "--engine", "ray", "--db", str(tmp_path / "s.duckdb")]
    assert main(args) == 2
    assert "give --out DIR" in capsys.readouterr().err


@pytest.mark.slow
def test_ray_gives_the_records_of_the_single_process_path(
    shards: Path, tmp_path: Path, pipeline: Pipeline
) -> None:
    ray = pytest.importorskip("ray")
    from accord.scale import ray_engine

    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        summary = ray_engine.run([str(shards)], tmp_path / "out", concurrency=2, batch_size=2)
    finally:
        ray.shutdown()
    assert (summary.shards, summary.analysed, summary.rejected) == (3, 6, 1)
    months = {p.name for p in (tmp_path / "out").iterdir()}
    assert "month=2024-07" in months
    assert "month=rejected" in months

    with Store(tmp_path / "ray.duckdb") as store:
        loaded = load(tmp_path / "out", store)
        by_ray = {r.document.id: r.model_dump(mode="json") for r in store.records()}
    assert loaded.stored == 6

    sources = [str(shards / "a.jsonl"), str(shards / "part" / "b.jsonl")]
    items = [i for i in read_sources(sources) if isinstance(i, Item)]
    items += [i for i in read_shard(str(shards / "c.parquet")) if isinstance(i, Item)]
    with Store(tmp_path / "local.duckdb") as store:
        ingest(items, store, pipeline)
        by_local = {r.document.id: r.model_dump(mode="json") for r in store.records()}
    assert by_ray.keys() == by_local.keys()
    for doc_id, record in by_local.items():
        assert by_ray[doc_id] == record, doc_id
