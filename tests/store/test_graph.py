"""The actor network as a networkx graph, written as GraphML and GEXF and read back."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from accord.store.graph import network_graph, write_graph
from accord.store.queries import QueryError
from accord.store.store import Store

from .conftest import Story, record

NODES = {
    "AUS": ("Australia", 4),
    "CHN": ("China", 1),
    "JPN": ("Japan", 4),
    "NATO": ("North Atlantic Treaty Organization", 1),
    "RUS": ("Russia", 3),
    "UKR": ("Ukraine", 3),
}
# (source, target) -> (cooperation, conflict, events, goldstein, relation)
EDGES = {
    ("JPN", "AUS"): (3, 0, 3, 16.0, "cooperation"),
    ("AUS", "JPN"): (1, 0, 1, 2.8, "cooperation"),
    ("RUS", "UKR"): (0, 2, 2, -20.0, "conflict"),
    ("UKR", "RUS"): (0, 1, 1, -2.0, "conflict"),
    ("CHN", "NATO"): (0, 1, 1, -2.0, "conflict"),
}


def check(graph: nx.DiGraph) -> None:
    """The graph is the corpus network: its nodes, edges and their attributes."""
    assert {n: (d["name"], d["activity"]) for n, d in graph.nodes(data=True)} == NODES
    assert set(graph.edges) == set(EDGES)
    for (s, t), (cooperation, conflict, events, goldstein, relation) in EDGES.items():
        data = graph.edges[s, t]
        assert data["cooperation"] == cooperation
        assert data["conflict"] == conflict
        assert data["events"] == events
        assert data["weight"] == events
        assert data["goldstein"] == pytest.approx(goldstein)
        assert data["relation"] == relation


def test_network_graph(corpus_store: Store) -> None:
    graph = network_graph(corpus_store)
    assert isinstance(graph, nx.DiGraph)
    check(graph)


def test_network_graph_filters(corpus_store: Store) -> None:
    graph = network_graph(corpus_store, quad_class=[3, 4])
    assert set(graph.nodes) == {"RUS", "UKR", "CHN", "NATO"}
    assert graph.nodes["RUS"]["activity"] == 3
    graph = network_graph(corpus_store, actor="JPN", min_weight=2)
    assert list(graph.edges) == [("JPN", "AUS")]
    assert graph.nodes["AUS"]["activity"] == 3  # within this graph only
    assert network_graph(corpus_store, since="2025").number_of_nodes() == 0


def test_an_edge_of_both_kinds_is_mixed(corpus_store: Store) -> None:
    corpus_store.add([record(Story("2024-04-01", "Gazette", [("JPN", "111", "AUS")]))])
    edge = network_graph(corpus_store).edges["JPN", "AUS"]
    assert (edge["cooperation"], edge["conflict"], edge["relation"]) == (3, 1, "mixed")


def test_graphml_round_trip(corpus_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "network.graphml"
    write_graph(network_graph(corpus_store), path, "graphml")
    graph = nx.read_graphml(path)
    assert isinstance(graph, nx.DiGraph)
    check(graph)
    assert isinstance(graph.edges["JPN", "AUS"]["cooperation"], int)
    assert isinstance(graph.edges["JPN", "AUS"]["goldstein"], float)


def test_gexf_round_trip(corpus_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "network.gexf"
    write_graph(network_graph(corpus_store), path, "gexf")
    graph = nx.read_gexf(path)
    assert isinstance(graph, nx.DiGraph)
    check(graph)
    assert graph.nodes["NATO"]["label"] == "North Atlantic Treaty Organization"


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_none_and_odd_values_are_written_as_text(tmp_path: Path, fmt: str) -> None:
    graph = nx.DiGraph(title=None)
    graph.add_node("XYZ", name=None, activity=2, tags=("a", "b"))
    graph.add_node("JPN", name="Japan", activity=2)
    graph.add_edge("XYZ", "JPN", relation=None, weight=2)
    path = tmp_path / f"odd.{fmt}"
    write_graph(graph, path, fmt)
    back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert back.nodes["XYZ"]["name"] == ""
    assert back.nodes["XYZ"]["tags"] == "('a', 'b')"
    assert back.edges["XYZ", "JPN"]["relation"] == ""
    assert back.edges["XYZ", "JPN"]["weight"] == 2
    assert graph.nodes["XYZ"]["name"] is None  # the graph itself is left as it was


def test_empty_graph_is_written(tmp_path: Path) -> None:
    path = tmp_path / "empty.graphml"
    write_graph(nx.DiGraph(), path, "graphml")
    assert nx.read_graphml(path).number_of_nodes() == 0


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(QueryError, match="unknown graph format 'dot'"):
        write_graph(nx.DiGraph(), tmp_path / "g.dot", "dot")
    assert not (tmp_path / "g.dot").exists()
