"""Phrase matchers built from the knowledge base.

Three matchers run over every ``Doc``:

* the *names* matcher (case-sensitive, ``ORTH``) finds states, capitals, seats of
  power, IGOs and the places that block false matches ("Latin America" is not
  America); the *people* matcher (also ``ORTH``) finds known officeholders;
* the *lexicon* matcher (case-insensitive, ``LOWER``) finds titles ("defense
  minister"), sector nouns ("troops", "foreign ministry"), title modifiers
  ("former") and the nouns of definite descriptions ("the alliance").

Each match id maps to one :class:`Entry` that says what the words name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from .kb import KnowledgeBase

EntryKind = Literal[
    "state",
    "capital",
    "seat",
    "igo",
    "igo_seat",
    "place",
    "person",
    "organization",
    "role",
    "noun",
    "modifier",
    "igo_noun",
    "people",
]


@dataclass(frozen=True)
class Entry:
    """What a matched phrase names."""

    kind: EntryKind
    code: str = ""  # ISO3, IGO code, person name, or role title
    form: str = ""  # alias | demonym | capital | seat | surname | ...
    sector: str = ""
    candidates: tuple[str, ...] = ()  # IGO seats shared by several IGOs; people sharing an alias
    ambiguous: bool = False
    head: str = ""  # roles: "state" | "government" | ""
    needs_name: bool = False
    country: str = ""  # named organisations: their state and IGO
    org: str = ""
    group: bool = False


@dataclass(frozen=True)
class Match:
    entry: Entry
    start: int  # token indices, end exclusive
    end: int


class Gazetteer:
    """The compiled matchers of one knowledge base for one spaCy vocabulary."""

    def __init__(self, nlp: Language, kb: KnowledgeBase) -> None:
        self._entries: dict[str, Entry] = {}
        self._names = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._people = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._lexicon = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._make_doc = nlp.make_doc
        self._strings = nlp.vocab.strings
        self._add_names(kb)
        self._add_lexicon(kb)

    # -- building ---------------------------------------------------------------
    def _add(self, matcher: PhraseMatcher, key: str, entry: Entry, forms: Iterable[str]) -> None:
        phrases = sorted({f.strip() for f in forms if f and f.strip()})
        if not phrases:
            return
        self._entries[key] = entry
        matcher.add(key, [self._make_doc(p) for p in phrases])

    def _add_names(self, kb: KnowledgeBase) -> None:
        add = self._add
        for st in kb.states.values():
            ambiguous = set(st.ambiguous)
            plain = [a for a in st.aliases if a not in ambiguous]
            add(self._names, f"S|{st.code}|alias", Entry("state", st.code, "alias"), plain)
            add(
                self._names,
                f"S|{st.code}|amb",
                Entry("state", st.code, "alias", ambiguous=True),
                ambiguous,
            )
            add(self._names, f"S|{st.code}|dem", Entry("state", st.code, "demonym"), st.demonyms)
            add(self._names, f"S|{st.code}|cap", Entry("capital", st.code, "capital"), st.capitals)
            for seat in st.seats:
                entry = Entry("seat", st.code, "seat", sector=seat.sector)
                add(self._names, f"S|{st.code}|seat|{seat.name}", entry, [seat.name])
        seats: dict[str, list[str]] = {}
        for igo in kb.igos.values():
            add(self._names, f"I|{igo.code}", Entry("igo", igo.code, "alias"), igo.aliases)
            for seat_name in igo.seats:
                seats.setdefault(seat_name, []).append(igo.code)
        for seat_name, codes in seats.items():
            entry = Entry("igo_seat", codes[0], "seat", candidates=tuple(codes))
            add(self._names, f"IS|{seat_name}", entry, [seat_name])
        for o in kb.organizations.values():
            entry = Entry(
                "organization",
                o.name,
                "name",
                o.sector,
                country=o.country or "",
                org=o.org or "",
                group=o.kind == "group",
            )
            add(self._names, f"O|{o.name}", entry, [o.name, *o.aliases])
        for people in kb.peoples:
            add(
                self._names,
                f"PE|{people.name}",
                Entry("people", people.name, "people"),
                people.forms,
            )
        by_country: dict[str, list[str]] = {}
        for place in kb.places:
            by_country.setdefault(place.country or "", []).append(place.name)
        for country, names in by_country.items():
            add(self._names, f"PLACE|{country}", Entry("place", country, "place"), names)
        by_form: dict[str, list[str]] = {}
        for person in kb.people.values():
            by_form.setdefault(person.name, []).append(person.name)
            for alias in person.aliases:
                by_form.setdefault(alias, []).append(person.name)
        for form, names in by_form.items():
            entry = Entry("person", names[0], "name", candidates=tuple(dict.fromkeys(names)))
            add(self._people, f"H|{form}", entry, [form])

    def _add_lexicon(self, kb: KnowledgeBase) -> None:
        add = self._add
        for role in kb.roles:
            entry = Entry(
                "role",
                role.title.lower(),
                "title",
                role.sector,
                head=role.head or "",
                needs_name=role.needs_name,
            )
            add(self._lexicon, f"R|{role.title.lower()}", entry, [role.title])
        for lex_noun in kb.nouns:
            add(
                self._lexicon,
                f"N|{lex_noun.noun.lower()}",
                Entry("noun", lex_noun.noun.lower(), "noun", lex_noun.sector),
                [lex_noun.noun],
            )
        for mod in kb.modifiers:
            add(self._lexicon, f"M|{mod.word.lower()}", Entry("modifier", mod.effect), [mod.word])
        igo_nouns: dict[str, list[str]] = {}
        for igo in kb.igos.values():
            for noun in igo.nouns:
                igo_nouns.setdefault(noun.lower(), []).append(igo.code)
        for noun, codes in igo_nouns.items():
            entry = Entry("igo_noun", noun, "description", candidates=tuple(codes))
            add(self._lexicon, f"IN|{noun}", entry, [noun])

    # -- matching ---------------------------------------------------------------
    def names(self, doc: Doc) -> list[Match]:
        """Non-overlapping name matches, longest first (places block what they contain)."""
        return _longest(self._decode(self._names(doc)))

    def people(self, doc: Doc) -> list[Match]:
        """Known officeholders by full name or alias, longest first."""
        return _longest(self._decode(self._people(doc)))

    def lexicon(self, doc: Doc) -> list[Match]:
        """All lexicon matches (overlaps kept: a role may also be a noun)."""
        return sorted(self._decode(self._lexicon(doc)), key=lambda m: (m.start, -m.end))

    def _decode(self, raw: list[tuple[int, int, int]]) -> list[Match]:
        strings = self._strings
        return [Match(self._entries[strings[mid]], s, e) for mid, s, e in raw]


def _longest(matches: list[Match]) -> list[Match]:
    """Keep the longest of overlapping matches (earliest on ties)."""
    taken: set[int] = set()
    kept: list[Match] = []
    for m in sorted(matches, key=lambda m: (-(m.end - m.start), m.start)):
        span = range(m.start, m.end)
        if taken.isdisjoint(span):
            kept.append(m)
            taken.update(span)
    return sorted(kept, key=lambda m: m.start)
