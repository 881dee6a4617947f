"""Framing scoring: SemEval-2020 Task 11 SI (merging, micro-averaging, empty sides), TC
(multiset matching of identical spans), the per-technique table, flags per 1000 words,
the gold reader's refusals and the report. The arithmetic of each case is in comments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.errors import InputError
from accord.evaluation.framing import (
    TECHNIQUES,
    Flag,
    FlagRate,
    FramingGoldError,
    FramingScores,
    flags_per_1000_words,
    format_framing,
    merge_overlapping,
    read_framing_gold,
    score_si,
    score_si_by_technique,
    score_tc,
    word_count,
)
from accord.records import FramingSpan

LOADED, NAME, DOUBT, SLOGANS = "Loaded_Language", "Name_Calling,Labeling", "Doubt", "Slogans"


def _spans(*spans: tuple[int, int], technique: str = LOADED) -> list[Flag]:
    return [Flag(start, end, technique) for start, end in spans]


def _prf(pred: list[Flag], gold: list[Flag]) -> tuple[float, float, float]:
    s = score_si([(pred, gold)])
    return (s.precision, s.recall, s.f1)


# -- SI ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("pred", "gold", "expected"),
    [
        # identical: P = 10/10 / 1, R = 10/10 / 1
        (_spans((0, 10)), _spans((0, 10)), (1.0, 1.0, 1.0)),
        # half overlap: 5 shared; P = 5/10, R = 5/10, F1 = 0.5
        (_spans((5, 15)), _spans((0, 10)), (0.5, 0.5, 0.5)),
        # prediction twice the gold: P = 10/20, R = 10/10, F1 = 2 * .5 * 1 / 1.5 = 2/3
        (_spans((0, 20)), _spans((0, 10)), (0.5, 1.0, 2 / 3)),
        # one prediction over two gold spans: P = (10 + 10)/30 / 1 = 2/3,
        # R = (10/10 + 10/10) / 2 = 1, F1 = 2 * 2/3 * 1 / (5/3) = 0.8
        (_spans((0, 30)), _spans((0, 10), (20, 30)), (2 / 3, 1.0, 0.8)),
        # disjoint: nothing shared
        (_spans((20, 30)), _spans((0, 10)), (0.0, 0.0, 0.0)),
        # no prediction: |S| = 0 so P = 0; R = 0 / 1; F1 = 0
        ([], _spans((0, 10)), (0.0, 0.0, 0.0)),
        # no gold: P = 0 / 1; |T| = 0 so R = 0; F1 = 0
        (_spans((0, 10)), [], (0.0, 0.0, 0.0)),
        ([], [], (0.0, 0.0, 0.0)),
    ],
)
def test_si_cases(pred: list[Flag], gold: list[Flag], expected: tuple[float, float, float]) -> None:
    assert _prf(pred, gold) == pytest.approx(expected)


def test_overlapping_gold_spans_are_merged_whatever_their_technique() -> None:
    gold = [Flag(0, 10, LOADED), Flag(5, 15, NAME)]  # one span [0, 15)
    score = score_si([(_spans((0, 15)), gold)])
    # merged: P = 15/15 / 1, R = 15/15 / 1. Unmerged, P would be (10 + 10)/15 = 4/3.
    assert (score.precision, score.recall, score.gold) == (1.0, 1.0, 1)


def test_overlapping_predictions_are_merged() -> None:
    pred = [Flag(0, 8, LOADED), Flag(4, 15, DOUBT)]  # one span [0, 15)
    score = score_si([(pred, _spans((0, 15)))])
    assert (score.f1, score.predicted) == (1.0, 1)


@pytest.mark.parametrize(
    ("spans", "merged"),
    [
        ([(0, 5), (5, 10)], [(0, 5), (5, 10)]),  # touching: no shared character
        ([(8, 12), (0, 5), (4, 9)], [(0, 12)]),  # transitive, in any order
        ([(0, 20), (5, 10)], [(0, 20)]),  # nested
        ([(3, 3), (0, 2)], [(0, 2)]),  # zero-length dropped
    ],
)
def test_merge_overlapping(spans: list[tuple[int, int]], merged: list[tuple[int, int]]) -> None:
    assert merge_overlapping(_spans(*spans)) == merged


def test_si_is_micro_averaged_over_articles() -> None:
    # A: exact, sums P 1 and R 1 over |S| = 1, |T| = 1.
    # B: gold [0, 10); predictions [0, 5), [50, 60), [70, 80): P sum 5/5 = 1 over |S| = 3,
    #    R sum 5/10 = 0.5 over |T| = 1.
    # micro: P = (1 + 1) / (1 + 3) = 0.5, R = (1 + 0.5) / 2 = 0.75, F1 = .75 / 1.25 = 0.6
    # (macro P would be (1 + 1/3) / 2 = 2/3)
    a = (_spans((0, 10)), _spans((0, 10)))
    b = (_spans((0, 5), (50, 60), (70, 80)), _spans((0, 10)))
    score = score_si([a, b])
    assert (score.precision, score.recall, score.f1) == pytest.approx((0.5, 0.75, 0.6))
    assert (score.predicted, score.gold) == (4, 2)


def test_framing_spans_of_a_record_are_scored() -> None:
    flag = FramingSpan(id="f1", start=0, end=10, technique=LOADED, confidence=0.9, rationale="x")
    assert score_si([([flag], _spans((0, 10)))]).f1 == 1.0
    assert score_tc([([flag], _spans((0, 10)))]).micro.f1 == 1.0


@given(
    st.lists(
        st.tuples(st.integers(0, 50), st.integers(1, 20), st.sampled_from([LOADED, NAME, DOUBT])),
        max_size=8,
    )
)
def test_gold_scored_against_itself_is_perfect(raw: list[tuple[int, int, str]]) -> None:
    gold = [Flag(start, start + length, t) for start, length, t in raw]
    si, tc = score_si([(gold, gold)]), score_tc([(gold, gold)])
    assert si.f1 == pytest.approx(1.0 if gold else 0.0)
    assert tc.micro.f1 == (1.0 if gold else 0.0)
    for score in score_si_by_technique([(gold, gold)]).values():
        assert score.f1 == pytest.approx(1.0 if score.gold else 0.0)


# -- TC ---------------------------------------------------------------------------------
def test_tc_matches_the_techniques_of_identical_spans_as_multisets() -> None:
    # gold: [0, 10) has two techniques, [20, 30) one
    gold = [Flag(0, 10, LOADED), Flag(0, 10, NAME), Flag(20, 30, DOUBT)]
    # both labels of [0, 10) given, in the other order: 2 right; [20, 30) wrong
    pred = [Flag(0, 10, NAME), Flag(0, 10, LOADED), Flag(20, 30, SLOGANS)]
    tc = score_tc([(pred, gold)])
    # micro: tp 2, fp 1, fn 1: P = R = F1 = 2/3 = accuracy (2 of 3 gold spans)
    assert (tc.micro.tp, tc.micro.fp, tc.micro.fn) == (2, 1, 1)
    assert tc.micro.f1 == pytest.approx(2 / 3)
    assert (tc.by_technique[LOADED].f1, tc.by_technique[NAME].f1) == (1.0, 1.0)
    assert (tc.by_technique[DOUBT].fn, tc.by_technique[DOUBT].recall) == (1, 0.0)
    assert (tc.by_technique[SLOGANS].fp, tc.by_technique[SLOGANS].precision) == (1, 0.0)
    assert (tc.extra, tc.missing) == (0, 0)


def test_tc_one_gold_technique_cannot_be_matched_twice() -> None:
    gold = [Flag(0, 10, LOADED), Flag(0, 10, NAME)]
    pred = [Flag(0, 10, LOADED), Flag(0, 10, LOADED)]
    tc = score_tc([(pred, gold)])
    # Loaded: 1 of 2 predictions right (P 1/2), its 1 gold found (R 1); Name missed
    loaded = tc.by_technique[LOADED]
    assert (loaded.tp, loaded.fp, loaded.fn) == (1, 1, 0)
    assert (tc.by_technique[NAME].fn, tc.micro.tp) == (1, 1)


def test_tc_counts_unlabelled_gold_and_predictions_off_the_gold() -> None:
    gold = _spans((0, 10), (20, 30))
    pred = _spans((0, 10), (40, 50))  # [20, 30) unlabelled; [40, 50) is no gold span
    tc = score_tc([(pred, gold)])
    # tp 1, fp 1, fn 1: P = R = 1/2
    assert (tc.micro.tp, tc.micro.fp, tc.micro.fn) == (1, 1, 1)
    assert (tc.extra, tc.missing) == (1, 1)


def test_tc_table_lists_every_technique_and_unknown_labels_last() -> None:
    tc = score_tc([([Flag(0, 5, "Invented")], _spans((0, 5)))])
    assert list(tc.by_technique) == [*TECHNIQUES, "Invented"]
    assert tc.by_technique["Doubt"].as_dict()["f1"] == 0.0
    assert tc.by_technique["Invented"].fp == 1


# -- span and technique, per technique --------------------------------------------------
def test_si_by_technique() -> None:
    gold = [Flag(0, 10, LOADED), Flag(20, 30, DOUBT)]
    pred = [Flag(0, 10, LOADED), Flag(20, 30, LOADED)]
    table = score_si_by_technique([(pred, gold)])
    # Loaded: P = (1 + 0) / 2, R = 1 / 1, F1 = 2 * .5 * 1 / 1.5 = 2/3
    loaded = table[LOADED]
    assert (loaded.precision, loaded.recall, loaded.f1) == pytest.approx((0.5, 1.0, 2 / 3))
    # Doubt: no prediction: P = 0 (|S| = 0), R = 0 / 1
    assert (table[DOUBT].f1, table[DOUBT].gold) == (0.0, 1)
    assert list(table) == list(TECHNIQUES)
    # technique ignored the same spans score perfectly
    assert score_si([(pred, gold)]).f1 == 1.0


def test_si_by_technique_merges_only_within_a_technique() -> None:
    gold = [Flag(0, 10, LOADED), Flag(5, 15, DOUBT), Flag(8, 12, LOADED)]
    table = score_si_by_technique([(_spans((0, 12)), gold)])
    # Loaded gold [0, 10) + [8, 12) -> [0, 12): exact; Doubt kept apart, missed
    assert (table[LOADED].f1, table[LOADED].gold) == (1.0, 1)
    assert (table[DOUBT].recall, table[DOUBT].gold) == (0.0, 1)


# -- flags per 1000 words ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("don't over-react, U.S. 2024", 5),  # don't | over-react | U | S | 2024
        ("  \n— ... ", 0),
        ("Élysée Palace", 2),
    ],
)
def test_word_count(text: str, words: int) -> None:
    assert word_count(text) == words


def test_flags_per_1000_words() -> None:
    text = "word " * 250
    assert flags_per_1000_words(_spans((0, 4), (5, 9)), text) == 8.0  # 2 / 250 * 1000
    assert flags_per_1000_words([], text) == 0.0
    assert flags_per_1000_words([], "") == 0.0


def test_flag_rate_pools_words_across_documents() -> None:
    rate = FlagRate()
    rate.add(_spans((0, 4)), "word " * 100)
    rate.add([], "word " * 900)
    # 1 flag in 1000 words: 1.0 (the mean of the two rates would be (10 + 0) / 2 = 5)
    assert rate.as_dict() == {"per_1000_words": 1.0, "flags": 1, "words": 1000, "documents": 2}


# -- the gold file ----------------------------------------------------------------------
def _row(spans: object, text: str = "The reckless regime lied again.") -> str:
    return json.dumps({"id": "a1", "text": text, "spans": spans})


def test_read_framing_gold(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    spans = [{"start": 4, "end": 19, "technique": LOADED}]
    path.write_text(_row(spans) + "\n\n" + _row([]) + "\n", encoding="utf-8")
    first, second = read_framing_gold(path)
    assert (first.id, first.spans) == ("a1", (Flag(4, 19, LOADED),))
    assert first.text[4:19] == "reckless regime"
    assert second.spans == ()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", ":3: not JSON"),
        ('{"id": "a1"}', ":3: a gold row needs a 'text' string"),
        ('["a list"]', ":3: a gold row needs"),
        (_row({"start": 0}), ":3: 'spans' must be a list"),
        (_row(["x"]), ":3: span 0: not an object"),
        (_row([{"start": "0", "end": 3, "technique": LOADED}]), ":3: span 0: 'start' and"),
        (_row([{"start": 0, "end": True, "technique": LOADED}]), ":3: span 0: 'start' and"),
        (_row([{"start": 4, "end": 4, "technique": LOADED}]), r":3: span 0: offsets \[4, 4\)"),
        (_row([{"start": 9, "end": 4, "technique": LOADED}]), ":3: span 0: offsets"),
        (_row([{"start": -1, "end": 4, "technique": LOADED}]), ":3: span 0: offsets"),
        (_row([{"start": 0, "end": 99, "technique": LOADED}]), "of the 31-character text"),
        (
            _row([{"start": 0, "end": 3, "technique": DOUBT}, {"start": 0, "end": 3}]),
            ":3: span 1: unknown technique None",
        ),
        (_row([{"start": 0, "end": 3, "technique": "Loaded"}]), "unknown technique 'Loaded'"),
    ],
)
def test_gold_reader_refuses_bad_rows(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(_row([]) + "\n\n" + line + "\n", encoding="utf-8")  # the bad row: line 3
    with pytest.raises(FramingGoldError, match=message) as caught:
        list(read_framing_gold(path))
    assert isinstance(caught.value, InputError)
    assert str(caught.value).startswith("[A110] ")
    assert "\n" not in str(caught.value)


# -- the report -------------------------------------------------------------------------
def test_format_framing_and_as_dict() -> None:
    gold = [Flag(0, 10, LOADED), Flag(20, 30, DOUBT)]
    pred = [Flag(0, 10, LOADED), Flag(20, 30, LOADED)]
    neutral = FlagRate()
    neutral.add(_spans((0, 4)), "word " * 400)
    result = FramingScores(
        si=score_si([(pred, gold)]),
        tc=score_tc([(pred, gold)]),
        si_by_technique=score_si_by_technique([(pred, gold)]),
        neutral=neutral,
        documents=1,
        skipped=2,
    )
    text = format_framing(result, "ptc_dev")
    assert text.startswith("Framing on ptc_dev (1 documents scored)")
    assert "**Not scored:** 2 rows refused" in text
    assert "| SI (spans, technique ignored) | 1.000 | 1.000 | 1.000 | 2 | 2 |" in text
    # TC: Loaded right, Doubt labelled Loaded: tp 1, fp 1, fn 1
    assert "TC micro-F1 0.500: 1 of 2 gold spans labelled right" in text
    assert "| Loaded_Language | 0.500 | 1.000 | 0.667 | 2 | 0.500 | 1.000 | 0.667 | 1 |" in text
    assert "| Doubt | 0.000 | 0.000 | 0.000 | 0 | 0.000 | 0.000 | 0.000 | 1 |" in text
    assert "2.50 flags per 1000 words (1 flags in 400 words, 1 documents)" in text
    data = json.loads(json.dumps(result.as_dict()))
    assert data["si"]["f1"] == 1.0
    assert data["tc"]["f1"] == 0.5
    assert data["si_by_technique"][LOADED]["f1"] == 0.6667
    assert data["neutral"]["per_1000_words"] == 2.5


def test_format_framing_without_neutral_text_or_skipped_rows() -> None:
    text = format_framing(FramingScores(), "empty")
    assert "Not scored" not in text
    assert "Neutral text" not in text
    # the task table: header and 2 rows; the technique table: header and 14 rows
    assert text.count("\n| ") == 3 + 1 + len(TECHNIQUES)


# -- the development data ---------------------------------------------------------------
@pytest.mark.data
def test_ptc_gold_scored_against_itself(shared_data: Path) -> None:
    path = shared_data / "framing" / "ptc_train.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    pairs = [(row.spans, row.spans) for row in read_framing_gold(path)]
    assert pairs
    assert score_si(pairs).f1 == pytest.approx(1.0)
    assert score_tc(pairs).micro.f1 == 1.0
