"""What a verb reports: candidate contents and the learned model that picks them.

Every verb outside a direct quote proposes what it might report: its clausal
complement ("said *that ...*"), its open complement ("urged the court *to ...*"), its
object ("criticised *the decision*"), its object with what it says of it ("called *the
plan a failure*"), the object of its preposition ("called *for talks*"), its passive
subject ("*the plan* was criticised by ..."), its active subject ("*the talks* appear
stalled"), what it says of its subject and that phrase's prepositional object ("seemed
*unlikely*", "were optimistic *about the talks*"), the noun its relative clause or
participle describes ("*the plan* the ministry proposed") and, when the verb is tucked
into a clause ("..., he said, ..."), the clause around it. A noun proposes its clause
and the object of its preposition ("the claim *that ...*", "criticism *of the
plan*"), whose speaker is its owner ("*his* claim") or the subject of the verb it is
the object of ("*she* made the case that ..."). A content that runs on past
its own clause, or past a comma or dash, is proposed a second time without that tail,
and the model picks between the two. Whether a candidate is reported speech, belief or
stance depends on the verb, on who its subject is, on whether the verb sits inside
what another verb reports, and on the shape of the candidate and the words beside it
("..., *which*" after an object that stops short), so a logistic model over those
features decides (``accord train quotes`` fits it; the shipped weights are
``data/indirect.json``, described in ``docs/models/quotes.md``). No feature is a name:
only the lemmas of verbs and nouns, function words, parts of speech, dependency
labels, the kind of actor and the content's head word when it is not a proper noun or
part of a named entity.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from operator import add

import numpy
from spacy.attrs import POS
from spacy.parts_of_speech import AUX, NOUN, VERB
from spacy.tokens import Doc, Token

from ..actors.resolve import ActorData
from ..learn import BinaryModel

# The dependents of a verb that can hold what it reports.
_COMPLEMENTS = ("ccomp", "xcomp", "dobj")
# What a verb says of its subject: "seemed *unlikely*", "is *a mistake*".
_PREDICATES = ("acomp", "oprd", "attr")
# Words that open a reported question or clause.
_OPENERS = frozenset("that whether if how what why who when where which".split())
_SUBJECTS = ("nsubj", "nsubjpass")
# Parts of speech whose word may be a feature: never a proper noun (no names).
_COMMON = frozenset(("NOUN", "VERB", "ADJ", "AUX", "PRON", "NUM"))
# Punctuation that sets off what follows from a content ("..., where ...", "... – and").
_BREAKS = frozenset(",;:–—-")
# Parts of speech of the words beside a content that are features by the word itself:
# where a content stops ("..., *which*", "... *because*") tells a whole one from a part.
_FUNCTION = frozenset(("CCONJ", "SCONJ", "ADP", "PART", "DET", "PRON", "ADV"))
# Prepositions whose object a noun of saying or stance reports ("criticism *of X*").
_NOUN_PREPS = frozenset("of about on over against".split())
MODEL_RESOURCE = "indirect.json"
# The parts of speech of cues, as plain ints (spaCy's are enum members, and numpy
# asks an enum member for a dozen attributes at every comparison).
_VERB, _AUX, _NOUN = int(VERB), int(AUX), int(NOUN)
# Verbs whose subject utters a direct quote.
SAYING = frozenset(
    "say tell add state note warn stress emphasise emphasize claim argue announce insist "
    "deny write explain acknowledge admit suggest predict declare assert contend maintain "
    "reply respond answer ask recall caution confirm allege concede observe remark comment "
    "tweet post testify complain boast vow pledge promise report reiterate repeat underline "
    "underscore affirm conclude urge charge accuse quip joke muse recount continue counter "
    "retort scoff shout yell cry whisper exclaim lament protest predict agree".split()
)
# Verbs whose clausal complement is an indirect quote: saying, believing, showing.
REPORTING = SAYING | frozenset(
    "think believe feel know expect hope fear worry doubt wonder estimate reckon "
    "consider show find indicate reveal demonstrate mean imply learn hear read".split()
)


@dataclass(frozen=True)
class Candidate:
    """A stretch of tokens ``start:end`` that ``cue`` may report."""

    cue: Token
    start: int  # token indices
    end: int
    kind: str  # "ccomp", "xcomp", "dobj", "dobj+pred", "prep:for", "nsubjpass", "nsubj",
    # "acomp", "oprd", "attr", "acomp+prep:about", "antecedent", "around",
    # "noun:acl", "noun:prep:of" (a noun's clause or prepositional object),
    # with ":clause" or ":cut" for a shorter variant of the same content
    features: tuple[str, ...]


def candidates(
    doc: Doc,
    skip: Callable[[Token], bool],
    content_end: Callable[[Token, Token], int],
    actor_at: dict[int, ActorData],
    model: BinaryModel | None = None,
) -> Iterator[Candidate]:
    """Every candidate content of every verb ``skip`` lets through; with a ``model``,
    only those it may accept. A candidate's features are made in two steps: those of
    its verb and its outline (kind, head, size, place), then those that need a pass
    over its words. Between the two, the model's weights bound what the second step
    can add (:meth:`BinaryModel.ceiling`), and a candidate that cannot reach the
    threshold whatever its words is dropped: the same quotes for less work (two
    candidates in three, on news)."""
    tokens = list(doc)  # made once: ``doc[i]`` makes a new Token object on every call
    pos = doc.to_array(POS)
    is_noun = (pos == _NOUN).tolist()
    nested_at: dict[int, bool] = {}  # see _nested
    for i in numpy.flatnonzero((pos == _VERB) | (pos == _AUX) | (pos == _NOUN)).tolist():
        tok = tokens[i]
        if is_noun[i]:  # "the claim *that ...*": only a noun with words after it
            if tok.n_rights == 0 or skip(tok):
                continue
            contents = list(_noun_contents(tok))
            if not contents:
                continue
        elif skip(tok):
            continue
        else:
            contents = list(_contents(tok, tokens, content_end))
        base = _cue_features(tok, actor_at, _nested(tok, nested_at))
        lemma, dep = tok.lemma_.lower(), tok.dep_
        # the cue's own dependents after it, for :func:`_rest`
        rights = [(c.i, _rest_label(c)) for c in tok.rights if not c.is_punct]
        # the model's score of the cue's own features, less a slack for the rounding
        # of sums taken in another order
        cue_score = 0.0 if model is None else model.score(base) - 1e-9
        for kind, head, start, end in contents:
            outer, inner = _content_prefixes(lemma, kind, dep)
            values = _outer_values(tokens, tok, head, start, end, rights)
            seen = tuple(map(add, outer, values))
            if model is not None and (
                cue_score + model.total(seen) + model.ceiling(inner) < model.threshold_score
            ):
                continue  # whatever its words, the model would not accept it
            inside = tuple(map(add, inner, _inner_values(tokens, start, end)))
            yield Candidate(tok, start, end, kind, base + seen + inside)


def _noun_contents(noun: Token) -> Iterator[tuple[str, Token, int, int]]:
    """What a noun of saying or stance reports, as ``(kind, head, start, end)``: its
    clause ("the claim *that ...*", "the decision *to ...*") and the object of its
    preposition ("criticism *of the plan*")."""
    for child in noun.rights:
        if child.dep_ == "acl" and child.pos_ in ("VERB", "AUX"):
            kind, head = "noun:acl", child
        elif (obj := _prep_object(child)) is not None and child.lower_ in _NOUN_PREPS:
            kind, head = "noun:prep:" + child.lower_, obj
        else:
            continue
        start, end = head.left_edge.i, _phrase_end(head)
        if end - start >= 1:
            yield kind, head, start, end


def _contents(
    tok: Token, tokens: list[Token], content_end: Callable[[Token, Token], int]
) -> Iterator[tuple[str, Token, int, int]]:
    """``(kind, head, start, end)`` of each stretch of tokens the verb ``tok`` may
    report."""
    for kind, head, end in _stretches(tok, content_end):
        start = head.left_edge.i
        if end - start < 1 or start < tok.i < end:
            continue
        yield kind, head, start, end
        cut = _first_break(tokens, max(start, head.i) + 1, end)
        if cut is not None and cut - start >= 2:
            # the same content short of what a comma or dash adds to it
            yield kind + ":cut", head, start, cut
    if tok.dep_ in ("relcl", "acl") and tok.head.i < tok.i and tok.head.pos_ != "VERB":
        # "*the plan* the union criticised", "*the offer* rejected by the board":
        # the noun the verb's clause describes
        start, end = tok.head.left_edge.i, tok.left_edge.i
        if end - start >= 1:
            yield "antecedent", tok.head, start, end
    tucked = tok.dep_ == "parataxis" or (tok.dep_ in ("ccomp", "advcl") and tok.head.i < tok.i)
    if tucked and tok.head is not tok:
        # "The deal, he said, is good": the clause the verb sits inside
        stretch = outside(tok, tok.head)
        if stretch is not None and stretch[1] - stretch[0] >= 2:
            yield "around", tok.head, *stretch


def _stretches(
    tok: Token, content_end: Callable[[Token, Token], int]
) -> Iterator[tuple[str, Token, int]]:
    """``(kind, head, end)`` of each dependent of ``tok`` that may hold what it reports;
    the content starts at ``head``'s left edge."""
    for child in tok.children:
        if child.dep_ in _COMPLEMENTS:
            if child.dep_ != "ccomp":
                yield child.dep_, child, _phrase_end(child)
                if child.dep_ == "dobj" and (told := _predicate_end(tok, child)) is not None:
                    # "called *him a liar*", "slammed *the plan as too vague*"
                    yield "dobj+pred", child, told
                continue
            end = content_end(tok, child)
            yield "ccomp", child, end
            clause_end = child.right_edge.i + 1
            if any(not t.is_punct for t in tok.doc[clause_end:end]):
                # the clause alone, where the content ran on to the sentence's end
                yield "ccomp:clause", child, clause_end
        elif (obj := _prep_object(child)) is not None:
            yield "prep:" + child.lower_, obj, _phrase_end(obj)
        elif child.dep_ == "nsubjpass" and child.i < tok.i:
            # "the plan was criticised by the unions": what the agent's stance is about
            yield "nsubjpass", child, _phrase_end(child)
        elif child.dep_ == "nsubj" and child.i < tok.i and not _lone_pronoun(child):
            # "*the talks* seem stalled": what an appearance is about; never a lone
            # pronoun ("she appeared on ..."), which PolNeAR gives a content once in 100
            yield "nsubj", child, _phrase_end(child)
        elif child.dep_ in _PREDICATES:
            # "seemed *unlikely*", "was optimistic *about the talks*"
            yield child.dep_, child, _phrase_end(child)
            for prep in child.children:
                obj = _prep_object(prep)
                if obj is not None:
                    yield child.dep_ + "+prep:" + prep.lower_, obj, _phrase_end(obj)


