"""Tests of the REST API under ``/api`` (and the guard in front of it), in-process.

The store holds the hand-built corpus of ``tests/store`` (Japan and Australia
cooperate in January, February and March 2024, the January wire story is
syndicated twice, Russia and Ukraine clash, China criticises NATO), so every
answer is known. Only short texts go through the shared pipeline.

The tests that only read (and analyze, which stores nothing) share one app over one
store, ``reader``; those that ingest or log in get their own (``client``,
``token_client``).
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import accord
from accord.server.app import create_app
from accord.server.service import Service, Settings
from accord.store.store import Store

from ..store.conftest import STORIES, record
from .conftest import MAX_BODY, MAX_UPLOAD, TOKEN

ARTICLE = (
    "Japan and Australia signed a defence agreement in Tokyo on Monday. "
    "The Japanese foreign minister said the pact would strengthen security in the region. "
    "Australia's prime minister welcomed the deal."
)
FRENCH = (
    "Le gouvernement français a annoncé mardi un nouveau plan pour l'économie. "
    "Les ministres se sont réunis à Paris pour discuter des réformes du pays."
)
GERMAN = (
    "Die Bundesregierung hat am Dienstag einen neuen Plan für die Wirtschaft vorgestellt. "
    "Die Minister trafen sich in Berlin, um über die Reformen zu sprechen."
)

#: Every route of the API and its method.
ROUTES = {
    "/api/analyze": "post",
    "/api/documents": "get",
    "/api/documents/{doc_id}": "get",
    "/api/events": "get",
    "/api/dyads": "get",
    "/api/dyads/{a}/{b}": "get",
    "/api/network": "get",
    "/api/actors": "get",
    "/api/actors/{code}": "get",
    "/api/ingest": "post",
}


@pytest.fixture(scope="module")
def reader(
    tmp_path_factory: pytest.TempPathFactory, pipeline: accord.Pipeline
) -> Iterator[TestClient]:
    """A client of the app over the corpus, shared by the tests that store nothing
    (building a store and an app for each test would cost half a second each)."""
    db = tmp_path_factory.mktemp("api") / "corpus.duckdb"
    records = [record(story) for story in STORIES]
    with Store(db) as store:
        store.add(records, [f"story{i}.txt" for i in range(len(records))])
    settings = Settings(db=db, max_body=MAX_BODY, max_upload=MAX_UPLOAD)
    with TestClient(create_app(settings, pipeline=pipeline)) as test_client:
        yield test_client


def ok(client: TestClient, url: str, **params: Any) -> Any:
    """The JSON answer to ``GET url``, which must succeed."""
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def error(response: Any, status: int) -> dict[str, Any]:
    """The ``error`` object of a JSON error answer with ``status``."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    found: dict[str, Any] = response.json()["error"]
    assert found["status"] == status
    assert found["message"]
    return found


def total_documents(client: TestClient) -> int:
    count: int = ok(client, "/api/documents", limit=1)["total_documents"]
    return count


def walk(client: TestClient, url: str, limit: int, **params: Any) -> list[dict[str, Any]]:
    """Every item of a paged list, following ``next_offset`` to the end."""
    items: list[dict[str, Any]] = []
    offset: int | None = 0
    while offset is not None:
        answer = ok(client, url, limit=limit, offset=offset, **params)
        assert answer["limit"] == limit
        assert answer["offset"] == offset
        assert len(answer["items"]) <= limit
        items += answer["items"]
        offset = answer["next_offset"]
        assert offset is None or offset == answer["offset"] + limit
    return items


def service(client: TestClient) -> Service:
    """The service behind the client's app (the app is wrapped in its Guard)."""
    found: Service = client.app.app.state.service  # type: ignore[attr-defined]
    return found


def upload(client: TestClient, filename: str, data: bytes) -> Any:
    return client.post("/api/ingest", files={"file": (filename, data, "application/octet-stream")})


