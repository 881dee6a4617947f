"""The matchers' output indexed by token, and small tests on tokens and spans."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from .gazetteer import Match
from .mentions import Affiliation

# Prepositions after which a capital or seat names a place, not an actor
# ("the summit in Vilnius"); "to" and "from" are left out on purpose ("pressure from
# Beijing", "a message to Tokyo" are actors).
LOCATIVE = frozenset(
    ["in", "at", "near", "outside", "inside", "around", "across", "throughout", "within"]
)
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
DETERMINERS = frozenset({"the", "a", "an"})
NAME_PARTICLES = frozenset(
    [
        "de",
        "da",
        "di",
        "del",
        "della",
        "der",
        "den",
        "van",
        "von",
        "bin",
        "ibn",
        "al",
        "el",
        "la",
        "le",
        "du",
        "dos",
        "das",
        "y",
    ]
)
PERSON_LABELS = frozenset({"PERSON"})
# Penn Treebank tags (the stage declares it requires token.tag).
ADJ_TAGS = frozenset({"JJ", "JJR", "JJS"})
PROPN_TAGS = frozenset({"NNP", "NNPS"})
NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS"})
PLACE_LABELS = frozenset({"GPE", "LOC", "NORP", "FAC"})


@dataclass
class Cues:
    """Everything the matchers found, indexed by token."""

    doc: Doc
    names: list[Match]
    lexicon: list[Match]
    name_at_end: dict[int, Match] = field(default_factory=dict)
    name_at_start: dict[int, Match] = field(default_factory=dict)
    role_at_end: dict[int, Match] = field(default_factory=dict)
    role_at_start: dict[int, Match] = field(default_factory=dict)
    noun_at_end: dict[int, Match] = field(default_factory=dict)
    modifier_at_end: dict[int, Match] = field(default_factory=dict)
    used: set[int] = field(default_factory=set)
    places: set[int] = field(default_factory=set)
    place_at_start: dict[int, Match] = field(default_factory=dict)  # places with a country

    def index(self) -> None:
        for m in self.names:
            self.name_at_end[m.end] = m
            self.name_at_start[m.start] = m
        for m in self.lexicon:  # sorted by start, longest first: keep the longest
            kind = m.entry.kind
            if kind == "role":
                keep_longest(self.role_at_end, m.end, m)
                self.role_at_start.setdefault(m.start, m)
            elif kind == "noun":
                keep_longest(self.noun_at_end, m.end, m)
            elif kind == "modifier":
                self.modifier_at_end.setdefault(m.end, m)

    def free(self, start: int, end: int) -> bool:
        return self.used.isdisjoint(range(start, end))

    def claim(self, start: int, end: int) -> None:
        self.used.update(range(start, end))


def keep_longest(table: dict[int, Match], key: int, m: Match) -> None:
    old = table.get(key)
    if old is None or (m.end - m.start) > (old.end - old.start):
        table[key] = m


def affiliation(m: Match) -> Affiliation | None:
    e = m.entry
    if e.kind in ("state", "capital"):
        return Affiliation("state", e.code, m.start, m.end)
    if e.kind == "igo":
        return Affiliation("igo", e.code, m.start, m.end)
    if e.kind == "seat":
        return Affiliation("seat", e.code, m.start, m.end, sector=e.sector)
    if e.kind == "organization":
        return Affiliation("named_org", e.country, m.start, m.end, e.sector, e.org, e.code)
    return None


def lexicon_at(lexicon: list[Match], start: int, kind: str) -> Match | None:
    for m in lexicon:
        if m.start == start and m.entry.kind == kind:
            return m
    return None


def next_noun_end(cues: Cues, end: int) -> int:
    for m in cues.noun_at_end.values():
        if m.start == end:
            return m.end
    return -1


def token_labels(doc: Doc) -> list[str]:
    labels = [""] * len(doc)
    for ent in doc.ents:
        for i in range(ent.start, ent.end):
            labels[i] = ent.label_
    return labels


def is_locative(doc: Doc, start: int) -> bool:
    k = start - 1
    if k >= 0 and doc[k].lower_ == "the":
        k -= 1
    return k >= 0 and doc[k].lower_ in LOCATIVE


def next_is_name(doc: Doc, i: int) -> bool:
    return i < len(doc) and doc[i].tag_ in PROPN_TAGS and doc[i].text[:1].isupper()


def is_plural_or_compound(doc: Doc, end: int) -> bool:
    """The title or noun is followed by a noun it modifies ("the alliance summit")."""
    return end < len(doc) and doc[end].tag_ in NOUN_TAGS and doc[end].dep_ == "compound"


def looks_like_name(span: Span) -> bool:
    """Capitalised words (particles and hyphenated parts excepted: "Chang Ho-jin")."""
    if len(span) > 8 or not any(t.is_alpha for t in span):
        return False
    return all(
        t.text[:1].isupper() or t.lower_ in NAME_PARTICLES or (t.i > 0 and t.nbor(-1).text == "-")
        for t in span
        if t.is_alpha
    )


def name_text(span: Span) -> str:
    """The name as written ("al-Burhan", not "al - Burhan"), without a possessive."""
    while len(span) > 1 and span[-1].text in POSSESSIVE:
        span = span[:-1]
    return " ".join(span.text.split())
