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
from collections.abc import Callable, Iterable, Sequence
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
    if tok.i in masked:
        return NAME
    return _word(
        tok.text,
        tok.lower_,
        tok.lemma_.lower(),
        tok.pos_,
        tok.ent_type_,
        tok.is_stop,
        bool(tok.is_sent_start),
        tok.like_num,
    )


def _word(
    text: str,
    lower: str,
    lemma: str,
    pos: str,
    ent_type: str,
    is_stop: bool,
    sent_start: bool,
    like_num: bool,
) -> str:
    """:func:`word` of a token that is not masked, from its attributes."""
    if ent_type in _NAMING or pos == "PROPN":
        return NAME
    # ``islower()`` first: most words are lower case, and then none of them is upper
    if not text.islower() and any(c.isupper() for c in text):
        acronym = text.isupper() and len(text) > 1  # "WHO", not the pronoun
        if (acronym or not is_stop) and (not sent_start or lower in known_names()):
            return NAME
    if text in written_lower():
        return NAME  # a name written in lower case ("peshmerga"), even if also a word
    if like_num:
        return "<NUM>"
    return lemma


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


def masked_tokens(doc: Doc, pos: list[str], cues: list[frozenset[str]]) -> frozenset[int]:
    """The words of actor mentions (the actor layer's, where it ran: "the Kremlin",
    "the Israeli government"), except the ones the lexicon knows as cues ("the
    *regime* of X"), and a "the" right before a name."""
    out: set[int] = set()
    for actor in doc._.actors or []:
        for m in actor.mentions:
            if m.form == "pronoun":
                continue
            for i in range(m.token_start, m.token_end):
                if not cues[i] and pos[i] != "PUNCT":
                    out.add(i)
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
class Columns:
    """A ``Doc``'s token attributes as plain lists indexed by token, read with
    ``Doc.to_array``: spaCy makes a new ``Token`` object on every ``doc[i]`` and looks
    each string attribute up in the vocabulary, and the features ask for them many
    times per token."""

    text: list[str]
    lower: list[str]
    lemma: list[str]  # lower-cased
    pos: list[str]
    tag: list[str]
    dep: list[str]
    ent_type: list[str]
    head: list[int]
    sent_start: list[bool]  # Token.is_sent_start is true
    alpha: list[bool]
    stop: list[bool]
    space: list[bool]
    like_num: list[bool]


_STRING_ATTRS: list[int | str] = ["ORTH", "LOWER", "LEMMA", "POS", "TAG", "DEP", "ENT_TYPE"]
_INT_ATTRS: list[int | str] = ["HEAD", "SENT_START", "IS_ALPHA", "IS_STOP", "IS_SPACE", "LIKE_NUM"]


def columns(doc: Doc) -> Columns:
    strings = doc.vocab.strings

    def decode(hashes: list[int], normal: Callable[[str], str] = str) -> list[str]:
        known = {h: normal(strings[h]) for h in set(hashes)}  # each distinct one once
        return [known[h] for h in hashes]

    text, lower, lemma, pos, tag, dep, ent_type = doc.to_array(_STRING_ATTRS).T.tolist()
    # signed: a head before its token is a negative offset, "not a start" is -1
    head, start, alpha, stop, space, like_num = doc.to_array(_INT_ATTRS).astype("int64").T.tolist()
    return Columns(
        text=decode(text),
        lower=decode(lower),
        lemma=decode(lemma, str.lower),
        pos=decode(pos),
        tag=decode(tag),
        dep=decode(dep),
        ent_type=decode(ent_type),
        head=[i + offset for i, offset in enumerate(head)],
        sent_start=[s == 1 for s in start],
        alpha=[a == 1 for a in alpha],
        stop=[a == 1 for a in stop],
        space=[a == 1 for a in space],
        like_num=[a == 1 for a in like_num],
    )


@dataclass(frozen=True)
class Sentence:
    """A sentence's bounds and the token features that only depend on it, made once."""

    span: Span
    start: int
    size: int  # at least 1
    end_feature: str  # "sent_end=."
    len_feature: str  # "sent_len=4"
    cues: frozenset[str]  # the lexicon categories in the sentence