def chunks(size: int) -> Iterator[bytes]:
    """A JSON body of about ``size`` bytes, sent without a Content-Length."""
    yield b'{"text": "'
    for _ in range(size // 1024):
        yield b"word " * 204 + b"word"
    yield b'"}'


# -- analyze ----------------------------------------------------------------------------


def test_analyze_answers_the_record_and_stores_nothing(reader: TestClient) -> None:
    before = total_documents(reader)
    body = {"text": ARTICLE, "published": "2024-05-06", "title": "Pact", "source": "Gazette"}
    response = reader.post("/api/analyze", json=body)
    assert response.status_code == 200, response.text
    found = response.json()
    assert found["schema_version"] == 1
    assert found["text"] == ARTICLE
    assert found["document"]["published"] == "2024-05-06"
    assert (found["document"]["title"], found["document"]["source"]) == ("Pact", "Gazette")
    actors = {actor["code"]: actor for actor in found["actors"]}
    assert {"JPN", "AUS"} <= actors.keys()
    for actor in found["actors"]:
        for mention in actor["mentions"]:
            assert 0 <= mention["start"] < mention["end"] <= len(ARTICLE)
    spans = {
        code: {ARTICLE[m["start"] : m["end"]] for m in actors[code]["mentions"]}
        for code in ("JPN", "AUS")
    }
    assert "Japan" in spans["JPN"]
    assert "Australia" in spans["AUS"]
    signed = [e for e in found["events"] if e["root"] == "05"]
    assert signed
    assert signed[0]["source"] == actors["JPN"]["id"]
    assert signed[0]["target"] == actors["AUS"]["id"]
    for event in found["events"]:
        assert 0 <= event["sentence"]["start"] < event["sentence"]["end"] <= len(ARTICLE)
    assert total_documents(reader) == before


@pytest.mark.parametrize("format", ["html", "auto"])
def test_analyze_reads_html_as_clean_text(reader: TestClient, format: str) -> None:
    page = (
        "<html><head><title>t</title><script>alert('x')</script></head><body>"
        "<h1>Pact signed</h1><p>Japan and Australia signed a pact on Monday in Tokyo.</p>"
        "<p>The minister said it was a good day.</p></body></html>"
    )
    response = reader.post("/api/analyze", json={"text": page, "format": format})
    assert response.status_code == 200, response.text
    text = response.json()["text"]
    assert "<" not in text
    assert "alert" not in text
    assert "Japan and Australia signed a pact on Monday in Tokyo." in text
    japan = next(a for a in response.json()["actors"] if a["code"] == "JPN")
    assert "Japan" in {text[m["start"] : m["end"]] for m in japan["mentions"]}


def test_analyze_keeps_an_inline_element_before_a_full_stop_in_its_sentence(
    reader: TestClient,
) -> None:
    page = (
        "<html><body><p>Japan and Australia signed a pact on <b>Monday</b>.</p>"
        "<p>The minister said it was a good day.</p></body></html>"
    )
    response = reader.post("/api/analyze", json={"text": page, "format": "html"})
    assert response.status_code == 200, response.text
    assert response.json()["text"].startswith("Japan and Australia signed a pact on Monday.")


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"text": ""}, "A101"),
        ({"text": " \n\t "}, "A101"),
        ({"text": "\x00\x01\x02\x03\x7f" * 40}, "A101"),
        ({"text": FRENCH}, "A104"),
        ({"text": GERMAN}, "A104"),
        ({"text": ARTICLE, "published": "yesterday"}, "A106"),
        ({"text": ARTICLE, "published": "2024-13-45"}, "A106"),
    ],
)
def test_analyze_refuses_unusable_input(
    reader: TestClient, body: dict[str, str], code: str
) -> None:
    assert error(reader.post("/api/analyze", json=body), 422)["code"] == code


@pytest.mark.parametrize(
    ("content", "named"),
    [
        (json.dumps({"title": "no text"}), "text"),
        (json.dumps({"text": ARTICLE, "language": "en"}), "language"),
        (json.dumps({"text": 42}), "text"),
        (json.dumps({"text": ARTICLE, "format": "pdf"}), "format"),
        ('{"text": "Japan', "JSON"),
        ("[]", "body"),
    ],
)
def test_analyze_refuses_malformed_requests(reader: TestClient, content: str, named: str) -> None:
    response = reader.post(
        "/api/analyze", content=content, headers={"content-type": "application/json"}
    )
    found = error(response, 422)
    assert "code" not in found  # a request the schema refuses, not an article accord refused
    assert named in found["message"]


