"""Neutral by construction: who is named never changes what is flagged.

The minimal pairs of ``data/loaded_pairs.yaml`` (written for these tests) swap two
actors' names in a sentence that uses a persuasion technique; the flags must swap
with them: the same techniques on the same words. Labels ("regime", "puppets",
"terrorists", "aggressive bloc", ...) must be flagged whoever they are applied to,
and no feature or lexicon entry of the framing models may be a name.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest

from accord import Pipeline
from accord.actors.kb import cached_kb, surface_forms
from accord.framing.detect import shipped_models
from accord.framing.features import NAME, word, written_lower
from accord.framing.lexicon import load_lexicon

from .test_fixture_data import loaded_pairs

PAIRS: list[tuple[str, str]] = [tuple(p) for p in loaded_pairs()["swaps"]]  # type: ignore[misc]
SENTENCES = loaded_pairs()["sentences"]
LABELS = loaded_pairs()["labels"]


def _swap(text: str, a: str, b: str) -> str:
    """``text`` with every ``a`` and ``b`` exchanged (whole words)."""
    pattern = re.compile(rf"(?<!\w)({re.escape(a)}|{re.escape(b)})(?!\w)")
    return pattern.sub(lambda m: b if m.group(1) == a else a, text)


def _flags(pipeline: Pipeline, text: str, names: list[str]) -> Counter[tuple[str, str]]:
    """The flags as (technique, flagged words with every name written X)."""
    rec = pipeline.analyze(text, published="2024-07-10")
    out: Counter[tuple[str, str]] = Counter()
    # a flag may start inside a name ("SCO's reckless ..."): each name also without "the"
    forms = {n for name in names for n in (name, name.removeprefix("the "))}
    alternatives = "|".join(re.escape(n) for n in sorted(forms, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
    for f in rec.framing:
        words = pattern.sub("X", rec.text[f.start : f.end])
        words = re.sub(r"(?i)\bthe X\b", "X", words)
        out[(f.technique, words)] += 1
    return out


def _cases() -> list[tuple[str, str, str, str]]:
    cases = []
    for s in SENTENCES:
        for a, b in PAIRS:
            if re.search(rf"(?<!\w){re.escape(a)}(?!\w)", s["text"]):
                cases.append((s["text"], s["cue"], a, b))
    return cases


def _on_cue(pipeline: Pipeline, text: str, cue: str) -> set[str]:
    """The techniques of the flags that cover the cue's words."""
    rec = pipeline.analyze(text, published="2024-07-10")
    start = text.index(cue)
    end = start + len(cue)
    return {f.technique for f in rec.framing if f.start < end and start < f.end}


# Known to differ, and why: with the one-word name as subject the parser takes the
# whole clause for the flag ("X described X as a troll factory ...", classified
# Loaded_Language); with the three-word one, only the label (Name_Calling). Strict:
# the day it passes, the mark must go.
_KNOWN = {
    ("Voice of America described RT as a troll factory dressed up as a news channel.", "RT"): (
        "the parse around a one-word and a three-word subject moves the flag's start"
    ),
}


def _marked(case: tuple[str, str, str, str]) -> Any:
    text, _, a, _ = case
    reason = _KNOWN.get((text, a))
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(*case, marks=marks)


@pytest.mark.parametrize(("text", "cue", "a", "b"), [_marked(c) for c in _cases()])
def test_swapping_names_flags_the_cue_the_same_way(
    pipeline: Pipeline, text: str, cue: str, a: str, b: str
) -> None:
    """The words that persuade get the same flags whoever is named around them."""
    assert _on_cue(pipeline, text, cue) == _on_cue(pipeline, _swap(text, a, b), cue)


def test_swapping_names_mostly_leaves_every_flag_unchanged(pipeline: Pipeline) -> None:
    """Whole flags, boundaries included: the parser may attach words differently
    around a name of one word and a name of three ("NATO", "the Israeli government"),
    which can move a span's edge; at most one case in ten may differ."""
    names = [n for pair in PAIRS for n in pair]
    cases = _cases()
    same = sum(
        _flags(pipeline, text, names) == _flags(pipeline, _swap(text, a, b), names)
        for text, _, a, b in cases
    )
    assert same >= 0.9 * len(cases), f"{same} of {len(cases)} unchanged"


@pytest.mark.parametrize(
    ("label", "text"),
    [(entry["label"], s["text"]) for entry in LABELS for s in entry["sentences"]],
)
def test_a_label_is_flagged_whoever_it_is_applied_to(
    pipeline: Pipeline, label: str, text: str
) -> None:
    rec = pipeline.analyze(text, published="2024-07-10")
    at = text.lower().index(label.lower().rstrip("s"))
    assert any(f.start <= at < f.end for f in rec.framing), [
        (text[f.start : f.end], f.technique) for f in rec.framing
    ]


def test_no_lexicon_entry_is_a_name() -> None:
    kb = cached_kb()
    names = {form.lower() for form, _ in surface_forms(kb)}
    entries = {phrase for phrase, _ in load_lexicon().entries()}
    assert not entries & names


# Lower-case names that are also words or pieces of words: "fed" and "let" are lemmas
# of "feds" and "lets" (the names are "Fed" and "LeT", masked as written), "oran" the
# tail the tokenizer splits off demonyms such as "Ecuadoran".
WORDS_AND_PIECES = frozenset({"fed", "let", "oran"})


def test_no_feature_of_the_models_is_a_name() -> None:
    """No feature value is a name of the knowledge base (acronyms and function words
    aside: "is" and "who" are words when written in lower case)."""
    names = written_lower()
    models = shipped_models()
    values: set[str] = set()
    for feature in set(models.spans.weights) | set(models.techniques.weights):
        _, _, value = feature.partition("=")
        values.update(value.split("|"))
    leaked = (values & names) - WORDS_AND_PIECES
    assert not leaked, sorted(leaked)


def test_every_name_the_knowledge_base_knows_is_masked() -> None:
    """Each one-word name written with a capital (a name written in lower case, "dpa",
    cannot be told from a word) reaches the models as its kind."""
    forms = sorted({f for f, _ in surface_forms(cached_kb()) if " " not in f and f != f.lower()})
    parse = Pipeline(stages=("accord_actors",))
    texts = [f"Officials from {form} met on Monday." for form in forms]
    leaked = []
    for form, doc in zip(forms, parse.nlp.pipe(texts, batch_size=256), strict=True):
        tok = doc[2]
        if tok.text == form and word(tok) != NAME:
            leaked.append(form)
    assert not leaked, leaked[:20]
