"""The corpus store: an embedded DuckDB file of documents and their analyses.

``Store(path)`` opens (or creates) the file and brings its schema up to date. A
batch of Analysis records goes in with :meth:`Store.add` in one transaction: either
every new document of the batch is stored with all its rows, or none is (a process
killed mid-batch leaves the file as it was before the batch). A document already
stored (same cleaned text, same sha256) is skipped, so ingesting the same input twice
changes nothing.

DuckDB allows one writing process per file: the server and a CLI ingest cannot both
write the same store at once (the second one gets a clear error).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb

from ..errors import AccordError
from ..records import Analysis, pipeline_version
from . import dedup
from .schema import ANALYSIS_TABLES, MIGRATIONS, SCHEMA_VERSION, band_rows, insert_rows

DEFAULT_DB = "accord.duckdb"

#: DuckDB cache (MB) beside the indexes for the commands that write a long run
#: (ingest, reprocess, load): writing needs little of it, and a bounded cache keeps
#: their memory flat.
WRITE_CACHE_MB = 64


class StoreError(AccordError):
    """The store cannot be opened or written (locked, newer schema, not a store)."""

    code = "A400"


def default_path() -> Path:
    """``$ACCORD_DB``, else ``./accord.duckdb``."""
    return Path(os.environ.get("ACCORD_DB") or DEFAULT_DB)


@dataclass(frozen=True)
class StoredDocument:
    """A stored document's text and metadata (what reprocessing needs)."""

    doc_id: str
    text: str
    title: str | None
    published: dt.date | None
    source: str | None
    url: str | None
    origin: str | None
    pipeline: str


