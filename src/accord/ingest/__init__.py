"""Corpus ingestion: many articles from files, folders, JSON Lines, feeds and stdin.

:func:`read_sources` turns the paths given to ``accord ingest`` into a lazy stream
of :class:`Item` (one article each, not yet decoded) and :class:`BadRecord`
(an input that was skipped, and why).
"""

from __future__ import annotations

from .readers import BadRecord, Fields, Item, read_sources

__all__ = ["BadRecord", "Fields", "Item", "read_sources"]
