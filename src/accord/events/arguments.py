"""Which actors fill a trigger's roles: subjects, objects, prepositional objects.

An :class:`ActorIndex` maps tokens to the actors whose mentions cover them. A noun
phrase's actor is the actor of its head, else of the nearest actor inside the phrase
("officials from Japan", "the government of Japan"); coordinated phrases give one
actor each ("Japan, South Korea and Australia").
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Token

from ..actors.resolve import ActorData

# Dependents through which a noun phrase's actor may be found below its head.
_INNER_DEPS = frozenset({"compound", "amod", "poss", "nmod", "appos", "prep", "pobj", "npadvmod"})
_INNER_PREPS = frozenset({"of", "from", "in"})


class ActorIndex:
    def __init__(self, doc: Doc, actors: Iterable[ActorData]) -> None:
        self.doc = doc
        self._by_token: dict[int, ActorData] = {}
        for actor in actors:
            for m in actor.mentions:
                for i in range(m.token_start, m.token_end):
                    self._by_token.setdefault(i, actor)

    def add(self, actor: ActorData, start: int, end: int) -> None:
        for i in range(start, end):
            self._by_token.setdefault(i, actor)

    def actors(self) -> list[ActorData]:
        """Every actor the index knows, once each."""
        return list({id(a): a for a in self._by_token.values()}.values())

    def at(self, token: Token) -> ActorData | None:
        return self._by_token.get(token.i)

    def phrase(self, head: Token) -> ActorData | None:
        """The actor a noun phrase names: its head's, else the closest inside it."""
        tok = self._actor_token(head)
        return None if tok is None else self._by_token[tok.i]

    def _actor_token(self, head: Token) -> Token | None:
        if head.i in self._by_token:
            return head
        frontier = [c for c in head.children if c.dep_ in _INNER_DEPS]
        for _ in range(3):
            found = [t for t in frontier if t.i in self._by_token]
            if found:
                # "bin Laden's al-Qaeda network": the phrase's own name, not its owner
                return min(found, key=lambda t: t.dep_ == "poss")
            frontier = [
                c
                for t in frontier
                for c in t.children
                if c.dep_ in _INNER_DEPS and (t.dep_ != "prep" or t.lower_ in _INNER_PREPS)
            ]
        return None

    def phrases(self, head: Token | None) -> list[ActorData]:
        """The actors of a phrase and of the phrases coordinated with it, in order; also
        of coordinated modifiers ("Chinese and Philippine vessels": both)."""
        if head is None:
            return []
        out: list[ActorData] = []
        for tok in (head, *head.conjuncts):
            found = self._actor_token(tok)
            if found is None:
                continue
            if found is tok:  # "Hungarian and Romanian officials": both modifiers
                coordinated = [
                    c
                    for m in tok.children
                    if m.dep_ in ("amod", "compound") and m.conjuncts
                    for c in (m, *m.conjuncts)
                ]
            else:
                coordinated = list(found.conjuncts)
            for t in (found, *coordinated):
                actor = self._by_token.get(t.i)
                if actor is not None and all(actor is not a for a in out):
                    out.append(actor)
        return out


def child(tok: Token | None, dep: str) -> Token | None:
    """The first child of ``tok`` with dependency label ``dep``."""
    if tok is None:
        return None
    return next((c for c in tok.children if c.dep_ == dep), None)
