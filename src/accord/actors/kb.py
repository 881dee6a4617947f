"""The actor knowledge base: states, IGOs, officeholders, roles, as validated data.

The files live in ``accord/actors/kb/`` and are described in ``docs/knowledge-base.md``.
They are loaded once, validated on load (codes exist, dates parse and are ordered,
no surface form points two ways) and can be extended with a user's own YAML files,
which use the same sections as the bundled ones.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..cache import cache_key, cached
from ..errors import KnowledgeBaseError

Gender = Literal["male", "female"]


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Seat(_Entry):
    name: str
    sector: str


class StateEntry(_Entry):
    code: str = Field(pattern=r"^[A-Z]{3}$")
    name: str
    un_status: Literal["member", "observer", "none"] = "none"
    aliases: list[str] = Field(default_factory=list)
    ambiguous: list[str] = Field(default_factory=list)
    demonyms: list[str] = Field(default_factory=list)
    capitals: list[str] = Field(default_factory=list)
    seats: list[Seat] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=list)


class PlaceEntry(_Entry):
    """A geographic name: blocks the state names inside it ("Latin America") and, with
    a country, is reported as a place in that state ("Kharkiv": UKR)."""

    name: str
    kind: str
    country: str | None = None


def _check_dates(start: dt.date | None, end: dt.date | None, what: str) -> None:
    if start and end and end < start:
        raise ValueError(f"{what}: end {end} is before start {start}")


class Membership(_Entry):
    state: str
    joined: dt.date | None = None
    left: dt.date | None = None
    status: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Membership:
        _check_dates(self.joined, self.left, f"membership of {self.state}")
        return self

    def active(self, on: dt.date | None) -> bool:
        if on is None:
            return self.left is None
        return (self.joined is None or self.joined <= on) and (self.left is None or on < self.left)


class IgoMembership(_Entry):
    igo: str
    joined: dt.date | None = None
    left: dt.date | None = None
    status: str | None = None


class IgoEntry(_Entry):
    code: str = Field(pattern=r"^[A-Z][A-Z0-9]{1,11}$")
    name: str
    kind: str
    aliases: list[str] = Field(default_factory=list)
    nouns: list[str] = Field(default_factory=list)
    seats: list[str] = Field(default_factory=list)
    parent: str | None = None
    members: list[Membership] = Field(default_factory=list)
    partners: list[Membership] = Field(default_factory=list)
    member_igos: list[IgoMembership] = Field(default_factory=list)
    partner_igos: list[IgoMembership] = Field(default_factory=list)
    open_membership: bool = False

    def members_on(self, on: dt.date | None) -> list[str]:
        return sorted({m.state for m in self.members if m.active(on)})


class OrgEntry(_Entry):
    """A named organisation of a state or IGO, or a named non-state group."""

    name: str
    aliases: list[str] = Field(default_factory=list)
    kind: Literal["organization", "group"] = "organization"
    country: str | None = None
    org: str | None = None
    sector: str


class Term(_Entry):
    role: str
    country: str | None = None
    org: str | None = None
    sector: str | None = None
    head: Literal["state", "government"] | None = None
    start: dt.date | None = None
    end: dt.date | None = None

    @model_validator(mode="after")
    def _valid(self) -> Term:
        if (self.country is None) == (self.org is None):
            raise ValueError(f"term {self.role!r} needs exactly one of country or org")
        _check_dates(self.start, self.end, f"term {self.role!r}")
        return self

    def covers(self, on: dt.date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


class PersonEntry(_Entry):
    name: str
    aliases: list[str] = Field(default_factory=list)
    gender: Gender | None = None
    nationality: str | None = None
    terms: list[Term] = Field(default_factory=list)


class RoleEntry(_Entry):
    title: str
    sector: str
    head: Literal["state", "government"] | None = None
    needs_name: bool = False


class NounEntry(_Entry):
    noun: str
    sector: str


class PeopleEntry(_Entry):
    """An ethnic, national or religious community ("Kurds") and the nouns naming it."""

    name: str
    forms: list[str] = Field(min_length=1)


class Modifier(_Entry):
    word: str
    effect: Literal["former", "deputy", "acting"]


class SectorInfo(_Entry):
    label: str
    description: str = ""


class PronounEntry(_Entry):
    form: str
    gender: Literal["male", "female", "neuter"] | None = None
    number: Literal["singular", "plural"] | None = None
    person_only: bool = False
    case: str | None = None


class GenderCue(_Entry):
    form: str | None = None
    word: str | None = None
    gender: Gender | None = None


@dataclass
class KnowledgeBase:
    """Everything the actor layer knows before it reads a text."""

    states: dict[str, StateEntry] = field(default_factory=dict)
    igos: dict[str, IgoEntry] = field(default_factory=dict)
    places: list[PlaceEntry] = field(default_factory=list)
    people: dict[str, PersonEntry] = field(default_factory=dict)
    organizations: dict[str, OrgEntry] = field(default_factory=dict)
    sectors: dict[str, SectorInfo] = field(default_factory=dict)
    roles: list[RoleEntry] = field(default_factory=list)
    nouns: list[NounEntry] = field(default_factory=list)
    peoples: list[PeopleEntry] = field(default_factory=list)
    modifiers: list[Modifier] = field(default_factory=list)
    pronouns: list[PronounEntry] = field(default_factory=list)
    honorifics: list[GenderCue] = field(default_factory=list)
    gendered_roles: list[GenderCue] = field(default_factory=list)
    given_names: dict[str, Gender] = field(default_factory=dict)
    version: str = ""

    def memberships_on(self, state: str, on: dt.date | None) -> list[str]:
        """Codes of the IGOs the state belongs to on a date (today's lists if None)."""
        return sorted(
            code
            for code, igo in self.igos.items()
            if any(m.state == state and m.active(on) for m in igo.members)
        )

    def sector_label(self, sector: str) -> str:
        info = self.sectors.get(sector)
        return info.label if info else sector.lower()


_SECTIONS = (
    "states",
    "igos",
    "places",
    "people",
    "organizations",
    "sectors",
    "roles",
    "nouns",
    "peoples",
    "modifiers",
    "pronouns",
    "honorifics",
    "gendered_roles",
)


def _read_yaml(path: Path | Any) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeBaseError(f"Cannot read knowledge-base file {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise KnowledgeBaseError(f"{path}: expected a mapping with sections {', '.join(_SECTIONS)}")
    unknown = set(data) - set(_SECTIONS) - {"version", "as_of", "guidelines"}
    if unknown:
        raise KnowledgeBaseError(f"{path}: unknown section(s) {', '.join(sorted(unknown))}")
    return data


def _bundled_files() -> list[Any]:
    root = resources.files("accord.actors") / "kb"
    names = (
        "states",
        "places",
        "igos",
        "organizations",
        "organizations_history",
        "sectors",
        "peoples",
        "pronouns",
    )
    files = [root / f"{name}.yaml" for name in names]
    officeholders = root / "officeholders"
    files.extend(
        sorted(
            (p for p in officeholders.iterdir() if p.name.endswith(".yaml")), key=lambda p: p.name
        )
    )
    return files


class _Builder:
    """Accumulates sections from several files, merging entries that share a key."""

    def __init__(self) -> None:
        self.kb = KnowledgeBase()
        self.digest = hashlib.sha256()
        self._person_names: dict[str, str] = {}

    def add_file(self, path: Path | Any) -> None:
        data = _read_yaml(path)
        self.digest.update(path.read_bytes())
        try:
            self._add(data)
        except ValidationError as exc:
            raise KnowledgeBaseError(f"{path}: {_first_error(exc)}") from exc

    def _add(self, data: dict[str, Any]) -> None:
        kb = self.kb
        for raw in data.get("states") or []:
            _merge_into(kb.states, StateEntry.model_validate(raw), "code")
        for raw in data.get("igos") or []:
            _merge_into(kb.igos, IgoEntry.model_validate(raw), "code")
        for raw in data.get("people") or []:
            person = PersonEntry.model_validate(raw)
            key = person_key(person.name)
            existing = self._person_names.setdefault(key, person.name)
            if existing != person.name:  # same person, other spelling: keep the first
                person = person.model_copy(
                    update={"name": existing, "aliases": [*person.aliases, person.name]}
                )
            _merge_into(kb.people, person, "name")
        for raw in data.get("organizations") or []:
            _merge_into(kb.organizations, OrgEntry.model_validate(raw), "name")
        places = [PlaceEntry.model_validate(r) for r in data.get("places") or []]
        names = {p.name for p in places}  # a later file's entry replaces an earlier one
        kb.places = [p for p in kb.places if p.name not in names] + places
        for key, raw in (data.get("sectors") or {}).items():
            kb.sectors[str(key)] = SectorInfo.model_validate(raw)
        kb.roles += [RoleEntry.model_validate(r) for r in data.get("roles") or []]
        kb.nouns += [NounEntry.model_validate(r) for r in data.get("nouns") or []]
        kb.peoples += [PeopleEntry.model_validate(r) for r in data.get("peoples") or []]
        kb.modifiers += [Modifier.model_validate(r) for r in data.get("modifiers") or []]
        kb.pronouns += [PronounEntry.model_validate(r) for r in data.get("pronouns") or []]
        kb.honorifics += [GenderCue.model_validate(r) for r in data.get("honorifics") or []]
        kb.gendered_roles += [GenderCue.model_validate(r) for r in data.get("gendered_roles") or []]

    def add_given_names(self, text: str) -> None:
        self.digest.update(text.encode("utf-8"))
        for row in csv.DictReader(text.splitlines()):
            genders: dict[str, Gender] = {"male": "male", "female": "female"}
            gender = genders.get(row.get("gender") or "")
            if gender is not None and row.get("name"):
                self.kb.given_names[row["name"]] = gender

    def finish(self) -> KnowledgeBase:
        validate(self.kb)
        self.kb.version = self.digest.hexdigest()[:12]
        return self.kb


def person_key(name: str) -> str:
    """A person's name without accents, case or punctuation, for merging spellings."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w\s]", " ", bare.casefold()).split())


def _merge_into(table: dict[str, Any], entry: BaseModel, key: str) -> None:
    """Add an entry; an existing one with the same key gets its lists extended."""
    name = getattr(entry, key)
    old = table.get(name)
    if old is None:
        table[name] = entry
        return
    merged = old.model_dump()
    for fld, value in entry.model_dump(exclude_unset=True).items():
        if isinstance(value, list):
            merged[fld] = merged.get(fld, []) + [v for v in value if v not in merged.get(fld, [])]
        elif value is not None:
            merged[fld] = value
    table[name] = type(entry).model_validate(merged)


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"])
    return f"{where}: {err['msg']} ({len(exc.errors())} error(s) in all)"


def validate(kb: KnowledgeBase) -> None:
    """Raise :class:`KnowledgeBaseError` listing every inconsistency found."""
    problems: list[str] = []
    for code in kb.igos:
        if code in kb.states:
            problems.append(f"code {code} is both a state and an IGO")
    for igo in kb.igos.values():
        for m in [*igo.members, *igo.partners]:
            if m.state not in kb.states:
                problems.append(f"{igo.code}: unknown member state {m.state}")
        for im in [*igo.member_igos, *igo.partner_igos]:
            if im.igo not in kb.igos:
                problems.append(f"{igo.code}: unknown member IGO {im.igo}")
        if igo.parent and igo.parent not in kb.igos:
            problems.append(f"{igo.code}: unknown parent {igo.parent}")
    for person in kb.people.values():
        for term in person.terms:
            if term.country and term.country not in kb.states:
                problems.append(f"{person.name}: unknown country {term.country}")
            if term.org and term.org not in kb.igos:
                problems.append(f"{person.name}: unknown organisation {term.org}")
            if term.sector and term.sector not in kb.sectors:
                problems.append(f"{person.name}: unknown sector {term.sector}")
        if person.nationality and person.nationality not in kb.states:
            problems.append(f"{person.name}: unknown nationality {person.nationality}")
    for place in kb.places:
        if place.country and place.country not in kb.states:
            problems.append(f"{place.name}: unknown country {place.country}")
    for org in kb.organizations.values():
        if org.country and org.country not in kb.states:
            problems.append(f"{org.name}: unknown country {org.country}")
        if org.org and org.org not in kb.igos:
            problems.append(f"{org.name}: unknown organisation {org.org}")
        if org.sector not in kb.sectors:
            problems.append(f"{org.name}: unknown sector {org.sector}")
    for sector in [*(r.sector for r in kb.roles), *(n.sector for n in kb.nouns)]:
        if sector not in kb.sectors and sector != "IGO":
            problems.append(f"unknown sector {sector} in the roles/nouns lexicon")
    problems += _surface_conflicts(kb)
    if problems:
        shown = "; ".join(problems[:10])
        more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
        raise KnowledgeBaseError(f"Knowledge base is inconsistent: {shown}{more}")


def surface_forms(kb: KnowledgeBase) -> Iterable[tuple[str, str]]:
    """Every (surface form, target) pair that names a state, IGO or place."""
    for st in kb.states.values():
        for form in [*st.aliases, *st.demonyms, *st.capitals]:
            yield form, st.code
        for seat in st.seats:
            yield seat.name, f"{st.code}{seat.sector}"
    for igo in kb.igos.values():
        for form in igo.aliases:
            yield form, igo.code
    for org in kb.organizations.values():
        for form in [org.name, *org.aliases]:
            yield form, f"org:{org.name}"
    for place in kb.places:
        yield place.name, f"place:{place.name}"


def _surface_conflicts(kb: KnowledgeBase) -> list[str]:
    seen: dict[str, str] = {}
    problems = []
    for form, target in surface_forms(kb):
        other = seen.setdefault(form, target)
        if other != target:
            problems.append(f"{form!r} points to both {other} and {target}")
    return problems


def load_kb(extra: Sequence[str | Path] = ()) -> KnowledgeBase:
    """The bundled knowledge base, extended with the user's YAML files in ``extra``.

    Parsing and validating the YAML takes seconds; the result is kept in a cache file
    named by the hash of every input file and of this module, so any change to either
    rebuilds it (:mod:`accord.cache`)."""
    paths = [Path(p) for p in extra]
    for path in paths:
        if not path.is_file():
            raise KnowledgeBaseError(f"Knowledge-base file {path} does not exist.")
    bundled = _bundled_files()
    names = resources.files("accord.actors") / "kb" / "given_names.csv"

    def build() -> KnowledgeBase:
        builder = _Builder()
        for path in bundled:
            builder.add_file(path)
        builder.add_given_names(names.read_text(encoding="utf-8"))
        for path in paths:
            builder.add_file(path)
        return builder.finish()

    inputs = [Path(__file__), *bundled, names, *paths]
    return cached("kb", cache_key(p.read_bytes() for p in inputs), build, KnowledgeBase)


@lru_cache(maxsize=8)
def cached_kb(extra: tuple[str, ...] = ()) -> KnowledgeBase:
    """:func:`load_kb`, once per process for each set of extra files."""
    return load_kb(extra)
