"""Phrase matchers built from the knowledge base.

Three matchers run over every ``Doc``:

* the *names* matcher (case-sensitive, ``ORTH``) finds states, capitals, seats of
  power, IGOs and the places that block false matches ("Latin America" is not
  America); the *people* matcher (also ``ORTH``) finds known officeholders;
* the *lexicon* matcher (case-insensitive, ``LOWER``) finds titles ("defense
  minister"), sector nouns ("troops", "foreign ministry"), title modifiers
  ("former") and the nouns of definite descriptions ("the alliance").

Each matched phrase maps to the :class:`Entry` (or entries) that say what its words
name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

import spacy
from spacy.attrs import LOWER
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc

from ..cache import cache_key, cached
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


class _Phrases:
    """One phrase matcher and what its phrases name.

    The matcher knows every phrase under one key, and a match is looked up by its
    words' string ids. A key per entry would be simpler, but spaCy makes a vocabulary
    entry for each key, as slow as making one for a word: for the 11,000 entries of
    the knowledge base, about a second of every start-up."""

    def __init__(self, nlp: Language, attr: Literal["ORTH", "LOWER"]) -> None:
        self.attr = attr
        self.matcher = PhraseMatcher(nlp.vocab, attr=attr)
        self.entries: dict[tuple[int, ...], list[Entry]] = {}
        self.pending: dict[str, tuple[Entry, list[str]]] = {}  # by key, till compiled

    def add(self, key: str, entry: Entry, phrases: list[str]) -> None:
        """``phrases`` name ``entry``; a key added again names the later entry, with
        the phrases of both."""
        earlier = self.pending.get(key)
        self.pending[key] = (entry, earlier[1] + phrases if earlier else phrases)

    def compile(self, tokens: dict[str, tuple[str, ...]], lower: Callable[[str], str]) -> None:
        """Add the pending phrases as the string ids of their tokens, the form
        :class:`PhraseMatcher` keeps of a pattern ``Doc`` (making ``Doc`` objects
        would also make a vocabulary entry for each of their ~25,000 words)."""
        form = lower if self.attr == "LOWER" else str
        patterns: list[list[int]] = []
        for entry, phrases in self.pending.values():
            for phrase in phrases:
                ids = [get_string_id(form(t)) for t in tokens[phrase]]
                named = self.entries.setdefault(tuple(ids), [])
                if not named:
                    patterns.append(ids)
                if entry not in named:
                    named.append(entry)
        self.matcher.add(self.attr, patterns)  # type: ignore[arg-type]  # spaCy takes ids too
        self.pending.clear()

    def __call__(self, doc: Doc) -> list[Match]:
        found = self.matcher(doc)
        if not found:
            return []
        ids = doc.to_array(self.attr).tolist()
        entries = self.entries
        return [Match(e, s, end) for _, s, end in found for e in entries[tuple(ids[s:end])]]


class Gazetteer:
    """The compiled matchers of one knowledge base for one spaCy vocabulary."""

    def __init__(self, nlp: Language, kb: KnowledgeBase) -> None:
        self._names = _Phrases(nlp, "ORTH")
        self._people = _Phrases(nlp, "ORTH")
        self._lexicon = _Phrases(nlp, "LOWER")
        self._add_names(kb)
        self._add_lexicon(kb)
        matchers = (self._names, self._people, self._lexicon)
        phrases = {p for m in matchers for _, forms in m.pending.values() for p in forms}
        tokens = phrase_tokens(nlp, phrases)
        lower = nlp.vocab.lex_attr_getters.get(LOWER, str.lower)  # type: ignore[attr-defined]
        for m in matchers:
            m.compile(tokens, lower)

    # -- building ---------------------------------------------------------------
    def _add(self, matcher: _Phrases, key: str, entry: Entry, forms: Iterable[str]) -> None:
        phrases = sorted({f.strip() for f in forms if f and f.strip()})
        if phrases:
            matcher.add(key, entry, phrases)

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
        return _longest(self._names(doc))

    def people(self, doc: Doc) -> list[Match]:
        """Known officeholders by full name or alias, longest first."""
        return _longest(self._people(doc))

    def lexicon(self, doc: Doc) -> list[Match]:
        """All lexicon matches (overlaps kept: a role may also be a noun)."""
        return sorted(self._lexicon(doc), key=lambda m: (m.start, -m.end))


def phrase_tokens(nlp: Language, phrases: set[str]) -> dict[str, tuple[str, ...]]:
    """The token texts of each phrase as ``nlp``'s tokenizer splits them, cached by the
    phrases, the tokenizer's settings and spaCy's version (:mod:`accord.cache`)."""
    ordered = sorted(phrases)
    tokenizer = nlp.tokenizer

    def build() -> dict[str, tuple[str, ...]]:
        return {p: tuple(t.text for t in tokenizer(p)) for p in ordered}

    settings = getattr(tokenizer, "to_bytes", None)
    if settings is None:  # a custom tokenizer that cannot say what it does
        return build()
    key = cache_key([spacy.about.__version__, settings(), "\n".join(ordered)])
    return cached("phrases", key, build, dict)


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
