"""The hostile corpus among good articles, through ``accord ingest``: every good record
stored exactly once, every bad one reported with its file (and line) and counted as
refused, exit code 1; feeds with entity bombs refused without expanding anything.

The command gets the session's loaded pipeline (``run_ingest`` would load spaCy).
"""

from __future__ import annotations

import json
import re
import socket
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

import accord.ingest.command
from accord import Pipeline
from accord.cli import main
from accord.ingest.readers import BadRecord, Item, read_sources
from accord.ingest.run import ingest
from accord.records import Analysis
from accord.store.store import Store

from .corpus import (
    ARTICLES,
    FEEDS,
    JSONL_LINES,
    Case,
    assert_sound,
    external_dtd_feed,
    good_article,
    watchdog,
)
from .test_analyze import params

#: Articles a folder can hold: a publication date given beside the input has no file form.
FILE_CASES = [c for c in ARTICLES + FEEDS if c.published is None]
#: Peak memory allowed while a feed bomb is read: expanded, the smallest one is 400 MB.
BOMB_MEMORY = 50_000_000
_SKIPPED = re.compile(r"^accord: skipped (.+?): (.*)$")


def _good_line(i: int) -> bytes:
    return json.dumps({"text": good_article(i).decode(), "published": "2024-07-08"}).encode()


def _origins(db: Path) -> list[str]:
    with Store(db, read_only=True) as store:
        return [row[0] for row in store.con.execute("SELECT origin FROM documents").fetchall()]


def _records(db: Path) -> dict[str, Analysis]:
    with Store(db, read_only=True) as store:
        found = {}
        for row in store.con.execute("SELECT origin, record FROM documents").fetchall():
            found[row[0]] = Analysis.model_validate_json(row[1])
        return found


Ingest = Callable[[Path, Path], tuple[int, dict[str, str], str]]


