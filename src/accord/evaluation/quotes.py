"""Quote quality against a gold file of articles and their annotated quotes.

Gold rows: ``{"text", "quotes": [{"start", "end", "kind", "speaker_start",
"speaker_end", ...}], "publication_date"}`` (as in PolNeAR), offsets into ``text``,
end exclusive; ``kind`` is ``direct`` or ``indirect``; a quote without a speaker has
null speaker offsets. Other gold fields (cue, mixed, attribution) are not scored.

* **Spans.** A predicted quote matches a gold quote when they share at least half of
  the longer of the two (``2 * overlap >= max(len_pred, len_gold)``, and at least one
  character). Pairs are made one to one, largest overlap first, at three levels:
  ``all`` (kind ignored), ``direct`` and ``indirect`` (both quotes of that kind).
  Exact matching pairs, separately, quotes with identical start and end.
* **Speakers**, over the pairs matched at the ``all`` level whose gold quote has a
  speaker: right when the predicted ``speaker_mention`` overlaps the gold speaker's
  offsets (a missing mention is wrong, and counted apart). ``resolved`` is the share
  of all matched quotes whose predicted ``speaker`` is an actor id.

Where the input cleaning alters a row's text (newlines, a byte-order mark), the gold
offsets are carried onto the cleaned text (:mod:`accord.evaluation.align`); a row
whose text changed in any other way is counted as ``misaligned`` and not scored.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeAlias

from ..errors import InputError
from ..pipeline import Pipeline
from ..records import Analysis, Quote
from ..text import Article
from . import read_gold
from .actors import Score
from .align import move_spans, offset_map

logger = logging.getLogger(__name__)

LEVELS = ("all", "direct", "indirect")
GoldArticle: TypeAlias = tuple[Article, list[dict[str, Any]]]
_SPAN_KEYS = (("start", "end"), ("speaker_start", "speaker_end"), ("cue_start", "cue_end"))


@dataclass
class SpeakerScore:
    scored: int = 0  # matched pairs whose gold quote has a speaker
    correct: int = 0  # ... where the predicted speaker mention overlaps it
    no_mention: int = 0  # ... where the prediction has no speaker mention
    matched: int = 0  # all pairs matched at the ``all`` level
    resolved: int = 0  # ... whose predicted quote names an actor

    @property
    def accuracy(self) -> float:
        return self.correct / self.scored if self.scored else 0.0

    @property
    def resolved_share(self) -> float:
        return self.resolved / self.matched if self.matched else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "accuracy": round(self.accuracy, 4),
            "correct": self.correct,
            "scored": self.scored,
            "no_mention": self.no_mention,
            "resolved": round(self.resolved_share, 4),
            "matched": self.matched,
        }


def _scores() -> dict[str, Score]:
    return {level: Score() for level in LEVELS}


@dataclass
class QuoteScores:
    overlap: dict[str, Score] = field(default_factory=_scores)
    exact: dict[str, Score] = field(default_factory=_scores)
    speaker: SpeakerScore = field(default_factory=SpeakerScore)
    documents: int = 0
    skipped: int = 0  # rows the input checks refused
    misaligned: int = 0  # rows whose text the input cleaning changed: offsets unusable

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "skipped": self.skipped,
            "misaligned": self.misaligned,
            "overlap": {level: s.as_dict() for level, s in self.overlap.items()},
            "exact": {level: s.as_dict() for level, s in self.exact.items()},
            "speaker": self.speaker.as_dict(),
        }


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def _pair(preds: list[Quote], golds: list[dict[str, Any]]) -> list[tuple[Quote, dict[str, Any]]]:
    """One-to-one pairs of predicted and gold quotes, largest overlap first."""
    candidates = []
    for gi, gold in enumerate(golds):
        g_start, g_end = int(gold["start"]), int(gold["end"])
        for pi, pred in enumerate(preds):
            shared = _overlap(pred.start, pred.end, g_start, g_end)
            longer = max(pred.end - pred.start, g_end - g_start)
            if shared > 0 and 2 * shared >= longer:
                # ties: the prediction whose ends are closest to the gold's first
                offset = abs(pred.start - g_start) + abs(pred.end - g_end)
                candidates.append((-shared, offset, gi, pi))
    pairs, used_gold, used_pred = [], set(), set()
    for _, _, gi, pi in sorted(candidates):
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((preds[pi], golds[gi]))
    return pairs


def _exact_hits(preds: list[Quote], golds: list[dict[str, Any]]) -> int:
    """How many gold quotes can be paired one to one with a prediction of the same offsets."""
    free = [(p.start, p.end) for p in preds]
    hits = 0
    for gold in golds:
        key = (int(gold["start"]), int(gold["end"]))
        if key in free:
            free.remove(key)
            hits += 1
    return hits


def _speaker(pred: Quote, gold: dict[str, Any], speaker: SpeakerScore) -> None:
    speaker.matched += 1
    if pred.speaker is not None:
        speaker.resolved += 1
    g_start, g_end = gold.get("speaker_start"), gold.get("speaker_end")
    if g_start is None or g_end is None:
        return
    speaker.scored += 1
    mention = pred.speaker_mention
    if mention is None:
        speaker.no_mention += 1
    elif _overlap(mention.start, mention.end, int(g_start), int(g_end)) > 0:
        speaker.correct += 1


def score_record(gold_quotes: list[dict[str, Any]], record: Analysis, scores: QuoteScores) -> None:
    """Add one document's predicted quotes, scored against its gold quotes, to ``scores``."""
    scores.documents += 1
    for level in LEVELS:
        preds = [q for q in record.quotes if level == "all" or q.kind == level]
        golds = [g for g in gold_quotes if level == "all" or g.get("kind") == level]
        pairs = _pair(preds, golds)
        _add(scores.overlap[level], len(pairs), len(preds), len(golds))
        _add(scores.exact[level], _exact_hits(preds, golds), len(preds), len(golds))
        if level == "all":
            for pred, gold in pairs:
                _speaker(pred, gold, scores.speaker)


