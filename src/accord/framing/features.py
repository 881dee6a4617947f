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
from dataclasses import dataclass, field
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
    acronym = text.isupper() and len(text) > 1  # "WHO", not the pronoun
    capitalised = any(c.isupper() for c in text) and (acronym or not tok.is_stop)
    if capitalised and (not tok.is_sent_start or tok.lower_ in known_names()):
        return NAME
    if tok.text in written_lower():
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


def masked_tokens(doc: Doc, cues: list[frozenset[str]]) -> frozenset[int]:
    """The words of actor mentions (the actor layer's, where it ran: "the Kremlin",
    "the Israeli government"), except the ones the lexicon knows as cues ("the
    *regime* of X"), and a "the" right before a name."""
    out: set[int] = set()
    for actor in doc._.actors or []:
        for m in actor.mentions:
            if m.form == "pronoun":
                continue
            for tok in doc[m.token_start : m.token_end]:
                if not cues[tok.i] and tok.pos_ != "PUNCT":
                    out.add(tok.i)
    return frozenset(out)


def _shape(tok: Token) -> str:
    text = tok.text
    if not _WORDLIKE.search(text):
        return "punct"
    if text.isupper() and len(text) > 1:
        return "upper"
    if text[:1].isupper():
        return "title"
    return "lower"


@dataclass(frozen=True)
class DocView:
    """What the token features need to know about the whole document."""

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
    sents: list[Span]  # each token's sentence (Token.sent walks the sentence each time)
    sentence_cues: dict[int, frozenset[str]] = field(default_factory=dict)  # by start

    def is_name(self, i: int) -> bool:
        return i in self.names


def view(doc: Doc, lexicon: Lexicon) -> DocView:
    plain = [t.lemma_.lower() for t in doc]
    cues = lexicon.tag(doc, plain)
    masked = masked_tokens(doc, cues)
    words = [word(t, masked) for t in doc]
    for t in doc:  # "the" before a name belongs to it: "NATO" and "the SCO" alike
        if t.lower_ == "the" and t.i + 1 < len(doc) and words[t.i + 1] == NAME:
            words[t.i] = NAME
    names = frozenset(i for i, w in enumerate(words) if w == NAME)
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
    content = [w for w, t in zip(words, doc, strict=True) if t.is_alpha and not t.is_stop]
    counts = Counter(content)
    bigrams = Counter(pairwise(words))
    quoted: set[int] = set()
    inside = False
    for t in doc:
        if t.text in _QUOTES:
            inside = not inside
            continue
        if inside:
            quoted.add(t.i)
        if t.text == "\n" or "\n\n" in t.text_with_ws:
            inside = False
    sents = [sent for sent in doc.sents for _ in range(len(sent))]
    return DocView(
        words, counts, bigrams, frozenset(quoted), lexicon, cues, before, after, names, sents
    )


def token_features(doc: Doc, v: DocView, i: int) -> list[str]:
    """The features of token ``i`` for span identification."""
    tok = doc[i]
    w = v.words
    n = len(doc)
    sent = v.sents[i]
    (b1, b2), (a1, a2) = v.before[i], v.after[i]
    name = v.is_name(i)
    feats = [
        "w=" + w[i],
        "w-1=" + b1,
        "w+1=" + a1,
        "w-2=" + b2,
        "w+2=" + a2,
        "w-1w=" + b1 + "|" + w[i],
        "ww+1=" + w[i] + "|" + a1,
        "pos=" + ("NAME" if name else tok.pos_),
        "tag=" + ("NAME" if name else tok.tag_),
        "dep=" + ("NAME" if name else tok.dep_),
        "head=" + w[tok.head.i],
        "shape=" + ("name" if name else _shape(tok)),
        "quoted=" + str(i in v.quoted),
        "sent_end=" + sent[-1].text if len(sent) else "sent_end=",
        "sent_len=" + str(min(6, int(math.log2(len(sent) + 1)))),
        "sent_pos=" + str(min(4, (i - sent.start) * 5 // max(1, len(sent)))),
    ]
    if tok.is_alpha and not tok.is_stop:
        feats.append("repeat=" + str(min(4, v.counts[w[i]] - 1)))
    if i + 1 < n and v.bigrams[(w[i], w[i + 1])] > 1 and tok.is_alpha and not name:
        feats.append("bigram_repeat")
    for k in (i - 1, i, i + 1):
        if 0 <= k < n:
            for cue in v.cues[k]:
                feats.append(f"lex{k - i:+d}={cue}")
    for cue in _sentence_cues(v, sent):
        feats.append("slex=" + cue)
    return feats


def _sentence_cues(v: DocView, sent: Span) -> frozenset[str]:
    found = v.sentence_cues.get(sent.start)
    if found is None:
        out: set[str] = set()
        for i in range(sent.start, sent.end):
            out.update(v.cues[i])
        found = v.sentence_cues[sent.start] = frozenset(out)
    return found


def span_features(doc: Doc, v: DocView, start: int, end: int) -> list[str]:
    """The features of tokens ``start:end`` for technique classification."""
    span = doc[start:end]
    words = v.words[start:end]
    size = end - start
    sent = v.sents[start]
    text = " ".join(words)
    feats = [
        "size=" + str(min(7, int(math.log2(size + 1)))),
        "sent_share=" + str(min(4, size * 4 // max(1, len(sent)))),
        "root_pos=" + span.root.pos_,
        "root_dep=" + span.root.dep_,
        "first=" + words[0],
        "last=" + words[-1],
        "quoted=" + str(all(i in v.quoted for i in range(start, end))),
        "excl=" + str("!" in sent.text),
        "question=" + str(sent[-1].text == "?" if len(sent) else False),
        "repeat=" + str(min(5, _occurrences(v.words, words) - 1)),
        "upper=" + str(any(_shape(t) == "upper" and not v.is_name(t.i) for t in span)),
    ]
    feats += ["in=" + w for w in set(words)]
    feats += ["pos_in=" + ("NAME" if v.is_name(t.i) else t.pos_) for t in span]
    feats += ["ent_in=" + t.ent_type_ for t in span if t.ent_type_ and not v.is_name(t.i)]
    for i in range(start, end):
        feats += ["lex_in=" + c for c in v.cues[i]]
    feats += ["slex=" + c for c in _sentence_cues(v, sent)]
    feats += ["sw=" + v.words[t.i] for t in sent if t.is_alpha and not t.is_stop][:40]
    if size <= 3:
        feats.append("short_text=" + text)
    return feats


def _occurrences(words: list[str], needle: list[str]) -> int:
    """How many times ``needle`` occurs in ``words`` (at least once: itself)."""
    if not needle:
        return 1
    first = needle[0]
    k = len(needle)
    found = sum(1 for i, w in enumerate(words) if w == first and words[i : i + k] == needle)
    return max(1, found)


def unique(features: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(features))
