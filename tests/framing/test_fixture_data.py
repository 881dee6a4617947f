"""The framing fixtures say what the measurements built on them assume.

``data/neutral_wire.txt`` is invented wire copy (no dispatch reports a real event or
statement) on which the detector's false-positive rate is measured, so it must be free of
the loaded words listed in ``data/loaded_pairs.yaml``. That file holds invented minimal
pairs for the neutrality tests: names to swap, sentences with one technique each and the
words that carry it, labels applied to actors on every side, and neutral sentences.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml

from accord.records import Technique

DATA = Path(__file__).parent / "data"
TECHNIQUES = frozenset(get_args(Technique))
SHORT_SPAN = frozenset(
    {
        "Loaded_Language",
        "Name_Calling,Labeling",
        "Exaggeration,Minimisation",
        "Flag-Waving",
        "Slogans",
        "Repetition",
        "Thought-terminating_Cliches",
    }
)
MIN_SHORT_SPAN, MIN_OTHER = 3, 2
REQUIRED_SWAPS = [
    ("NATO", "the SCO"),
    ("Russia", "the United States"),
    ("Kyiv", "Moscow"),
    ("Beijing", "Washington"),
    ("the European Union", "the African Union"),
    ("Hamas", "the Israeli government"),
    ("the Kremlin", "the White House"),
    ("Democrats", "Republicans"),
]
REQUIRED_LABELS = (
    "regime",
    "puppets",
    "terrorists",
    "aggressive bloc",
    "thugs",
    "warmongers",
    "propaganda machine",
    "dictator",
)
DISPATCH_SEPARATOR = re.compile(r"^---$", re.MULTILINE)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@cache
def loaded_pairs() -> dict[str, Any]:
    """``loaded_pairs.yaml``, parsed once."""
    data: dict[str, Any] = yaml.safe_load((DATA / "loaded_pairs.yaml").read_text("utf-8"))
    return data


@cache
def dispatches() -> tuple[str, ...]:
    """The dispatches of ``neutral_wire.txt``, split on the lines that hold only ``---``."""
    text = (DATA / "neutral_wire.txt").read_text("utf-8")
    return tuple(part.strip() for part in DISPATCH_SEPARATOR.split(text))


def actor_names() -> list[str]:
    """Every name of the swap list, in file order."""
    return [name for pair in loaded_pairs()["swaps"] for name in pair]


def names_verbatim(text: str, name: str) -> bool:
    """``name`` occurs in ``text`` as written, as whole words (``RT`` is not in ``art``)."""
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None


def has_phrase(text: str, phrase: str) -> bool:
    """``phrase`` occurs in ``text`` as whole words, in any case."""
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text, re.IGNORECASE) is not None


def has_label(text: str, label: str) -> bool:
    """``label`` or any word built on it (``regimes``, ``terrorist``, ``dictatorship``)."""
    stem = label.removesuffix("s")
    return re.search(rf"(?<!\w){re.escape(stem)}", text, re.IGNORECASE) is not None


def loaded_phrases() -> list[str]:
    """Every label and every cue of the pairs file: the words neutral text must not use."""
    pairs = loaded_pairs()
    return [entry["label"] for entry in pairs["labels"]] + [s["cue"] for s in pairs["sentences"]]


def is_loaded(text: str, phrase: str) -> bool:
    """A label in any derived form, or a cue as whole words, occurs in ``text``."""
    labels = {entry["label"] for entry in loaded_pairs()["labels"]}
    return has_label(text, phrase) if phrase in labels else has_phrase(text, phrase)


def test_pairs_file_has_its_four_sections() -> None:
    pairs = loaded_pairs()
    assert set(pairs) == {"swaps", "sentences", "labels", "neutral"}
    assert len(pairs["sentences"]) == 60
    assert len(pairs["neutral"]) == 30
    for sentence in pairs["sentences"]:
        assert set(sentence) == {"text", "technique", "cue", "speaker", "target"}, sentence
        assert all(isinstance(value, str) and value for value in sentence.values()), sentence


def test_swaps_are_pairs_of_distinct_names_and_include_the_required_ones() -> None:
    swaps = [tuple(pair) for pair in loaded_pairs()["swaps"]]
    assert all(len(pair) == 2 and pair[0] != pair[1] for pair in swaps)
    assert len(swaps) >= len(REQUIRED_SWAPS) + 4
    assert set(REQUIRED_SWAPS) <= set(swaps)
    names = actor_names()
    assert len(names) == len(set(names)), "a name is in two pairs"


def test_every_cue_occurs_verbatim_in_its_text() -> None:
    missing = [s["cue"] for s in loaded_pairs()["sentences"] if s["cue"] not in s["text"]]
    assert missing == []


def test_no_cue_names_an_actor() -> None:
    """The words that carry a technique never include who it is about."""
    named = [
        (s["cue"], name)
        for s in loaded_pairs()["sentences"]
        for name in actor_names()
        if has_phrase(s["cue"], name)
    ]
    assert named == []


def test_all_fourteen_techniques_with_their_minimum_counts() -> None:
    counts = Counter(s["technique"] for s in loaded_pairs()["sentences"])
    assert set(counts) == TECHNIQUES
    assert len(TECHNIQUES) == 14
    short = {t: n for t, n in counts.items() if t in SHORT_SPAN and n < MIN_SHORT_SPAN}
    other = {t: n for t, n in counts.items() if t not in SHORT_SPAN and n < MIN_OTHER}
    assert short == {}
    assert other == {}


def test_every_swap_name_appears_in_a_sentence() -> None:
    texts = [s["text"] for s in loaded_pairs()["sentences"]]
    absent = [name for name in actor_names() if not any(names_verbatim(t, name) for t in texts)]
    assert absent == []


def test_speaker_and_target_are_named_in_the_text() -> None:
    names = set(actor_names())
    for s in loaded_pairs()["sentences"]:
        assert {s["speaker"], s["target"]} <= names, s["text"]
        assert s["speaker"] != s["target"], s["text"]
        assert names_verbatim(s["text"], s["speaker"]), s["text"]
        assert names_verbatim(s["text"], s["target"]), s["text"]


def test_every_actor_uses_and_suffers_loaded_language() -> None:
    sentences = loaded_pairs()["sentences"]
    speakers = {s["speaker"] for s in sentences}
    targets = {s["target"] for s in sentences}
    assert set(actor_names()) - speakers == set()
    assert set(actor_names()) - targets == set()


@pytest.mark.parametrize("side", [0, 1])
def test_the_two_directions_of_each_pair_are_balanced(side: int) -> None:
    """Each name of a pair attacks the other about as often as it is attacked by it."""
    directions = Counter((s["speaker"], s["target"]) for s in loaded_pairs()["sentences"])
    for pair in loaded_pairs()["swaps"]:
        one, other = pair[side], pair[1 - side]
        assert directions[(one, other)] >= 1, pair
        assert abs(directions[(one, other)] - directions[(other, one)]) <= 1, pair


def test_labels_are_applied_to_at_least_three_actors_each() -> None:
    entries = loaded_pairs()["labels"]
    assert set(REQUIRED_LABELS) <= {entry["label"] for entry in entries}
    names = set(actor_names())
    for entry in entries:
        sentences = entry["sentences"]
        assert len(sentences) >= 4, entry["label"]
        targets = [s["target"] for s in sentences]
        assert set(targets) <= names, entry["label"]
        assert len(set(targets)) >= 3, entry["label"]
        for s in sentences:
            assert has_phrase(s["text"], entry["label"]), s["text"]
            assert names_verbatim(s["text"], s["target"]), s["text"]


def test_neutral_sentences_name_every_actor_and_no_loaded_word() -> None:
    neutral = loaded_pairs()["neutral"]
    absent = [n for n in actor_names() if not any(names_verbatim(t, n) for t in neutral)]
    assert absent == []
    assert all(any(names_verbatim(t, n) for n in actor_names()) for t in neutral)
    loaded = [(t, p) for t in neutral for p in loaded_phrases() if is_loaded(t, p)]
    assert loaded == []


def test_wire_copy_size() -> None:
    parts = dispatches()
    words = sum(len(part.split()) for part in parts)
    assert 15 <= len(parts) <= 20
    assert all(len(part.split()) >= 100 for part in parts)
    assert 3500 <= words <= 5000


def test_wire_copy_has_no_listed_loaded_word() -> None:
    sentences = [s for part in dispatches() for s in SENTENCE_END.split(part)]
    loaded = [(s, p) for s in sentences for p in loaded_phrases() if is_loaded(s, p)]
    assert loaded == []


def test_wire_copy_asks_and_exclaims_nothing() -> None:
    """No rhetorical questions or exclamations: wire copy states and attributes."""
    assert [part[:40] for part in dispatches() if "?" in part or "!" in part] == []


def test_loaded_phrase_check_catches_derived_words() -> None:
    """The check above is not vacuous: it sees plurals, derivations and other cases."""
    assert is_loaded("The Regimes of the region met.", "regime")
    assert is_loaded("A terrorist cell was named.", "terrorists")
    assert is_loaded("They spoke of dictatorship.", "dictator")
    assert is_loaded("Rules Are Rules, he said.", "rules are rules")
    assert not is_loaded("Mindful of the rules, they agreed.", "rules are rules")
