"""Fixtures for the server tests: the app over the hand-built corpus, in-process.

The corpus is the one of ``tests/store`` (Japan and Australia cooperate month after
month, Russia and Ukraine clash, one wire story is syndicated twice), so every
answer is known. The app shares the session's loaded pipeline.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

import accord
from accord.server.app import create_app
from accord.server.service import Settings
from accord.store.store import Store

from ..store.conftest import STORIES, record

TOKEN = "test-token-0123456789abcdef"
#: Small limits, so that the tests can exceed them cheaply.
MAX_BODY = 64 * 1024
MAX_UPLOAD = 256 * 1024


@pytest.fixture
def corpus_db(tmp_path: Path) -> Path:
    """A store file holding the hand-built corpus."""
    path = tmp_path / "corpus.duckdb"
    records = [record(s) for s in STORIES]
    with Store(path) as store:
        store.add(records, [f"story{i}.txt" for i in range(len(records))])
    return path


def _settings(db: Path, token: str | None = None) -> Settings:
    return Settings(db=db, token=token, max_body=MAX_BODY, max_upload=MAX_UPLOAD)


@pytest.fixture
def client(corpus_db: Path, pipeline: accord.Pipeline) -> Iterator[TestClient]:
    """A client of the app over the corpus, no token (loopback)."""
    with TestClient(create_app(_settings(corpus_db), pipeline=pipeline)) as test_client:
        yield test_client


@pytest.fixture
def token_client(corpus_db: Path, pipeline: accord.Pipeline) -> Iterator[TestClient]:
    """A client of an app that has a token; the client does not send it by itself."""
    app = create_app(_settings(corpus_db, TOKEN), pipeline=pipeline)
    with TestClient(app) as test_client:
        yield test_client


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Served(str):
    """A running server's base URL, with its process id."""

    pid: int


@contextmanager
def serve(db: Path, *extra: str) -> Iterator[Served]:
    """A real ``accord serve`` process on a free loopback port; yields its base URL
    (with ``.pid``) once it answers, stops it afterwards."""
    port = free_port()
    command = [sys.executable, "-m", "accord", "serve", "--db", str(db), "--port", str(port)]
    server = subprocess.Popen(
        [*command, *extra], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    base = Served(f"http://127.0.0.1:{port}")
    base.pid = server.pid
    try:
        for _ in range(600):
            if server.poll() is not None:
                output = server.stdout.read() if server.stdout else ""
                raise RuntimeError(f"accord serve stopped: {output}")
            try:
                httpx.get(f"{base}/static/accord.css", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
