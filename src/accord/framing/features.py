"""Features of tokens and spans for the framing models, with every name masked.

A persuasion technique lives in the wording ("regime", "so-called", "only ... can"),
never in who is named: the same label must be flagged whoever it is applied to. So
each token is seen through :func:`word` and :func:`view`, which replace every name
(a proper noun, a named entity of a naming type, a capitalised word, the words of an
actor mention that are not lexicon cues, and a "the" before them) by ``<NAME>``; a
name of several words is one unit for the neighbour features. No feature the models
see can tell "NATO" from "the SCO".
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from .lexicon import Lexicon

# Entity types that name someone or something: masked.
_NAMING = frozenset("PERSON NORP FAC ORG GPE LOC PRODUCT EVENT WORK_OF_ART LAW LANGUAGE".split())
_QUOTES = frozenset('"“”‘’«»')
#: What every name becomes: one kind for all, so that "NATO" (an organisation to the
#: tagger), "the SCO" and "the Israeli government" look alike.
NAME = "<NAME>"
_WORDLIKE = re.compile(r"\w")


def word(tok: Token, masked: frozenset[int] = frozenset()) -> str:
    """The token as a model may see it: its lower-cased lemma, or ``<NAME>`` for a name
    (a named entity, a proper noun, a capitalised word inside a sentence, or a word the
    knowledge base knows as a name, in any case: "BUDAPEST, Feb 18")."""
    if tok.i in masked or tok.ent_type_ in _NAMING or tok.pos_ == "PROPN":
        return NAME
    text = tok.text
    # ``islower()`` first: most words are lower case, and then none of them is upper
    if not text.islower() and any(c.isupper() for c in text):
        acronym = text.isupper() and len(text) > 1  # "WHO", not the pronoun
        if (acronym or not tok.is_stop) and (
            not tok.is_sent_start or tok.lower_ in known_names()
        ):
            return NAME
    if text in written_lower():
        return NAME  # a name written in lower case ("peshmerga"), even if also a word
    if tok.like_num:
        return "<NUM>"
    return tok.lemma_.lower()


@cache
def _one_word_names() -> tuple[str, ...]:
    from ..actors.kb import cached_kb, surface_forms

    return tuple(form for form, _ in surface_forms(cached_kb()) if " " not in form)


@cache
def known_names() -> frozenset[str]:
    """Lower-cased one-word names of the knowledge base (states, capitals, IGOs, ...)."""
    return frozenset(form.lower() for form in _one_word_names())


@cache
def written_lower() -> frozenset[str]:
    """One-word names that may be written in lower case: not acronyms ("IS", "CAR" are
    only names in capitals) and not function words."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(
        form.lower()
        for form in _one_word_names()
        if not form.isupper() and form.lower() not in STOP_WORDS and len(form) > 2
    )


def masked_tokens(doc: Doc, tokens: list[Token], cues: list[frozenset[str]]) -> frozenset[int]:
    """The words of actor mentions (the actor layer's, where it ran: "the Kremlin",
    "the Israeli government"), except the ones the lexicon knows as cues ("the
    *regime* of X"), and a "the" right before a name."""
    out: set[int] = set()
    for actor in doc._.actors or []:
        for m in actor.mentions:
            if m.form == "pronoun":
                continue
            for tok in tokens[m.token_start : m.token_end]:
                if not cues[tok.i] and tok.pos_ != "PUNCT":
                    out.add(tok.i)
    return frozenset(out)


def _shape(text: str) -> str:
    if not _WORDLIKE.search(text):
        return "punct"
    if text.isupper() and len(text) > 1:
        return "upper"
    if text[:1].isupper():
        return "title"
    return "lower"


@dataclass(frozen=True)
class Sentence:
    """A sentence's bounds and the token features that only depend on it, made once."""

    span: Span
    start: int
    size: int  # at least 1
    end_feature: str  # "sent_end=."
    len_feature: str  # "sent_len=4"
    cue_features: list[str]  # "slex=label", ...: the lexicon categories in the sentence


