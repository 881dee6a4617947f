"""``accord eval framing``: the framing stage scored on a PTC-format gold file.

The articles are cleaned and parsed by the pipeline (framing included); SI compares
the stage's flags with the gold spans, TC labels each gold span with the technique
model (:mod:`accord.evaluation.framing` has the measures). With ``neutral`` texts,
the flags per 1000 words there are the false-alarm rate.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..evaluation.framing import FlagRate, FramingScores, score_si, score_si_by_technique, score_tc
from ..pipeline import Pipeline
from .detect import FramingDetector
from .lexicon import load_lexicon
from .train import gold_articles, label_spans


def score_framing(
    path: Path,
    pipeline: Pipeline,
    *,
    given_spans: bool = False,
    neutral: Iterable[str] = (),
) -> FramingScores:
    """Score ``pipeline`` on ``path``: SI and TC, or TC only with ``given_spans``."""
    lexicon = load_lexicon()
    scores = FramingScores()
    articles = gold_articles(path, pipeline, scores, lexicon)
    detector = FramingDetector(lexicon=lexicon)
    flags = [[] if given_spans else list(a.doc._.framing or []) for a in articles]
    labelled = [label_spans(detector, a.doc, a.view, a.gold) for a in articles]
    golds = [a.gold for a in articles]
    scores.documents = len(articles)
    scores.tc = score_tc(zip(labelled, golds, strict=True))
    if not given_spans:
        scores.si = score_si(zip(flags, golds, strict=True))
        scores.si_by_technique = score_si_by_technique(zip(flags, golds, strict=True))
    texts = list(neutral)
    if texts:
        rate = FlagRate()
        for rec in pipeline.pipe(texts):
            rate.add(rec.framing, rec.text)
        scores.neutral = rate
    return scores


def neutral_texts(paths: Iterable[str | Path]) -> list[str]:
    """The texts of neutral files: each file, or each part between lines of ``---``."""
    out: list[str] = []
    for path in paths:
        text = Path(path).read_text(encoding="utf-8")
        parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n---\n")]
        out += [p for p in parts if p]
    return out