def _lone_pronoun(tok: Token) -> bool:
    """``tok`` is a pronoun with no words of its own ("she", "who")."""
    return tok.pos_ == "PRON" and tok.n_lefts + tok.n_rights == 0


def _prep_object(prep: Token) -> Token | None:
    """The object of ``prep`` when it is a preposition ("for *talks*")."""
    if prep.dep_ != "prep":
        return None
    return next((g for g in prep.children if g.dep_ in ("pobj", "pcomp")), None)


def _first_break(tokens: list[Token], start: int, end: int) -> int | None:
    """The first comma, semicolon, colon or dash in ``tokens[start:end]``, if any."""
    for tok in tokens[start:end]:
        if tok.text in _BREAKS:
            return tok.i
    return None


def _predicate_end(verb: Token, obj: Token) -> int | None:
    """The end of what ``verb`` says of its object ``obj``, when a predicate follows
    the object: "called him *a liar*", "described the plan *as vague*"."""
    end = None
    for sibling in verb.rights:
        if sibling.i <= obj.i:
            continue
        if sibling.dep_ in ("oprd", "xcomp", "ccomp") or (
            sibling.dep_ == "prep" and sibling.lower_ == "as"
        ):
            end = _phrase_end(sibling)
        else:
            break
    return end


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


def _nested(tok: Token, known: dict[int, bool]) -> bool:
    """``tok`` is inside what a verb of reporting reports ("said the union *criticised*
    it"): a verb of reporting is among its ancestors. The answer is remembered in
    ``known`` for every token on the way up, so a sentence's tree is walked once."""
    path: list[int] = []  # tokens below the answer's source: they share the answer
    while True:
        if tok.i in known:
            answer = known[tok.i]
            break
        head = tok.head
        if head.i == tok.i:  # the root: nothing above it reports
            answer = False
            break
        path.append(tok.i)
        if head.pos_ == "VERB" and head.lemma_.lower() in REPORTING:
            answer = True
            break
        tok = head
    for i in path:
        known[i] = answer
    return answer


