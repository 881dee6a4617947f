"""Who said what: direct quotes by their marks, indirect ones by their cue.

* **Direct quotes** are the quotations :mod:`accord.quotes.marks` finds. Their **cue**
  is a verb of saying outside the marks, in the quote's sentence, the nearest one
  (`"...," he said`, `X said: "..."`, `"...," said X, "..."`), else in the sentence
  before if it ends with a colon. A quote with no cue of its own that opens a
  paragraph continues the previous quote's speaker (the paragraph after a quote is
  often more of it). Scare quotes and titles are not speech: a quotation counts when
  its shape looks like speech (:func:`~accord.quotes.marks.looks_like_speech`) or it
  has a cue right beside it.
* **Indirect quotes** are picked outside any direct quote from what every verb might
  report (:mod:`accord.quotes.content`: its clausal complement, "Hicks said *that
  cooperation would benefit everyone*"; its object, "criticised *the decision*"; the
  noun its relative clause describes, "*the plan* the ministry proposed"; ...) by a
  learned model, and from the clause an "according to X" phrase attributes.
* **Speakers** are the cue's subject (through "he said, adding ..."), the agent of a
  passive cue whose subject is the content ("*the plan* was criticised by the
  unions"), or the object of "according to". The speaker's actor is the actor of
  that phrase in the actor layer, which has already resolved pronouns and definite
  descriptions ("he", "the minister") to the person they refer back to; an
  unresolved speaker stays null.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.attrs import LOWER
from spacy.tokens import Doc, Span, Token

from ..actors.resolve import ActorData
from ..records import QuoteKind
from .content import (
    SAYING,
    Candidate,
    ContentModel,
    candidates,
    outside,
    shipped_model,
    source_of,
)
from .marks import Quotation, find_quotations, looks_like_speech

_EDGE_PUNCT = frozenset(",;:—–-")
# A paragraph opening with a label of one to five capitalised words and a colon.
_LABEL = re.compile(
    r"(?m)^[ \t]*((?:[A-Z][\w.'’-]*)(?:[ \t]+[A-Z][\w.'’-]*){0,4}):[ \t]+(\S[^\n]*?)[ \t]*$"
)
# How far after an attributed quote an unattributed one still continues it (characters).
_CONTINUATION_GAP = 250
# A quotation with no cue needs this many words to count as speech (not a title).
_MIN_UNCUED_WORDS = 4


@dataclass
class QuoteData:
    """One quote, as the ``accord_quotes`` stage leaves it on ``doc._.quotes``."""

    start: int  # character offsets of what was said
    end: int
    kind: QuoteKind
    speaker: ActorData | None
    speaker_mention: tuple[int, int] | None
    cue: tuple[int, int] | None


@dataclass(frozen=True)
class _Attribution:
    cue: tuple[int, int] | None
    speaker_mention: tuple[int, int] | None
    speaker: ActorData | None


_NOBODY = _Attribution(None, None, None)


class QuoteFinder:
    """Finds the quotes of a parsed ``Doc`` whose actors are resolved."""

    def __init__(self, model: ContentModel | None = None) -> None:
        self.model = model or shipped_model()

    def __call__(self, doc: Doc) -> list[QuoteData]:
        direct = self.prepare(doc)
        indirect = self._indirect() + self._labelled()
        return sorted(direct + indirect, key=lambda q: (q.start, q.end))

    def prepare(self, doc: Doc) -> list[QuoteData]:
        """Read ``doc`` and find its direct quotes, which indirect ones must avoid."""
        self.doc = doc
        self._actor_at = _actor_tokens(doc._.actors or [])
        self.text = doc.text  # Doc.text joins every token: read it once
        quotations = find_quotations(self.text)
        self._quoted = sorted((q.start, q.end) for q in quotations)
        direct = self._direct(quotations)
        self._direct_spans = [(q.start, q.end) for q in direct]
        return direct

    # -- direct quotes ----------------------------------------------------------------
    def _direct(self, quotations: list[Quotation]) -> list[QuoteData]:
        out: list[QuoteData] = []
        by_group: dict[int, _Attribution] = {}
        previous: _Attribution | None = None
        previous_end = -1
        text = self.text
        for q in quotations:
            if self._embedded(q):
                continue  # `was "extremely careless" but`: part of the sentence around it
            found = self._cue_for(q)
            if found is None and q.group in by_group:
                found = by_group[q.group]  # the rest of a multi-paragraph quote
            if found is None and previous is not None:
                # more quote right after a quote, in the next sentence or the next
                # paragraph that opens with it: the same voice
                gap = _paragraphs_between(text, previous_end, q.start)
                near = q.start - previous_end < _CONTINUATION_GAP
                if gap <= 1 and (near or _opens_paragraph(text, q.start)):
                    found = previous
            speech = looks_like_speech(text, q)
            if found is None:
                if not speech or len(text[q.start : q.end].split()) < _MIN_UNCUED_WORDS:
                    continue  # scare quotes, titles
                found = _NOBODY
            elif not speech and not self._beside(q, found):
                continue  # "the so-called 'peace dividend'", with a verb of saying elsewhere
            by_group.setdefault(q.group, found)
            if found.speaker_mention is not None:
                previous, previous_end = found, q.end
            out.append(
                QuoteData(q.start, q.end, "direct", found.speaker, found.speaker_mention, found.cue)
            )
        return out

    def _cue_for(self, q: Quotation) -> _Attribution | None:
        doc = self.doc
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is None or not len(span):
            return None
        sentences = _sentences(span)
        candidates = [
            t
            for sent in sentences
            for t in sent
            if self._cue_word(t) and not self._inside_quote(t.idx)
        ]
        if not candidates:
            first = sentences[0]
            if first.start > 0 and (
                doc[first.start - 1].text == ":" or _colon_before(self.text, q.start)
            ):
                prev = doc[first.start - 1].sent  # `He said: ` ending the sentence before
                candidates = [
                    t for t in prev if self._cue_word(t) and not self._inside_quote(t.idx)
                ]
        if not candidates:
            return None

        def distance(t: Token) -> int:
            return q.start - t.idx if t.idx < q.start else t.idx - q.end

        cue = min(candidates, key=distance)
        return self._attribution(cue)

    def _embedded(self, q: Quotation) -> bool:
        """The quotation continues a clause begun outside it: a word other than a verb of
        saying comes right before it ("called him "a disaster"", "said that "...""),
        where a quote of its own follows a line start, a colon, a comma or the verb."""
        text = self.text
        k = q.start
        while k > 0 and text[k - 1] in " \t\u00a0":
            k -= 1
        if k > 0 and text[k - 1] == "=":
            return True  # markup left in the text: `author="..."`
        if k == 0 or not text[k - 1].isalnum():
            return False
        token = self.doc.char_span(k - 1, k, alignment_mode="expand")
        if token is None:
            return False
        word = token[0]
        return not (word.pos_ in ("VERB", "AUX") and word.lemma_.lower() in SAYING)

    def _beside(self, q: Quotation, found: _Attribution) -> bool:
        """The cue sits right against the quote: `"No," he said` / `said: "No."`."""
        if found.cue is None:
            return False
        gap = (
            self.text[q.end : found.cue[0]]
            if found.cue[0] >= q.end
            else self.text[found.cue[1] : q.start]
        )
        return len(gap.split()) <= 4

    # -- indirect quotes ----------------------------------------------------------------
    def _indirect(self) -> list[QuoteData]:
        """Reported contents the model accepts, the likeliest first, none overlapping
        another; then what "according to" attributes."""
        chosen: list[tuple[float, tuple[int, int], Candidate]] = []
        for cand, span in self.content_candidates():
            p = self.model.probability(cand.features)
            if p >= self.model.threshold:
                chosen.append((p, span, cand))
        chosen.sort(key=lambda c: (-c[0], c[1]))
        kept: list[tuple[tuple[int, int], _Attribution]] = []
        for _, span, cand in chosen:
            if not any(_clash(span, other) for other, _ in kept):
                kept.append((span, self._attribution(cand.cue, cand.kind)))
        doc = self.doc
        according = doc.vocab.strings["according"]  # found by string id: no Token per word
        for i in (doc.to_array(LOWER) == according).nonzero()[0].tolist():
            tok = doc[i]
            if self._inside_quote(tok.idx):
                continue
            if not any(c.lower_ == "to" for c in tok.children):
                continue
            content = self._according_content(tok)
            if content and content[1] - content[0] >= 3 and not self._mostly_quoted(content):
                kept.append((content, self._attribution(tok)))
        out: list[QuoteData] = []
        for span, found in kept:
            out.append(
                QuoteData(
                    span[0], span[1], "indirect", found.speaker, found.speaker_mention, found.cue
                )
            )
        return out

    def content_candidates(self) -> list[tuple[Candidate, tuple[int, int]]]:
        """Every candidate content of a verb outside the direct quotes, with its
        character span, unless the span is mostly a direct quote already."""
        out: list[tuple[Candidate, tuple[int, int]]] = []
        for cand in candidates(
            self.doc, lambda t: self._inside_quote(t.idx), self._content_end, self._actor_at
        ):
            span = _trimmed(self.doc, cand.start, cand.end)
            if span is None or span[1] - span[0] < 3 or self._mostly_quoted(span):
                continue
            out.append((cand, span))
        return out

    def _labelled(self) -> list[QuoteData]:
        """A paragraph that opens with a speaker's label and a colon: transcripts
        ("HOST: And what comes next?") and attributed headlines ("Finance Minister:
        budget 'will hold'"). The label is an actor, or in capitals as
        transcripts write speakers, or heads the article's first line before a claim,
        as a title names its source ("Poll: Senator leads in the state"); other
        labels are headings ("Update: ...")."""
        doc = self.doc
        out: list[QuoteData] = []
        for m in _LABEL.finditer(self.text):
            label_start, label_end = m.span(1)
            start, end = m.span(2)
            if self._mostly_quoted((start, end)):
                continue  # `Okafor: "..."`: the direct quote has it
            span = doc.char_span(label_start, label_end, alignment_mode="expand")
            if span is None:
                continue
            actor = next((self._actor_at[t.i] for t in span if t.i in self._actor_at), None)
            if actor is None and not span.text.isupper() and not self._titled_claim(start, end):
                continue  # "Delegate Update: ...": a heading, not a speaker
            colon = (label_end, label_end + 1)
            out.append(QuoteData(start, end, "indirect", actor, (label_start, label_end), colon))
        return out

    def _titled_claim(self, start: int, end: int) -> bool:
        """Characters ``start:end`` are the rest of the article's first line after its
        label, and make a claim (they hold a verb): "Poll: Senator leads in the
        state", not "Delegate Update: The latest count"."""
        line_start = self.text.rfind("\n", 0, start) + 1
        if self.text[:line_start].strip():
            return False
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span is not None and any(t.pos_ in ("VERB", "AUX") for t in span)

    def _content_end(self, cue: Token, comp: Token) -> int:
        """Where what was reported ends: the complement's last word, or, when a main
        verb of saying comes first, the end of the sentence ("says *there is a long
        road ahead but he feels confident*"), short of the speaker's next verb ("...
        and defended the plan"), a participle (", calling them ...") or another cue."""
        end = comp.right_edge.i + 1
        for conj in comp.rights:
            if (
                conj.dep_ == "conj"
                and conj.tag_ == cue.tag_ != comp.tag_
                and not any(c.dep_ in ("nsubj", "nsubjpass") for c in conj.children)
            ):
                # "said the port would reopen *and thanked the crew*": the speaker's
                # next act, parsed into the complement
                end = conj.left_edge.i
                if end > comp.i and self.doc[end - 1].dep_ == "cc":
                    end -= 1
                return end
        if cue.i > comp.left_edge.i or cue.dep_ not in ("ROOT", "conj"):
            return end
        sent_end = cue.sent.end
        for tok in self.doc[end:sent_end]:
            if tok.tag_ == "VBG" and tok.i > 0 and tok.nbor(-1).text == ",":
                return tok.i - 1  # ", calling them ...", ", adding ..."
            if self._cue_word(tok) and tok.i != cue.i:
                return end  # another report follows
            if (
                tok.head.i == cue.i
                and tok.dep_ in ("conj", "appos", "npadvmod")
                and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)
            ):
                return end  # the speaker's next act: "... and defended the plan"
        return sent_end

    def _according_content(self, according: Token) -> tuple[int, int] | None:
        """ "The deal covers 100 workers, according to X": the clause, without the phrase."""
        head = according.head
        if head is according:
            return None
        stretch = outside(according, head)
        return _trimmed(self.doc, *stretch) if stretch else None

    # -- speakers -----------------------------------------------------------------------
    def _attribution(self, cue: Token, kind: str = "") -> _Attribution:
        """The cue and speaker of a quote whose content is the cue's ``kind`` of
        dependent (:func:`~accord.quotes.content.source_of`)."""
        if cue.lower_ == "according":
            to = next((c for c in cue.children if c.lower_ == "to"), None)
            who = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
            cue_span = (cue.idx, to.idx + len(to.text)) if to is not None else _chars(cue)
        else:
            who = source_of(cue, kind)
            cue_span = _chars(cue)
        if who is None:
            return _Attribution(cue_span, None, None)
        tokens = [t for t in who.subtree if not self._inside_quote(t.idx)]
        if not tokens:
            return _Attribution(cue_span, None, None)
        mention = (tokens[0].idx, tokens[-1].idx + len(tokens[-1].text))
        actor = self._actor_at.get(who.i)
        if actor is None:  # the phrase's own actor, or one inside it; an unresolved
            # pronoun has none and stays unresolved
            actor = next((self._actor_at[t.i] for t in tokens if t.i in self._actor_at), None)
        return _Attribution(cue_span, mention, actor)

    def _cue_word(self, tok: Token) -> bool:
        if tok.lower_ == "according":
            return any(c.lower_ == "to" for c in tok.children)
        return tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in SAYING

    def _inside_quote(self, offset: int) -> bool:
        i = bisect_right(self._quoted, (offset, len(self.text) + 1)) - 1
        return i >= 0 and self._quoted[i][0] <= offset < self._quoted[i][1]

    def _mostly_quoted(self, span: tuple[int, int]) -> bool:
        """Half the span or more is a direct quote already found."""
        start, end = span
        inside = sum(
            max(0, min(end, q_end) - max(start, q_start)) for q_start, q_end in self._direct_spans
        )
        return inside * 2 >= end - start


