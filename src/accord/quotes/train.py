"""Fit the model that picks indirect quotes (``accord train quotes``).

Every candidate content (:mod:`accord.quotes.content`) of a training article is an
example, positive when it matches a gold indirect quote by the scorer's rule (the two
share half of the longer one) and the candidate's verb is the gold quote's cue (or the
gold names no cue). A candidate that only happens to cover what another word reports
("be" in "said the plan *is a mistake*", whose cue is "said") is a negative: taught
as positives, such spans made the verbs that propose them look like reporting verbs
everywhere else. A logistic regression (scikit-learn, L2) over the
candidates' features gives the weights; they are saved as JSON, so running accord
needs no scikit-learn. Training is deterministic: the same data give the same file.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from ..evaluation.quotes import QuoteScores, aligned_rows, score_record
from ..learn import fit_binary
from ..pipeline import Pipeline
from ..text import Article
from .attribution import QuoteFinder
from .content import ContentModel

logger = logging.getLogger(__name__)

#: Inverse regularisation strength and decision threshold of the shipped model.
DEFAULT_C = 0.2
DEFAULT_THRESHOLD = 0.3


@dataclass
class Examples:
    features: list[tuple[str, ...]] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)

    def add(self, doc: Doc, gold: Sequence[dict[str, Any]], finder: QuoteFinder) -> None:
        """The candidates of one parsed article, labelled by its gold quotes: positive
        when one of them has the candidate's span and its verb as the cue."""
        quotes = [g for g in gold if g.get("kind") == "indirect"]
        finder.prepare(doc)
        for cand, (start, end) in finder.content_candidates():
            cue = (cand.cue.idx, cand.cue.idx + len(cand.cue.text))
            positive = any(
                _matches(start, end, int(g["start"]), int(g["end"])) and _cued_by(g, cue)
                for g in quotes
            )
            self.features.append(cand.features)
            self.labels.append(int(positive))


def _matches(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    shared = min(a_end, b_end) - max(a_start, b_start)
    return shared > 0 and 2 * shared >= max(a_end - a_start, b_end - b_start)


def _cued_by(gold: dict[str, Any], cue: tuple[int, int]) -> bool:
    """The gold quote's cue overlaps the characters ``cue``, or it names no cue."""
    if gold.get("cue_start") is None or gold.get("cue_end") is None:
        return True
    return min(cue[1], int(gold["cue_end"])) > max(cue[0], int(gold["cue_start"]))


def fit(
    examples: Examples,
    *,
    c: float = DEFAULT_C,
    threshold: float = DEFAULT_THRESHOLD,
    meta: dict[str, Any] | None = None,
) -> ContentModel:
    """Logistic weights for ``examples`` (needs scikit-learn: ``accord[train]``)."""
    return fit_binary(examples.features, examples.labels, c=c, threshold=threshold, meta=meta)


def train_quotes(
    path: Path,
    pipeline: Pipeline,
    *,
    heldout: int = 0,
    c: float = DEFAULT_C,
    threshold: float = DEFAULT_THRESHOLD,
) -> tuple[ContentModel, QuoteScores | None]:
    """Fit the indirect-quote model on the gold articles of ``path``, parsed by
    ``pipeline``. With ``heldout=N`` the first N articles are kept out of training and
    scored with the new model afterwards (the expected quality on unseen articles)."""
    scores = QuoteScores()
    rows = aligned_rows(path, pipeline, scores)
    examples = Examples()
    finder = QuoteFinder(model=ContentModel({}, 0.0, 1.0, {}))
    kept: list[tuple[Doc, Article, list[dict[str, Any]]]] = []
    golds: dict[int, list[dict[str, Any]]] = {}

    def articles() -> Iterator[Article]:
        for article, gold in rows:
            golds[id(article)] = gold
            yield article

    trained = 0
    for doc, article in pipeline.docs(articles()):
        gold = golds.pop(id(article))
        if len(kept) < heldout:
            kept.append((doc, article, gold))
            continue
        examples.add(doc, gold, finder)
        trained += 1
        if trained % 100 == 0:
            logger.info("%d articles, %d candidates", trained, len(examples.labels))
    meta = {"data": path.name, "articles": trained, "heldout": len(kept)}
    model = fit(examples, c=c, threshold=threshold, meta=meta)
    if not kept:
        return model, None
    scorer = QuoteFinder(model=model)
    for doc, article, gold in kept:
        doc._.quotes = scorer(doc)
        score_record(gold, pipeline.to_record(doc, article), scores)
    return model, scores
