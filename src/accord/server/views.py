"""The data behind every page and API answer, computed once for both.

Each function here takes the store and plain arguments and returns JSON-ready data
(dicts, lists, numbers, strings, dates). The API returns it as it is; each HTML page
renders the same data through its template, and its ``.json`` twin returns it
(datasette's pattern), so what a page shows and what a script reads cannot drift
apart. All filtering happens in :mod:`accord.store.queries`, whose SQL is fixed and
takes every value as a parameter.
"""

from __future__ import annotations

from typing import Any

from ..store import queries
from ..store.queries import QUAD_CLASSES
from ..store.store import Store

#: Rows per page when the client does not say; the most it may ask for.
DEFAULT_LIMIT = 50
MAX_LIMIT = 500


class NotFoundError(LookupError):
    """A document or actor the store does not have (404)."""


def page(table_for: Any, limit: int, offset: int, **filters: Any) -> dict[str, Any]:
    """One page of a query's rows: ``items``, ``limit``, ``offset`` and ``next_offset``
    (None on the last page). One extra row is asked for to know whether more follow."""
    rows = table_for(limit=limit + 1, offset=offset, **filters).rows()
    more = len(rows) > limit
    return {
        "items": rows[:limit],
        "limit": limit,
        "offset": offset,
        "next_offset": offset + limit if more else None,
    }


def named(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows with a ``code`` and a stored ``name``, named as the knowledge base names
    the code where it does ("JPNGOV": "Japan government", not the minister's name)."""
    for row in rows:
        row["name"] = queries.code_name(row["code"]) or row.get("name")
    return rows


def document_list(
    store: Store,
    *,
    search: str | None = None,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> dict[str, Any]:
    """A page of stored documents, newest first, with the filters that chose them."""
    found = page(
        lambda **kw: queries.documents(store, **kw),
        limit,
        offset,
        search=search,
        outlet=outlet,
        since=since,
        until=until,
    )
    found["filters"] = {"search": search, "outlet": outlet, "since": since, "until": until}
    found["total_documents"] = store.count("documents")
    return found


def network_data(
    store: Store,
    *,
    since: str | None = None,
    until: str | None = None,
    quad_class: str | None = None,
    actor: str | None = None,
    min_weight: int = 1,
    max_edges: int = 300,
) -> dict[str, Any]:
    """The cooperation/conflict network: ``edges`` (heaviest first, at most
    ``max_edges``) and the ``nodes`` they touch, each node with its name and its
    ``events`` (the sum of its edges' weights: its activity in this network)."""
    edges = queries.network(
        store,
        since=since,
        until=until,
        quad_class=quad_class,
        actor=actor,
        min_weight=min_weight,
    ).rows()
    truncated = len(edges) > max_edges
    edges = edges[:max_edges]
    activity: dict[str, dict[str, int]] = {}
    for edge in edges:
        for end in (edge["source_code"], edge["target_code"]):
            node = activity.setdefault(end, {"events": 0, "cooperation": 0, "conflict": 0})
            node["events"] += edge["events"]
            node["cooperation"] += edge["cooperation"]
            node["conflict"] += edge["conflict"]
    names = queries.actor_names(store, activity) if activity else {}
    nodes = [
        {"code": code, "name": names.get(code) or code, **counts}
        for code, counts in sorted(activity.items(), key=lambda kv: (-kv[1]["events"], kv[0]))
    ]
    return {"nodes": nodes, "edges": edges, "truncated": truncated}


def dyad_timeline(
    store: Store,
    a: str,
    b: str,
    *,
    directed: bool = False,
    since: str | None = None,
    until: str | None = None,
) -> dict[str, Any]:
    """Month by month and quad class, the events between ``a`` and ``b``: their
    count (once per story), Goldstein sum and distinct outlets."""
    rows = queries.dyad_series(store, a, b, directed=directed, since=since, until=until).rows()
    names = queries.actor_names(store, [a, b])
    return {
        "a": a.upper(),
        "b": b.upper(),
        "a_name": names.get(a.upper()),
        "b_name": names.get(b.upper()),
        "directed": directed,
        "quad_classes": {str(k): v for k, v in QUAD_CLASSES.items()},
        "series": rows,
    }


def corpus_overview(
    store: Store,
    *,
    since: str | None = None,
    until: str | None = None,
    quad_class: str | None = None,
    actor: str | None = None,
    a: str | None = None,
    b: str | None = None,
    top: int = 15,
) -> dict[str, Any]:
    """Everything the dashboard shows for one set of filters: the network, the top
    actors and dyads, the timeline of one dyad (``a``-``b``, else the top dyad) and
    the latest documents."""
    top_dyads = queries.dyads(
        store, since=since, until=until, quad_class=quad_class, actor=actor, limit=top
    ).rows()
    if (a is None or b is None) and top_dyads:
        a, b = top_dyads[0]["a"], top_dyads[0]["b"]
    timeline = dyad_timeline(store, a, b, since=since, until=until) if a and b else None
    return {
        "filters": {
            "since": since,
            "until": until,
            "quad_class": quad_class,
            "actor": actor,
            "a": a,
            "b": b,
        },
        "counts": {table: store.count(table) for table in ("documents", "events", "quotes")},
        "network": network_data(
            store, since=since, until=until, quad_class=quad_class, actor=actor
        ),
        "top_actors": named(queries.actors(store, since=since, until=until, limit=top).rows()),
        "top_dyads": top_dyads,
        "timeline": timeline,
        "documents": document_list(store, since=since, until=until, limit=10)["items"],
    }


def actor_profile(
    store: Store, code: str, *, at: str | None = None, recent: int = 20
) -> dict[str, Any]:
    """An actor code's profile (see :func:`accord.store.queries.actor_profile`);
    :class:`NotFoundError` if neither the corpus nor the knowledge base knows it."""
    profile = queries.actor_profile(store, code, at=at, recent=recent).as_dict()
    named(profile["partners"])
    named(profile["adversaries"])
    if profile["name"] is None and not profile["recent"] and not profile["partners"]:
        raise NotFoundError(f"no actor {code.upper()!r} in the corpus or the knowledge base.")
    return profile


def document_view(store: Store, doc_id: str) -> dict[str, Any]:
    """One stored document's Analysis record and where it came from."""
    record = store.record(doc_id)
    stored = store.document(doc_id)
    if record is None or stored is None:
        raise NotFoundError(f"no document {doc_id!r} in the store.")
    return {"record": record, "origin": stored.origin, "pipeline": stored.pipeline}


__all__ = [
    "DEFAULT_LIMIT",
    "MAX_LIMIT",
    "NotFoundError",
    "actor_profile",
    "corpus_overview",
    "document_list",
    "document_view",
    "dyad_timeline",
    "named",
    "network_data",
    "page",
]
