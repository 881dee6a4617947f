"""``accord query ...`` and ``accord sql``: the corpus queries on the command line.

The store opens read-only; every result is read before anything is printed, so an
error leaves stdout empty. Formats: an aligned text table, CSV, JSON or JSON Lines.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from .queries import (
    ActorProfile,
    QueryError,
    Table,
    actor_profile,
    actors,
    claims,
    count_option,
    dyad_series,
    dyads,
    events,
    network,
    sql,
)
from .store import Store, default_path

FORMATS = ("table", "csv", "json", "jsonl")

# What ``--format table`` shows of an event when no ``--columns`` are chosen.
_EVENT_TABLE = [
    "day",
    "source_code",
    "code",
    "label",
    "target_code",
    "modality",
    "outlet",
    "sentence",
]
_CELL_WIDTH = 60


def register_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``accord query ...`` and ``accord sql`` to the CLI's subcommands."""
    query = commands.add_parser(
        "query",
        help="query a corpus store: events, dyads, networks, actors, claims",
        description="Query a corpus store (opened read-only).",
    )
    kinds = query.add_subparsers(dest="query", metavar="QUERY", required=True)

    p = kinds.add_parser("events", help="events with their sentences")
    for name, what in (("actor", "either side"), ("source", "source"), ("target", "target")):
        p.add_argument(f"--{name}", metavar="CODE", help=f"actor code on {what}")
    p.add_argument("--dyad", nargs=2, metavar=("A", "B"), help="two codes, either direction")
    p.add_argument("--code", metavar="CAMEO", help="CAMEO code prefix (19 finds 190)")
    p.add_argument("--root", metavar="ROOT", help="CAMEO root code")
    p.add_argument("--modality", metavar="M", help="modality (asserted, ...)")
    p.add_argument("--outlet", metavar="NAME", help="the document's source")
    p.add_argument("--offset", type=int, default=0, metavar="N", help="skip the first N")
    _quad_option(p)
    _common(p, dates=True)

    p = kinds.add_parser("dyad", help="a dyad's events per month and quad class")
    p.add_argument("a", metavar="A", help="actor code")
    p.add_argument("b", metavar="B", help="actor code")
    p.add_argument("--directed", action="store_true", help="A to B only")
    _common(p, dates=True)

    p = kinds.add_parser("network", help="directed edges between actors")
    p.add_argument("--actor", metavar="CODE", help="edges touching this code")
    p.add_argument("--min-weight", type=int, default=1, metavar="N", help="fewest events")
    p.add_argument("--graph", metavar="PATH", help="write the graph instead (.graphml or .gexf)")
    _quad_option(p)
    _common(p, dates=True)

    p = kinds.add_parser("actors", help="the most active actors")
    _common(p, dates=True)

    p = kinds.add_parser("dyads", help="the most active pairs of actors")
    p.add_argument("--actor", metavar="CODE", help="pairs including this code")
    _quad_option(p)
    _common(p, dates=True)

    p = kinds.add_parser("profile", help="one actor: memberships, partners, adversaries")
    p.add_argument("code", metavar="CODE", help="actor code")
    p.add_argument("--at", metavar="YYYY-MM-DD", help="date of the memberships (today)")
    p.add_argument("--recent", type=int, default=10, metavar="N", help="latest events shown")
    _common(p, formats=("table", "json"))

    p = kinds.add_parser("claims", help="who did what to whom when, and who reports it")
    p.add_argument("--single-source", action="store_true", help="claims of one outlet only")
    _common(p, dates=True)

    p = commands.add_parser(
        "sql",
        help="run SQL on a corpus store (read-only)",
        description="Run one SQL query on a corpus store opened read-only.",
    )
    p.add_argument("statement", metavar="SQL", help="the query")
    p.add_argument(
        "--param", action="append", metavar="VALUE", help="a value for each ? (repeatable)"
    )
    _common(p)


def _quad_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--quad", metavar="Q[,Q]", help="quad classes: 1, 2, 3, 4 (e.g. 3,4)")


def _common(
    p: argparse.ArgumentParser, *, dates: bool = False, formats: Sequence[str] = FORMATS
) -> None:
    if dates:
        p.add_argument("--since", metavar="YYYY-MM-DD", help="from this day (inclusive)")
        p.add_argument("--until", metavar="YYYY-MM-DD", help="to this day (inclusive)")
    p.add_argument("--db", metavar="PATH", help="the store (default: $ACCORD_DB, accord.duckdb)")
    p.add_argument("--format", choices=formats, default="table", help="output (default: table)")
    p.add_argument("--limit", type=int, metavar="N", help="print at most N rows")
    p.add_argument("--columns", metavar="A,B", help="print only these columns")


