"""The gazetteer's phrase matchers: built from cached tokens, they match exactly what
matchers built from pattern ``Doc`` objects would."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language
from spacy.strings import get_string_id

import accord
from accord.actors.gazetteer import Entry, Gazetteer, _Phrases, phrase_tokens
from accord.actors.kb import cached_kb, surface_forms

TEXT = (
    "Jake Sullivan met the Japanese foreign minister in Tokyo, and the "
    "alliance said NATO troops would join drills near the Korean Peninsula. "
    "The defence ministry in Canberra and the court in The Hague stayed silent."
)


@pytest.fixture(scope="module")
def nlp(pipeline: accord.Pipeline) -> Language:
    return pipeline.nlp


def test_cached_tokens_give_the_ids_of_pattern_docs(nlp: Language) -> None:
    phrases = sorted({form for form, _ in surface_forms(cached_kb())})[::5]  # ~1,000
    tokens = phrase_tokens(nlp, set(phrases))
    for phrase in phrases:
        doc = nlp.make_doc(phrase)
        assert [get_string_id(t) for t in tokens[phrase]] == doc.to_array("ORTH").tolist()
        assert [get_string_id(t.lower()) for t in tokens[phrase]] == (
            doc.to_array("LOWER").tolist()
        )


def _matches(g: Gazetteer, nlp: Language) -> list[list[tuple[Entry, int, int]]]:
    doc = nlp.make_doc(TEXT)
    return [
        [(m.entry, m.start, m.end) for m in found]
        for found in (g.names(doc), g.people(doc), g.lexicon(doc))
    ]


def test_a_cold_and_a_warm_cache_build_the_same_matchers(
    nlp: Language, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACCORD_CACHE_DIR", str(tmp_path))
    cold = _matches(Gazetteer(nlp, cached_kb()), nlp)
    assert len(list(tmp_path.glob("phrases-*.pickle"))) == 1
    warm = _matches(Gazetteer(nlp, cached_kb()), nlp)
    monkeypatch.setenv("ACCORD_CACHE_DIR", "off")
    uncached = _matches(Gazetteer(nlp, cached_kb()), nlp)
    assert cold == warm == uncached
    names, people, lexicon = cold
    assert {(e.kind, e.code) for e, _, _ in names} >= {
        ("state", "JPN"),
        ("capital", "JPN"),
        ("igo", "NATO"),
        ("capital", "AUS"),
    }
    assert ("person", "Jake Sullivan") in {(e.kind, e.code) for e, _, _ in people}
    assert {"foreign minister"} <= {e.code for e, _, _ in lexicon if e.kind == "role"}


def test_a_key_added_again_names_the_later_entry_and_keeps_both_phrases(
    nlp: Language,
) -> None:
    phrases = _Phrases(nlp, "LOWER")
    first, later, other = Entry("noun", "one"), Entry("noun", "two"), Entry("modifier", "x")
    phrases.add("N|a", first, ["blue bird"])
    phrases.add("N|a", later, ["red bird"])
    phrases.add("M|b", other, ["Red Bird"])  # the same words, case aside
    tokens = {
        p: tuple(t.text for t in nlp.make_doc(p)) for p in ("blue bird", "red bird", "Red Bird")
    }
    phrases.compile(tokens, str.lower)
    found = phrases(nlp.make_doc("A blue bird and a RED BIRD."))
    assert [(m.entry, m.start, m.end) for m in found] == [
        (later, 1, 3),
        (later, 5, 7),
        (other, 5, 7),
    ]
