"""Event quality against a gold file of sentences and their expected events.

Gold rows: ``{"text", "date", "expected": [{"source", "target", "code"}]}``. Codes
are CAMEO codes, or PLOVER types (as in ``plover_gsr.jsonl``), in which case a
predicted event matches by its code's PLOVER type (older PLOVER names are mapped:
DEMAND -> REQUEST, DISAPPROVE -> ACCUSE, FIGHT -> ASSAULT). Three levels:

* ``root``: the root code (or PLOVER type) matches; INVESTIGATE, a PLOVER 0.5b1 type
  that PLOVER 2021 folds into ACCUSE, matches CAMEO root 09;
* ``root+dyad``: and the source and target match (a gold side left empty matches any);
* ``code+dyad``: the full CAMEO code matches too (CAMEO gold only).

Predictions and gold events are paired one to one within a sentence. Against PLOVER
gold, an event whose CAMEO code has no PLOVER type (statements 01, appeals 02: PLOVER
2021 leaves them out) is outside what the gold can judge: it is counted apart
(``outside``), neither right nor wrong. With partial
gold (one illustrated event per sentence, as in the CAMEO manual examples) only
recall and code accuracy are reported: other events in the sentence are not errors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..pipeline import Pipeline
from ..records import Analysis, Event
from . import read_gold
from .actors import LEGACY_CODES, Score

PLOVER_ALIASES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT"}
# PLOVER 0.5b1 types that PLOVER 2021 folded into another type: matched by CAMEO root.
PLOVER_ROOTS = {"INVESTIGATE": "09"}
LEVELS = ("root", "root+dyad", "code+dyad")


@dataclass
class EventScores:
    levels: dict[str, Score] = field(default_factory=lambda: {lvl: Score() for lvl in LEVELS})
    partial: bool = False
    sentences: int = 0
    skipped: int = 0
    plover: bool = False
    outside: int = 0  # predictions the gold's ontology has no type for

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "sentences": self.sentences,
            "skipped": self.skipped,
            "partial": self.partial,
            "gold": "PLOVER" if self.plover else "CAMEO",
            "outside": self.outside,
        }
        for level, score in self.levels.items():
            if self.plover and level == "code+dyad":
                continue
            out[level] = score.as_dict()
        return out


def _side_matches(gold: str | None, event_side: str | None, record: Analysis) -> bool:
    if not gold:
        return True
    if event_side is None:
        return False
    actor = record.actor(event_side)
    gold = LEGACY_CODES.get(gold[:3], gold[:3]) + gold[3:]
    if gold.startswith("IGO"):
        # an international organisation: an IGO or one of its bodies; the PLOVER gold
        # codes transnational NGOs (Amnesty International, the Red Cross) as IGO too
        stateless_ngo = actor.country is None and (actor.code or "").startswith("NGO")
        return actor.kind == "igo" or actor.org is not None or stateless_ngo
    codes = {c for c in (actor.country, actor.code) if c}
    return any(c.startswith(gold[:3]) for c in codes)


def _matchers(
    gold: dict[str, Any], record: Analysis, plover: bool
) -> dict[str, Callable[[Event], bool]]:
    code = str(gold.get("code") or "")

    def root(e: Event) -> bool:
        if plover and code in PLOVER_ROOTS:
            return e.root == PLOVER_ROOTS[code]
        if plover:
            return (e.plover or "") == PLOVER_ALIASES.get(code, code)
        return e.root == code[:2]

    def dyad(e: Event) -> bool:
        return _side_matches(gold.get("source"), e.source, record) and _side_matches(
            gold.get("target"), e.target, record
        )

    return {
        "root": root,
        "root+dyad": lambda e: root(e) and dyad(e),
        "code+dyad": lambda e: (not plover) and e.code == code and dyad(e),
    }


def score_events(path: Path, pipeline: Pipeline, *, partial: bool | None = None) -> EventScores:
    rows = list(read_gold(path))
    gold_codes = [str(e.get("code", "")) for r in rows for e in r.get("expected") or []]
    result = EventScores(plover=any(c and not c.isdigit() for c in gold_codes))
    if partial is None:
        partial = all("partial gold" in str(r.get("notes", "")) for r in rows) and bool(rows)
    result.partial = partial
    articles, golds = [], []
    for row in rows:
        try:
            articles.append(pipeline.prepare(row["text"], format="text", published=row.get("date")))
        except InputError:
            result.skipped += 1
            continue
        golds.append(row.get("expected") or [])
    for expected, record in zip(golds, pipeline.process(articles), strict=True):
        result.sentences += 1
        if result.plover:
            result.outside += sum(1 for e in record.events if not e.plover)
        for level in LEVELS:
            _score_level(level, expected, record, result, partial)
    return result


def _score_level(
    level: str, expected: list[dict[str, Any]], record: Analysis, result: EventScores, partial: bool
) -> None:
    score = result.levels[level]
    free = [e for e in record.events if e.plover or not result.plover]
    for gold in expected:
        match = _matchers(gold, record, result.plover)[level]
        hit = next((e for e in free if match(e)), None)
        if hit is None:
            score.fn += 1
        else:
            score.tp += 1
            free.remove(hit)
    if not partial:
        score.fp += len(free)


def format_events(result: EventScores, name: str) -> str:
    data = result.as_dict()
    kind = "partial gold: recall and code accuracy only" if result.partial else "full gold"
    lines = [
        f"Events on {name} ({data['gold']} codes, {result.sentences} sentences, {kind})",
        "",
        "| level | precision | recall | F1 | tp | fp | fn |",
        "|---|---|---|---|---|---|---|",
    ]
    for level in LEVELS:
        if level not in data:
            continue
        s = data[level]
        precision = "—" if result.partial else f"{s['precision']:.3f}"
        f1 = "—" if result.partial else f"{s['f1']:.3f}"
        lines.append(
            f"| {level} | {precision} | {s['recall']:.3f} | {f1} | {s['tp']} | "
            f"{'—' if result.partial else s['fp']} | {s['fn']} |"
        )
    if result.plover:
        lines += ["", f"{result.outside} events of CAMEO codes without a PLOVER type not scored"]
    return "\n".join(lines)