@pytest.fixture
def run_ingest(
    pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Ingest:
    """``accord ingest PATH --db DB`` in-process: (exit code, {origin: message} of the
    skipped records, the summary line)."""
    monkeypatch.setattr(accord.ingest.command, "Pipeline", lambda *args, **kwargs: pipeline)
    monkeypatch.delenv("ACCORD_MAX_BYTES", raising=False)

    def run(path: Path, db: Path) -> tuple[int, dict[str, str], str]:
        with watchdog():
            code = main(["ingest", str(path), "--db", str(db), "--workers", "1"])
        err = capsys.readouterr().err.splitlines()
        skipped = {m[1]: m[2] for line in err if (m := _SKIPPED.match(line))}
        return code, skipped, err[-1]

    return run


def _expected_origin(case: Case, path: Path) -> str:
    """Where a case's record or refusal is reported: a file, a line, a feed entry."""
    if case.suffix == ".jsonl":
        return str(path)
    if case.suffix in {".rss", ".xml", ".atom"} and case.refusal in (None, "entry has no text"):
        return f"{path}#1"
    return str(path)


def assert_case(
    case: Case, origin: str, skipped: dict[str, str], stored: dict[str, Analysis]
) -> None:
    """The case's one outcome: refused with its message, or stored once and sound."""
    if case.refusal is not None:
        assert origin in skipped, f"{case.name}: not reported ({sorted(skipped)})"
        assert case.refusal in skipped[origin], f"{case.name}: {skipped[origin]}"
        assert "[A500]" not in skipped[origin], f"{case.name}: a bug, not a refusal"
        assert origin not in stored
        return
    assert origin not in skipped, f"{case.name}: refused: {skipped.get(origin)}"
    assert origin in stored, f"{case.name}: not stored"
    assert_sound(stored[origin])
    if case.check is not None:
        case.check(stored[origin])


def test_a_folder_of_every_case_among_good_articles(tmp_path: Path, run_ingest: Ingest) -> None:
    folder, db = tmp_path / "in", tmp_path / "s.duckdb"
    folder.mkdir()
    paths: dict[str, Path] = {}
    cases = [c for c in FILE_CASES if c.bug is None]
    for i, case in enumerate(cases):  # sorted by name: every case between two good ones
        (folder / f"{i:02d}a-good.txt").write_bytes(good_article(i))
        paths[case.name] = folder / f"{i:02d}b-{case.file_name}"
        paths[case.name].write_bytes(case.build())
    code, skipped, summary = run_ingest(folder, db)
    stored = _records(db)
    origins = _origins(db)
    assert len(origins) == len(set(origins)), "a document stored twice"
    for case in cases:
        assert_case(case, _expected_origin(case, paths[case.name]), skipped, stored)
    good_paths = sorted(str(p) for p in folder.glob("*a-good.txt"))
    assert set(good_paths) <= set(origins), "a good article was lost"
    refused = sum(c.refusal is not None for c in cases)
    analysed = len(cases) - refused
    assert code == 1
    assert len(skipped) == refused
    assert f"{len(good_paths) + analysed} stored" in summary
    assert f"{refused} refused" in summary


def test_one_jsonl_file_of_every_line_among_good_lines(tmp_path: Path, run_ingest: Ingest) -> None:
    path, db = tmp_path / "wire.jsonl", tmp_path / "s.duckdb"
    cases = [c for c in JSONL_LINES if c.bug is None]
    lines: list[bytes] = []
    for i, case in enumerate(cases):
        lines += [_good_line(i), case.build()]
    lines.append(_good_line(len(cases)))
    path.write_bytes(b"\n".join(lines) + b"\n")
    code, skipped, summary = run_ingest(path, db)
    stored = _records(db)
    for i, case in enumerate(cases):
        assert_case(case, f"{path}:{2 * i + 2}", skipped, stored)
    goods = [f"{path}:{2 * i + 1}" for i in range(len(cases) + 1)]
    assert [g for g in goods if g not in stored] == [], "good records lost"
    assert sorted(_origins(db)) == sorted(set(_origins(db)))
    refused = sum(c.refusal is not None for c in cases)
    assert code == 1
    assert len(skipped) == refused
    assert f"{len(goods) + len(cases) - refused} stored" in summary


# -- the known bugs, each alone among good articles -------------------------------------------


def _ingest_alone(case: Case, tmp_path: Path, pipeline: Pipeline) -> None:
    """``case`` between two good articles through ``ingest``: both goods stored once."""
    folder = tmp_path / "in"
    folder.mkdir()
    if case.suffix == ".jsonl":
        path = folder / "b.jsonl"
        path.write_bytes(b"\n".join([_good_line(1), case.build(), _good_line(2)]))
        origin, goods = f"{path}:2", [f"{path}:1", f"{path}:3"]
    else:
        path = folder / f"b{case.suffix}"
        path.write_bytes(case.build())
        origin, goods = _expected_origin(case, path), [str(folder / "a.txt"), str(folder / "c.txt")]
        (folder / "a.txt").write_bytes(good_article(1))
        (folder / "c.txt").write_bytes(good_article(2))
    skipped: dict[str, str] = {}

    def refused(bad: BadRecord) -> None:
        skipped[bad.origin] = bad.message

    db = tmp_path / "s.duckdb"
    with Store(db) as store, watchdog():
        summary = ingest(read_sources([folder]), store, pipeline, on_bad=refused)
    origins = _origins(db)
    assert sorted(origins) == sorted(set(origins)), "a document stored twice"
    assert set(goods) <= set(origins), "a good article was lost"
    assert summary.refused == (case.refusal is not None)
    assert_case(case, origin, skipped, _records(db))


@pytest.mark.parametrize("case", params([c for c in FILE_CASES + JSONL_LINES if c.bug]))
def test_a_known_bug_alone_among_good_articles(
    tmp_path: Path, pipeline: Pipeline, case: Case
) -> None:
    _ingest_alone(case, tmp_path, pipeline)


# -- feeds: bombs and external entities -------------------------------------------------------


@pytest.mark.parametrize(
    "case", [pytest.param(c, id=c.name) for c in FEEDS if "DTD entity" in (c.refusal or "")]
)
def test_an_entity_bomb_is_refused_without_expanding(tmp_path: Path, case: Case) -> None:
    path = tmp_path / case.file_name
    path.write_bytes(case.build())
    tracemalloc.start()
    try:
        with watchdog():
            found = list(read_sources([path]))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert found == [BadRecord(str(path), "DTD entity declarations are refused")]
    assert peak < BOMB_MEMORY, f"{peak:,} bytes allocated: something was expanded"


def test_an_external_dtd_is_never_fetched(tmp_path: Path) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.setblocking(False)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/hostile.dtd"
        path = tmp_path / "feed.rss"
        path.write_bytes(external_dtd_feed(url))
        with watchdog():
            found = list(read_sources([path]))
        with pytest.raises(BlockingIOError):
            listener.accept()  # nobody connected
    assert len(found) == 1
    assert isinstance(found[0], Item)
    assert "an external DTD" in str(found[0].raw)
