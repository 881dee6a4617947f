"""Exports of the corpus store: records as JSON Lines, tables as Parquet or CSV, and a
GDELT 2.0-style event table.

Every export streams: DuckDB's ``COPY`` writes Parquet and CSV itself, and the JSON
Lines and GDELT exports fetch a batch of rows at a time, so memory stays bounded
whatever the size of the store. ``since``/``until`` (inclusive) select events by their
``day`` and everything else by its document's publication date; a row without a date
is left out when a bound is given. docs/export.md documents each format and the
GDELT mapping column by column.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from ..errors import InputError
from ..records import Analysis
from .store import Store, default_path, first_line

FORMATS = ("jsonl", "parquet", "csv", "gdelt", "graphml", "gexf")
#: The formats that write the actor network (:mod:`accord.store.graph`).
GRAPH_FORMATS = ("graphml", "gexf")


class ExportError(InputError):
    """An export cannot be made as asked (unknown format or table, bad dates, unwritable
    output)."""

    code = "A410"


@dataclass(frozen=True)
class _Table:
    columns: str  # the SELECT list
    order: str  # a stable order, so that two exports of one store are the same file
    day: str | None  # the date --since/--until select on; None: the document's


# The documents table leaves out `record` (the whole Analysis, which the jsonl export
# writes) but keeps `text`: every offset in the other tables points into it.
TABLES: dict[str, _Table] = {
    "documents": _Table("* EXCLUDE (record)", "ingested, doc_id", "published"),
    "events": _Table("*", "day, doc_id, event_id", "day"),
    "actors": _Table("*", "doc_id, actor_id", None),
    "mentions": _Table("*", 'doc_id, actor_id, start, "end"', None),
    "quotes": _Table("*", "doc_id, quote_id", None),
    "framing": _Table("*", "doc_id, span_id", None),
}

# The 61 columns of a GDELT 2.0 event file (*.export.CSV), in GDELT's order.
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
_ACTOR = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
GDELT_COLUMNS: tuple[str, ...] = (
    *("GlobalEventID", "Day", "MonthYear", "Year", "FractionDate"),
    *(f"Actor1{c}" for c in _ACTOR),
    *(f"Actor2{c}" for c in _ACTOR),
    *("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass"),
    *("GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone"),
    *(f"{who}Geo_{c}" for who in ("Actor1", "Actor2", "Action") for c in _GEO),
    *("DATEADDED", "SOURCEURL"),
)

#: Events that, as the article tells it, took place. GDELT has no modality column, so a
#: planned, negated or hypothetical event would read there as one that happened.
GDELT_MODALITIES = ("asserted", "reported")

# One row per event, with its actors, its document and the tallies of its story: the
# events of near-duplicate articles (same story_id) with the same dyad and code.
# `lead_end` is where the first paragraph of the text ends (GDELT's IsRootEvent).
_GDELT_QUERY = r"""
WITH docs AS (
    SELECT doc_id, source, url, ingested,
           length(regexp_extract(text, '^\s*[^\n]*')) AS lead_end
    FROM documents
),
coded AS (
    SELECT e.*, d.source AS outlet, d.url, d.ingested, d.lead_end
    FROM events e JOIN docs d USING (doc_id)
    WHERE e.modality IN (SELECT unnest(?))
),
tallies AS (
    SELECT story_id, source_code, target_code, code,
           count(*) AS n_mentions,
           count(DISTINCT doc_id) AS n_articles,
           count(DISTINCT coalesce(outlet, 'document ' || doc_id)) AS n_sources
    FROM coded
    GROUP BY story_id, source_code, target_code, code
)
SELECT c.doc_id, c.event_id, c.day, c.code, c.root, c.quad_class, c.goldstein,
       c.location, c.url, c.ingested, c.sentence_start < c.lead_end AS in_lead,
       t.n_mentions, t.n_articles, t.n_sources,
       c.source_code, c.source_name,
       CASE WHEN a1.kind = 'state' THEN a1.code ELSE a1.country END AS source_country,
       a1.org AS source_org, a1.sector AS source_sector,
       c.target_code, c.target_name,
       CASE WHEN a2.kind = 'state' THEN a2.code ELSE a2.country END AS target_country,
       a2.org AS target_org, a2.sector AS target_sector
FROM coded c
JOIN tallies t
  ON t.story_id = c.story_id AND t.code = c.code
 AND t.source_code IS NOT DISTINCT FROM c.source_code
 AND t.target_code IS NOT DISTINCT FROM c.target_code
