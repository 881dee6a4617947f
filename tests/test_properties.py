"""Invariants on any input: offsets inside the text, valid records, determinism."""

from __future__ import annotations

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord import Pipeline
from accord.errors import InputError
from accord.records import analysis_json_schema

WORDS = [
    "Japan", "the United States", "NATO", "the Kremlin", "Chinese", "troops", "President",
    "Prime Minister", "Fumio Kishida", "said", "he", "she", "the alliance", "Brussels",
    "in", "Tokyo", "met", "and", ",", ".", "'s", "former", "foreign ministry", "US",
    "the minister", "Xi", "Putin", "Latin America", "\n\n", "—", "“", "”", "🙂", "e\u0301",
]  # fmt: skip
SCHEMA = analysis_json_schema()

texts = st.lists(
    st.one_of(st.sampled_from(WORDS), st.text(min_size=1, max_size=8)), min_size=1, max_size=40
).map(" ".join)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=texts)
def test_any_text_gives_a_valid_record_or_an_input_error(pipeline: Pipeline, text: str) -> None:
    try:
        rec = pipeline.analyze(text, published="2024-07-11")
    except InputError:
        return
    data = rec.model_dump(mode="json")
    jsonschema.validate(data, SCHEMA)
    ids = [a.id for a in rec.actors] + [p.id for p in rec.places]
    assert len(ids) == len(set(ids))
    for actor in rec.actors:
        for m in actor.mentions:
            assert 0 <= m.start < m.end <= len(rec.text)
    for place in rec.places:
        assert rec.text[place.start : place.end] == place.name
    assert pipeline.analyze(text, published="2024-07-11").model_dump(mode="json") == data
