"""Framing quality: the SemEval-2020 Task 11 measures on a PTC-style gold file.

Gold rows: ``{"id", "text", "spans": [{"start", "end", "technique"}]}``, offsets into
``text``, end exclusive, ``technique`` one of the 14 names of
:data:`accord.records.Technique`. Predictions are any objects with ``start``, ``end``
and ``technique`` (:class:`Flag`, :class:`accord.records.FramingSpan`). Everything here
is pure scoring on spans; running a pipeline is the caller's business.

* **SI, span identification** (Da San Martino et al., SemEval-2020 Task 11), technique
  ignored. With ``C(s, t, h) = |s ∩ t| / h`` on spans as sets of characters,
  ``P = Σ_s Σ_t C(s, t, |s|) / |S|`` and ``R = Σ_t Σ_s C(s, t, |t|) / |T|``, where the
  sums and the counts ``|S|``, ``|T|`` run over the whole corpus before dividing
  (micro); F1 is their harmonic mean. ``|S| = 0`` gives P = 0, ``|T| = 0`` gives
  R = 0, and P + R = 0 gives F1 = 0.

  Merging. The official scorer (``task-SI_scorer.py``) merges the overlapping gold
  spans of an article into one before scoring: the SI gold is the union of the
  technique spans, and two spans of different techniques on the same words are one
  propaganda span, not two. A submission with overlapping spans is refused by that
  scorer unless it is run with its merge option, which merges them the same way. A
  system's flags overlap whenever it gives two techniques to one phrase, so here both
  sides are always merged, technique ignored: the score of a submission the official
  scorer accepts is unchanged, and any other is scored as the merge option would.
  Spans overlap when they share a character (``[0, 5)`` and ``[5, 9)`` do not, and
  stay apart); merging is transitive. A zero-length prediction covers no character and
  is dropped (the official formula would divide by its length, zero).
* **Span and technique**, per technique: the SI formula on the spans of one technique
  on both sides, overlapping spans of that technique merged (as the fragment-level
  scorer of the NLP4IF-2019 task, where techniques were scored, merged the overlapping
  gold spans of one technique).
* **TC, technique classification** (``task-TC_scorer.py``): the system labels the gold
  spans. Within an article, predictions and gold spans with the same ``(start, end)``
  are matched as multisets: a prediction is right when an unmatched gold span of those
  offsets has its technique. A span annotated with two techniques thus needs both
  labels, in any order, for both to count (the official scorer reorders the labels of
  identical spans to match as many as it can, then takes scikit-learn's micro-averaged
  and per-class precision, recall and F1). With one prediction per gold span, as the
  official scorer demands, micro P = R = F1 = accuracy. It refuses any other
  submission; here a gold span left unlabelled counts as a miss and a prediction on
  offsets with no (unmatched) gold span as a false alarm, both also counted apart
  (``missing``, ``extra``), so the figures reduce to the official ones when the spans
  agree.
* **Flags per 1000 words** on neutral text: how often the detector fires where no
  technique is expected, the false-alarm rate.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeAlias, TypeGuard, get_args

from ..errors import InputError
from ..records import Technique
from .actors import Score

TECHNIQUES: tuple[str, ...] = get_args(Technique)
_WORD = re.compile(r"\w+(?:['’-]\w+)*")


class FramingGoldError(InputError):
    """A framing gold file has a malformed row (offsets, technique, fields)."""

    code = "A110"


class SpanLike(Protocol):
    """What the scorers read of a span: a prediction or a gold annotation."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def technique(self) -> str: ...


@dataclass(frozen=True)
class Flag:
    """A span of text with one technique, offsets end exclusive."""

    start: int
    end: int
    technique: str


#: One article: its predicted spans and its gold spans.
ArticlePair: TypeAlias = tuple[Sequence[SpanLike], Sequence[SpanLike]]
_Interval: TypeAlias = tuple[int, int]


@dataclass(frozen=True)
class FramingGold:
    """One article of a framing gold file."""

    id: str
    text: str
    spans: tuple[Flag, ...]


# -- span identification ----------------------------------------------------------------
def merge_overlapping(spans: Iterable[SpanLike]) -> list[_Interval]:
    """The spans as sorted ``(start, end)`` intervals, those that share a character merged
    into one, zero-length ones dropped."""
    merged: list[_Interval] = []
    for start, end in sorted((s.start, s.end) for s in spans if s.end > s.start):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _shared(a: _Interval, b: _Interval) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


@dataclass
class SIScore:
    """The SI sums and counts of a corpus, accumulated article by article."""

    precision_sum: float = 0.0  # Σ_s Σ_t |s ∩ t| / |s|
    recall_sum: float = 0.0  # Σ_t Σ_s |s ∩ t| / |t|
    predicted: int = 0  # |S|, merged spans
    gold: int = 0  # |T|, merged spans

    def add(self, predicted: Iterable[SpanLike], gold: Iterable[SpanLike]) -> None:
        """Add one article's spans (merged here, technique ignored)."""
        preds, golds = merge_overlapping(predicted), merge_overlapping(gold)
        self.predicted += len(preds)
        self.gold += len(golds)
        for s in preds:
            for t in golds:
                shared = _shared(s, t)
                if shared:
                    self.precision_sum += shared / (s[1] - s[0])
                    self.recall_sum += shared / (t[1] - t[0])

    @property
    def precision(self) -> float:
        return self.precision_sum / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.recall_sum / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "predicted": self.predicted,
            "gold": self.gold,
        }


