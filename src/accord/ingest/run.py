"""Ingest: read, check, analyse and store many articles, streaming.

Items come from :func:`~accord.ingest.readers.read_sources` one at a time. Each is
checked and cleaned (:meth:`Pipeline.prepare`); one that fails is reported with its
origin and skipped. A document whose cleaned text is stored already, or is already on
its way in this run, is counted as a duplicate and not analysed again. The rest are
analysed by :meth:`Pipeline.outcomes` (in ``workers`` processes) and written to the
store ``commit_every`` records at a time, each batch in one transaction. A document
whose analysis fails (past the time limit, or a bug) is reported like a bad record
and the others go in.

Memory stays bounded whatever the corpus size: the readers are lazy, the pipeline
keeps a few batches in flight, and only the digests of documents not yet committed
are held. A run killed at any point leaves every committed batch in the store and
nothing of the batch it was writing; running the same command again stores the rest,
each document exactly once.
"""

from __future__ import annotations

import hashlib
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from ..errors import InputError
from ..pipeline import Failure, Pipeline
from ..records import Analysis
from ..store.store import Store
from ..text import Article
from .readers import BadRecord, Item

#: Records written per transaction.
COMMIT_EVERY = 64
#: Characters per analysis batch when the ingesting process analyses by itself
#: (``workers=1``). That process also holds the store (DuckDB's cache, the records
#: of a transaction, the near-duplicate hashing): batches three quarters of
#: :data:`~accord.pipeline.BATCH_CHARS` kept its peak where a process that only
#: analyses peaks (680 MB against 735 MB with full batches, for the same speed
#: within this machine's spread); half of it since the quote model grew and a memory
#: zone spans many batches (726 MB with three quarters, 480 articles).
ONE_PROCESS_BATCH_CHARS = 32_000


def _batch_chars(workers: int) -> int | None:
    return ONE_PROCESS_BATCH_CHARS if workers <= 1 else None


@dataclass
class IngestSummary:
    """What a run did; ``bad`` keeps the first messages, ``refused`` counts them all."""

    read: int = 0  # items read, good or bad
    stored: int = 0  # new documents stored
    duplicates: int = 0  # stored before, or repeated in the input
    refused: int = 0  # bad records skipped
    started: float = field(default_factory=time.monotonic)

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started

    @property
    def rate(self) -> float:
        """Documents analysed and stored per second."""
        return self.stored / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        return (
            f"{self.read} read, {self.stored} stored, {self.duplicates} already there, "
            f"{self.refused} refused ({self.seconds:.1f} s, {self.rate:.1f} documents/s)"
        )


BadHandler = Callable[[BadRecord], None]
ProgressHandler = Callable[[IngestSummary], None]


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def ingest(
    sources: Iterable[Item | BadRecord],
    store: Store,
    pipeline: Pipeline,
    *,
    workers: int = 1,
    batch_size: int = 16,
    commit_every: int = COMMIT_EVERY,
    on_bad: BadHandler | None = None,
    on_progress: ProgressHandler | None = None,
) -> IngestSummary:
    """Analyse and store every good item of ``sources``; report the bad ones."""
    summary = IngestSummary()
    origins: deque[str] = deque()  # of the articles sent to the pipeline, in order
    in_flight: set[str] = set()  # digests sent but not committed yet

    def refuse(bad: BadRecord) -> None:
        summary.refused += 1
        if on_bad is not None:
            on_bad(bad)

    def articles() -> Iterator[Article]:
        for item in sources:
            summary.read += 1
            if isinstance(item, BadRecord):
                refuse(item)
                continue
            try:
                article = _prepare(pipeline, item)
            except InputError as exc:
                refuse(BadRecord(item.origin, str(exc)))
                continue
            digest = sha256(article.text)
            if digest in in_flight or store.known([digest]):
                summary.duplicates += 1
                continue
            in_flight.add(digest)
            origins.append(item.origin)
            yield article

    batch: list[Analysis] = []
    batch_origins: list[str | None] = []

    def commit() -> None:
        summary.stored += store.add(batch, batch_origins)
        for rec in batch:
            in_flight.discard(rec.document.sha256 or "")
        batch.clear()
        batch_origins.clear()
        if on_progress is not None:
            on_progress(summary)

    analysed = pipeline.outcomes(
        articles(), batch_size=batch_size, n_process=workers, max_chars=_batch_chars(workers)
    )
    for outcome in analysed:
        origin = origins.popleft()
        if isinstance(outcome, Failure):  # past the time limit, or a bug: skip it
            in_flight.discard(sha256(outcome.article.text))
            refuse(BadRecord(origin, str(outcome.error)))
            continue
        batch.append(outcome)
        batch_origins.append(origin)
        if len(batch) >= commit_every:
            commit()
    if batch:
        commit()
    elif on_progress is not None:
        on_progress(summary)
    return summary


def _prepare(pipeline: Pipeline, item: Item) -> Article:
    return pipeline.prepare(
        item.raw,
        format=item.format,
        suffix=item.suffix,
        title=item.title,
        published=item.published,
        source=item.source,
        url=item.url,
    )


@dataclass
class ReprocessSummary:
    analysed: int = 0
    failed: int = 0  # kept their old analysis: past the time limit, or a bug
    started: float = field(default_factory=time.monotonic)

    def line(self) -> str:
        seconds = time.monotonic() - self.started
        failed = f", {self.failed} failed and kept their old analysis" if self.failed else ""
        return f"{self.analysed} documents analysed again{failed} ({seconds:.1f} s)"


def reprocess(
    store: Store,
    pipeline: Pipeline,
    *,
    everything: bool = False,
    workers: int = 1,
    batch_size: int = 16,
    commit_every: int = COMMIT_EVERY,
    on_progress: Callable[[ReprocessSummary], None] | None = None,
    on_bad: BadHandler | None = None,
) -> ReprocessSummary:
    """Analyse stored documents again with ``pipeline``: those another pipeline
    version analysed (all of them with ``everything``). Each batch of new analyses
    replaces the old ones in one transaction, so a run killed half-way resumes where
    it stopped when run again."""
    summary = ReprocessSummary()
    # the worklist is read first (ids only): the store is rewritten while we go
    ids = store.document_ids(stale=None if everything else pipeline.version)

    def todo() -> Iterator[Article]:
        for doc_id in ids:
            d = store.document(doc_id)
            if d is not None:
                yield Article(
                    text=d.text, title=d.title, published=d.published, source=d.source, url=d.url
                )

    batch: list[Analysis] = []
    analysed = pipeline.outcomes(
        todo(), batch_size=batch_size, n_process=workers, max_chars=_batch_chars(workers)
    )
    for outcome in analysed:
        if isinstance(outcome, Failure):
            summary.failed += 1
            if on_bad is not None:
                on_bad(BadRecord(sha256(outcome.article.text)[:16], str(outcome.error)))
            continue
        batch.append(outcome)
        if len(batch) >= commit_every:
            summary.analysed += store.replace(batch)
            batch.clear()
            if on_progress is not None:
                on_progress(summary)
    if batch:
        summary.analysed += store.replace(batch)
    return summary
