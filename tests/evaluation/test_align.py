"""Gold offsets follow the text through the input cleaning."""

from __future__ import annotations

import pytest

from accord.evaluation.align import move_spans, offset_map
from accord.text.formats import clean_text

RAW = [
    "\ufeffJapan said: “We will win.”",  # a byte-order mark
    "Japan said.\r\n\r\n\r\n“We will win,” Kishida said.",  # CRLF and blank lines
    "Japan\u200b said “no” to Russia\x0b today.",  # an invisible and a control character
    "Cafe\u0301 owners said “no.”",  # a letter and its combining accent, composed by NFC
    "  Japan said “no.”  \n",  # ends stripped
]


@pytest.mark.parametrize("raw", RAW)
def test_every_quoted_word_lands_on_the_same_words(raw: str) -> None:
    clean = clean_text(raw)
    mapping = offset_map(raw, clean)
    assert mapping is not None
    start, end = raw.index("“"), raw.rindex("”") + 1
    assert clean[mapping[start] : mapping[end]] == raw[start:end]
    assert mapping[len(raw)] == len(clean)


def test_unchanged_text_maps_to_itself() -> None:
    assert offset_map("abc", "abc") == [0, 1, 2, 3]


def test_a_rewritten_text_has_no_map() -> None:
    assert offset_map("Japan said no.", "Japan said yes.") is None


def test_spans_move_and_nulls_stay() -> None:
    raw = "\ufeffJapan said no."
    mapping = offset_map(raw, clean_text(raw))
    assert mapping is not None
    moved = move_spans(
        [{"start": 1, "end": 6, "speaker_start": None, "speaker_end": None}],
        mapping,
        (("start", "end"), ("speaker_start", "speaker_end")),
    )
    assert moved == [{"start": 0, "end": 5, "speaker_start": None, "speaker_end": None}]
