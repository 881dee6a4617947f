"""A selection of the hostile corpus through the REST API: ``POST /api/analyze`` and
``POST /api/ingest`` answer a record, a report, or a JSON 4xx error; never a 5xx.

One app serves the whole module (a fresh one per test, as tests/server's ``client``,
would cost half a second each), over an empty store, with the small limits of the
server tests (64 kB bodies, 256 kB uploads): the selection is the cases that fit, and
larger ones get 413. Server errors come back as answers, not exceptions, so that a 5xx
is seen as such.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from accord import Pipeline
from accord.records import Analysis
from accord.server.app import create_app
from accord.server.service import Settings

from ..server.conftest import MAX_BODY, MAX_UPLOAD
from .corpus import ARTICLES, FEEDS, JSONL_LINES, Case, article, assert_sound, watchdog
from .test_analyze import params


@pytest.fixture(scope="module")
def client(pipeline: Pipeline, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db: Path = tmp_path_factory.mktemp("hostile-api") / "store.duckdb"
    settings = Settings(db=db, max_body=MAX_BODY, max_upload=MAX_UPLOAD)
    app = create_app(settings, pipeline=pipeline)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def _fits_a_json_body(case: Case) -> bool:
    """Text (UTF-8, no NUL: JSON would carry that as a character) well under the limit."""
    data = case.build()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in data and len(data) < MAX_BODY // 2


def _status(case: Case) -> int:
    return 413 if case.code == "A103" else 422


def assert_error(answer: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert answer.status_code == status, answer.text[:300]
    assert answer.headers["content-type"].startswith("application/json")
    error: dict[str, Any] = answer.json()["error"]
    assert error["status"] == status
    assert error["message"]
    if code is not None:
        assert error["code"] == code
    return error


@pytest.mark.parametrize("case", params([c for c in ARTICLES if _fits_a_json_body(c)]))
def test_analyze(client: TestClient, case: Case) -> None:
    body = {"text": case.build().decode("utf-8"), "published": case.published}
    with watchdog():
        answer = client.post("/api/analyze", json={**body, "format": case.format})
    if case.refusal is not None:
        assert_error(answer, _status(case), case.code)
        return
    assert answer.status_code == 200, answer.text[:300]
    rec = Analysis.model_validate(answer.json())
    assert_sound(rec)
    if case.check is not None:
        case.check(rec)


def test_a_body_over_the_limit_is_413(client: TestClient) -> None:
    text = (article("a body over the limit") + "\n\n") * (MAX_BODY // 200)
    assert_error(client.post("/api/analyze", json={"text": text}), 413)


def test_a_lone_surrogate_escape_is_no_500(client: TestClient) -> None:
    text = article("a lone surrogate").replace("surrogate", "surrogate \\ud800", 1)
    body = '{"text": ' + json.dumps(text).replace("\\\\ud800", "\\ud800") + "}"
    with watchdog():
        answer = client.post(
            "/api/analyze", content=body, headers={"content-type": "application/json"}
        )
    assert answer.status_code in (200, 422), answer.text[:300]
    if answer.status_code == 200:
        assert "\ud800" not in answer.json()["text"]


# -- uploads ----------------------------------------------------------------------------------


def _upload(client: TestClient, name: str, data: bytes) -> Any:
    with watchdog():
        return client.post("/api/ingest", files={"file": (name, data)})


def _small(cases: list[Case]) -> list[Case]:
    return [c for c in cases if len(c.build()) < MAX_UPLOAD // 4]


@pytest.mark.parametrize("case", params(_small([c for c in ARTICLES + FEEDS if not c.published])))
@pytest.mark.filterwarnings("ignore::accord.errors.InputWarning")
def test_upload_one_file(client: TestClient, case: Case) -> None:
    before = _document_ids(client)
    answer = _upload(client, case.file_name, case.build())
    assert answer.status_code == 200, answer.text[:300]
    report = answer.json()
    assert report["filename"] == case.file_name
    if case.refusal is not None:
        assert (report["stored"], report["refused"]) == (0, 1)
        assert case.refusal in report["errors"][0]["message"]
        assert report["errors"][0]["origin"].startswith(case.file_name)
        return
    assert (report["stored"], report["refused"], report["errors"]) == (1, 0, [])
    (new,) = _document_ids(client) - before
    rec = Analysis.model_validate(client.get(f"/api/documents/{new}").json())
    assert_sound(rec)
    if case.check is not None:
        case.check(rec)


def _document_ids(client: TestClient) -> set[str]:
    page = client.get("/api/documents", params={"limit": 500}).json()
    assert page["next_offset"] is None
    return {item["doc_id"] for item in page["items"]}


def test_upload_a_jsonl_file_of_hostile_lines(client: TestClient) -> None:
    cases = _small([c for c in JSONL_LINES if c.bug is None])
    lines: list[bytes] = []
    for i, case in enumerate(cases):
        good = {"text": article(f"an uploaded record {i}"), "published": "2024-07-08"}
        lines += [json.dumps(good).encode(), case.build()]
    answer = _upload(client, "wire.jsonl", b"\n".join(lines))
    assert answer.status_code == 200, answer.text[:300]
    report = answer.json()
    errors = {e["origin"]: e["message"] for e in report["errors"]}
    refused = [(i, c) for i, c in enumerate(cases) if c.refusal is not None]
    assert sorted(errors) == sorted(f"wire.jsonl:{2 * i + 2}" for i, _ in refused)
    for i, case in refused:
        assert case.refusal in errors[f"wire.jsonl:{2 * i + 2}"], case.name
    assert report["read"] == len(lines)
    assert report["refused"] == len(refused)
    assert report["stored"] == len(lines) - len(refused)


def test_an_upload_over_the_limit_is_413(client: TestClient) -> None:
    data = (article("an upload over the limit") + "\n\n").encode() * (MAX_UPLOAD // 200)
    assert_error(_upload(client, "big.txt", data), 413)
