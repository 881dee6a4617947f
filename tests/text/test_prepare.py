"""From raw input to an Article: accord.text.prepare and parse_published."""

from __future__ import annotations

import codecs
import datetime as dt

import pytest

from accord.errors import (
    BinaryInputError,
    EmptyInputError,
    InputError,
    InputTooLargeError,
    InvalidMetadataError,
    NotEnglishError,
    UnreadableInputError,
)
from accord.text import DEFAULT_MAX_BYTES, Article, parse_published, prepare

ENGLISH = (
    "The foreign ministers of Japan and Australia met in Tokyo on Monday and agreed to "
    "deepen their defence cooperation, officials said after the talks."
)
MARKDOWN = f"""---
title: Front-matter title
published: 2024-03-05
source: Front-matter source
url: https://example.org/front
---
# Ministers meet

{ENGLISH}
"""


@pytest.mark.parametrize(
    "raw",
    [
        "",
        b"",
        "   \n\t \r\n ",
        b"\n\n\n",
        codecs.BOM_UTF8,
        "... !!! --- ???",
        "* * *\n\n---\n",
        "\u200b\u200b\u200b",
        "<html><body><script>var x = 1;</script></body></html>",
        "---\ntitle: Only front matter\n---\n",
    ],
    ids=[
        "empty-str",
        "empty-bytes",
        "whitespace",
        "newlines-bytes",
        "bom-only",
        "punctuation",
        "markdown-rules",
        "zero-width",
        "html-script-only",
        "front-matter-only",
    ],
)
def test_prepare_refuses_empty_input(raw: str | bytes) -> None:
    with pytest.raises(EmptyInputError, match=r"\[A101\]"):
        prepare(raw)


@pytest.mark.parametrize(
    "raw",
    [ENGLISH, ENGLISH.encode("utf-8"), codecs.BOM_UTF16_LE + ENGLISH.encode("utf-16-le")],
    ids=["str", "utf-8-bytes", "utf-16-bytes"],
)
def test_prepare_str_and_bytes(raw: str | bytes) -> None:
    article = prepare(raw)
    assert article == Article(text=ENGLISH, format="text")


@pytest.mark.parametrize(
    ("raw", "kwargs", "error"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", {}, BinaryInputError),
        (ENGLISH, {"max_bytes": 10}, InputTooLargeError),
        (ENGLISH.encode(), {"max_bytes": 10}, InputTooLargeError),
        (
            "Les ministres des affaires étrangères des deux pays se sont réunis mardi à "
            "Genève et ont convenu de reprendre les négociations sur un cessez-le-feu.",
            {},
            NotEnglishError,
        ),
        (ENGLISH, {"published": "yesterday"}, InvalidMetadataError),
        (12345, {}, UnreadableInputError),
    ],
    ids=["binary", "str-too-large", "bytes-too-large", "french", "bad-date", "not-text"],
)
def test_prepare_errors_are_input_errors(
    raw: object, kwargs: dict[str, object], error: type[InputError]
) -> None:
    with pytest.raises(error):
        prepare(raw, **kwargs)  # type: ignore[arg-type]
    assert issubclass(error, InputError)


def test_prepare_language_check_can_be_skipped() -> None:
    french = (
        "Les ministres des affaires étrangères des deux pays se sont réunis mardi à Genève "
        "et ont convenu de reprendre les négociations sur un cessez-le-feu."
    )
    assert prepare(french, check_language=False).text == french


def test_prepare_default_max_bytes_refuses_50_mb() -> None:
    data = b"a" * 50_000_000
    assert len(data) > DEFAULT_MAX_BYTES
    with pytest.raises(InputTooLargeError, match="50,000,000 bytes"):
        prepare(data)


@pytest.mark.parametrize(
    ("env", "error"),
    [("10", InputTooLargeError), ("not-a-number", InvalidMetadataError)],
)
def test_prepare_max_bytes_from_environment(
    monkeypatch: pytest.MonkeyPatch, env: str, error: type[InputError]
) -> None:
    monkeypatch.setenv("ACCORD_MAX_BYTES", env)
    with pytest.raises(error):
        prepare(ENGLISH)