def _cue_features(tok: Token, actor_at: dict[int, ActorData], nested: bool) -> tuple[str, ...]:
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
    negated = passive = modal = False
    for c in tok.children:  # one pass: Token.children makes a new Token per child
        negated = negated or c.dep_ == "neg"
        passive = passive or c.dep_ == "auxpass"
        modal = modal or c.tag_ == "MD"
    # ``nested``: inside what another verb reports ("said the union *criticised* it"):
    # PolNeAR gives such a report its own fragment, or none
    return (
        "nested=" + str(nested),
        "lemma_nested=" + lemma + "|" + str(nested),
        "lemma=" + lemma,
        "tag=" + tok.tag_,
        "cue_dep=" + tok.dep_,
        "subject=" + who,
        "subject_kind=" + who.split(":")[0],
        "lemma_subject=" + lemma + "|" + who.split(":")[0],
        "negated=" + str(negated),
        "passive=" + str(passive),
        "modal=" + str(modal),
        "lemma_negated=" + lemma + "|" + str(negated),
    )


@lru_cache(maxsize=1 << 12)  # each entry holds some forty new strings: 10 MB in all
def _content_prefixes(
    lemma: str, kind: str, cue_dep: str
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The names of a candidate's content features up to what only the content decides:
    all that is known of it before it is read. First those whose values
    :func:`_outer_values` gives (from the content's outline), then those of
    :func:`_inner_values` (from its words). A feature the verb and kind decide whole
    has an empty value."""
    by_lemma = lemma + "|"
    by_kind = kind + "|"
    outer = (
        "kind=" + kind,
        "lemma_kind=" + by_lemma + kind,
        "cue_dep_kind=" + cue_dep + "|" + kind,
        "lemma_head_pos=" + by_lemma,
        "head_pos=",
        "kind_head_pos=" + by_kind,
        "head_word=",
        "kind_head_word=" + kind.split(":")[0] + "|",
        "head_ent=",
        "size=",
        "kind_size=" + by_kind,
        "lemma_size=" + by_lemma,
        "opener=",
        "lemma_opener=" + by_lemma,
        "last_pos=",
        "to_sentence_end=",
        "after=",
        "lemma_after=" + by_lemma,
        "gap=",
        "kind_gap=" + by_kind,
        "lemma_gap=" + by_lemma,
        "follow=",
        "kind_follow=" + by_kind,
        "kind_rest=" + by_kind,
        "precede=",
        "kind_precede=" + by_kind,
    )
    inner = (
        "clauses=",
        "kind_clauses=" + by_kind,
        "breaks=",
        "kind_breaks=" + by_kind,
        "clause=",
        "kind_clause=" + by_kind,
        "lemma_clause=" + by_lemma,
        "quoted=",
        "reports=",
        "kind_reports=" + by_kind,
        "lemma_reports=" + by_lemma,
    )
    return outer, inner


def _outer_values(
    tokens: list[Token],
    cue: Token,
    head: Token,
    start: int,
    end: int,
    rights: list[tuple[int, str]],
) -> tuple[str, ...]:
    """The rest of the names of the outline's features (see :func:`_content_prefixes`)."""
    size = str(min(6, int(math.log2(end - start + 1))))
    first = tokens[start].lower_
    opener = first if first in _OPENERS else "-"
    # the words between the verb and the content: a close object is what the verb
    # acts on, a distant one may hang on another word
    distance = start - cue.i - 1 if start > cue.i else cue.i - end
    gap = str(min(4, int(math.log2(distance + 1)))) if distance >= 0 else "-1"
    # the head's own word, unless it may be a name
    pos = head.pos_
    word = head.lemma_.lower() if pos in _COMMON and not head.ent_type_ else pos
    after = str(start > cue.i)
    to_sentence_end = str(end >= len(tokens) or tokens[end].is_sent_start is True)
    # the words on either side, and what else of the verb's phrase comes after it
    follow = _follower(tokens, end)
    precede = _preceder(tokens, start)
    return (
        *("", "", ""),
        *(pos, pos, pos),
        *(word, word),
        head.ent_type_ or "-",
        *(size, size, size),
        *(opener, opener),
        tokens[end - 1].pos_,
        to_sentence_end,
        *(after, after),
        *(gap, gap, gap),
        *(follow, follow),
        _rest(rights, end),
        *(precede, precede),
    )


def _inner_values(tokens: list[Token], start: int, end: int) -> tuple[str, ...]:
    """The rest of the names of the features of the content's words (see
    :func:`_content_prefixes`)."""
    has_verb = quoted = reports = False
    clauses = breaks = 0
    for t in tokens[start:end]:  # one pass over the words
        has_verb = has_verb or t.pos_ in ("VERB", "AUX")
        # a report of its own inside the content: the gold often splits it off
        reports = reports or (t.pos_ == "VERB" and t.lemma_.lower() in REPORTING)
        clauses += t.dep_ in _SUBJECTS
        breaks += t.text in _BREAKS
        quoted = quoted or t.text in "\"“”‘’'«»"
    n_clauses = str(min(3, clauses))
    n_breaks = str(min(3, breaks))
    clause = str(has_verb and clauses > 0)
    reported = str(reports)
    return (
        *(n_clauses, n_clauses),
        *(n_breaks, n_breaks),
        *(clause, clause, clause),
        str(quoted),
        *(reported, reported, reported),
    )


def _follower(tokens: list[Token], end: int) -> str:
    """What comes right after a content ending at ``end``: the sentence's end, a
    function word ("and", "because", "which"), another part of speech, or
    punctuation with the word after it (", which", "; but")."""
    if end >= len(tokens) or tokens[end].is_sent_start:
        return "END"
    tok = tokens[end]
    if not tok.is_punct:
        return _word_class(tok)
    after = end + 1
    if after >= len(tokens) or tokens[after].is_sent_start:
        return tok.text + "|END"
    return tok.text + "|" + _word_class(tokens[after])


def _rest(rights: list[tuple[int, str]], end: int) -> str:
    """What comes first among the cue's dependents ``rights`` (position, label) after a
    content ending at ``end``: its label (:func:`_rest_label`), or "-" when the content
    ends the cue's phrase."""
    return next((label for i, label in rights if i >= end), "-")


def _rest_label(child: Token) -> str:
    """A dependent's label, with the word of a preposition ("blamed the agency *for*
    ...")."""
    return child.dep_ + (":" + child.lower_ if child.dep_ == "prep" else "")


def _preceder(tokens: list[Token], start: int) -> str:
    """What comes right before a content starting at ``start``: the sentence's start,
    punctuation, a function word or another part of speech."""
    if start == 0 or tokens[start].is_sent_start:
        return "START"
    tok = tokens[start - 1]
    return tok.text if tok.is_punct else _word_class(tok)


def _word_class(tok: Token) -> str:
    """A function word itself ("and", "which", "because"), else its part of speech:
    never a name."""
    return tok.lower_ if tok.pos_ in _FUNCTION and not tok.ent_type_ else tok.pos_


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


def source_of(cue: Token, kind: str) -> Token | None:
    """Who reports a content of ``kind``: the cue's subject; for a passive subject as
    the content, the agent ("criticised *by the unions*"), if named, and for the noun a
    passive participle describes, the agent when there is one ("the offer rejected *by
    the board*"); for an active subject as the content ("*the talks* appear stalled"),
    nobody in the sentence; for what a noun reports, the noun's owner (:func:`_owner`)."""
    if kind == "nsubj":
        return None  # the subject is the content: its source is the writer
    if kind.startswith("noun:"):
        return _owner(cue)
    agent = next((c for c in cue.children if c.dep_ == "agent"), None)
    if kind == "nsubjpass" or (kind == "antecedent" and agent is not None):
        return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
    return subject_of(cue)


def _owner(noun: Token) -> Token | None:
    """Whose claim, criticism or decision ``noun`` is: its possessor ("*his* claim
    that ..."), else the subject of the verb it is the object of ("*she* made the case
    that ...", "*he* said in a statement that ...", "*she* has been a defender of ...")."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is not None:
        return owner
    tok = noun
    while tok.dep_ in ("dobj", "pobj", "prep", "attr") and tok.head is not tok:
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            return subject_of(tok)
    return None


#: The indirect-quote model is a binary logistic model (:mod:`accord.learn`).
ContentModel = BinaryModel


@cache
def shipped_model() -> BinaryModel:
    """The weights that ship with accord."""
    text = resources.files("accord.quotes").joinpath("data", MODEL_RESOURCE).read_text("utf-8")
    return BinaryModel.from_json(json.loads(text))
