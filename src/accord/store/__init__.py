"""The corpus store: analysed articles in an embedded DuckDB file.

:class:`Store` opens (or creates and migrates) the file and writes batches of
Analysis records atomically; the queries and exports read it.
"""

from __future__ import annotations

from .store import Store, StoreError, default_path

__all__ = ["Store", "StoreError", "default_path"]
