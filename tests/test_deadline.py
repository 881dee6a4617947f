"""The time limit per document, and failures that cost only their own document."""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from accord import Pipeline
from accord.deadline import AnalysisTimeoutError, time_limit, time_limit_from_env
from accord.errors import AnalysisFailedError, InputError
from accord.ingest.readers import Item
from accord.ingest.run import ingest
from accord.pipeline import Failure
from accord.store.store import Store
from accord.text import Article

SLOW = "Slowpoke"  # a document containing this word never finishes (see _trap)
BROKEN = "Brokenshire"  # a document containing this word raises (a simulated bug)


def _spin() -> None:
    while True:  # pure Python: the watchdog's exception lands between bytecodes
        sum(range(100))


def test_a_block_over_its_limit_raises() -> None:
    with (
        pytest.raises(AnalysisTimeoutError, match=r"took longer than 0\.2 s") as caught,
        time_limit(0.2),
    ):
        _spin()
    assert caught.value.code == "A107"
    assert isinstance(caught.value, InputError)


def test_a_block_within_its_limit_is_untouched() -> None:
    with time_limit(5):
        total = sum(range(1000))
    time.sleep(0.05)  # nothing lands later either
    assert total == 499500
    with time_limit(None):
        assert sum(range(10)) == 45


def test_the_limit_works_in_any_thread() -> None:
    errors: list[BaseException] = []

    def work() -> None:
        try:
            with time_limit(0.2, "the worker"):
                _spin()
        except AnalysisTimeoutError as exc:
            errors.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(30)
    assert not thread.is_alive()
    assert len(errors) == 1
    assert "the worker took longer" in str(errors[0])


def _careless() -> None:
    try:
        _spin()
    except Exception:  # noqa: BLE001  (what careless code does)
        pytest.fail("the expiry was caught as an Exception")


def test_no_except_exception_can_swallow_the_expiry() -> None:
    with pytest.raises(AnalysisTimeoutError), time_limit(0.2):
        _careless()


@pytest.mark.parametrize(
    ("value", "expected"), [("", 300.0), ("12.5", 12.5), ("0", None), ("none", None)]
)
def test_time_limit_from_env(monkeypatch: pytest.MonkeyPatch, value: str, expected: float) -> None:
    monkeypatch.setenv("ACCORD_TIME_LIMIT", value)
    assert time_limit_from_env() == expected


def test_a_bad_env_limit_is_an_input_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACCORD_TIME_LIMIT", "soon")
    with pytest.raises(InputError, match="ACCORD_TIME_LIMIT"):
        time_limit_from_env()


@Language.component("test_trap")
def _trap(doc: Doc) -> Doc:
    if SLOW in doc.text:
        _spin()
    if BROKEN in doc.text:
        raise ZeroDivisionError("simulated bug")
    return doc


@pytest.fixture
def trapped(pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch) -> Iterator[Pipeline]:
    """The session pipeline with a trap stage and a 1 s limit, restored afterwards."""
    pipeline.nlp.add_pipe("test_trap", first=True)
    monkeypatch.setattr(pipeline, "config", dataclasses.replace(pipeline.config, time_limit=1.0))
    try:
        yield pipeline
    finally:
        pipeline.nlp.remove_pipe("test_trap")


def _articles(*texts: str) -> list[Article]:
    return [Article(text=t) for t in texts]


GOOD = [
    "Japan and Australia signed a defence agreement in Tokyo on Monday.",
    "The foreign ministers of India and Brazil met in New Delhi on Tuesday.",
    "Germany and France agreed to expand their cooperation on energy.",
]


@pytest.mark.parametrize("n_process", [1, 2])
def test_one_slow_or_broken_document_costs_only_itself(trapped: Pipeline, n_process: int) -> None:
    texts = [GOOD[0], f"{SLOW} said the talks would go on.", GOOD[1], f"{BROKEN} met him.", GOOD[2]]
    outcomes = list(trapped.outcomes(_articles(*texts), batch_size=5, n_process=n_process))
    assert [type(o).__name__ for o in outcomes] == [
        "Analysis",
        "Failure",
        "Analysis",
        "Failure",
        "Analysis",
    ]
    slow, broken = outcomes[1], outcomes[3]
    assert isinstance(slow, Failure)
    assert isinstance(slow.error, AnalysisTimeoutError)
    assert isinstance(broken, Failure)
    assert isinstance(broken.error, AnalysisFailedError)
    assert "ZeroDivisionError: simulated bug" in str(broken.error)
    assert str(broken.error).count("[A500]") == 1  # also after the trip from a worker
    assert [o.text for o in outcomes if not isinstance(o, Failure)] == GOOD


def test_process_raises_the_failure(trapped: Pipeline) -> None:
    with pytest.raises(AnalysisTimeoutError):
        list(trapped.process(_articles(f"{SLOW} spoke.")))
    with pytest.raises(AnalysisFailedError):
        trapped.analyze(f"{BROKEN} and the ministers of Japan and Korea met in Seoul.")


def test_ingest_reports_the_failures_and_stores_the_rest(trapped: Pipeline, tmp_path: Path) -> None:
    texts = [GOOD[0], f"{SLOW} said the talks would go on.", GOOD[1], f"{BROKEN} met him."]
    items = [Item(t, "text", f"batch.jsonl:{i}") for i, t in enumerate(texts, 1)]
    bad: list[str] = []
    with Store(tmp_path / "s.duckdb") as store:
        summary = ingest(items, store, trapped, on_bad=lambda b: bad.append(b.origin))
        assert store.count("documents") == 2
    assert (summary.read, summary.stored, summary.refused) == (4, 2, 2)
    assert bad == ["batch.jsonl:2", "batch.jsonl:4"]
