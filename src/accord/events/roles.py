"""Sources and targets the parse does not hand over directly.

Two helpers for :class:`~accord.events.extract.Extractor`:

* :class:`PlaceTargets` turns a state or capital named as a place into the target of
  an event aimed at it ("arrived in Amman" -> Jordan), as CAMEO codes visits,
  deployments and attacks.
* :class:`Fallback` fills a side that the syntactic roles leave empty, the way
  PETRARCH and TABARI read a sentence: the actor named inside the subject phrase
  ("security forces in Guinea"), the antecedent of a subject pronoun ("Iraq said *it*
  would allow ..."), else the nearest actor before the trigger for the source and the
  nearest actor in the trigger's phrase, then after it, for the target. Who *reports*
  the event ("..., police said", "according to Human Rights Watch") is never a side.
  An event with a side found this way carries a lower confidence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from spacy.tokens import Doc, Token

from ..actors.kb import KnowledgeBase
from ..actors.resolve import ActorData, ActorMention, PlaceData
from .arguments import ActorIndex, child
from .modality import REPORTING

_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "agent"})
_PERSONAL = frozenset({"he", "she", "him", "her", "his"})
_IMPERSONAL = frozenset({"it", "its", "they", "them", "their", "we", "our"})
_QUANTITIES = frozenset(
    "hundred hundreds thousand thousands dozen dozens score scores million millions group "
    "groups number crowd crowds handful some many most all".split()
)
# Sectors of a state's own bodies: a collective of these with a country is an organisation.
_STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "JUD", "LEG", "DIP"})
# Collectives that describe officeholders ("the government", "leaders", "officials"):
# the actor layer resolves them by context, or leaves them, on purpose.
_DESCRIBED_SECTORS = frozenset({"GOV", "LEG", "JUD", "DIP", "SPY"})
_PLURAL = frozenset({"they", "them", "their", "we", "our"})  # people or states alike
# Roots whose events do not take the place they happen in as their target: a statement
# made in Paris is not addressed to France, talks held in Doha are not with Qatar.
_PLACE_NEUTRAL_ROOTS = frozenset({"01", "04"})


class PlaceTargets:
    """States and capitals named as places that an event takes as its target.

    CAMEO codes the place of a visit, a deployment or an attack as its target ("arrived
    in Amman" -> JOR, "shelled Kharkiv" -> UKR). Such a place becomes a mention (form
    ``place``) of its state's actor, created if needed, and leaves ``doc._.places``.
    """

    _PREPS = frozenset({"in", "at", "to", "into", "inside", "on"})
    # Codes whose place is their target in CAMEO practice: visits, force posture,
    # coercion, assault, fighting, mass violence.
    _AIMED = ("042", "15", "17", "18", "19", "20")

    def __init__(self, doc: Doc, kb: KnowledgeBase | None, published: dt.date | None) -> None:
        self.doc = doc
        self.kb = kb
        self.published = published
        self.by_token: dict[int, PlaceData] = {}
        self.used: list[PlaceData] = []
        self.added = False  # an actor was added to the document (see Fallback.collective)
        for place in doc._.places or []:
            span = doc.char_span(place.start, place.end)
            if span is not None and place.country:
                self.by_token.update(dict.fromkeys(range(span.start, span.end), place))

    def target(self, tok: Token, code: str, index: ActorIndex) -> ActorData | None:
        """The place an event is aimed at: where a visit, a deployment or force goes
        ("arrived in Amman", "troops were sent to Kuwait", "shelling in Kharkiv");
        never where a meeting merely takes place."""
        if not self.by_token or self.kb is None:
            return None
        aimed = code.startswith(self._AIMED)
        if aimed:  # "shelled Kharkiv", "Kharkiv was shelled"
            for patient in tok.children:
                if patient.dep_ in ("dobj", "nsubjpass") and patient.i in self.by_token:
                    return self.promote(self.by_token[patient.i], index)
        heads = [tok, *(c for c in tok.children if c.dep_ in ("dobj", "xcomp"))]
        for head in heads:
            for prep in head.children:
                if prep.lower_ not in self._PREPS or not (aimed or prep.lower_ in ("to", "into")):
                    continue
                obj = child(prep, "pobj")
                if obj is not None and obj.i in self.by_token:
                    return self.promote(self.by_token[obj.i], index)
        return None

    def first_in(self, tokens: Iterable[Token], index: ActorIndex) -> ActorData | None:
        """The state of the first place among ``tokens``, made an actor."""
        if self.kb is None:
            return None
        for tok in tokens:
            if tok.i in self.by_token:
                return self.promote(self.by_token[tok.i], index)
        return None

    def promote(self, place: PlaceData, index: ActorIndex) -> ActorData:
        assert self.kb is not None
        assert place.country is not None
        actors: list[ActorData] = self.doc._.actors
        actor = next((a for a in actors if a.key == ("state", place.country)), None)
        if actor is None:
            st = self.kb.states[place.country]
            memberships = self.kb.memberships_on(st.code, self.published)
            actor = ActorData(
                ("state", st.code),
                st.name,
                "state",
                st.code,
                country=st.code,
                memberships=memberships,
            )
            actors.append(actor)
        span = self.doc.char_span(place.start, place.end)
        assert span is not None
        if place not in self.used:
            actor.mentions.append(
                ActorMention(place.start, place.end, "place", span.start, span.end)
            )
            self.used.append(place)
            index.add(actor, span.start, span.end)
        return actor

    def finish(self) -> None:
        if not self.used and not self.added:
            return
        self.doc._.places = [p for p in self.doc._.places if p not in self.used]
        for actor in self.doc._.actors:
            actor.mentions.sort(key=lambda m: m.start)
        self.doc._.actors.sort(key=lambda a: a.mentions[0].start)


class Fallback:
    """The source or target of an event whose syntactic roles name none."""

    def __init__(
        self,
        index: ActorIndex,
        places: PlaceTargets,
        nouns: dict[str, str] | None = None,
        tokens: Iterable[Token] = (),
    ) -> None:
        self.index = index
        self.places = places
        self.nouns = nouns or {}
        # "according to ..." phrases of the document, with their tokens
        self._according = [
            (tok.sent.start, {t.i for t in tok.subtree})
            for tok in tokens
            if tok.lower_ == "according"
        ]

    def collective(self, phrase: Token | None) -> ActorData | None:
        """ "Rebels", "students", "the opposition" with no state named: an actor of that
        sector, of the one state the sentence names if it names one ("rebels shelled
        Juba": Sudanese rebels, SDNREB), else of none (``REB``, as CAMEO codes agents
        without a country). One actor per sector and state in a document."""
        if phrase is None:
            return None
        while phrase.lemma_.lower() in _QUANTITIES or phrase.pos_ == "NUM":
            of = next((c for c in phrase.children if c.lower_ == "of"), None)
            inner = child(of, "pobj")
            if inner is None:
                break
            phrase = inner  # "hundreds of thousands of people": people
        if phrase.pos_ not in ("NOUN", "PROPN"):
            return None
        start = min((c.i for c in phrase.children if c.dep_ == "compound"), default=phrase.i)
        doc = phrase.doc
        for first in range(start, phrase.i + 1):
            sector = self.nouns.get(doc[first : phrase.i + 1].text.lower())
            if sector is not None:
                break
        else:
            return None
        if sector in _DESCRIBED_SECTORS:
            return None  # "the government", "officials": the actor layer resolves these
        span = doc[first : phrase.i + 1]
        country = self._one_country(phrase.subtree) or self._one_country(phrase.sent)
        if country is None and sector in _STATE_SECTORS:
            return None  # "troops" of no named state are nobody's in particular
        actors: list[ActorData] = doc._.actors
        key = ("sector", sector, country or "")
        actor = next((a for a in actors if a.key == key), None)
        if actor is None:
            code = f"{country or ''}{sector}"
            name = span.text.lower()
            kind = "organization" if country and sector in _STATE_SECTORS else "group"
            actor = ActorData(key, name, kind, code, country=country, sector=sector)
            actors.append(actor)
            self.places.added = True
        actor.mentions.append(
            ActorMention(span.start_char, span.end_char, "description", span.start, span.end)
        )
        self.index.add(actor, span.start, span.end)
        return actor

    def reporters(self, trigger: Token, reporter: Token | None) -> set[int]:
        """Tokens that name who tells of the event: the subjects of the reporting verbs
        it depends on, "according to ..." phrases. Never the target; the source only
        through "according to" (who says "we expelled" is often who did)."""
        out = self.attributions(trigger)
        tellers = [a for a in trigger.ancestors if a.lemma_.lower() in REPORTING]
        # "X accused Y ..., a member of the Z team said", parsed with "said" below
        tellers += [
            c
            for c in trigger.children
            if c.dep_ in ("parataxis", "ccomp", "advcl") and c.lemma_.lower() in REPORTING
        ]
        for verb in {*tellers, *([reporter] if reporter is not None else [])}:
            for c in verb.children:
                if c.dep_ in _SUBJECT_DEPS:
                    out.update(t.i for t in c.subtree)
        return out

    def attributions(self, trigger: Token) -> set[int]:
        """Tokens of "according to ..." phrases of the sentence that do not hold the
        trigger."""
        out: set[int] = set()
        if not self._according:
            return out
        sent = trigger.sent.start
        for start, phrase in self._according:
            if start == sent and trigger.i not in phrase:
                out |= phrase
        return out

    def subject(
        self, subject: Token | None, taken: list[ActorData], skip: set[int]
    ) -> ActorData | None:
        """The antecedent of a subject pronoun, a collective of a sector ("rebels",
        "security forces in Guinea"), or an actor inside the subject phrase."""
        if subject is None:
            return None
        if subject.lower_ in _PERSONAL | _IMPERSONAL:
            # who says "it will" is its antecedent: the reporter is not skipped here
            return self._antecedent(subject, taken)
        if (found := self.collective(subject)) is not None:
            return found  # "rebels shelled Juba", "security forces in Guinea"
        inner = [t for t in subject.subtree if t.i not in skip]
        return self._first(inner, taken) or self.places.first_in(inner, self.index)

    def source(self, trigger: Token, taken: list[ActorData], skip: set[int]) -> ActorData | None:
        """The nearest actor before the trigger; a place is where, never who."""
        before = [
            t
            for t in trigger.sent
            if t.i < trigger.i and t.i not in skip and t.i not in self.places.by_token
        ]
        return self._first(reversed(before), taken)

    def target(
        self,
        trigger: Token,
        code: str,
        subject: Token | None,
        taken: list[ActorData],
        skip: set[int],
    ) -> ActorData | None:
        """In the trigger's phrase (nearest first, after the trigger, then before it),
        the state of a place in it, else the nearest actor after the trigger. A statement
        is not aimed at the speaker's own state ("Hayashi said Japan would ...")."""
        skip = skip | ({t.i for t in subject.subtree} if subject is not None else set())
        if code.startswith("01"):
            own = {a.country for a in taken if a.country and a.kind != "state"}
            taken = taken + [a for a in self.index.actors() if a.kind == "state" and a.code in own]
        phrase = [t for t in trigger.subtree if t.i not in skip and t.i != trigger.i]
        after = [t for t in phrase if t.i > trigger.i]
        before = [t for t in reversed(phrase) if t.i < trigger.i]
        places = not code.startswith(tuple(_PLACE_NEUTRAL_ROOTS))
        found = None
        for tok in after:  # the nearest actor or place after the trigger
            found = self._first([tok], taken)
            place = self.places.by_token.get(tok.i) if places else None
            home = place is not None and any(a.key == ("state", place.country) for a in taken)
            if found is None and place is not None and not home:
                found = self.places.promote(place, self.index)
            if found is not None:
                break
        if found is None:
            found = self._first(before, taken)
        if found is None:
            rest = [t for t in trigger.sent if t.i > trigger.i and t.i not in skip]
            found = self._first(rest, taken)
        return found

    def _one_country(self, tokens: Iterable[Token]) -> str | None:
        """The state that ``tokens`` name, if they name exactly one."""
        found: set[str | None] = set()
        for t in tokens:
            if (actor := self.index.at(t)) is not None:
                found.add(actor.country)
            if (place := self.places.by_token.get(t.i)) is not None:
                found.add(place.country)
        found.discard(None)
        return found.pop() if len(found) == 1 else None

    def _antecedent(self, pronoun: Token, taken: list[ActorData]) -> ActorData | None:
        """The nearest earlier actor of the sentence that the pronoun can stand for."""
        word = pronoun.lower_
        for tok in reversed([t for t in pronoun.sent if t.i < pronoun.i]):
            actor = self.index.at(tok)
            if actor is None or any(actor is a for a in taken):
                continue
            if word in _PLURAL or (actor.kind == "person") == (word in _PERSONAL):
                return actor
        return None

    def _first(self, tokens: Iterable[Token], taken: list[ActorData]) -> ActorData | None:
        for tok in tokens:
            actor = self.index.at(tok)
            if actor is not None and all(actor is not a for a in taken):
                return actor
        return None