def test_analyze_refuses_a_declared_body_over_the_limit(reader: TestClient) -> None:
    content = json.dumps({"text": "word " * (MAX_BODY // 5 + 10)})
    assert len(content) > MAX_BODY
    response = reader.post(
        "/api/analyze", content=content, headers={"content-type": "application/json"}
    )
    assert f"{MAX_BODY:,}" in error(response, 413)["message"]


def test_analyze_reads_a_chunked_body_under_the_limit(reader: TestClient) -> None:
    def body() -> Iterator[bytes]:
        yield b'{"text": "Japan and Australia signed a pact on Monday. '
        yield b'The minister said it was a good day."}'

    response = reader.post(
        "/api/analyze", content=body(), headers={"content-type": "application/json"}
    )
    assert response.request.headers.get("transfer-encoding") == "chunked"
    assert response.status_code == 200, response.text
    assert response.json()["text"].startswith("Japan and Australia")


def test_analyze_refuses_a_chunked_body_over_the_limit(reader: TestClient) -> None:
    response = reader.post(
        "/api/analyze",
        content=chunks(MAX_BODY + 4096),
        headers={"content-type": "application/json"},
    )
    assert "content-length" not in response.request.headers
    error(response, 413)


# -- documents --------------------------------------------------------------------------


def test_documents_pages_cover_every_document_once(reader: TestClient) -> None:
    first = ok(reader, "/api/documents", limit=2)
    assert len(first["items"]) == 2
    assert first["next_offset"] == 2
    assert first["total_documents"] == len(STORIES)
    items = walk(reader, "/api/documents", 2)
    ids = [item["doc_id"] for item in items]
    assert sorted(ids) == sorted(record(story).document.id for story in STORIES)
    assert len(set(ids)) == len(STORIES) == 7
    published = [item["published"] for item in items]
    assert published == sorted(published, reverse=True)  # newest first


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("HARBOUR times", 3),  # titles, any case
        ("canberra", 2),  # the syndicated wire story's text
        ("we TALK", 1),
        ("(036)", 2),  # parentheses are literal
        ("%", 0),
        ("_", 0),
        ("'", 0),
        ("\\", 0),
        ("%' OR '1'='1", 0),
        ("'; DROP TABLE documents; --", 0),
    ],
)
def test_documents_search(reader: TestClient, q: str, expected: int) -> None:
    answer = ok(reader, "/api/documents", q=q)
    assert len(answer["items"]) == expected
    assert answer["filters"]["search"] == q
    assert answer["total_documents"] == 7


def test_documents_search_finds_the_words_it_was_given(reader: TestClient) -> None:
    items = ok(reader, "/api/documents", q="harbour TIMES")["items"]
    assert {item["outlet"] for item in items} == {"Harbour Times"}


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        ("2024-03", "2024-03", ["2024-03-15", "2024-03-05", "2024-03-02"]),
        (None, "2024-01", ["2024-01-10", "2024-01-10"]),
        ("2024-02-20", "2024-03-04", ["2024-03-02", "2024-02-20"]),
        ("2025", None, []),
    ],
)
def test_documents_between_dates(
    reader: TestClient, since: str | None, until: str | None, expected: list[str]
) -> None:
    params = {k: v for k, v in {"since": since, "until": until}.items() if v is not None}
    items = ok(reader, "/api/documents", **params)["items"]
    assert [item["published"] for item in items] == expected


def test_documents_by_outlet(reader: TestClient) -> None:
    items = ok(reader, "/api/documents", outlet="Steppe Post")["items"]
    assert [item["published"] for item in items] == ["2024-03-02", "2024-02-20"]


@pytest.mark.parametrize(
    "params",
    [
        {"since": "2024-13"},
        {"until": "March"},
        {"since": "2024-02-30"},
        {"since": "2024-03", "until": "2024-01"},
    ],
)
def test_documents_refuse_a_bad_date(reader: TestClient, params: dict[str, str]) -> None:
    assert error(reader.get("/api/documents", params=params), 400)["code"] == "A411"


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 501}, {"offset": -1}, {"limit": "x"}])
def test_documents_refuse_a_bad_page(reader: TestClient, params: dict[str, Any]) -> None:
    error(reader.get("/api/documents", params=params), 422)


def test_document_by_id_is_its_record(reader: TestClient) -> None:
    expected = record(STORIES[6])  # China criticises NATO
    found = ok(reader, f"/api/documents/{expected.document.id}")
    assert found["text"] == expected.text
    assert found["document"]["source"] == "Harbour Times"
    assert found["document"]["published"] == "2024-03-05"
    assert [(e["code"], e["quad_class"]) for e in found["events"]] == [("111", 3)]
    assert {a["code"] for a in found["actors"]} == {"CHN", "NATO"}


def test_document_unknown_id_is_404(reader: TestClient) -> None:
    assert (
        "0123456789abcdef" in error(reader.get("/api/documents/0123456789abcdef"), 404)["message"]
    )


# -- events -----------------------------------------------------------------------------


