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
from ..actors.resolve import ActorData
from .arguments import ActorIndex, child
from .dates import event_date
from .modality import modality
from .patterns import Patterns, Rule
from .roles import Fallback, PlaceTargets

_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
_INHERIT_DEPS = ("xcomp", "conj", "advcl", "acomp")
_RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
_LOCATIVE = frozenset({"in", "at", "near", "outside", "off"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_PARTICLES = frozenset({"back", "out", "off", "down", "up", "away", "over", "in", "on"})
# Verbs whose object is the audience addressed.
_ADDRESSING = frozenset({"tell", "address", "brief", "inform", "assure", "remind"})
# Adjectives that make their subject the author of the event noun after them.
_CULPABLE = frozenset({"responsible", "guilty", "culpable", "accountable", "liable"})
# Prepositions after which an event noun sets the scene of the sentence's own event.
_SCENE_PREPS = frozenset(
    "after before since following during amid amidst despite because pending".split()
)
# Codes whose passive subject, with no agent, is the actor: forces deployed, mobilised.
_SELF_MOVING = ("15",)
# How an event's trigger may hang below another's and still be an event of its own.
_COORDINATED = frozenset({"conj", "nsubj", "nsubjpass"})
_SAYING = ("01",)  # statements: what they say is the event
_MEDIATING = ("045",)  # codes whose "between X and Y" names the parties, not the actors
_JOINT = {"150": "062"}  # "Russia and China held naval drills": military cooperation
# Heads through which an event noun in front of them is still an event: "a mediation
# effort"; before other nouns it only describes them ("truce monitors", "protest leaders").
_EFFORTS = frozenset("effort mission initiative bid campaign operation attempt drive".split())


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
    subject: Token | None = None  # the phrase that names who acts, found or not


class Extractor:
    def __init__(self, patterns: Patterns, kb: KnowledgeBase | None = None) -> None:
        self.patterns = patterns
        self.kb = kb
        self.nouns = {n.noun.lower(): n.sector for n in kb.nouns} if kb is not None else {}
        # the lemmas some verb rule is for, with or without a particle: any other verb
        # is passed over before its particles are looked for
        self._verb_lemmas = frozenset(lemma for lemma, _ in patterns.verbs)

    def __call__(self, doc: Doc, published: dt.date | None) -> list[EventData]:
        index = ActorIndex(doc, doc._.actors or [])
        self._index = index
        self._places = PlaceTargets(doc, self.kb, published)
        tokens = list(doc)  # one Token object each, iterated several times below
        self._fallback = Fallback(index, self._places, self.nouns, tokens)
        dates = [e for e in doc.ents if e.label_ == "DATE"]
        events: list[EventData] = []
        used_nouns: set[int] = set()
        nouns = self.patterns.nouns
        event_nouns = {
            t.i
            for t in tokens
            if t.pos_ == "NOUN" and (t.lemma_.lower() in nouns or t.lower_ in nouns)
        }
        for tok in tokens:
            pos = tok.pos_
            if pos not in ("VERB", "NOUN") or tok.i in used_nouns:
                continue
            if _background(tok, event_nouns):
                continue
            found = self._verb(tok, index) if pos == "VERB" else self._noun(tok, index)
            if found is None:
                continue
            rule, roles, noun = found
            place = None if roles.targets else self._places.target(tok, rule.code, index)
            if place is not None:
                roles = _Roles(roles.sources, [place], roles.subject)  # "arrived in Amman"
            if noun is not None:
                used_nouns.add(noun.i)  # "impose sanctions": one event, not two
            if rule.xcomp:  # "threatened to attack": the code already says what
                for comp in (c for c in tok.children if c.dep_ == "xcomp"):
                    used_nouns.add(comp.i)  # "agreed to lift embargoes": and its object
                    used_nouns.update(c.i for c in comp.children if c.dep_ == "dobj")
            events += self._events(tok, rule, roles, index, dates, published)
        events += self._statements(tokens, index, events, dates, published)
        self._places.finish()
        return _main_events(_one_per_incident(events), tokens)

    def _statements(
        self,
        tokens: list[Token],
        index: ActorIndex,
        events: list[EventData],
        dates: list[Span],
        published: dt.date | None,
    ) -> list[EventData]:
        """ "X said (that) ...", where nothing in what X said is coded: a statement."""
        said = self.patterns.statements
        triggers = {e.trigger[0] for e in events}
        spoken: set[int] = set()
        out: list[EventData] = []
        for tok in tokens:
            if tok.pos_ != "VERB" or tok.lemma_.lower() not in said.verbs or tok.idx in triggers:
                continue
            content = child(tok, "ccomp")
            if content is None or any(t.idx in triggers for t in content.subtree):
                continue
            if any(a.i in spoken for a in tok.ancestors):
                continue  # "told X that ..., adding that ...": one statement
            subject = self._subject_phrase(tok)
            sources = index.phrases(subject)
            if not sources:
                continue
            spoken.add(tok.i)
            rule = Rule(code=said.code({t.lemma_.lower() for t in content.subtree}))
            about = index.phrases(child(content, "nsubj") or child(content, "nsubjpass"))
            # "Hayashi said Japan would ...": about the speaker's own state, no dyad
            own = {a.country for a in sources if a.country}
            about = [
                a for a in about if a not in sources and not (a.kind == "state" and a.code in own)
            ]
            roles = _Roles(sources, about, subject)
            out += self._events(tok, rule, roles, index, dates, published)
        return out

    # -- verbs --------------------------------------------------------------------
    def _verb(self, tok: Token, index: ActorIndex) -> tuple[Rule, _Roles, Token | None] | None:
        lemma = tok.lemma_.lower()
        if lemma not in self._verb_lemmas:
            return None
        # the particle, or an adverb the parser did not attach as one ("hit back")
        particles = [c.lower_ for c in tok.children if c.dep_ == "prt"] + [
            c.lower_ for c in tok.children if c.dep_ == "advmod" and c.lower_ in _PARTICLES
        ]
        verbs = self.patterns.verbs
        rules = next((verbs[(lemma, p)] for p in particles if (lemma, p) in verbs), None)
        rules = rules or verbs.get((lemma, None))
        if not rules:
            return None
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
        obj = child(tok, "nsubjpass") if passive else child(tok, "dobj")
        subject = _agent(tok) if passive else self._subject_phrase(tok)
        rule = next((r for r in rules if self._verb_rule_holds(r, tok, obj, subject)), None)
        if rule is None:
            return None
        if passive and subject is None and rule.code.startswith(_SELF_MOVING):
            # "Chinese troops were deployed to the border": the force is who acts
            subject, obj = obj, None
        targets = self._targets(tok, obj, rule, index)
        return rule, _Roles(index.phrases(subject), targets, subject), obj

    def _targets(
        self, tok: Token, obj: Token | None, rule: Rule, index: ActorIndex, depth: int = 0
    ) -> list[ActorData]:
        """Object, dative or prepositional target; else the target of the open complement
        ("agreed to provide aid for Romania", "offered to hand them over to Britain").
        Where the rule names the complement ("agreed to lift embargoes on Iran"), the
        complement's target comes first: it is whom the coded action is aimed at."""
        xcomp = child(tok, "xcomp")
        if rule.xcomp and xcomp is not None and depth == 0:
            passive = any(c.dep_ == "nsubjpass" for c in xcomp.children)
            inner = child(xcomp, "nsubjpass") if passive else child(xcomp, "dobj")
            if found := self._targets(xcomp, inner, rule, index, depth + 1):
                return found
        targets = index.phrases(obj) or index.phrases(child(tok, "dative"))
        if not targets:
            targets = self._prep_targets(tok, obj, rule, index)
        ccomp = child(tok, "ccomp")
        if not targets and ccomp is not None:  # "demanded that the US cancel ..."
            targets = index.phrases(child(ccomp, "nsubj") or child(ccomp, "nsubjpass"))
        if not targets and xcomp is not None and depth < 2:
            passive = any(c.dep_ == "nsubjpass" for c in xcomp.children)
            inner = child(xcomp, "nsubjpass") if passive else child(xcomp, "dobj")
            targets = self._targets(xcomp, inner, rule, index, depth + 1)
        return targets

    def _verb_rule_holds(
        self, rule: Rule, tok: Token, obj: Token | None, subject: Token | None
    ) -> bool:
        if rule.objects and (
            obj is None or not (_lemmas(obj) & rule.objects or "*" in rule.objects)
        ):
            return False
        if rule.objects and obj is not None and self._own_event(obj, rule):
            return False
        if rule.subjects and (subject is None or not _subject_lemmas(subject) & rule.subjects):
            return False
        if rule.preps and not _preps(tok, obj) & rule.preps:
            return False
        if rule.prep_objects and not _prep_objects(tok, obj, rule.preps) & rule.prep_objects:
            return False
        if rule.xcomp and not any(
            c.dep_ == "xcomp" and c.lemma_.lower() in rule.xcomp for c in tok.children
        ):
            return False
        if rule.negated is not None:
            return rule.negated == any(c.dep_ == "neg" for c in tok.children)
        return True

    def _own_event(self, obj: Token, rule: Rule) -> bool:
        """The object is an event noun of its own that the rule names only by a word in
        front of it: in "launched war games" the games decide, not "war"."""
        if obj.lemma_.lower() in _PARTITIVES and (inner := child(child(obj, "prep"), "pobj")):
            if obj.lemma_.lower() in rule.objects:
                return False
            obj = inner  # "launched ten days of war games"
        head = obj.lemma_.lower()
        if head not in self.patterns.nouns or head in rule.objects or "*" in rule.objects:
            return False
        return not any(c.lemma_.lower() in rule.objects for c in obj.conjuncts)

    def _subjects(self, tok: Token, index: ActorIndex) -> list[ActorData]:
        return index.phrases(self._subject_phrase(tok))

    def _subject_phrase(self, tok: Token) -> Token | None:
        """The phrase naming who acts: the subject, inherited along "agreed to sign" /
        "met and signed" / "guilty of violating"; a relative clause's noun; the object
        that controls an open complement if it names an actor ("urged Iran to ...": Iran
        acts; in "used tear gas to disperse ..." the subject does)."""
        for _ in range(5):
            subject = next((c for c in tok.children if c.dep_ in _SUBJECT_DEPS), None)
            if subject is not None:
                if subject.lower_ in _RELATIVE_PRONOUNS and tok.dep_ == "relcl":
                    return tok.head
                return subject
            if tok.dep_ == "relcl" or (tok.dep_ == "acl" and tok.tag_ == "VBG"):
                return tok.head  # "Japan, which signed", "demonstrators protesting ..."
            if tok.dep_ == "pcomp" and tok.head.head is not tok.head:
                # "guilty of violating": up through the preposition; "accused China of
                # violating": the object does it
                tok = tok.head
            elif tok.dep_ not in _INHERIT_DEPS or tok.head is tok:
                return None
            controlled = tok.dep_ == "xcomp" or (tok.dep_ == "prep" and tok.head.pos_ == "VERB")
            controller = child(tok.head, "dobj") if controlled else None
            if controller is not None and self._index.phrases(controller):
                return controller
            tok = tok.head
        return None

    def _prep_targets(
        self, tok: Token, obj: Token | None, rule: Rule, index: ActorIndex
    ) -> list[ActorData]:
        for head in (tok, obj):
            if head is None:
                continue
            # On the object noun, "by" and "of" name its author or subject too:
            # "rejected calls by Annan", "demanded the removal of the president".
            preps = rule.target_preps if head is tok else (*rule.target_preps, "by", "of")
            candidates = [p for p in head.children if p.dep_ == "prep" and p.lower_ in preps]
            # in the rule's order: "complained to the UN over the raids" -> about the raids
            for prep in sorted(candidates, key=lambda p: preps.index(p.lower_)):
                found = index.phrases(child(prep, "pobj"))
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
                    if prep.dep_ != "prep" or (pobj := child(prep, "pobj")) is None:
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
                and (not r.prep_objects or _prep_objects(tok, None, r.preps) & r.prep_objects)
            ),
            None,
        )
        if rule is None:
            return None
        return rule, self._noun_roles(tok, rule, index), None

    def _noun_roles(self, tok: Token, rule: Rule, index: ActorIndex) -> _Roles:
        if tok.dep_ == "compound" and tok.head.pos_ == "NOUN":
            # "a mediation effort between X and Y", "peace talks with Y": the phrase's
            # head carries the roles
            tok = tok.head
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_ in _PARTITIVES:
            tok = tok.head.head  # "launched ten days of war games"
        sources: list[ActorData] = []
        targets: list[ActorData] = []
        # "talks between X and Y", "the signing of agreements between X and Y"; a
        # mediation between X and Y is someone else's, aimed at both
        parties: list[ActorData] = []
        heads = [tok, *(child(p, "pobj") for p in tok.children if p.lower_ == "of")]
        for head in heads:
            between = (
                next((p for p in head.children if p.lower_ == "between"), None) if head else None
            )
            if between is not None and (pair := index.phrases(child(between, "pobj"))):
                if not rule.code.startswith(_MEDIATING):
                    return _Roles(pair[:1], pair[1:])
                parties = pair
        for dep in tok.children:
            if dep.dep_ in ("poss", "compound", "amod", "nmod") and (a := index.phrase(dep)):
                sources.append(a)
        targets = parties or self._prep_targets(tok, None, rule, index)
        if not targets and tok.dep_ == "dobj":  # "held exercises with X": X hangs on the verb
            targets = self._prep_targets(tok.head, None, rule, index)
        subject = None
        if tok.dep_ in ("dobj", "pobj", "attr"):
            verb = tok.head if tok.dep_ != "pobj" else tok.head.head
            if verb.dep_ == "acomp" and verb.lemma_.lower() in _CULPABLE:
                verb = verb.head  # "is responsible for mass killings"
            if verb.pos_ in ("VERB", "AUX"):
                subject = self._subject_phrase(verb)
                sources = sources or index.phrases(subject)
        return _Roles(sources, targets, subject)

    # -- events -------------------------------------------------------------------
    def _complete(
        self, tok: Token, code: str, roles: _Roles, reporter: Token | None
    ) -> tuple[_Roles, bool]:
        """Fill an empty side from the rest of the sentence; say whether it was guessed.

        An event needs one side that the parse gives (its subject phrase counts); the
        other may be the nearest fitting actor."""
        if roles.sources and (roles.targets or len(roles.sources) > 1):
            return roles, False
        skip = self._fallback.reporters(tok, reporter)
        sources, targets = list(roles.sources), list(roles.targets)
        if not sources and (found := self._fallback.subject(roles.subject, targets, skip)):
            sources = [found]
        if not sources and not targets:
            return roles, False
        attributions = self._fallback.attributions(tok)
        if not sources and (found := self._fallback.source(tok, targets, attributions)):
            sources = [found]
        if not targets and len(sources) < 2:
            found = self._fallback.target(tok, code, roles.subject, sources, skip)
            targets = [found] if found is not None else []
        guessed = (sources, targets) != (roles.sources, roles.targets)
        return _Roles(sources, targets, roles.subject), guessed

    def _events(
        self,
        tok: Token,
        rule: Rule,
        roles: _Roles,
        index: ActorIndex,
        dates: list[Span],
        published: dt.date | None,
    ) -> list[EventData]:
        mood = modality(tok, negation_coded=bool(rule.negated))
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
        roles, guessed = self._complete(tok, code, roles, mood.reporter)
        if not roles.sources and not roles.targets:
            return []
        future = mood.modality == "planned"
        date, precision = event_date(tok, dates, published, future)
        location = _location(tok)
        sent = tok.sent
        sources: list[ActorData | None] = list(roles.sources) or [None]
        targets: list[ActorData | None] = list(roles.targets) or [None]
        if len(roles.sources) > 1 and not roles.targets:
            # "Japan and India met": a joint action is coded both ways between the parties;
            # a show of force two parties stage together is a joint exercise
            targets = list(roles.sources)
            code = _JOINT.get(code, code)
        pairs = [(s, t) for s, t in product(sources, targets) if s is None or s is not t]
        if not pairs:  # "Iraqi Kurds demonstrated in Kirkuk": the place is their own state
            pairs = [(s, None) for s in sources]
        if code.startswith(self.patterns.mutual):
            # "held talks with Y", "signed a pact with Y": Y did it with X as much
            pairs += [(t, s) for s, t in pairs if s and t and (t, s) not in pairs]
        confidence = (
            0.5 + 0.2 * bool(roles.sources and roles.targets) + 0.1 * rule.specific - 0.15 * guessed
        )
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


