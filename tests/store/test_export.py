"""Exports of the corpus store, each read back with its own reader."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pyarrow.parquet as pq
import pytest

from accord.errors import InputError
from accord.records import Actor, Analysis, Document, Event, Mention, Span
from accord.store.export import (
    FORMATS,
    GDELT_COLUMNS,
    GRAPH_FORMATS,
    TABLES,
    ExportError,
    export,
    global_event_id,
    register_command,
    run_command,
)
from accord.store.store import Store, StoreError

DOCS = Path(__file__).resolve().parents[2] / "docs" / "export.md"
N_EVENTS = 9  # the events of the hand-built corpus (conftest.STORIES)


def _columns(store: Store, table: str) -> list[str]:
    return [r[0] for r in store.con.execute(f"DESCRIBE {table}").fetchall()]


def _read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        assert header == list(GDELT_COLUMNS)
        rows = list(reader)
    assert all(len(row) == len(GDELT_COLUMNS) for row in rows)
    return [dict(zip(header, row, strict=True)) for row in rows]


def _gdelt(
    store: Store, tmp_path: Path, since: dt.date | None = None, until: dt.date | None = None
) -> list[dict[str, str]]:
    out = tmp_path / "events.tsv"
    written = export(store, "gdelt", out, since=since, until=until)
    rows = _read_tsv(out)
    assert written == len(rows)
    return rows


def _dyad(rows: list[dict[str, str]], source: str, code: str, target: str) -> list[dict[str, str]]:
    return [
        r
        for r in rows
        if (r["Actor1Code"], r["EventCode"], r["Actor2Code"]) == (source, code, target)
    ]


# -- JSON Lines ---------------------------------------------------------------------------
def test_jsonl_lines_are_the_stored_records(
    corpus_store: Store, corpus_records: list[Analysis], tmp_path: Path
) -> None:
    out = tmp_path / "corpus.jsonl"
    assert export(corpus_store, "jsonl", out) == len(corpus_records)
    lines = out.read_text(encoding="utf-8").splitlines()
    read = [Analysis.model_validate_json(line) for line in lines]
    assert read == list(corpus_store.records())
    by_id = {r.document.id: r for r in corpus_records}
    assert {r.document.id: r for r in read} == by_id


def test_jsonl_selects_documents_by_publication_date(corpus_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "february.jsonl"
    written = export(
        corpus_store, "jsonl", out, since=dt.date(2024, 2, 1), until=dt.date(2024, 2, 28)
    )
    read = [Analysis.model_validate_json(line) for line in out.read_text().splitlines()]
    assert written == len(read) == 2
    assert sorted(str(r.document.published) for r in read) == ["2024-02-03", "2024-02-20"]


# -- Parquet and CSV ----------------------------------------------------------------------
def test_parquet_events_have_every_column_and_value(corpus_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.parquet"
    assert export(corpus_store, "parquet", out) == N_EVENTS
    table = pq.read_table(out)
    assert table.num_rows == N_EVENTS
    assert table.column_names == _columns(corpus_store, "events")
    stored = corpus_store.con.execute("SELECT * FROM events ORDER BY day, doc_id, event_id")
    names = [d[0] for d in stored.description or ()]
    expected = [dict(zip(names, row, strict=True)) for row in stored.fetchall()]
    assert table.to_pylist() == expected
    first = table.to_pylist()[0]
    assert (first["source_code"], first["code"], first["target_code"]) == ("JPN", "057", "AUS")
    assert first["day"] == dt.date(2024, 1, 10)
    assert first["goldstein"] == 8.0


@pytest.mark.parametrize("table", list(TABLES))
def test_parquet_writes_each_table(corpus_store: Store, tmp_path: Path, table: str) -> None:
    out = tmp_path / f"{table}.parquet"
    written = export(corpus_store, "parquet", out, table=table)
    read = pq.read_table(out)
    assert written == read.num_rows == corpus_store.count(table)
    expected = [c for c in _columns(corpus_store, table) if c != "record"]
    assert read.column_names == expected


def test_documents_export_keeps_the_text_not_the_record(
    corpus_store: Store, corpus_records: list[Analysis], tmp_path: Path
) -> None:
    out = tmp_path / "documents.parquet"
    export(corpus_store, "parquet", out, table="documents")
    rows = pq.read_table(out).to_pylist()
    assert "record" not in rows[0]
    assert {r["doc_id"]: r["text"] for r in rows} == {r.document.id: r.text for r in corpus_records}


def test_csv_has_a_header_and_the_values(corpus_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    assert export(corpus_store, "csv", out) == N_EVENTS
    with out.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == _columns(corpus_store, "events")
        rows = list(reader)
    assert len(rows) == N_EVENTS
    attacks = [r for r in rows if r["code"] == "190"]
    assert [(r["source_code"], r["target_code"], r["day"]) for r in attacks] == [
        ("RUS", "UKR", "2024-02-20"),
        ("RUS", "UKR", "2024-03-02"),
    ]
    assert {r["quad_class"] for r in attacks} == {"4"}


def test_csv_quotes_table(corpus_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "quotes.csv"
    assert export(corpus_store, "csv", out, table="quotes") == 1
    with out.open(encoding="utf-8", newline="") as fh:
        (row,) = list(csv.DictReader(fh))
    text = corpus_store.con.execute(
        "SELECT text FROM documents WHERE doc_id = ?", [row["doc_id"]]
    ).fetchone()
    assert text is not None
    assert text[0][int(row["start"]) : int(row["end"])] == "We talk"


@pytest.mark.parametrize(
    ("table", "since", "until", "expected"),
    [
        ("events", dt.date(2024, 3, 1), None, 3),
        ("events", None, dt.date(2024, 1, 31), 2),
        ("events", dt.date(2024, 2, 1), dt.date(2024, 2, 28), 4),
        ("documents", dt.date(2024, 3, 1), None, 3),
        ("actors", dt.date(2024, 3, 1), None, 6),  # by the document's publication date
        ("events", dt.date(2025, 1, 1), None, 0),
    ],
)
def test_date_filters(
    corpus_store: Store,
    tmp_path: Path,
    table: str,
    since: dt.date | None,
    until: dt.date | None,
    expected: int,
) -> None:
    out = tmp_path / f"{table}.parquet"
    assert export(corpus_store, "parquet", out, table=table, since=since, until=until) == expected
    read = pq.read_table(out)
    assert read.num_rows == expected
    if table == "events" and expected:
        days = read.column("day").to_pylist()
        assert all((since is None or d >= since) and (until is None or d <= until) for d in days)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_path_with_a_single_quote(corpus_store: Store, tmp_path: Path, fmt: str) -> None:
    folder = tmp_path / "reporter's exports"
    folder.mkdir()
    out = folder / f"it's the {fmt}'' file"
    written = export(corpus_store, fmt, out)
    assert out.is_file()
    if fmt == "parquet":
        assert pq.read_table(out).num_rows == written == N_EVENTS
    elif fmt == "csv":
        assert len(out.read_text(encoding="utf-8").splitlines()) == written + 1
    elif fmt == "gdelt":
        assert len(_read_tsv(out)) == written == N_EVENTS
    elif fmt in GRAPH_FORMATS:
        graph = _read_graph(out, fmt)
        assert graph.number_of_edges() == written == 5
    else:
        assert len(out.read_text(encoding="utf-8").splitlines()) == written == 7
    assert [p.name for p in folder.iterdir()] == [out.name]  # no stray file elsewhere


# -- GDELT --------------------------------------------------------------------------------
def test_gdelt_counts_sources_and_articles_over_the_story(
    corpus_store: Store, tmp_path: Path
) -> None:
    rows = _gdelt(corpus_store, tmp_path)
    assert len(rows) == N_EVENTS
    syndicated = _dyad(rows, "JPN", "057", "AUS")
    assert len(syndicated) == 2
    for row in syndicated:
        assert (row["NumSources"], row["NumArticles"], row["NumMentions"]) == ("2", "2", "2")
        assert (row["EventRootCode"], row["QuadClass"], row["GoldsteinScale"]) == ("05", "1", "8.0")
        assert (row["Day"], row["MonthYear"], row["Year"]) == ("20240110", "202401", "2024")
        assert row["FractionDate"] == "2024.0274"  # (0 * 30 + 10) / 365
        assert (row["Actor1Name"], row["Actor1CountryCode"]) == ("Japan", "JPN")
        assert (row["Actor2Name"], row["Actor2CountryCode"]) == ("Australia", "AUS")
        assert row["EventBaseCode"] == "057"
        assert row["IsRootEvent"] == "1"
    # the same dyad and code in two stories that are not near-duplicates: one each
    for row in _dyad(rows, "JPN", "036", "AUS"):
        assert (row["NumSources"], row["NumArticles"]) == ("1", "1")
    (attack,) = [r for r in rows if r["Day"] == "20240220" and r["EventCode"] == "190"]
    assert (attack["EventRootCode"], attack["QuadClass"], attack["GoldsteinScale"]) == (
        "19",
        "4",
        "-10.0",
    )


def test_gdelt_leaves_unknown_columns_empty(corpus_store: Store, tmp_path: Path) -> None:
    rows = _gdelt(corpus_store, tmp_path)
    for column in ("AvgTone", "Actor1EthnicCode", "Actor2Religion1Code", "ActionGeo_Lat"):
        assert {r[column] for r in rows} == {""}
    assert {r["SOURCEURL"] for r in rows} == {""}  # the corpus has no URLs
    assert all(len(r["DATEADDED"]) == 14 and r["DATEADDED"].isdigit() for r in rows)


def test_gdelt_ids_are_stable_and_unique(corpus_store: Store, tmp_path: Path) -> None:
    first = tmp_path / "a.tsv"
    second = tmp_path / "b.tsv"
    export(corpus_store, "gdelt", first)
    export(corpus_store, "gdelt", second)
    assert first.read_bytes() == second.read_bytes()
    ids = [r["GlobalEventID"] for r in _read_tsv(first)]
    assert len(set(ids)) == len(ids) == N_EVENTS
    doc_id, event_id = corpus_store.con.execute(
        "SELECT doc_id, event_id FROM events ORDER BY day, doc_id, event_id LIMIT 1"
    ).fetchone() or ("", "")
    digest = hashlib.sha256(f"{doc_id}/{event_id}".encode()).hexdigest()
    assert ids[0] == str(global_event_id(doc_id, event_id)) == str(int(digest[:15], 16))
    in_sql = corpus_store.con.execute(
        "SELECT ('0x' || sha256(doc_id || '/' || event_id)[1:15])::BIGINT FROM events "
        "ORDER BY day, doc_id, event_id"
    ).fetchall()
    assert [str(r[0]) for r in in_sql] == ids  # the join documented in docs/export.md


def test_gdelt_date_filter(corpus_store: Store, tmp_path: Path) -> None:
    rows = _gdelt(corpus_store, tmp_path, since=dt.date(2024, 3, 1), until=dt.date(2024, 3, 10))
    assert sorted(r["Day"] for r in rows) == ["20240302", "20240305"]


TEXT = (
    "Japanese Prime Minister Fumio Kishida met Australia in Canberra.\n\n"
    "NATO criticised Russia. Russia did not attack Ukraine. Australia consulted Kishida."
)


def _span(phrase: str, after: int = 0) -> Span:
    start = TEXT.index(phrase, after)
    return Span(start=start, end=start + len(phrase))


def _event(eid: str, source: str, target: str, code: str, sentence: str, **extra: object) -> Event:
    quad, goldstein = {"03": (1, 4.0), "04": (1, 1.0), "11": (3, -2.0), "19": (4, -10.0)}[code[:2]]
    fields: dict[str, object] = {
        "id": eid,
        "source": source,
        "target": target,
        "code": code,
        "root": code[:2],
        "label": "test",
        "quad_class": quad,
        "goldstein": goldstein,
        "modality": "asserted",
        "date": "2024-05-06",
        "date_precision": "day",
        "trigger": _span(sentence.split()[1]),
        "sentence": _span(sentence),
        "confidence": 0.8,
    }
    return Event.model_validate(fields | extra)


def _actor(aid: str, name: str, code: str, kind: str, **extra: object) -> Actor:
    start = TEXT.index(name)
    mentions = [Mention(start=start, end=start + len(name), form="name")]
    return Actor.model_validate(
        {"id": aid, "name": name, "code": code, "kind": kind, "mentions": mentions} | extra
    )


@pytest.fixture
def varied_store(tmp_path: Path) -> Iterator[Store]:
    """One article with a person, an IGO, two paragraphs, a location, a root-level code,
    a URL and a negated event."""
    sha = hashlib.sha256(TEXT.encode()).hexdigest()
    record = Analysis(
        document=Document(
            id=sha[:16],
            sha256=sha,
            published=dt.date(2024, 5, 6),
            source="Test Wire",
            url="https://news.example/world?id=7",
        ),
        text=TEXT,
        actors=[
            _actor("a1", "Fumio Kishida", "JPNGOV", "person", country="JPN", sector="GOV"),
            _actor("a2", "Australia", "AUS", "state", country="AUS"),
            _actor("a3", "NATO", "NATO", "igo", org="NATO"),
            _actor("a4", "Russia", "RUS", "state", country="RUS"),
            _actor("a5", "Ukraine", "UKR", "state", country="UKR"),
        ],
        events=[
            _event("e1", "a1", "a2", "036", TEXT.split("\n")[0], location="Canberra"),
            _event("e2", "a3", "a4", "111", "NATO criticised Russia."),
            _event("e3", "a4", "a5", "190", "Russia did not attack Ukraine.", modality="negated"),
            _event("e4", "a2", "a1", "04", "Australia consulted Kishida."),
        ],
        pipeline={"accord": "0.1.0"},
    )
    with Store(tmp_path / "varied.duckdb") as store:
        store.add([record])
        yield store


def test_gdelt_actor_columns_for_people_and_igos(varied_store: Store, tmp_path: Path) -> None:
    rows = {r["EventCode"]: r for r in _gdelt(varied_store, tmp_path)}
    meeting = rows["036"]
    assert (meeting["Actor1Code"], meeting["Actor1Name"]) == ("JPNGOV", "Fumio Kishida")
    assert (meeting["Actor1CountryCode"], meeting["Actor1Type1Code"]) == ("JPN", "GOV")
    assert meeting["Actor1KnownGroupCode"] == ""
    assert (meeting["Actor2CountryCode"], meeting["Actor2Type1Code"]) == ("AUS", "")
    assert meeting["ActionGeo_FullName"] == "Canberra"
    assert meeting["ActionGeo_CountryCode"] == ""  # GDELT wants FIPS codes, accord has none
    assert meeting["SOURCEURL"] == "https://news.example/world?id=7"
    criticism = rows["111"]
    assert (criticism["Actor1Code"], criticism["Actor1KnownGroupCode"]) == ("NATO", "NATO")
    assert criticism["Actor1CountryCode"] == ""


def test_gdelt_root_event_is_the_first_paragraph(varied_store: Store, tmp_path: Path) -> None:
    rows = {r["EventCode"]: r["IsRootEvent"] for r in _gdelt(varied_store, tmp_path)}
    assert rows == {"036": "1", "111": "0", "040": "0"}


def test_gdelt_writes_a_root_level_code_as_gdelt_does(varied_store: Store, tmp_path: Path) -> None:
    (row,) = [r for r in _gdelt(varied_store, tmp_path) if r["EventRootCode"] == "04"]
    assert (row["EventCode"], row["EventBaseCode"]) == ("040", "040")


def test_gdelt_leaves_out_events_that_did_not_happen(varied_store: Store, tmp_path: Path) -> None:
    rows = _gdelt(varied_store, tmp_path)
    assert len(rows) == 3
    assert "190" not in {r["EventCode"] for r in rows}
    assert varied_store.count("events") == 4  # the other formats keep it


# -- refusals -----------------------------------------------------------------------------
@pytest.fixture
def empty_store(tmp_path: Path) -> Iterator[Store]:
    """A store with no documents: refusals happen before anything is read."""
    with Store(tmp_path / "empty.duckdb") as store:
        yield store


@pytest.mark.parametrize(
    ("fmt", "table", "since", "until", "message"),
    [
        ("xlsx", "events", None, None, "unknown export format 'xlsx'"),
        ("parquet", "signatures", None, None, "unknown table 'signatures'"),
        ("csv", "events; DROP TABLE events", None, None, "unknown table"),
        ("jsonl", "actors", None, None, "parquet and csv exports only"),
        ("gdelt", "quotes", None, None, "parquet and csv exports only"),
        ("csv", "events", dt.date(2024, 3, 1), dt.date(2024, 2, 1), "the period is empty"),
    ],
)
def test_bad_requests_are_refused(
    empty_store: Store,
    tmp_path: Path,
    fmt: str,
    table: str,
    since: dt.date | None,
    until: dt.date | None,
    message: str,
) -> None:
    out = tmp_path / "out"
    with pytest.raises(ExportError, match=message) as caught:
        export(empty_store, fmt, out, table=table, since=since, until=until)
    assert isinstance(caught.value, InputError)
    assert "\n" not in str(caught.value)
    assert not out.exists()
    assert empty_store.count("events") == 0  # the table is still there: nothing ran


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_empty_store_exports_no_rows(empty_store: Store, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"empty.{fmt}"
    assert export(empty_store, fmt, out) == 0
    if fmt == "parquet":
        assert pq.read_table(out).column_names == _columns(empty_store, "events")
    elif fmt == "gdelt":
        assert _read_tsv(out) == []
    elif fmt in GRAPH_FORMATS:
        assert _read_graph(out, fmt).number_of_nodes() == 0
    elif fmt == "csv":
        assert out.read_text(encoding="utf-8").splitlines() == [
            ",".join(_columns(empty_store, "events"))
        ]
    else:
        assert out.read_text(encoding="utf-8") == ""


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_unwritable_output_is_an_export_error(
    empty_store: Store, tmp_path: Path, fmt: str
) -> None:
    with pytest.raises(ExportError, match="cannot write the export"):
        export(empty_store, fmt, tmp_path / "no such folder" / "out")


def _read_graph(path: Path, fmt: str) -> nx.DiGraph:
    return nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)


@pytest.mark.parametrize("fmt", GRAPH_FORMATS)
def test_the_network_reads_back_in_gephi_formats(
    corpus_store: Store, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"net.{fmt}"
    export(corpus_store, fmt, out, since=dt.date(2024, 2, 1))
    graph = _read_graph(out, fmt)
    edges = {(a, b): d for a, b, d in graph.edges(data=True)}
    assert edges[("RUS", "UKR")]["relation"] == "conflict"
    assert int(edges[("JPN", "AUS")]["cooperation"]) == 2  # February and March only
    assert ("CHN", "NATO") in edges


# -- command line -------------------------------------------------------------------------
def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="accord")
    commands = parser.add_subparsers(dest="command", required=True)
    register_command(commands)
    return parser


def test_cli_exports_from_a_read_only_store(
    corpus_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus_store.close()  # one process may not hold a file open read-write and read-only
    out = tmp_path / "events.tsv"
    args = _parser().parse_args(["export", "gdelt", str(out), "--db", str(corpus_store.path)])
    assert run_command(args) == 0
    assert capsys.readouterr().out == f"wrote {N_EVENTS} events to {out} (gdelt)\n"
    assert len(_read_tsv(out)) == N_EVENTS


def test_cli_table_dates_and_default_store(
    corpus_store: Store,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    corpus_store.close()
    monkeypatch.setenv("ACCORD_DB", str(corpus_store.path))
    out = tmp_path / "actors.csv"
    argv = ["export", "csv", str(out), "--table", "actors", "--since", "2024-03-01"]
    assert run_command(_parser().parse_args(argv)) == 0
    assert capsys.readouterr().out == f"wrote 6 rows of actors to {out} (csv)\n"
    with out.open(encoding="utf-8", newline="") as fh:
        assert len(list(csv.DictReader(fh))) == 6


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", "xml", "out.xml"], "unknown export format"),
        (["export", "csv", "out.csv", "--since", "March"], "--since 'March' is not a date"),
        (["export", "csv", "out.csv", "--until", "2024-02-30"], "--until '2024-02-30'"),
        (["export", "jsonl", "out.jsonl", "--table", "events2"], "unknown table"),
    ],
)
def test_cli_bad_arguments_are_input_errors(
    tmp_path: Path, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = _parser().parse_args([*argv, "--db", str(tmp_path / "absent.duckdb")])
    with pytest.raises(InputError, match=message):
        run_command(args)
    assert capsys.readouterr().out == ""


def test_cli_missing_store_is_a_store_error(tmp_path: Path) -> None:
    args = _parser().parse_args(["export", "csv", "x.csv", "--db", str(tmp_path / "none")])
    with pytest.raises(StoreError, match="no such store"):
        run_command(args)


def test_docs_map_every_gdelt_column() -> None:
    doc = DOCS.read_text(encoding="utf-8")
    for column in GDELT_COLUMNS:
        assert f"| {column} |" in doc, f"{column} is missing from the mapping in docs/export.md"
