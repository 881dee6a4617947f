"""Documentation that must not drift from the code."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from accord.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]


def _help(*command: str) -> str:
    parser = build_parser()
    sub = parser._subparsers._group_actions[0].choices[command[0]]  # type: ignore[union-attr]
    return str(sub.format_help())


def test_readme_shows_the_current_analyze_help(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")  # argparse wraps to the terminal width
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert _help("analyze").strip() in readme, "regenerate the help block in README.md"


def test_readme_shows_the_two_setup_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme
    assert "make test" in readme


def test_ci_runs_the_readme_test_command() -> None:
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_knowledge_base_file_is_documented() -> None:
    doc = (ROOT / "docs" / "knowledge-base.md").read_text(encoding="utf-8")
    kb = resources.files("accord.actors") / "kb"
    for entry in kb.iterdir():
        name = f"{entry.name}/*.yaml" if entry.is_dir() else entry.name
        assert f"`{name}`" in doc, f"{name} is not described in docs/knowledge-base.md"


def test_changelog_has_an_unreleased_section() -> None:
    assert "## [Unreleased]" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
