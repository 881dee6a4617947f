"""Reading input: bytes or str in any of the supported formats -> an :class:`Article`."""

from __future__ import annotations

import datetime as dt
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

from ..errors import (
    EmptyInputError,
    InputTooLargeError,
    InputWarning,
    InvalidMetadataError,
    UnreadableInputError,
)
from .decode import check_size, decode_bytes
from .formats import Format, detect_format, extract
from .language import check_english

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_CHARS",
    "Article",
    "prepare",
    "read_path",
    "read_stream",
]

#: Largest raw input accepted, in bytes (override with ACCORD_MAX_BYTES).
DEFAULT_MAX_BYTES = 10_000_000
#: Largest cleaned text analysed, in characters (spaCy's own default limit).
DEFAULT_MAX_CHARS = 1_000_000

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

FormatChoice = Literal["auto", "text", "markdown", "html"]


@dataclass(frozen=True)
class Article:
    """One article ready for analysis: cleaned text plus its metadata."""

    text: str
    title: str | None = None
    published: dt.date | None = None
    source: str | None = None
    url: str | None = None
    format: Format = "text"


def max_bytes_from_env() -> int:
    value = os.environ.get("ACCORD_MAX_BYTES")
    if not value:
        return DEFAULT_MAX_BYTES
    try:
        return int(value)
    except ValueError as exc:
        raise InvalidMetadataError(
            f"ACCORD_MAX_BYTES must be a number of bytes, not {value!r}"
        ) from exc


def parse_published(value: str | dt.date | None) -> dt.date | None:
    """A publication date from ``YYYY-MM-DD`` (or a date), else a clear error."""
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    message = f"The publication date {value!r} is not a date in the form YYYY-MM-DD."
    if not _ISO_DATE.fullmatch(value.strip()):
        raise InvalidMetadataError(message)
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise InvalidMetadataError(message) from exc


_SURROGATE = re.compile("[\ud800-\udfff]")


def _replace_surrogates(text: str) -> str:
    """A ``str`` can hold lone surrogates (from JSON's ``"\\ud800"``) that no encoder
    takes: each becomes U+FFFD, with a warning, as undecodable bytes do."""
    repaired, count = _SURROGATE.subn("\ufffd", text)
    if count:
        warnings.warn(
            f"replaced {count} lone surrogate code point(s) with U+FFFD", InputWarning, stacklevel=3
        )
    return repaired


def prepare(
    raw: str | bytes,
    *,
    format: FormatChoice = "auto",
    suffix: str | None = None,
    title: str | None = None,
    published: str | dt.date | None = None,
    source: str | None = None,
    url: str | None = None,
    max_bytes: int | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    check_language: bool = True,
) -> Article:
    """Decode, extract and check one input; raise an :class:`InputError` if it is unusable."""
    limit = max_bytes if max_bytes is not None else max_bytes_from_env()
    if isinstance(raw, bytes):
        decoded = decode_bytes(raw, max_bytes=limit)
    elif isinstance(raw, str):
        check_size(len(raw), limit)
        decoded = _replace_surrogates(raw)
    else:
        raise UnreadableInputError(f"Expected text (str or bytes), got {type(raw).__name__}.")
    if not decoded.strip():
        raise EmptyInputError("The input is empty or only whitespace.")
    decoded = decoded.replace("\r\n", "\n").replace("\r", "\n")
    fmt: Format = detect_format(decoded, suffix) if format == "auto" else format
    extracted = extract(decoded, fmt)
    text = extracted.text
    if not any(ch.isalnum() for ch in text):
        raise EmptyInputError(f"The {fmt} input holds no words to analyse.")
    if len(text) > max_chars:
        raise InputTooLargeError(
            f"The text is {len(text):,} characters, over the limit of {max_chars:,}. "
            "Split the article or raise max_chars."
        )
    if check_language:
        check_english(text)
    return Article(
        text=text,
        title=title if title is not None else extracted.title,
        published=parse_published(published) if published is not None else extracted.published,
        source=source if source is not None else extracted.source,
        url=url if url is not None else extracted.url,
        format=fmt,
    )


def read_stream(stream: BinaryIO, *, max_bytes: int | None = None) -> bytes:
    """Read a stream (stdin) up to the size limit, refusing more without reading it all."""
    limit = max_bytes if max_bytes is not None else max_bytes_from_env()
    data = stream.read(limit + 1)
    check_size(len(data), limit)
    return data


def read_path(path: str | Path, *, max_bytes: int | None = None) -> bytes:
    """Read a file's bytes, refusing what is too large before reading it."""
    path = Path(path)
    limit = max_bytes if max_bytes is not None else max_bytes_from_env()
    if path.is_dir():
        raise UnreadableInputError(f"{path} is a directory, not a file.")
    try:
        check_size(path.stat().st_size, limit)
        with path.open("rb") as handle:
            return handle.read(limit + 1)
    except FileNotFoundError as exc:
        raise UnreadableInputError(f"{path}: no such file.") from exc
    except PermissionError as exc:
        raise UnreadableInputError(f"{path}: permission denied.") from exc
    except OSError as exc:
        raise UnreadableInputError(f"{path}: cannot be read ({exc.strerror}).") from exc
