"""The corpus queries and the ``accord query`` / ``accord sql`` commands, on the hand-built
corpus of conftest.py: Japan and Australia cooperate (one signing syndicated by two
outlets), Russia and Ukraine clash, China criticises NATO."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import pyarrow as pa
import pytest

from accord.actors.kb import cached_kb
from accord.errors import AccordError
from accord.records import Analysis, Span
from accord.store import queries
from accord.store.queries import (
    QueryError,
    Table,
    actor_profile,
    actors,
    claims,
    dyad_series,
    dyads,
    events,
    network,
    sql,
)
from accord.store.query_command import register_commands, run_command
from accord.store.store import Store, StoreError

from .conftest import STORIES, Story, record

JAN, FEB, MAR = dt.date(2024, 1, 1), dt.date(2024, 2, 1), dt.date(2024, 3, 1)


def keys(table: Table) -> list[tuple[Any, ...]]:
    """Each event row as (day, source, CAMEO code, target, outlet)."""
    return [
        (r["day"].isoformat(), r["source_code"], r["code"], r["target_code"], r["outlet"])
        for r in table.rows()
    ]


def shifted(rec: Analysis, prefix: str) -> Analysis:
    """The record with ``prefix`` before its text and every offset moved past it."""
    n = len(prefix)

    def move(span: Span) -> Any:
        return span.model_copy(update={"start": span.start + n, "end": span.end + n})

    text = prefix + rec.text
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return rec.model_copy(
        update={
            "text": text,
            "document": rec.document.model_copy(update={"id": sha[:16], "sha256": sha}),
            "actors": [
                a.model_copy(update={"mentions": [move(m) for m in a.mentions]}) for a in rec.actors
            ],
            "events": [
                e.model_copy(update={"trigger": move(e.trigger), "sentence": move(e.sentence)})
                for e in rec.events
            ],
        }
    )


def uncoded(rec: Analysis, code: str) -> Analysis:
    """The record with the actor of ``code`` left without a code."""
    return rec.model_copy(
        update={
            "actors": [
                a.model_copy(update={"code": None}) if a.code == code else a for a in rec.actors
            ]
        }
    )


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The conftest corpus in a closed store file, built once for the module."""
    path = tmp_path_factory.mktemp("queries") / "corpus.duckdb"
    with Store(path) as store:
        store.add([record(story) for story in STORIES])
    return path


@pytest.fixture(scope="module")
def corpus(db: Path) -> Iterator[Store]:
    """The corpus store opened read-only, for the tests that only read it (the tests
    that add records use conftest's ``corpus_store``)."""
    with Store(db, read_only=True) as store:
        yield store


# -- events ---------------------------------------------------------------------------


def test_events_lists_every_event_in_order_with_document_and_sentence(
    corpus: Store,
) -> None:
    table = events(corpus)
    assert len(table) == 9
    rows = table.rows()
    order = [(r["day"], r["doc_id"], r["event_id"]) for r in rows]
    assert order == sorted(order)
    first = rows[0]
    assert first["day"] == dt.date(2024, 1, 10)
    assert first["published"] == dt.date(2024, 1, 10)
    assert first["outlet"] in ("Daily Wire Service", "Harbour Times")
    assert first["title"] == f"{first['outlet']} report"
    assert first["url"] is None
    assert first["sentence"] == "Japan acted on Australia (057)."
    assert (first["label"], first["quad_class"], first["goldstein"]) == (
        "Sign formal agreement",
        1,
        8.0,
    )
    second_sentence = [r["sentence"] for r in rows if r["event_id"] == "e2"]
    assert "Australia acted on Japan (043)." in second_sentence
    assert "Ukraine acted on Russia (111)." in second_sentence


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"actor": "JPN"}, 5),
        ({"actor": "jpn"}, 5),
        ({"source": "AUS"}, 1),
        ({"target": "AUS"}, 4),
        ({"dyad": ("UKR", "RUS")}, 3),
        ({"dyad": ("JPN", "UKR")}, 0),
        ({"code": "19"}, 2),
        ({"code": "190"}, 2),
        ({"code": "1"}, 4),
        ({"root": "05"}, 2),
        ({"quad_class": 4}, 2),
        ({"quad_class": [3, 4]}, 4),
        ({"quad_class": "1,2"}, 5),
        ({"modality": "asserted"}, 9),
        ({"modality": "hypothetical"}, 0),
        ({"since": "2024-03-01"}, 3),
        ({"until": "2024-01-31"}, 2),
        ({"since": "2024-02", "until": "2024-02"}, 4),
        ({"since": dt.date(2024, 2, 20), "until": dt.date(2024, 2, 20)}, 2),
        ({"until": "2023"}, 0),
        ({"outlet": "Harbour Times"}, 4),
        ({"outlet": "Steppe Post"}, 3),
        ({"actor": "RUS", "since": "2024-03"}, 1),
        ({"actor": "JPN", "outlet": "Daily Wire Service", "code": "036"}, 1),
    ],
)
def test_events_filters(corpus: Store, filters: dict[str, Any], expected: int) -> None:
    assert len(events(corpus, **filters)) == expected


