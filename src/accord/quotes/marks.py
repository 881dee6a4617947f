"""Direct quotations found by their quotation marks, without a parser.

This runs on every article, so it is plain string work: find the marks, decide for
each whether it may open or close a quote (by its glyph and by what stands either side
of it), and pair them paragraph by paragraph. News text mixes straight and curly
marks, has apostrophes that look like single quotes and loses closing marks in
conversion, so every recovery rule prefers a short, cut quote to one that swallows
the rest of the article:

* Marks: "…" “…” ‘…’ '…' «…» »…« ‹…› ›…‹ „…“ „…” and the converted ``…'' and ''…''.
  Straight double marks pair in order; a closer of another style still closes an open
  quote of its family (“…" and "…” pair) when nothing of its own style is open.
* A single mark is an apostrophe between letters or digits (don't, d’Ivoire), before
  an elided year or word ('90s, rock 'n' roll), and it opens only at a word start and
  closes only at a word end. After an "s" and before a lowercase word (the students'
  union) it closes a quote only when no later single mark in the paragraph could.
* A paragraph is a line; blank lines are skipped. A quote crosses into the next
  paragraph only the journalistic way: it is left open at the end of a paragraph and
  the next paragraph opens with a mark of the same family (double, single, «», ‹›).
* A second opening mark of the style of an open quote nests inside it when two
  closers of that style follow in the paragraph (“The sign read “Stay home” all
  week.”); otherwise the first mark was left unclosed.
* An opening mark left unclosed is cut (``closed=False``) at the first of: the next
  opening mark of the same style, the first complete quote nested inside it, the end
  of its paragraph. If more than :data:`MAX_UNCLOSED` characters would still follow
  it, it is cut after its first sentence (``. ! ?`` then a capitalised word): a stray
  mark is likelier than a quote that long, and its first sentence is the best guess.
  Marks after a cut are paired again, so a stray mark loses no other quote.
* Only outer quotations are returned; a quote nested inside another is part of it.
  Quotes with no letter or digit inside ("", “...”) are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: An unclosed quote with more text than this after it is cut after its first sentence.
MAX_UNCLOSED = 600

_DOUBLE = "double"
_SINGLE = "single"
_GUILLEMET = "guillemet"
_ANGLE = "angle"

# glyph -> (family, style). A closer prefers an opener of its own style; two openers
# of one style nest only when closers for both follow, else the second cuts the first.
_GLYPHS: dict[str, tuple[str, str]] = {
    '"': (_DOUBLE, "straight"),
    "''": (_DOUBLE, "straight"),
    "``": (_DOUBLE, "straight"),
    "“": (_DOUBLE, "curly"),
    "”": (_DOUBLE, "curly"),
    "„": (_DOUBLE, "curly"),
    "'": (_SINGLE, "straight"),
    "‘": (_SINGLE, "curly"),
    "’": (_SINGLE, "curly"),
    "«": (_GUILLEMET, "«"),
    "»": (_GUILLEMET, "»"),
    "‹": (_ANGLE, "‹"),
    "›": (_ANGLE, "›"),
}
_MIRROR = {"«": "»", "»": "«", "‹": "›", "›": "‹"}
_MARK = re.compile(r"``|''|[\"'“”„‘’«»‹›]")
_MARK_CHARS = frozenset("\"'`“”„‘’«»‹›")
_BEFORE_WORD = frozenset("([{—–-/¿¡") | _MARK_CHARS  # may stand before an opening mark
_AFTER_WORD = frozenset(".,;:!?)]}—–-/…") | _MARK_CHARS  # may stand after a closing mark
# What a leading apostrophe elides: a year ('90s) or a few words (rock 'n' roll).
_ELIDED = re.compile(r"\d\d(?!\d)|(?:em|tis|twas|cause|til|n)\b", re.IGNORECASE)
_CLOSING = "\"'’”)]"  # what may close a quote nested at the end of another, or a bracket
_SENTENCE_END = re.compile(r"[.!?…]+[)\]]*\s+")


@dataclass(frozen=True)
class Quotation:
    """One piece of a direct quotation; offsets are ``str`` indices, end exclusive.

    A quote that runs over several paragraphs gives one piece per paragraph, each with
    the same ``group``; ``part`` counts the pieces from 0 and ``paragraphs`` is their
    number. ``closed`` belongs to the whole quote: False when its last piece had no
    closing mark. The content ``text[inner_start:inner_end]`` has no outer whitespace.
    """

    start: int
    end: int
    inner_start: int
    inner_end: int
    closed: bool
    paragraphs: int
    part: int
    group: int


@dataclass(frozen=True, slots=True)
class _Mark:
    start: int
    end: int
    glyph: str
    family: str
    style: str
    left: bool  # at a word start: may open
    right: bool  # at a word end: may close
    role: str  # single marks only: "open", "close", "weak" (a plural possessive), "none"


@dataclass(frozen=True, slots=True)
class _Piece:
    start: int
    end: int
    inner_start: int
    inner_end: int
    closed: bool
    continues: bool  # left open, continued by the next paragraph


def find_quotations(text: str) -> list[Quotation]:
    """The outer direct quotations of ``text``, in order, by their quotation marks."""
    paragraphs = _paragraphs(text)
    marks = [_marks(text, start, end) for start, end in paragraphs]
    groups: list[list[_Piece]] = []
    current: list[_Piece] | None = None
    for k, (start, end) in enumerate(paragraphs):
        following = marks[k + 1] if k + 1 < len(paragraphs) else []
        next_family = _opening_family(following, paragraphs[k + 1][0]) if following else None
        pieces = _pair(text, start, end, marks[k], next_family)
        if current is not None and not (pieces and pieces[0].start == start):
            current = None  # the open quote's continuation was dropped while pairing
        for piece in pieces:
            if current is None:
                current = []
                groups.append(current)
            current.append(piece)
            if not piece.continues:
                current = None
    return _quotations(text, groups)


def looks_like_speech(text: str, q: Quotation) -> bool:
    """Whether the quote is shaped like speech rather than a scare quote or a title.

    Scare quotes and titles ("the so-called “peace dividend”") are short and carry no
    clause punctuation. So a quote looks like speech when it spans paragraphs, follows
    a colon, has 5 or more words, has a comma (not just the sentence's comma at its
    end: “Gifted Hands,” his memoir), ``!`` or ``?`` inside its marks, or is a sentence
    ending in ``.`` or ``…`` there (“We lost.”, not “Sanity.” or the title-cased “Make
    It Great.”). A paragraph that is nothing but a quotation in single marks is a
    subheading, not speech. Whether a quote *is* speech (a cue verb nearby) is the
    caller's decision.
    """
    content = text[q.inner_start : q.inner_end]
    if q.paragraphs > 1 or _after_colon(text, q.start):
        return True
    if _single_heading(text, q):
        return False
    # a comma at the very end belongs to the sentence around: “Gifted Hands,” his memoir
    inside = content.rstrip(_CLOSING).removesuffix(",")
    if len(content.split()) >= 5 or any(c in inside for c in ",!?"):
        return True
    return content.rstrip(_CLOSING).endswith((".", "…")) and _is_sentence(content)


def _single_heading(text: str, q: Quotation) -> bool:
    """A paragraph that is one quotation in single marks: a subheading ('A tough
    decision.'), as headlines quote in single marks."""
    if text[q.start] not in "'‘’" or text.startswith("''", q.start):
        return False
    line_start = text.rfind("\n", 0, q.start) + 1
    line_end = text.find("\n", q.end)
    rest = text[q.end : len(text) if line_end < 0 else line_end]
    return not text[line_start : q.start].strip() and not rest.strip(" \t.")


def _is_sentence(content: str) -> bool:
    """Two or more words, the first capitalised and not every one: "We lost." is a
    sentence; "Sanity.", "Make America Great Again." and "like you folks." are a
    word, a title and a fragment."""
    words = [w for w in content.split() if w[:1].isalpha()]
    if len(words) < 2 or not words[0][0].isupper():
        return False
    return not all(w[0].isupper() for w in words)


def _after_colon(text: str, pos: int) -> bool:
    while pos > 0 and text[pos - 1].isspace():
        pos -= 1
    return pos > 0 and text[pos - 1] == ":"


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Each non-blank line as a (start, end) range without outer whitespace."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        start = pos + len(line) - len(line.lstrip())
        end = pos + len(line.rstrip())
        if start < end:
            spans.append((start, end))
        pos += len(line) + 1
    return spans


def _marks(text: str, p_start: int, p_end: int) -> list[_Mark]:
    """The quotation-mark candidates of one paragraph, with what stands beside them."""
    marks = []
    for m in _MARK.finditer(text, p_start, p_end):
        start, end = m.span()
        before = text[start - 1] if start > p_start else " "
        after = text[end] if end < p_end else " "
        left = (before.isspace() or before in _BEFORE_WORD) and not after.isspace()
        right = not before.isspace() and (after.isspace() or after in _AFTER_WORD)
        family, style = _GLYPHS[m.group()]
        role = "none"
        if family == _SINGLE:
            role = _single_role(text, start, end, p_end, left, right)
        marks.append(_Mark(start, end, m.group(), family, style, left, right, role))
    return marks


def _single_role(text: str, start: int, end: int, p_end: int, left: bool, right: bool) -> str:
    """Apostrophes (don't, d’Ivoire, '90s, the students' union) never open or close."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < p_end else " "
    if before.isalnum() and after.isalnum():
        return "none"
    if left and not right:
        return "none" if _ELIDED.match(text, end, p_end) else "open"
    if right and not left:
        if before in "sS" and after.isspace() and text[end:p_end].lstrip()[:1].islower():
            return "weak"
        return "close"
    return "none"


def _opening_family(marks: list[_Mark], p_start: int) -> str | None:
    """The family of the mark that opens a paragraph, if one does (rule for continuing)."""
    first = marks[0]
    return first.family if first.start == p_start and _opens(first) else None


def _pair(
    text: str, p_start: int, p_end: int, marks: list[_Mark], next_family: str | None
) -> list[_Piece]:
    """Pair one paragraph's marks into its outer quotes (see the module docstring)."""
    pieces: list[_Piece] = []
    stack: list[_Mark] = []
    nested: int | None = None  # start of the first complete quote inside stack[0]
    i = 0
    while i < len(marks) or stack:
        if i == len(marks):  # the paragraph ends with stack[0] open
            if stack[0].family == next_family:
                pieces.append(_unclosed(text, stack[0], p_end, continues=True))
                return pieces
            cut = _cut(text, stack[0], p_end, nested)
        else:
            mark = marks[i]
            i += 1
            j = _closes(mark, stack, marks[i:])
            if j == 0:
                pieces.append(_closed(text, stack[0], mark))
                nested = None
            elif j is not None and (nested is None or stack[j].start < nested):
                nested = stack[j].start
            if j is not None:
                del stack[j:]
                continue
            if not _opens(mark):
                continue
            same = [
                k for k, m in enumerate(stack) if (m.family, m.style) == (mark.family, mark.style)
            ]
            if same == [0] and _closers(mark, marks[i:]) >= 2:
                same = []  # “A “B” C.”: enough closers follow to close both
            if not same or same[-1] > 0:  # nest, dropping a same-style inner mark left open
                if same:
                    del stack[same[-1] :]
                stack.append(mark)
                continue
            cut = _cut(text, stack[0], mark.start, nested)
        pieces.append(_unclosed(text, stack[0], cut))
        stack, nested = [], None
        i = next((k for k, m in enumerate(marks) if m.start >= cut), len(marks))
    return pieces


def _cut(text: str, opener: _Mark, limit: int, nested: int | None) -> int:
    """Where an unclosed quote ends: see the module docstring."""
    if nested is not None and nested < limit:
        limit = nested
    if limit - opener.end > MAX_UNCLOSED:
        return _first_sentence_end(text, opener.end, limit) or limit
    return limit


def _opens(mark: _Mark) -> bool:
    """Whether the mark may open a quote (at a word start, or by its glyph)."""
    if mark.family == _SINGLE:
        return mark.role == "open"
    if mark.glyph in ("``", "„"):
        return True
    if mark.glyph in ("“", '"', "''", "«", "‹"):
        return mark.left or not mark.right
    # ” » ›: closing glyphs, used to open (Swedish, German, bad conversion) at a word start
    return mark.left and not mark.right


def _closes(mark: _Mark, stack: list[_Mark], later: list[_Mark]) -> int | None:
    """The stack index of the opener this mark closes, or None if it closes none."""
    same = [k for k, m in enumerate(stack) if m.family == mark.family]
    if not same:
        return None
    top = stack[same[-1]]
    if mark.family in (_GUILLEMET, _ANGLE):
        return same[-1] if _MIRROR[top.glyph] == mark.glyph else None
    if not _may_close(mark, top, later):
        return None
    styled = [k for k in same if stack[k].style == mark.style]
    return styled[-1] if styled else same[-1]


def _may_close(mark: _Mark, opener: _Mark, later: list[_Mark]) -> bool:
    if mark.family == _SINGLE:
        if mark.role == "weak":  # the students' union: only when nothing else closes
            return not any(m.family == _SINGLE and m.role == "close" for m in later)
        return mark.role == "close"
    if mark.glyph in ("``", "„"):
        return False
    if mark.glyph == "“":  # closes „…“ (German) or at a word end (mistyped ”)
        return opener.glyph == "„" or (mark.right and not mark.left)
    if mark.glyph == "”":
        return True
    # Straight marks pair in order, but one at a word start nests inside a curly quote,
    # and inside a straight one when two closers follow ("A "B" C.").
    if mark.left and not mark.right:
        return opener.style != "curly" and _closers(mark, later) < 2
    return True


def _closers(mark: _Mark, later: list[_Mark]) -> int:
    """How many of the later marks could close a quote of the mark's family and style."""
    return sum(
        1
        for m in later
        if (m.family, m.style) == (mark.family, mark.style) and m.right and not m.left
    )


def _first_sentence_end(text: str, start: int, end: int) -> int | None:
    for m in _SENTENCE_END.finditer(text, start, end):
        if m.end() < end and text[m.end()].isupper():
            return m.start() + len(m.group().rstrip())
    return None


def _closed(text: str, opener: _Mark, closer: _Mark) -> _Piece:
    inner_start, inner_end = _trim(text, opener.end, closer.start)
    return _Piece(opener.start, closer.end, inner_start, inner_end, True, False)


def _unclosed(text: str, opener: _Mark, limit: int, continues: bool = False) -> _Piece:
    inner_start, inner_end = _trim(text, opener.end, limit)
    return _Piece(opener.start, inner_end, inner_start, inner_end, False, continues)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _quotations(text: str, groups: list[list[_Piece]]) -> list[Quotation]:
    """Number the groups and their pieces, dropping pieces with no word inside."""
    quotations = []
    number = 0
    for group in groups:
        kept = [p for p in group if any(c.isalnum() for c in text[p.inner_start : p.inner_end])]
        closed = group[-1].closed
        for part, p in enumerate(kept):
            quotations.append(
                Quotation(
                    p.start, p.end, p.inner_start, p.inner_end, closed, len(kept), part, number
                )
            )
        if kept:
            number += 1
    return quotations