LEFT JOIN actors a1 ON a1.doc_id = c.doc_id AND a1.actor_id = c.source_actor
LEFT JOIN actors a2 ON a2.doc_id = c.doc_id AND a2.actor_id = c.target_actor
"""


def export(
    store: Store,
    fmt: str,
    out: Path,
    *,
    table: str = "events",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> int:
    """Write the store (or one of its tables) to ``out`` in format ``fmt``; return the
    number of rows (records, for jsonl) written. An existing file is replaced."""
    check(fmt, table, since, until)
    out = Path(out)
    if fmt == "jsonl":
        return _jsonl(store, out, since, until)
    if fmt == "gdelt":
        return _gdelt(store, out, since, until)
    if fmt in GRAPH_FORMATS:
        from .graph import network_graph, write_graph

        graph = network_graph(store, since=since, until=until)
        try:
            write_graph(graph, out, fmt)
        except OSError as exc:
            raise ExportError(f"{out}: cannot write the export: {exc.strerror}") from exc
        return int(graph.number_of_edges())
    query, params = _table_query(table, since, until)
    options = "FORMAT parquet" if fmt == "parquet" else "FORMAT csv, HEADER true"
    try:
        row = store.con.execute(f"COPY ({query}) TO {sql_string(str(out))} ({options})", params)
        written = row.fetchone()
    except duckdb.Error as exc:
        raise ExportError(f"{out}: cannot write the export: {first_line(exc)}") from exc
    return int(written[0]) if written else 0


def check(fmt: str, table: str, since: dt.date | None, until: dt.date | None) -> None:
    """Refuse a request :func:`export` cannot serve, before anything is opened or written."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}.")
    if table not in TABLES:
        raise ExportError(f"unknown table {table!r}; choose one of {', '.join(TABLES)}.")
    if fmt not in ("parquet", "csv") and table != "events":
        writes = {"jsonl": "whole records", "gdelt": "events"}.get(fmt, "the actor network")
        raise ExportError(
            f"a table is chosen for parquet and csv exports only; {fmt} writes {writes}."
        )
    if since is not None and until is not None and since > until:
        raise ExportError(f"the period is empty: since {since} is after until {until}.")


def sql_string(text: str) -> str:
    """``text`` as a SQL string literal (for the file name of ``COPY``, which takes no
    parameter): in single quotes, each single quote doubled."""
    return "'" + text.replace("'", "''") + "'"


def global_event_id(doc_id: str, event_id: str) -> int:
    """GDELT's GlobalEventID for an accord event: the first 15 hex digits of the
    sha256 of ``doc_id/event_id``, so the same event has the same id in every export
    (and in DuckDB: ``('0x' || sha256(doc_id || '/' || event_id)[1:15])::BIGINT``)."""
    return int(hashlib.sha256(f"{doc_id}/{event_id}".encode()).hexdigest()[:15], 16)


# -- formats ------------------------------------------------------------------------------
def _table_query(table: str, since: dt.date | None, until: dt.date | None) -> tuple[str, list[Any]]:
    spec = TABLES[table]
    condition, params = _period(spec.day or "published", since, until)
    query = f"SELECT {spec.columns} FROM {table}"
    if condition and spec.day is None:
        query += f" WHERE doc_id IN (SELECT doc_id FROM documents WHERE {condition})"
    elif condition:
        query += f" WHERE {condition}"
    return f"{query} ORDER BY {spec.order}", params


def _period(column: str, since: dt.date | None, until: dt.date | None) -> tuple[str, list[Any]]:
    """The SQL condition (and its parameters) that keeps ``column`` within the bounds."""
    parts: list[str] = []
    params: list[Any] = []
    if since is not None:
        parts.append(f"{column} >= ?")
        params.append(since)
    if until is not None:
        parts.append(f"{column} <= ?")
        params.append(until)
    return " AND ".join(parts), params


def _jsonl(store: Store, out: Path, since: dt.date | None, until: dt.date | None) -> int:
    condition, params = _period("published", since, until)
    query = "SELECT record FROM documents"
    query += f" WHERE {condition}" if condition else ""
    query += " ORDER BY ingested, doc_id"  # the order of Store.records()
    lines = (
        Analysis.model_validate_json(raw).model_dump_json() + "\n"
        for (raw,) in _rows(store, query, params)
    )
    return _write(out, lines)


def _gdelt(store: Store, out: Path, since: dt.date | None, until: dt.date | None) -> int:
    condition, params = _period("c.day", since, until)
    query = _GDELT_QUERY + (f"WHERE {condition}\n" if condition else "")
    query += "ORDER BY c.day, c.doc_id, c.event_id"
    rows = _rows(store, query, [list(GDELT_MODALITIES), *params], named=True)
    lines = ("\t".join(map(_cell, _gdelt_row(r))) + "\n" for r in rows)
    return _write(out, lines, header="\t".join(GDELT_COLUMNS) + "\n")


