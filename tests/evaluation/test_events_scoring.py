"""Event scoring: levels, one-to-one pairing, partial gold, PLOVER types, dyads."""

from __future__ import annotations

from typing import Any

import pytest

from accord.evaluation.events import LEVELS, EventScores, _score_level
from accord.records import Analysis


def _record(events: list[dict[str, Any]]) -> Analysis:
    text = "Russia attacked Ukraine and NATO."
    actors = [
        {"id": "a1", "name": "Russia", "code": "RUS", "kind": "state", "country": "RUS",
         "mentions": [{"start": 0, "end": 6}]},
        {"id": "a2", "name": "Ukraine", "code": "UKR", "kind": "state", "country": "UKR",
         "mentions": [{"start": 16, "end": 23}]},
        {"id": "a3", "name": "NATO", "code": "NATO", "kind": "igo", "org": "NATO",
         "mentions": [{"start": 28, "end": 32}]},
        {"id": "a4", "name": "Amnesty", "code": "NGO", "kind": "group",
         "mentions": [{"start": 28, "end": 32}]},
        {"id": "a5", "name": "Memorial", "code": "RUSNGO", "kind": "group", "country": "RUS",
         "mentions": [{"start": 0, "end": 6}]},
    ]  # fmt: skip
    full = [
        {"id": f"e{i}", "label": "x", "quad_class": 4, "goldstein": -10.0,
         "modality": "asserted", "trigger": {"start": 7, "end": 15},
         "sentence": {"start": 0, "end": 33}, "confidence": 0.5, **e}
        for i, e in enumerate(events)
    ]  # fmt: skip
    return Analysis.model_validate(
        {
            "document": {"id": "d", "sha256": "0" * 64},
            "text": text,
            "actors": actors,
            "events": full,
        }
    )


def _score(expected: list[dict[str, Any]], events: list[dict[str, Any]], **kw: Any) -> EventScores:
    result = EventScores(**kw)
    for level in LEVELS:
        _score_level(level, expected, _record(events), result, result.partial)
    return result


ATTACK = {"source": "a1", "target": "a2", "code": "190", "root": "19", "plover": "ASSAULT"}


@pytest.mark.parametrize(
    ("gold", "tp"),
    [
        ({"source": "RUS", "target": "UKR", "code": "190"}, (1, 1, 1)),
        ({"source": "RUS", "target": "UKR", "code": "193"}, (1, 1, 0)),  # same root only
        ({"source": "UKR", "target": "RUS", "code": "190"}, (1, 0, 0)),  # dyad reversed
        ({"source": "RUS", "target": None, "code": "190"}, (1, 1, 1)),  # empty side: any
        ({"source": "RUSMIL", "target": "UKR", "code": "190"}, (1, 1, 1)),  # sector ignored
        ({"source": "RUS", "target": "UKR", "code": "111"}, (0, 0, 0)),
    ],
)
def test_levels(gold: dict[str, Any], tp: tuple[int, int, int]) -> None:
    result = _score([gold], [ATTACK])
    assert tuple(result.levels[lvl].tp for lvl in LEVELS) == tp


def test_pairing_is_one_to_one() -> None:
    gold = {"source": "RUS", "target": "UKR", "code": "190"}
    result = _score([gold, gold], [ATTACK])
    assert (result.levels["root"].tp, result.levels["root"].fn) == (1, 1)
    result = _score([gold], [ATTACK, ATTACK])
    assert (result.levels["root"].tp, result.levels["root"].fp) == (1, 1)


def test_partial_gold_counts_no_false_positives() -> None:
    other = {"source": "a1", "target": "a3", "code": "111", "root": "11", "plover": "ACCUSE"}
    result = _score([{"source": None, "target": None, "code": "190"}], [ATTACK, other],
                    partial=True)  # fmt: skip
    assert (result.levels["root"].tp, result.levels["root"].fp) == (1, 0)


@pytest.mark.parametrize(
    ("plover", "tp"), [("ASSAULT", 1), ("FIGHT", 1), ("ACCUSE", 0), ("DISAPPROVE", 0)]
)
def test_plover_types_match_by_the_codes_type(plover: str, tp: int) -> None:
    result = _score([{"source": "RUS", "target": "UKR", "code": plover}], [ATTACK], plover=True)
    assert result.levels["root+dyad"].tp == tp
    assert "code+dyad" not in result.as_dict()


def test_igo_gold_matches_an_igo_actor() -> None:
    event = {"source": "a1", "target": "a3", "code": "111", "root": "11", "plover": "ACCUSE"}
    result = _score([{"source": "RUS", "target": "IGO", "code": "111"}], [event])
    assert result.levels["code+dyad"].tp == 1


def test_plover_gold_does_not_judge_codes_outside_plover() -> None:
    statement = {"source": "a1", "target": "a2", "code": "010", "root": "01", "plover": None}
    gold = [{"source": "RUS", "target": "UKR", "code": "ASSAULT"}]
    result = _score(gold, [ATTACK, statement], plover=True)
    assert (result.levels["root"].tp, result.levels["root"].fp) == (1, 0)
    # against CAMEO gold the same statement is a false positive
    result = _score([{"source": "RUS", "target": "UKR", "code": "190"}], [ATTACK, statement])
    assert (result.levels["root"].tp, result.levels["root"].fp) == (1, 1)


@pytest.mark.parametrize(("actor", "tp"), [("a4", 1), ("a5", 0), ("a2", 0)])
def test_igo_gold_matches_a_transnational_ngo_but_no_state_or_national_group(
    actor: str, tp: int
) -> None:
    """The PLOVER gold codes Amnesty International or the Red Cross as IGO."""
    event = {"source": actor, "target": "a2", "code": "111", "root": "11", "plover": "ACCUSE"}
    result = _score([{"source": "IGO", "target": "UKR", "code": "111"}], [event])
    assert result.levels["code+dyad"].tp == tp
