"""Fit the framing models (``accord train framing``) and cross-validate them.

Examples come from a gold file in the PTC format (``{"text", "spans": [{"start",
"end", "technique"}]}``), parsed by accord's pipeline (actors included, so that
actor names are masked as in use):

* **span identification**: every token, positive when it overlaps a gold span;
* **technique classification**: every gold span, labelled with its technique.

``folds=K`` first scores K-fold cross-validation by article (each article is scored
by models fitted without it) with the official SemEval-2020 Task 11 measures, then
fits the shipped models on every article.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from ..errors import InputError
from ..evaluation.align import move_spans, offset_map
from ..evaluation.framing import (
    Flag,
    FramingScores,
    SpanLike,
    read_framing_gold,
    score_si,
    score_si_by_technique,
    score_tc,
)
from ..learn import fit_binary, fit_multiclass
from ..pipeline import Pipeline
from ..text import Article as PreparedArticle
from .detect import FramingDetector, FramingModels
from .features import DocView, span_features, token_rows, unique, view
from .lexicon import Lexicon, load_lexicon

logger = logging.getLogger(__name__)

SPAN_C = 0.3
TECHNIQUE_C = 0.5
THRESHOLD = 0.33  # a token this likely seeds a span
GROW = 0.12  # ... which takes in neighbours this likely
SENTENCE = 0.25  # a sentence whose words are this much flagged is flagged as one span
MIN_COUNT = 3


@dataclass
class Article:
    """A parsed training article: its Doc, its name-masked view and its gold spans."""

    doc: Doc
    view: DocView
    gold: list[Flag]
    token_rows: list[tuple[str, ...]] = field(default_factory=list)
    token_labels: list[int] = field(default_factory=list)
    span_rows: list[tuple[str, ...]] = field(default_factory=list)
    span_labels: list[str] = field(default_factory=list)


def article(doc: Doc, gold: Sequence[SpanLike], lexicon: Lexicon) -> Article:
    """One article's training examples."""
    v = view(doc, lexicon)
    a = Article(doc, v, [Flag(g.start, g.end, g.technique) for g in gold])
    spans = sorted((g.start, g.end) for g in gold)
    rows = token_rows(v)
    for tok in doc:
        if tok.is_space:
            continue
        start, end = tok.idx, tok.idx + len(tok.text)
        inside = any(s < end and start < e for s, e in spans)
        a.token_rows.append(unique(rows[tok.i]))
        a.token_labels.append(int(inside))
    for g in gold:
        span = doc.char_span(g.start, g.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        a.span_rows.append(unique(span_features(doc, v, span.start, span.end)))
        a.span_labels.append(g.technique)
    return a


def fit(
    articles: Sequence[Article],
    *,
    span_c: float = SPAN_C,
    technique_c: float = TECHNIQUE_C,
    threshold: float = THRESHOLD,
    grow: float = GROW,
    sentence: float = SENTENCE,
    min_count: int = MIN_COUNT,
    meta: dict[str, Any] | None = None,
) -> FramingModels:
    token_rows = [r for a in articles for r in a.token_rows]
    token_labels = [y for a in articles for y in a.token_labels]
    span_rows = [r for a in articles for r in a.span_rows]
    span_labels = [y for a in articles for y in a.span_labels]
    info = {"articles": len(articles), **(meta or {})}
    spans = fit_binary(
        token_rows,
        token_labels,
        c=span_c,
        threshold=threshold,
        min_count=min_count,
        meta={**info, "grow": grow, "sentence": sentence},
    )
    techniques = fit_multiclass(
        span_rows, span_labels, c=technique_c, min_count=min_count, meta=info
    )
    return FramingModels(spans, techniques)


@dataclass
class Predictions:
    """Per article: the predicted flags, the gold spans as the models label them, and
    the gold spans."""

    flags: list[list[Flag]] = field(default_factory=list)
    labelled: list[list[Flag]] = field(default_factory=list)
    gold: list[list[Flag]] = field(default_factory=list)

    def scores(self) -> FramingScores:
        """The SemEval-2020 Task 11 measures: SI on the flags, TC on the labelled spans."""
        return FramingScores(
            si=score_si(zip(self.flags, self.gold, strict=True)),
            tc=score_tc(zip(self.labelled, self.gold, strict=True)),
            si_by_technique=score_si_by_technique(zip(self.flags, self.gold, strict=True)),
            documents=len(self.gold),
        )


def predict(models: FramingModels, articles: Iterable[Article], lexicon: Lexicon) -> Predictions:
    """What ``models`` flag in each article, and how they label its gold spans."""
    detector = FramingDetector(models, lexicon)
    out = Predictions()
    for a in articles:
        out.flags.append([Flag(f.start, f.end, f.technique) for f in detector(a.doc)])
        out.labelled.append(label_spans(detector, a.doc, a.view, a.gold))
        out.gold.append(a.gold)
    return out


def label_spans(
    detector: FramingDetector, doc: Doc, v: DocView, spans: Sequence[SpanLike]
) -> list[Flag]:
    """The technique the models give each of ``spans`` (TC given the spans)."""
    out = []
    for g in spans:
        span = doc.char_span(g.start, g.end, alignment_mode="expand")
        if span is None or not len(span):
            continue  # whitespace only: no token to classify
        out.append(Flag(g.start, g.end, detector.classify(doc, v, span.start, span.end)[0]))
    return out


def gold_articles(
    path: Path, pipeline: Pipeline, scores: FramingScores, lexicon: Lexicon
) -> list[Article]:
    """The articles of a PTC-format gold file, cleaned and parsed by ``pipeline``, with
    their gold spans carried onto the cleaned text; refused and misaligned rows are
    counted on ``scores``."""
    prepared: list[tuple[PreparedArticle, list[Flag]]] = []
    for row in read_framing_gold(path):
        try:
            cleaned = pipeline.prepare(row.text, format="text")
        except InputError:
            scores.skipped += 1
            continue
        spans = list(row.spans)
        if cleaned.text != row.text:
            mapping = offset_map(row.text, cleaned.text)
            if mapping is None:
                scores.misaligned += 1
                continue
            moved = move_spans([asdict(f) for f in spans], mapping, (("start", "end"),))
            spans = [Flag(**d) for d in moved]  # type: ignore[arg-type]
        prepared.append((cleaned, spans))
    docs = pipeline.docs(p for p, _ in prepared)
    return [
        article(doc, spans, lexicon) for (doc, _), (_, spans) in zip(docs, prepared, strict=True)
    ]


def train_framing(
    path: Path, pipeline: Pipeline, *, folds: int = 0, **params: Any
) -> tuple[FramingModels, FramingScores | None]:
    """Fit the shipped models on a gold file; with ``folds=K`` also cross-validate.
    ``params`` go to :func:`fit` (``span_c``, ``threshold``, ``min_count``, ...)."""
    lexicon = load_lexicon()
    scores = FramingScores()
    articles = gold_articles(path, pipeline, scores, lexicon)
    cv = None
    if folds > 1:
        cv = cross_validate(articles, folds, lexicon, **params).scores()
        cv.skipped, cv.misaligned = scores.skipped, scores.misaligned
    meta = {"data": path.name, "folds": folds}
    return fit(articles, meta=meta, **params), cv


def cross_validate(
    articles: Sequence[Article], folds: int, lexicon: Lexicon | None = None, **params: Any
) -> Predictions:
    """Predictions for every article from models fitted on the other folds (article i
    is in fold i mod K, so the split is fixed)."""
    lexicon = lexicon or load_lexicon()
    out = Predictions()
    by_fold: dict[int, Predictions] = {}
    for k in range(folds):
        train = [a for i, a in enumerate(articles) if i % folds != k]
        test = [a for i, a in enumerate(articles) if i % folds == k]
        logger.info("fold %d of %d: %d articles", k + 1, folds, len(train))
        by_fold[k] = predict(fit(train, **params), test, lexicon)
    position = dict.fromkeys(range(folds), 0)
    for i in range(len(articles)):
        k = i % folds
        j = position[k]
        position[k] += 1
        out.flags.append(by_fold[k].flags[j])
        out.labelled.append(by_fold[k].labelled[j])
        out.gold.append(by_fold[k].gold[j])
    return out