@dataclass(frozen=True)
class DocView:
    """What the token features need to know about the whole document.

    Everything is read from the ``Doc`` once, into lists indexed by token: spaCy makes
    a new ``Token`` object on every ``doc[i]`` and looks each string attribute up in
    the vocabulary, and the features ask for them many times per token.
    """

    words: list[str]
    counts: Counter[str]  # of content words
    bigrams: Counter[tuple[str, str]]
    quoted: frozenset[int]  # tokens inside quotation marks
    lexicon: Lexicon
    cues: list[frozenset[str]]  # the lexicon's categories each token starts or is in
    # the words one and two units before and after each token, a name of several
    # tokens (with its "the") being one unit
    before: list[tuple[str, str]]
    after: list[tuple[str, str]]
    names: frozenset[int]  # tokens that are (part of) a name
    sents: list[Sentence]  # each token's sentence (Token.sent walks the sentence each time)
    tokens: list[Token]
    pos: list[str]  # each token's part of speech, "NAME" for a name
    tags: list[str]  # fine-grained tag, "NAME" for a name
    deps: list[str]  # dependency label, "NAME" for a name
    heads: list[int]
    shapes: list[str]  # see _shape, "name" for a name
    alpha: list[bool]
    content: list[bool]  # alphabetic and not a stop word
    space: list[bool]
    positions: dict[str, list[int]]  # where each word occurs

    def is_name(self, i: int) -> bool:
        return i in self.names


def view(doc: Doc, lexicon: Lexicon) -> DocView:
    tokens = list(doc)
    plain = [t.lemma_.lower() for t in tokens]
    cues = lexicon.tag(plain, [t.lower_ for t in tokens])
    masked = masked_tokens(doc, tokens, cues)
    words = [word(t, masked) for t in tokens]
    for t in tokens:  # "the" before a name belongs to it: "NATO" and "the SCO" alike
        if t.lower_ == "the" and t.i + 1 < len(doc) and words[t.i + 1] == NAME:
            words[t.i] = NAME
    names = frozenset(i for i, w in enumerate(words) if w == NAME)
    before, after = _neighbours(words)
    alpha = [t.is_alpha for t in tokens]
    content = [a and not t.is_stop for a, t in zip(alpha, tokens, strict=True)]
    positions: dict[str, list[int]] = {}
    for i, w in enumerate(words):
        positions.setdefault(w, []).append(i)
    return DocView(
        words=words,
        counts=Counter(w for w, c in zip(words, content, strict=True) if c),
        bigrams=Counter(pairwise(words)),
        quoted=_quoted(tokens),
        lexicon=lexicon,
        cues=cues,
        before=before,
        after=after,
        names=names,
        sents=_sentences(doc, cues),
        tokens=tokens,
        pos=["NAME" if i in names else t.pos_ for i, t in enumerate(tokens)],
        tags=["NAME" if i in names else t.tag_ for i, t in enumerate(tokens)],
        deps=["NAME" if i in names else t.dep_ for i, t in enumerate(tokens)],
        heads=[t.head.i for t in tokens],
        shapes=["name" if i in names else _shape(t.text) for i, t in enumerate(tokens)],
        alpha=alpha,
        content=content,
        space=[t.is_space for t in tokens],
        positions=positions,
    )


