"""The versioned trigger dictionary: verb and noun lemmas -> rules -> CAMEO codes.

A rule's conditions (object lemmas, prepositions, modifiers, an open clausal
complement) are all optional; the first rule of a lemma whose conditions hold gives
the code. See ``patterns/v1.yaml`` for the conventions.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..cache import cache_key, cached
from ..errors import KnowledgeBaseError
from .ontology import Ontology

PATTERNS_FILE = "v1.yaml"
RECODE_FILE = "recode.yaml"
DEFAULT_TARGET_PREPS = ("with", "to", "against", "on", "toward", "towards", "at", "from", "for")


@dataclass(frozen=True)
class Rule:
    code: str
    objects: frozenset[str] = frozenset()
    preps: frozenset[str] = frozenset()
    prep_objects: frozenset[str] = frozenset()
    modifiers: frozenset[str] = frozenset()
    xcomp: frozenset[str] = frozenset()
    subjects: frozenset[str] = frozenset()
    negated: bool | None = None
    target_preps: tuple[str, ...] = DEFAULT_TARGET_PREPS

    @property
    def specific(self) -> bool:
        return bool(
            self.objects
            or self.preps
            or self.prep_objects
            or self.modifiers
            or self.xcomp
            or self.subjects
        )


@dataclass(frozen=True)
class Statements:
    """Verbs of saying whose content no other rule codes: a statement (CAMEO 010), an
    optimistic (013) or a pessimistic (012) one by the words of what was said."""

    verbs: frozenset[str] = frozenset()
    optimistic: frozenset[str] = frozenset()
    pessimistic: frozenset[str] = frozenset()

    def code(self, words: set[str]) -> str:
        if words & self.pessimistic:
            return "012"
        return "013" if words & self.optimistic else "010"


@dataclass(frozen=True)
class Patterns:
    verbs: dict[tuple[str, str | None], tuple[Rule, ...]]
    nouns: dict[str, tuple[Rule, ...]]
    version: str
    recode: dict[str, dict[str, str]] = field(default_factory=dict)
    statements: Statements = Statements()
    mutual: tuple[str, ...] = ()  # code prefixes of acts two parties do together

    def recoded(self, code: str, reason: str | None) -> str:
        """The code CAMEO reserves for an intention, refusal, threat or demand of ``code``."""
        table = self.recode.get(reason or "", {})
        for length in (4, 3, 2):
            if code[:length] in table and len(code) >= length:
                return table[code[:length]]
        return code


def _rule(raw: dict[str, Any]) -> Rule:
    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in raw.get(key) or [])

    return Rule(
        code=str(raw["code"]),
        objects=words("objects"),
        preps=words("preps"),
        prep_objects=words("prep_objects"),
        modifiers=words("with_modifiers"),
        xcomp=words("xcomp"),
        subjects=words("subjects"),
        negated=raw.get("negated"),
        target_preps=tuple(raw.get("target_preps") or DEFAULT_TARGET_PREPS),
    )


def parse_patterns(data: dict[str, Any], ontology: Ontology, version: str) -> Patterns:
    problems: list[str] = []
    verbs: dict[tuple[str, str | None], tuple[Rule, ...]] = {}
    nouns: dict[str, tuple[Rule, ...]] = {}
    for section, table in (("verbs", verbs), ("nouns", nouns)):
        for entry in data.get(section) or []:
            lemma = str(entry["lemma"]).lower()
            rules = tuple(_rule(r) for r in entry.get("rules") or [])
            for rule in rules:
                if rule.code not in ontology:
                    problems.append(f"{section} {lemma!r}: unknown CAMEO code {rule.code}")
            key: Any = (lemma, entry.get("particle")) if section == "verbs" else lemma
            if key in table:
                problems.append(f"{section} {key!r} is listed twice")
            table[key] = rules
    if problems:
        raise KnowledgeBaseError("Event patterns are inconsistent: " + "; ".join(problems[:10]))
    said = data.get("statements") or {}
    statements = Statements(
        *(frozenset(str(w).lower() for w in said.get(k) or []) for k in Statements.__annotations__)
    )
    mutual = tuple(str(c) for c in data.get("mutual") or [])
    bad = [c for c in mutual if c not in ontology]
    if bad:
        raise KnowledgeBaseError(f"mutual: unknown CAMEO code(s) {', '.join(bad)}")
    return Patterns(verbs, nouns, version, statements=statements, mutual=mutual)


@lru_cache(maxsize=1)
def load_patterns() -> Patterns:
    """The bundled patterns, checked against the bundled ontology: cached per process,
    and on disk by the hash of the files and of this module (:mod:`accord.cache`;
    reading the YAML takes a third of a second of every start-up)."""
    from .ontology import load_ontology

    folder = resources.files("accord.events") / "patterns"
    path, recode_path = folder / PATTERNS_FILE, folder / RECODE_FILE
    raw, recode_raw = path.read_bytes(), recode_path.read_bytes()
    ontology = load_ontology()

    def build() -> Patterns:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        try:
            data = yaml.load(raw, Loader=loader)
            recode = yaml.load(recode_raw, Loader=loader)
        except yaml.YAMLError as exc:
            raise KnowledgeBaseError(f"Cannot read the event patterns: {exc}") from exc
        digest = hashlib.sha256(raw + recode_raw).hexdigest()[:8]
        version = f"{PATTERNS_FILE.removesuffix('.yaml')}-{digest}"
        return _with_recode(parse_patterns(data, ontology, version), recode, ontology)

    key = cache_key([Path(__file__).read_bytes(), raw, recode_raw, ontology.version])
    return cached("patterns", key, build, Patterns)


def _with_recode(patterns: Patterns, data: dict[str, Any], ontology: Ontology) -> Patterns:
    tables: dict[str, dict[str, str]] = {}
    for reason in ("planned", "refused", "threat", "demand"):
        table = {str(k): str(v) for k, v in (data.get(reason) or {}).items()}
        bad = [v for v in table.values() if v not in ontology]
        if bad:
            raise KnowledgeBaseError(f"{RECODE_FILE}: unknown CAMEO code(s) {', '.join(bad)}")
        tables[reason] = table
    return Patterns(
        patterns.verbs,
        patterns.nouns,
        patterns.version,
        tables,
        patterns.statements,
        patterns.mutual,
    )
