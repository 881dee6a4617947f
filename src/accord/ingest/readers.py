"""Paths from the command line -> a lazy stream of articles and of bad records.

``accord ingest`` reads corpora far larger than memory, so everything here is a
generator: files are opened one at a time, JSON Lines are read line by line, and a
directory is listed one folder at a time. A record that cannot be used (a broken
JSON line, a feed entry without text, a missing file) becomes a :class:`BadRecord`
in the stream instead of an exception, so one bad line never stops a corpus.

Decoding and format extraction happen later, in :func:`accord.text.prepare`: an
:class:`Item` carries the raw bytes (or the JSON/feed string) and what is known
about it.
"""

from __future__ import annotations

import codecs
import datetime as dt
import email.utils
import fnmatch
import io
import json
import os
import re
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import feedparser  # type: ignore[import-untyped, unused-ignore]

from ..errors import InputError
from ..text import FormatChoice, max_bytes_from_env, read_path, read_stream

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

#: The path that means standard input.
STDIN = "-"
_STDIN_ORIGIN = "<stdin>"

_ARTICLE_FORMATS: dict[str, FormatChoice] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}
_JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson", ".json"})
_FEED_SUFFIXES = frozenset({".rss", ".atom"})
# An .xml file may be a feed or any other XML: its content decides.
_XML_SUFFIX = ".xml"
_KNOWN_SUFFIXES = frozenset(_ARTICLE_FORMATS) | _JSONL_SUFFIXES | _FEED_SUFFIXES | {_XML_SUFFIX}

_CHUNK = 65_536
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\S+")
_XML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# The root element, or the name a DOCTYPE gives it, with any namespace prefix dropped.
_ROOT_NAME = re.compile(r"<(?:!DOCTYPE\s+)?(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_FEED_ROOTS = frozenset({"rss", "feed", "rdf"})
_DECLARED_ENCODING = re.compile(rb"\A\s*<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']{1,40})[\"']")
# Encodings an XML parser recognises from the first bytes, without a declaration.
_XML_ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "cp037")
_JSON_TYPES: dict[type, str] = {
    bool: "a boolean",
    int: "a number",
    float: "a number",
    str: "a string",
    list: "an array",
    dict: "an object",
}


@dataclass(frozen=True)
class Item:
    """One article to analyse, not yet decoded or checked."""

    #: The article: bytes from files (decoded by prepare), str from JSON Lines and feeds.
    raw: str | bytes
    format: FormatChoice
    #: Where it came from, for messages: "dir/a.txt", "feed.jsonl:17", "feed.xml#3", "<stdin>".
    origin: str
    #: The file suffix (".html"), which lets prepare guess the format.
    suffix: str | None = None
    title: str | None = None
    #: ISO YYYY-MM-DD when known; other strings pass through for later validation.
    published: str | None = None
    source: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class BadRecord:
    """An input that could not become an :class:`Item`, reported and skipped."""

    origin: str
    #: One line: what is wrong.
    message: str


@dataclass(frozen=True)
class Fields:
    """The JSON Lines field names (``--text-field`` and friends)."""

    text: str = "text"
    title: str = "title"
    published: str = "published"
    source: str = "source"
    url: str = "url"
    #: Raw HTML, used when the text field is absent or empty.
    html: str = "html"


_DEFAULT_FIELDS = Fields()


class _FieldError(ValueError):
    """A JSON record field is missing or of the wrong type (becomes a BadRecord)."""


def read_sources(
    paths: Sequence[str | Path],
    *,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    fields: Fields = _DEFAULT_FIELDS,
    stdin: BinaryIO | None = None,
    max_bytes: int | None = None,
) -> Iterator[Item | BadRecord]:
    """Yield the articles of ``paths`` in order, and a :class:`BadRecord` for each problem.

    A path is a file (its suffix decides how it is read), a directory (walked
    recursively in sorted order, hidden entries skipped, only known suffixes,
    filtered by the ``include``/``exclude`` globs on the relative path) or ``"-"``
    for ``stdin``. ``max_bytes`` caps each file, each JSON line and standard input
    (default: ``$ACCORD_MAX_BYTES`` or :data:`accord.text.DEFAULT_MAX_BYTES`).
    """
    limit = max_bytes if max_bytes is not None else max_bytes_from_env()
    for given in paths:
        if isinstance(given, str) and given == STDIN:
            yield from _read_stdin(stdin if stdin is not None else sys.stdin.buffer, fields, limit)
            continue
        path = Path(given)
        if path.is_dir():
            yield from _read_directory(path, include, exclude, fields, limit)
        elif path.exists():
            yield from _read_file(path, fields, limit)
        else:
            yield BadRecord(os.fspath(given), "no such file or directory")


