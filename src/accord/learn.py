"""Linear models over string features, fitted with scikit-learn, run without it.

accord's learned parts (the indirect-quote picker, the framing detector) are logistic
regressions over sparse binary features named by strings ("lemma=say",
"w-1=brutal"). Fitting needs scikit-learn (the ``accord[train]`` extra); the fitted
weights are plain JSON, and scoring them is a sum of dictionary lookups (numpy, which
spaCy brings, adds up the columns of many examples at once), so running accord does
not need scikit-learn. Fitting is deterministic.
"""

from __future__ import annotations

import hashlib
import json
import math
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import repeat
from operator import add
from pathlib import Path
from typing import Any, TypeVar

import numpy

from .cache import cache_key, cached
from .errors import AccordError

M = TypeVar("M")

Features = Sequence[str]

# How many sets of prefixes' ceilings a model remembers (BinaryModel.ceiling).
_CEILINGS_KEPT = 1 << 14


def _json_digest(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode("utf-8")).hexdigest()[:12]


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True)
class BinaryModel:
    """Logistic weights: P(yes) = sigmoid(bias + sum of the features' weights)."""

    weights: dict[str, float]
    bias: float
    threshold: float
    meta: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def digest(self) -> str:
        """A short hash of the weights: the model's version in records (computed once:
        a model's weights are not changed after it is made)."""
        return _json_digest(self.to_json())

    def probability(self, features: Features) -> float:
        return _sigmoid(self.score(features))

    def score(self, features: Features) -> float:
        """The logit :meth:`probability` turns into a probability."""
        return self.bias + self.total(features)

    def total(self, features: Features) -> float:
        """The sum of the features' weights (0.0 for a feature the model never saw)."""
        # map() over dict.get: the same sum, in the same order, without a generator frame
        return sum(map(self.weights.get, features, repeat(0.0)))

    @cached_property
    def threshold_score(self) -> float:
        """The least score whose probability reaches the threshold (minus infinity for
        a threshold of 0, plus infinity for 1)."""
        if self.threshold <= 0.0:
            return -math.inf
        if self.threshold >= 1.0:
            return math.inf
        return math.log(self.threshold / (1.0 - self.threshold))

    def ceiling(self, prefixes: tuple[str, ...]) -> float:
        """The most that features named ``prefix + value``, one for each of
        ``prefixes``, can add to a score, whatever the values: for each prefix the
        largest weight of a feature it begins, or 0.0 (a value the model never saw
        adds nothing). With it, a caller that knows the first part of every feature
        of an example can tell that the model cannot accept it before working out
        the rest."""
        ceilings = self._ceilings
        best = ceilings.get(prefixes)
        if best is None:
            best = sum(map(self._ceiling, prefixes))
            if len(ceilings) >= _CEILINGS_KEPT:
                ceilings.clear()  # prefixes carry open-class words: keep memory flat
            ceilings[prefixes] = best
        return best

    def _ceiling(self, prefix: str) -> float:
        best = self._prefix_ceilings.get(prefix)
        if best is None:
            names = self._sorted_names
            best = 0.0
            i = bisect_left(names, prefix)
            while i < len(names) and names[i].startswith(prefix):
                best = max(best, self.weights[names[i]])
                i += 1
            if len(self._prefix_ceilings) >= _CEILINGS_KEPT:
                self._prefix_ceilings.clear()
            self._prefix_ceilings[prefix] = best
        return best

    @cached_property
    def _prefix_ceilings(self) -> dict[str, float]:
        return {}

    @cached_property
    def _sorted_names(self) -> list[str]:
        return sorted(self.weights)

    @cached_property
    def _ceilings(self) -> dict[tuple[str, ...], float]:
        return {}

    def probabilities(self, columns: Sequence[Sequence[str | None]], n: int) -> list[float]:
        """:meth:`probability` of ``n`` examples at once, their features given as
        columns (one entry per example, ``None`` where an example lacks the feature).
        Each column's weights are looked up in one pass and added to every example's
        sum in column order: the same additions as :meth:`probability`, so the same
        floats to the last bit (a missing feature adds 0.0, which changes no sum)."""
        get = self.weights.get
        sums = numpy.zeros(n)
        for column in columns:
            sums += numpy.array([0.0 if f is None else get(f, 0.0) for f in column])
        return [_sigmoid(self.bias + s) for s in sums.tolist()]

    def to_json(self) -> dict[str, Any]:
        return {
            "meta": self.meta,
            "bias": self.bias,
            "threshold": self.threshold,
            "weights": dict(sorted(self.weights.items())),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BinaryModel:
        return cls(
            weights={str(k): float(v) for k, v in data["weights"].items()},
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
            meta=dict(data.get("meta", {})),
        )

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), indent=0) + "\n", "utf-8")


