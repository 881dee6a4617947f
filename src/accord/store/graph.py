"""The actor network as a networkx graph, and its export to GraphML and GEXF.

Nodes are actor codes, with their most frequent stored ``name`` and ``activity`` (the
events they take part in, within the graph). Edges are
:func:`~accord.store.queries.network` rows: ``cooperation``, ``conflict``, ``events``,
``goldstein``, ``weight``, and ``relation`` ("cooperation", "conflict" or "mixed"),
for Gephi and similar tools to colour by.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import networkx as nx

from .queries import DateLike, QuadLike, QueryError, actor_names, network
from .store import Store

FORMATS = ("graphml", "gexf")


def network_graph(
    store: Store,
    *,
    since: DateLike | None = None,
    until: DateLike | None = None,
    quad_class: QuadLike | None = None,
    actor: str | None = None,
    min_weight: int = 1,
) -> nx.DiGraph:
    """The directed actor network, with the filters of :func:`network`."""
    edges = network(
        store,
        since=since,
        until=until,
        quad_class=quad_class,
        actor=actor,
        min_weight=min_weight,
    ).rows()
    activity: Counter[str] = Counter()
    for edge in edges:
        for code in {edge["source_code"], edge["target_code"]}:  # a self-loop counts once
            activity[code] += edge["events"]
    names = actor_names(store, activity)
    graph = nx.DiGraph()
    for code in sorted(activity):
        graph.add_node(code, name=names.get(code, code), activity=activity[code])
    for edge in edges:
        graph.add_edge(
            edge["source_code"],
            edge["target_code"],
            cooperation=edge["cooperation"],
            conflict=edge["conflict"],
            events=edge["events"],
            goldstein=float(edge["goldstein"]),
            weight=edge["weight"],
            relation=_relation(edge["cooperation"], edge["conflict"]),
        )
    return graph


def _relation(cooperation: int, conflict: int) -> str:
    if conflict == 0:
        return "cooperation"
    return "conflict" if cooperation == 0 else "mixed"


def write_graph(graph: nx.DiGraph, path: str | Path, fmt: str) -> None:
    """Write ``graph`` as ``fmt`` ("graphml" or "gexf"). Both formats refuse None and
    types they do not know, so attributes are written as int, float, bool or text
    (None as empty text); GEXF nodes are labelled with their ``name``."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown graph format {fmt!r}: expected graphml or gexf.")
    safe = nx.DiGraph()
    safe.graph.update(_safe(graph.graph))
    for node, data in graph.nodes(data=True):
        attrs = _safe(data)
        if fmt == "gexf":
            attrs.setdefault("label", str(attrs.get("name", node)))
        safe.add_node(str(node), **attrs)
    for source, target, data in graph.edges(data=True):
        safe.add_edge(str(source), str(target), **_safe(data))
    if fmt == "graphml":
        nx.write_graphml(safe, str(path))
    else:
        nx.write_gexf(safe, str(path))


def _safe(attrs: dict[str, object]) -> dict[str, object]:
    return {str(k): _safe_value(v) for k, v in attrs.items()}


def _safe_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool | int | float | str):
        return value
    return str(value)
