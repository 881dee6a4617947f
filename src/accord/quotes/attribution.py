"""Who said what: direct quotes by their marks, indirect ones by their cue.

* **Direct quotes** are the quotations :mod:`accord.quotes.marks` finds. Their **cue**
  is a verb of saying (or of quoting: a sign *reads*, a crowd *chants*, a speaker
  *shoots back*) outside the marks, in the quote's sentence, the nearest one
  (`"...," he said`, `X said: "..."`, `"...," said X, "..."`); else in the clause a
  colon ends, or that clause's main verb (`The ministry issued a statement: "..."`);
  else among the first words of the next sentence when the quote ends in a comma,
  question or exclamation (`"Is that all?" Sanders asked.`); else a name before a
  colon is the speaker (`Senator Okafor: "..."`). A cue the parser left without a
  subject takes the noun phrase right beside it. A quote with no cue of its own
  that opens a paragraph continues the previous quote's speaker (the paragraph after
  a quote is often more of it), even when that quote was a phrase of the writer's
  sentence (below). Scare quotes and titles are not speech: a quotation
  counts when its shape looks like speech
  (:func:`~accord.quotes.marks.looks_like_speech`) or it has a cue right beside it;
  and one that is part of the writer's sentence is left to the indirect quotes: a
  word other than a verb of saying before it, a phrase going on after it ("“a total
  disaster” for his party"), or a lower-case start after a comma in a sentence with
  no verb of saying ("if the talks fail, “we will walk away”").
* **Indirect quotes** are picked outside any direct quote from what every verb might
  report (:mod:`accord.quotes.content`: its clausal complement, "Hicks said *that
  cooperation would benefit everyone*"; its object, "criticised *the decision*"; the
  noun its relative clause describes, "*the plan* the ministry proposed"; ...) by a
  learned model, and from the clause an "according to X" phrase attributes.
* **Speakers** are the cue's subject (through "he said, adding ..."), the agent of a
  passive cue whose subject is the content ("*the plan* was criticised by the
  unions"), or the object of "according to"; a cue with no subject of its own takes
  its agent, or the subject of the verb it hangs on through a preposition or an
  adjective ("Kasich has taken to *urging* voters ...", "ended the rally by
  *saying* ..."). The speaker's actor is the actor of
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
from ..extensions import doc_text
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
# Verbs that introduce a direct quotation without being verbs of saying in general.
_QUOTING = frozenset(
    "agree assure bark boom chant chide confess crack elaborate exhort fume gush interject "
    "interrupt mock plead press question react read recommend remember riff scream snap "
    "surmise wonder".split()
)
# ... and phrases that do, by a verb's particle or object: "shot back", "went on", "put it".
_QUOTING_PHRASES = frozenset(
    tuple(pair.split())
    for pair in ("shoot back", "fire back", "hit back", "go on", "put it", "point out", "cut in")
)
# The words of a noun phrase beside a cue, and those that may head it.
_NOMINAL = frozenset({"DET", "ADJ", "NOUN", "PROPN", "NUM", "PRON"})
_HEADS = frozenset({"NOUN", "PROPN", "PRON"})
# Dependencies through which a cue's speaker is the subject of the verb above it.
_CARRIERS = frozenset({"pcomp", "prep", "acomp", "xcomp", "advcl", "conj"})
# A speaker's label before a colon has at most this many tokens, back to one of these.
_MAX_LABEL_WORDS = 10
_LABEL_STOPS = frozenset({"-", "—", "–", "--", ".", ";"})
# How many words into the next sentence the cue of a quotation ending a sentence may be.
_CUE_AFTER_WORDS = 8
# A quotation ending in one of these is followed by its attribution, if by anything.
_ATTRIBUTION_DUE = frozenset(",?!…-—–")
# Punctuation that ends what a quotation says (inside its marks, before any bracket).
_QUOTE_END = frozenset(".,;:!?…-—–")
_CLOSING_BRACKETS = ")]'’\"”"
# Parts of speech of a word that carries a phrase on past a closing mark.
_PHRASE_WORDS = frozenset({"ADP", "SCONJ", "PART", "NOUN", "DET", "ADV", "ADJ"})


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
        self.text = doc_text(doc)
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
            if self._embedded(q) or self._runs_on(q) or self._goes_on_from(q):
                # `was "extremely careless" but`: part of the sentence around it, but
                # its speaker may go on in the next quote
                found = self._cue_for(q)
                if found is not None and found.speaker_mention is not None:
                    previous, previous_end = found, q.end
                continue
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
        """The quote's own cue and speaker, in the order the module docstring gives,
        or None when it has none (it may still continue the previous quote)."""
        doc = self.doc
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is None or not len(span):
            return None
        sentences = _sentences(span)
        candidates = [
            t
            for sent in sentences
            for t in sent
            if self._quote_cue(t) and not self._inside_quote(t.idx)
        ]
        if not candidates:
            candidates = self._cue_before_colon(q)
        if not candidates:
            candidates = self._cue_after(q, sentences[-1])
        if not candidates:
            return self._label_before_colon(q)

        def distance(t: Token) -> int:
            return q.start - t.idx if t.idx < q.start else t.idx - q.end

        cue = min(candidates, key=distance)
        found = self._attribution(cue)
        if found.speaker_mention is None:
            return self._beside_cue(cue) or found
        return found

    def _beside_cue(self, cue: Token) -> _Attribution | None:
        """The speaker of a cue the parser left without a subject: the noun phrase right
        after it (`"...," said Robin Park, half joking`, `"...," read the statement`)
        or right before it, past a comma (`"...," Park said`, `the adviser, Robin
        Park, said:`), outside the quotation marks. Not for a participle, whose
        neighbours are its object or the phrase it describes ("carried signs
        *saying* ...", "*telling* the crowd ...")."""
        doc = self.doc
        if cue.tag_ in ("VBG", "VBN"):
            return None
        for step in (1, -1):
            i = cue.i + step
            if step < 0 and i >= 0 and doc[i].text == ",":
                i -= 1
            run: list[Token] = []
            while 0 <= i < len(doc) and doc[i].pos_ in _NOMINAL:
                run.append(doc[i])
                i += step
            words = sorted(run, key=lambda t: t.i)
            if any(self._inside_quote(t.idx) for t in words) or not any(
                t.pos_ in _HEADS for t in words
            ):
                continue
            mention = (words[0].idx, words[-1].idx + len(words[-1].text))
            actor = next((self._actor_at[t.i] for t in words if t.i in self._actor_at), None)
            return _Attribution(_chars(cue), mention, actor)
        return None

    def _cue_before_colon(self, q: Quotation) -> list[Token]:
        """The cue of a quotation after a colon: a verb of saying in the clause the colon
        ends (`He said: "..."`), else that clause's main verb when it has a subject,
        which introduces what follows (`The minister put it plainly: "..."`, `The
        ministry issued a statement: "..."`)."""
        colon = self._colon_before(q)
        if colon is None:
            return []
        sent = colon.sent
        clause = self.doc[sent.start : colon.i]
        cues = [t for t in clause if self._quote_cue(t) and not self._inside_quote(t.idx)]
        if cues:
            return cues
        root = sent.root
        if root.i < colon.i and root.pos_ in ("VERB", "AUX") and source_of(root, ""):
            return [root]
        return []

    def _label_before_colon(self, q: Quotation) -> _Attribution | None:
        """A name and a colon before a quotation, with no verb: the name is the speaker,
        as in transcripts, headlines and lists of quotes (`Senator Okafor: "..."`,
        `- Jane Doe, pollster: "..."`). The label runs back to the start of its line or
        sentence, or to a dash, and holds a name or an actor."""
        if len(self.text[q.start : q.end].split()) < _MIN_UNCUED_WORDS:
            return None  # `Senator Okafor: ‘Good Reporter’`: a headline's title
        colon = self._colon_before(q)
        if colon is None:
            return None
        doc = self.doc
        start = colon.i
        while start > colon.sent.start and not _ends_label_run(doc[start - 1]):
            start -= 1
        words = [t for t in doc[start : colon.i] if not t.is_punct and not t.is_space]
        if not words or colon.i - start > _MAX_LABEL_WORDS:
            return None
        if any(t.pos_ in ("VERB", "AUX") for t in words) or not any(
            t.pos_ == "PROPN" or t.i in self._actor_at for t in words
        ):
            return None
        mention = (words[0].idx, words[-1].idx + len(words[-1].text))
        actor = next((self._actor_at[t.i] for t in words if t.i in self._actor_at), None)
        return _Attribution(_chars(colon), mention, actor)

    def _colon_before(self, q: Quotation) -> Token | None:
        """The colon right before the quotation, if one is."""
        text = self.text
        k = q.start
        while k > 0 and text[k - 1].isspace():
            k -= 1
        if k == 0 or text[k - 1] != ":":
            return None
        colon = self.doc.char_span(k - 1, k, alignment_mode="expand")
        return colon[0] if colon is not None and len(colon) else None

    def _cue_after(self, q: Quotation, last: Span) -> list[Token]:
        """The cue of a quotation that ends its sentence with a comma, a question or an
        exclamation, at the start of the next one in the same paragraph (`"Is that
        all?" Sanders asked.`, where the parser ends the sentence at the question
        mark): a verb of saying among its first words."""
        doc = self.doc
        said = self.text[q.inner_start : q.inner_end].rstrip(_CLOSING_BRACKETS)
        if last.end >= len(doc) or said[-1:] not in _ATTRIBUTION_DUE:
            return []  # `... “a failed candidate.” Park hit back ...`: a new sentence
        following = doc[last.end].sent
        between = self.text[q.end : following.start_char]
        if "\n" in between or any(c.isalnum() for c in between):
            return []  # another paragraph, or the sentence went on after the quote
        head = following[:_CUE_AFTER_WORDS]
        return [t for t in head if self._quote_cue(t) and not self._inside_quote(t.idx)][:1]

    def _quote_cue(self, tok: Token) -> bool:
        """A verb of saying, or one that introduces words quoted as they stand: a sign
        or statement that *reads* them, a crowd that *chants* them, a speaker who
        *wonders*, *fumes* or *mocks*."""
        if self._cue_word(tok):
            return True
        if tok.pos_ != "VERB":
            return False
        lemma = tok.lemma_.lower()
        return lemma in _QUOTING or any((lemma, c.lower_) in _QUOTING_PHRASES for c in tok.children)

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

    def _runs_on(self, q: Quotation) -> bool:
        """The sentence goes on through the quotation: it stops with no punctuation
        inside its marks and a word of the same phrase follows the closing mark
        ("called it “a total disaster” for his party", "says “the wind is at our
        backs” despite the loss"). A pronoun, verb or name after it may be the cue
        and its speaker ("“we won” she said"), and "and" may join two quotations; in
        the article's first line, a headline that capitalises every word, any word
        after it goes on with the headline."""
        text = self.text
        if not q.closed or q.paragraphs > 1:
            return False
        if text[q.inner_start : q.inner_end].rstrip(_CLOSING_BRACKETS)[-1:] in _QUOTE_END:
            return False
        k = q.end
        while k < len(text) and text[k] in " \t\u00a0":
            k += 1
        if k < len(text) and text[k].isalpha() and not text[:k].strip().count("\n"):
            return True  # the headline goes on: `Senator: ‘No Deal’ Before the Vote`
        if k == len(text) or not text[k].islower():
            return False
        span = self.doc.char_span(k, k + 1, alignment_mode="expand")
        return span is not None and span[0].pos_ in _PHRASE_WORDS

    def _goes_on_from(self, q: Quotation) -> bool:
        """The quotation finishes a sentence the writer began: it opens in lower case
        after a comma, in a sentence with no verb of saying outside the marks ("in her
        view, “the plan cannot work”", "if the talks fail, “we will walk away”"),
        unlike the second half of a quote around its cue ("“We will win,” he said,
        “and soon.”") or a quote whose cue follows ("Yet, “it is hard,” he added")."""
        text = self.text
        if not text[q.inner_start : q.inner_start + 1].islower():
            return False
        k = q.start
        while k > 0 and text[k - 1] in " \t\u00a0":
            k -= 1
        if k == 0 or text[k - 1] != ",":
            return False
        comma = self.doc.char_span(k - 1, k, alignment_mode="expand")
        if comma is None or not len(comma):
            return False
        sentence = comma[0].sent
        return not any(self._quote_cue(t) for t in sentence if not self._inside_quote(t.idx))

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
        for cand, span in self.content_candidates(self.model):
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

    def content_candidates(
        self, model: ContentModel | None = None
    ) -> list[tuple[Candidate, tuple[int, int]]]:
        """Every candidate content of a verb outside the direct quotes, with its
        character span, unless the span is mostly a direct quote already; with a
        ``model``, only those it may accept (all of them, for training)."""
        out: list[tuple[Candidate, tuple[int, int]]] = []
        for cand in candidates(
            self.doc, lambda t: self._inside_quote(t.idx), self._content_end, self._actor_at, model
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
            if who is None and kind not in ("nsubj", "nsubjpass"):
                who = _carried_subject(cue)
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


def _carried_subject(cue: Token) -> Token | None:
    """The agent of a passive cue ("after being warned *by the embassy* that ..."), else
    the subject of the verb a subjectless cue hangs on through a preposition or an
    adjective: "Kasich has taken *to urging* voters ...", "he did so *by announcing*
    ...", "voters were likely *to say* ..."."""
    agent = next((c for c in cue.children if c.dep_ == "agent"), None)
    if agent is not None:
        return next((c for c in agent.children if c.dep_ == "pobj"), None)
    tok = cue
    for _ in range(4):
        if tok.dep_ not in _CARRIERS or tok.head is tok:
            return None
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            subject = source_of(tok, "")
            if subject is not None:
                return subject
    return None


def _ends_label_run(tok: Token) -> bool:
    """A speaker's label before a colon starts after a line break, a dash or a stop."""
    return tok.text in _LABEL_STOPS or "\n" in tok.text_with_ws


def _paragraphs_between(text: str, start: int, end: int) -> int:
    between = text[start:end]
    return sum(1 for part in between.split("\n") if part.strip())