def test_events_filter_rows_are_the_right_ones(corpus: Store) -> None:
    assert keys(events(corpus, quad_class=4)) == [
        ("2024-02-20", "RUS", "190", "UKR", "Steppe Post"),
        ("2024-03-02", "RUS", "190", "UKR", "Steppe Post"),
    ]
    assert keys(events(corpus, outlet="Harbour Times", since="2024-02-04")) == [
        ("2024-03-05", "CHN", "111", "NATO", "Harbour Times"),
    ]


def test_events_paging(corpus: Store) -> None:
    everything = keys(events(corpus))
    pages = [keys(events(corpus, limit=4, offset=at)) for at in (0, 4, 8)]
    assert [len(p) for p in pages] == [4, 4, 1]
    assert pages[0] + pages[1] + pages[2] == everything
    assert len(events(corpus, limit=0)) == 0
    assert keys(events(corpus, offset=9)) == []


def test_events_newest_first_reverses_the_order(corpus: Store) -> None:
    assert keys(events(corpus, newest_first=True)) == keys(events(corpus))[::-1]


def test_sentence_offsets_count_characters_not_bytes(corpus_store: Store) -> None:
    story = Story("2024-04-01", "Gazette", [("JPN", "057", "AUS"), ("AUS", "043", "JPN")])
    corpus_store.add([shifted(record(story), "Ça “commence” à Tōkyō — enfin. ")])
    rows = events(corpus_store, outlet="Gazette").rows()
    assert [r["sentence"] for r in rows] == [
        "Japan acted on Australia (057).",
        "Australia acted on Japan (043).",
    ]


@pytest.mark.parametrize(
    "hostile",
    ["JPN' OR '1'='1", "JPN'; DROP TABLE events; --", "%", "' OR TRUE --"],
)
def test_values_that_look_like_sql_are_values(corpus: Store, hostile: str) -> None:
    for table in (
        events(corpus, actor=hostile),
        events(corpus, outlet=hostile),
        events(corpus, code=hostile),
        network(corpus, actor=hostile),
        dyad_series(corpus, hostile, "AUS"),
    ):
        assert len(table) == 0
        assert hostile not in table.sql
    assert corpus.count("events") == 9


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: events(s, since="2024-13-01"), "bad date '2024-13-01'"),
        (lambda s: events(s, until="2024-02-30"), "bad date"),
        (lambda s: events(s, since="yesterday"), "bad date 'yesterday'"),
        (lambda s: events(s, since="2024-03", until="2024-02"), "the range is empty"),
        (lambda s: events(s, quad_class=5), "unknown quad class 5"),
        (lambda s: events(s, quad_class="1,x"), "unknown quad class 'x'"),
        (lambda s: network(s, quad_class=[]), "no quad class"),
        (lambda s: events(s, limit=-1), "limit must be"),
        (lambda s: network(s, min_weight=-2), "min_weight must be"),
        (lambda s: events(s, dyad=("JPN",)), "a dyad is two actor codes"),
        (lambda s: events(s, actor=" "), "empty actor code"),
        (lambda s: sql(s, "SELEC 1").rows(), "the query failed: Parser Error"),
    ],
)
def test_bad_arguments_raise_query_errors(corpus: Store, call: Any, message: str) -> None:
    with pytest.raises(QueryError, match=message) as caught:
        call(corpus)
    assert isinstance(caught.value, StoreError)
    assert isinstance(caught.value, AccordError)
    assert "\n" not in str(caught.value)
    assert str(caught.value).startswith("[A411] ")


