"""Invariants on any input: offsets inside the text and slices that are what their
field claims, valid records, determinism, and no error but accord's documented ones."""

from __future__ import annotations

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord import Pipeline
from accord.errors import InputError
from accord.records import Analysis, analysis_json_schema

WORDS = [
    "Japan", "the United States", "NATO", "the Kremlin", "Chinese", "troops", "President",
    "Prime Minister", "Fumio Kishida", "said", "he", "she", "the alliance", "Brussels",
    "in", "Tokyo", "met", "and", ",", ".", "'s", "former", "foreign ministry", "US",
    "the minister", "Xi", "Putin", "Latin America", "\n\n", "—", "“", "”", "🙂", "e\u0301",
    "signed", "an agreement", "with", "warned", "attacked", "on Monday", "yesterday",
    "\"", "'", "«", "»", "told reporters", "according to", "regime", "puppets",
    "\u200b", "\u202e", "<b>", "&amp;", "1914", "9999", "!!!",
]  # fmt: skip
SCHEMA = analysis_json_schema()
SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

texts = st.lists(
    st.one_of(st.sampled_from(WORDS), st.text(min_size=1, max_size=8)), min_size=1, max_size=40
).map(" ".join)
dates = st.one_of(
    st.none(),
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["2024-07-11", "0000-01-01", "9999-12-31", "yesterday", "2024-02-30", ""]),
)


def check_record(rec: Analysis) -> None:
    """Every offset inside the text, and every slice what its field says it is."""
    text = rec.text
    size = len(text)
    jsonschema.validate(rec.model_dump(mode="json"), SCHEMA)
    ids = [a.id for a in rec.actors] + [p.id for p in rec.places]
    ids += [e.id for e in rec.events] + [q.id for q in rec.quotes] + [f.id for f in rec.framing]
    assert len(ids) == len(set(ids))
    actors = {a.id for a in rec.actors}
    for actor in rec.actors:
        assert actor.mentions
        for m in actor.mentions:
            assert 0 <= m.start < m.end <= size
            assert text[m.start : m.end].strip() == text[m.start : m.end]  # no edge spaces
    for place in rec.places:
        assert text[place.start : place.end] == place.name
    for e in rec.events:
        assert 0 <= e.sentence.start <= e.trigger.start < e.trigger.end <= e.sentence.end <= size
        assert text[e.trigger.start : e.trigger.end].strip()
        assert {e.source, e.target} - {None} <= actors
    for q in rec.quotes:
        assert 0 <= q.start < q.end <= size
        assert text[q.start : q.end].strip()
        assert q.speaker is None or q.speaker in actors
        for span in (q.cue, q.speaker_mention):
            if span is not None:
                assert 0 <= span.start < span.end <= size
    for f in rec.framing:
        assert 0 <= f.start < f.end <= size
        assert text[f.start : f.end].strip()
        assert f.rationale


@SETTINGS
@given(text=texts, published=dates)
def test_any_text_gives_a_valid_record_or_an_input_error(
    pipeline: Pipeline, text: str, published: str | None
) -> None:
    try:
        rec = pipeline.analyze(text, published=published)
    except InputError:
        return  # accord's documented refusals: empty, not English, a bad date, ...
    check_record(rec)
    again = pipeline.analyze(text, published=published)
    assert again.model_dump(mode="json") == rec.model_dump(mode="json")


@SETTINGS
@given(data=st.binary(max_size=300), fmt=st.sampled_from(["auto", "text", "markdown", "html"]))
def test_any_bytes_give_a_valid_record_or_an_input_error(
    pipeline: Pipeline, data: bytes, fmt: str
) -> None:
    try:
        rec = pipeline.analyze(data, format=fmt)  # type: ignore[arg-type]
    except InputError:
        return
    check_record(rec)


@SETTINGS
@given(
    words=st.lists(st.sampled_from(WORDS), min_size=3, max_size=30),
    markup=st.sampled_from(["<p>{}</p>", "<div><b>{}</b></div>", "# {}\n\n{}", "{}"]),
)
def test_markup_around_text_gives_a_valid_record(
    pipeline: Pipeline, words: list[str], markup: str
) -> None:
    body = " ".join(words)
    try:
        rec = pipeline.analyze(markup.format(body, body))
    except InputError:
        return
    check_record(rec)
