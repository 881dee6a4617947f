"""Helpers for actor tests: compact views of a record's actors."""

from __future__ import annotations

from accord import Analysis


def mentions_by_code(rec: Analysis) -> dict[str | None, list[str]]:
    """code -> the mention texts of the actors with that code, in order."""
    out: dict[str | None, list[str]] = {}
    for actor in rec.actors:
        out.setdefault(actor.code, []).extend(rec.text[m.start : m.end] for m in actor.mentions)
    return out


def actor_named(rec: Analysis, name: str) -> dict[str, object]:
    for actor in rec.actors:
        if actor.name == name:
            return actor.model_dump()
    raise AssertionError(f"no actor named {name!r} in {[a.name for a in rec.actors]}")
