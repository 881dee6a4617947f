"""Plain text, Markdown and HTML to the cleaned text that every offset refers to."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any, Literal

import yaml
from lxml.etree import LxmlError
from markdown_it import MarkdownIt

Format = Literal["text", "markdown", "html"]

_HTML_START = re.compile(r"^\s*(<!doctype\s+html|<html[\s>]|<\?xml[^>]*>\s*<html)", re.IGNORECASE)
_HTML_TAG = re.compile(r"<(p|div|body|article|span|br|h[1-6]|a|script|table)[\s>/]", re.IGNORECASE)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*(\n|\Z)", re.DOTALL)
_MARKDOWN_HINT = re.compile(r"^(#{1,6} |[-*+] |\d+\. |> |```)|\[[^\]]+\]\([^)]+\)|\*\*\S", re.M)
# Invisible characters that change how text displays but carry no words: zero-width
# spaces and joiners, bidirectional overrides and isolates, byte-order marks.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe"})
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "article",
        "section",
        "blockquote",
        "pre",
        "table",
        "ul",
        "ol",
    ]
)


class _FrontMatterLoader(yaml.SafeLoader):
    """Safe YAML that leaves dates as strings (an impossible date is no crash)."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class Extracted:
    """Cleaned text and the metadata the input itself carried."""

    text: str
    format: Format
    title: str | None = None
    published: dt.date | None = None
    source: str | None = None
    url: str | None = None


def detect_format(text: str, suffix: str | None = None) -> Format:
    """Guess the format from a file suffix, else from the text itself."""
    if suffix:
        suffix = suffix.lower()
        if suffix in {".html", ".htm", ".xhtml"}:
            return "html"
        if suffix in {".md", ".markdown"}:
            return "markdown"
        if suffix in {".txt", ".text"}:
            return "text"
    head = text[:4000]
    if _HTML_START.search(head) or len(_HTML_TAG.findall(head)) >= 3:
        return "html"
    if _FRONT_MATTER.match(text) or len(_MARKDOWN_HINT.findall(head)) >= 2:
        return "markdown"
    return "text"


def extract(text: str, fmt: Format) -> Extracted:
    if fmt == "html":
        return _from_html(text)
    if fmt == "markdown":
        return _from_markdown(text)
    return Extracted(text=clean_text(text), format="text")


def clean_text(text: str) -> str:
    """Normalise Unicode (NFC), newlines and invisible characters; strip the ends."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    text = _CONTROL.sub(" ", text)
    return _BLANK_LINES.sub("\n\n", text).strip()


def _from_markdown(source: str) -> Extracted:
    meta: dict[str, Any] = {}
    match = _FRONT_MATTER.match(source)
    if match:
        try:
            loaded = yaml.load(match.group(1), Loader=_FrontMatterLoader)
        except yaml.YAMLError:
            loaded = None
        if isinstance(loaded, dict):
            meta = loaded
            source = source[match.end() :]
    blocks: list[str] = []
    for token in MarkdownIt("commonmark").parse(source):
        if token.type == "inline":
            blocks.append(_inline_text(token.children or []))
        elif token.type in {"fence", "code_block"}:
            blocks.append(token.content.rstrip("\n"))
    return Extracted(
        text=clean_text("\n\n".join(b for b in blocks if b.strip())),
        format="markdown",
        title=_str_or_none(meta.get("title")),
        published=_date_or_none(meta.get("published", meta.get("date"))),
        source=_str_or_none(meta.get("source")),
        url=_str_or_none(meta.get("url")),
    )


def _inline_text(children: list[Any]) -> str:
    parts: list[str] = []
    for child in children:
        if child.type in {"text", "code_inline"}:
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":
            parts.append(_inline_text(child.children or []))
    return "".join(parts)


def _from_html(html: str) -> Extracted:
    import trafilatura
    from trafilatura.settings import set_date_params

    try:
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            # The page's declared dates (meta tags, structured data, URL) only: the
            # extensive search guesses from any digits in the text, and its first call
            # loads every dateparser locale (seconds; found by fuzzing).
            date_extraction_params=set_date_params(extensive=False),
        )
    except (LxmlError, RecursionError, ValueError):
        doc = None
    text = getattr(doc, "text", None) if doc is not None else None
    if not text:
        return Extracted(text=clean_text(_html_fallback_text(html)), format="html")
    # trafilatura separates paragraphs with one newline; accord uses a blank line.
    lines = [line for line in text.split("\n") if line.strip()]
    text = "\n\n".join(_rejoin_inline(lines, html))
    return Extracted(
        text=clean_text(text),
        format="html",
        title=_str_or_none(getattr(doc, "title", None)),
        published=_date_or_none(getattr(doc, "date", None)),
        source=_str_or_none(getattr(doc, "sitename", None)),
        url=_str_or_none(getattr(doc, "url", None)),
    )


_SENTENCE_END = re.compile(r"[.!?:;\"”’)\]]\s*$")


def _rejoin_inline(lines: list[str], html: str) -> list[str]:
    """Undo trafilatura's line breaks around inline elements.

    On short pages trafilatura's fallback extraction puts ``<b>``, ``<i>`` or ``<a>``
    text on lines of their own ("signed a pact on", "Monday", "."). A break after a
    line that does not end a sentence is kept only if the page's visible text (block
    elements as breaks, inline ones as nothing) has a break there too; otherwise the
    two lines are one paragraph again, joined as the page joins them."""
    if len(lines) < 2 or all(_SENTENCE_END.search(line) for line in lines[:-1]):
        return lines
    visible = "\n".join(
        " ".join(block.split()) for block in _html_fallback_text(html).split("\n") if block.strip()
    )
    joined = [lines[0]]
    for line in lines[1:]:
        before, after = " ".join(joined[-1].split()), " ".join(line.split())
        if not _SENTENCE_END.search(before):
            tail, head = before[-40:], after[:40]
            if tail + head in visible:
                joined[-1] = before + after
                continue
            if f"{tail} {head}" in visible:
                joined[-1] = f"{before} {after}"
                continue
        joined.append(line)
    return joined


class _TextCollector(HTMLParser):
    """Visible text of any HTML, however deep or broken (no tree is built)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip_depth += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(data)


def _html_fallback_text(html: str) -> str:
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    lines = (re.sub(r"[ \t]+", " ", line).strip() for line in "".join(collector.parts).split("\n"))
    return "\n".join(lines)


def _str_or_none(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _date_or_none(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None
