"""The framing lexicon: cue words and phrases of persuasion techniques, by category.

``lexicon.yaml`` lists lemmas and phrases of lemmas; :meth:`Lexicon.tag` marks every
token that starts or belongs to an entry with the entry's categories. The categories
are features of the framing models and the words of their rationales.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml


@dataclass(frozen=True)
class Lexicon:
    descriptions: dict[str, str]  # category -> what it means, for rationales
    phrases: dict[str, dict[tuple[str, ...], frozenset[str]]]  # first word -> phrase -> cats

    def tag(self, words: list[str], lowered: list[str]) -> list[frozenset[str]]:
        """The categories of each token (given its lemma in ``words`` and its lower-cased
        text in ``lowered``): of every entry that covers it."""
        phrases = self.phrases
        cats: dict[int, set[str]] = {}
        for i, (lemma, lower) in enumerate(zip(words, lowered, strict=True)):
            if lemma not in phrases and lower not in phrases:
                continue  # most tokens: no entry starts here
            for first in {lemma, lower}:
                for phrase, found in phrases.get(first, {}).items():
                    k = len(phrase)
                    if i + k > len(words):
                        continue
                    if k > 1 and phrase[1] != words[i + 1] and phrase[1] != lowered[i + 1]:
                        continue  # the usual case, checked before the general one
                    if all(phrase[j] in (words[i + j], lowered[i + j]) for j in range(k)):
                        for j in range(i, i + k):
                            cats.setdefault(j, set()).update(found)
        none: frozenset[str] = frozenset()
        return [frozenset(cats[i]) if i in cats else none for i in range(len(words))]

    def entries(self) -> list[tuple[str, str]]:
        """Every (phrase, category) pair."""
        return [
            (" ".join(phrase), cat)
            for by_phrase in self.phrases.values()
            for phrase, cats in by_phrase.items()
            for cat in sorted(cats)
        ]


def _split(entry: str) -> tuple[str, ...]:
    return tuple(entry.lower().replace("'", " '").split())


@cache
def load_lexicon() -> Lexicon:
    text = resources.files("accord.framing").joinpath("lexicon.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    descriptions: dict[str, str] = {}
    phrases: dict[str, dict[tuple[str, ...], set[str]]] = {}
    for cat, body in data["categories"].items():
        descriptions[cat] = str(body["description"])
        for entry in body["entries"]:
            phrase = _split(str(entry))
            phrases.setdefault(phrase[0], {}).setdefault(phrase, set()).add(cat)
    frozen = {
        first: {p: frozenset(c) for p, c in by_phrase.items()}
        for first, by_phrase in phrases.items()
    }
    return Lexicon(descriptions, frozen)
