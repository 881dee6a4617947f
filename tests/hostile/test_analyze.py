"""Every hostile article through ``Pipeline.analyze``, and a handful through ``accord
analyze``: a sound record or an :class:`~accord.errors.InputError`, nothing else.

The CLI gets the session's loaded pipeline (``main()`` would load spaCy on every call).
"""

from __future__ import annotations

import io
import json
import sys
import types
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest

import accord.pipeline
from accord import Pipeline
from accord.cli import main
from accord.errors import InputError, InputWarning
from accord.records import Analysis

from .corpus import ARTICLES, FEEDS, JSONL_LINES, Case, article, assert_sound, watchdog

#: The cases run through the command line too: one of each kind of outcome.
CLI_CASES = {
    "empty",
    "binary",
    "50mb-file",
    "2mb-single-line",
    "utf16-le-no-bom",
    "invalid-utf8-stray-byte",
    "deep-html",
    "scripts-and-styles",
    "zero-width-and-bidi",
    "russian",
    "published-year-0",
    "published-9999-tomorrow",
}


def params(cases: list[Case]) -> list[object]:
    """The cases as pytest parameters; a known bug is a strict xfail."""
    return [
        pytest.param(
            case,
            id=case.name,
            marks=[pytest.mark.xfail(strict=True, reason=case.bug)] if case.bug else [],
        )
        for case in cases
    ]


def assert_analysed(case: Case, rec: Analysis) -> None:
    assert_sound(rec)
    if case.check is not None:
        case.check(rec)


def _analyze(pipeline: Pipeline, case: Case, data: bytes) -> tuple[Analysis, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", InputWarning)
        rec = pipeline.analyze(data, published=case.published, format=case.format)
    return rec, [str(w.message) for w in caught if issubclass(w.category, InputWarning)]


@pytest.mark.parametrize("case", params(ARTICLES))
@pytest.mark.filterwarnings("ignore::accord.errors.InputWarning")
def test_python_api(pipeline: Pipeline, case: Case) -> None:
    data = case.build()
    with watchdog():
        if case.refusal is not None:
            with pytest.raises(InputError) as refused:
                pipeline.analyze(data, published=case.published, format=case.format)
            assert case.refusal in str(refused.value)
            assert "\n" not in str(refused.value)
            return
        rec, warned = _analyze(pipeline, case, data)
        again, _ = _analyze(pipeline, case, data)
    assert_analysed(case, rec)
    assert again.model_dump(mode="json") == rec.model_dump(mode="json"), "not deterministic"
    assert bool(warned) == case.warns, warned


def test_a_lone_surrogate_in_a_str_is_no_crash(pipeline: Pipeline) -> None:
    """A ``str`` from a program (JSON's "\\ud800" escape) can hold what no bytes can."""
    text = article("a lone surrogate").replace("surrogate", "surrogate \ud800", 1)
    try:
        rec = pipeline.analyze(text)
    except InputError:
        return
    assert "\ud800" not in rec.text
    assert_sound(rec)


# -- the command line ------------------------------------------------------------------------

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(
    pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Run:
    """``accord analyze ARGS`` in-process, on the loaded pipeline: (code, stdout, stderr)."""
    monkeypatch.setattr(accord.pipeline, "Pipeline", lambda *args, **kwargs: pipeline)
    monkeypatch.delenv("ACCORD_MAX_BYTES", raising=False)

    def run(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", types.SimpleNamespace(buffer=io.BytesIO(stdin)))
        with watchdog():
            code = main(["analyze", *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def assert_cli_outcome(case: Case, code: int, out: str, err: str) -> None:
    if case.refusal is not None:
        assert (code, out) == (2, ""), (code, out[:200], err)
        lines = err.splitlines()
        assert len(lines) == 1, lines
        assert lines[0].startswith("accord: error:")
        assert case.refusal in lines[0]
        return
    assert code == 0, err
    rec = Analysis.model_validate(json.loads(out))  # exactly one JSON document
    assert out.endswith("}\n")
    assert_analysed(case, rec)
    warnings_given = [line for line in err.splitlines() if line.startswith("accord: warning:")]
    assert err.splitlines() == warnings_given
    assert bool(warnings_given) == case.warns


def _cli_args(case: Case, path: str) -> list[str]:
    return [path, *(["--published", case.published] if case.published else [])]


@pytest.mark.parametrize("case", params([c for c in ARTICLES if c.name in CLI_CASES]))
def test_cli_file(cli: Run, tmp_path: Path, case: Case) -> None:
    path = tmp_path / case.file_name
    path.write_bytes(case.build())
    assert_cli_outcome(case, *cli(*_cli_args(case, str(path))))


@pytest.mark.parametrize(
    "case", params([c for c in ARTICLES if c.name in {"binary", "utf16-le-no-bom", "50mb-file"}])
)
def test_cli_stdin(cli: Run, case: Case) -> None:
    assert_cli_outcome(case, *cli(*_cli_args(case, "-"), stdin=case.build()))


def test_every_cli_case_exists() -> None:
    assert {c.name for c in ARTICLES} >= CLI_CASES


def test_the_readme_lists_every_case() -> None:
    readme = (Path(__file__).parent / "README.md").read_text(encoding="utf-8")
    missing = [c.name for c in ARTICLES + FEEDS + JSONL_LINES if f"| `{c.name}` |" not in readme]
    assert missing == []