def _read_directory(
    root: Path, include: Sequence[str], exclude: Sequence[str], fields: Fields, limit: int
) -> Iterator[Item | BadRecord]:
    for found in _picked(root, include, exclude):
        if isinstance(found, BadRecord):
            yield found
        else:
            yield from _read_file(found, fields, limit)


def _picked(
    root: Path, include: Sequence[str], exclude: Sequence[str]
) -> Iterator[Path | BadRecord]:
    """The files of a directory walk that ingest reads: known suffixes, through the globs."""
    for found in _walk(root):
        if isinstance(found, BadRecord):
            yield found
            continue
        relative = found.relative_to(root).as_posix()
        if found.suffix.lower() not in _KNOWN_SUFFIXES:
            continue
        if include and not any(fnmatch.fnmatch(relative, glob) for glob in include):
            continue
        if any(fnmatch.fnmatch(relative, glob) for glob in exclude):
            continue
        yield found


def estimate_items(
    paths: Sequence[str | Path], *, include: Sequence[str] = (), exclude: Sequence[str] = ()
) -> int | None:
    """About how many items :func:`read_sources` will yield (for a progress bar's ETA),
    found without parsing: a file is one, a JSON Lines file its non-blank lines, a
    feed its ``<item``/``<entry`` tags. None when stdin is among the paths."""
    total = 0
    for given in paths:
        if isinstance(given, str) and given == STDIN:
            return None
        path = Path(given)
        files = _picked(path, include, exclude) if path.is_dir() else iter([path])
        for found in files:
            total += 1 if isinstance(found, BadRecord) else _items_in(found)
    return total


def _items_in(path: Path) -> int:
    suffix = path.suffix.lower()
    if suffix not in _JSONL_SUFFIXES and suffix not in _FEED_SUFFIXES and suffix != _XML_SUFFIX:
        return 1
    count = 0
    try:
        with path.open("rb") as stream:
            if suffix in _JSONL_SUFFIXES:
                return sum(1 for line in stream if line.strip())
            for chunk in iter(lambda: stream.read(1 << 20), b""):
                count += chunk.count(b"<item") + chunk.count(b"<entry")
    except OSError:
        return 1
    return max(1, count)


def _walk(directory: Path) -> Iterator[Path | BadRecord]:
    """Files under ``directory`` in sorted order, one folder listed at a time.

    Hidden files and folders are skipped; symbolic links to folders are not
    followed (they could loop).
    """
    try:
        entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
    except OSError as exc:
        yield BadRecord(str(directory), f"cannot list the directory ({exc.strerror})")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path))
        elif entry.is_file():
            yield Path(entry.path)


def _read_file(path: Path, fields: Fields, limit: int) -> Iterator[Item | BadRecord]:
    origin = str(path)
    suffix = path.suffix.lower()
    if suffix in _JSONL_SUFFIXES:
        yield from _read_jsonl_file(path, fields, limit)
        return
    try:
        data = read_path(path, max_bytes=limit)
    except InputError as exc:
        yield BadRecord(origin, _one_line(exc))
        return
    if suffix in _FEED_SUFFIXES or (suffix == _XML_SUFFIX and _looks_like_feed(data)):
        yield from _feed_records(data, origin)
    elif suffix == _XML_SUFFIX:
        yield BadRecord(origin, "an XML file that is not an RSS or Atom feed")
    else:
        yield Item(data, _ARTICLE_FORMATS.get(suffix, "auto"), origin, suffix=suffix or None)


def _read_stdin(stream: BinaryIO, fields: Fields, limit: int) -> Iterator[Item | BadRecord]:
    """Standard input: streamed JSON Lines if it starts with "{", else one article or feed."""
    head = _read_past_blanks(stream, limit)
    whole = io.BufferedReader(_Prepended(head, stream))
    if head.removeprefix(codecs.BOM_UTF8).lstrip().startswith(b"{"):
        yield from _jsonl_records(whole, _STDIN_ORIGIN, fields, limit)
        return
    try:
        data = read_stream(whole, max_bytes=limit)
    except InputError as exc:
        yield BadRecord(_STDIN_ORIGIN, _one_line(exc))
        return
    if _looks_like_feed(data):
        yield from _feed_records(data, _STDIN_ORIGIN)
    else:
        yield Item(data, "auto", _STDIN_ORIGIN)