def score_si(pairs: Iterable[ArticlePair]) -> SIScore:
    """Micro-averaged SI over articles given as ``(predicted, gold)`` spans."""
    result = SIScore()
    for predicted, gold in pairs:
        result.add(predicted, gold)
    return result


def _labels(seen: Iterable[str]) -> list[str]:
    """The 14 techniques in their order, then any other label met (none is dropped)."""
    return [*TECHNIQUES, *sorted(set(seen) - set(TECHNIQUES))]


def score_si_by_technique(pairs: Iterable[ArticlePair]) -> dict[str, SIScore]:
    """SI per technique: each technique scored on its own spans on both sides."""
    result: dict[str, SIScore] = defaultdict(SIScore)
    for predicted, gold in pairs:
        preds, golds = _by_technique(predicted), _by_technique(gold)
        for technique in preds.keys() | golds.keys():
            result[technique].add(preds.get(technique, []), golds.get(technique, []))
    return {label: result[label] for label in _labels(result)}


def _by_technique(spans: Iterable[SpanLike]) -> dict[str, list[SpanLike]]:
    grouped: dict[str, list[SpanLike]] = defaultdict(list)
    for span in spans:
        grouped[span.technique].append(span)
    return grouped


# -- technique classification -----------------------------------------------------------
@dataclass
class TCScore:
    """Technique labels of the gold spans, micro-averaged and per technique."""

    micro: Score = field(default_factory=Score)
    by_technique: dict[str, Score] = field(default_factory=dict)
    extra: int = 0  # predictions on offsets with no unmatched gold span
    missing: int = 0  # gold spans with no prediction at their offsets

    def add(self, predicted: Iterable[SpanLike], gold: Iterable[SpanLike]) -> None:
        """Add one article: predictions matched to gold spans of the same offsets."""
        preds = _by_offsets(predicted)
        golds = _by_offsets(gold)
        for offsets in preds.keys() | golds.keys():
            pred, want = preds.get(offsets, Counter()), golds.get(offsets, Counter())
            hits = pred & want  # multiset intersection: labels matched one to one
            self.extra += max(0, pred.total() - want.total())
            self.missing += max(0, want.total() - pred.total())
            for label in pred | want:
                score = self.by_technique.setdefault(label, Score())
                score.tp += hits[label]
                score.fp += pred[label] - hits[label]
                score.fn += want[label] - hits[label]
            self.micro.tp += hits.total()
            self.micro.fp += pred.total() - hits.total()
            self.micro.fn += want.total() - hits.total()

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.micro.as_dict(),
            "extra": self.extra,
            "missing": self.missing,
            "by_technique": {k: s.as_dict() for k, s in self.by_technique.items()},
        }


def _by_offsets(spans: Iterable[SpanLike]) -> dict[_Interval, Counter[str]]:
    grouped: dict[_Interval, Counter[str]] = defaultdict(Counter)
    for span in spans:
        grouped[(span.start, span.end)][span.technique] += 1
    return grouped


def score_tc(pairs: Iterable[ArticlePair]) -> TCScore:
    """TC over articles given as ``(predicted, gold)`` spans; every technique has a row."""
    result = TCScore()
    for predicted, gold in pairs:
        result.add(predicted, gold)
    result.by_technique = {
        label: result.by_technique.get(label, Score()) for label in _labels(result.by_technique)
    }
    return result


# -- false alarms on neutral text -------------------------------------------------------
def word_count(text: str) -> int:
    """Words of ``text``: runs of letters or digits, joined by apostrophes and hyphens."""
    return sum(1 for _ in _WORD.finditer(text))


@dataclass
class FlagRate:
    """Flags raised on text where none is expected, over a corpus."""

    flags: int = 0
    words: int = 0
    documents: int = 0

    def add(self, flags: Sequence[SpanLike], text: str) -> None:
        self.flags += len(flags)
        self.words += word_count(text)
        self.documents += 1

    @property
    def per_1000_words(self) -> float:
        return 1000 * self.flags / self.words if self.words else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "per_1000_words": round(self.per_1000_words, 4),
            "flags": self.flags,
            "words": self.words,
            "documents": self.documents,
        }


def flags_per_1000_words(flags: Sequence[SpanLike], text: str) -> float:
    """How many flags one text has per 1000 of its words (0.0 for a text without words)."""
    rate = FlagRate()
    rate.add(flags, text)
    return rate.per_1000_words


