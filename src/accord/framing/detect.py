"""Find persuasion-technique spans: which words persuade, and how.

Two learned models, both logistic regressions over name-masked features
(:mod:`accord.framing.features`):

1. **Span identification.** Every token gets the probability that it belongs to a
   span using a technique. A token at or above the model's threshold seeds a span,
   which grows over its neighbours while they reach a lower threshold (hysteresis:
   fewer stray words, whole phrases); punctuation and function words at the edges
   are trimmed. Where the spans of a sentence cover a large enough share of its
   words, they become one span from its first likely word to its last: a technique
   of the clause comes out as one flag, not as fragments.
2. **Technique classification.** Each span gets the most probable of the 14 PTC
   techniques.

Each flag carries a ``confidence`` (the mean token probability of its span) and a
``rationale`` a reader can check: the lexicon cue inside the span ("a pejorative
label for a person or group: 'regime'"), or the repetition count, or the technique's
generic description.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from ..learn import BinaryModel, MulticlassModel, cached_models
from ..records import Technique
from .features import DocView, span_features, token_columns, unique, view
from .lexicon import Lexicon, load_lexicon

# What each technique does, for rationales without a more specific cue.
DESCRIPTIONS: dict[str, str] = {
    "Appeal_to_Authority": "cites an authority as proof of the claim",
    "Appeal_to_fear-prejudice": "seeks support by raising fear or prejudice",
    "Bandwagon,Reductio_ad_hitlerum": "argues from what everyone does, or from a hated group",
    "Black-and-White_Fallacy": "presents two options as the only ones",
    "Causal_Oversimplification": "gives a single cause for a complex outcome",
    "Doubt": "questions the credibility of a claim or a person",
    "Exaggeration,Minimisation": "makes something larger or smaller than it is",
    "Flag-Waving": "appeals to national or group identity",
    "Loaded_Language": "uses emotionally loaded wording",
    "Name_Calling,Labeling": "labels the target with a loaded name",
    "Repetition": "repeats a phrase to drive it home",
    "Slogans": "uses a short catchy phrase",
    "Thought-terminating_Cliches": "a cliché that ends discussion",
    "Whataboutism,Straw_Men,Red_Herring": "deflects to another issue or a distorted position",
}
# The lexicon categories that best explain each technique, in order of preference.
_CUES_FOR: dict[str, tuple[str, ...]] = {
    "Name_Calling,Labeling": ("label", "loaded"),
    "Loaded_Language": ("loaded", "intensifier", "label"),
    "Exaggeration,Minimisation": ("exaggeration", "minimisation", "intensifier"),
    "Doubt": ("doubt",),
    "Appeal_to_fear-prejudice": ("fear",),
    "Flag-Waving": ("flag",),
    "Appeal_to_Authority": ("authority",),
    "Bandwagon,Reductio_ad_hitlerum": ("bandwagon",),
    "Black-and-White_Fallacy": ("black_white",),
    "Causal_Oversimplification": ("causal",),
    "Thought-terminating_Cliches": ("cliche",),
    "Whataboutism,Straw_Men,Red_Herring": ("whataboutism",),
    "Slogans": ("slogan",),
}
# Words never to start or end a flagged span.
_EDGE_POS = frozenset({"PUNCT", "DET", "ADP", "CCONJ", "SCONJ", "PART", "SPACE", "AUX"})


@dataclass(frozen=True)
class FramingData:
    """One flagged span, as the ``accord_framing`` stage leaves it on ``doc._.framing``."""

    start: int  # character offsets
    end: int
    technique: Technique
    confidence: float
    rationale: str


@dataclass(frozen=True)
class FramingModels:
    spans: BinaryModel
    techniques: MulticlassModel

    @property
    def digest(self) -> str:
        return self.spans.digest[:6] + self.techniques.digest[:6]

    def save(self, folder: Path) -> None:
        """Write ``spans.json`` and ``techniques.json`` into ``folder``."""
        for name, model in (("spans", self.spans), ("techniques", self.techniques)):
            text = json.dumps(model.to_json(), indent=0) + "\n"
            (folder / f"{name}.json").write_text(text, "utf-8")


@cache
def shipped_models() -> FramingModels:
    """The weights that ship with accord (read through the start-up cache)."""
    folder = resources.files("accord.framing").joinpath("data")
    texts = [folder.joinpath(name).read_text("utf-8") for name in ("spans.json", "techniques.json")]

    def build(data: list[Any]) -> FramingModels:
        return FramingModels(BinaryModel.from_json(data[0]), MulticlassModel.from_json(data[1]))

    return cached_models("framing", texts, build, FramingModels)


class FramingDetector:
    """Flags the persuasion-technique spans of a parsed ``Doc``."""

    def __init__(self, models: FramingModels | None = None, lexicon: Lexicon | None = None):
        self.models = models or shipped_models()
        self.lexicon = lexicon or load_lexicon()

    def __call__(self, doc: Doc) -> list[FramingData]:
        if not len(doc):
            return []
        v = view(doc, self.lexicon)
        probs = self.token_probabilities(doc, v)
        out: list[FramingData] = []
        for start, end in self.spans(doc, v, probs):
            technique, _ = self.classify(doc, v, start, end)
            confidence = sum(probs[start:end]) / (end - start)
            out.append(
                FramingData(
                    doc[start].idx,
                    doc[end - 1].idx + len(doc[end - 1].text),
                    technique,
                    round(confidence, 3),
                    self.rationale(doc, v, start, end, technique),
                )
            )
        return out

    def token_probabilities(self, doc: Doc, v: DocView) -> list[float]:
        probs = self.models.spans.probabilities(token_columns(v), len(doc))
        return [0.0 if space else p for p, space in zip(probs, v.tokens.space, strict=True)]

    def spans(self, doc: Doc, v: DocView, probs: list[float]) -> list[tuple[int, int]]:
        """Spans grown from seeds: a token at or above the model's threshold starts a
        span, and so does a pejorative label of the lexicon ("regime", "puppets"), so
        that a label is flagged whoever it names; the span takes in its neighbours
        while they reach the lower ``grow`` threshold, within the sentence; function
        words and punctuation at the edges are trimmed. Where the spans of a sentence
        cover at least the model's ``sentence`` share of its words, they become one
        span, from the sentence's first likely word to its last (see
        :func:`_whole_sentences`)."""
        seed = self.models.spans.threshold
        grow = float(self.models.spans.meta.get("grow", seed))
        out: list[tuple[int, int]] = []
        i = 0
        n = len(doc)
        while i < n:
            label = "label" in v.cues[i] and v.tokens.pos[i] in ("NOUN", "ADJ")
            if probs[i] < seed and not label:
                i += 1
                continue
            sent = v.sents[i].span
            a, b = i, i + 1
            while a > sent.start and probs[a - 1] >= grow:
                a -= 1
            while b < sent.end and probs[b] >= grow:
                b += 1
            i = b
            a, b = _trim(v, a, b)
            if b > a and any(v.tokens.alpha[a:b]):
                out.append((a, b))
        share = self.models.spans.meta.get("sentence")
        return out if share is None else _whole_sentences(v, out, float(share), probs, grow)

    def classify(self, doc: Doc, v: DocView, start: int, end: int) -> tuple[Technique, float]:
        probs = self.models.techniques.probabilities(unique(span_features(doc, v, start, end)))
        best = max(probs, key=lambda c: (probs[c], c))
        return best, probs[best]  # type: ignore[return-value]

    def rationale(self, doc: Doc, v: DocView, start: int, end: int, technique: str) -> str:
        words = v.words[start:end]
        if technique == "Repetition":
            n = _count(v.words, words)
            if n > 1:
                return f"phrase repeated {n} times in the article"
        for cat in _CUES_FOR.get(technique, ()):
            cue = _cue(doc, v, start, end, cat)
            if cue:
                return f"{self.lexicon.descriptions[cat]}: “{cue}”"
        return DESCRIPTIONS[technique]


def _trim(v: DocView, start: int, end: int) -> tuple[int, int]:
    """Tokens ``start:end`` without the function words and punctuation at their edges."""
    while start < end and v.tokens.pos[start] in _EDGE_POS:
        start += 1
    while end > start and v.tokens.pos[end - 1] in _EDGE_POS:
        end -= 1
    return start, end


def _whole_sentences(
    v: DocView, spans: list[tuple[int, int]], share: float, probs: list[float], grow: float
) -> list[tuple[int, int]]:
    """``spans`` (each within one sentence, in order), with the spans of a sentence
    replaced by one span where they cover at least ``share`` of its words. A technique
    of the clause (doubt, fear, a single cause: 13 to 19 words in PTC) raises the
    probability of most of its words but not of all, and comes out as fragments; a
    sentence flagged enough is flagged as one span. That span runs from the first to
    the last word of the sentence that a fragment holds or that is likely enough to
    grow one (``grow``), edges trimmed: the gaps between the fragments are bridged,
    but the unlikely words at the ends ("..., the minister said.") stay out, since a
    flag is only as precise as the share of its words that persuade (SI precision
    divides the overlap by the flag's length). Words are counted as the models see
    them, a name of several (with its "the") as one: the share must not depend on
    whether "Russia" or "the United States" is named."""
    by_sentence: dict[int, list[tuple[int, int]]] = {}
    for span in spans:
        by_sentence.setdefault(v.sents[span[0]].start, []).append(span)
    word = _word_starts(v)
    out: list[tuple[int, int]] = []
    for group in by_sentence.values():
        sent = v.sents[group[0][0]].span
        covered = sum(sum(word[a:b]) for a, b in group)
        if covered < share * sum(word[sent.start : sent.end]):
            out += group
            continue
        a, b = _trim(v, sent.start, sent.end)
        while a < group[0][0] and probs[a] < grow:
            a += 1
        while b > group[-1][1] and probs[b - 1] < grow:
            b -= 1
        out.append(_trim(v, a, b))
    return out


def _word_starts(v: DocView) -> list[int]:
    """1 for each alphabetic token that starts a word or a name, else 0: a name of
    several tokens counts once, at its first word after "the", wherever a span of it
    starts ("the United States" and "United States" are one word, as "Russia" is)."""
    alpha, lower, names = v.tokens.alpha, v.tokens.lower, v.names
    the = [i in names and lower[i] == "the" for i in range(len(alpha))]
    return [
        int(a and not the[i] and not (i in names and i - 1 in names and not the[i - 1]))
        for i, a in enumerate(alpha)
    ]


def _cue(doc: Doc, v: DocView, start: int, end: int, cat: str) -> str:
    """The words of the span that carry lexicon category ``cat``."""
    tokens = [doc[i] for i in range(start, end) if cat in v.cues[i]]
    if not tokens:
        return ""
    return doc[tokens[0].i : tokens[-1].i + 1].text if len(tokens) <= 4 else tokens[0].text


def _count(words: list[str], needle: list[str]) -> int:
    k = len(needle)
    return sum(1 for i in range(len(words) - k + 1) if words[i : i + k] == needle)