@dataclass(frozen=True)
class DocView:
    """What the token features need to know about the whole document, as lists indexed
    by token (see :class:`Columns`)."""

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
    tokens: Columns  # the token attributes as spaCy gives them
    pos: list[str]  # part of speech, "NAME" for a name
    tags: list[str]  # fine-grained tag, "NAME" for a name
    deps: list[str]  # dependency label, "NAME" for a name
    shapes: list[str]  # see _shape, "name" for a name
    content: list[bool]  # alphabetic and not a stop word
    positions: dict[str, list[int]]  # where each word occurs

    def is_name(self, i: int) -> bool:
        return i in self.names


def view(doc: Doc, lexicon: Lexicon) -> DocView:
    c = columns(doc)
    cues = lexicon.tag(c.lemma, c.lower)
    masked = masked_tokens(doc, c.pos, cues)
    words = [
        NAME if i in masked else _word(*attrs)
        for i, attrs in enumerate(
            zip(
                c.text,
                c.lower,
                c.lemma,
                c.pos,
                c.ent_type,
                c.stop,
                c.sent_start,
                c.like_num,
                strict=True,
            )
        )
    ]
    for i in range(len(words) - 1):  # "the" before a name belongs to it: "NATO", "the SCO"
        if c.lower[i] == "the" and words[i + 1] == NAME:
            words[i] = NAME
    names = frozenset(i for i, w in enumerate(words) if w == NAME)
    before, after = _neighbours(words)
    content = [a and not s for a, s in zip(c.alpha, c.stop, strict=True)]
    positions: dict[str, list[int]] = {}
    for i, w in enumerate(words):
        positions.setdefault(w, []).append(i)
    shape_of = {t: _shape(t) for t in set(c.text)}
    return DocView(
        words=words,
        counts=Counter(w for w, keep in zip(words, content, strict=True) if keep),
        bigrams=Counter(pairwise(words)),
        quoted=_quoted(c.text),
        lexicon=lexicon,
        cues=cues,
        before=before,
        after=after,
        names=names,
        sents=_sentences(doc, c.text, cues),
        tokens=c,
        pos=_masked(c.pos, names, "NAME"),
        tags=_masked(c.tag, names, "NAME"),
        deps=_masked(c.dep, names, "NAME"),
        shapes=_masked([shape_of[t] for t in c.text], names, "name"),
        content=content,
        positions=positions,
    )


def _masked(values: list[str], names: frozenset[int], mask: str) -> list[str]:
    """``values`` with ``mask`` in place of the names'."""
    out = list(values)
    for i in names:
        out[i] = mask
    return out


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


def _quoted(text: list[str]) -> frozenset[int]:
    """Tokens inside quotation marks (a paragraph break closes any open quote)."""
    quoted: set[int] = set()
    inside = False
    for i, t in enumerate(text):
        if t in _QUOTES:
            inside = not inside
            continue
        if inside:
            quoted.add(i)
        if t == "\n" or "\n\n" in t:
            inside = False
    return frozenset(quoted)


def _sentences(doc: Doc, text: list[str], cues: list[frozenset[str]]) -> list[Sentence]:
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
            end_feature="sent_end=" + text[span.end - 1] if size else "sent_end=",
            len_feature="sent_len=" + str(min(6, int(math.log2(size + 1)))),
            cues=frozenset(found),
        )
        out.extend([sentence] * size)
    return out


