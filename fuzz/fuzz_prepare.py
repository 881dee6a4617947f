"""Fuzz ``accord.text.prepare``: decoding, format detection and HTML/Markdown extraction.

The contract under test: for any input, ``prepare`` returns an :class:`Article` whose
text has words in it, or raises an :class:`~accord.errors.InputError`. Any other
exception is a bug, and atheris reports it as a crash.

The last three bytes of an input pick the options (see ``fuzz/README.md``); the rest
is the article, passed as bytes or, decoded with ``surrogateescape``, as ``str``.

    python fuzz/fuzz_prepare.py fuzz/corpus/prepare -max_len=4096
"""

from __future__ import annotations

import logging
import os
import sys
import warnings

import atheris

_DEEP = ["charset_normalizer", "markdown_it", "trafilatura", "yaml"]

with atheris.instrument_imports(
    include=["accord", *_DEEP] if os.environ.get("FUZZ_DEEP") else ["accord"]
):
    import charset_normalizer  # noqa: F401  (imported here to be instrumented with FUZZ_DEEP)
    import markdown_it  # noqa: F401
    import trafilatura  # noqa: F401
    import yaml  # noqa: F401

    from accord.errors import InputError, InputWarning
    from accord.text import Article, prepare

FORMATS = ["auto", "text", "markdown", "html"]
SUFFIXES = [None, ".txt", ".md", ".html", ".xhtml", ".markdown", ".xml", ".TXT"]
MODES = ["bytes", "str"]


def TestOneInput(data: bytes) -> None:
    """One fuzz case: prepare the input; it must be an Article or an InputError."""
    fdp = atheris.FuzzedDataProvider(data)
    fmt = fdp.PickValueInList(FORMATS)
    suffix = fdp.PickValueInList(SUFFIXES)
    mode = fdp.PickValueInList(MODES)
    payload = fdp.ConsumeBytes(fdp.remaining_bytes())
    raw = payload if mode == "bytes" else payload.decode("utf-8", errors="surrogateescape")
    try:
        article = prepare(raw, format=fmt, suffix=suffix)
    except InputError:
        return
    if not isinstance(article, Article):
        raise TypeError(f"prepare returned {type(article).__name__}, not an Article")
    # Every later stage (spaCy, the store, JSON output) needs text that is valid Unicode.
    article.text.encode("utf-8")
    if not any(ch.isalnum() for ch in article.text):
        raise AssertionError(f"prepare returned an article without words: {article.text!r}")


def main() -> None:
    warnings.simplefilter("ignore", InputWarning)
    logging.disable(logging.CRITICAL)
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
