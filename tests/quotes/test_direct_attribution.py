"""Direct quotes through the whole pipeline: which quotations count, and who said them.

Every sentence here is written for these tests. Each case lists the direct quotes
expected as (quoted text, speaker mention as written or None).
"""

from __future__ import annotations

import pytest

from accord import Analysis, Pipeline

Row = tuple[str, str | None]


def _direct(rec: Analysis) -> list[Row]:
    out = []
    for q in rec.quotes:
        if q.kind != "direct":
            continue
        mention = q.speaker_mention
        out.append(
            (rec.text[q.start : q.end], rec.text[mention.start : mention.end] if mention else None)
        )
    return out


SPEAKERS: list[tuple[str, list[Row]]] = [
    # the parser ends the sentence at the question mark: the cue opens the next one
    (
        "“Who will pay for the new bridge?” Senator Maria Okafor asked on Monday.",
        [("“Who will pay for the new bridge?”", "Senator Maria Okafor")],
    ),
    # a verb that quotes without being a verb of saying
    (
        "“No more cuts to the schools,” the crowd chanted.",
        [("“No more cuts to the schools,”", "the crowd")],
    ),
    (
        "“We have waited long enough for this vote,” the union leader fumed.",
        [("“We have waited long enough for this vote,”", "the union leader")],
    ),
    # a phrase that quotes: "shot back"
    (
        "“You had four years to fix the roads,” Mayor Lena Brandt shot back.",
        [("“You had four years to fix the roads,”", "Mayor Lena Brandt")],
    ),
    # a colon after a clause whose main verb introduces the quote
    (
        "The ministry issued a short statement: “The border will stay open to trade.”",
        [("“The border will stay open to trade.”", "The ministry")],
    ),
    # a cue with no subject of its own: the subject of the verb it hangs on
    (
        "The senator ended the rally by saying, “We will be back in the spring.”",
        [("“We will be back in the spring.”", "The senator")],
    ),
    # ... or the agent of a passive cue
    (
        "After being asked by reporters, “Will the plant close?” the manager left.",
        [("“Will the plant close?”", "reporters")],
    ),
    # a name and a colon, with no verb: the named speaker
    (
        "Governor Tomas Reyes: “The budget will be balanced by the end of the year.”",
        [("“The budget will be balanced by the end of the year.”", "Governor Tomas Reyes")],
    ),
]

NOT_SPEECH: list[tuple[str, list[Row]]] = [
    # a title between commas, with the sentence's comma inside its marks
    ("His memoir, “Rivers of Home,” sold well in the north of the country.", []),
    # a phrase of the writer's sentence runs on after the closing mark
    ("The senator called the vote “a complete disgrace” for the whole chamber.", []),
    # a lower-case start after a comma, in a sentence with no verb of saying
    ("If the talks fail next week, “we will walk away from the table for good.”", []),
    # a one-word scare quote with the sentence's period inside
    ("The minister dismissed the whole report as “nonsense.”", []),
]


@pytest.mark.parametrize(("text", "expected"), SPEAKERS + NOT_SPEECH)
def test_direct_quotes(pipeline: Pipeline, text: str, expected: list[Row]) -> None:
    assert _direct(pipeline.analyze(text, published="2024-07-10")) == expected


def test_a_quote_around_its_cue_keeps_both_halves(pipeline: Pipeline) -> None:
    text = "“We will rebuild the school,” the mayor said, “and we will do it this year.”"
    quoted = [row[0] for row in _direct(pipeline.analyze(text))]
    assert quoted == ["“We will rebuild the school,”", "“and we will do it this year.”"]


def test_a_quote_whose_cue_follows_a_lower_case_start_counts(pipeline: Pipeline) -> None:
    text = "Still, “the harvest was better than we feared,” the farmer added."
    assert _direct(pipeline.analyze(text)) == [
        ("“the harvest was better than we feared,”", "the farmer")
    ]


def test_a_quote_after_a_quoted_phrase_goes_on_in_its_speaker_s_voice(
    pipeline: Pipeline,
) -> None:
    text = (
        "The mayor said the budget was “a good start for the city” and left early.\n\n"
        "“We will still need more money for the schools next year.”"
    )
    assert _direct(pipeline.analyze(text)) == [
        ("“We will still need more money for the schools next year.”", "The mayor")
    ]