def _add(score: Score, hits: int, predicted: int, gold: int) -> None:
    score.tp += hits
    score.fp += predicted - hits
    score.fn += gold - hits


def aligned_rows(path: Path, pipeline: Pipeline, result: QuoteScores) -> Iterator[GoldArticle]:
    """Each gold row of ``path`` as a prepared article with its quotes on the article's
    text; rows the input checks refuse or whose offsets cannot be carried over are
    counted on ``result`` and left out."""
    for row in read_gold(path):
        text = row["text"]
        published = row.get("publication_date") or row.get("date")
        try:
            article = pipeline.prepare(text, format="text", published=published)
        except InputError:
            result.skipped += 1
            continue
        quotes = row.get("quotes") or []
        if article.text != text:  # cleaned: carry the gold offsets over
            mapping = offset_map(text, article.text)
            if mapping is None:
                result.misaligned += 1
                continue
            quotes = move_spans(quotes, mapping, _SPAN_KEYS)
        yield article, quotes


def score_quotes(path: Path, pipeline: Pipeline) -> QuoteScores:
    """Run ``pipeline`` on every gold row of ``path`` and score its quotes."""
    result = QuoteScores()
    rows = list(aligned_rows(path, pipeline, result))
    records = pipeline.process(article for article, _ in rows)
    for (_, gold_quotes), record in zip(rows, records, strict=True):
        score_record(gold_quotes, record, result)
    if result.misaligned:
        logger.warning(
            "%s: %d rows not scored: input cleaning changed their text, so the gold "
            "offsets no longer apply",
            path,
            result.misaligned,
        )
    return result


def format_quotes(result: QuoteScores, name: str) -> str:
    """The scores as a Markdown table, with the rows left out said plainly."""
    lines = [f"Quotes on {name} ({result.documents} documents scored)", ""]
    if result.skipped or result.misaligned:
        lines += [
            f"**Not scored:** {result.skipped} rows refused by the input checks, "
            f"{result.misaligned} rows misaligned (input cleaning changed the text, "
            "so the gold offsets no longer apply)",
            "",
        ]
    lines += [
        "| level | precision | recall | F1 | tp | fp | fn |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, table in (("", result.overlap), (" (exact)", result.exact)):
        for level in LEVELS:
            s = table[level]
            lines.append(
                f"| {level}{label} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | "
                f"{s.tp} | {s.fp} | {s.fn} |"
            )
    sp = result.speaker
    lines += [
        "",
        f"Speaker accuracy {sp.accuracy:.3f} ({sp.correct} of {sp.scored} matched quotes "
        f"with a gold speaker; {sp.no_mention} without a predicted speaker mention); "
        f"resolved to an actor: {sp.resolved_share:.3f} ({sp.resolved} of {sp.matched} "
        "matched quotes)",
    ]
    return "\n".join(lines)
