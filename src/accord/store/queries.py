"""Questions asked of the corpus store: events, dyads over time, networks, actors, claims.

Every query is a fixed SQL text with ``?`` placeholders: user values (codes, dates,
outlets) only ever travel as parameters, and the code chooses among fixed fragments.
Each returns a :class:`Table`.

Syndicated copies of one story must not count as several events: the aggregate
queries (``dyad_series``, ``network``, ``dyads``, ``actors``, the profile's partners)
count an event once per story, deduplicating on ``(story_id, source_code, target_code,
code)``; the copies still count as distinct ``sources`` (outlets) and ``documents``.
``events`` and ``claims`` list the stored rows themselves.

The ``accord query`` and ``accord sql`` commands that print these tables are in
:mod:`accord.store.query_command`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import duckdb

from ..actors.kb import cached_kb
from .store import Store, StoreError, first_line

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

__all__ = [
    "ActorProfile",
    "QueryError",
    "Table",
    "actor_names",
    "actor_profile",
    "actors",
    "claims",
    "code_name",
    "documents",
    "dyad_series",
    "dyads",
    "events",
    "network",
    "sql",
]

DateLike = dt.date | str
QuadLike = int | str | Iterable[int | str]

QUAD_CLASSES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


class QueryError(StoreError):
    """A query cannot run: a malformed argument (date, quad class, ...) or bad SQL."""

    code = "A411"


class Table:
    """The result of one query, with the SQL and parameters that produce it.

    Nothing runs when a Table is made. The query runs on the store the first time a
    result is asked for (:meth:`arrow`, :meth:`df`, :meth:`rows`, :attr:`columns`,
    ``len()``), and that result is kept, so every output of one Table comes from the
    same run. A Table must be read before its store is closed.
    """

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        sql: str,
        params: Sequence[object] | Mapping[str, object] | None = None,
    ) -> None:
        self.con = con
        self.sql = sql
        self.params = params
        self._result: pa.Table | None = None

    def arrow(self) -> pa.Table:
        """The rows as a pyarrow Table."""
        if self._result is None:
            self._result = self._run()
        return self._result

    def df(self) -> pd.DataFrame:
        """The rows as a pandas DataFrame (DATE columns become datetime64)."""
        return self.arrow().to_pandas(date_as_object=False)

    def rows(self) -> list[dict[str, Any]]:
        """The rows as dicts of Python values (DATE columns are ``datetime.date``)."""
        rows: list[dict[str, Any]] = self.arrow().to_pylist()
        return rows

    @property
    def columns(self) -> list[str]:
        return list(self.arrow().column_names)

    def __len__(self) -> int:
        return int(self.arrow().num_rows)

    def _run(self) -> pa.Table:
        cursor = self.con.cursor()  # its own cursor: safe beside other readers
        try:
            return cursor.sql(self.sql, params=self.params).to_arrow_table()
        except duckdb.Error as exc:
            raise QueryError(f"the query failed: {first_line(exc)}") from exc
        finally:
            cursor.close()


@dataclass(frozen=True)
class ActorProfile:
    """What the corpus and the knowledge base say about one actor code."""

    code: str
    name: str | None
    at: dt.date
    memberships: tuple[str, ...]  # IGOs the actor belongs to on ``at`` (knowledge base)
    members: tuple[str, ...]  # for an IGO: its member states on ``at``
    partners: Table  # counterparts ranked by cooperation
    adversaries: Table  # counterparts ranked by conflict
    recent: Table  # the latest events involving the actor, with their sentences

    def as_dict(self) -> dict[str, Any]:
        """The profile with its tables as lists of rows (runs their queries)."""
        return {
            "code": self.code,
            "name": self.name,
            "at": self.at,
            "memberships": list(self.memberships),
            "members": list(self.members),
            "partners": self.partners.rows(),
            "adversaries": self.adversaries.rows(),
            "recent": self.recent.rows(),
        }


# -- building WHERE clauses ---------------------------------------------------------


@dataclass
class _Where:
    """Conditions on ``events e JOIN documents d`` and their parameters, in order."""

    clauses: list[str] = field(default_factory=list)
    params: list[object] = field(default_factory=list)

    def add(self, clause: str, *params: object) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    @property
    def sql(self) -> str:
        return " AND ".join(self.clauses) or "TRUE"


def _filters(
    *,
    since: DateLike | None = None,
    until: DateLike | None = None,
    quad_class: QuadLike | None = None,
    actor: str | None = None,
    source: str | None = None,
    target: str | None = None,
    dyad: Sequence[str] | None = None,
    directed: bool = False,
    code: str | None = None,
    root: str | None = None,
    modality: str | None = None,
    outlet: str | None = None,
    coded: bool = False,
) -> _Where:
    """The conditions for the filters given; ``coded`` keeps events with both codes."""
    where = _Where()
    first, last = _date(since), _date(until, end=True)
    if first and last and first > last:
        raise QueryError(f"the range is empty: since {first} is after until {last}.")
    if first:
        where.add("e.day >= ?", first)
    if last:
        where.add("e.day <= ?", last)
    quads = _quads(quad_class)
    if quads is not None:
        where.add("list_contains(?::INTEGER[], e.quad_class)", quads)
    if actor is not None:
        where.add("(e.source_code = ? OR e.target_code = ?)", _code(actor), _code(actor))
    if source is not None:
        where.add("e.source_code = ?", _code(source))
    if target is not None:
        where.add("e.target_code = ?", _code(target))
    if dyad is not None:
        a, b = _dyad(dyad)
        if directed:
            where.add("e.source_code = ? AND e.target_code = ?", a, b)
        else:
            where.add(
                "((e.source_code = ? AND e.target_code = ?) "
                "OR (e.source_code = ? AND e.target_code = ?))",
                a,
                b,
                b,
                a,
            )
    if code is not None:
        where.add("starts_with(e.code, ?)", code.strip())
    if root is not None:
        where.add("e.root = ?", root.strip())
    if modality is not None:
        where.add("e.modality = ?", modality.strip())
    if outlet is not None:
        where.add("d.source = ?", outlet)
    if coded:
        where.add("e.source_code IS NOT NULL AND e.target_code IS NOT NULL")
    return where


_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def _date(value: DateLike | None, *, end: bool = False) -> dt.date | None:
    """A date from a date or ``YYYY[-MM[-DD]]``; a year or month means its first day,
    or with ``end`` its last (so ``until="2024-02"`` includes all of February)."""
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    match = _DATE.fullmatch(str(value).strip())
    try:
        if match is None:
            raise ValueError(value)
        year, month, day = match.groups()
        if day:
            return dt.date(int(year), int(month), int(day))
        if month:
            last = calendar.monthrange(int(year), int(month))[1]
            return dt.date(int(year), int(month), last if end else 1)
        return dt.date(int(year), 12, 31) if end else dt.date(int(year), 1, 1)
    except (ValueError, calendar.IllegalMonthError):
        raise QueryError(f"bad date {value!r}: expected YYYY-MM-DD, YYYY-MM or YYYY.") from None


def _quads(value: QuadLike | None) -> list[int] | None:
    """Quad classes from an int, a list, or a string such as ``"1,2"``."""
    if value is None:
        return None
    items: Iterable[int | str]
    if isinstance(value, str):
        items = [v for v in value.split(",") if v.strip()]
    elif isinstance(value, int):
        items = [value]
    else:
        items = value
    quads = []
    for item in items:
        number = int(item) if isinstance(item, int) or item.strip().isdigit() else None
        if isinstance(item, bool) or number not in QUAD_CLASSES:
            known = ", ".join(f"{k} ({v})" for k, v in QUAD_CLASSES.items())
            raise QueryError(f"unknown quad class {item!r}: expected {known}.")
        quads.append(number)
    if not quads:
        raise QueryError("no quad class given: expected one or more of 1, 2, 3, 4.")
    return quads


def _code(value: str) -> str:
    """An actor code as stored: upper case ("jpn" finds JPN)."""
    code = str(value).strip().upper()
    if not code:
        raise QueryError("empty actor code.")
    return code


def _dyad(value: Sequence[str]) -> tuple[str, str]:
    if isinstance(value, str) or len(value) != 2:
        raise QueryError(f"a dyad is two actor codes, not {value!r}.")
    return _code(value[0]), _code(value[1])


def count_option(value: int | None, what: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise QueryError(f"{what} must be a whole number of at least 0, not {value!r}.")
    return value


# -- fixed SQL fragments --------------------------------------------------------------

_EVENT_COLUMNS = """
    e.day, e.doc_id, e.event_id, e.story_id,
    e.source_code, e.source_name, e.code, e.root, e.label, e.plover, e.quad_class,
    e.goldstein, e.modality, e.target_code, e.target_name,
    e.date, e.date_precision, e.location, e.confidence,
    d.published, d.source AS outlet, d.title, d.url,
    substr(d.text, e.sentence_start + 1, e.sentence_end - e.sentence_start) AS sentence
