"""Plain text, Markdown and HTML to cleaned text: accord.text.formats."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from accord.text import prepare
from accord.text.formats import Format, clean_text, detect_format, extract

# -- detect_format ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "suffix", "expected"),
    [
        # The suffix wins, whatever the content.
        ("plain words", ".html", "html"),
        ("plain words", ".HTM", "html"),
        ("plain words", ".xhtml", "html"),
        ("plain words", ".md", "markdown"),
        ("plain words", ".Markdown", "markdown"),
        ("# Heading\n\n- item\n", ".txt", "text"),
        ("<!doctype html><p>x</p>", ".txt", "text"),
        ("plain words", ".text", "text"),
        # An unknown suffix falls back to sniffing.
        ("<html><body><p>x</p></body></html>", ".csv", "html"),
        ("Just prose.", ".rst", "text"),
        # Content sniffing.
        ("<!DOCTYPE html>\n<html><body><p>News.</p></body></html>", None, "html"),
        ("  \n<html lang='en'><body>News.</body></html>", None, "html"),
        ("<?xml version='1.0'?>\n<html><body>News.</body></html>", None, "html"),
        ("<div><p>One.</p><p>Two.</p></div>", None, "html"),
        ("---\ntitle: Talks\n---\nThe talks resumed.\n", None, "markdown"),
        ("# Talks resume\n\nThe ministers met in [Geneva](https://x.org).\n", None, "markdown"),
        ("Intro line.\n\n- first point\n- second point\n", None, "markdown"),
        ("The ministers met in Geneva. They agreed to meet again.", None, "text"),
        ("# Only one hint of markdown", None, "text"),
        ("Prices rose 5% while 3 < 4 and 5 > 2, analysts said.", None, "text"),
        ("The <b> tag is mentioned once in this plain sentence.", None, "text"),
    ],
)
def test_detect_format(text: str, suffix: str | None, expected: Format) -> None:
    assert detect_format(text, suffix) == expected


# -- Markdown ---------------------------------------------------------------------------

MARKDOWN_ARTICLE = """---
title: Talks resume in Geneva
published: 2024-03-05
source: Example Wire
url: https://example.org/talks
---
# Talks resume