class Store:
    """An open corpus store. Use it as a context manager, or call :meth:`close`."""

    def __init__(
        self, path: str | Path | None = None, *, read_only: bool = False, cache: int | None = None
    ) -> None:
        """Open the store at ``path``. ``cache`` (MB) bounds DuckDB's buffer cache
        beyond the indexes, which must stay in memory: without it DuckDB keeps what it
        read or wrote up to 80% of the machine's memory, and a long ingest grows."""
        self.path = Path(path) if path is not None else default_path()
        self.cache = cache
        try:
            if read_only and not self.path.exists():
                raise StoreError(f"{self.path}: no such store.")
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: cannot open the store: {first_line(exc)}") from exc
        if read_only:
            self._check_version()
        else:
            self._migrate()
        self._bound_memory()

    # -- lifecycle ------------------------------------------------------------------
    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _applied(self) -> int:
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, applied TIMESTAMP DEFAULT current_timestamp)"
        )
        row = self.con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()
        return int(row[0]) if row else 0

    def _migrate(self) -> None:
        applied = self._applied()
        if applied > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: schema version {applied} is newer than this accord "
                f"({SCHEMA_VERSION}); upgrade accord."
            )
        for version in range(applied + 1, SCHEMA_VERSION + 1):
            self.con.execute("BEGIN TRANSACTION")
            try:
                for step in MIGRATIONS[version - 1]:
                    if isinstance(step, str):
                        self.con.execute(step)
                    else:
                        step(self.con)
                self.con.execute("INSERT INTO schema_migrations (version) VALUES (?)", [version])
                self.con.execute("COMMIT")
            except duckdb.Error:
                self.con.execute("ROLLBACK")
                raise

    def _check_version(self) -> None:
        try:
            row = self.con.execute("SELECT max(version) FROM schema_migrations").fetchone()
        except duckdb.CatalogException as exc:
            raise StoreError(f"{self.path}: not an accord store.") from exc
        if not row or row[0] != SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: schema version {row[0] if row else None}, this accord reads "
                f"{SCHEMA_VERSION}; open it once for writing to migrate it."
            )

    @property
    def schema_version(self) -> int:
        row = self.con.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    # -- reading ----------------------------------------------------------------------
    def known(self, shas: Iterable[str]) -> set[str]:
        """Which of these sha256 digests are stored already."""
        wanted = list(dict.fromkeys(shas))
        if not wanted:
            return set()
        rows = self._read("SELECT sha256 FROM documents WHERE sha256 IN (SELECT unnest(?))", wanted)
        return {r[0] for r in rows}

    def count(self, table: str = "documents") -> int:
        if table not in (
            "documents",
            "schema_migrations",
            "signatures",
            "story_bands",
            *ANALYSIS_TABLES,
        ):
            raise StoreError(f"no table {table!r}")
        rows = self._read(f'SELECT count(*) FROM "{table}"')
        return int(rows[0][0]) if rows else 0

    def record(self, doc_id: str) -> Analysis | None:
        """The stored Analysis record of one document."""
        rows = self._read("SELECT record FROM documents WHERE doc_id = ?", doc_id)
        return Analysis.model_validate_json(rows[0][0]) if rows else None

    def records(self, *, batch: int = 500) -> Iterator[Analysis]:
        """Every stored record, in ingest order, a batch of rows at a time."""
        for rows in self._batches("SELECT record FROM documents ORDER BY ingested, doc_id", batch):
            for row in rows:
                yield Analysis.model_validate_json(row[0])

    def document_ids(self, *, stale: str | None = None) -> list[str]:
        """Ids of the stored documents, all or (``stale=VERSION``) those another pipeline
        version analysed, in ingest order."""
        query = "SELECT doc_id FROM documents"
        params: list[Any] = []
        if stale is not None:
            query += " WHERE pipeline <> ?"
            params.append(stale)
        return [r[0] for r in self._read(query + " ORDER BY ingested, doc_id", *params)]

    def document(self, doc_id: str) -> StoredDocument | None:
        """One stored document's text and metadata."""
        rows = self._read(
            "SELECT doc_id, text, title, published, source, url, origin, pipeline "
            "FROM documents WHERE doc_id = ?",
            doc_id,
        )
        return StoredDocument(*rows[0]) if rows else None

    def _read(self, query: str, *params: Any) -> list[tuple[Any, ...]]:
        """The rows of a short read, on a cursor of its own: reads through cursors are
        safe from several threads at once (the API server's), the connection is not."""
        cursor = self.con.cursor()
        try:
            return cursor.execute(query, list(params)).fetchall()
        finally:
            cursor.close()

    def _batches(
        self, query: str, size: int, params: Sequence[Any] = ()
    ) -> Iterator[list[tuple[Any, ...]]]:
        cursor = self.con.cursor()  # its own cursor: the caller may write meanwhile
        try:
            cursor.execute(query, list(params))
            while rows := cursor.fetchmany(size):
                yield rows
        finally:
            cursor.close()

    # -- writing ----------------------------------------------------------------------
    def add(self, records: Sequence[Analysis], origins: Sequence[str | None] = ()) -> int:
        """Store the records not stored yet, in one transaction; return how many."""
        origins = list(origins) or [None] * len(records)
        if len(origins) != len(records):
            raise ValueError("one origin per record")
        known = self.known(r.document.sha256 or "" for r in records)
        fresh: list[tuple[Analysis, str | None]] = []
        seen: set[str] = set()
        for rec, origin in zip(records, origins, strict=True):
            sha = rec.document.sha256 or ""
            if sha in known or sha in seen:
                continue
            seen.add(sha)
            fresh.append((rec, origin))
        if not fresh:
            return 0
        ids = [rec.document.id for rec, _ in fresh]
        sigs = [dedup.signature(rec.text) for rec, _ in fresh]
        self.con.execute("BEGIN TRANSACTION")
        try:
            insert_rows(self.con, "story_bands", band_rows(ids, [dedup.band_keys(s) for s in sigs]))
            insert_rows(
                self.con,
                "signatures",
                [[i, s.hashvalues.tolist()] for i, s in zip(ids, sigs, strict=True)],
            )
            story = dedup.stories(ids, self._near(ids))
            done: list[tuple[Analysis, str]] = []
            for rec, origin in fresh:
                self._insert_document(rec, origin, story[rec.document.id])
                done.append((rec, story[rec.document.id]))
            self._insert_analyses(done)
            self.con.execute("COMMIT")
        except BaseException as exc:
            self.con.execute("ROLLBACK")
            if isinstance(exc, duckdb.OutOfMemoryException):
                raise StoreError(
                    f"{self.path}: the batch did not fit in the store's memory "
                    f"({self.cache} MB of cache); give it more (--db-cache)."
                ) from exc
            raise
        self._bound_memory()
        return len(fresh)

    def replace(self, records: Sequence[Analysis]) -> int:
        """Replace the analyses of stored documents (``accord reprocess``), in one
        transaction. The text, hence the identity and the story, stays the same."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            done: list[tuple[Analysis, str]] = []
            for rec in records:
                row = self.con.execute(
                    "SELECT story_id FROM documents WHERE doc_id = ?", [rec.document.id]
                ).fetchone()
                if row is None:
                    continue
                for table in ANALYSIS_TABLES:
                    self.con.execute(f"DELETE FROM {table} WHERE doc_id = ?", [rec.document.id])
                self.con.execute(
                    "UPDATE documents SET pipeline = ?, versions = ?, record = ? WHERE doc_id = ?",
                    [
                        _version(rec),
                        json.dumps(rec.pipeline),
                        rec.model_dump_json(),
                        rec.document.id,
                    ],
                )
                done.append((rec, row[0]))
            self._insert_analyses(done)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return len(done)

    def _near(self, ids: list[str]) -> dict[str, list[dedup.Candidate]]:
        """The documents that share a band key with each of ``ids`` (written in this
        transaction): stored ones with their story and ingest time, new ones bare."""
        rows = self.con.execute(
            "SELECT DISTINCT n.doc_id, o.doc_id, d.story_id, d.ingested "
            "FROM story_bands n JOIN story_bands o "
            "ON o.band = n.band AND o.key = n.key AND o.doc_id <> n.doc_id "
            "LEFT JOIN documents d ON d.doc_id = o.doc_id "
            "WHERE n.doc_id IN (SELECT unnest(?))",
            [ids],
        ).fetchall()
        near: dict[str, list[dedup.Candidate]] = {}
        for doc, other, story, ingested in rows:
            near.setdefault(doc, []).append((other, story, ingested))
        return near

    def _bound_memory(self) -> None:
        """Keep DuckDB's memory limit at the indexes' size plus ``cache`` MB."""
        if self.cache is None:
            return
        row = self.con.execute(
            "SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory() "
            "WHERE tag = 'ART_INDEX'"
        ).fetchone()
        indexes = int(row[0]) if row else 0
        self.con.execute(f"SET memory_limit = '{indexes // 2**20 + self.cache}MiB'")

    def _insert_document(self, rec: Analysis, origin: str | None, story: str) -> None:
        d = rec.document
        self.con.execute(
            "INSERT INTO documents (doc_id, sha256, title, published, source, url, origin, "
            "text, n_chars, story_id, pipeline, versions, record) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                d.id,
                d.sha256,
                d.title,
                d.published,
                d.source,
                d.url,
                origin,
                rec.text,
                len(rec.text),
                story,
                _version(rec),
                json.dumps(rec.pipeline),
                rec.model_dump_json(),
            ],
        )

    def _insert_analyses(self, done: Sequence[tuple[Analysis, str]]) -> None:
        """Insert the analysis rows of many records, one Arrow batch per table:
        DuckDB takes a column batch far faster than statement after statement."""
        tables: dict[str, list[list[Any]]] = {t: [] for t in ANALYSIS_TABLES}
        for rec, story in done:
            for table, rows in _analysis_rows(rec, story).items():
                tables[table] += rows
        for table, rows in tables.items():
            insert_rows(self.con, table, rows)


def _analysis_rows(rec: Analysis, story: str) -> dict[str, list[list[Any]]]:
    """The rows of one record's analysis, by table, in the tables' column order."""
    doc_id = rec.document.id
    version = _version(rec)
    actors = {a.id: a for a in rec.actors}
    rows: dict[str, list[list[Any]]] = {}
    if rec.actors:
        rows["actors"] = [
            [
                doc_id,
                a.id,
                a.name,
                a.code,
                a.kind,
                a.country,
                a.org,
                a.role,
                a.sector,
                a.memberships,
                len(a.mentions),
                version,
            ]
            for a in rec.actors
        ]
        rows["mentions"] = [
            [doc_id, a.id, m.start, m.end, m.form, version] for a in rec.actors for m in a.mentions
        ]
    if rec.events:
        rows["events"] = []
        for e in rec.events:
            src = actors.get(e.source) if e.source else None
            tgt = actors.get(e.target) if e.target else None
            rows["events"].append(
                [
                    doc_id,
                    e.id,
                    story,
                    e.source,
                    e.target,
                    src.code if src else None,
                    tgt.code if tgt else None,
                    src.name if src else None,
                    tgt.name if tgt else None,
                    e.code,
                    e.root,
                    e.label,
                    e.plover,
                    e.quad_class,
                    e.goldstein,
                    e.modality,
                    e.date,
                    e.date_precision,
                    _day(e.date) or rec.document.published,
                    e.location,
                    e.trigger.start,
                    e.trigger.end,
                    e.sentence.start,
                    e.sentence.end,
                    e.confidence,
                    version,
                ]
            )
    if rec.quotes:
        rows["quotes"] = []
        for q in rec.quotes:
            who = actors.get(q.speaker) if q.speaker else None
            rows["quotes"].append(
                [
                    doc_id,
                    q.id,
                    q.start,
                    q.end,
                    q.kind,
                    q.speaker,
                    who.code if who else None,
                    who.name if who else None,
                    q.speaker_mention.start if q.speaker_mention else None,
                    q.speaker_mention.end if q.speaker_mention else None,
                    q.cue.start if q.cue else None,
                    q.cue.end if q.cue else None,
                    version,
                ]
            )
    if rec.framing:
        rows["framing"] = [
            [doc_id, f.id, f.start, f.end, f.technique, f.confidence, f.rationale, version]
            for f in rec.framing
        ]
    return rows


def _version(rec: Analysis) -> str:
    return pipeline_version(rec.pipeline)


def _day(date: str | None) -> dt.date | None:
    """The first day a resolved date can mean ("2024-07" is July 1st)."""
    if not date:
        return None
    parts = [int(p) for p in date.split("-")]
    while len(parts) < 3:
        parts.append(1)
    try:
        return dt.date(*parts)
    except ValueError:
        return None


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (DuckDB's errors run to several)."""
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