def _background(tok: Token, event_nouns: set[int]) -> bool:
    """A mention of another event that sets the scene, not an event the sentence
    reports: a noun after a preposition of time or cause ("after two days of
    fighting", "since last month's invasion", "amid protests"), and the content of a
    noun ("a demand to sever ties", "an invitation to attend": the demand and the
    invitation are the events; "an attempt to assassinate" is the assassination's)."""
    if tok.dep_ == "acl" and any(c.dep_ == "aux" and c.tag_ == "TO" for c in tok.children):
        return tok.head.pos_ == "NOUN" and tok.head.i in event_nouns
    if tok.pos_ == "VERB" and tok.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass"):
        return any(c.dep_ == "det" for c in tok.children)  # "evacuated the wounded"
    if tok.pos_ == "VERB" and tok.dep_ in ("advcl", "pcomp"):
        # "..., one day after a jet shot down a helicopter": a clause of time or cause
        mark = next((c for c in tok.children if c.dep_ == "mark"), None)
        word = mark.lower_ if mark is not None else tok.head.lower_ if tok.dep_ == "pcomp" else ""
        return word in _SCENE_PREPS
    if tok.pos_ != "NOUN":
        return False
    if tok.dep_ == "compound" and tok.head.pos_ == "NOUN" and tok.head.i not in event_nouns:
        return tok.head.lemma_.lower() not in _EFFORTS
    if tok.dep_ in ("dobj", "dative") and tok.head.lemma_.lower() in _ADDRESSING:
        return True  # "told the summit that ...": the audience, not an event
    head = tok
    for _ in range(4):  # up through "of" phrases: "after two days of fighting"
        if head.dep_ != "pobj":
            return False
        prep = head.head
        if prep.lower_ in _SCENE_PREPS:
            return True
        if prep.lower_ == "of" and prep.head.lower_ in _SCENE_PREPS:  # "because of"
            return True
        if prep.lower_ != "of" or prep.head.pos_ not in ("NOUN", "NUM"):
            return False
        head = prep.head
    return False