"""


def _hits(where: _Where) -> str:
    """A CTE ``hits``: the filtered events once per story, with their outlets and
    documents. Copies share CAMEO code, hence quad class and Goldstein score."""
    return f"""
    hits AS (
        SELECT e.story_id, e.source_code, e.target_code, e.code,
               min(e.day) AS day, min(e.quad_class) AS quad_class,
               avg(e.goldstein) AS goldstein,
               list(DISTINCT d.source) AS outlets, list(DISTINCT e.doc_id) AS docs
        FROM events e JOIN documents d USING (doc_id)
        WHERE {where.sql}
        GROUP BY e.story_id, e.source_code, e.target_code, e.code
    )"""


# The most frequent stored name of each code (ties: the first alphabetically), a
# person's name only when nothing else carries the code: a minister's code is her
# government's ("JPNGOV"), and the government is what the code names.
_NAMES = """
    names AS (
        SELECT code, name FROM (
            SELECT code, name, bool_and(kind = 'person') AS person, count(*) AS n
            FROM actors WHERE code IS NOT NULL GROUP BY code, name
        ) QUALIFY row_number() OVER (PARTITION BY code ORDER BY person, n DESC, name) = 1
    )"""

_COOPERATION = "count(*) FILTER (WHERE quad_class IN (1, 2))"
_CONFLICT = "count(*) FILTER (WHERE quad_class IN (3, 4))"
_SOURCES = "len(list_distinct(flatten(list(outlets))))"
_DOCUMENTS = "len(list_distinct(flatten(list(docs))))"


# -- the queries ----------------------------------------------------------------------


def events(
    store: Store,
    *,
    actor: str | None = None,
    source: str | None = None,
    target: str | None = None,
    dyad: Sequence[str] | None = None,
    code: str | None = None,
    root: str | None = None,
    quad_class: QuadLike | None = None,
    modality: str | None = None,
    since: DateLike | None = None,
    until: DateLike | None = None,
    outlet: str | None = None,
    limit: int | None = None,
    offset: int = 0,
    newest_first: bool = False,
) -> Table:
    """Stored events with their document (``published``, ``outlet``, ``title``,
    ``url``) and ``sentence`` text, by day, doc_id and event_id (newest first if asked).

    ``dyad`` matches either direction; ``code`` is a CAMEO prefix ("19" finds 190);
    ``since`` and ``until`` are inclusive, on ``day``."""
    where = _filters(
        actor=actor,
        source=source,
        target=target,
        dyad=dyad,
        code=code,
        root=root,
        quad_class=quad_class,
        modality=modality,
        since=since,
        until=until,
        outlet=outlet,
    )
    order = "DESC" if newest_first else "ASC"
    query = f"""
        SELECT {_EVENT_COLUMNS}
        FROM events e JOIN documents d USING (doc_id)
        WHERE {where.sql}
        ORDER BY e.day {order}, e.doc_id {order}, e.event_id {order}
        LIMIT ? OFFSET ?"""
    params = [*where.params, count_option(limit, "limit"), count_option(offset, "offset")]
    return Table(store.con, query, params)


def dyad_series(
    store: Store,
    a: str,
    b: str,
    *,
    directed: bool = False,
    since: DateLike | None = None,
    until: DateLike | None = None,
) -> Table:
    """Per month (its first day) and quad class, the events between ``a`` and ``b``
    (``a`` to ``b`` only if ``directed``): ``events`` once per story, their
    ``goldstein`` sum, and ``sources``, the distinct outlets that reported them.
    Months without events are absent; events without a day are left out."""
    where = _filters(dyad=(a, b), directed=directed, since=since, until=until)
    where.add("e.day IS NOT NULL")
    query = f"""
        WITH {_hits(where)}
        SELECT date_trunc('month', day)::DATE AS month, quad_class,
               count(*) AS events, sum(goldstein) AS goldstein, {_SOURCES} AS sources
        FROM hits
        GROUP BY month, quad_class
        ORDER BY month, quad_class"""
    return Table(store.con, query, where.params)


def network(
    store: Store,
    *,
    since: DateLike | None = None,
    until: DateLike | None = None,
    quad_class: QuadLike | None = None,
    actor: str | None = None,
    min_weight: int = 1,
) -> Table:
    """Directed edges ``source_code`` → ``target_code`` with their ``cooperation``
    (quad 1–2) and ``conflict`` (quad 3–4) counts, ``events``, ``goldstein`` sum and
    ``weight`` (= events), once per story; heaviest first. Events with an uncoded
    side are left out; ``actor`` keeps the edges touching that code."""
    where = _filters(since=since, until=until, quad_class=quad_class, actor=actor, coded=True)
    query = f"""
        WITH {_hits(where)}
        SELECT source_code, target_code,
               {_COOPERATION} AS cooperation, {_CONFLICT} AS conflict,
               count(*) AS events, sum(goldstein) AS goldstein, count(*) AS weight
        FROM hits
        GROUP BY source_code, target_code
        HAVING count(*) >= ?
        ORDER BY weight DESC, source_code, target_code"""
    return Table(store.con, query, [*where.params, count_option(min_weight, "min_weight")])


def actors(
    store: Store,
    *,
    since: DateLike | None = None,
    until: DateLike | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> Table:
    """The most active actor codes: ``events`` they take part in (once per story;
    ``as_source``, ``as_target``), the distinct ``stories`` and ``documents``, and the
    code's most frequent stored ``name``."""
    where = _filters(since=since, until=until)
    query = f"""
        WITH {_hits(where)}, {_NAMES},
        roles AS (
            SELECT *, unnest(list_distinct([source_code, target_code])) AS actor FROM hits
        )
        SELECT r.actor AS code, any_value(n.name) AS name, count(*) AS events,
               count(*) FILTER (WHERE r.source_code = r.actor) AS as_source,
               count(*) FILTER (WHERE r.target_code = r.actor) AS as_target,
               count(DISTINCT r.story_id) AS stories, {_DOCUMENTS} AS documents
        FROM roles r LEFT JOIN names n ON n.code = r.actor
        GROUP BY r.actor
        ORDER BY events DESC, documents DESC, code
        LIMIT ? OFFSET ?"""
    params = [*where.params, count_option(limit, "limit"), count_option(offset, "offset")]
    return Table(store.con, query, params)


