"""Actor quality: state recall on event gold, precision/recall on hand-annotated articles.

Two measures (see docs/quality.md):

* **state recall** on any events gold file (``{"text", "expected": [{"source",
  "target"}]}``, e.g. ``plover_gsr.jsonl``): the share of the states named as an
  event's source or target that accord finds in the sentence, as a state actor or as
  the country of an organisation or person;
* **actor precision and recall** on a hand-annotated gold YAML
  (``examples/gold/actors.yaml``): a predicted actor is right when a gold actor of the
  same document has the same code and kind (and, for named people, shares a name
  word); mentions are scored by overlap with the gold mentions of the matched actor.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError
from ..pipeline import Pipeline
from ..records import Actor, Analysis
from . import read_gold

# Codes of older CAMEO/PLOVER dictionaries that differ from ISO 3166-1 alpha-3.
LEGACY_CODES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "UNK": "GBR", "YUG": "SRB"}
_KIND_GROUPS = {"organization": "org", "group": "org"}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class StateRecall:
    found: int = 0
    found_with_places: int = 0
    total: int = 0
    sentences: int = 0
    skipped: int = 0
    missed: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        return {
            "recall": round(self.found / self.total, 4) if self.total else 0.0,
            "recall_with_places": round(self.found_with_places / self.total, 4)
            if self.total
            else 0.0,
            "found": self.found,
            "total": self.total,
            "sentences": self.sentences,
            "skipped": self.skipped,
            "most_missed": self.missed.most_common(15),
        }


def state_recall(path: Path, pipeline: Pipeline) -> StateRecall:
    """Recall of the states an events gold file names as sources or targets."""
    result = StateRecall()
    states = pipeline.kb.states
    rows = list(read_gold(path))
    gold_sets, articles = [], []
    for row in rows:
        gold: dict[str, str] = {}
        for event in row.get("expected") or []:
            for side in ("source", "target"):
                code = LEGACY_CODES.get(event.get(side) or "", event.get(side) or "")
                if code in states:
                    gold[code] = event.get(f"{side}_text") or code
        if not gold:
            continue
        try:
            articles.append(pipeline.prepare(row["text"], format="text"))
        except InputError:
            result.skipped += 1
            continue
        gold_sets.append(gold)
    for gold, record in zip(gold_sets, pipeline.process(articles), strict=True):
        found = _countries(record.actors)
        places = {p.country for p in record.places if p.country}
        result.sentences += 1
        result.total += len(gold)
        for code, surface in gold.items():
            result.found += code in found
            result.found_with_places += code in found or code in places
            if code not in found | places:
                result.missed[f"{code} ({surface})"] += 1
    return result


def _countries(actors: Iterable[Actor]) -> set[str]:
    return {c for a in actors for c in (a.country, a.code if a.kind == "state" else None) if c}


# -- hand-annotated gold ----------------------------------------------------------------
@dataclass
class GoldActor:
    code: str
    kind: str
    name: str | None
    spans: list[tuple[int, int]]


def _locate(text: str, mentions: list[str]) -> list[tuple[int, int]]:
    """Offsets of each mention string, found in order of appearance (whole words)."""
    spans, pos = [], 0
    for mention in mentions:
        pattern = re.compile(r"(?<!\w)" + re.escape(mention) + r"(?!\w)")
        match = pattern.search(text, pos) or pattern.search(text)
        if match:
            spans.append(match.span())
            pos = match.end()
    return spans


def _same_person(predicted: str, gold: str | None) -> bool:
    if gold is None:
        return True
    return bool(set(predicted.lower().split()) & set(gold.lower().split()))


def _matches(actor: Actor, gold: GoldActor) -> bool:
    if actor.code != gold.code:
        return False
    if _KIND_GROUPS.get(actor.kind, actor.kind) != _KIND_GROUPS.get(gold.kind, gold.kind):
        return False
    return actor.kind != "person" or _same_person(actor.name, gold.name)


def gold_scores(gold_path: Path, articles_dir: Path, pipeline: Pipeline) -> dict[str, Any]:
    """Actor and mention precision/recall against a hand-annotated gold file."""
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    actors, mentions = Score(), Score()
    by_kind: dict[str, Score] = {}
    errors: list[str] = []
    for name, entries in (gold.get("documents") or {}).items():
        path = articles_dir / name
        record = pipeline.analyze(path.read_bytes(), format="markdown")
        golds = [
            GoldActor(e["code"], e["kind"], e.get("name"), _locate(record.text, e["mentions"]))
            for e in entries
        ]
        _score_document(record, golds, actors, mentions, by_kind, errors, name)
    return {
        "actors": actors.as_dict(),
        "mentions": mentions.as_dict(),
        "by_kind": {k: s.as_dict() for k, s in sorted(by_kind.items())},
        "errors": errors,
    }


def _score_document(
    record: Analysis,
    golds: list[GoldActor],
    actors: Score,
    mentions: Score,
    by_kind: dict[str, Score],
    errors: list[str],
    name: str,
) -> None:
    matched: set[int] = set()
    for actor in record.actors:
        kind = by_kind.setdefault(actor.kind, Score())
        hit = next(
            (i for i, g in enumerate(golds) if i not in matched and _matches(actor, g)), None
        )
        if hit is None:
            actors.fp += 1
            kind.fp += 1
            errors.append(f"{name}: extra {actor.kind} {actor.code} {actor.name!r}")
            mentions.fp += len(actor.mentions)
            continue
        matched.add(hit)
        actors.tp += 1
        kind.tp += 1
        gold_spans = list(golds[hit].spans)
        for m in actor.mentions:
            overlap = next((s for s in gold_spans if s[0] < m.end and m.start < s[1]), None)
            if overlap is None:
                mentions.fp += 1
            else:
                mentions.tp += 1
                gold_spans.remove(overlap)
        mentions.fn += len(gold_spans)
    for i, g in enumerate(golds):
        if i not in matched:
            actors.fn += 1
            by_kind.setdefault(g.kind, Score()).fn += 1
            mentions.fn += len(g.spans)
            errors.append(f"{name}: missed {g.kind} {g.code} {g.name or ''}".rstrip())


def format_table(title: str, rows: dict[str, dict[str, Any]]) -> str:
    lines = [
        f"{title}",
        "",
        "| level | precision | recall | F1 | tp | fp | fn |",
        "|---|---|---|---|---|---|---|",
    ]
    for level, s in rows.items():
        lines.append(
            f"| {level} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} "
            f"| {s['tp']} | {s['fp']} | {s['fn']} |"
        )
    return "\n".join(lines)
