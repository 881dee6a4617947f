"""The Analysis record (schema_version 1) and its parts, as typed models.

These models are the one currency of accord: the pipeline turns a finished spaCy
``Doc`` into an :class:`Analysis`, the CLI prints it, the store (later) keeps it.
All offsets are Python ``str`` indices into :attr:`Analysis.text`, end exclusive.
Extra fields are allowed everywhere, so records written by newer versions still load.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = 1

ActorKind = Literal["state", "igo", "person", "organization", "group"]
Modality = Literal["asserted", "planned", "reported", "negated", "hypothetical"]
DatePrecision = Literal["day", "month", "year"]
QuoteKind = Literal["direct", "indirect"]
Technique = Literal[
    "Appeal_to_Authority",
    "Appeal_to_fear-prejudice",
    "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy",
    "Causal_Oversimplification",
    "Doubt",
    "Exaggeration,Minimisation",
    "Flag-Waving",
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Slogans",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
]


class _Record(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)


class Span(_Record):
    """A character range of the record's text."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before its start {self.start}")
        return self


class Mention(Span):
    """One place where an actor is named or referred to."""

    form: str | None = Field(
        default=None,
        description="how the actor is referred to: name, alias, demonym, capital, seat, "
        "title, surname, pronoun, description",
    )


class Document(_Record):
    id: str
    title: str | None = None
    published: dt.date | None = None
    source: str | None = None
    url: str | None = None
    language: Literal["en"] = "en"
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class Actor(_Record):
    id: str
    name: str
    code: str | None = Field(
        description="ISO3 for states, registry code for IGOs, "
        "affiliation + CAMEO sector for people and organisations"
    )
    kind: ActorKind
    country: str | None = None
    org: str | None = None
    role: str | None = None
    mentions: list[Mention]
    sector: str | None = Field(default=None, description="CAMEO agent code, e.g. GOV, MIL")
    gender: Literal["male", "female"] | None = None
    memberships: list[str] | None = Field(
        default=None, description="states: IGO codes they belong to at the publication date"
    )
    members: list[str] | None = Field(
        default=None, description="IGOs: ISO3 codes of their members at the publication date"
    )


class Place(Span):
    """A state, capital, seat, city or region named as a place ("the talks in Beijing",
    "shelling in Kharkiv"), not as an actor."""

    id: str
    name: str
    country: str | None = None


class Event(_Record):
    id: str
    source: str | None
    target: str | None
    code: str = Field(pattern=r"^[0-9]{2,4}$")
    root: str = Field(pattern=r"^[0-9]{2}$")
    label: str
    plover: str | None = None
    quad_class: int = Field(ge=0, le=4)
    goldstein: float = Field(ge=-10, le=10)
    modality: Modality
    date: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    date_precision: DatePrecision | None = None
    location: str | None = None
    trigger: Span
    sentence: Span
    confidence: float = Field(ge=0, le=1)


class Quote(_Record):
    id: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    kind: QuoteKind
    speaker: str | None
    speaker_mention: Span | None = None
    cue: Span | None = None


class FramingSpan(_Record):
    id: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    technique: Technique
    confidence: float = Field(ge=0, le=1)
    rationale: str


class Analysis(_Record):
    """One analysed article: the text and everything accord found in it."""

    schema_version: Literal[1] = 1
    document: Document
    text: str
    actors: list[Actor] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    framing: list[FramingSpan] = Field(default_factory=list)
    places: list[Place] = Field(
        default_factory=list,
        description="states, capitals, cities and regions named as places, not actors",
    )
    pipeline: dict[str, str] = Field(
        default_factory=dict, description="versions of the model, stages and data that made it"
    )

    def to_json(self, *, indent: int | None = 2) -> str:
        """The record as JSON text (UTF-8 safe, non-ASCII kept)."""
        return json.dumps(self.model_dump(mode="json"), ensure_ascii=False, indent=indent)

    def _repr_html_(self) -> str:
        """The article with its actors, events, quotes and framing marked in place
        (what Jupyter shows for a record); the text is escaped, never run."""
        from .report.html import article_html

        return article_html(self)

    def actor(self, actor_id: str) -> Actor:
        """The actor with this id (KeyError if there is none)."""
        for actor in self.actors:
            if actor.id == actor_id:
                return actor
        raise KeyError(actor_id)


def analysis_json_schema() -> dict[str, Any]:
    """The JSON Schema of the Analysis record, as shipped in docs/schema/."""
    schema = Analysis.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://accord.invalid/schema/analysis-v1.json"
    return schema


def pipeline_version(versions: dict[str, str]) -> str:
    """accord's version and a digest of every stage's version, as one string: stored with
    each row of the corpus store, compared by ``accord reprocess``."""
    digest = hashlib.sha256(json.dumps(versions, sort_keys=True).encode()).hexdigest()
    return f"{versions.get('accord', '?')}+{digest[:10]}"