def test_events_pages_cover_every_event_once(reader: TestClient) -> None:
    first = ok(reader, "/api/events", limit=4)
    assert first["next_offset"] == 4
    items = walk(reader, "/api/events", 4)
    keys = {(item["doc_id"], item["event_id"]) for item in items}
    assert len(items) == len(keys) == sum(len(story.events) for story in STORIES) == 9
    days = [item["day"] for item in items]
    assert days == sorted(days)
    newest = ok(reader, "/api/events", newest_first=True, limit=1)["items"][0]
    assert newest["day"] == "2024-03-15"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (
            {"actor": "JPN"},
            [("JPN", "057", "AUS")] * 2
            + [("JPN", "036", "AUS"), ("AUS", "043", "JPN"), ("JPN", "036", "AUS")],
        ),
        ({"actor": "jpn", "until": "2024-01"}, [("JPN", "057", "AUS")] * 2),
        ({"source": "RUS"}, [("RUS", "190", "UKR")] * 2),
        ({"target": "RUS"}, [("UKR", "111", "RUS")]),
        ({"quad_class": "4"}, [("RUS", "190", "UKR")] * 2),
        (
            {"quad_class": "3,4", "since": "2024-03"},
            [("RUS", "190", "UKR"), ("CHN", "111", "NATO")],
        ),
        ({"code": "19"}, [("RUS", "190", "UKR")] * 2),
        ({"code": "11"}, [("UKR", "111", "RUS"), ("CHN", "111", "NATO")]),
        ({"root": "04"}, [("AUS", "043", "JPN")]),
        (
            {"since": "2024-03", "until": "2024-03-10"},
            [("RUS", "190", "UKR"), ("CHN", "111", "NATO")],
        ),
        ({"outlet": "Daily Wire Service"}, [("JPN", "057", "AUS"), ("JPN", "036", "AUS")]),
        ({"modality": "hypothetical"}, []),
    ],
)
def test_events_filters(
    reader: TestClient, params: dict[str, str], expected: list[tuple[str, str, str]]
) -> None:
    items = ok(reader, "/api/events", **params)["items"]
    assert [(e["source_code"], e["code"], e["target_code"]) for e in items] == expected


def test_events_carry_their_sentence_and_document(reader: TestClient) -> None:
    (event,) = ok(reader, "/api/events", root="04")["items"]
    assert event["sentence"] == "Australia acted on Japan (043)."
    assert (event["outlet"], event["published"]) == ("Harbour Times", "2024-02-03")
    assert (event["source_name"], event["target_name"]) == ("Australia", "Japan")


@pytest.mark.parametrize(
    "params",
    [
        {"quad_class": "5"},
        {"quad_class": "0"},
        {"quad_class": "1,"},
        {"quad_class": "conflict"},
        {"code": "abc"},
        {"code": "12345"},
        {"root": "1"},
        {"limit": 501},
    ],
)
def test_events_refuse_bad_filters(reader: TestClient, params: dict[str, Any]) -> None:
    found = error(reader.get("/api/events", params=params), 422)
    assert next(iter(params)) in found["message"]


@pytest.mark.parametrize(
    "params", [{"since": "2024-1-x"}, {"since": "2024-03", "until": "2024-01"}]
)
def test_events_refuse_a_bad_date_range(reader: TestClient, params: dict[str, str]) -> None:
    assert error(reader.get("/api/events", params=params), 400)["code"] == "A411"


# -- dyads ------------------------------------------------------------------------------


def test_dyads_rank_japan_australia_first_counting_stories(reader: TestClient) -> None:
    answer = ok(reader, "/api/dyads")
    pairs = [(d["a"], d["b"], d["events"]) for d in answer["items"]]
    # JPN-AUS has five stored events, but two are the same syndicated wire story.
    assert pairs == [("AUS", "JPN", 4), ("RUS", "UKR", 3), ("CHN", "NATO", 1)]
    top = answer["items"][0]
    assert (top["cooperation"], top["conflict"], top["documents"], top["sources"]) == (4, 0, 4, 2)
    assert answer["next_offset"] is None
    assert len(ok(reader, "/api/events", actor="JPN")["items"]) == 5


