"""Fuzz the ingest readers: ``read_sources`` on a file of each kind, and on stdin.

The contract under test: whatever the bytes, the stream yields only :class:`Item`
and :class:`BadRecord` objects (a bad record's message on one line), never raises,
and ends (libFuzzer's ``-timeout`` catches a stream that does not). Each item is then
prepared as ``accord ingest`` prepares it, which must give an :class:`Article` or an
:class:`~accord.errors.InputError`.

The last two bytes of an input pick the reader and the size limit (see
``fuzz/README.md``); the rest is the file's content.

    python fuzz/fuzz_readers.py fuzz/corpus/readers -max_len=4096
"""

from __future__ import annotations

import atexit
import io
import logging
import os
import shutil
import sys
import tempfile
import warnings
from pathlib import Path

import atheris

_DEEP = ["feedparser", "charset_normalizer", "trafilatura", "markdown_it"]

with atheris.instrument_imports(
    include=["accord", *_DEEP] if os.environ.get("FUZZ_DEEP") else ["accord"]
):
    import charset_normalizer  # noqa: F401  (imported here to be instrumented with FUZZ_DEEP)
    import feedparser  # noqa: F401
    import markdown_it  # noqa: F401
    import trafilatura  # noqa: F401

    from accord.errors import InputError, InputWarning
    from accord.ingest import BadRecord, Item, read_sources
    from accord.text import Article, prepare

#: A file suffix (the reader it selects), or "-" for standard input.
READERS = [".jsonl", ".ndjson", ".json", ".rss", ".atom", ".xml"]
READERS += [".html", ".txt", ".md", ".markdown", "", "-"]
#: The ``max_bytes`` of ``read_sources``: the default, or small enough to be reached.
LIMITS = [None, 16, 128, 1024]

_WORKDIR = Path(tempfile.mkdtemp(prefix="accord-fuzz-readers-"))
atexit.register(shutil.rmtree, _WORKDIR, ignore_errors=True)


def TestOneInput(data: bytes) -> None:
    """One fuzz case: read the input with one reader, then prepare each item."""
    fdp = atheris.FuzzedDataProvider(data)
    reader = fdp.PickValueInList(READERS)
    limit = fdp.PickValueInList(LIMITS)
    content = fdp.ConsumeBytes(fdp.remaining_bytes())
    if reader == "-":
        results = read_sources(["-"], stdin=io.BytesIO(content), max_bytes=limit)
    else:
        path = _WORKDIR / f"input{reader}"
        path.write_bytes(content)
        results = read_sources([path], max_bytes=limit)
    for result in results:
        if isinstance(result, BadRecord):
            if "\n" in result.message or not result.message:
                raise AssertionError(f"a bad record's message is not one line: {result!r}")
        elif isinstance(result, Item):
            _prepare(result)
        else:
            raise TypeError(f"read_sources yielded {type(result).__name__}")


def _prepare(item: Item) -> None:
    """Prepare an item as ``accord ingest`` does: an Article or an InputError."""
    try:
        article = prepare(
            item.raw,
            format=item.format,
            suffix=item.suffix,
            title=item.title,
            published=item.published,
            source=item.source,
            url=item.url,
        )
    except InputError:
        return
    if not isinstance(article, Article):
        raise TypeError(f"prepare returned {type(article).__name__}, not an Article")
    # Every later stage (spaCy, the store, JSON output) needs text that is valid Unicode.
    article.text.encode("utf-8")


def main() -> None:
    warnings.simplefilter("ignore", InputWarning)
    logging.disable(logging.CRITICAL)
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