The **foreign ministers** met in *Geneva* on [Tuesday](https://example.org/tuesday) to
discuss the _ceasefire_.

- First point
- Second point

1. One
2. Two

Use `inline code` here.

```python
print("code block line")
```

> A quoted line.
"""


@pytest.fixture(scope="module")
def markdown_article() -> str:
    return extract(MARKDOWN_ARTICLE, "markdown").text


@pytest.mark.parametrize(
    "expected",
    [
        "Talks resume",
        "The foreign ministers met in Geneva on Tuesday to discuss the ceasefire.",
        "First point\n\nSecond point",
        "One\n\nTwo",
        "Use inline code here.",
        'print("code block line")',
        "A quoted line.",
    ],
)
def test_markdown_keeps_the_words(markdown_article: str, expected: str) -> None:
    assert expected in markdown_article


@pytest.mark.parametrize(
    "unexpected",
    [
        "#",
        "**",
        "*Geneva*",
        "_ceasefire_",
        "https://example.org",
        "](",
        "`",
        "```",
        "> ",
        "---",
        "title:",
        "Example Wire",
    ],
)
def test_markdown_drops_the_markup(markdown_article: str, unexpected: str) -> None:
    assert unexpected not in markdown_article


def test_markdown_front_matter_becomes_metadata() -> None:
    extracted = extract(MARKDOWN_ARTICLE, "markdown")
    assert extracted.format == "markdown"
    assert (extracted.title, extracted.published, extracted.source, extracted.url) == (
        "Talks resume in Geneva",
        dt.date(2024, 3, 5),
        "Example Wire",
        "https://example.org/talks",
    )


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("Read [the statement](https://example.org/s) now.", "Read the statement now."),
        ("See <https://example.org/a>.", "See https://example.org/a."),
        ("A ![map of the region](map.png) here.", "A map of the region here."),
        ("Line one  \nline two", "Line one\nline two"),
        ("Soft\nbreak", "Soft break"),
        ("Raw <b>html</b> inline.", "Raw html inline."),
        ("<script>alert('x')</script>\n\nAfter the block.", "After the block."),
        ("## Sub *heading*\n\nBody.", "Sub heading\n\nBody."),
        ("    indented code\n\nBody.", "indented code\n\nBody."),
    ],
)
def test_markdown_inline_elements(markdown: str, expected: str) -> None:
    assert extract(markdown, "markdown").text == expected


@pytest.mark.parametrize(
    ("markdown", "title", "published"),
    [
        ("---\ntitle: T\ndate: 2024-02-03\n---\nBody.\n", "T", dt.date(2024, 2, 3)),
        ("---\ntitle: T\ndate: 2024-02-03 10:30:00\n---\nBody.\n", "T", dt.date(2024, 2, 3)),
        ("---\ntitle: T\npublished: '2024-02-03'\n---\nBody.\n", "T", dt.date(2024, 2, 3)),
        ("---\ntitle: T\npublished: yesterday\n---\nBody.\n", "T", None),
        ("---\ntitle: '  '\n---\nBody.\n", None, None),
        pytest.param(
            "---\ntitle: T\ndate: 2024-02-30\n---\nBody.\n",
            "T",
            None,
            id="impossible-date",
        ),
    ],
)
def test_markdown_front_matter_dates(
    markdown: str, title: str | None, published: dt.date | None
) -> None:
    extracted = extract(markdown, "markdown")
    assert (extracted.title, extracted.published) == (title, published)
    assert extracted.text == "Body."


@pytest.mark.parametrize(
    ("markdown", "kept"),
    [
        ("---\ntitle: [unclosed\n---\nSome text here.\n", "title: [unclosed"),
        ("---\n- a list\n- not a mapping\n---\nSome text here.\n", "a list"),
        ("---\njust a string\n---\nSome text here.\n", "just a string"),
    ],
    ids=["bad-yaml", "yaml-list", "yaml-scalar"],
)
def test_markdown_invalid_front_matter_is_left_alone(markdown: str, kept: str) -> None:
    extracted = extract(markdown, "markdown")
    assert kept in extracted.text
    assert "Some text here." in extracted.text
    assert extracted.title is None


def test_markdown_front_matter_with_crlf_line_ends() -> None:
    source = (
        "---\r\ntitle: Talks resume\r\npublished: 2024-03-05\r\n---\r\n# Talks resume\r\n\r\n"
        "The foreign ministers met in Geneva on Tuesday, officials said.\r\n"
    )
    article = prepare(source.encode(), suffix=".md")
    assert article.title == "Talks resume"
    assert article.published == dt.date(2024, 3, 5)
    assert "title:" not in article.text


# -- HTML -------------------------------------------------------------------------------

HTML_ARTICLE = """<!DOCTYPE html>
<html lang="en"><head>
<title>Ministers agree on grain corridor</title>
<meta property="article:published_time" content="2024-05-14T08:00:00Z">
<meta property="og:site_name" content="Example Wire">
<link rel="canonical" href="https://example.org/news/grain">
<style>body { color: red; } .STYLEMARKER { display: none }</style>
<script>var tracking = "SCRIPTMARKER_HEAD";</script>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<header><div class="menu">Subscribe now | Sign in | Newsletters</div></header>
<article>
<h1>Ministers agree on grain corridor</h1>
<p>The foreign ministers of Turkey and Ukraine agreed on Tuesday to reopen a shipping corridor
for grain exports through the Black Sea, officials said after talks in Ankara.</p>
<p>The agreement, which still needs approval from both parliaments, would allow cargo ships to
leave Odesa under naval escort, according to a statement released by the foreign ministry.</p>
<script>document.write("SCRIPTMARKER_BODY")</script>
<p>Diplomats described the talks as difficult but constructive, and said a follow-up meeting
would take place in Istanbul next month to settle the remaining technical questions.</p>
</article>
<footer><p>Copyright 2024 Example Wire. All rights reserved. Privacy policy.</p></footer>
</body></html>"""


@pytest.fixture(scope="module")
def html_article() -> str:
    return extract(HTML_ARTICLE, "html").text


@pytest.mark.parametrize(
    "expected",
    [
        "agreed on Tuesday to reopen a shipping corridor",
        "leave Odesa under naval escort",
        "a follow-up meeting",
    ],
)
def test_html_keeps_the_article(html_article: str, expected: str) -> None:
    assert expected in html_article


@pytest.mark.parametrize(
    "unexpected",
    [
        "SCRIPTMARKER",
        "STYLEMARKER",
        "color: red",
        "Subscribe now",
        "Newsletters",
        "Copyright",
        "Privacy policy",
        "<p>",
        "</",
        "&amp;",
    ],
)
def test_html_drops_boilerplate_and_code(html_article: str, unexpected: str) -> None:
    assert unexpected not in html_article


def test_html_paragraphs_are_separated_by_blank_lines(html_article: str) -> None:
    assert "officials said after talks in Ankara.\n\nThe agreement" in html_article


def test_html_metadata() -> None:
    extracted = extract(HTML_ARTICLE, "html")
    assert extracted.format == "html"
    assert extracted.title == "Ministers agree on grain corridor"
    assert extracted.published == dt.date(2024, 5, 14)
    assert extracted.url == "https://example.org/news/grain"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<html><body><script>SCRIPTMARKER</script><p>Short.</p></body></html>", "Short."),
        ("<html><body><script>SCRIPTMARKER never closed <p>hello</p>", ""),
        ("<p>Caf&eacute; &amp; bar &lt;3</p>", "Café & bar <3"),
        (
            "<html><body><svg><text>SVGMARKER</text></svg><p>Body words.</p></body></html>",
            "Body words.",
        ),
    ],
)
def test_html_small_and_broken_documents(html: str, expected: str) -> None:
    assert extract(html, "html").text == expected


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            "<html><body><p>Japan and Australia signed a pact on <b>Monday</b>.</p>"
            "<p>They agreed to meet <i>again</i> in Tokyo.</p></body></html>",
            "Japan and Australia signed a pact on Monday.\n\nThey agreed to meet again in Tokyo.",
        ),
        (
            "<html><body><h1>Summit opens</h1><p>Leaders met on <a href='/x'>Monday</a>"
            " in <em>Tokyo</em>.</p></body></html>",
            "Summit opens\n\nLeaders met on Monday in Tokyo.",
        ),
    ],
)
def test_html_inline_elements_stay_in_their_sentence(html: str, expected: str) -> None:
    # trafilatura's fallback on short pages puts inline elements on lines of their own;
    # a heading (no full stop) still stays its own paragraph.
    assert extract(html, "html").text == expected


def _deeply_nested(depth: int) -> str:
    sentence = "<p>The talks in Geneva continued on Monday, officials said.</p>"
    return "<html><body>" + "<div>" * depth + sentence + "</div>" * depth + "</body></html>"


def _script_flood(blocks: int) -> str:
    parts = ["<html><head><title>Flood</title></head><body>"]
    for i in range(blocks):
        parts.append(f"<script>var s{i} = 'SCRIPTMARKER{i}';</script>")
        parts.append(f"<style>.c{i} {{ color: red }} /* STYLEMARKER */</style>")
    parts.append("<p>The ministers met in Vienna on Friday to discuss the nuclear talks.</p>")
    parts.append("</body></html>")
    return "".join(parts)


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (_deeply_nested(10_000), "The talks in Geneva continued on Monday, officials said."),
        (
            _script_flood(2_000),
            "The ministers met in Vienna on Friday to discuss the nuclear talks.",
        ),
        (
            "<script>" + "SCRIPTMARKER();" * 50_000 + "</script><p>After the code.</p>",
            "After the code.",
        ),
    ],
    ids=["nested-10000", "script-style-flood", "huge-script"],
)
def test_html_hostile_documents_finish(html: str, expected: str) -> None:
    start = time.monotonic()
    text = extract(html, "html").text
    assert time.monotonic() - start < 20
    assert text == expected
    assert "SCRIPTMARKER" not in text
    assert "STYLEMARKER" not in text


# -- plain text and clean_text ----------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\u200bb\u200cc\u200dd\u2060e\ufefff", "abcdef"),
        ("left\u202eevil\u202c right \u2066iso\u2069 \u200e\u200f", "leftevil right iso"),
        ("line one\r\nline two\rline three\n", "line one\nline two\nline three"),
        ("e\u0301te\u0301", "\u00e9t\u00e9"),
        ("a\x00b\x07c\x7fd", "a b c d"),
        ("p1\n\n\n\n\np2", "p1\n\np2"),
        ("p1\r\n\r\n\r\n\r\np2", "p1\n\np2"),
        ("  \n spaced \n ", "spaced"),
        ("tabs\tstay", "tabs\tstay"),
    ],
    ids=[
        "zero-width",
        "bidi",
        "newlines",
        "nfc",
        "control",
        "blank-lines",
        "crlf-blank",
        "strip",
        "tab",
    ],
)
def test_clean_text(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


def test_plain_text_extract_is_clean_text() -> None:
    raw = "\ufeffThe ministers\u200b met.\r\n\r\n\r\nThey agreed."
    extracted = extract(raw, "text")
    assert extracted.text == "The ministers met.\n\nThey agreed."
    assert (extracted.format, extracted.title, extracted.published) == ("text", None, None)
