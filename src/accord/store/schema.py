"""The corpus store's tables, and the migrations that bring an older file up to date.

The schema is versioned: ``schema_migrations`` lists every migration applied to the
file. Opening a store applies the missing ones in order, each in its own transaction,
so a file written by an older accord is upgraded in place and a newer one is refused.

Every analysed row carries ``pipeline``, the version of the pipeline that produced
it (``Analysis.pipeline["accord"]``), so that ``accord reprocess`` knows what is stale.
Offsets are character offsets into ``documents.text``, end exclusive.
"""

from __future__ import annotations

# Each migration is a list of statements; its number is its position, from 1.
MIGRATIONS: list[list[str]] = [
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

#: The schema version this accord writes.
SCHEMA_VERSION = len(MIGRATIONS)

#: The tables that hold one document's analysis, cleared together on reprocess.
ANALYSIS_TABLES = ("actors", "mentions", "events", "quotes", "framing")
