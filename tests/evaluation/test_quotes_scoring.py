"""Quote scoring: the half-overlap threshold, one-to-one pairing, the direct/indirect
split, exact matches, speaker accuracy, misaligned rows and the report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from accord.errors import InputError
from accord.evaluation.quotes import (
    LEVELS,
    QuoteScores,
    format_quotes,
    score_quotes,
    score_record,
)
from accord.records import Analysis
from accord.text import Article

TEXT = "x" * 200  # offsets are all that is scored


def _record(quotes: list[dict[str, Any]], text: str = TEXT) -> Analysis:
    full = [{"id": f"q{i}", "kind": "direct", "speaker": None, **q} for i, q in enumerate(quotes)]
    return Analysis.model_validate(
        {"document": {"id": "d", "sha256": "0" * 64}, "text": text, "quotes": full}
    )


def _gold(
    start: int, end: int, kind: str = "direct", speaker: tuple[int, int] | None = None
) -> dict[str, Any]:
    """A gold quote as in the PolNeAR file."""
    s_start, s_end = speaker if speaker else (None, None)
    return {"start": start, "end": end, "kind": kind,
            "speaker_start": s_start, "speaker_end": s_end}  # fmt: skip


def _score(gold: list[dict[str, Any]], preds: list[dict[str, Any]]) -> QuoteScores:
    result = QuoteScores()
    score_record(gold, _record(preds), result)
    return result


def _counts(result: QuoteScores, level: str = "all", exact: bool = False) -> tuple[int, ...]:
    s = (result.exact if exact else result.overlap)[level]
    return (s.tp, s.fp, s.fn)


@pytest.mark.parametrize(
    ("gold", "pred", "matched"),
    [
        ((0, 100), (50, 150), True),  # 50 shared of 100: exactly half
        ((0, 100), (51, 151), False),  # 49 of 100: just under
        ((0, 100), (0, 50), True),  # inside, half the gold
        ((0, 100), (0, 49), False),  # inside, under half the gold
        ((20, 30), (0, 100), False),  # contains the gold, but the prediction is the longer
        ((0, 41), (20, 61), True),  # 21 of 41: over half, odd length
        ((0, 41), (21, 62), False),  # 20 of 41: under half
        ((0, 10), (10, 20), False),  # touching, no shared character
    ],
)
def test_overlap_threshold(gold: tuple[int, int], pred: tuple[int, int], matched: bool) -> None:
    result = _score([_gold(*gold)], [{"start": pred[0], "end": pred[1]}])
    assert _counts(result) == ((1, 0, 0) if matched else (0, 1, 1))


def test_pairing_is_one_to_one() -> None:
    result = _score([_gold(0, 100)], [{"start": 0, "end": 90}, {"start": 0, "end": 100}])
    assert _counts(result) == (1, 1, 0)
    result = _score([_gold(0, 100), _gold(0, 90)], [{"start": 0, "end": 100}])
    assert _counts(result) == (1, 0, 1)


def test_largest_overlap_paired_first() -> None:
    # the first prediction matches both golds; given to the first gold, it would leave
    # the second prediction (too little of the second gold) unpaired
    golds = [_gold(0, 100), _gold(30, 130)]
    preds = [{"start": 30, "end": 130}, {"start": 0, "end": 60}]
    assert _counts(_score(golds, preds)) == (2, 0, 0)


def test_direct_indirect_split() -> None:
    golds = [_gold(0, 50, "direct"), _gold(100, 150, "indirect")]
    preds = [
        {"start": 0, "end": 50, "kind": "indirect"},  # right span, wrong kind
        {"start": 100, "end": 150, "kind": "indirect"},
    ]
    result = _score(golds, preds)
    assert _counts(result, "all") == (2, 0, 0)
    assert _counts(result, "direct") == (0, 0, 1)
    assert _counts(result, "indirect") == (1, 1, 0)


@pytest.mark.parametrize(
    ("pred", "exact"),
    [((10, 60), True), ((10, 59), False), ((11, 60), False), ((9, 60), False)],
)
def test_exact_match_needs_identical_offsets(pred: tuple[int, int], exact: bool) -> None:
    result = _score([_gold(10, 60)], [{"start": pred[0], "end": pred[1]}])
    assert _counts(result) == (1, 0, 0)  # all of them match by overlap
    assert _counts(result, exact=True) == ((1, 0, 0) if exact else (0, 1, 1))
    assert _counts(result, "direct", exact=True) == _counts(result, exact=True)
    assert _counts(result, "indirect", exact=True) == (0, 0, 0)


def test_exact_match_is_one_to_one() -> None:
    result = _score([_gold(10, 60)], [{"start": 10, "end": 60}, {"start": 10, "end": 60}])
    assert _counts(result, exact=True) == (1, 1, 0)


@pytest.mark.parametrize(
    ("mention", "speaker", "counts"),
    [
        ({"start": 0, "end": 5}, "a1", (1, 1, 0)),  # (scored, correct, no_mention)
        ({"start": 3, "end": 8}, "a1", (1, 1, 0)),  # partly overlaps the gold speaker
        ({"start": 5, "end": 9}, "a1", (1, 0, 0)),  # next to it: wrong
        (None, "a1", (1, 0, 1)),
        (None, None, (1, 0, 1)),
    ],
)
def test_speaker_accuracy(
    mention: dict[str, int] | None, speaker: str | None, counts: tuple[int, int, int]
) -> None:
    pred = {"start": 10, "end": 60, "speaker": speaker, "speaker_mention": mention}
    sp = _score([_gold(10, 60, speaker=(0, 5))], [pred]).speaker
    assert (sp.scored, sp.correct, sp.no_mention) == counts
    assert (sp.matched, sp.resolved) == (1, int(speaker is not None))


def test_gold_without_speaker_left_out_of_accuracy() -> None:
    golds = [_gold(10, 60, speaker=(0, 5)), _gold(100, 150)]
    preds = [
        {"start": 10, "end": 60, "speaker": "a1", "speaker_mention": {"start": 0, "end": 5}},
        {"start": 100, "end": 150, "speaker": "a2", "speaker_mention": {"start": 90, "end": 95}},
        {"start": 170, "end": 190, "speaker": "a3"},  # unmatched: no part in speakers
    ]
    sp = _score(golds, preds).speaker
    assert (sp.scored, sp.correct, sp.accuracy) == (1, 1, 1.0)
    assert (sp.matched, sp.resolved, sp.resolved_share) == (2, 2, 1.0)


def test_scores_add_up_over_documents() -> None:
    result = QuoteScores()
    score_record([_gold(0, 50)], _record([{"start": 0, "end": 50}]), result)
    score_record([_gold(0, 50, "indirect")], _record([]), result)
    score_record([], _record([{"start": 0, "end": 50}]), result)
    assert result.documents == 3
    assert _counts(result) == (1, 1, 1)
    assert _counts(result, "indirect") == (0, 0, 1)


class _FakePipeline:
    """Prepares like the real one (refusing some texts, cleaning others) and returns one
    record per article with a quote over its first ten characters."""

    def prepare(self, raw: str, *, format: str, published: str | None) -> Article:
        if raw.startswith("!"):
            raise InputError("refused")
        if raw.startswith("~"):  # a change no cleaning makes: the offsets cannot follow
            return Article(text=raw.replace("~", "x"))
        return Article(text=raw.strip())

    def process(self, articles: list[Article]) -> list[Analysis]:
        return [_record([{"start": 0, "end": 10}], a.text) for a in articles]


def test_score_quotes_counts_skipped_and_misaligned(tmp_path: Path) -> None:
    rows = [
        {"text": "a" * 30, "quotes": [_gold(0, 10)], "publication_date": "2020-01-01"},
        {"text": "!" * 30, "quotes": [_gold(0, 10)]},
        # cleaning strips the space: the gold offsets move with the text and still match
        {"text": " " + "b" * 30, "quotes": [_gold(1, 11)]},
        {"text": "c" * 30, "date": "2020-01-02"},
        {"text": "~" * 30, "quotes": [_gold(0, 10)]},
    ]
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = score_quotes(gold, _FakePipeline())  # type: ignore[arg-type]
    assert (result.documents, result.skipped, result.misaligned) == (3, 1, 1)
    assert _counts(result) == (2, 1, 0)
    data = result.as_dict()
    assert (data["skipped"], data["misaligned"]) == (1, 1)
    assert data["overlap"]["all"] == {
        "precision": 0.6667, "recall": 1.0, "f1": 0.8, "tp": 2, "fp": 1, "fn": 0,
    }  # fmt: skip
    assert set(data["exact"]) == set(LEVELS)
    assert "1 rows misaligned" in format_quotes(result, gold.name)


def test_format_quotes() -> None:
    result = _score([_gold(0, 50, speaker=(0, 5))], [{"start": 0, "end": 40}])
    table = format_quotes(result, "gold.jsonl")
    assert table.startswith("Quotes on gold.jsonl (1 documents scored)")
    assert "Not scored" not in table
    assert "| all | 1.000 | 1.000 | 1.000 | 1 | 0 | 0 |" in table
    assert "| all (exact) | 0.000 | 0.000 | 0.000 | 0 | 1 | 1 |" in table
    assert "Speaker accuracy 0.000 (0 of 1" in table
    assert len([line for line in table.splitlines() if line.startswith("| ")]) == 7