def _neighbours(words: list[str]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The two units before and after each token (a name of several tokens is one unit)."""
    units: list[str] = []
    unit_of: list[int] = []
    for i, w in enumerate(words):
        if not (w == NAME and units and units[-1] == NAME and words[i - 1] == NAME):
            units.append(w)
        unit_of.append(len(units) - 1)
    edge = "<S>"
    before = [
        (
            units[u - 1] if u >= 1 else edge,
            units[u - 2] if u >= 2 else edge,
        )
        for u in unit_of
    ]
    after = [
        (
            units[u + 1] if u + 1 < len(units) else edge,
            units[u + 2] if u + 2 < len(units) else edge,
        )
        for u in unit_of
    ]
    return before, after


def _quoted(tokens: list[Token]) -> frozenset[int]:
    """Tokens inside quotation marks (a paragraph break closes any open quote)."""
    quoted: set[int] = set()
    inside = False
    for t in tokens:
        text = t.text
        if text in _QUOTES:
            inside = not inside
            continue
        if inside:
            quoted.add(t.i)
        if text == "\n" or "\n\n" in t.text_with_ws:
            inside = False
    return frozenset(quoted)


def _sentences(doc: Doc, cues: list[frozenset[str]]) -> list[Sentence]:
    """Each token's :class:`Sentence`."""
    out: list[Sentence] = []
    for span in doc.sents:
        size = len(span)
        found: set[str] = set()
        for i in range(span.start, span.end):
            found.update(cues[i])
        sentence = Sentence(
            span=span,
            start=span.start,
            size=max(1, size),
            end_feature="sent_end=" + span[-1].text if size else "sent_end=",
            len_feature="sent_len=" + str(min(6, int(math.log2(size + 1)))),
            cue_features=["slex=" + cue for cue in frozenset(found)],
        )
        out.extend([sentence] * size)
    return out


def token_features(doc: Doc, v: DocView, i: int) -> list[str]:
    """The features of token ``i`` for span identification."""
    w = v.words
    here = w[i]
    sent = v.sents[i]
    (b1, b2), (a1, a2) = v.before[i], v.after[i]
    feats = [
        "w=" + here,
        "w-1=" + b1,
        "w+1=" + a1,
        "w-2=" + b2,
        "w+2=" + a2,
        "w-1w=" + b1 + "|" + here,
        "ww+1=" + here + "|" + a1,
        "pos=" + v.pos[i],
        "tag=" + v.tags[i],
        "dep=" + v.deps[i],
        "head=" + w[v.heads[i]],
        "shape=" + v.shapes[i],
        "quoted=" + str(i in v.quoted),
        sent.end_feature,
        sent.len_feature,
        "sent_pos=" + str(min(4, (i - sent.start) * 5 // sent.size)),
    ]
    if v.content[i]:
        feats.append("repeat=" + str(min(4, v.counts[here] - 1)))
    if v.alpha[i] and i + 1 < len(w) and v.bigrams[(here, w[i + 1])] > 1 and i not in v.names:
        feats.append("bigram_repeat")
    cues = v.cues
    if i > 0 and cues[i - 1]:
        feats += ["lex-1=" + cue for cue in cues[i - 1]]
    if cues[i]:
        feats += ["lex+0=" + cue for cue in cues[i]]
    if i + 1 < len(w) and cues[i + 1]:
        feats += ["lex+1=" + cue for cue in cues[i + 1]]
    feats += sent.cue_features
    return feats


def span_features(doc: Doc, v: DocView, start: int, end: int) -> list[str]:
    """The features of tokens ``start:end`` for technique classification."""
    span = doc[start:end]
    words = v.words[start:end]
    size = end - start
    sent = v.sents[start]
    sent_span = sent.span
    text = " ".join(words)
    feats = [
        "size=" + str(min(7, int(math.log2(size + 1)))),
        "sent_share=" + str(min(4, size * 4 // sent.size)),
        "root_pos=" + span.root.pos_,
        "root_dep=" + span.root.dep_,
        "first=" + words[0],
        "last=" + words[-1],
        "quoted=" + str(all(i in v.quoted for i in range(start, end))),
        "excl=" + str("!" in sent_span.text),
        "question=" + str(v.tokens[sent_span.end - 1].text == "?"),
        "repeat=" + str(min(5, _occurrences(v, words) - 1)),
        "upper=" + str(any(v.shapes[i] == "upper" for i in range(start, end))),
    ]
    feats += ["in=" + w for w in set(words)]
    feats += ["pos_in=" + v.pos[i] for i in range(start, end)]
    feats += [
        "ent_in=" + t.ent_type_ for t in v.tokens[start:end] if t.ent_type_ and not v.is_name(t.i)
    ]
    for i in range(start, end):
        feats += ["lex_in=" + c for c in v.cues[i]]
    feats += sent.cue_features
    sent_range = range(sent.start, sent_span.end)
    feats += ["sw=" + v.words[i] for i in sent_range if v.content[i]][:40]
    if size <= 3:
        feats.append("short_text=" + text)
    return feats


def _occurrences(v: DocView, needle: list[str]) -> int:
    """How many times ``needle`` occurs in the document's words (at least once: itself)."""
    if not needle:
        return 1
    words = v.words
    k = len(needle)
    found = sum(1 for i in v.positions.get(needle[0], ()) if words[i : i + k] == needle)
    return max(1, found)


def unique(features: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(features))
