"""Events from the dependency parse: triggers, their codes, and who did it to whom.

For every verb and noun whose lemma the pattern dictionary knows, the first rule
whose conditions hold gives the CAMEO code. The source is the subject (the agent of a
passive, the possessor or modifier of a noun, the subject inherited through
"agreed to sign" or "met and signed"); the target is the object (the passive
subject), else the object of one of the rule's prepositions. Coordinated actors give
one event per pair. The wording's slant never decides the code: that is the
pattern dictionary's rule, and the framing layer flags the word.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import product

from spacy.tokens import Doc, Span, Token

from ..actors.kb import KnowledgeBase
from ..actors.resolve import ActorData, ActorMention, PlaceData
from .arguments import ActorIndex
from .dates import event_date
from .modality import modality
from .patterns import Patterns, Rule

_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
_INHERIT_DEPS = ("xcomp", "conj", "advcl", "acomp")
_RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
_LOCATIVE = frozenset({"in", "at", "near", "outside", "off"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Codes whose place is their target in CAMEO practice: visits, force posture, coercion,
# assault, fighting, mass violence.
_PLACE_TARGET_CODES = ("042", "15", "17", "18", "19", "20")


@dataclass
class EventData:
    """One coded event, as the ``accord_events`` stage leaves it on ``doc._.events``."""

    code: str
    source: ActorData | None
    target: ActorData | None
    trigger: tuple[int, int]  # character offsets
    sentence: tuple[int, int]
    modality: str
    claimant: ActorData | None
    date: str | None
    date_precision: str | None
    location: str | None
    confidence: float


@dataclass(frozen=True)
class _Roles:
    sources: list[ActorData]
    targets: list[ActorData]


class Extractor:
    def __init__(self, patterns: Patterns, kb: KnowledgeBase | None = None) -> None:
        self.patterns = patterns
        self.kb = kb

    def __call__(self, doc: Doc, published: dt.date | None) -> list[EventData]:
        index = ActorIndex(doc, doc._.actors or [])
        self._places = _PlaceTargets(doc, self.kb, published)
        dates = [e for e in doc.ents if e.label_ == "DATE"]
        events: list[EventData] = []
        used_nouns: set[int] = set()
        for tok in doc:
            if tok.pos_ == "VERB" and tok.i not in used_nouns:
                found = self._verb(tok, index)
            elif tok.pos_ == "NOUN" and tok.i not in used_nouns:
                found = self._noun(tok, index)
            else:
                continue
            if found is None:
                continue
            rule, roles, noun = found
            place = None if roles.targets else self._places.target(tok, rule.code, index)
            if place is not None:
                roles = _Roles(roles.sources, [place])  # "arrived in Amman": Jordan
            if noun is not None:
                used_nouns.add(noun.i)  # "impose sanctions": one event, not two
            if rule.xcomp:  # "threatened to attack": the code already says what
                used_nouns.update(c.i for c in tok.children if c.dep_ == "xcomp")
            events += self._events(tok, rule, roles, index, dates, published)
        self._places.finish()
        return events

    # -- verbs --------------------------------------------------------------------
    def _verb(self, tok: Token, index: ActorIndex) -> tuple[Rule, _Roles, Token | None] | None:
        particle = next((c.lower_ for c in tok.children if c.dep_ == "prt"), None)
        lemma = tok.lemma_.lower()
        rules = self.patterns.verbs.get((lemma, particle)) or self.patterns.verbs.get((lemma, None))
        if not rules:
            return None
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
        obj = _child(tok, "nsubjpass") if passive else _child(tok, "dobj")
        rule = next((r for r in rules if self._verb_rule_holds(r, tok, obj)), None)
        if rule is None:
            return None
        sources = index.phrases(_agent(tok)) if passive else self._subjects(tok, index)
        targets = self._targets(tok, obj, rule, index)
        return rule, _Roles(sources, targets), obj

    def _targets(
        self, tok: Token, obj: Token | None, rule: Rule, index: ActorIndex, depth: int = 0
    ) -> list[ActorData]:
        """Object, dative or prepositional target; else the target of the open complement
        ("agreed to provide aid for Romania", "offered to hand them over to Britain")."""
        targets = index.phrases(obj) or index.phrases(_child(tok, "dative"))
        if not targets:
            targets = self._prep_targets(tok, obj, rule, index)
        ccomp = _child(tok, "ccomp")
        if not targets and ccomp is not None:  # "demanded that the US cancel ..."
            targets = index.phrases(_child(ccomp, "nsubj") or _child(ccomp, "nsubjpass"))
        xcomp = _child(tok, "xcomp")
        if not targets and xcomp is not None and depth < 2:
            passive = any(c.dep_ == "nsubjpass" for c in xcomp.children)
            inner = _child(xcomp, "nsubjpass") if passive else _child(xcomp, "dobj")
            targets = self._targets(xcomp, inner, rule, index, depth + 1)
        return targets

    def _verb_rule_holds(self, rule: Rule, tok: Token, obj: Token | None) -> bool:
        if rule.objects and (obj is None or not _lemmas(obj) & rule.objects):
            return False
        if rule.preps and not _preps(tok, obj) & rule.preps:
            return False
        if rule.xcomp and not any(
            c.dep_ == "xcomp" and c.lemma_.lower() in rule.xcomp for c in tok.children
        ):
            return False
        if rule.negated is not None:
            return rule.negated == any(c.dep_ == "neg" for c in tok.children)
        return True

    def _subjects(self, tok: Token, index: ActorIndex) -> list[ActorData]:
        """The subject's actors, inherited along "agreed to sign" / "met and signed"."""
        seen = 0
        while seen < 4:
            subject = next((c for c in tok.children if c.dep_ in _SUBJECT_DEPS), None)
            if subject is not None:
                if subject.lower_ in _RELATIVE_PRONOUNS and tok.dep_ == "relcl":
                    return index.phrases(tok.head)
                return index.phrases(subject)
            if tok.dep_ == "relcl":
                return index.phrases(tok.head)
            if tok.dep_ not in _INHERIT_DEPS or tok.head is tok:
                return []
            if tok.dep_ == "xcomp" and (controller := _child(tok.head, "dobj")) is not None:
                return index.phrases(controller)  # "urged Iran to ...": Iran acts
            tok = tok.head
            seen += 1
        return []

    def _prep_targets(
        self, tok: Token, obj: Token | None, rule: Rule, index: ActorIndex
    ) -> list[ActorData]:
        for head in (tok, obj):
            if head is None:
                continue
            # On the object noun, "by" and "of" name its author or subject too:
            # "rejected calls by Annan", "demanded the removal of the president".
            preps = rule.target_preps if head is tok else (*rule.target_preps, "by", "of")
            for prep in head.children:
                if prep.dep_ == "prep" and prep.lower_ in preps:
                    found = index.phrases(_child(prep, "pobj"))
                    if found:
                        return found
        return self._nested_target(obj, rule, index) if obj is not None else []

    def _nested_target(self, obj: Token, rule: Rule, index: ActorIndex) -> list[ActorData]:
        """A target inside the object's own phrase, a few prepositions down: "to provide
        70 million dollars of aid *for Romania*"."""
        frontier = [obj]
        for _ in range(3):
            nxt = []
            for head in frontier:
                for prep in head.children:
                    if prep.dep_ != "prep" or (pobj := _child(prep, "pobj")) is None:
                        continue
                    if prep.lower_ in rule.target_preps and (found := index.phrases(pobj)):
                        return found
                    nxt.append(pobj)
            frontier = nxt
        return []

    # -- nouns --------------------------------------------------------------------
    def _noun(self, tok: Token, index: ActorIndex) -> tuple[Rule, _Roles, Token | None] | None:
        rules = self.patterns.nouns.get(tok.lemma_.lower()) or self.patterns.nouns.get(tok.lower_)
        if not rules:
            return None
        modifiers = {c.lemma_.lower() for c in tok.children if c.dep_ in ("amod", "compound")}
        rule = next(
            (
                r
                for r in rules
                if (not r.modifiers or modifiers & r.modifiers)
                and (not r.preps or _preps(tok, None) & r.preps)
            ),
            None,
        )
        if rule is None:
            return None
        sources, targets = self._noun_roles(tok, rule, index)
        return rule, _Roles(sources, targets), None

    def _noun_roles(
        self, tok: Token, rule: Rule, index: ActorIndex
    ) -> tuple[list[ActorData], list[ActorData]]:
        sources: list[ActorData] = []
        targets: list[ActorData] = []
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "between":
                pair = index.phrases(_child(child, "pobj"))
                sources, targets = pair[:1], pair[1:]
                return sources, targets
        for child in tok.children:
            if child.dep_ in ("poss", "compound", "amod", "nmod") and (a := index.phrase(child)):
                sources.append(a)
        targets = self._prep_targets(tok, None, rule, index)
        if not targets and tok.dep_ == "dobj":  # "held exercises with X": X hangs on the verb
            targets = self._prep_targets(tok.head, None, rule, index)
        if not sources and tok.dep_ in ("dobj", "pobj", "attr"):
            verb = tok.head if tok.dep_ != "pobj" else tok.head.head
            if verb.pos_ in ("VERB", "AUX"):
                sources = self._subjects(verb, index)
        return sources, targets

    # -- events -------------------------------------------------------------------
    def _events(
        self,
        tok: Token,
        rule: Rule,
        roles: _Roles,
        index: ActorIndex,
        dates: list[Span],
        published: dt.date | None,
    ) -> list[EventData]:
        if not roles.sources and not roles.targets:
            return []
        mood = modality(tok)
        claimant = None
        if mood.reporter is not None:
            claimants = self._subjects(mood.reporter, index)
            claimant = claimants[0] if claimants else None
        reason = mood.reason or ("planned" if mood.modality == "planned" else None)
        code = self.patterns.recoded(rule.code, reason)
        if reason == "threat" and code == rule.code:
            reason = None
        if reason == "demand":
            if claimant is None or code == rule.code:
                code = rule.code
            else:  # "Russia said Sudan must return it": Russia demands of Sudan
                roles = _Roles([claimant], list(roles.sources))
                claimant = None
        future = mood.modality == "planned"
        date, precision = event_date(tok, dates, published, future)
        location = _location(tok)
        sent = tok.sent
        sources: list[ActorData | None] = list(roles.sources) or [None]
        targets: list[ActorData | None] = list(roles.targets) or [None]
        if len(roles.sources) > 1 and not roles.targets:
            # "Japan and India met": a joint action is coded both ways between the parties
            targets = list(roles.sources)
        pairs = [(s, t) for s, t in product(sources, targets) if s is None or s is not t]
        confidence = 0.5 + 0.2 * bool(roles.sources and roles.targets) + 0.1 * rule.specific
        return [
            EventData(
                code=code,
                source=s,
                target=t,
                trigger=(tok.idx, tok.idx + len(tok.text)),
                sentence=(sent.start_char, sent.end_char),
                modality=mood.modality,
                claimant=claimant,
                date=date,
                date_precision=precision,
                location=location,
                confidence=round(confidence, 2),
            )
            for s, t in pairs
        ]