# -- Table ------------------------------------------------------------------------------


def test_table_outputs_agree(corpus: Store) -> None:
    table = dyad_series(corpus, "JPN", "AUS")
    assert table.columns == ["month", "quad_class", "events", "goldstein", "sources"]
    arrow = table.arrow()
    assert isinstance(arrow, pa.Table)
    assert arrow.num_rows == 3
    assert arrow.schema.field("month").type == pa.date32()
    df = table.df()
    assert isinstance(df, pd.DataFrame)
    assert list(df.columns) == table.columns
    assert pd.api.types.is_datetime64_any_dtype(df["month"])
    assert df["month"].tolist() == [pd.Timestamp(JAN), pd.Timestamp(FEB), pd.Timestamp(MAR)]
    assert df["events"].tolist() == [r["events"] for r in table.rows()]


def test_table_runs_when_first_read_and_keeps_that_result(corpus_store: Store) -> None:
    table = events(corpus_store)
    corpus_store.add([record(Story("2024-04-02", "Gazette", [("CHN", "036", "RUS")]))])
    assert len(table) == 10  # made before the write, run after it
    corpus_store.add([record(Story("2024-04-03", "Gazette", [("CHN", "043", "RUS")]))])
    assert len(table) == 10
    assert len(table.rows()) == len(table.df()) == table.arrow().num_rows == 10
    assert len(events(corpus_store)) == 11


# -- dyad_series ------------------------------------------------------------------------


def series(table: Table) -> list[tuple[Any, ...]]:
    return [
        (r["month"], r["quad_class"], r["events"], pytest.approx(r["goldstein"]), r["sources"])
        for r in table.rows()
    ]


def test_dyad_series_counts_a_syndicated_story_once_with_two_sources(
    corpus: Store,
) -> None:
    assert series(dyad_series(corpus, "JPN", "AUS")) == [
        (JAN, 1, 1, 8.0, 2),
        (FEB, 1, 2, 6.8, 1),
        (MAR, 1, 1, 4.0, 1),
    ]
    assert series(dyad_series(corpus, "AUS", "JPN")) == series(dyad_series(corpus, "JPN", "AUS"))


def test_dyad_series_directed_and_dated(corpus: Store) -> None:
    assert series(dyad_series(corpus, "JPN", "AUS", directed=True)) == [
        (JAN, 1, 1, 8.0, 2),
        (FEB, 1, 1, 4.0, 1),
        (MAR, 1, 1, 4.0, 1),
    ]
    assert series(dyad_series(corpus, "AUS", "JPN", directed=True)) == [(FEB, 1, 1, 2.8, 1)]
    assert series(dyad_series(corpus, "jpn", "aus", since="2024-02-04")) == [(MAR, 1, 1, 4.0, 1)]


def test_dyad_series_splits_quad_classes(corpus: Store) -> None:
    assert series(dyad_series(corpus, "RUS", "UKR")) == [
        (FEB, 3, 1, -2.0, 1),
        (FEB, 4, 1, -10.0, 1),
        (MAR, 4, 1, -10.0, 1),
    ]
    assert series(dyad_series(corpus, "JPN", "RUS")) == []


