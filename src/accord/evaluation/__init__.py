"""Scorers that compare accord's output with gold files (``accord eval``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError


def read_gold(path: Path) -> Iterator[dict[str, Any]]:
    """The rows of a JSON Lines gold file; a malformed line is an error naming it."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{number}: not JSON ({exc.msg})") from exc
            if not isinstance(row, dict) or "text" not in row:
                raise InputError(f"{path}:{number}: a gold row needs a 'text' field")
            yield row
