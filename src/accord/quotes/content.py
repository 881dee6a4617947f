"""What a verb reports: candidate contents and the learned model that picks them.

Every verb outside a direct quote proposes what it might report: its clausal
complement ("said *that ...*"), its open complement ("urged the court *to ...*"), its
object ("criticised *the decision*"), the object of its preposition ("called *for
talks*") and, when the verb is tucked into a clause ("..., he said, ..."), the clause
around it. Whether a candidate is reported speech, belief or stance depends on the
verb, on who its subject is and on the shape of the candidate, so a logistic model
over those features decides (``accord train quotes`` fits it; the shipped weights are
``data/indirect.json``, described in ``docs/models/quotes.md``). No feature is a name:
only verb lemmas, parts of speech, dependency labels and the kind of actor.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from spacy.tokens import Doc, Token

from ..actors.resolve import ActorData
from ..learn import BinaryModel

# The dependents of a verb that can hold what it reports.
_COMPLEMENTS = ("ccomp", "xcomp", "dobj")
# Words that open a reported question or clause.
_OPENERS = frozenset("that whether if how what why who when where which".split())
_SUBJECTS = ("nsubj", "nsubjpass")
MODEL_RESOURCE = "indirect.json"


@dataclass(frozen=True)
class Candidate:
    """A stretch of tokens ``start:end`` that ``cue`` may report."""

    cue: Token
    start: int  # token indices
    end: int
    kind: str  # "ccomp", "xcomp", "dobj", "prep:for", "around"
    features: tuple[str, ...]


def candidates(
    doc: Doc,
    skip: Callable[[Token], bool],
    content_end: Callable[[Token, Token], int],
    actor_at: dict[int, ActorData],
) -> Iterator[Candidate]:
    """Every candidate content of every verb ``skip`` lets through."""
    tokens = list(doc)  # made once: ``doc[i]`` makes a new Token object on every call
    for tok in tokens:
        if tok.pos_ not in ("VERB", "AUX") or skip(tok):
            continue
        base = _cue_features(tok, actor_at)
        for child in tok.children:
            if child.dep_ in _COMPLEMENTS:
                kind = child.dep_
                head = child
                end = content_end(tok, child) if kind == "ccomp" else _phrase_end(child)
            elif child.dep_ == "prep":
                obj = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
                if obj is None:
                    continue
                kind = "prep:" + child.lower_
                head = obj
                end = _phrase_end(obj)
            else:
                continue
            start = head.left_edge.i
            if end - start < 1 or start < tok.i < end:
                continue
            shape = _content_features(tokens, tok, kind, head, start, end)
            yield Candidate(tok, start, end, kind, base + shape)
        tucked = tok.dep_ == "parataxis" or (tok.dep_ in ("ccomp", "advcl") and tok.head.i < tok.i)
        if tucked and tok.head is not tok:
            # "The deal, he said, is good": the clause the verb sits inside
            stretch = outside(tok, tok.head)
            if stretch is not None and stretch[1] - stretch[0] >= 2:
                start, end = stretch
                shape = _content_features(tokens, tok, "around", tok.head, start, end)
                yield Candidate(tok, start, end, "around", base + shape)


def outside(cue: Token, head: Token) -> tuple[int, int] | None:
    """The longest run of tokens of ``head``'s phrase outside ``cue``'s own phrase
    (token indices, end exclusive): the clause on the phrase's other side."""
    skip = {t.i for t in cue.subtree}
    best: tuple[int, int] | None = None
    run_start = -1
    last = -2
    for t in head.subtree:
        if t.i in skip:
            continue
        if t.i != last + 1:
            run_start = t.i
        last = t.i
        if best is None or last + 1 - run_start > best[1] - best[0]:
            best = (run_start, last + 1)
    return best


def _phrase_end(head: Token) -> int:
    """The end of ``head``'s phrase short of a comment set off by a comma ("the
    decision*, which* ...", "her granddaughter*, a reference point* ...")."""
    end = head.right_edge.i + 1
    if head.pos_ in ("VERB", "AUX"):
        return end
    doc = head.doc
    for child in head.rights:
        if child.dep_ in ("relcl", "appos", "acl") and child.left_edge.i > head.i + 0:
            before = child.left_edge.i - 1
            if before > head.i and doc[before].text == ",":
                return min(end, before)
    return end


def _cue_features(tok: Token, actor_at: dict[int, ActorData]) -> tuple[str, ...]:
    lemma = tok.lemma_.lower()
    subject = subject_of(tok)
    if subject is None:
        who = "none"
    elif subject.i in actor_at:
        who = "actor:" + actor_at[subject.i].kind
    elif subject.pos_ == "PRON":
        who = "pron:" + subject.lower_
    else:
        who = subject.pos_ + ":" + (subject.ent_type_ or "-")
    negated = any(c.dep_ == "neg" for c in tok.children)
    passive = any(c.dep_ == "auxpass" for c in tok.children)
    return (
        "lemma=" + lemma,
        "tag=" + tok.tag_,
        "cue_dep=" + tok.dep_,
        "subject=" + who,
        "subject_kind=" + who.split(":")[0],
        "lemma_subject=" + lemma + "|" + who.split(":")[0],
        "negated=" + str(negated),
        "passive=" + str(passive),
    )


def _content_features(
    tokens: list[Token], cue: Token, kind: str, head: Token, start: int, end: int
) -> tuple[str, ...]:
    lemma = cue.lemma_.lower()
    words = tokens[start:end]
    size = len(words)
    has_verb = any(t.pos_ in ("VERB", "AUX") for t in words)
    clause = has_verb and any(t.dep_ in _SUBJECTS for t in words)
    first = tokens[start].lower_
    quoted = any(t.text in "\"“”‘’'«»" for t in words)
    return (
        "kind=" + kind,
        "lemma_kind=" + lemma + "|" + kind,
        "size=" + str(min(6, int(math.log2(size + 1)))),
        "kind_size=" + kind + "|" + str(min(6, int(math.log2(size + 1)))),
        "clause=" + str(clause),
        "kind_clause=" + kind + "|" + str(clause),
        "lemma_clause=" + lemma + "|" + str(clause),
        "opener=" + (first if first in _OPENERS else "-"),
        "head_pos=" + head.pos_,
        "kind_head_pos=" + kind + "|" + head.pos_,
        "head_ent=" + (head.ent_type_ or "-"),
        "quoted=" + str(quoted),
        "after=" + str(start > cue.i),
        "lemma_after=" + lemma + "|" + str(start > cue.i),
        "cue_dep_kind=" + cue.dep_ + "|" + kind,
    )


def subject_of(verb: Token) -> Token | None:
    """The verb's subject, inherited through coordination and participles ("he said,
    adding ...", "..., he told reporters, saying ...")."""
    tok = verb
    for _ in range(4):
        subject = next((c for c in tok.children if c.dep_ in _SUBJECTS), None)
        if subject is not None:
            return subject
        if tok.dep_ not in ("conj", "advcl", "xcomp", "ccomp") or tok.head is tok:
            return None
        tok = tok.head
    return None


#: The indirect-quote model is a binary logistic model (:mod:`accord.learn`).
ContentModel = BinaryModel


@cache
def shipped_model() -> BinaryModel:
    """The weights that ship with accord."""
    text = resources.files("accord.quotes").joinpath("data", MODEL_RESOURCE).read_text("utf-8")
    return BinaryModel.from_json(json.loads(text))