def _one_per_incident(events: list[EventData]) -> list[EventData]:
    """One event per sentence, dyad, root code, modality and date: "opened fire ...,
    killing two" is one assault, told twice. The most confident (else the first) stays,
    and an event missing a side that another event of the sentence with the same root
    and date fills goes, whatever its modality ("wounded two soldiers in a bomb
    attack": the attack is the wounding)."""

    def incident(e: EventData) -> tuple[object, ...]:
        return (e.sentence, e.code[:2], e.modality, e.date)

    def side(e: EventData) -> tuple[object, ...]:  # a side is filled whatever the wording
        return (e.sentence, e.code[:2], e.date)

    best: dict[tuple[object, ...], EventData] = {}
    for e in events:
        key = (*incident(e), id(e.source), id(e.target))
        if key not in best or e.confidence > best[key].confidence:
            best[key] = e
    full = {(*side(e), id(e.source)) for e in best.values() if e.target is not None}
    full |= {(*side(e), "target", id(e.target)) for e in best.values() if e.source is not None}
    kept = {
        id(e)
        for e in best.values()
        if not (e.target is None and e.source is not None and (*side(e), id(e.source)) in full)
        and not (e.source is None and (*side(e), "target", id(e.target)) in full)
    }
    return [e for e in events if id(e) in kept]


