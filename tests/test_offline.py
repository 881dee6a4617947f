"""Analysis opens no network connection: accord works on a closed machine.

Every way out (``connect``, ``connect_ex``, ``create_connection``, name lookups) is
replaced by one that fails the test, then a new pipeline is loaded and used on HTML,
relative dates, feeds and JSON Lines, into a store, out to every export format, and
through the API. Any library reaching for a model hub, a CDN or a date service
would trip it.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from accord import Pipeline
from accord.cli import main
from accord.server.app import create_app
from accord.server.service import Settings

ARTICLE = (
    "<html><head><title>Ministers meet</title>"
    '<meta property="article:published_time" content="2024-07-11"></head><body><article>'
    "<p>The foreign ministers of Japan and Australia met in Tokyo yesterday and signed "
    "an agreement on maritime security.</p>"
    "<p>“We will stand together,” the Australian minister told reporters.</p>"
    "</article></body></html>"
)
FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Wire</title>
<item><title>Talks in Geneva</title><pubDate>Tue, 09 Jul 2024 10:00:00 GMT</pubDate>
<description>Russian and Ukrainian officials met in Geneva on Tuesday for talks on
prisoner exchanges, the Swiss foreign ministry said.</description></item>
</channel></rss>
"""


class NetworkAttempt(AssertionError):
    """Something tried to reach the network."""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    attempts: list[str] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(repr(args[:2]))
        raise NetworkAttempt(f"network access attempted: {args[:2]!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "gethostbyname", refuse)
    yield attempts
    assert attempts == []


@pytest.mark.slow
def test_analysis_ingest_export_and_api_stay_offline(
    no_network: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pipeline = Pipeline()  # a fresh load: model, knowledge base, learned models
    rec = pipeline.analyze(ARTICLE, published="2024-07-12")
    assert {a.code for a in rec.actors} >= {"JPN", "AUS"}
    assert rec.events
    assert rec.quotes

    (tmp_path / "feed.rss").write_text(FEED, encoding="utf-8")
    (tmp_path / "page.html").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "lines.jsonl").write_text(
        '{"text": "China and India agreed on Monday to resume border talks.", '
        '"published": "2024-07-08"}\n',
        encoding="utf-8",
    )
    db = tmp_path / "s.duckdb"
    assert main(["ingest", str(tmp_path), "--db", str(db), "--workers", "1"]) == 0
    for kind in ("jsonl", "parquet", "csv", "gdelt", "graphml", "gexf"):
        out = tmp_path / f"out.{kind}"
        assert main(["export", kind, str(out), "--db", str(db)]) == 0, kind
        assert out.exists()
    capsys.readouterr()

    app = create_app(Settings(db=db), pipeline=pipeline)
    with TestClient(app) as client:
        assert client.post("/api/analyze", json={"text": ARTICLE}).status_code == 200
        assert client.get("/corpus.json").json()["counts"]["documents"] == 3
