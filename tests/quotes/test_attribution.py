"""Quotes through the whole pipeline: what was said, by whom, with which cue.

Every sentence here is written for these tests. Each case lists the quotes expected as
(kind, quoted text, speaker mention as written, speaker actor's name or None).
"""

from __future__ import annotations

import pytest

from accord import Analysis, Pipeline
from accord.quotes.attribution import QuoteFinder
from accord.quotes.content import ContentModel

Row = tuple[str, str, str | None, str | None]


def _quotes(rec: Analysis) -> list[Row]:
    out = []
    for q in rec.quotes:
        mention = q.speaker_mention
        out.append(
            (
                q.kind,
                rec.text[q.start : q.end],
                rec.text[mention.start : mention.end] if mention else None,
                rec.actor(q.speaker).name if q.speaker else None,
            )
        )
    return out


KISHIDA = "Fumio Kishida"
CASES: list[tuple[str, list[Row]]] = [
    # the cue after the quote, with the speaker named after a title
    (
        '"We will not back down," Prime Minister Fumio Kishida said on Monday.',
        [("direct", '"We will not back down,"', "Prime Minister Fumio Kishida", KISHIDA)],
    ),
    # the cue before, introduced by a colon; the subject inverted after the verb
    (
        'Prime Minister Fumio Kishida said: "Japan stands with its allies."',
        [("direct", '"Japan stands with its allies."', "Prime Minister Fumio Kishida", KISHIDA)],
    ),
    (
        "“The alliance is strong,” said Prime Minister Fumio Kishida.",
        [("direct", "“The alliance is strong,”", "Prime Minister Fumio Kishida", KISHIDA)],
    ),
    # split around the cue: two quotes, one speaker
    (
        "“We will win,” Prime Minister Fumio Kishida said, “and we will win soon.”",
        [
            ("direct", "“We will win,”", "Prime Minister Fumio Kishida", KISHIDA),
            ("direct", "“and we will win soon.”", "Prime Minister Fumio Kishida", KISHIDA),
        ],
    ),
    # a pronoun speaker two sentences after the name, resolved to the person
    (
        "Prime Minister Fumio Kishida arrived in Manila on Monday. The talks lasted an hour. "
        "“The sea must stay open to every ship,” he said.",
        [("direct", "“The sea must stay open to every ship,”", "he", KISHIDA)],
    ),
    # the next sentence of quote, with no cue of its own: the same voice
    (
        "“We will not back down,” Prime Minister Fumio Kishida said. “Japan stands with its "
        "allies.”",
        [
            ("direct", "“We will not back down,”", "Prime Minister Fumio Kishida", KISHIDA),
            ("direct", "“Japan stands with its allies.”", "Prime Minister Fumio Kishida", KISHIDA),
        ],
    ),
    # scare quotes and titles are not speech; what was praised is the minister's stance
    # (an indirect quote, as PolNeAR annotates "praised X"), not a direct quote
    (
        "The minister praised the so-called “peace dividend” in a speech on Monday.",
        [("indirect", "the so-called “peace dividend”", "The minister", None)],
    ),
    ("She appeared on “Good Morning America” on Monday.", []),
    # a quotation inside a sentence is part of that sentence: the indirect quote has it
    (
        "Prime Minister Fumio Kishida said the plan was “extremely careless” and wrong.",
        [
            (
                "indirect",
                "the plan was “extremely careless” and wrong",
                "Prime Minister Fumio Kishida",
                KISHIDA,
            )
        ],
    ),
    # indirect: a verb of saying and its clause, with or without "that"
    (
        "Prime Minister Fumio Kishida said that cooperation with NATO would benefit everyone.",
        [
            (
                "indirect",
                "that cooperation with NATO would benefit everyone",
                "Prime Minister Fumio Kishida",
                KISHIDA,
            )
        ],
    ),
    # what someone was urged or asked to do, in their words or not, with whom it was
    # urged on (PolNeAR's fragments take in the object: "urged *the court to ...*")
    (
        "Prime Minister Fumio Kishida urged the court to give the sailors a fair trial.",
        [
            (
                "indirect",
                "the court to give the sailors a fair trial",
                "Prime Minister Fumio Kishida",
                KISHIDA,
            )
        ],
    ),
    # "according to": the clause, without the phrase; the speaker is its object
    (
        "The talks will resume in May, according to the Japanese foreign ministry.",
        [
            (
                "indirect",
                "The talks will resume in May",
                "the Japanese foreign ministry",
                "Japanese government",
            )
        ],
    ),
    # a document speaks for whoever issued it
    (
        "The NATO summit declaration stated that China poses a challenge.",
        [
            (
                "indirect",
                "that China poses a challenge",
                "The NATO summit declaration",
                "North Atlantic Treaty Organization",
            )
        ],
    ),
    # a transcript's speaker label
    (
        "KISHIDA: We will keep the sea lanes open.",
        [("indirect", "We will keep the sea lanes open.", "KISHIDA", None)],
    ),
    # a heading with a colon is no speaker
    ("Delegate Update: The latest count in the race.", []),
    # a speaker nobody names stays unresolved, never guessed
    (
        "“We were never told,” they said.",
        [("direct", "“We were never told,”", "they", None)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_quotes(pipeline: Pipeline, text: str, expected: list[Row]) -> None:
    assert _quotes(pipeline.analyze(text, published="2024-07-10")) == expected


def test_a_multi_paragraph_quote_keeps_its_speaker(pipeline: Pipeline) -> None:
    text = (
        "Prime Minister Fumio Kishida spoke to reporters in Tokyo.\n\n"
        "“The first point is simple. We will not back down,” Kishida said.\n\n"
        "“The second point is harder. We need partners who stay the course.\n\n"
        "“And the third is patience.”"
    )
    rows = _quotes(pipeline.analyze(text))
    assert [r[0] for r in rows] == ["direct", "direct", "direct"]
    assert all(r[3] == KISHIDA for r in rows), rows


def test_one_bad_quote_mark_loses_no_other_quote(pipeline: Pipeline) -> None:
    text = (
        "“We will not back down,” Prime Minister Fumio Kishida said.\n\n"
        "The ministry called it a “turning point in a statement on Monday.\n\n"
        "“Japan stands with its allies,” Kishida said."
    )
    quoted = [r[1] for r in _quotes(pipeline.analyze(text)) if r[0] == "direct"]
    assert quoted == ["“We will not back down,”", "“Japan stands with its allies,”"]


def test_every_quote_points_into_the_text(pipeline: Pipeline) -> None:
    text = (
        "“Talks will resume,” the Chinese foreign minister said, adding that Beijing "
        "“wants calm”. According to Seoul, the meeting was useful. He said: “Good.”"
    )
    rec = pipeline.analyze(text)
    assert rec.quotes
    for q in rec.quotes:
        assert 0 <= q.start < q.end <= len(rec.text)
        for span in (q.speaker_mention, q.cue):
            if span is not None:
                assert 0 <= span.start < span.end <= len(rec.text)
        if q.speaker is not None:
            rec.actor(q.speaker)  # an actor of the record


NAMES = [("Fumio Kishida", "Japan"), ("Anthony Albanese", "Australia")]


@pytest.mark.parametrize(("first", "second"), [NAMES, NAMES[::-1]])
def test_swapping_speakers_swaps_the_attribution(
    pipeline: Pipeline, first: tuple[str, str], second: tuple[str, str]
) -> None:
    """Neutral by construction: the speaker follows the words, not the name."""
    text = (
        f"“We will not back down,” Prime Minister {first[0]} said. "
        f"Prime Minister {second[0]} said that {first[1]} was wrong."
    )
    rows = _quotes(pipeline.analyze(text, published="2024-07-10"))
    assert [(r[0], r[3]) for r in rows] == [("direct", first[0]), ("indirect", second[0])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a title that names its source before a colon and a claim
        (
            "Union Leader: Strike will go on until pay rises\n\nThe union met on Monday.",
            [("Strike will go on until pay rises", "Union Leader")],
        ),
        # further down, such a label is a heading, not a speaker
        (
            "The union met on Monday.\n\nLate Update: the road is closed again",
            [],
        ),
    ],
)
def test_a_title_label_names_the_source(
    pipeline: Pipeline, text: str, expected: list[tuple[str, str]]
) -> None:
    rules_only = ContentModel({}, 0.0, 1.0, {})  # no candidate passes: labels alone
    found = [
        (text[q.start : q.end], text[slice(*q.speaker_mention)] if q.speaker_mention else None)
        for q in QuoteFinder(model=rules_only)(pipeline.parse(text))
    ]
    assert found == expected