# -- network, actors, dyads -----------------------------------------------------------------


def edges(table: Table) -> list[tuple[Any, ...]]:
    return [
        (
            r["source_code"],
            r["target_code"],
            r["cooperation"],
            r["conflict"],
            r["events"],
            pytest.approx(r["goldstein"]),
            r["weight"],
        )
        for r in table.rows()
    ]


def test_network_edges(corpus: Store) -> None:
    assert edges(network(corpus)) == [
        ("JPN", "AUS", 3, 0, 3, 16.0, 3),
        ("RUS", "UKR", 0, 2, 2, -20.0, 2),
        ("AUS", "JPN", 1, 0, 1, 2.8, 1),
        ("CHN", "NATO", 0, 1, 1, -2.0, 1),
        ("UKR", "RUS", 0, 1, 1, -2.0, 1),
    ]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"quad_class": [3, 4]}, [("RUS", "UKR"), ("CHN", "NATO"), ("UKR", "RUS")]),
        ({"quad_class": 4}, [("RUS", "UKR")]),
        ({"actor": "RUS"}, [("RUS", "UKR"), ("UKR", "RUS")]),
        ({"min_weight": 2}, [("JPN", "AUS"), ("RUS", "UKR")]),
        ({"since": "2024-03"}, [("CHN", "NATO"), ("JPN", "AUS"), ("RUS", "UKR")]),
        ({"until": "2024-01-10"}, [("JPN", "AUS")]),
    ],
)
def test_network_filters(
    corpus: Store, filters: dict[str, Any], expected: list[tuple[str, str]]
) -> None:
    assert [(r["source_code"], r["target_code"]) for r in network(corpus, **filters).rows()] == (
        expected
    )


def test_network_leaves_out_uncoded_sides(corpus_store: Store) -> None:
    story = Story("2024-04-02", "Gazette", [("JPN", "190", "AUS")])
    corpus_store.add([uncoded(record(story), "AUS")])
    assert len(events(corpus_store, actor="JPN")) == 6
    assert edges(network(corpus_store, actor="JPN"))[0] == ("JPN", "AUS", 3, 0, 3, 16.0, 3)
    assert len(network(corpus_store)) == 5
    assert len(dyads(corpus_store)) == 3
    top = actors(corpus_store).rows()[0]
    assert (top["code"], top["events"], top["as_source"]) == ("JPN", 5, 4)


def test_actors_ranks_activity(corpus: Store) -> None:
    rows = [
        (
            r["code"],
            r["name"],
            r["events"],
            r["as_source"],
            r["as_target"],
            r["stories"],
            r["documents"],
        )
        for r in actors(corpus).rows()
    ]
    assert rows == [
        ("AUS", "Australia", 4, 1, 3, 3, 4),
        ("JPN", "Japan", 4, 3, 1, 3, 4),
        ("RUS", "Russia", 3, 2, 1, 2, 2),
        ("UKR", "Ukraine", 3, 1, 2, 2, 2),
        ("CHN", "China", 1, 1, 0, 1, 1),
        ("NATO", "North Atlantic Treaty Organization", 1, 0, 1, 1, 1),
    ]
    assert [r["code"] for r in actors(corpus, limit=2).rows()] == ["AUS", "JPN"]
    assert [(r["code"], r["events"]) for r in actors(corpus, since="2024-03").rows()] == [
        ("AUS", 1),
        ("CHN", 1),
        ("JPN", 1),
        ("NATO", 1),
        ("RUS", 1),
        ("UKR", 1),
    ]