@pytest.mark.parametrize(
    ("max_chars", "ok"),
    [(len(ENGLISH) + 1, True), (len(ENGLISH), True), (len(ENGLISH) - 1, False), (10, False)],
)
def test_prepare_max_chars(max_chars: int, ok: bool) -> None:
    if ok:
        assert prepare(ENGLISH, max_chars=max_chars).text == ENGLISH
    else:
        with pytest.raises(InputTooLargeError, match="characters, over the limit"):
            prepare(ENGLISH, max_chars=max_chars)


def test_max_chars_counts_the_cleaned_text_not_the_markup() -> None:
    html = "<html><body>" + "<div>" * 500 + f"<p>{ENGLISH}</p>" + "</div>" * 500 + "</body></html>"
    assert len(html) > 2 * len(ENGLISH)
    assert prepare(html, max_chars=len(ENGLISH)).text == ENGLISH


# -- metadata ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        (
            {},
            (
                "Front-matter title",
                dt.date(2024, 3, 5),
                "Front-matter source",
                "https://example.org/front",
            ),
        ),
        (
            {
                "title": "Given title",
                "published": "2024-07-12",
                "source": "Given source",
                "url": "https://example.org/given",
            },
            ("Given title", dt.date(2024, 7, 12), "Given source", "https://example.org/given"),
        ),
        (
            {"published": dt.date(2023, 1, 2)},
            (
                "Front-matter title",
                dt.date(2023, 1, 2),
                "Front-matter source",
                "https://example.org/front",
            ),
        ),
        (
            {"title": "Given title"},
            (
                "Given title",
                dt.date(2024, 3, 5),
                "Front-matter source",
                "https://example.org/front",
            ),
        ),
    ],
    ids=["front-matter", "all-given", "date-given", "title-given"],
)
def test_explicit_metadata_beats_front_matter(
    kwargs: dict[str, object], expected: tuple[object, ...]
) -> None:
    article = prepare(MARKDOWN, suffix=".md", **kwargs)  # type: ignore[arg-type]
    assert (article.title, article.published, article.source, article.url) == expected
    assert article.format == "markdown"
    assert article.text == f"Ministers meet\n\n{ENGLISH}"


def test_bad_explicit_date_is_an_error_even_with_front_matter() -> None:
    with pytest.raises(InvalidMetadataError, match="2024-13-01"):
        prepare(MARKDOWN, suffix=".md", published="2024-13-01")


@pytest.mark.parametrize(
    ("fmt", "suffix", "expected"),
    [
        ("auto", None, "markdown"),
        ("auto", ".md", "markdown"),
        ("auto", ".txt", "text"),
        ("text", ".md", "text"),
        ("markdown", ".txt", "markdown"),
    ],
)
def test_prepare_format_choice(fmt: str, suffix: str | None, expected: str) -> None:
    article = prepare(MARKDOWN, format=fmt, suffix=suffix)  # type: ignore[arg-type]
    assert article.format == expected
    assert ("title: Front-matter title" in article.text) == (expected == "text")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("2024-07-12", dt.date(2024, 7, 12)),
        (" 2024-07-12\n", dt.date(2024, 7, 12)),
        ("2024-02-29", dt.date(2024, 2, 29)),
        (dt.date(2024, 7, 12), dt.date(2024, 7, 12)),
        (dt.datetime(2024, 7, 12, 23, 59), dt.date(2024, 7, 12)),
    ],
)
def test_parse_published(value: str | dt.date | None, expected: dt.date | None) -> None:
    result = parse_published(value)
    assert result == expected
    assert type(result) is type(expected)


LENIENT_ISO = (
    "parse_published uses date.fromisoformat, which on Python 3.11+ also accepts ISO basic "
    "and week dates; the contract and the error message promise YYYY-MM-DD only"
)


@pytest.mark.parametrize(
    "value",
    [
        "2024-13-01",
        "yesterday",
        "0000-01-01",
        "2023-02-29",
        "2024-1-5",
        "12/07/2024",
        "",
        "2024-07-12T10:00",
        pytest.param("20240712"),
        pytest.param("2024-W28-5"),
    ],
)
def test_parse_published_refuses_bad_dates(value: str) -> None:
    with pytest.raises(InvalidMetadataError, match=r"\[A106\].*YYYY-MM-DD"):
        parse_published(value)
