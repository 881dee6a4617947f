"""Did it happen? asserted, planned, reported, negated or hypothetical, from the parse.

Checked in this order, the first that holds wins: a negation on the trigger or a
refusal governing it ("did not sign", "refused to sign") -> negated; a conditional
or a modal of possibility ("if", "could", "would") -> hypothetical; a future or an
intention ("will", "plans to", "is set to") -> planned; the trigger inside what
someone said or claimed ("X said Y attacked Z") -> reported, with the claimant;
otherwise asserted. A planned or negated event is not an event that happened.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

NEGATORS = frozenset({"refuse", "decline", "fail", "deny", "reject", "avoid", "stop"})
PLANNERS = frozenset(
    "plan intend aim expect prepare seek want hope propose schedule set vow pledge promise "
    "agree decide threaten offer ready prepared willing poised determined eager".split()
)
REQUESTERS = frozenset(
    "urge ask call demand request press persuade encourage invite appeal advise tell".split()
)
DEMAND_AUX = frozenset({"must"})
HYPOTHETICAL_AUX = frozenset({"could", "would", "might", "may", "should"})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether"})
REPORTING = frozenset(
    "say tell state claim report allege announce insist add note stress confirm accuse "
    "write argue suggest believe think warn reiterate repeat declare emphasize emphasise "
    "underline underscore maintain assert affirm predict contend conclude explain remark "
    "comment".split()
)
PLANNED_MODIFIERS = frozenset({"planned", "upcoming", "proposed", "future", "next", "scheduled"})


def _clause_head(tok: Token) -> Token:
    """Climb out of coordinations and open complements to the clause's main verb
    ("... must be *ready to mediate*")."""
    while tok.dep_ in ("conj", "xcomp", "acomp") and tok.head is not tok:
        tok = tok.head
    return tok


@dataclass(frozen=True)
class Mood:
    """The modality, the reporting verb (for the claimant), and why, where CAMEO has a
    code of its own for it: ``refused``, ``threat`` (a conditional use of force),
    ``demand`` ("X must ...")."""

    modality: str
    reporter: Token | None = None
    reason: str | None = None


def modality(trigger: Token, *, negation_coded: bool = False) -> Mood:
    """The modality of an event whose trigger is ``trigger``. With ``negation_coded``
    the trigger's own negation is part of its code ("will not back down" is a refusal,
    124; "did not rule out" keeps an option open, 014) and does not negate it."""
    children = list(trigger.children)
    chain = _governors(trigger)
    future = any(_has_aux(t, FUTURE_AUX | {"would"}) for t in chain)
    if any(t.lemma_.lower() in NEGATORS for t in chain[1:]):
        return Mood("negated", reason="refused")
    if any(c.dep_ == "neg" for c in children if not negation_coded) or any(
        c.dep_ == "neg" for t in chain[1:] for c in t.children
    ):
        return Mood("negated", reason="refused" if future else None)
    if any(_has_aux(t, DEMAND_AUX) for t in chain):
        return Mood("hypothetical", _reporter(trigger), "demand")
    if any(_has_mark(t, CONDITIONAL_MARKS) for t in chain):
        return Mood("hypothetical", reason="threat" if future else None)
    if any(_has_aux(t, HYPOTHETICAL_AUX - {"would"}) for t in chain):
        return Mood("hypothetical")
    if any(t.lemma_.lower() in REQUESTERS for t in chain[1:]):
        return Mood("hypothetical")  # "urged Iran to release": asked for, not done
    if future or any(t.lemma_.lower() in PLANNERS for t in chain[1:]):
        return Mood("planned")
    if trigger.pos_ == "NOUN" and any(c.lower_ in PLANNED_MODIFIERS for c in children):
        return Mood("planned")
    reporter = _reporter(trigger)
    if reporter is not None:
        return Mood("reported", reporter)
    return Mood("asserted")


def _reporter(trigger: Token) -> Token | None:
    """The reporting verb whose complement holds the trigger ("Kyiv *said* Russia ...")."""
    head = _clause_head(trigger)
    if head.dep_ in ("ccomp", "advcl") and head.head.lemma_.lower() in REPORTING:
        return head.head
    return None


def _governors(trigger: Token) -> list[Token]:
    """The trigger and the verbs it depends on through xcomp/conj (and a noun's verb)."""
    chain = [trigger]
    tok = trigger
    if tok.pos_ == "NOUN" and tok.dep_ in ("dobj", "nsubjpass", "pobj"):
        tok = tok.head if tok.dep_ != "pobj" else tok.head.head
        chain.append(tok)
    while tok.dep_ in ("xcomp", "conj", "acomp") and tok.head is not tok:
        tok = tok.head
        chain.append(tok)
    return chain


def _has_aux(tok: Token, words: frozenset[str]) -> bool:
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ in words for c in tok.children)


def _has_mark(tok: Token, words: frozenset[str]) -> bool:
    while True:
        if any(c.dep_ == "mark" and c.lower_ in words for c in tok.children):
            return True
        if tok.dep_ not in ("conj", "xcomp", "ccomp", "advcl") or tok.head is tok:
            return False
        tok = tok.head