def test_dyads_ranks_pairs_in_either_direction(corpus: Store) -> None:
    rows = [
        (
            r["a"],
            r["b"],
            r["events"],
            r["cooperation"],
            r["conflict"],
            pytest.approx(r["goldstein"]),
            r["sources"],
            r["documents"],
        )
        for r in dyads(corpus).rows()
    ]
    assert rows == [
        ("AUS", "JPN", 4, 4, 0, 18.8, 2, 4),
        ("RUS", "UKR", 3, 0, 3, -22.0, 1, 2),
        ("CHN", "NATO", 1, 0, 1, -2.0, 1, 1),
    ]
    assert [(r["a"], r["events"]) for r in dyads(corpus, quad_class=4).rows()] == [("RUS", 2)]
    assert [r["b"] for r in dyads(corpus, actor="NATO").rows()] == ["NATO"]
    assert len(dyads(corpus, limit=1)) == 1


# -- claims ---------------------------------------------------------------------------------


def claim_keys(table: Table) -> list[tuple[Any, ...]]:
    return [
        (r["source_code"], r["code"], r["target_code"], r["day"].isoformat()) for r in table.rows()
    ]


ALL_CLAIMS = [
    ("JPN", "057", "AUS", "2024-01-10"),
    ("AUS", "043", "JPN", "2024-02-03"),
    ("JPN", "036", "AUS", "2024-02-03"),
    ("RUS", "190", "UKR", "2024-02-20"),
    ("UKR", "111", "RUS", "2024-02-20"),
    ("RUS", "190", "UKR", "2024-03-02"),
    ("CHN", "111", "NATO", "2024-03-05"),
    ("JPN", "036", "AUS", "2024-03-15"),
]


def test_claims_count_stories_sources_and_documents(corpus: Store) -> None:
    table = claims(corpus)
    assert claim_keys(table) == ALL_CLAIMS
    signing = table.rows()[0]
    assert (signing["stories"], signing["sources"], signing["documents"]) == (1, 2, 2)
    assert signing["outlets"] == "Daily Wire Service; Harbour Times"
    assert signing["label"] == "Sign formal agreement"
    assert all((r["stories"], r["sources"], r["documents"]) == (1, 1, 1) for r in table.rows()[1:])


def test_single_source_claims(corpus: Store) -> None:
    table = claims(corpus, single_source=True)
    assert claim_keys(table) == ALL_CLAIMS[1:]
    assert table.rows()[0]["outlets"] == "Harbour Times"
    assert claim_keys(claims(corpus, single_source=True, since="2024-03-03")) == (ALL_CLAIMS[6:])
    assert claim_keys(claims(corpus, until="2024-01-31")) == ALL_CLAIMS[:1]


# -- actor profile --------------------------------------------------------------------------


def test_profile_of_a_state(corpus: Store) -> None:
    day = dt.date(2024, 7, 10)
    profile = actor_profile(corpus, "jpn", at="2024-07-10")
    assert (profile.code, profile.name, profile.at) == ("JPN", "Japan", day)
    assert profile.memberships == tuple(cached_kb().memberships_on("JPN", day))
    assert "G7" in profile.memberships
    assert "NATO" not in profile.memberships
    assert profile.members == ()
    partners = profile.partners.rows()
    assert [(r["code"], r["name"], r["cooperation"], r["conflict"]) for r in partners] == [
        ("AUS", "Australia", 4, 0)
    ]
    assert len(profile.adversaries) == 0
    recent = profile.recent.rows()
    assert len(recent) == 5
    assert [r["day"] for r in recent] == sorted((r["day"] for r in recent), reverse=True)
    assert recent[0]["sentence"] == "Japan acted on Australia (036)."


def test_profile_of_an_igo_lists_its_members(corpus: Store) -> None:
    profile = actor_profile(corpus, "NATO", at=dt.date(2024, 7, 10), recent=1)
    assert profile.name == "North Atlantic Treaty Organization"
    assert "USA" in profile.members
    assert "SWE" in profile.members  # joined in March 2024
    assert "SWE" not in actor_profile(corpus, "NATO", at="2020-01-01").members
    assert [(r["code"], r["conflict"]) for r in profile.adversaries.rows()] == [("CHN", 1)]
    assert len(profile.partners) == 0
    assert len(profile.recent) == 1


