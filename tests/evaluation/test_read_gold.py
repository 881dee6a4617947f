"""Gold files: a malformed line is refused with its line number."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.errors import InputError
from accord.evaluation import read_gold


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"text": "ok"}\n{not json\n', ":2: not JSON"),
        ('{"text": "ok"}\n\n["a list"]\n', ":3: a gold row needs a 'text' field"),
        ('{"title": "no text"}\n', ":1: a gold row needs"),
    ],
)
def test_malformed_lines_name_their_number(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        list(read_gold(path))


def test_blank_lines_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"text": "a"}\n\n{"text": "b"}\n', encoding="utf-8")
    assert [row["text"] for row in read_gold(path)] == ["a", "b"]
