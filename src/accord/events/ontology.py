"""The CAMEO ontology as data: codes, names, Goldstein scores, quad classes, PLOVER types.

Loaded once from ``cameo/cameo.yaml`` and validated on load (every child code has its
parent, every root belongs to exactly one quad class, scores lie in [-10, 10]).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from ..errors import KnowledgeBaseError

PLOVER_TYPES = frozenset(
    "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT THREATEN "
    "PROTEST SANCTION MOBILIZE COERCE ASSAULT".split()
)


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    plover: str | None
    quad_class: int

    @property
    def root(self) -> str:
        return self.code[:2]


@dataclass(frozen=True)
class Ontology:
    codes: dict[str, CameoCode]
    quad_labels: dict[int, str]
    version: str

    def __getitem__(self, code: str) -> CameoCode:
        return self.codes[code]

    def __contains__(self, code: object) -> bool:
        return code in self.codes


def _parse(data: dict[str, Any], digest: str) -> Ontology:
    problems: list[str] = []
    root_quad: dict[str, int] = {}
    labels: dict[int, str] = {}
    for quad, spec in (data.get("quad_classes") or {}).items():
        labels[int(quad)] = str(spec["label"])
        for root in spec["roots"]:
            if root in root_quad:
                problems.append(f"root {root} is in two quad classes")
            root_quad[str(root)] = int(quad)
    codes: dict[str, CameoCode] = {}
    for row in data.get("codes") or []:
        code = str(row["code"])
        if not code.isdigit() or not 2 <= len(code) <= 4:
            problems.append(f"bad code {code!r}")
            continue
        if len(code) > 2 and code[: len(code) - 1] not in codes and code[:2] not in codes:
            problems.append(f"code {code} has no parent")
        goldstein = float(row["goldstein"])
        if not -10 <= goldstein <= 10:
            problems.append(f"code {code}: Goldstein {goldstein} out of range")
        plover = row.get("plover")
        if plover is not None and plover not in PLOVER_TYPES:
            problems.append(f"code {code}: unknown PLOVER type {plover}")
        if code[:2] not in root_quad:
            problems.append(f"code {code}: root {code[:2]} has no quad class")
            continue
        codes[code] = CameoCode(code, str(row["name"]), goldstein, plover, root_quad[code[:2]])
    if problems:
        raise KnowledgeBaseError("CAMEO ontology is inconsistent: " + "; ".join(problems[:10]))
    return Ontology(codes, labels, digest)


@lru_cache(maxsize=1)
def load_ontology() -> Ontology:
    """The bundled ontology (cached per process)."""
    path = resources.files("accord.events") / "cameo" / "cameo.yaml"
    raw = path.read_bytes()
    try:
        data = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise KnowledgeBaseError(f"Cannot read {path}: {exc}") from exc
    return _parse(data, hashlib.sha256(raw).hexdigest()[:12])
