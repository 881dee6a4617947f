"""The atheris harnesses of fuzz/: a brief run of each, and the crashes they found.

``make fuzz`` runs the harnesses for minutes; here each runs a few hundred inputs from
its seed corpus (copied, so the repository is not changed) with a fixed seed, which
keeps them working as the code changes. The regression tests below replay the inputs
that once crashed a harness, against the contract that harness checks.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from accord import Pipeline
from accord.errors import InputError
from accord.ingest import BadRecord, Item, read_sources
from accord.text import FormatChoice, prepare

FUZZ = Path(__file__).resolve().parents[1] / "fuzz"

# (harness, corpus folder, runs, largest input): few runs for the slow full analysis.
HARNESSES = [
    pytest.param("fuzz_prepare.py", "prepare", 600, 4096),
    pytest.param("fuzz_readers.py", "readers", 600, 4096),
    pytest.param("fuzz_analyze.py", "analyze", 150, 2048),
]


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("atheris") is None, reason="atheris not installed")
@pytest.mark.parametrize(("harness", "corpus", "runs", "max_len"), HARNESSES)
def test_brief_fuzz_run_finds_no_crash(
    tmp_path: Path, harness: str, corpus: str, runs: int, max_len: int
) -> None:
    seeds = shutil.copytree(FUZZ / "corpus" / corpus, tmp_path / "corpus")
    crashes = tmp_path / "crashes"
    crashes.mkdir()
    result = subprocess.run(
        [
            sys.executable,
            str(FUZZ / harness),
            str(seeds),
            f"-atheris_runs={runs}",
            f"-max_len={max_len}",
            "-seed=1",
            "-timeout=60",
            f"-artifact_prefix={crashes}{os.sep}",
        ],
        cwd=tmp_path,
        env={**os.environ, "TMPDIR": str(tmp_path), "PYTHONHASHSEED": "0"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    # libFuzzer also saves slow inputs ("slow-unit-"): worth a look, not a failure.
    failures = [p.name for p in crashes.iterdir() if not p.name.startswith("slow-unit-")]
    assert not failures, result.stderr[-3000:]
    assert f"Done {runs} " in result.stderr, result.stderr[-3000:]


# --- Inputs that crashed a harness ------------------------------------------------------------


def _read(tmp_path: Path, reader: str, data: bytes) -> list[Item | BadRecord]:
    """``read_sources`` on ``data`` as stdin ("-") or as a file with the suffix ``reader``."""
    if reader == "-":
        return list(read_sources(["-"], stdin=io.BytesIO(data)))
    path = tmp_path / f"input{reader}"
    path.write_bytes(data)
    return list(read_sources([path]))


@pytest.mark.parametrize("reader", ["-", ".rss", ".atom", ".xml"])
def test_feed_whose_encoding_name_is_not_utf8_is_a_bad_record(tmp_path: Path, reader: str) -> None:
    (result,) = _read(tmp_path, reader, b'<?xml encoding="\x85"?><rss/>')
    assert isinstance(result, BadRecord)


@pytest.mark.parametrize("reader", ["-", ".rss", ".atom", ".xml"])
def test_feed_whose_encoding_name_has_a_nul_is_a_bad_record(tmp_path: Path, reader: str) -> None:
    (result,) = _read(tmp_path, reader, b'<?xml encoding="\x00"?><rss/>')
    assert isinstance(result, BadRecord)


@pytest.mark.parametrize("reader", [".rss", ".atom"])
def test_empty_feed_file_is_a_bad_record(tmp_path: Path, reader: str) -> None:
    (result,) = _read(tmp_path, reader, b"")
    assert isinstance(result, BadRecord)


LONE_SURROGATE = "Chile and Peru signed a maritime treaty in Lima \udcff on Monday."


def _prepared_text(raw: str | bytes, **options: Any) -> str | None:
    """The text ``prepare`` gives, or None when it refuses the input with an InputError."""
    try:
        return prepare(raw, **options).text
    except InputError:
        return None


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_str_with_a_lone_surrogate_is_repaired_or_refused(fmt: FormatChoice) -> None:
    text = _prepared_text(LONE_SURROGATE, format=fmt)
    assert text is None or text.encode("utf-8")


def test_json_line_with_an_escaped_lone_surrogate_is_repaired_or_refused(tmp_path: Path) -> None:
    line = json.dumps({"text": LONE_SURROGATE}).encode("ascii")
    (item,) = _read(tmp_path, ".jsonl", line + b"\n")
    assert isinstance(item, Item)
    text = _prepared_text(item.raw, format=item.format)
    assert text is None or text.encode("utf-8")


def test_analyze_str_with_a_lone_surrogate(pipeline: Pipeline) -> None:
    try:
        record = pipeline.analyze(LONE_SURROGATE)
    except InputError:
        return
    assert record.text.encode("utf-8")
