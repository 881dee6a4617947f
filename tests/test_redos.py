"""No regular expression of accord backtracks catastrophically.

Every pattern written in accord's source (``re.compile``, ``re.search``, ... with a
literal pattern) is collected from the syntax tree and run against long adversarial
strings: runs of one character, of a repeated pair, and of the hostile corpus's
usual suspects, each ending in a character that makes the match fail late (where
backtracking explodes). A linear pattern takes milliseconds on them; an exponential
one would never finish. Python's ``re`` cannot be interrupted, so the patterns run in
a child process, and the only bound is the child's timeout: a hang guard, not a
timing assertion.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "accord"
RE_FUNCTIONS = {"compile", "search", "match", "fullmatch", "sub", "subn", "findall", "finditer"}
RE_FUNCTIONS |= {"split"}

# Each run is long enough that quadratic work would take minutes and exponential work
# forever, and ends in something no pattern expects.
UNITS = ["a", " ", "\n", "-", ".", "1", "<", ">", "&", '"', "“", "{", "ab", "a ", "<a", "1-"]
LENGTH = 20_000
TAILS = ["!", "\x00", "\n!"]

CHILD = r"""
import json, re, sys
patterns = json.loads(sys.stdin.read())
units, length, tails = json.loads(sys.argv[1])
for source, flags in patterns:
    pattern = re.compile(source, flags)
    for unit in units:
        for tail in tails:
            text = unit * (length // len(unit)) + tail
            pattern.search(text)
            pattern.findall(text[: length // 4])
print(len(patterns))
"""


def collect_patterns() -> list[tuple[str, int]]:
    """(pattern, flags) of every literal pattern passed to the ``re`` module in src/."""
    found: set[tuple[str, int]] = set()
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "re"
                and node.func.attr in RE_FUNCTIONS
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                continue
            flags = 0
            for value in [*node.args[1:], *(k.value for k in node.keywords if k.arg == "flags")]:
                flags |= _flags(value)
            found.add((node.args[0].value, flags))
    return sorted(found)


def _flags(node: ast.expr) -> int:
    """``re.I | re.S`` and the like, as the integer ``re`` uses (0 for other args)."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        value = getattr(re, node.attr, 0) if node.value.id == "re" else 0
        return int(value) if isinstance(value, re.RegexFlag) else 0
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _flags(node.left) | _flags(node.right)
    return 0


def test_the_collector_finds_accords_patterns() -> None:
    patterns = collect_patterns()
    assert len(patterns) >= 25
    for source, flags in patterns:
        re.compile(source, flags)  # every one is a valid pattern


def test_no_pattern_backtracks_catastrophically() -> None:
    patterns = collect_patterns()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps([UNITS, LENGTH, TAILS])],
        input=json.dumps(patterns),
        capture_output=True,
        text=True,
        timeout=120,  # a hang guard: the child takes seconds
        check=True,
    )
    assert done.stdout.strip() == str(len(patterns))