# -- the gold file ----------------------------------------------------------------------
def read_framing_gold(path: Path) -> Iterator[FramingGold]:
    """The articles of a framing gold file, each checked; a bad row is an error naming
    its line. (:func:`accord.evaluation.read_gold` does not say which line a row it
    yields came from, so the lines are read here.)"""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield _gold_row(line, f"{path}:{number}")


def _gold_row(line: str, where: str) -> FramingGold:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise FramingGoldError(f"{where}: not JSON ({exc.msg})") from exc
    if not isinstance(row, dict) or not isinstance(row.get("text"), str):
        raise FramingGoldError(f"{where}: a gold row needs a 'text' string")
    spans = row.get("spans", [])
    if not isinstance(spans, list):
        raise FramingGoldError(f"{where}: 'spans' must be a list")
    text = row["text"]
    flags = tuple(_gold_span(span, len(text), f"{where}: span {i}") for i, span in enumerate(spans))
    return FramingGold(id=str(row.get("id", "")), text=text, spans=flags)


def _gold_span(span: object, length: int, where: str) -> Flag:
    if not isinstance(span, dict):
        raise FramingGoldError(f"{where}: not an object")
    start, end, technique = span.get("start"), span.get("end"), span.get("technique")
    if not _is_int(start) or not _is_int(end):
        raise FramingGoldError(f"{where}: 'start' and 'end' must be integers")
    if not 0 <= start < end <= length:
        raise FramingGoldError(
            f"{where}: offsets [{start}, {end}) are not a non-empty range of the "
            f"{length}-character text"
        )
    if technique not in TECHNIQUES:
        raise FramingGoldError(f"{where}: unknown technique {technique!r}")
    return Flag(start, end, technique)


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


# -- the report -------------------------------------------------------------------------
@dataclass
class FramingScores:
    """Everything the framing evaluation reports on one gold file."""

    si: SIScore = field(default_factory=SIScore)
    tc: TCScore = field(default_factory=TCScore)
    si_by_technique: dict[str, SIScore] = field(default_factory=dict)
    neutral: FlagRate | None = None  # flags on text with no technique expected
    documents: int = 0
    skipped: int = 0  # rows the input checks refused
    misaligned: int = 0  # rows whose text the input cleaning changed: offsets unusable

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "skipped": self.skipped,
            "misaligned": self.misaligned,
            "si": self.si.as_dict(),
            "tc": self.tc.as_dict(),
            "si_by_technique": {k: s.as_dict() for k, s in self.si_by_technique.items()},
            "neutral": self.neutral.as_dict() if self.neutral else None,
        }


def format_framing(result: FramingScores, name: str) -> str:
    """The scores as Markdown tables, with the rows left out said plainly."""
    lines = [f"Framing on {name} ({result.documents} documents scored)", ""]
    if result.skipped or result.misaligned:
        lines += [
            f"**Not scored:** {result.skipped} rows refused by the input checks, "
            f"{result.misaligned} rows misaligned (input cleaning changed the text, "
            "so the gold offsets no longer apply)",
            "",
        ]
    si, tc = result.si, result.tc
    lines += [
        "| task | precision | recall | F1 | predicted | gold |",
        "|---|---|---|---|---|---|",
        f"| SI (spans, technique ignored) | {si.precision:.3f} | {si.recall:.3f} | "
        f"{si.f1:.3f} | {si.predicted} | {si.gold} |",
        f"| TC (technique of the gold spans) | {tc.micro.precision:.3f} | "
        f"{tc.micro.recall:.3f} | {tc.micro.f1:.3f} | {tc.micro.tp + tc.micro.fp} | "
        f"{tc.micro.tp + tc.micro.fn} |",
        "",
        f"TC micro-F1 {tc.micro.f1:.3f}: {tc.micro.tp} of {tc.micro.tp + tc.micro.fn} gold "
        f"spans labelled right; {tc.missing} left unlabelled, {tc.extra} predictions off "
        "the gold spans",
        "",
        *_technique_table(result),
    ]
    if result.neutral is not None:
        n = result.neutral
        lines += [
            "",
            f"Neutral text: {n.per_1000_words:.2f} flags per 1000 words ({n.flags} flags "
            f"in {n.words} words, {n.documents} documents)",
        ]
    return "\n".join(lines)


def _technique_table(result: FramingScores) -> list[str]:
    """One row per technique: span-and-technique SI, then TC, with the counts."""
    lines = [
        "| technique | span P | span R | span F1 | flags | TC P | TC R | TC F1 | gold spans |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for label in _labels([*result.si_by_technique, *result.tc.by_technique]):
        si = result.si_by_technique.get(label, SIScore())
        tc = result.tc.by_technique.get(label, Score())
        lines.append(
            f"| {label} | {si.precision:.3f} | {si.recall:.3f} | {si.f1:.3f} | "
            f"{si.predicted} | {tc.precision:.3f} | {tc.recall:.3f} | {tc.f1:.3f} | "
            f"{tc.tp + tc.fn} |"
        )
    return lines
