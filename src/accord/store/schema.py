"""The corpus store's tables, and the migrations that bring an older file up to date.

The schema is versioned: ``schema_migrations`` lists every migration applied to the
file. Opening a store applies the missing ones in order, each in its own transaction,
so a file written by an older accord is upgraded in place and a newer one is refused.

Every analysed row carries ``pipeline``, the version of the pipeline that produced
it (``Analysis.pipeline["accord"]``), so that ``accord reprocess`` knows what is stale.
Offsets are character offsets into ``documents.text``, end exclusive.

Indexes (DuckDB's ART) are kept to the two that guard a document's identity,
``documents.doc_id`` and ``documents.sha256``: an ART index cannot leave memory, so
every indexed row costs resident memory for as long as the store is open, and a long
ingest would grow without end. The analysis tables are written only by
:class:`~accord.store.Store`, whole documents at a time in one transaction, so their
keys are unique by construction; their queries scan columns, which DuckDB's min-max
zone maps serve well (migration 2 dropped the indexes of migration 1).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import duckdb
import pyarrow as pa

from . import dedup

#: A migration step: a statement, or a function that runs on the open connection.
Step = str | Callable[[duckdb.DuckDBPyConnection], None]

# Each migration is a list of steps; its number is its position, from 1.
MIGRATIONS: list[list[Step]] = [
    [
        """
        CREATE TABLE documents (
            doc_id      VARCHAR PRIMARY KEY,   -- first 16 hex digits of sha256
            sha256      VARCHAR NOT NULL UNIQUE,  -- of the cleaned text: the identity
            title       VARCHAR,
            published   DATE,
            source      VARCHAR,
            url         VARCHAR,
            origin      VARCHAR,               -- the file (and line) it was read from
            text        VARCHAR NOT NULL,
            n_chars     INTEGER NOT NULL,
            story_id    VARCHAR NOT NULL,      -- near-duplicates share their story
            pipeline    VARCHAR NOT NULL,
            versions    JSON NOT NULL,         -- every stage's version
            record      JSON NOT NULL,         -- the whole Analysis record
            ingested    TIMESTAMP NOT NULL DEFAULT current_timestamp
        )
        """,
        """
        CREATE TABLE actors (
            doc_id      VARCHAR NOT NULL,
            actor_id    VARCHAR NOT NULL,
            name        VARCHAR NOT NULL,
            code        VARCHAR,
            kind        VARCHAR NOT NULL,
            country     VARCHAR,
            org         VARCHAR,
            role        VARCHAR,
            sector      VARCHAR,
            memberships VARCHAR[],
            n_mentions  INTEGER NOT NULL,
            pipeline    VARCHAR NOT NULL,
            PRIMARY KEY (doc_id, actor_id)
        )
        """,
        """
        CREATE TABLE mentions (
            doc_id      VARCHAR NOT NULL,
            actor_id    VARCHAR NOT NULL,
            start       INTEGER NOT NULL,
            "end"       INTEGER NOT NULL,
            form        VARCHAR,
            pipeline    VARCHAR NOT NULL
        )
        """,
        """
        CREATE TABLE events (
            doc_id          VARCHAR NOT NULL,
            event_id        VARCHAR NOT NULL,
            story_id        VARCHAR NOT NULL,
            source_actor    VARCHAR,
            target_actor    VARCHAR,
            source_code     VARCHAR,          -- the actor's code (ISO3, alliance, ...)
            target_code     VARCHAR,
            source_name     VARCHAR,
            target_name     VARCHAR,
            code            VARCHAR NOT NULL,  -- CAMEO
            root            VARCHAR NOT NULL,
            label           VARCHAR NOT NULL,
            plover          VARCHAR,
            quad_class      INTEGER NOT NULL,
            goldstein       DOUBLE NOT NULL,
            modality        VARCHAR NOT NULL,
            date            VARCHAR,          -- as resolved: YYYY, YYYY-MM or YYYY-MM-DD
            date_precision  VARCHAR,
            day             DATE,             -- the event's date, else publication date
            location        VARCHAR,
            trigger_start   INTEGER NOT NULL,
            trigger_end     INTEGER NOT NULL,
            sentence_start  INTEGER NOT NULL,
            sentence_end    INTEGER NOT NULL,
            confidence      DOUBLE NOT NULL,
            pipeline        VARCHAR NOT NULL,
            PRIMARY KEY (doc_id, event_id)
        )
        """,
        """
        CREATE TABLE quotes (
            doc_id          VARCHAR NOT NULL,
            quote_id        VARCHAR NOT NULL,
            start           INTEGER NOT NULL,
            "end"           INTEGER NOT NULL,
            kind            VARCHAR NOT NULL,
            speaker         VARCHAR,
            speaker_code    VARCHAR,
            speaker_name    VARCHAR,
            speaker_start   INTEGER,
            speaker_end     INTEGER,
            cue_start       INTEGER,
            cue_end         INTEGER,
            pipeline        VARCHAR NOT NULL,
            PRIMARY KEY (doc_id, quote_id)
        )
        """,
        """
        CREATE TABLE framing (
            doc_id      VARCHAR NOT NULL,
            span_id     VARCHAR NOT NULL,
            start       INTEGER NOT NULL,
            "end"       INTEGER NOT NULL,
            technique   VARCHAR NOT NULL,
            confidence  DOUBLE NOT NULL,
            rationale   VARCHAR NOT NULL,
            pipeline    VARCHAR NOT NULL,
            PRIMARY KEY (doc_id, span_id)
        )
        """,
        """
        CREATE TABLE signatures (
            doc_id      VARCHAR PRIMARY KEY,
            minhash     UBIGINT[] NOT NULL    -- for near-duplicate search on reopen
        )
        """,
        "CREATE INDEX events_day ON events (day)",
        "CREATE INDEX events_dyad ON events (source_code, target_code)",
        "CREATE INDEX documents_story ON documents (story_id)",
    ],
]


def _band_keys_of_stored_signatures(con: duckdb.DuckDBPyConnection) -> None:
    """Fill ``story_bands`` from the signatures stored before it existed."""
    cursor = con.cursor()
    try:
        cursor.execute("SELECT doc_id, minhash FROM signatures ORDER BY doc_id")
        while rows := cursor.fetchmany(1000):
            keys = [dedup.band_keys(dedup.from_values(values)) for _, values in rows]
            insert_rows(con, "story_bands", band_rows([r[0] for r in rows], keys))
    finally:
        cursor.close()


def band_rows(doc_ids: list[str], keys: list[list[int]]) -> list[list[object]]:
    """``story_bands`` rows (band, key, doc_id) of documents and their band keys."""
    return [[b, k, d] for d, ks in zip(doc_ids, keys, strict=True) for b, k in enumerate(ks)]


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[list[object]]) -> None:
    """Insert rows (in the table's column order) as one Arrow batch: DuckDB takes a
    column batch far faster than statement after statement."""
    if not rows:
        return
    columns = {f"c{i}": pa.array(list(values)) for i, values in enumerate(zip(*rows, strict=True))}
    con.from_arrow(pa.table(columns)).insert_into(table)


def _without_keys(table: str) -> list[Step]:
    """Steps that rebuild ``table`` as migration 1 made it, less its primary key."""
    ddl = next(s for s in MIGRATIONS[0] if isinstance(s, str) and f"TABLE {table} (" in s)
    ddl = re.sub(r",\s*PRIMARY KEY \([^)]*\)", "", ddl).replace(" PRIMARY KEY,", " NOT NULL,")
    return [
        f"ALTER TABLE {table} RENAME TO {table}_v1",
        ddl,
        f"INSERT INTO {table} SELECT * FROM {table}_v1",
        f"DROP TABLE {table}_v1",
    ]


MIGRATIONS.append(
    [
        "DROP INDEX events_day",
        "DROP INDEX events_dyad",
        "DROP INDEX documents_story",
        *(
            step
            for t in ("actors", "events", "quotes", "framing", "signatures")
            for step in _without_keys(t)
        ),
        """
        CREATE TABLE story_bands (
            band        UTINYINT NOT NULL,
            key         BIGINT NOT NULL,       -- dedup.band_keys: one per band
            doc_id      VARCHAR NOT NULL
        )
        """,
        _band_keys_of_stored_signatures,
    ]
)

#: The schema version this accord writes.
SCHEMA_VERSION = len(MIGRATIONS)

#: The tables that hold one document's analysis, cleared together on reprocess.
ANALYSIS_TABLES = ("actors", "mentions", "events", "quotes", "framing")
