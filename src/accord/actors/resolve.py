"""Turn recognised mentions into actors: coreference, officeholders by date, codes.

The rules, in document order:

* a state, IGO or organisation mention joins the actor with the same code;
* a person's name joins an earlier person whose name it shortens ("Hicks" after
  "Kathleen Hicks"); otherwise it is a new person, identified in the knowledge base
  when a known officeholder's term covers the publication date;
* a title with an affiliation but no name ("the Chinese defence minister") joins a
  named person with that title and affiliation in the text, else the officeholder
  whose term covers the date, else stays an unnamed person;
* "the minister" joins the most recent person with that title in this or the previous
  paragraph; "the alliance" the most recent IGO that the noun fits; "Brussels" the EU
  or NATO, whichever is in focus;
* "he"/"she" join the most recent person of a compatible gender in this or the
  previous paragraph. Nothing unresolvable is guessed: it is left out.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from spacy.tokens import Doc

from ..extensions import doc_text
from .kb import KnowledgeBase, PersonEntry, Term
from .mentions import RawMention, Title


@dataclass
class ActorMention:
    start: int  # character offsets
    end: int
    form: str
    token_start: int
    token_end: int


@dataclass
class PlaceData:
    """A state, capital, seat, city or region named as a place ("the talks in Beijing")."""

    start: int  # character offsets
    end: int
    name: str
    country: str | None


@dataclass
class ActorData:
    """One actor of a document, as the ``accord_actors`` stage leaves it on ``doc._.actors``."""

    key: tuple[str, ...]
    name: str
    kind: str
    code: str | None
    country: str | None = None
    org: str | None = None
    role: str | None = None
    sector: str | None = None
    gender: str | None = None
    mentions: list[ActorMention] = field(default_factory=list)
    memberships: list[str] | None = None
    members: list[str] | None = None


_SPACES = re.compile(r"\s+")
_ARMED_SECTORS = frozenset({"INS", "REB", "UAF", "SEP"})


def _norm_role(text: str) -> str:
    return _SPACES.sub(
        " ", text.lower().replace("defence", "defense").replace("adviser", "advisor")
    )


class Resolver:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def __call__(
        self,
        doc: Doc,
        mentions: list[RawMention],
        published: dt.date | None,
        places: list[tuple[int, str]] | None = None,
    ) -> list[ActorData]:
        return _Run(self.kb, doc, published, places or []).resolve(mentions)


class _Run:
    """The state of resolving one document."""

    def __init__(
        self, kb: KnowledgeBase, doc: Doc, published: dt.date | None, places: list[tuple[int, str]]
    ) -> None:
        self.kb = kb
        self.places = places  # (token, country) of states and capitals used as places
        self.doc = doc
        self.published = published
        self.actors: dict[tuple[str, ...], ActorData] = {}
        self.people: list[tuple[int, ActorData]] = []  # (token position, actor) in order
        self.subjects: set[int] = set()  # positions of people mentioned as clause subjects
        self.igo_positions: list[tuple[int, str]] = []
        self.paragraph_starts = [0] + [m.end() for m in re.finditer(r"\n\s*\n", doc_text(doc))]
        self._paragraph_of: dict[int, int] = {}  # token -> paragraph, as they are asked for

    def resolve(self, mentions: list[RawMention]) -> list[ActorData]:
        self.countries_at = sorted(
            self.places + [(m.start, c) for m in mentions if (c := _country(m))]
        )
        igo_counts: dict[str, int] = {}
        for m in mentions:
            if m.kind == "igo":
                igo_counts[m.code] = igo_counts.get(m.code, 0) + 1
        resolved: list[tuple[RawMention, ActorData]] = []
        for m in mentions:
            actor = self._resolve_one(m, igo_counts)
            if actor is None:
                continue
            resolved.append((m, actor))
            self._add_mention(actor, m)
            if m.title is not None and m.title.affiliation is not None:
                aff = m.title.affiliation
                if aff.kind == "igo":  # "NATO Secretary General ...": NATO is in focus
                    self.igo_positions.append((m.start, aff.code))
            if actor.kind == "person":
                self.people.append((m.start, actor))
                if m.subject:
                    self.subjects.add(m.start)
            elif actor.kind == "igo":
                self.igo_positions.append((m.start, actor.code or ""))
        self._appositions(resolved)
        ordered = sorted(self.actors.values(), key=lambda a: a.mentions[0].start)
        for actor in ordered:
            actor.mentions.sort(key=lambda x: x.start)
        return ordered

    def _appositions(self, resolved: list[tuple[RawMention, ActorData]]) -> None:
        """A person the knowledge base does not place takes the state and sector of the
        description set beside them by a comma: "Salaheddine Sidhoum, Algeria's leading
        human rights activist," / "a senior Hamas official, Ali Baraka,"."""
        doc = self.doc
        for (m1, a1), (m2, a2) in pairwise(resolved):
            if m1.end >= len(doc) or doc[m1.end].text != ",":
                continue
            gap = doc[m1.end + 1 : m2.start]
            if len(gap) > 1 or (len(gap) == 1 and gap[0].lower_ not in ("a", "an", "the")):
                continue
            for person, other in ((a1, a2), (a2, a1)):
                if (
                    person.kind == "person"
                    and person.country is None
                    and person.org is None
                    and other.kind in ("person", "organization")
                    and other.country is not None
                    and other.name != person.name
                ):
                    person.country, person.sector = other.country, other.sector
                    person.org = other.org
                    self._set_code(person)

    def _resolve_one(self, m: RawMention, igo_counts: dict[str, int]) -> ActorData | None:
        if m.kind == "state":
            return self._state(m.code)
        if m.kind == "igo":
            return self._igo(m.code)
        if m.kind == "igo_seat":
            return self._igo(self._pick_igo(m, igo_counts, default_first=True) or m.candidates[0])
        if m.kind == "igo_description":
            code = self._pick_igo(m, {}, default_first=False)
            return self._igo(code) if code else None
        if m.kind == "org":
            return self._org(m)
        if m.kind == "named_org":
            return self._named_org(m.name)
        if m.kind == "person":
            return self._named_person(m)
        if m.kind == "person_org":
            return self._person_org(m)
        if m.kind == "anon_person":
            return self._anonymous_person(m)
        if m.kind == "description":
            return self._described_person(m)
        if m.kind == "pronoun":
            return self._pronoun(m)
        if m.kind == "people":
            return self._people_group(m)
        return None

    # -- states, IGOs, organisations ------------------------------------------------
    def _state(self, code: str) -> ActorData:
        key = ("state", code)
        if key not in self.actors:
            st = self.kb.states[code]
            self.actors[key] = ActorData(
                key,
                st.name,
                "state",
                code,
                country=code,
                memberships=self.kb.memberships_on(code, self.published),
            )
        return self.actors[key]

    def _people_group(self, m: RawMention) -> ActorData:
        """A community: its own actor, not its state ("Iraqi Kurds demonstrated in Kirkuk"
        is a dyad inside Iraq)."""
        name = " ".join(m.name.split())
        key = ("people", m.code, name.lower())
        if key not in self.actors:
            code = m.code or None
            self.actors[key] = ActorData(key, name, "group", code, country=code)
        return self.actors[key]

    def _igo(self, code: str) -> ActorData:
        key = ("igo", code)
        if key not in self.actors:
            igo = self.kb.igos[code]
            members = None if igo.open_membership else igo.members_on(self.published)
            self.actors[key] = ActorData(key, igo.name, "igo", code, org=code, members=members)
        return self.actors[key]

    def _org(self, m: RawMention) -> ActorData:
        if m.org:  # "NATO leaders", "EU officials": the bloc speaking through its people
            return self._igo(m.org)
        code = f"{m.code}{m.sector}"
        key = ("org", code)
        if key not in self.actors:
            label = self.kb.sector_label(m.sector)
            st = self.kb.states[m.code]
            owner = st.demonyms[0] if st.demonyms else st.name
            self.actors[key] = ActorData(
                key, f"{owner} {label}", "organization", code, country=m.code, sector=m.sector
            )
        return self.actors[key]

    def _named_org(self, name: str) -> ActorData:
        """A named organisation or group: its own actor, coded by state (or IGO) and sector."""
        key = ("named", name)
        if key not in self.actors:
            o = self.kb.organizations[name]
            if o.org:
                code = o.org
            elif o.country:
                code = f"{o.country}{o.sector}"
            elif o.sector in _ARMED_SECTORS:
                code = f"IMG{o.sector}"  # CAMEO's international militarised group
            else:
                code = o.sector
            kind = "group" if o.kind == "group" else "organization"
            self.actors[key] = ActorData(
                key, o.name, kind, code, country=o.country, org=o.org, sector=o.sector
            )
        return self.actors[key]

    def _pick_igo(
        self, m: RawMention, counts: dict[str, int], *, default_first: bool
    ) -> str | None:
        """The candidate IGO most recently mentioned before ``m``, else the most frequent."""
        for _, code in reversed(self.igo_positions):
            if code in m.candidates:
                return code
        ranked = sorted((c for c in m.candidates if counts.get(c)), key=lambda c: -counts[c])
        if ranked:
            return ranked[0]
        return m.candidates[0] if default_first and m.candidates else None

    # -- people -------------------------------------------------------------------
    def _named_person(self, m: RawMention) -> ActorData:
        earlier = self._earlier_person(m.name)
        if earlier is not None:
            if m.title is not None and earlier.role is None:
                self._apply_title(earlier, m.title)
            return earlier
        entry = self._kb_person(m)
        key = ("person", entry.name if entry else m.name)
        if key in self.actors:
            return self.actors[key]
        actor = ActorData(key, entry.name if entry else m.name, "person", None, gender=m.gender)
        if entry is not None:
            actor.gender = actor.gender or entry.gender
            actor.country = entry.nationality
        term = self._term(entry) if entry is not None else None
        if m.title is not None and (m.title.affiliation is not None or term is None):
            self._apply_title(actor, m.title)
            if m.title.affiliation is None and not (actor.country or actor.org):
                actor.country = self._context_country(m.start)
        elif term is not None:
            self._apply_term(actor, term)
        self._set_code(actor)
        self.actors[key] = actor
        return actor

    def _context_country(self, pos: int) -> str | None:
        """The one state that the sentence (else the previous one) names, for a title
        without an affiliation: "In Tokyo, Chief Cabinet Secretary Yoshimasa Hayashi ..."."""
        sent = self.doc[pos].sent
        # The sentence up to the person ("Australia was represented by ..."): what
        # follows is more often the other party ("... threatened action against Russia").
        spans = [(sent.start, pos)]
        if sent.start > 0:
            before = self.doc[sent.start - 1].sent
            spans.append((before.start, before.end))
        for start, end in spans:
            countries = {c for token, c in self.countries_at if start <= token < end}
            if len(countries) == 1:
                return countries.pop()
            if countries:
                return None
        return None

    def _person_org(self, m: RawMention) -> ActorData | None:
        """ "the Biden administration": the government of the named person's state."""
        earlier = self._earlier_person(m.name)
        country = earlier.country if earlier is not None else None
        if country is None and (entry := self._kb_person(m)) is not None:
            term = self._term(entry)
            country = term.country if term is not None else None
        if country is None:
            return None
        return self._org(RawMention("org", m.start, m.end, "noun", code=country, sector=m.sector))

    def _earlier_person(self, name: str) -> ActorData | None:
        """A person already seen whose name this one equals or shortens."""
        words = _name_words(name)
        for _, actor in reversed(self.people):
            if actor.key[0] != "person":
                continue
            full = _name_words(actor.name)
            if words == full or (
                len(words) < len(full)
                and (full[-len(words) :] == words or full[: len(words)] == words)
            ):
                return actor
        return None

    def _kb_person(self, m: RawMention) -> PersonEntry | None:
        """The officeholder this name refers to on the publication date, if one is clear."""
        people = [self.kb.people[c] for c in m.candidates if c in self.kb.people]
        if not people:
            return None
        if m.kb_full and len(people) == 1:
            return people[0]
        if self.published is not None:
            covering = [p for p in people if any(t.covers(self.published) for t in p.terms)]
            return covering[0] if len(covering) == 1 else None
        # No date: only a name whose offices all give the same code is clear ("President
        # Bush": either Bush, USAGOV); the latest holder stands for them.
        if len({self._term_code(t) for p in people for t in p.terms}) == 1:
            return max(
                people,
                key=lambda p: max((t.start or dt.date.min for t in p.terms), default=dt.date.min),
            )
        return None

    def _term(self, entry: PersonEntry) -> Term | None:
        if self.published is not None:
            covering = [t for t in entry.terms if t.covers(self.published)]
            return max(covering, key=_term_rank, default=None)
        codes = {self._term_code(t) for t in entry.terms}
        return max(entry.terms, key=_term_rank) if len(codes) == 1 and entry.terms else None

    @staticmethod
    def _term_code(term: Term) -> str:
        return term.org or f"{term.country}{term.sector or 'GOV'}"

    def _anonymous_person(self, m: RawMention) -> ActorData:
        title = m.title
        assert title is not None
        assert title.affiliation is not None
        aff = title.affiliation
        role = _norm_role(title.role)
        for _, actor in reversed(self.people):  # the same office, named earlier
            if (
                actor.role
                and _norm_role(actor.role).endswith(role)
                and aff.code
                in (
                    actor.country,
                    actor.org,
                )
            ):
                return actor
        holder = self._officeholder(aff.code, title)
        if holder is not None:
            key = ("person", holder.name)
            if key not in self.actors:
                actor = ActorData(
                    key,
                    holder.name,
                    "person",
                    None,
                    gender=holder.gender,
                    country=holder.nationality,
                )
                self._apply_title(actor, title)
                self._set_code(actor)
                self.actors[key] = actor
            return self.actors[key]
        key = ("anon", f"{aff.code}|{role}")
        if key not in self.actors:
            actor = ActorData(key, self._span_text(m), "person", None, gender=m.gender)
            self._apply_title(actor, title)
            self._set_code(actor)
            self.actors[key] = actor
        return self.actors[key]

    def _officeholder(self, code: str, title: Title) -> PersonEntry | None:
        """The one person whose term in this office covers the publication date."""
        if self.published is None:
            return None
        role = _norm_role(title.role)
        found = []
        for person in self.kb.people.values():
            for t in person.terms:
                if code not in (t.country, t.org) or not t.covers(self.published):
                    continue
                if _norm_role(t.role) == role or (title.head and t.head == title.head):
                    found.append(person)
                    break
        return found[0] if len(found) == 1 else None

    def _described_person(self, m: RawMention) -> ActorData | None:
        """ "the minister": the latest person with that title nearby."""
        assert m.title is not None
        word = m.title.role.split()[-1]
        for pos, actor in reversed(self.people):
            if not self._nearby(pos, m.start):
                break
            if actor.role and _norm_role(actor.role).split()[-1] == _norm_role(word):
                return actor
        return None

    def _pronoun(self, m: RawMention) -> ActorData | None:
        """The latest compatible person; a subject pronoun prefers the latest subject
        of an earlier sentence ("Stoltenberg said ... handing over to Rutte. He ...")."""
        candidates: list[tuple[int, ActorData]] = []
        for pos, actor in reversed(self.people):
            if not self._nearby(pos, m.start):
                break  # people are in document order: the earlier ones are farther still
            if m.gender is None or actor.gender in (None, m.gender):
                candidates.append((pos, actor))
        if not candidates:
            return None
        if m.subject:
            sentence_start = self.doc[m.start].sent.start
            for pos, actor in candidates:
                if pos < sentence_start and pos in self.subjects:
                    return actor
        return candidates[0][1]

    def _nearby(self, pos: int, here: int) -> bool:
        """Same or previous paragraph."""
        return self._paragraph(here) - self._paragraph(pos) <= 1

    def _paragraph(self, i: int) -> int:
        """The paragraph of token ``i``, remembered: every pronoun asks about every
        person before it."""
        para = self._paragraph_of.get(i)
        if para is None:
            para = bisect.bisect_right(self.paragraph_starts, self.doc[i].idx) - 1
            self._paragraph_of[i] = para
        return para

    # -- titles and codes -----------------------------------------------------------
    def _apply_title(self, actor: ActorData, title: Title) -> None:
        actor.role = title.text
        actor.sector = "ELI" if title.former else title.sector
        aff = title.affiliation
        if aff is not None and aff.kind == "named_org":
            actor.country = aff.code or None
            actor.org = aff.org or None
            if not title.former and actor.sector in ("GOV", None):
                actor.sector = aff.sector  # "IDF spokesman": the organisation's sector
        elif aff is not None:
            if aff.kind == "igo":
                actor.org = aff.code
            else:
                actor.country = aff.code
                if aff.kind == "seat" and not title.former:
                    actor.sector = aff.sector or actor.sector
        self._set_code(actor)

    def _apply_term(self, actor: ActorData, term: Term) -> None:
        actor.role = term.role
        if term.org:
            actor.org = term.org
            actor.sector = "IGO"
        else:
            actor.country = term.country
            actor.sector = term.sector or "GOV"

    def _set_code(self, actor: ActorData) -> None:
        if (actor.org and actor.sector in ("IGO", None)) or (actor.org and not actor.country):
            actor.code = actor.org
        elif actor.country:
            sector = actor.sector if actor.sector and actor.sector != "IGO" else ""
            actor.code = f"{actor.country}{sector}"
        else:
            actor.code = None

    def _add_mention(self, actor: ActorData, m: RawMention) -> None:
        doc = self.doc
        start = doc[m.start].idx
        last = doc[m.end - 1]
        actor.mentions.append(
            ActorMention(start, last.idx + len(last.text), m.form, m.start, m.end)
        )

    def _span_text(self, m: RawMention) -> str:
        text = self.doc[m.start : m.end].text
        return text[4:] if text.lower().startswith("the ") else text


_NAME_PARTICLES = frozenset({"al", "el", "ad", "as", "ash", "bin", "ibn", "de", "van", "von"})


@lru_cache(maxsize=4096)
def _name_words(name: str) -> tuple[str, ...]:
    """Comparable words of a name: "Abdel Fattah al-Burhan" -> (abdel, fattah, burhan).
    Remembered: each new name is compared with every person named before it."""
    words = re.split(r"[\s\-‐]+", name.casefold())
    return tuple(w for w in words if w and w not in _NAME_PARTICLES)


def _country(m: RawMention) -> str | None:
    """The state a recognised mention names or belongs to, if any."""
    if m.kind in ("state", "org", "people") or (m.kind == "named_org" and m.code):
        return m.code or None
    if m.title is not None and m.title.affiliation is not None:
        aff = m.title.affiliation
        return aff.code if aff.kind in ("state", "seat") or aff.code else None
    return None


def _term_rank(term: Term) -> tuple[int, dt.date]:
    """Prefer heads of state/government, then the most recent term."""
    return (1 if term.head else 0, term.start or dt.date.min)