def _read_past_blanks(stream: BinaryIO, limit: int) -> bytes:
    """Read until the first non-blank byte (or the end, or past the limit)."""
    head = bytearray()
    while len(head) <= limit:
        chunk = stream.read(_CHUNK)
        if not chunk:
            break
        head += chunk
        if head.removeprefix(codecs.BOM_UTF8).strip():
            break
    return bytes(head)


class _Prepended(io.RawIOBase):
    """A stream whose first bytes were already read: gives them back, then the rest."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        super().__init__()
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer).cast("B")
        if self._head:
            count = min(len(view), len(self._head))
            view[:count] = self._head[:count]
            self._head = self._head[count:]
            return count
        data = self._rest.read(len(view))
        view[: len(data)] = data
        return len(data)


# --- JSON Lines ---------------------------------------------------------------------------


def _read_jsonl_file(path: Path, fields: Fields, limit: int) -> Iterator[Item | BadRecord]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield BadRecord(str(path), f"cannot be read ({exc.strerror})")
        return
    with handle:
        yield from _jsonl_records(handle, str(path), fields, limit)


def read_jsonl_stream(
    stream: BinaryIO, name: str, *, fields: Fields = _DEFAULT_FIELDS, max_bytes: int | None = None
) -> Iterator[Item | BadRecord]:
    """The records of JSON Lines read from any binary stream with ``readline`` (a
    shard on a remote filesystem, say), reported as ``name:LINE``."""
    limit = max_bytes if max_bytes is not None else max_bytes_from_env()
    yield from _jsonl_records(stream, name, fields, limit)


def _jsonl_records(
    stream: BinaryIO, name: str, fields: Fields, limit: int
) -> Iterator[Item | BadRecord]:
    for number, line in _numbered_lines(stream, limit):
        origin = f"{name}:{number}"
        if line is None:
            yield BadRecord(origin, f"the line is over the limit of {limit:,} bytes")
            continue
        try:
            text = line.rstrip(b"\r\n").decode("utf-8")
        except UnicodeDecodeError as exc:
            yield BadRecord(origin, f"the line is not valid UTF-8 (byte {exc.start + 1})")
            continue
        if number == 1:
            text = text.removeprefix("\ufeff")
        if text.strip():
            yield _jsonl_item(text, origin, fields)


def _numbered_lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) pairs; a line over ``limit`` bytes is skipped unread, as None."""
    number = 0
    while line := stream.readline(limit + 1):
        number += 1
        if len(line) <= limit or line.endswith(b"\n"):
            yield number, line
            continue
        while (rest := stream.readline(_CHUNK)) and not rest.endswith(b"\n"):
            pass
        yield number, None


def _jsonl_item(text: str, origin: str, fields: Fields) -> Item | BadRecord:
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        reason = exc.msg.removesuffix(" at")
        return BadRecord(origin, f"invalid JSON: {reason} (column {exc.colno})")
    except RecursionError:
        return BadRecord(origin, "invalid JSON: nested too deeply")
    if not isinstance(record, dict):
        return BadRecord(origin, f"expected a JSON object, got {_json_type(record)}")
    return record_item(record, origin, fields)


def record_item(
    record: dict[str, Any], origin: str, fields: Fields = _DEFAULT_FIELDS
) -> Item | BadRecord:
    """One article from a record with the JSON Lines fields (a parsed JSON line, a
    Parquet row): an Item, or a BadRecord saying which field is wrong."""
    try:
        raw, fmt = _jsonl_text(record, fields)
        published = _optional_str(record, fields.published)
        return Item(
            raw,
            fmt,
            origin,
            title=_optional_str(record, fields.title),
            published=_normalise_date(published) if published is not None else None,
            source=_optional_str(record, fields.source),
            url=_optional_str(record, fields.url),
        )
    except _FieldError as exc:
        return BadRecord(origin, str(exc))


def _jsonl_text(record: dict[str, Any], fields: Fields) -> tuple[str, FormatChoice]:
    """The article text (format "text"), else the HTML field (format "html")."""
    text = _optional_str(record, fields.text)
    if text is not None and text.strip():
        return text, "text"
    html = _optional_str(record, fields.html)
    if html is not None and html.strip():
        return html, "html"
    if text is not None:
        raise _FieldError(f"field {fields.text!r} is empty")
    raise _FieldError(f"field {fields.text!r} is missing")