def test_dyads_filters_and_pages(reader: TestClient) -> None:
    conflict = ok(reader, "/api/dyads", quad_class="4")["items"]
    assert [(d["a"], d["b"], d["events"]) for d in conflict] == [("RUS", "UKR", 2)]
    china = ok(reader, "/api/dyads", actor="NATO")["items"]
    assert [(d["a"], d["b"]) for d in china] == [("CHN", "NATO")]
    first = ok(reader, "/api/dyads", limit=1)
    assert first["next_offset"] == 1
    assert first["items"][0]["a"] == "AUS"
    assert ok(reader, "/api/dyads", since="2024-03-03")["items"][0]["a"] == "AUS"


def series(answer: dict[str, Any]) -> list[tuple[str, int, int]]:
    return [(row["month"], row["quad_class"], row["events"]) for row in answer["series"]]


def test_dyad_series_by_month(reader: TestClient) -> None:
    answer = ok(reader, "/api/dyads/jpn/aus")
    assert (answer["a"], answer["b"], answer["a_name"], answer["b_name"]) == (
        "JPN",
        "AUS",
        "Japan",
        "Australia",
    )
    assert answer["directed"] is False
    assert series(answer) == [("2024-01-01", 1, 1), ("2024-02-01", 1, 2), ("2024-03-01", 1, 1)]
    january = answer["series"][0]
    assert (january["sources"], january["goldstein"]) == (2, 8.0)  # one story, two outlets
    assert series(ok(reader, "/api/dyads/AUS/JPN")) == series(answer)
    assert answer["quad_classes"]["4"] == "material conflict"


def test_dyad_series_directed_and_dated(reader: TestClient) -> None:
    assert series(ok(reader, "/api/dyads/AUS/JPN", directed=True)) == [("2024-02-01", 1, 1)]
    assert series(ok(reader, "/api/dyads/JPN/AUS", directed=True)) == [
        ("2024-01-01", 1, 1),
        ("2024-02-01", 1, 1),
        ("2024-03-01", 1, 1),
    ]
    assert series(ok(reader, "/api/dyads/JPN/AUS", since="2024-02", until="2024-02")) == [
        ("2024-02-01", 1, 2)
    ]
    assert series(ok(reader, "/api/dyads/RUS/UKR")) == [
        ("2024-02-01", 3, 1),
        ("2024-02-01", 4, 1),
        ("2024-03-01", 4, 1),
    ]
    assert ok(reader, "/api/dyads/JPN/RUS")["series"] == []
    error(reader.get("/api/dyads/JPN/AUS", params={"until": "soon"}), 400)


# -- network ----------------------------------------------------------------------------


def edges(answer: dict[str, Any]) -> dict[tuple[str, str], int]:
    return {(e["source_code"], e["target_code"]): e["events"] for e in answer["edges"]}


def assert_consistent(answer: dict[str, Any]) -> None:
    """Every edge end is a node and every node's events are its edges' sum."""
    nodes = {node["code"]: node for node in answer["nodes"]}
    ends = {end for edge in edges(answer) for end in edge}
    assert nodes.keys() == ends
    for code, node in nodes.items():
        touching = [e for e in answer["edges"] if code in (e["source_code"], e["target_code"])]
        assert node["events"] == sum(e["events"] for e in touching)
        assert node["conflict"] == sum(e["conflict"] for e in touching)


def test_network_whole_corpus(reader: TestClient) -> None:
    answer = ok(reader, "/api/network")
    assert_consistent(answer)
    assert edges(answer) == {
        ("JPN", "AUS"): 3,  # the syndicated story once
        ("AUS", "JPN"): 1,
        ("RUS", "UKR"): 2,
        ("UKR", "RUS"): 1,
        ("CHN", "NATO"): 1,
    }
    assert answer["truncated"] is False
    weights = [edge["weight"] for edge in answer["edges"]]
    assert weights == sorted(weights, reverse=True)
    names = {node["code"]: node["name"] for node in answer["nodes"]}
    assert names["JPN"] == "Japan"
    assert names["NATO"] == "North Atlantic Treaty Organization"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"quad_class": "3,4"}, {("RUS", "UKR"): 2, ("UKR", "RUS"): 1, ("CHN", "NATO"): 1}),
        ({"quad_class": "1"}, {("JPN", "AUS"): 3, ("AUS", "JPN"): 1}),
        ({"actor": "RUS"}, {("RUS", "UKR"): 2, ("UKR", "RUS"): 1}),
        ({"min_weight": 2}, {("JPN", "AUS"): 3, ("RUS", "UKR"): 2}),
        ({"since": "2024-03"}, {("JPN", "AUS"): 1, ("RUS", "UKR"): 1, ("CHN", "NATO"): 1}),
    ],
)
def test_network_filters(
    reader: TestClient, params: dict[str, Any], expected: dict[tuple[str, str], int]
) -> None:
    answer = ok(reader, "/api/network", **params)
    assert_consistent(answer)
    assert edges(answer) == expected
    if params.get("quad_class") == "3,4":
        assert all(e["cooperation"] == 0 and e["conflict"] == e["events"] for e in answer["edges"])