def dyads(
    store: Store,
    *,
    since: DateLike | None = None,
    until: DateLike | None = None,
    quad_class: QuadLike | None = None,
    actor: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> Table:
    """The most active pairs of codes, either direction (``a`` < ``b``): ``events``
    once per story, ``cooperation``, ``conflict``, ``goldstein``, and the distinct
    ``sources`` (outlets) and ``documents`` reporting them."""
    where = _filters(since=since, until=until, quad_class=quad_class, actor=actor, coded=True)
    query = f"""
        WITH {_hits(where)}
        SELECT least(source_code, target_code) AS a, greatest(source_code, target_code) AS b,
               count(*) AS events, {_COOPERATION} AS cooperation, {_CONFLICT} AS conflict,
               sum(goldstein) AS goldstein, {_SOURCES} AS sources, {_DOCUMENTS} AS documents
        FROM hits
        GROUP BY a, b
        ORDER BY events DESC, a, b
        LIMIT ? OFFSET ?"""
    params = [*where.params, count_option(limit, "limit"), count_option(offset, "offset")]
    return Table(store.con, query, params)


def claims(
    store: Store,
    *,
    single_source: bool = False,
    since: DateLike | None = None,
    until: DateLike | None = None,
) -> Table:
    """Claims — who did what to whom on which day, ``(source_code, code, target_code,
    day)`` — with the distinct ``stories``, ``sources`` (outlets, listed in
    ``outlets``) and ``documents`` that report them. ``single_source`` keeps the
    claims that at most one named outlet reports."""
    where = _filters(since=since, until=until)
    having = "HAVING count(DISTINCT d.source) <= 1" if single_source else ""
    query = f"""
        SELECT e.source_code, e.code, any_value(e.label) AS label, e.target_code, e.day,
               count(DISTINCT e.story_id) AS stories, count(DISTINCT d.source) AS sources,
               count(DISTINCT e.doc_id) AS documents,
               string_agg(DISTINCT d.source, '; ' ORDER BY d.source) AS outlets
        FROM events e JOIN documents d USING (doc_id)
        WHERE {where.sql}
        GROUP BY e.source_code, e.code, e.target_code, e.day
        {having}
        ORDER BY e.day, e.source_code, e.code, e.target_code"""
    return Table(store.con, query, where.params)


def documents(
    store: Store,
    *,
    search: str | None = None,
    outlet: str | None = None,
    since: DateLike | None = None,
    until: DateLike | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> Table:
    """Stored documents, newest first: id, title, published, outlet, url, story, size
    and the counts of their events, quotes and framing flags. ``search`` keeps those
    whose title or text contains it (any case; ``%`` and ``_`` match themselves);
    ``since`` and ``until`` are inclusive, on ``published``."""
    clauses: list[str] = ["TRUE"]
    params: list[object] = []
    if search is not None and search.strip():
        pattern = "%" + re.sub(r"([\\%_])", r"\\\1", search.strip()) + "%"
        clauses.append("(d.title ILIKE ? ESCAPE '\\' OR d.text ILIKE ? ESCAPE '\\')")
        params += [pattern, pattern]
    if outlet is not None:
        clauses.append("d.source = ?")
        params.append(outlet)
    first, last = _date(since), _date(until, end=True)
    if first and last and first > last:
        raise QueryError(f"the range is empty: since {first} is after until {last}.")
    if first:
        clauses.append("d.published >= ?")
        params.append(first)
    if last:
        clauses.append("d.published <= ?")
        params.append(last)
    query = f"""
        SELECT d.doc_id, d.title, d.published, d.source AS outlet, d.url, d.story_id,
               d.n_chars,
               (SELECT count(*) FROM events e WHERE e.doc_id = d.doc_id) AS events,
               (SELECT count(*) FROM quotes q WHERE q.doc_id = d.doc_id) AS quotes,
               (SELECT count(*) FROM framing f WHERE f.doc_id = d.doc_id) AS framing
        FROM documents d
        WHERE {" AND ".join(clauses)}
        ORDER BY d.published DESC NULLS LAST, d.doc_id
        LIMIT ? OFFSET ?"""
    params += [count_option(limit, "limit"), count_option(offset, "offset")]
    return Table(store.con, query, params)


def code_name(code: str) -> str | None:
    """What the knowledge base calls a code: a state or IGO ("JPN": "Japan"), or a
    state's sector ("JPNGOV": "Japan government"); None for other codes."""
    kb = cached_kb()
    known = kb.igos.get(code) or kb.states.get(code)
    if known is not None:
        return known.name
    state, sector = kb.states.get(code[:3]), code[3:]
    if state is not None and sector in kb.sectors:
        return f"{state.name} {kb.sector_label(sector)}"
    return None


def actor_names(store: Store, codes: Iterable[str] | None = None) -> dict[str, str]:
    """The name of each code (of every stored code if ``codes`` is None): the knowledge
    base's (:func:`code_name`), else the most frequent stored one."""
    query = f"WITH {_NAMES} SELECT code, name FROM names"
    params: list[object] = []
    if codes is not None:
        query += " WHERE list_contains(?::VARCHAR[], code)"
        params.append(sorted({_code(c) for c in codes}))
    stored = {row["code"]: row["name"] for row in Table(store.con, query, params).rows()}
    wanted = stored.keys() if codes is None else {_code(c) for c in codes}
    names = {code: code_name(code) or stored.get(code) for code in wanted}
    return {code: name for code, name in names.items() if name}


def actor_profile(
    store: Store, code: str, *, at: DateLike | None = None, recent: int = 10
) -> ActorProfile:
    """One actor code: its name, its memberships (or, for an IGO, its members) in the
    knowledge base on ``at`` (default today), its partners and adversaries in the
    corpus, and its ``recent`` latest events."""
    code = _code(code)
    day = _date(at) or dt.date.today()
    kb = cached_kb()
    igo = kb.igos.get(code)
    name = actor_names(store, [code]).get(code)
    return ActorProfile(
        code=code,
        name=name,
        at=day,
        memberships=tuple(kb.memberships_on(code, day)),
        members=tuple(igo.members_on(day)) if igo else (),
        partners=_counterparts(store, code, "cooperation"),
        adversaries=_counterparts(store, code, "conflict"),
        recent=events(store, actor=code, limit=count_option(recent, "recent"), newest_first=True),
    )


def _counterparts(store: Store, code: str, rank: Literal["cooperation", "conflict"]) -> Table:
    """The codes ``code`` has events with, once per story, ranked by ``rank`` (a
    fixed column name), keeping those with any."""
    where = _filters(actor=code)
    query = f"""
        WITH {_hits(where)}, {_NAMES},
        pairs AS (
            SELECT CASE WHEN source_code = ? THEN target_code ELSE source_code END AS code,
                   quad_class, goldstein
            FROM hits
        )
        SELECT p.code, any_value(n.name) AS name,
               {_COOPERATION} AS cooperation, {_CONFLICT} AS conflict,
               count(*) AS events, sum(goldstein) AS goldstein
        FROM pairs p LEFT JOIN names n USING (code)
        WHERE p.code IS NOT NULL AND p.code <> ?
        GROUP BY p.code
        HAVING {rank} > 0
        ORDER BY {rank} DESC, events DESC, p.code"""
    return Table(store.con, query, [*where.params, code, code])


def sql(
    store: Store, query: str, params: Sequence[object] | Mapping[str, object] | None = None
) -> Table:
    """Any SQL on the store (``?`` or ``$name`` parameters). It runs with the store's
    own rights: open the store read-only to keep it from writing."""
    return Table(store.con, query, params)
