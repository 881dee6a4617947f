"""Recognition: which spans name which actors (states, IGOs, organisations, people)."""

from __future__ import annotations

import pytest

from accord import Pipeline

from .helpers import mentions_by_code

CASES = [
    # lists of states, one actor each
    (
        "Japan, South Korea, Australia and New Zealand joined the talks on Thursday.",
        {"JPN": ["Japan"], "KOR": ["South Korea"], "AUS": ["Australia"], "NZL": ["New Zealand"]},
    ),
    # abbreviations and official names
    (
        "The U.S. and the UK accused the DPRK of supplying shells, while the ROK and the "
        "PRC traded barbs.",
        {"USA": ["U.S."], "GBR": ["UK"], "PRK": ["DPRK"], "KOR": ["ROK"], "CHN": ["PRC"]},
    ),
    # alliances the small model misreads ("Five Eyes" as a number)
    (
        "Officials from AUKUS, the Quad and the Five Eyes met the SCO and BRICS envoys.",
        {"AUKUS": ["AUKUS"], "QUAD": ["Quad"], "FVEY": ["Five Eyes"], "SCO": ["SCO"]},
    ),
    # a title, an affiliation and a name are one person
    (
        "US National Security Advisor Jake Sullivan met Japanese officials on Monday.",
        {
            "USAGOV": ["US National Security Advisor Jake Sullivan"],
            "JPNGOV": ["Japanese officials"],
        },
    ),
    # seats of power are the government or the military
    (
        "The Kremlin rejected the claim, and the Pentagon said it would respond.",
        {"RUSGOV": ["The Kremlin"], "USAMIL": ["the Pentagon"]},
    ),
    # a capital as an actor, but not as a place
    ("Tokyo protested to Beijing about the incident.", {"JPN": ["Tokyo"], "CHN": ["Beijing"]}),
    ("The ministers met in Canberra on Tuesday to discuss trade.", {}),
    # organisations of a state from a demonym or possessive and a sector noun
    (
        "Russia's foreign ministry summoned the envoy as Chinese troops held drills.",
        {"RUSGOV": ["Russia's foreign ministry"], "CHNMIL": ["Chinese troops"]},
    ),
    # places that contain a state's name are not that state
    ("Trade with Latin America and the South China Sea dominated the agenda.", {}),
    # a title, a name and "of" a state (a name the knowledge base does not know)
    (
        "President Joseph Kamau of Kenya received the envoy.",
        {"KENGOV": ["President Joseph Kamau of Kenya"]},
    ),
    # words between the possessive and the title
    (
        "Syria offered help to Lebanon's new President Joseph Kamau.",
        {"SYR": ["Syria"], "LBNGOV": ["Lebanon's new President Joseph Kamau"]},
    ),
    # a person acting for an IGO
    (
        "NATO Secretary General Jens Stoltenberg said the alliance was united.",
        {"NATO": ["NATO Secretary General Jens Stoltenberg", "the alliance"]},
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_recognised_mentions(pipeline: Pipeline, text: str, expected: dict[str, list[str]]) -> None:
    rec = pipeline.analyze(text, published="2024-07-11")
    found = mentions_by_code(rec)
    for code, mentions in expected.items():
        assert found.get(code) == mentions, (code, found)
    if not expected:
        assert found == {}


def test_capital_as_place_is_reported_as_a_place(pipeline: Pipeline) -> None:
    rec = pipeline.analyze("The ministers met in Canberra on Tuesday.", published="2024-07-11")
    assert [(p.name, p.country) for p in rec.places] == [("Canberra", "AUS")]
    assert rec.text[rec.places[0].start : rec.places[0].end] == "Canberra"


def test_anonymous_title_stays_an_unnamed_person(pipeline: Pipeline) -> None:
    rec = pipeline.analyze(
        "A State Department spokesperson said the talks would continue.", published="2024-07-11"
    )
    (person,) = [a for a in rec.actors if a.kind == "person"]
    assert person.code == "USAGOV"
    assert person.role == "spokesperson"


def test_every_mention_points_into_the_text(pipeline: Pipeline) -> None:
    text = (
        "Japanese Prime Minister Fumio Kishida met South Korean President Yoon Suk Yeol. "
        "Kishida said he was confident.\n\nThe Kremlin, NATO and the EU reacted."
    )
    rec = pipeline.analyze(text, published="2024-07-11")
    assert rec.actors
    for actor in rec.actors:
        for m in actor.mentions:
            assert 0 <= m.start < m.end <= len(rec.text)
            assert rec.text[m.start : m.end].strip() == rec.text[m.start : m.end]