def test_network_truncates_to_the_heaviest_edges(reader: TestClient) -> None:
    answer = ok(reader, "/api/network", max_edges=2)
    assert answer["truncated"] is True
    assert edges(answer) == {("JPN", "AUS"): 3, ("RUS", "UKR"): 2}
    assert_consistent(answer)
    assert {node["code"] for node in answer["nodes"]} == {"JPN", "AUS", "RUS", "UKR"}
    assert ok(reader, "/api/network", max_edges=5)["truncated"] is False
    for bad in ({"max_edges": 0}, {"max_edges": 5001}, {"min_weight": 0}, {"quad_class": "9"}):
        error(reader.get("/api/network", params=bad), 422)


# -- actors -----------------------------------------------------------------------------


def test_actors_page_names_the_codes(reader: TestClient) -> None:
    answer = ok(reader, "/api/actors")
    found = {item["code"]: item for item in answer["items"]}
    assert found.keys() == {"JPN", "AUS", "RUS", "UKR", "CHN", "NATO"}
    assert found["JPN"]["name"] == "Japan"
    assert found["NATO"]["name"] == "North Atlantic Treaty Organization"
    assert (found["JPN"]["events"], found["JPN"]["stories"], found["JPN"]["documents"]) == (4, 3, 4)
    assert (found["RUS"]["as_source"], found["RUS"]["as_target"]) == (2, 1)
    first = ok(reader, "/api/actors", limit=2)
    assert first["next_offset"] == 2
    assert len(first["items"]) == 2
    assert len(walk(reader, "/api/actors", 2)) == 6
    march = {item["code"] for item in ok(reader, "/api/actors", since="2024-03")["items"]}
    assert march == {"JPN", "AUS", "RUS", "UKR", "CHN", "NATO"}
    january = {item["code"] for item in ok(reader, "/api/actors", until="2024-01")["items"]}
    assert january == {"JPN", "AUS"}


def test_actor_profile_partners_and_recent(reader: TestClient) -> None:
    japan = ok(reader, "/api/actors/jpn")
    assert (japan["code"], japan["name"]) == ("JPN", "Japan")
    assert [(p["code"], p["name"], p["cooperation"]) for p in japan["partners"]] == [
        ("AUS", "Australia", 4)
    ]
    assert japan["adversaries"] == []
    assert "G7" in japan["memberships"]
    assert japan["members"] == []
    days = [event["day"] for event in japan["recent"]]
    assert days[0] == "2024-03-15"
    assert days == sorted(days, reverse=True)
    assert all("JPN" in (e["source_code"], e["target_code"]) for e in japan["recent"])
    assert len(ok(reader, "/api/actors/JPN", recent=1)["recent"]) == 1


def test_actor_profile_adversaries(reader: TestClient) -> None:
    russia = ok(reader, "/api/actors/RUS")
    assert [(a["code"], a["conflict"]) for a in russia["adversaries"]] == [("UKR", 3)]
    assert russia["partners"] == []
    nato = ok(reader, "/api/actors/NATO")
    assert [a["code"] for a in nato["adversaries"]] == ["CHN"]


def test_actor_profile_on_a_date(reader: TestClient) -> None:
    # Sweden joined NATO on 7 March 2024.
    before = ok(reader, "/api/actors/NATO", at="2024-03-01")
    after = ok(reader, "/api/actors/NATO", at="2024-04")
    assert before["at"] == "2024-03-01"
    assert after["at"] == "2024-04-01"
    assert "FIN" in before["members"]
    assert "SWE" not in before["members"]
    assert "SWE" in after["members"]


def test_actor_profile_errors(reader: TestClient) -> None:
    assert "ZZZZ" in error(reader.get("/api/actors/ZZZZ"), 404)["message"]
    assert error(reader.get("/api/actors/JPN", params={"at": "someday"}), 400)["code"] == "A411"
    error(reader.get("/api/actors/JPN", params={"recent": -1}), 422)


# -- ingest -----------------------------------------------------------------------------

