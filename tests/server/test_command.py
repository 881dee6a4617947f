"""``accord serve``: safe defaults, refusals with exit code 2, a real process."""

from __future__ import annotations

import argparse
from pathlib import Path

import httpx
import pytest

from accord.cli import main
from accord.server.command import ServeError, is_loopback, settings_from

from .conftest import TOKEN, serve


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.20", False),
        ("example.org", False),
    ],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def _args(**given: object) -> argparse.Namespace:
    values: dict[str, object] = {
        "db": None,
        "host": "127.0.0.1",
        "port": 8000,
        "token": None,
        "max_body_mb": 5.0,
        "max_upload_mb": 50.0,
        "model": None,
    }
    values.update(given)
    return argparse.Namespace(**values)


def test_loopback_needs_no_token(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("ACCORD_TOKEN", raising=False)
    settings = settings_from(_args(db=str(tmp_path / "a.duckdb"), max_body_mb=1.5))
    assert settings.token is None
    assert settings.max_body == int(1.5 * 1024 * 1024)
    assert settings.db == tmp_path / "a.duckdb"


def test_other_addresses_need_a_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ACCORD_TOKEN", raising=False)
    with pytest.raises(ServeError, match="without --token"):
        settings_from(_args(host="0.0.0.0"))
    assert settings_from(_args(host="0.0.0.0", token=TOKEN)).token == TOKEN
    monkeypatch.setenv("ACCORD_TOKEN", TOKEN)
    assert settings_from(_args(host="0.0.0.0")).token == TOKEN


@pytest.mark.parametrize("token", ["short", "has a space in it ok", "tab\tinside-0123456789"])
def test_weak_tokens_are_refused(token: str) -> None:
    with pytest.raises(ServeError, match="token"):
        settings_from(_args(token=token))


def test_serve_refuses_with_exit_code_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("ACCORD_TOKEN", raising=False)
    assert main(["serve", "--host", "0.0.0.0", "--port", "8999"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "refusing to serve on 0.0.0.0 without --token" in err
    assert main(["serve", "--port", "70000"]) == 2
    assert main(["serve", "--max-upload-mb", "0"]) == 2


@pytest.mark.slow
def test_a_real_server_answers_and_checks_its_token(corpus_db: Path) -> None:
    with serve(corpus_db, "--token", TOKEN) as base:
        assert httpx.get(base + "/api/documents").status_code == 401
        answer = httpx.get(base + "/api/documents", headers={"Authorization": f"Bearer {TOKEN}"})
        assert answer.status_code == 200
        assert len(answer.json()["items"]) == 7
        # DuckDB has one writer: a CLI ingest into the served store is refused, clearly.
        assert main(["ingest", str(corpus_db), "--db", str(corpus_db)]) == 2