def _gdelt_row(e: dict[str, Any]) -> list[object]:
    """One event as the values of GDELT_COLUMNS; what accord does not know stays None."""
    code = e["code"] + "0" if len(e["code"]) == 2 else e["code"]  # root level: 05 -> 050
    day: dt.date | None = e["day"]
    ingested: dt.datetime | None = e["ingested"]
    fields: dict[str, object] = {
        "GlobalEventID": global_event_id(e["doc_id"], e["event_id"]),
        "IsRootEvent": int(e["in_lead"]),
        "EventCode": code,
        "EventBaseCode": code[:3],
        "EventRootCode": e["root"],
        "QuadClass": e["quad_class"],
        "GoldsteinScale": e["goldstein"],
        "NumMentions": e["n_mentions"],
        "NumSources": e["n_sources"],
        "NumArticles": e["n_articles"],
        "ActionGeo_FullName": e["location"],
        "DATEADDED": ingested.strftime("%Y%m%d%H%M%S") if ingested else None,
        "SOURCEURL": e["url"],
    }
    if day is not None:
        fields["Day"] = day.strftime("%Y%m%d")
        fields["MonthYear"] = day.strftime("%Y%m")
        fields["Year"] = day.year
        # GDELT's fraction of the year: ((month - 1) * 30 + day) / 365, four digits.
        fields["FractionDate"] = f"{day.year + ((day.month - 1) * 30 + day.day) / 365:.4f}"
    for n, side in (("1", "source"), ("2", "target")):
        fields[f"Actor{n}Code"] = e[f"{side}_code"]
        fields[f"Actor{n}Name"] = e[f"{side}_name"]
        fields[f"Actor{n}CountryCode"] = e[f"{side}_country"]
        fields[f"Actor{n}KnownGroupCode"] = e[f"{side}_org"]
        fields[f"Actor{n}Type1Code"] = e[f"{side}_sector"]
    return [fields.get(column) for column in GDELT_COLUMNS]


def _cell(value: object) -> str:
    """A value as a field of a tab-separated line: empty for None, and no tab or line
    break inside (GDELT files are not quoted)."""
    if value is None:
        return ""
    return " ".join(str(value).replace("\t", " ").splitlines())


# -- reading and writing ------------------------------------------------------------------
def _rows(
    store: Store, query: str, params: Sequence[Any], *, named: bool = False, batch: int = 1000
) -> Iterator[Any]:
    """The rows of ``query`` (as dicts when ``named``), fetched a batch at a time on a
    cursor of their own."""
    cursor = store.con.cursor()
    try:
        cursor.execute(query, list(params))
        names = [d[0] for d in cursor.description or ()]
        while rows := cursor.fetchmany(batch):
            for row in rows:
                yield dict(zip(names, row, strict=True)) if named else row
    finally:
        cursor.close()


def _write(out: Path, lines: Iterable[str], *, header: str | None = None) -> int:
    """Write ``lines`` (after ``header``) to ``out`` as UTF-8; return how many."""
    written = 0
    try:
        with out.open("w", encoding="utf-8", newline="") as fh:
            if header is not None:
                fh.write(header)
            for line in lines:
                fh.write(line)
                written += 1
    except OSError as exc:
        raise ExportError(f"{out}: cannot write the export: {exc.strerror or exc}") from exc
    return written


# -- command line -------------------------------------------------------------------------
def register_command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse.ArgumentParser:
    """Add ``accord export`` to the CLI's subcommands; :func:`run_command` runs it."""
    parser = commands.add_parser(
        "export",
        help="write the corpus store as JSON Lines, Parquet, CSV or a GDELT-style table",
        description="Export the corpus store: jsonl (one Analysis record per line), "
        "parquet or csv (one table), gdelt (a GDELT 2.0-style tab-separated event table "
        "with a header). See docs/export.md.",
    )
    parser.add_argument("format", metavar="FORMAT", help=f"one of {', '.join(FORMATS)}")
    parser.add_argument("out", metavar="OUT", help="the file to write (replaced if it exists)")
    parser.add_argument(
        "--table",
        metavar="T",
        help=f"for parquet and csv: one of {', '.join(TABLES)} (default: events)",
    )
    parser.add_argument("--since", metavar="YYYY-MM-DD", help="first day included")
    parser.add_argument("--until", metavar="YYYY-MM-DD", help="last day included")
    parser.add_argument(
        "--db", metavar="PATH", help="the store (default: $ACCORD_DB, else ./accord.duckdb)"
    )
    return parser


def run_command(args: argparse.Namespace) -> int:
    """Run ``accord export``: open the store read-only, export, print one summary line."""
    since = _date_argument("--since", args.since)
    until = _date_argument("--until", args.until)
    table = args.table or "events"
    check(args.format, table, since, until)
    out = Path(args.out)
    with Store(Path(args.db) if args.db else default_path(), read_only=True) as store:
        written = export(store, args.format, out, table=table, since=since, until=until)
    what = {"jsonl": "records", "gdelt": "events", "graphml": "edges", "gexf": "edges"}.get(
        args.format, f"rows of {table}"
    )
    print(f"wrote {written} {what} to {out} ({args.format})")
    return 0


def _date_argument(option: str, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ExportError(f"{option} {value!r} is not a date (YYYY-MM-DD).") from None
