"""SIGKILL in the middle of ``accord reprocess`` and of an API upload, then the same
operation again: the store opens cleanly and holds every document exactly once.

(The same for ``accord ingest`` is in test_run.py.)
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

from accord import Pipeline
from accord.ingest.readers import Item
from accord.ingest.run import ingest
from accord.store.store import Store

from ..server.conftest import serve
from .test_run import _text

pytestmark = pytest.mark.slow

N = 24
CLI = [sys.executable, "-m", "accord"]
ENV = {**os.environ, "PYTHONUNBUFFERED": "1"}


def _assert_whole(db: Path, n: int) -> None:
    """n documents, each once, no analysis row without its document."""
    with Store(db, read_only=True) as store:
        assert store.count() == n
        con = store.con
        assert con.execute("SELECT count(DISTINCT sha256) FROM documents").fetchone() == (n,)
        for table in ("events", "actors", "mentions", "quotes"):
            orphans = con.execute(
                f"SELECT count(*) FROM {table} WHERE doc_id NOT IN (SELECT doc_id FROM documents)"
            ).fetchone()
            assert orphans == (0,), table
        twice = con.execute(
            "SELECT count(*) FROM (SELECT doc_id, event_id FROM events "
            "GROUP BY ALL HAVING count(*) > 1)"
        ).fetchone()
        assert twice == (0,)


def test_killed_mid_reprocess_then_run_again(tmp_path: Path, pipeline: Pipeline) -> None:
    db = tmp_path / "s.duckdb"
    items = [Item(_text(i), "text", f"doc{i}", published="2024-07-10") for i in range(N)]
    with Store(db) as store:
        ingest(items, store, pipeline)
        events = store.count("events")
        # As if an older accord had analysed them: every document is stale.
        store.con.execute("UPDATE documents SET pipeline = 'accord-0.0.1'")
    command = [*CLI, "reprocess", "--db", str(db), "--workers", "1", "--commit-every", "2"]
    proc = subprocess.Popen(
        [*command, "--log-every", "1"], stderr=subprocess.PIPE, text=True, env=ENV
    )
    assert proc.stderr is not None
    for line in proc.stderr:  # the first committed batch, then the kill
        if "analysed again" in line:
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=120)
    assert proc.returncode == -signal.SIGKILL
    with Store(db) as store:  # opens cleanly
        redone = store.con.execute(
            "SELECT count(*) FROM documents WHERE pipeline = ?", [pipeline.version]
        ).fetchone()
    assert redone is not None
    assert 2 <= redone[0] < N
    done = subprocess.run(command, capture_output=True, text=True, env=ENV, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"{N - redone[0]} documents analysed again" in done.stderr
    _assert_whole(db, N)
    with Store(db, read_only=True) as store:
        assert store.document_ids(stale=pipeline.version) == []
        assert store.count("events") == events  # replaced, not added


def test_server_killed_mid_upload_then_the_same_upload_again(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    Store(db).close()
    upload = "".join(
        json.dumps({"text": _text(i), "published": "2024-07-10"}) + "\n" for i in range(N)
    ).encode()
    with serve(db) as base:
        answers: list[object] = []

        def send() -> None:
            try:
                answers.append(
                    httpx.post(
                        base + "/api/ingest", files={"file": ("a.jsonl", upload)}, timeout=300
                    )
                )
            except httpx.HTTPError as exc:  # the server dies under it
                answers.append(exc)

        sender = threading.Thread(target=send)
        sender.start()
        stored = 0
        while stored == 0:  # wait for the first committed batch of the upload
            stored = httpx.get(base + "/api/documents?limit=1").json()["total_documents"]
            threading.Event().wait(0.05)
        os.kill(base.pid, signal.SIGKILL)
        sender.join(60)
        assert isinstance(answers[0], httpx.HTTPError)  # the upload never answered
    assert 0 < stored < N
    with serve(db) as base:  # the store opens cleanly; the same upload again
        answer = httpx.post(base + "/api/ingest", files={"file": ("a.jsonl", upload)}, timeout=300)
        report = answer.json()
        assert report["stored"] + report["duplicates"] == N
        assert report["duplicates"] >= stored
    _assert_whole(db, N)
