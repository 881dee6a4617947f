"""What the routes of one server share: the open store, the pipeline, and their locks.

The server is the store's one writer process (DuckDB allows one): a CLI ``accord
ingest`` into the same file must wait until the server stops (see docs/api.md).
Inside the server, reads go through cursors of their own and run side by side;
analysis is serialised by a lock (a spaCy pipeline is not safe to share between
threads) and so is ingest, one upload at a time.
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePath
from typing import Any

from ..deadline import DEFAULT_TIME_LIMIT
from ..errors import AccordError
from ..ingest.readers import BadRecord, Item, read_sources
from ..ingest.run import ingest
from ..pipeline import Pipeline
from ..records import Analysis
from ..store.store import Store
from ..text import FormatChoice

#: Request bodies (an article to analyse, a form) are refused above this size.
DEFAULT_MAX_BODY = 5 * 1024 * 1024
#: Uploaded files to ingest are refused above this size.
DEFAULT_MAX_UPLOAD = 50 * 1024 * 1024
#: Bad records reported in an ingest answer (all are counted).
MAX_REPORTED = 100
#: Documents per transaction when ingesting an upload: a server killed mid-upload
#: keeps what it committed, and the same upload again adds the rest.
UPLOAD_COMMIT_EVERY = 16

# Upload suffixes ingest understands (anything else is read as an article of its own).
_UPLOAD_SUFFIXES = frozenset(
    {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml"}
    | {".jsonl", ".ndjson", ".json", ".rss", ".atom", ".xml"}
)


class BusyError(AccordError):
    """Another upload is being ingested; the client should retry later."""

    code = "A420"


@dataclass(frozen=True)
class Settings:
    """How the server runs: its store, its limits, its token, its model."""

    db: Path
    token: str | None = None
    max_body: int = DEFAULT_MAX_BODY
    max_upload: int = DEFAULT_MAX_UPLOAD
    model: str | None = None
    #: Seconds one document may take (None: no limit).
    time_limit: float | None = DEFAULT_TIME_LIMIT


@dataclass
class IngestReport:
    """The answer to an upload: what ``accord ingest`` prints, as data."""

    filename: str
    read: int = 0
    stored: int = 0
    duplicates: int = 0
    refused: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)


class Service:
    """The store and the pipeline behind one app. Close it when the app stops."""

    def __init__(self, settings: Settings, *, pipeline: Pipeline | None = None) -> None:
        self.settings = settings
        self.store = Store(settings.db)
        self._pipeline = pipeline
        self._analysis = threading.Lock()
        self._ingesting = threading.Lock()

    def close(self) -> None:
        self.store.close()

    @property
    def pipeline(self) -> Pipeline:
        """The pipeline, loaded on first use (a second or two) and kept."""
        with self._analysis:
            if self._pipeline is None:
                self._pipeline = Pipeline(self.settings.model, time_limit=self.settings.time_limit)
            return self._pipeline

    def analyze(
        self,
        text: str | bytes,
        *,
        format: FormatChoice = "auto",
        suffix: str | None = None,
        **metadata: Any,
    ) -> Analysis:
        """One article's Analysis record (raises accord's input errors)."""
        pipeline = self.pipeline
        article = pipeline.prepare(text, format=format, suffix=suffix, **metadata)
        with self._analysis:
            return next(pipeline.process([article]))

    def ingest_upload(self, filename: str, data: bytes) -> IngestReport:
        """Analyse and store the articles of one uploaded file, as ``accord ingest``
        would read it from disk: by its suffix (JSON Lines, feed, HTML, text, ...).

        Bad records are reported by the client's file name and line, never by the
        server's temporary path. Raises :class:`BusyError` if an upload is running."""
        name = PurePath(filename.replace("\\", "/")).name or "upload.txt"
        suffix = PurePath(name).suffix.lower()
        if suffix not in _UPLOAD_SUFFIXES:
            suffix = ".txt"
        if not self._ingesting.acquire(blocking=False):
            raise BusyError("another upload is being ingested: try again when it is done.")
        report = IngestReport(filename=name)
        try:
            pipeline = self.pipeline
            with tempfile.TemporaryDirectory(prefix="accord-upload-") as tmp:
                path = Path(tmp) / f"upload{suffix}"
                path.write_bytes(data)

                def renamed() -> Iterator[Item | BadRecord]:
                    for item in read_sources([path], max_bytes=self.settings.max_upload):
                        yield replace(item, origin=item.origin.replace(str(path), name))

                def refused(bad: BadRecord) -> None:
                    if len(report.errors) < MAX_REPORTED:
                        report.errors.append({"origin": bad.origin, "message": bad.message})

                with self._analysis:
                    summary = ingest(
                        renamed(),
                        self.store,
                        pipeline,
                        commit_every=UPLOAD_COMMIT_EVERY,
                        on_bad=refused,
                    )
        finally:
            self._ingesting.release()
        report.read = summary.read
        report.stored = summary.stored
        report.duplicates = summary.duplicates
        report.refused = summary.refused
        return report