class _PlaceTargets:
    """States and capitals named as places that an event takes as its target.

    CAMEO codes the place of a visit, a deployment or an attack as its target ("arrived
    in Amman" -> JOR). Such a place becomes a mention (form ``place``) of its state's
    actor, created if needed, and leaves ``doc._.places``.
    """

    _PREPS = frozenset({"in", "at", "to", "into", "inside", "on"})

    def __init__(self, doc: Doc, kb: KnowledgeBase | None, published: dt.date | None) -> None:
        self.doc = doc
        self.kb = kb
        self.published = published
        self.by_token: dict[int, PlaceData] = {}
        self.used: list[PlaceData] = []
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
        aimed = code.startswith(_PLACE_TARGET_CODES)
        heads = [tok, *(c for c in tok.children if c.dep_ in ("dobj", "xcomp"))]
        for head in heads:
            for prep in head.children:
                if prep.lower_ not in self._PREPS or not (aimed or prep.lower_ in ("to", "into")):
                    continue
                obj = _child(prep, "pobj")
                if obj is not None and obj.i in self.by_token:
                    return self._promote(self.by_token[obj.i], index)
        return None

    def _promote(self, place: PlaceData, index: ActorIndex) -> ActorData:
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
        if not self.used:
            return
        self.doc._.places = [p for p in self.doc._.places if p not in self.used]
        for actor in self.doc._.actors:
            actor.mentions.sort(key=lambda m: m.start)
        self.doc._.actors.sort(key=lambda a: a.mentions[0].start)


def _child(tok: Token | None, dep: str) -> Token | None:
    if tok is None:
        return None
    return next((c for c in tok.children if c.dep_ == dep), None)


def _agent(tok: Token) -> Token | None:
    return _child(_child(tok, "agent"), "pobj")


def _lemmas(tok: Token) -> set[str]:
    return {t.lemma_.lower() for t in (tok, *tok.conjuncts)}


def _preps(tok: Token, obj: Token | None) -> set[str]:
    heads = [tok] if obj is None else [tok, obj]
    return {c.lower_ for h in heads for c in h.children if c.dep_ in ("prep", "agent")}


def _location(tok: Token) -> str | None:
    """A place attached to the trigger: "... on Hokkaido", "... in Kazan"."""
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in _LOCATIVE:
            obj = _child(prep, "pobj")
            if obj is not None and obj.ent_type_ in _PLACE_LABELS:
                ent = next((e for e in obj.doc.ents if e.start <= obj.i < e.end), None)
                return ent.text if ent is not None else obj.text
    return None