def test_profile_ranks_adversaries_and_defaults_to_today(corpus: Store) -> None:
    profile = actor_profile(corpus, "RUS")
    assert profile.at == dt.date.today()
    assert [(r["code"], r["conflict"], r["events"]) for r in profile.adversaries.rows()] == [
        ("UKR", 3, 3)
    ]
    data = profile.as_dict()
    assert data["adversaries"][0]["code"] == "UKR"
    assert len(data["recent"]) == 3


def test_profile_of_an_unknown_code_is_empty(corpus: Store) -> None:
    profile = actor_profile(corpus, "XYZ")
    assert profile.name is None
    assert profile.memberships == profile.members == ()
    assert len(profile.partners) == len(profile.adversaries) == len(profile.recent) == 0


# -- sql --------------------------------------------------------------------------------------


def test_sql_takes_parameters(corpus: Store) -> None:
    table = sql(corpus, "SELECT count(*) AS n FROM events WHERE source_code = ?", ["JPN"])
    assert table.rows() == [{"n": 4}]
    named = sql(corpus, "SELECT count(*) AS n FROM documents WHERE source = $o", {"o": "x"})
    assert named.rows() == [{"n": 0}]


# -- the command line -------------------------------------------------------------------------


def cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the commands the way ``accord.cli.main`` does: AccordError exits 2."""
    parser = argparse.ArgumentParser(prog="accord")
    register_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    try:
        code = run_command(args)
    except AccordError as exc:
        print(f"accord: error: {exc}", file=sys.stderr)
        code = 2
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_events_json(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(
        ["query", "events", "--db", str(db), "--actor", "RUS", "--quad", "4", "--format", "json"],
        capsys,
    )
    assert code == 0
    rows = json.loads(out)
    assert [(r["day"], r["code"], r["sentence"]) for r in rows] == [
        ("2024-02-20", "190", "Russia acted on Ukraine (190)."),
        ("2024-03-02", "190", "Russia acted on Ukraine (190)."),
    ]
    assert rows[0]["outlet"] == "Steppe Post"


def test_cli_events_table_limit_and_offset(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(
        ["query", "events", "--db", str(db), "--limit", "2", "--offset", "7"], capsys
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == [
        "day", "source_code", "code", "label", "target_code", "modality", "outlet", "sentence"
    ]  # fmt: skip
    assert set(lines[1]) == {"-", " "}
    assert len(lines) == 4
    assert lines[2].startswith("2024-03-05  CHN")
    assert lines[3].endswith("Japan acted on Australia (036).")


def test_cli_dyad_csv(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(["query", "dyad", "JPN", "AUS", "--db", str(db), "--format", "csv"], capsys)
    assert code == 0
    assert list(csv.reader(io.StringIO(out))) == [
        ["month", "quad_class", "events", "goldstein", "sources"],
        ["2024-01-01", "1", "1", "8.0", "2"],
        ["2024-02-01", "1", "2", "6.8", "1"],
        ["2024-03-01", "1", "1", "4.0", "1"],
    ]


def test_cli_network_jsonl_and_columns(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["query", "network", "--db", str(db), "--format", "jsonl", "--quad", "3,4"]
    code, out, _ = cli([*argv, "--columns", "source_code,target_code,conflict"], capsys)
    assert code == 0
    assert [json.loads(line) for line in out.splitlines()] == [
        {"source_code": "RUS", "target_code": "UKR", "conflict": 2},
        {"source_code": "CHN", "target_code": "NATO", "conflict": 1},
        {"source_code": "UKR", "target_code": "RUS", "conflict": 1},
    ]


def test_cli_network_writes_a_graph(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "net.graphml"
    code, out, _ = cli(["query", "network", "--db", str(db), "--graph", str(path)], capsys)
    assert code == 0
    assert out == f"wrote {path}: 6 actors, 5 edges\n"
    graph = nx.read_graphml(path)
    assert graph.edges["JPN", "AUS"]["cooperation"] == 3


@pytest.mark.parametrize(
    ("argv", "first_codes"),
    [
        (["query", "actors", "--limit", "3"], ["AUS", "JPN", "RUS"]),
        (["query", "dyads", "--actor", "UKR"], ["RUS"]),
        (["query", "claims", "--single-source", "--since", "2024-03"], ["RUS", "CHN", "JPN"]),
    ],
)
def test_cli_tables(
    db: Path, capsys: pytest.CaptureFixture[str], argv: list[str], first_codes: list[str]
) -> None:
    code, out, _ = cli([*argv, "--db", str(db)], capsys)
    assert code == 0
    lines = out.splitlines()
    assert [line.split()[0] for line in lines[2:]] == first_codes


def test_cli_actors_table_aligns_numbers(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = cli(["query", "actors", "--db", str(db), "--columns", "code,documents"], capsys)
    assert out.splitlines() == [
        "code  documents",
        "----  ---------",
        "AUS           4",
        "JPN           4",
        "RUS           2",
        "UKR           2",
        "CHN           1",
        "NATO          1",
    ]


def test_cli_profile(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(
        ["query", "profile", "NATO", "--at", "2024-07-10", "--db", str(db), "--format", "json"],
        capsys,
    )
    assert code == 0
    data = json.loads(out)
    assert (data["code"], data["at"]) == ("NATO", "2024-07-10")
    assert "USA" in data["members"]
    assert data["adversaries"][0]["code"] == "CHN"
    code, out, _ = cli(["query", "profile", "JPN", "--at", "2024-07-10", "--db", str(db)], capsys)
    assert code == 0
    assert out.startswith("JPN  Japan\nmemberships on 2024-07-10: ")
    assert "Partners (by cooperation)" in out
    assert "Adversaries (by conflict)\n(no rows)" in out
    assert "Japan acted on Australia (057)." in out


def test_cli_sql_with_parameters(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    query = (
        "SELECT source, count(*) AS n FROM documents WHERE source <> ? "
        "GROUP BY source ORDER BY source"
    )
    code, out, _ = cli(
        ["sql", query, "--param", "Steppe Post", "--db", str(db), "--format", "json"], capsys
    )
    assert code == 0
    assert json.loads(out) == [
        {"source": "Daily Wire Service", "n": 2},
        {"source": "Harbour Times", "n": 3},
    ]


def test_cli_uses_the_default_store(
    db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACCORD_DB", str(db))
    code, out, _ = cli(["sql", "SELECT count(*) AS n FROM events", "--format", "csv"], capsys)
    assert (code, out) == (0, "n\n9\n")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["query", "events", "--since", "2024-99-01"], "[A411] bad date '2024-99-01'"),
        (["query", "network", "--quad", "7"], "[A411] unknown quad class '7'"),
        (["query", "events", "--columns", "day,nope"], "[A411] no column 'nope'"),
        (["query", "network", "--graph", "net.png"], "[A411] unknown graph format 'png'"),
        (["sql", "SELEC 1"], "[A411] the query failed: Parser Error"),
        (["sql", "DELETE FROM events"], "[A411] the query failed:"),
    ],
)
def test_cli_errors_exit_2_with_one_line(
    db: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = cli([*argv, "--db", str(db)], capsys)
    assert code == 2
    assert out == ""
    assert err.startswith(f"accord: error: {message}")
    assert err.count("\n") == 1
    with Store(db, read_only=True) as store:
        assert store.count("events") == 9  # the read-only store refused the DELETE


def test_cli_missing_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(["query", "actors", "--db", str(tmp_path / "none.duckdb")], capsys)
    assert (code, out) == (2, "")
    assert "no such store" in err


def test_public_names_exist() -> None:
    assert sorted(queries.__all__) == queries.__all__
    assert all(hasattr(queries, name) for name in queries.__all__)