def run_command(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Run ``accord query ...`` or ``accord sql`` and print the result on ``out``
    (stdout). Every result is read before anything is printed, so a failing query
    prints nothing."""
    out = out or sys.stdout
    with Store(Path(args.db) if args.db else default_path(), read_only=True) as store:
        if args.command == "sql":
            table = sql(store, args.statement, args.param)
        elif args.query == "profile":
            _print_profile(
                actor_profile(store, args.code, at=args.at, recent=args.recent), args, out
            )
            return 0
        elif args.query == "network" and args.graph:
            return _write_network(store, args, out)
        else:
            table = _query(store, args)
        _print(table, args, out)
    return 0


def _query(store: Store, args: argparse.Namespace) -> Table:
    kind = args.query
    dates = {"since": args.since, "until": args.until}
    if kind == "events":
        return events(
            store,
            actor=args.actor,
            source=args.source,
            target=args.target,
            dyad=args.dyad,
            code=args.code,
            root=args.root,
            quad_class=args.quad,
            modality=args.modality,
            outlet=args.outlet,
            limit=args.limit,
            offset=args.offset,
            **dates,
        )
    if kind == "dyad":
        return dyad_series(store, args.a, args.b, directed=args.directed, **dates)
    if kind == "network":
        return network(
            store, quad_class=args.quad, actor=args.actor, min_weight=args.min_weight, **dates
        )
    if kind == "actors":
        return actors(store, limit=args.limit, **dates)
    if kind == "dyads":
        return dyads(store, quad_class=args.quad, actor=args.actor, limit=args.limit, **dates)
    return claims(store, single_source=args.single_source, **dates)


def _write_network(store: Store, args: argparse.Namespace, out: TextIO) -> int:
    from .graph import network_graph, write_graph

    path = Path(args.graph)
    fmt = path.suffix.lstrip(".").lower()
    graph = network_graph(
        store,
        since=args.since,
        until=args.until,
        quad_class=args.quad,
        actor=args.actor,
        min_weight=args.min_weight,
    )
    write_graph(graph, path, fmt)
    print(
        f"wrote {path}: {graph.number_of_nodes()} actors, {graph.number_of_edges()} edges",
        file=out,
    )
    return 0


def _selected(table: Table, args: argparse.Namespace) -> tuple[list[str], list[dict[str, Any]]]:
    """The columns and rows to print, after ``--columns`` and ``--limit``."""
    rows = table.rows()
    if args.limit is not None:
        rows = rows[: count_option(args.limit, "--limit")]
    names = table.columns
    if args.columns:
        wanted = [c.strip() for c in args.columns.split(",") if c.strip()]
        unknown = [c for c in wanted if c not in names]
        if unknown:
            raise QueryError(f"no column {unknown[0]!r}; the columns are {', '.join(names)}.")
        names = wanted
    elif args.format == "table" and getattr(args, "query", None) == "events":
        names = _EVENT_TABLE
    return names, [{n: r[n] for n in names} for r in rows]


def _print(table: Table, args: argparse.Namespace, out: TextIO) -> None:
    names, rows = _selected(table, args)
    if args.format == "json":
        out.write(json.dumps(rows, default=_json_value, ensure_ascii=False, indent=2) + "\n")
    elif args.format == "jsonl":
        for row in rows:
            out.write(json.dumps(row, default=_json_value, ensure_ascii=False) + "\n")
    elif args.format == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(names)
        writer.writerows([_cell(r[n], exact=True) for n in names] for r in rows)
    else:
        out.write(_text_table(names, rows))


def _print_profile(profile: ActorProfile, args: argparse.Namespace, out: TextIO) -> None:
    data = profile.as_dict()  # runs every query before anything is printed
    if args.format == "json":
        out.write(json.dumps(data, default=_json_value, ensure_ascii=False, indent=2) + "\n")
        return
    lines = [f"{profile.code}  {profile.name or ''}".rstrip()]
    lines.append(f"memberships on {profile.at}: {', '.join(profile.memberships) or '-'}")
    if profile.members:
        lines.append(f"members on {profile.at}: {', '.join(profile.members)}")
    out.write("\n".join(lines) + "\n")
    recent = ["day", "source_code", "code", "label", "target_code", "outlet", "sentence"]
    for title, key, names in (
        ("Partners (by cooperation)", "partners", profile.partners.columns),
        ("Adversaries (by conflict)", "adversaries", profile.adversaries.columns),
        ("Recent events", "recent", recent),
    ):
        rows = [{n: r[n] for n in names} for r in data[key]]
        out.write(f"\n{title}\n" + _text_table(names, rows))


def _json_value(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _cell(value: object, *, exact: bool = False) -> str:
    """A value as text: None is empty, lists are joined, floats rounded to three
    decimals unless ``exact`` (CSV keeps every digit)."""
    if value is None:
        return ""
    if isinstance(value, float) and not exact:
        return f"{value:.3f}".rstrip("0").rstrip(".")
    if isinstance(value, list):
        return "; ".join(_cell(v, exact=exact) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _text_table(names: list[str], rows: list[dict[str, Any]]) -> str:
    """An aligned plain-text table; numbers right-aligned, long cells cut."""
    if not rows:
        return "(no rows)\n"
    cells = [[_fit(_cell(r[n])) for n in names] for r in rows]
    widths = [max(len(n), *(len(c[i]) for c in cells)) for i, n in enumerate(names)]
    numeric = [all(isinstance(r[n], int | float) or r[n] is None for r in rows) for n in names]

    def line(values: list[str]) -> str:
        parts = [
            v.rjust(w) if num else v.ljust(w)
            for v, w, num in zip(values, widths, numeric, strict=True)
        ]
        return "  ".join(parts).rstrip()

    rule = ["-" * w for w in widths]
    return "\n".join([line(names), line(rule), *(line(c) for c in cells)]) + "\n"


def _fit(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _CELL_WIDTH else text[: _CELL_WIDTH - 1] + "…"
