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
from spacy.tokens import Doc


@dataclass(frozen=True)
class Lexicon:
    descriptions: dict[str, str]  # category -> what it means, for rationales
    phrases: dict[str, dict[tuple[str, ...], frozenset[str]]]  # first word -> phrase -> cats

    def tag(self, doc: Doc, words: list[str]) -> list[frozenset[str]]:
        """The categories of each token: of every entry that covers it."""
        cats: list[set[str]] = [set() for _ in words]
        lowered = [t.lower_ for t in doc]
        for i in range(len(words)):
            for first in {words[i], lowered[i]}:
                for phrase, found in self.phrases.get(first, {}).items():
                    k = len(phrase)
                    if i + k > len(words):
                        continue
                    if all(phrase[j] in (words[i + j], lowered[i + j]) for j in range(k)):
                        for j in range(i, i + k):
                            cats[j].update(found)
        return [frozenset(c) for c in cats]

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