GOOD = [
    {
        "text": "Japan and Australia signed a tariff accord on Monday. "
        "The two governments said the accord would lower duties on wine.",
        "title": "Tariff accord",
        "published": "2024-04-01",
        "source": "Test Gazette",
    },
    {
        "text": "Germany criticised Russia over the strike on a power station. "
        "The German chancellor said the attack was unacceptable.",
        "title": "Berlin criticises Moscow",
        "published": "2024-04-02",
    },
    {
        "text": "India and Brazil agreed to expand cooperation on climate research. "
        "Their science ministers met in New Delhi on Wednesday.",
        "title": "Climate research partnership",
        "published": "2024-04-03",
    },
]
BATCH = "\n".join(
    [
        json.dumps(GOOD[0]),
        '{"text": "broken',
        json.dumps(GOOD[1]),
        json.dumps({"title": "x"}),
        json.dumps(GOOD[2]),
    ]
)


def test_ingest_jsonl_reports_bad_lines_and_skips_duplicates(client: TestClient) -> None:
    response = upload(client, "batch.jsonl", (BATCH + "\n").encode())
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["filename"] == "batch.jsonl"
    assert (report["read"], report["stored"], report["duplicates"], report["refused"]) == (
        5,
        3,
        0,
        2,
    )
    assert [e["origin"] for e in report["errors"]] == ["batch.jsonl:2", "batch.jsonl:4"]
    assert "invalid JSON" in report["errors"][0]["message"]
    assert "'text' is missing" in report["errors"][1]["message"]
    assert tempfile.gettempdir() not in response.text
    assert "/tmp" not in response.text

    again = upload(client, "batch.jsonl", (BATCH + "\n").encode()).json()
    assert (again["stored"], again["duplicates"], again["refused"]) == (0, 3, 2)

    assert total_documents(client) == len(STORIES) + 3
    for good in GOOD:
        (found,) = ok(client, "/api/documents", q=good["title"])["items"]
        assert found["published"] == good["published"]
        assert ok(client, f"/api/documents/{found['doc_id']}")["text"] == good["text"]
    assert (
        ok(client, "/api/documents", outlet="Test Gazette")["items"][0]["title"] == "Tariff accord"
    )


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("bonjour.txt", FRENCH.encode(), "not English"),
        ("blob.txt", b"\x00\x01binary\x00" * 50, "binary"),
        ("feed.xml", b"<?xml version='1.0'?><notes><note>hi</note></notes>", "not an RSS or Atom"),
    ],
)
def test_ingest_reports_a_refused_file_by_its_name(
    client: TestClient, filename: str, data: bytes, message: str
) -> None:
    response = upload(client, filename, data)
    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["stored"], report["refused"]) == (0, 1)
    assert [e["origin"] for e in report["errors"]] == [filename]
    assert message in report["errors"][0]["message"]
    assert tempfile.gettempdir() not in response.text
    assert "accord-upload" not in response.text
    assert total_documents(client) == len(STORIES)