def _optional_str(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise _FieldError(f"field {key!r} must be a string, not {_json_type(value)}")
    return value


def _json_type(value: object) -> str:
    return "null" if value is None else _JSON_TYPES.get(type(value), type(value).__name__)


def _normalise_date(value: str) -> str:
    """Keep the date of an ISO datetime as written; pass anything else through."""
    stripped = value.strip()
    if _ISO_DATE.fullmatch(stripped):
        return stripped
    if _ISO_DATETIME.fullmatch(stripped):
        try:
            return dt.datetime.fromisoformat(stripped).date().isoformat()
        except ValueError:
            return value
    return value


# --- Feeds -----------------------------------------------------------------------------------


def _looks_like_feed(data: bytes) -> bool:
    """Whether the root element is ``rss``, ``feed`` (Atom) or ``rdf:RDF`` (RSS 1.0).

    Dropping NUL bytes leaves the ASCII markup of UTF-16 and UTF-32 documents readable.
    """
    head = _XML_COMMENT.sub("", data[:_CHUNK].replace(b"\x00", b"").decode("latin-1"))
    match = _ROOT_NAME.search(head)
    return match is not None and match.group(1).lower() in _FEED_ROOTS


def _declares_entities(data: bytes) -> bool:
    """Whether the document has a DTD declaring entities, in any encoding it could be read in.

    feedparser drops nested entities but keeps and expands plain ones, so a small
    feed can still grow to gigabytes (a "quadratic blowup"); such feeds are refused.
    """
    encodings = list(_XML_ENCODINGS)
    declared = _DECLARED_ENCODING.match(data)
    if declared:
        encodings.append(declared.group(1).decode("ascii", "replace"))
    for encoding in encodings:
        try:
            text = data.decode(encoding, errors="ignore")
        except (LookupError, ValueError):  # unknown names; NUL in a name
            continue
        if "<!DOCTYPE" in text and "<!ENTITY" in text:
            return True
    return False


def _feed_records(data: bytes, name: str) -> Iterator[Item | BadRecord]:
    if _declares_entities(data):
        yield BadRecord(name, "DTD entity declarations are refused")
        return
    # A stream, never bytes: feedparser treats a bytes argument as a possible URL or path.
    try:
        parsed = feedparser.parse(io.BytesIO(data))
    except (ValueError, OverflowError) as exc:  # character references to no character
        yield BadRecord(name, f"not a readable feed ({_one_line(exc)})")
        return
    if not parsed.entries:
        if parsed.bozo:
            yield BadRecord(name, f"not a readable feed ({_one_line(parsed.bozo_exception)})")
        elif not parsed.get("version"):
            yield BadRecord(name, "not an RSS or Atom feed")
        return
    source = parsed.feed.get("title") or None
    for index, entry in enumerate(parsed.entries, start=1):
        origin = f"{name}#{index}"
        found = _entry_text(entry)
        if found is None:
            yield BadRecord(origin, "entry has no text")
            continue
        yield Item(
            found[0],
            found[1],
            origin,
            title=entry.get("title") or None,
            published=_entry_date(entry),
            source=source,
            url=entry.get("link") or None,
        )


def _entry_text(entry: Any) -> tuple[str, FormatChoice] | None:
    """The entry's full content if it has some, else its summary."""
    for detail in [*entry.get("content", []), entry.get("summary_detail")]:
        value = detail.get("value") if detail else None
        if isinstance(value, str) and value.strip():
            return value, "html" if "html" in (detail.get("type") or "") else "text"
    return None


def _entry_date(entry: Any) -> str | None:
    """YYYY-MM-DD of publication (else of the last update).

    The date as the outlet wrote it comes first: feedparser's own parse is in UTC,
    which moves a late-evening article to the next day.
    """
    for key in ("published", "updated"):
        written = entry.get(key)
        if isinstance(written, str) and (date := _written_date(written)):
            return date
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return time.strftime("%Y-%m-%d", parsed)
    return None


def _written_date(value: str) -> str | None:
    """The calendar date of an RFC 822 (RSS) or ISO 8601 (Atom) date, else None."""
    try:
        return email.utils.parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError):
        pass
    normalised = _normalise_date(value)
    try:
        return dt.date.fromisoformat(normalised).isoformat()
    except ValueError:
        return None


def _one_line(problem: object) -> str:
    return " ".join(str(problem).split())
