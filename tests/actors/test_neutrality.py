"""Neutral by construction: swapping actors' names swaps the output, nothing else."""

from __future__ import annotations

import pytest

from accord import Analysis, Pipeline

TEMPLATES = [
    "{A} accused {B} of provoking the crisis, and {B} rejected the charge on Tuesday.",
    "Officials in {A} said talks with {B} would resume, while {B}'s foreign ministry "
    "called the move a provocation.",
    "The leaders of {A} and {B} met on Monday. {A} later warned {B} against escalation.",
]
PAIRS = [
    ("Russia", "the United States", "RUS", "USA"),
    ("China", "Japan", "CHN", "JPN"),
    ("NATO", "the SCO", "NATO", "SCO"),
    ("Ukraine", "Russia", "UKR", "RUS"),
]


def _shape(rec: Analysis, swap: dict[str, str]) -> list[tuple[str, str, int]]:
    """Actors as (kind, code, mentions), codes mapped through ``swap``."""
    out = []
    for a in rec.actors:
        code = a.code or ""
        prefix = next((old for old in swap if code.startswith(old)), None)
        if prefix is not None:
            code = swap[prefix] + code[len(prefix) :]
        out.append((a.kind, code, len(a.mentions)))
    return sorted(out)


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize(("a", "b", "code_a", "code_b"), PAIRS)
def test_swapping_names_swaps_actors(
    pipeline: Pipeline, template: str, a: str, b: str, code_a: str, code_b: str
) -> None:
    def fill(x: str, y: str) -> str:
        text = template.format(A=x, B=y)
        return text[0].upper() + text[1:]

    first = pipeline.analyze(fill(a, b), published="2024-07-11")
    second = pipeline.analyze(fill(b, a), published="2024-07-11")
    assert _shape(first, {code_a: code_b, code_b: code_a}) == _shape(second, {})