def _main_events(events: list[EventData], tokens: list[Token]) -> list[EventData]:
    """Drop an event whose trigger hangs below another event's trigger: it is that
    event's content, purpose or circumstance, not a second thing that happened
    ("demanded that its partners *refuse* to recognise ...", "rejected the demand to
    *sever* the alliance", "retook the village after *fighting* ..."). Coordinated
    actions stay ("met and *signed*"), and so does a subject ("the *bombing* killed"),
    and what a statement says ("warned that police will *crack down*")."""
    starts = {e.trigger[0] for e in events if not e.code.startswith(_SAYING)}
    token_at = {t.idx: t for t in tokens}

    def governed(e: EventData) -> bool:
        tok = token_at[e.trigger[0]]
        if tok.dep_ in _COORDINATED:
            return False
        return any(a.idx in starts for a in tok.ancestors)

    return [e for e in events if not governed(e)]


def _agent(tok: Token) -> Token | None:
    return child(child(tok, "agent"), "pobj")


_PARTITIVES = frozenset(
    "part parts some most all much portion half rest bulk share "
    # measures: "700 kg of medicine", "ten days of war games", "a shipment of arms"
    "kg kilogram kilogramme ton tonne pound litre liter barrel gallon worth batch consignment "
    "shipment load cargo crate package round day week month".split()
)


