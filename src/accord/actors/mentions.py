"""What recognition hands to resolution: mentions, titles, affiliations, places.

Token indices throughout; end is exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

MentionKind = Literal[
    "state",
    "igo",
    "igo_seat",
    "org",
    "named_org",
    "person",
    "person_org",
    "anon_person",
    "description",
    "igo_description",
    "pronoun",
    "people",
]


@dataclass
class Affiliation:
    """A state, IGO or seat of power that a title or noun belongs to."""

    kind: Literal["state", "igo", "seat", "named_org"]
    code: str  # a state or IGO code ("" for a named group without a state)
    start: int
    end: int
    sector: str = ""
    org: str = ""  # named organisations of an IGO
    name: str = ""  # named organisations


@dataclass
class Title:
    """A person's title as written: "former US Defense Secretary"."""

    role: str  # lower-case lexicon title
    text: str  # as written, without the affiliation
    sector: str
    head: str
    former: bool
    start: int
    end: int
    affiliation: Affiliation | None = None


@dataclass(frozen=True)
class PlaceMention:
    """A state, capital, seat, city or region named as the place where something happens."""

    start: int
    end: int
    country: str | None


@dataclass
class RawMention:
    kind: MentionKind
    start: int
    end: int
    form: str
    code: str = ""  # state or IGO code; the affiliation for orgs and people
    sector: str = ""
    org: str = ""
    name: str = ""  # people: the name as written
    title: Title | None = None
    gender: str | None = None
    candidates: tuple[str, ...] = ()
    kb_full: bool = False  # people: the KB matched the full name, not a bare alias
    subject: bool = False  # the mention is the subject of its clause
    extra: dict[str, str] = field(default_factory=dict)
