"""The store itself: schema and migrations, atomic batches, idempotence, stories."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from accord.records import Analysis
from accord.store import dedup, schema
from accord.store.schema import SCHEMA_VERSION
from accord.store.store import Store, StoreError

from .conftest import STORIES, Story, record


def test_a_new_store_has_the_current_schema(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        assert store.schema_version == SCHEMA_VERSION
        tables = {r[0] for r in store.con.execute("SHOW TABLES").fetchall()}
    assert {"documents", "actors", "mentions", "events", "quotes", "framing"} <= tables


def test_reopening_applies_no_migration_twice(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    Store(path).close()
    with Store(path) as store:
        rows = store.con.execute("SELECT version FROM schema_migrations").fetchall()
    assert rows == [(v,) for v in range(1, SCHEMA_VERSION + 1)]


def test_a_store_from_a_newer_accord_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        store.con.execute("INSERT INTO schema_migrations (version) VALUES (?)", [99])
    with pytest.raises(StoreError, match="newer than this accord"):
        Store(path)


def test_read_only_needs_an_existing_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such store"):
        Store(tmp_path / "absent.duckdb", read_only=True)
    plain = tmp_path / "plain.duckdb"
    duckdb.connect(str(plain)).close()
    with pytest.raises(StoreError, match="not an accord store"):
        Store(plain, read_only=True)


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "text.duckdb"
    path.write_text("not a database\n" * 100)
    with pytest.raises(StoreError, match="cannot open"):
        Store(path)


def test_every_row_lands_and_carries_the_pipeline_version(
    corpus_store: Store, corpus_records: list[Analysis]
) -> None:
    assert corpus_store.count() == len(STORIES)
    assert corpus_store.count("events") == sum(len(s.events) for s in STORIES)
    assert corpus_store.count("quotes") == 1
    versions = corpus_store.con.execute(
        "SELECT DISTINCT pipeline FROM events UNION SELECT DISTINCT pipeline FROM documents"
    ).fetchall()
    assert len(versions) == 1
    assert versions[0][0].startswith("0.1.0+")
    first = corpus_records[0]
    assert corpus_store.record(first.document.id) == first


def test_adding_the_same_records_again_changes_nothing(
    corpus_store: Store, corpus_records: list[Analysis]
) -> None:
    before = corpus_store.con.execute("SELECT count(*) FROM events").fetchone()
    assert corpus_store.add(corpus_records) == 0
    assert corpus_store.count() == len(STORIES)
    assert corpus_store.con.execute("SELECT count(*) FROM events").fetchone() == before


def test_a_record_repeated_inside_one_batch_is_stored_once(tmp_path: Path) -> None:
    rec = record(STORIES[0])
    with Store(tmp_path / "s.duckdb") as store:
        assert store.add([rec, rec]) == 1
        assert store.count() == 1


def test_a_failing_batch_leaves_nothing_behind(tmp_path: Path) -> None:
    good = record(STORIES[2])
    # an event with an actor code longer than any column allows is fine, so break the
    # batch another way: a record whose document id collides with a stored one under
    # a different text violates the primary key half-way through the batch
    clash = record(STORIES[3]).model_copy(
        update={"document": good.document.model_copy(update={"sha256": "f" * 64})}
    )
    with Store(tmp_path / "s.duckdb") as store:
        with pytest.raises(duckdb.Error):
            store.add([good, clash])
        assert store.count() == 0
        assert store.count("events") == 0
        # the store is still usable, and its story index forgot the failed batch
        assert store.add([good]) == 1
        row = store.con.execute("SELECT story_id FROM documents").fetchone()
    assert row == (good.document.id,)


def test_syndicated_copies_share_a_story(corpus_store: Store) -> None:
    rows = corpus_store.con.execute(
        "SELECT story_id, count(*) FROM documents GROUP BY story_id HAVING count(*) > 1"
    ).fetchall()
    assert len(rows) == 1
    assert rows[0][1] == 2


def test_stories_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        store.add([record(STORIES[0])])
    with Store(path) as store:
        store.add([record(STORIES[1])])  # the syndicated copy, in a later session
        stories = store.con.execute("SELECT DISTINCT story_id FROM documents").fetchall()
    assert len(stories) == 1


def test_different_texts_are_different_stories(tmp_path: Path) -> None:
    a = Story("2024-05-01", "A", [("JPN", "057", "AUS")], "Talks on fisheries went well.")
    b = Story("2024-05-01", "B", [("RUS", "190", "UKR")], "Shelling hit the port at dawn.")
    with Store(tmp_path / "s.duckdb") as store:
        store.add([record(a), record(b)])
        stories = store.con.execute("SELECT DISTINCT story_id FROM documents").fetchall()
    assert len(stories) == 2


def test_replace_swaps_the_analysis_and_keeps_the_document(corpus_store: Store) -> None:
    old = record(STORIES[4])
    new = record(STORIES[4], versions={"accord": "0.2.0", "events": "next"})
    assert corpus_store.replace([new]) == 1
    events = corpus_store.con.execute(
        "SELECT DISTINCT pipeline FROM events WHERE doc_id = ?", [old.document.id]
    ).fetchall()
    assert events == [
        (
            corpus_store.con.execute(
                "SELECT pipeline FROM documents WHERE doc_id = ?", [old.document.id]
            ).fetchone()[0],
        )
    ]
    assert events[0][0].startswith("0.2.0+")
    assert corpus_store.count() == len(STORIES)
    assert corpus_store.document_ids(stale=events[0][0]) != corpus_store.document_ids()


def test_a_store_of_schema_1_is_migrated_with_its_stories(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.duckdb"
    with monkeypatch.context() as m:
        m.setattr("accord.store.store.MIGRATIONS", schema.MIGRATIONS[:1])
        m.setattr("accord.store.store.SCHEMA_VERSION", 1)
        with Store(path) as old:  # written the way accord wrote schema 1
            for rec in (record(STORIES[0]), record(STORIES[4])):
                old._insert_document(rec, None, rec.document.id)
                old._insert_analyses([(rec, rec.document.id)])
                sig = dedup.signature(rec.text).hashvalues.tolist()
                old.con.execute("INSERT INTO signatures VALUES (?, ?)", [rec.document.id, sig])
            events = old.count("events")
    with Store(path) as store:
        assert store.schema_version == 2
        assert store.count() == 2
        assert store.count("events") == events
        assert store.count("story_bands") == 2 * dedup.banding()[0]
        keys = store.con.execute(
            "SELECT count(*) FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'"
        ).fetchone()
        indexes = store.con.execute("SELECT count(*) FROM duckdb_indexes()").fetchone()
        # the syndicated copy of a document stored before the migration joins its story
        store.add([record(STORIES[1])])
        stories = dict(store.con.execute("SELECT doc_id, story_id FROM documents").fetchall())
    assert keys == (2,)  # documents and schema_migrations keep theirs
    assert indexes == (0,)
    first, copy = record(STORIES[0]).document.id, record(STORIES[1]).document.id
    assert stories[copy] == stories[first] == first


def test_a_copy_in_the_same_batch_joins_the_earlier_story(tmp_path: Path) -> None:
    original, copy = record(STORIES[0]), record(STORIES[1])
    with Store(tmp_path / "s.duckdb") as store:
        store.add([original, copy])
        stories = dict(store.con.execute("SELECT doc_id, story_id FROM documents").fetchall())
    assert stories == {
        original.document.id: original.document.id,
        copy.document.id: original.document.id,
    }


@pytest.mark.parametrize(
    ("near", "expected"),
    [
        ({}, {"a": "a", "b": "b"}),
        ({"b": [("a", None, None)], "a": [("b", None, None)]}, {"a": "a", "b": "a"}),
        # a stored neighbour wins over one earlier in the batch; the earliest stored one
        (
            {
                "a": [("x", "sx", dt.datetime(2024, 2, 1)), ("y", "sy", dt.datetime(2024, 1, 1))],
                "b": [("a", None, None), ("z", "sz", dt.datetime(2025, 1, 1))],
            },
            {"a": "sy", "b": "sz"},
        ),
    ],
)
def test_a_document_joins_the_earliest_story_it_shares_a_band_with(
    near: dict[str, list[dedup.Candidate]], expected: dict[str, str]
) -> None:
    assert dedup.stories(["a", "b"], near) == expected


def test_band_keys_are_stable_across_runs() -> None:
    sig = dedup.signature("Ministers of both governments met in Oslo to discuss fisheries.")
    keys = dedup.band_keys(sig)
    assert len(keys) == dedup.banding()[0] == 14
    assert keys == dedup.band_keys(dedup.from_values(sig.hashvalues.tolist()))
    other = dedup.band_keys(dedup.signature("Shelling hit the port at dawn, officials said."))
    assert not set(keys) & set(other)


def test_a_cache_bound_sets_duckdbs_memory_limit_above_the_indexes(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb", cache=64) as store:
        store.add([record(s) for s in STORIES])
        limit = store.con.execute("SELECT current_setting('memory_limit')").fetchone()
        indexes = store.con.execute(
            "SELECT sum(memory_usage_bytes) FROM duckdb_memory() WHERE tag = 'ART_INDEX'"
        ).fetchone()
    assert limit is not None
    assert indexes is not None
    number, unit = limit[0].split()
    assert unit == "MiB"
    assert 64 <= float(number) <= 64 + indexes[0] / 2**20 + 1


def test_a_batch_past_the_memory_limit_is_a_store_error_and_stores_nothing(
    tmp_path: Path,
) -> None:
    many = [
        record(Story("2024-05-01", "W", [("JPN", "057", "AUS")], f"Talks, round {i}. " * 40))
        for i in range(400)
    ]
    with Store(tmp_path / "s.duckdb", cache=16) as store:
        used = store.con.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchone()
        assert used is not None
        store.con.execute(f"SET memory_limit = '{used[0] + 2**18}B'")
        with pytest.raises(StoreError, match="--db-cache"):
            store.add(many)
        store.con.execute("SET memory_limit = '64MiB'")
        assert store.count() == 0
        assert store.add([record(STORIES[0])]) == 1