def _lemmas(tok: Token) -> set[str]:
    """The object's head lemmas and their compounds ("the ceasefire agreement": agreement,
    ceasefire), through a partitive ("part of the aid program")."""
    heads: tuple[Token, ...] = (tok, *tok.conjuncts)
    if tok.lemma_.lower() in _PARTITIVES:
        of = next((c for c in tok.children if c.lower_ == "of"), None)
        inner = child(of, "pobj")
        if inner is not None:  # both: "suspended shipments of oil" is shipments and oil
            heads = (*heads, inner, *inner.conjuncts)
    words = [t for h in heads for t in (h, *h.children) if t is h or t.dep_ == "compound"]
    # the word as written too: "the wounded" is lemmatised "wound"
    return {t.lemma_.lower() for t in words} | {t.lower_ for t in words}


def _subject_lemmas(tok: Token) -> set[str]:
    """The subject's head, its modifiers, and the noun of an "of" after it: "the first
    deployment of NATO *peacekeeping troops*"."""
    heads = [tok, *(child(p, "pobj") for p in tok.children if p.lower_ == "of")]
    return {
        t.lemma_.lower()
        for h in heads
        if h is not None
        for t in (h, *h.children)
        if t is h or t.dep_ in ("compound", "amod")
    }


def _prep_objects(tok: Token, obj: Token | None, preps: frozenset[str]) -> set[str]:
    """Lemmas of the objects of the prepositions on the trigger or its object ("warned
    India *of retaliation*"), of ``preps`` only if given."""
    heads = [tok] if obj is None else [tok, obj]
    return {
        c.lemma_.lower()
        for h in heads
        for p in h.children
        if p.dep_ in ("prep", "agent") and (not preps or p.lower_ in preps)
        for c in (child(p, "pobj"),)
        if c is not None
    }


def _preps(tok: Token, obj: Token | None) -> set[str]:
    heads = [tok] if obj is None else [tok, obj]
    return {c.lower_ for h in heads for c in h.children if c.dep_ in ("prep", "agent")}


def _location(tok: Token) -> str | None:
    """A place attached to the trigger: "... on Hokkaido", "... in Kazan"."""
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in _LOCATIVE:
            obj = child(prep, "pobj")
            if obj is not None and obj.ent_type_ in _PLACE_LABELS:
                ent = next((e for e in obj.doc.ents if e.start <= obj.i < e.end), None)
                return ent.text if ent is not None else obj.text
    return None