@dataclass(frozen=True)
class MulticlassModel:
    """Multinomial logistic weights: one weight per class for each feature."""

    classes: list[str]
    weights: dict[str, list[float]]
    bias: list[float]
    meta: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def digest(self) -> str:
        """As :attr:`BinaryModel.digest`."""
        return _json_digest(self.to_json())

    def probabilities(self, features: Features) -> dict[str, float]:
        scores = list(self.bias)
        for f in features:
            row = self.weights.get(f)
            if row is not None:
                scores = list(map(add, scores, row))  # the same additions, without a loop
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {c: e / total for c, e in zip(self.classes, exps, strict=True)}

    def to_json(self) -> dict[str, Any]:
        return {
            "meta": self.meta,
            "classes": self.classes,
            "bias": self.bias,
            "weights": dict(sorted(self.weights.items())),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MulticlassModel:
        return cls(
            classes=[str(c) for c in data["classes"]],
            weights={str(k): [float(x) for x in v] for k, v in data["weights"].items()},
            bias=[float(x) for x in data["bias"]],
            meta=dict(data.get("meta", {})),
        )


def cached_models(
    kind: str, texts: Sequence[str], build: Callable[[list[Any]], M], expect: type[M]
) -> M:
    """``build`` over the parsed JSON ``texts`` of shipped model files, with its digest,
    kept in the start-up cache (:mod:`accord.cache`) by the files' text and this
    module's code: parsing and hashing megabytes of JSON weights took a third of a
    second of every start-up."""

    def parsed() -> M:
        models = build([json.loads(t) for t in texts])
        getattr(models, "digest")  # noqa: B009  (computed now, kept with the models)
        return models

    return cached(kind, cache_key([Path(__file__).read_bytes(), *texts]), parsed, expect)


def _sklearn() -> tuple[Any, Any]:
    try:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise AccordError("training needs scikit-learn: pip install 'accord[train]'") from exc
    return DictVectorizer, LogisticRegression


def _frequent(rows: Sequence[Features], min_count: int) -> list[dict[str, int]]:
    """Each row as a feature dict, without features seen in fewer than ``min_count`` rows."""
    if min_count <= 1:
        return [dict.fromkeys(r, 1) for r in rows]
    counts = Counter(f for r in rows for f in set(r))
    return [{f: 1 for f in r if counts[f] >= min_count} for r in rows]


def fit_binary(
    rows: Sequence[Features],
    labels: Sequence[int],
    *,
    c: float,
    threshold: float,
    min_count: int = 1,
    class_weight: str | None = None,
    meta: dict[str, Any] | None = None,
) -> BinaryModel:
    """L2 logistic regression of ``labels`` (0/1) on ``rows`` of features."""
    if len(set(labels)) < 2:
        raise AccordError("training needs positive and negative examples; is the gold empty?")
    vectorizer_cls, logistic_cls = _sklearn()
    vectorizer = vectorizer_cls()
    matrix = vectorizer.fit_transform(_frequent(rows, min_count))
    model = logistic_cls(C=c, max_iter=5000, solver="lbfgs", class_weight=class_weight)
    model.fit(matrix, list(labels))
    names = vectorizer.get_feature_names_out()
    weights = {
        str(name): round(float(w), 4)
        for name, w in zip(names, model.coef_[0], strict=True)
        if abs(w) >= 1e-4
    }
    info = {"examples": len(labels), "positives": int(sum(labels)), "c": c, **(meta or {})}
    return BinaryModel(weights, round(float(model.intercept_[0]), 4), threshold, info)


def fit_multiclass(
    rows: Sequence[Features],
    labels: Sequence[str],
    *,
    c: float,
    min_count: int = 1,
    meta: dict[str, Any] | None = None,
) -> MulticlassModel:
    """Multinomial L2 logistic regression of ``labels`` on ``rows`` of features."""
    if len(set(labels)) < 2:
        raise AccordError("training needs examples of at least two classes.")
    vectorizer_cls, logistic_cls = _sklearn()
    vectorizer = vectorizer_cls()
    matrix = vectorizer.fit_transform(_frequent(rows, min_count))
    model = logistic_cls(C=c, max_iter=5000, solver="lbfgs")
    model.fit(matrix, list(labels))
    names = vectorizer.get_feature_names_out()
    coef = [list(row) for row in model.coef_]
    intercept = [float(b) for b in model.intercept_]
    if len(model.classes_) == 2:  # scikit-learn keeps one row, for the second class
        coef = [[0.0] * len(coef[0]), coef[0]]
        intercept = [0.0, intercept[0]]
    weights: dict[str, list[float]] = {}
    for j, name in enumerate(names):
        column = [round(float(row[j]), 4) for row in coef]
        if max(abs(x) for x in column) >= 1e-4:
            weights[str(name)] = column
    info = {"examples": len(labels), "c": c, **(meta or {})}
    return MulticlassModel(
        [str(x) for x in model.classes_],
        weights,
        [round(b, 4) for b in intercept],
        info,
    )
