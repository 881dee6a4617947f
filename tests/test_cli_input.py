"""`accord analyze` on good and bad input: exit codes, stderr and stdout (CONTRACT.md)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import accord.pipeline
from accord.cli import main
from accord.errors import AccordError

ENGLISH = (
    "Japan and Australia signed a new defence agreement in Tokyo on Monday, officials said.\n\n"
    "The pact allows the two countries to hold joint military exercises and to share "
    "intelligence, according to a statement from the Japanese foreign ministry. The Australian "
    "prime minister said the agreement would strengthen security in the region."
)
FIRST_SENTENCE = "Japan and Australia signed a new defence agreement in Tokyo on Monday"

MARKDOWN = f"""---
title: Japan and Australia sign defence pact
published: 2024-07-08
source: Example Wire
---
# Japan and Australia sign defence pact

{ENGLISH}
"""

HTML = f"""<!DOCTYPE html>
<html lang="en"><head><title>Japan and Australia sign defence pact</title>
<script>var SCRIPTMARKER = 1;</script></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Japan and Australia sign defence pact</h1>
{"".join(f"<p>{p}</p>" for p in ENGLISH.split(chr(10) * 2))}
</article><footer>Copyright Example Wire</footer></body></html>
"""

FRENCH = (
    "Les ministres des affaires étrangères des deux pays se sont réunis mardi à Genève et ont "
    "convenu de reprendre les négociations sur un cessez-le-feu."
)


# -- one pipeline per set of options for the whole module --------------------------------
# cli.main builds a Pipeline on every call; loading spaCy each time would make this file
# slow, so the CLI gets a cached pipeline (or the cached error of building one).


@pytest.fixture(scope="module")
def pipeline_cache() -> dict[tuple[Any, ...], Any]:
    return {}


@pytest.fixture(autouse=True)
def cached_pipeline(
    monkeypatch: pytest.MonkeyPatch, pipeline_cache: dict[tuple[Any, ...], Any]
) -> None:
    real = accord.pipeline.Pipeline

    def cached(model: str | None = None, **kwargs: Any) -> Any:
        key = (model, repr(sorted(kwargs.items())))
        if key not in pipeline_cache:
            try:
                pipeline_cache[key] = real(model, **kwargs)
            except AccordError as exc:
                pipeline_cache[key] = exc
        found = pipeline_cache[key]
        if isinstance(found, AccordError):
            raise found
        return found

    monkeypatch.setattr(accord.pipeline, "Pipeline", cached)
    monkeypatch.delenv("ACCORD_MAX_BYTES", raising=False)


Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    """``accord analyze ARGS`` in-process: (exit code, stdout, stderr)."""

    def run(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", types.SimpleNamespace(buffer=io.BytesIO(stdin)))
        code = main(["analyze", *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def assert_one_error_line(code: int, out: str, err: str, error_code: str) -> None:
    assert code == 2
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("accord: error:")
    assert error_code in lines[0]


# -- bad input --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "extra", "error_code"),
    [
        ("empty.txt", b"", [], "[A101]"),
        ("blank.txt", b"  \n\t\n   \r\n", [], "[A101]"),
        ("punctuation.txt", b"... --- !!!", [], "[A101]"),
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, [], "[A102]"),
        ("big.txt", ENGLISH.encode() * 10, ["--max-bytes", "1000"], "[A103]"),
        ("french.txt", FRENCH.encode(), [], "[A104]"),
        ("article.txt", ENGLISH.encode(), ["--published", "2024-13-01"], "[A106]"),
        ("article.txt", ENGLISH.encode(), ["--published", "yesterday"], "[A106]"),
    ],
    ids=[
        "empty",
        "whitespace",
        "punctuation",
        "binary",
        "too-large",
        "not-english",
        "bad-date",
        "word-date",
    ],
)
def test_bad_file_exits_2_with_one_error_line(
    tmp_path: Path,
    cli: Run,
    name: str,
    content: bytes,
    extra: list[str],
    error_code: str,
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert_one_error_line(*cli(str(path), *extra), error_code)


@pytest.mark.parametrize(
    ("make_path", "message"),
    [
        (lambda tmp: tmp / "does-not-exist.txt", "no such file"),
        (lambda tmp: tmp, "is a directory"),
    ],
    ids=["missing", "directory"],
)
def test_unreadable_path_exits_2(tmp_path: Path, cli: Run, make_path: Any, message: str) -> None:
    code, out, err = cli(str(make_path(tmp_path)))
    assert_one_error_line(code, out, err, "[A105]")
    assert message in err


@pytest.mark.parametrize(
    ("stdin", "error_code"),
    [(b"", "[A101]"), (b"\x00\x01\x02\x03" * 100, "[A102]"), (FRENCH.encode(), "[A104]")],
    ids=["empty", "binary", "not-english"],
)
def test_bad_stdin_exits_2(cli: Run, stdin: bytes, error_code: str) -> None:
    assert_one_error_line(*cli("-", stdin=stdin), error_code)


def test_bad_input_with_repaired_bytes_still_gives_one_line(
    cli: Run,
) -> None:
    stdin = FRENCH.encode() + b"\xff" + FRENCH.encode()
    assert_one_error_line(*cli("-", stdin=stdin), "[A104]")


def test_impossible_front_matter_date_does_not_crash(tmp_path: Path, cli: Run) -> None:
    path = tmp_path / "article.md"
    path.write_text(MARKDOWN.replace("published: 2024-07-08", "date: 2024-02-30"), "utf-8")
    code, out, err = cli(str(path))
    assert (code, err) == (0, "")
    assert check_record(out)["document"]["published"] is None


# -- good input -------------------------------------------------------------------------


def check_record(out: str) -> dict[str, Any]:
    record: dict[str, Any] = json.loads(out)
    assert record["schema_version"] == 1
    text = record["text"]
    assert FIRST_SENTENCE in text
    assert record["document"]["sha256"] == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert record["document"]["language"] == "en"
    return record


@pytest.mark.parametrize(
    ("name", "content", "title", "published"),
    [
        ("article.txt", ENGLISH, None, None),
        ("article.md", MARKDOWN, "Japan and Australia sign defence pact", "2024-07-08"),
        ("article.html", HTML, "Japan and Australia sign defence pact", None),
        ("article.htm", HTML, "Japan and Australia sign defence pact", None),
    ],
    ids=["txt", "md", "html", "htm"],
)
def test_good_file_prints_one_record(
    tmp_path: Path,
    cli: Run,
    name: str,
    content: str,
    title: str | None,
    published: str | None,
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    code, out, err = cli(str(path))
    assert (code, err) == (0, "")
    record = check_record(out)
    assert record["document"]["title"] == title
    assert record["document"]["published"] == published
    assert "SCRIPTMARKER" not in record["text"]
    assert "title:" not in record["text"]


@pytest.mark.parametrize(
    ("content", "title"),
    [
        (ENGLISH.encode(), None),
        (MARKDOWN.encode(), "Japan and Australia sign defence pact"),
        (HTML.encode(), "Japan and Australia sign defence pact"),
        (ENGLISH.encode("utf-16"), None),
    ],
    ids=["text", "markdown", "html", "utf-16"],
)
def test_good_stdin_prints_one_record(cli: Run, content: bytes, title: str | None) -> None:
    for args in (["-"], []):
        code, out, err = cli(*args, stdin=content)
        assert (code, err) == (0, "")
        assert check_record(out)["document"]["title"] == title


def test_metadata_options_reach_the_record(tmp_path: Path, cli: Run) -> None:
    path = tmp_path / "article.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    code, out, _ = cli(
        str(path),
        "--published",
        "2024-07-12",
        "--title",
        "Given",
        "--source",
        "Wire",
        "--url",
        "https://example.org/a",
    )
    assert code == 0
    document = check_record(out)["document"]
    assert (document["title"], document["published"], document["source"], document["url"]) == (
        "Given",
        "2024-07-12",
        "Wire",
        "https://example.org/a",
    )


def test_markdown_report(tmp_path: Path, cli: Run) -> None:
    path = tmp_path / "article.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    code, out, err = cli(str(path), "--format", "markdown")
    assert (code, err) == (0, "")
    assert out.startswith("# Japan and Australia sign defence pact\n")
    with pytest.raises(json.JSONDecodeError):
        json.loads(out)


def test_repaired_bytes_warn_on_stderr_and_still_analyse(
    cli: Run,
) -> None:
    quoted = ENGLISH + " “We are ready,” he said — and left."
    stdin = quoted.encode().replace(b" he said", b" he\xff said")
    code, out, err = cli("-", stdin=stdin)
    assert code == 0
    assert err.startswith("accord: warning:")
    assert len(err.splitlines()) == 1
    assert "he\ufffd said" in check_record(out)["text"]


# -- the real command -------------------------------------------------------------------


@pytest.fixture(scope="module")
def accord_command() -> list[str]:
    found = shutil.which("accord", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "accord.cli"]


def test_real_command_exit_code(tmp_path: Path, accord_command: list[str]) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    env = {k: v for k, v in os.environ.items() if k != "ACCORD_MAX_BYTES"}
    done = subprocess.run(
        [*accord_command, "analyze", str(empty)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert_one_error_line(done.returncode, done.stdout, done.stderr, "[A101]")