def token_columns(v: DocView) -> list[Sequence[str | None]]:
    """The features of every token for span identification, as columns: one list per
    feature, one entry per token (``None`` where the token lacks it), in the order the
    span model adds up their weights. A column is built in one pass over the document
    (a list comprehension per feature, not a call per token)."""
    w = v.words
    n = len(w)
    b1, b2 = [b for b, _ in v.before], [b for _, b in v.before]
    a1, a2 = [a for a, _ in v.after], [a for _, a in v.after]
    sents = v.sents
    bigram = [False] * n
    for i in range(n - 1):
        if v.tokens.alpha[i] and i not in v.names and v.bigrams[(w[i], w[i + 1])] > 1:
            bigram[i] = True
    columns: list[Sequence[str | None]] = [
        ["w=" + x for x in w],
        ["w-1=" + x for x in b1],
        ["w+1=" + x for x in a1],
        ["w-2=" + x for x in b2],
        ["w+2=" + x for x in a2],
        ["w-1w=" + b + "|" + x for b, x in zip(b1, w, strict=True)],
        ["ww+1=" + x + "|" + a for x, a in zip(w, a1, strict=True)],
        ["pos=" + x for x in v.pos],
        ["tag=" + x for x in v.tags],
        ["dep=" + x for x in v.deps],
        ["head=" + w[h] for h in v.tokens.head],
        ["shape=" + x for x in v.shapes],
        ["quoted=True" if i in v.quoted else "quoted=False" for i in range(n)],
        [s.end_feature for s in sents],
        [s.len_feature for s in sents],
        ["sent_pos=" + str(min(4, (i - s.start) * 5 // s.size)) for i, s in enumerate(sents)],
        [
            "repeat=" + str(min(4, v.counts[x] - 1)) if c else None
            for x, c in zip(w, v.content, strict=True)
        ],
        ["bigram_repeat" if b else None for b in bigram],
        [
            "suf=-" + x[-3:] if c and len(x) > 5 and i not in v.names else None
            for i, (x, c) in enumerate(zip(w, v.content, strict=True))
        ],
    ]
    none: frozenset[str] = frozenset()
    cues = v.cues
    columns += _spread("lex-1=", [none, *cues[:-1]])
    columns += _spread("lex+0=", cues)
    columns += _spread("lex+1=", [*cues[1:], none])
    columns += _spread("slex=", [s.cues for s in sents])
    return columns


def token_rows(v: DocView) -> list[list[str]]:
    """The features of each token (:func:`token_columns` turned into one list per token)."""
    return [[f for f in row if f is not None] for row in zip(*token_columns(v), strict=True)]


def _spread(prefix: str, values: list[frozenset[str]]) -> list[list[str | None]]:
    """Features of which a token has any number (its lexicon categories, prefixed), as
    columns: the first of each token's, the second, ... (``None`` past its last)."""
    width = max(map(len, values), default=0)
    columns: list[list[str | None]] = [[None] * len(values) for _ in range(width)]
    for i, found in enumerate(values):
        for k, value in enumerate(found):
            columns[k][i] = prefix + value
    return columns


def span_features(doc: Doc, v: DocView, start: int, end: int) -> list[str]:
    """The features of tokens ``start:end`` for technique classification."""
    span = doc[start:end]
    words = v.words[start:end]
    sent = v.sents[start]
    sent_span = sent.span
    # sizes in units, a name of several tokens being one, as for the neighbours: the
    # share of its sentence a span takes must not depend on the name inside it
    units = _units(words)
    size = len(units)
    sent_size = max(1, len(_units(v.words[sent.start : sent_span.end])))
    text = " ".join(units)
    feats = [
        "size=" + str(min(7, int(math.log2(size + 1)))),
        "sent_share=" + str(min(4, size * 4 // sent_size)),
        "root_pos=" + span.root.pos_,
        "root_dep=" + span.root.dep_,
        "first=" + words[0],
        "last=" + words[-1],
        "quoted=" + str(all(i in v.quoted for i in range(start, end))),
        "excl=" + str("!" in sent_span.text),
        "question=" + str(v.tokens.text[sent_span.end - 1] == "?"),
        "repeat=" + str(min(5, _occurrences(v, words) - 1)),
        "upper=" + str(any(v.shapes[i] == "upper" for i in range(start, end))),
    ]
    feats += ["in=" + w for w in set(words)]
    feats += ["pos_in=" + v.pos[i] for i in range(start, end)]
    ent_type = v.tokens.ent_type
    feats += [
        "ent_in=" + ent_type[i] for i in range(start, end) if ent_type[i] and i not in v.names
    ]
    for i in range(start, end):
        feats += ["lex_in=" + c for c in v.cues[i]]
    feats += ["slex=" + c for c in sent.cues]
    sent_range = range(sent.start, sent_span.end)
    feats += ["sw=" + v.words[i] for i in sent_range if v.content[i]][:40]
    if size <= 3:
        feats.append("short_text=" + text)
    return feats


def _units(words: list[str]) -> list[str]:
    """``words`` with each run of ``<NAME>`` (a name of several tokens, with its "the")
    as one."""
    return [w for i, w in enumerate(words) if not (w == NAME and i and words[i - 1] == NAME)]


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