def _actor_tokens(actors: list[ActorData]) -> dict[int, ActorData]:
    by_token: dict[int, ActorData] = {}
    for actor in actors:
        for m in actor.mentions:
            for i in range(m.token_start, m.token_end):
                by_token.setdefault(i, actor)
    return by_token


def _sentences(span: Span) -> list[Span]:
    """The sentences of the (non-empty) span's tokens, in order. ``Token.sent`` walks
    the whole sentence, so it is asked once per sentence, not once per token."""
    doc = span.doc
    sents = [span[0].sent]
    while sents[-1].end < span.end:
        sents.append(doc[sents[-1].end].sent)
    return sents


def _chars(tok: Token) -> tuple[int, int]:
    return (tok.idx, tok.idx + len(tok.text))


def _trimmed(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Character span of tokens ``start:end`` without punctuation at either edge."""
    while start < end and (
        doc[start].is_punct or doc[start].is_space or doc[start].text in _EDGE_PUNCT
    ):
        start += 1
    while end > start and (
        doc[end - 1].is_space or (doc[end - 1].is_punct and doc[end - 1].text not in "”’\"'")
    ):
        end -= 1
    if end <= start:
        return None
    last = doc[end - 1]
    return (doc[start].idx, last.idx + len(last.text))


def _clash(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """The two spans share half the shorter one or more."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared > 0 and 2 * shared >= min(a[1] - a[0], b[1] - b[0])


def _opens_paragraph(text: str, offset: int) -> bool:
    line_start = text.rfind("\n", 0, offset) + 1
    return not text[line_start:offset].strip()


def _paragraphs_between(text: str, start: int, end: int) -> int:
    between = text[start:end]
    return sum(1 for part in between.split("\n") if part.strip())


def _colon_before(text: str, offset: int) -> bool:
    before = text[:offset].rstrip()
    return before.endswith(":")
