"""Ingest end to end: the store gets every good document once, bad ones are reported,
and a run killed half-way completes when run again."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from accord import Pipeline
from accord.cli import main
from accord.ingest.command import ProgressReport
from accord.ingest.readers import BadRecord, Item, estimate_items, read_sources
from accord.ingest.run import IngestSummary, ingest, reprocess
from accord.store.store import Store

CITIES = ["Canberra", "Tokyo", "Manila", "Wellington", "Seoul", "Hanoi", "Jakarta", "Suva"]


def _text(i: int) -> str:
    city = CITIES[i % len(CITIES)]
    return (
        f"Delegations from Japan and Australia met in {city} for round {i} of talks on "
        f"fishing quotas. The ministers signed a protocol on maritime patrols after "
        f"{i + 2} hours of negotiations, officials said."
    )


def _item(i: int, origin: str | None = None) -> Item:
    return Item(raw=_text(i), format="text", origin=origin or f"doc{i}", published="2024-07-10")


def test_good_items_are_stored_and_bad_ones_reported(tmp_path: Path, pipeline: Pipeline) -> None:
    seen: list[BadRecord] = []
    sources = [
        _item(0),
        BadRecord("feed.jsonl:2", "invalid JSON"),
        Item(raw="   ", format="text", origin="blank.txt"),
        Item(raw=_text(1), format="text", origin="late.jsonl:4", published="not a date"),
        _item(1),
    ]
    with Store(tmp_path / "s.duckdb") as store:
        summary = ingest(sources, store, pipeline, on_bad=seen.append)
        origins = sorted(r[0] for r in store.con.execute("SELECT origin FROM documents").fetchall())
        assert store.count() == 2
    assert (summary.read, summary.stored, summary.refused, summary.duplicates) == (5, 2, 3, 0)
    assert [b.origin for b in seen] == ["feed.jsonl:2", "blank.txt", "late.jsonl:4"]
    assert "date" in seen[2].message.lower()
    assert origins == ["doc0", "doc1"]


def test_the_same_input_twice_changes_nothing(tmp_path: Path, pipeline: Pipeline) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        first = ingest([_item(i) for i in range(3)], store, pipeline)
        events = store.count("events")
        again = ingest([_item(i) for i in range(3)], store, pipeline)
        assert store.count() == 3
        assert store.count("events") == events
    assert (first.stored, again.stored, again.duplicates) == (3, 0, 3)


def test_a_repeat_inside_one_run_is_a_duplicate(tmp_path: Path, pipeline: Pipeline) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        summary = ingest([_item(0), _item(0, "copy"), _item(1)], store, pipeline, commit_every=1)
        assert store.count() == 2
    assert summary.duplicates == 1


def test_two_workers_store_what_one_worker_stores(tmp_path: Path, pipeline: Pipeline) -> None:
    records = {}
    for workers in (1, 2):
        with Store(tmp_path / f"w{workers}.duckdb") as store:
            ingest([_item(i) for i in range(6)], store, pipeline, workers=workers, batch_size=2)
            records[workers] = sorted(r.model_dump_json() for r in store.records())
    assert records[1] == records[2]
    assert len(records[1]) == 6


def test_reprocess_replaces_what_another_version_made(tmp_path: Path, pipeline: Pipeline) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        ingest([_item(i) for i in range(3)], store, pipeline)
        assert reprocess(store, pipeline).analysed == 0  # nothing stale
        store.con.execute("UPDATE documents SET pipeline = 'old' WHERE origin = 'doc1'")
        assert reprocess(store, pipeline).analysed == 1
        assert reprocess(store, pipeline, everything=True).analysed == 3
        assert store.document_ids(stale=pipeline.version) == []
        assert store.count() == 3


def test_cli_ingests_a_folder_and_reports_the_bad_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(_text(0), encoding="utf-8")
    lines = [json.dumps({"text": _text(1), "published": "2024-07-11"}), "{oops", ""]
    (folder / "b.jsonl").write_text("\n".join(lines), encoding="utf-8")
    db = tmp_path / "s.duckdb"
    code = main(["ingest", str(folder), "--db", str(db), "--workers", "1"])
    err = capsys.readouterr().err
    assert code == 1
    assert "b.jsonl:2" in err
    assert "2 stored" in err
    with Store(db, read_only=True) as store:
        assert store.count() == 2
    assert main(["ingest", str(folder / "a.txt"), "--db", str(db), "--workers", "1"]) == 0
    assert "1 already there" in capsys.readouterr().err


def test_killed_mid_ingest_then_run_again_stores_everything_once(tmp_path: Path) -> None:
    n = 40
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        "".join(json.dumps({"text": _text(i), "published": "2024-07-10"}) + "\n" for i in range(n)),
        encoding="utf-8",
    )
    db = tmp_path / "s.duckdb"
    command = [
        sys.executable,
        "-c",
        "import sys; from accord.cli import main; sys.exit(main())",
        "ingest",
        str(corpus),
        "--db",
        str(db),
        "--workers",
        "1",
        "--commit-every",
        "2",
        "--log-every",
        "1",
    ]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env)
    assert proc.stderr is not None
    for line in proc.stderr:  # wait for the first committed batch, then kill
        if " stored" in line:
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=120)
    assert proc.returncode == -signal.SIGKILL
    with Store(db) as store:  # opens cleanly after the kill
        partial = store.count()
    assert 2 <= partial < n
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    with Store(db, read_only=True) as store:
        assert store.count() == n
        distinct = store.con.execute("SELECT count(DISTINCT sha256) FROM documents").fetchone()
        assert distinct == (n,)
        orphans = store.con.execute(
            "SELECT count(*) FROM events WHERE doc_id NOT IN (SELECT doc_id FROM documents)"
        ).fetchone()
        assert orphans == (0,)
    assert f"{n - partial} stored" in done.stderr


def test_readers_and_ingest_stream_together(tmp_path: Path, pipeline: Pipeline) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(_text(0), encoding="utf-8")
    (folder / "sub" / "b.md").write_text("# Talks\n\n" + _text(1), encoding="utf-8")
    (folder / "c.html").write_text(
        f"<html><head><title>Talks</title></head><body><p>{_text(2)}</p></body></html>",
        encoding="utf-8",
    )
    with Store(tmp_path / "s.duckdb") as store:
        summary = ingest(read_sources([folder]), store, pipeline)
        formats = {r.document.title for r in store.records()}
    assert summary.stored == 3
    assert "Talks" in formats


def test_the_total_is_estimated_without_parsing(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("one", encoding="utf-8")
    (folder / "sub" / "b.jsonl").write_text('{"text": "x"}\n\n{"text": "y"}\n{oops\n')
    (folder / "c.xml").write_text("<rss><channel><item>1</item><item>2</item></channel></rss>")
    (folder / "skip.pdf").write_bytes(b"%PDF")
    assert estimate_items([folder]) == 1 + 3 + 2
    assert estimate_items([folder], exclude=["sub/*"]) == 3
    assert estimate_items([folder / "a.txt", tmp_path / "missing.txt"]) == 2
    assert estimate_items([folder, "-"]) is None


def test_progress_on_a_terminal_and_in_a_log(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = IngestSummary(read=3, stored=2)
    with ProgressReport(every=2, total=10) as report:  # captured stderr: no terminal
        report(summary)
        report(IngestSummary(read=4, stored=3))  # below the next line's mark
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("accord: 3 read, 2 stored")
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    progress = ProgressReport(every=2, total=10)
    with progress as report:
        report(summary)
        assert progress.rich is not None
        task = progress.rich.tasks[0]
        assert (task.completed, task.total, task.fields["stored"]) == (3, 10, 2)


@pytest.mark.parametrize(("workers", "cut"), [(1, True), (2, False)])
def test_one_ingesting_process_analyses_smaller_batches(
    tmp_path: Path, pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch, workers: int, cut: bool
) -> None:
    """The process that also holds the store cuts its batches at
    ONE_PROCESS_BATCH_CHARS; with workers, the tasks keep the pipeline's default."""
    asked: list[int | None] = []
    outcomes = Pipeline.outcomes

    def spy(self: Pipeline, articles: Any, **options: Any) -> Any:
        asked.append(options.get("max_chars"))
        return outcomes(self, articles, **options)

    monkeypatch.setattr(Pipeline, "outcomes", spy)
    monkeypatch.setattr("accord.ingest.run.ONE_PROCESS_BATCH_CHARS", 300)
    with Store(tmp_path / "s.duckdb") as store:
        summary = ingest([_item(i) for i in range(4)], store, pipeline, workers=workers)
        assert reprocess(store, pipeline, everything=True, workers=workers).analysed == 4
    assert summary.stored == 4
    assert asked == ([300, 300] if cut else [None, None])