def test_ingest_refuses_an_upload_over_the_limit(client: TestClient) -> None:
    line = json.dumps(GOOD[0]) + "\n"
    data = (line * (MAX_UPLOAD // len(line) + 1)).encode()
    response = upload(client, "huge.jsonl", data)
    assert f"{MAX_UPLOAD:,}" in error(response, 413)["message"]
    assert total_documents(client) == len(STORIES)


def test_ingest_refuses_a_chunked_upload_over_the_limit(client: TestClient) -> None:
    def body() -> Iterator[bytes]:
        yield b'--BOUNDARY\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n'
        for _ in range(MAX_UPLOAD // 1024 + 8):
            yield b"word " * 204 + b"word"
        yield b"\r\n--BOUNDARY--\r\n"

    headers = {"content-type": "multipart/form-data; boundary=BOUNDARY"}
    error(client.post("/api/ingest", content=body(), headers=headers), 413)


@pytest.mark.parametrize(
    ("filename", "name"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\windows\\evil.md", "evil.md"),
        ("/var/lib/secret.html", "secret.html"),
    ],
)
def test_ingest_keeps_only_the_base_name(
    client: TestClient, corpus_db: Path, filename: str, name: str
) -> None:
    outside = Path(tempfile.gettempdir(), "etc", "passwd.txt")
    existed = outside.exists()
    before = {p.name for p in corpus_db.parent.iterdir()}
    text = "France and Italy signed an energy accord in Rome. The ministers met on Friday."
    report = upload(client, filename, text.encode()).json()
    assert report["filename"] == name
    assert (report["stored"], report["refused"]) == (1, 0)
    (doc,) = ok(client, "/api/documents", q="energy accord in Rome")["items"]
    stored = service(client).store.document(doc["doc_id"])
    assert stored is not None
    assert stored.origin == name
    assert outside.exists() == existed
    added = {p.name for p in corpus_db.parent.iterdir()} - before
    assert all(n.startswith(corpus_db.name) for n in added)


# -- the guard --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", "/api/documents"),
        ("GET", "/api/actors/JPN"),
        ("POST", "/api/analyze"),
        ("POST", "/api/ingest"),
        ("GET", "/openapi.json"),
        ("GET", "/documents.json"),
    ],
)
def test_guard_refuses_api_calls_without_the_token(
    token_client: TestClient, method: str, url: str
) -> None:
    response = token_client.request(
        method, url, json={"text": ARTICLE} if method == "POST" else None
    )
    assert error(response, 401)["message"] == "missing or wrong access token."
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_guard_checks_the_bearer_token(token_client: TestClient) -> None:
    wrong = token_client.get("/api/documents", headers={"Authorization": f"Bearer {TOKEN}x"})
    error(wrong, 401)
    basic = token_client.get("/api/documents", headers={"Authorization": f"Basic {TOKEN}"})
    error(basic, 401)
    right = token_client.get("/api/documents", headers={"Authorization": f"Bearer {TOKEN}"})
    assert right.status_code == 200
    assert right.json()["total_documents"] == 7


def test_guard_shows_the_login_form_to_browsers(token_client: TestClient) -> None:
    response = token_client.get("/")
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("text/html")
    assert '<form method="post" action="/login">' in response.text
    assert 'name="token"' in response.text
    assert TOKEN not in response.text


def test_guard_login_sets_a_cookie_that_authorises(token_client: TestClient) -> None:
    wrong = token_client.post("/login", data={"token": "guess"}, follow_redirects=False)
    assert wrong.status_code == 401
    assert "set-cookie" not in wrong.headers
    assert token_client.get("/api/documents").status_code == 401
    right = token_client.post("/login", data={"token": TOKEN}, follow_redirects=False)
    assert right.status_code == 303
    assert right.headers["location"] == "/"
    cookie = right.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie
    answer = token_client.get("/api/documents")
    assert answer.status_code == 200
    assert answer.json()["total_documents"] == 7
    token_client.cookies.clear()
    error(token_client.get("/api/documents"), 401)


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("GET", "/api/documents", 200),
        ("GET", "/api/documents/nope", 404),
        ("GET", "/api/nope", 404),
        ("GET", "/api/events?quad_class=9", 422),
        ("GET", "/api/documents?since=x", 400),
        ("POST", "/api/analyze", 413),
        ("GET", "/openapi.json", 200),
        ("GET", "/docs", 200),
        ("GET", "/static/swagger-init.js", 200),
    ],
)
def test_security_headers_on_every_answer(
    reader: TestClient, method: str, url: str, status: int
) -> None:
    big = b"x" * (MAX_BODY + 1) if method == "POST" else None
    response = reader.request(method, url, content=big)
    assert response.status_code == status
    assert_secured(response)


def test_security_headers_on_guard_answers(token_client: TestClient) -> None:
    for response in (
        token_client.get("/api/documents"),
        token_client.get("/"),
        token_client.post("/login", data={"token": TOKEN}, follow_redirects=False),
    ):
        assert_secured(response)


def assert_secured(response: Any) -> None:
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"


# -- OpenAPI ----------------------------------------------------------------------------


def test_openapi_lists_every_route(reader: TestClient) -> None:
    described = ok(reader, "/openapi.json")
    paths = described["paths"]
    for path, method in ROUTES.items():
        assert method in paths.get(path, {}), path
    assert {p for p in paths if p.startswith("/api/")} == ROUTES.keys()
    analyze = paths["/api/analyze"]["post"]["requestBody"]["content"]["application/json"]
    assert analyze["schema"]["$ref"].endswith("/AnalyzeRequest")


def test_docs_use_only_local_assets(reader: TestClient) -> None:
    response = reader.get("/docs")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assets = re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)["']""", response.text)
    files = [asset for asset in assets if asset != "data:,"]  # the empty favicon
    assert files
    assert all(asset.startswith("/static/") for asset in files)
    assert "http://" not in response.text
    assert "https://" not in response.text
    for asset in files:
        assert reader.get(asset).status_code == 200, asset
    assert '"/openapi.json"' in reader.get("/static/swagger-init.js").text
