"""The Analysis record: the shipped JSON Schema matches the models, records validate."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from pydantic import ValidationError

from accord.records import Analysis, Span, analysis_json_schema

SCHEMA_FILE = Path(__file__).parents[1] / "docs" / "schema" / "analysis.schema.json"


def test_shipped_schema_is_current() -> None:
    """Fails when the models change and docs/schema/ was not regenerated
    (run: accord schema > docs/schema/analysis.schema.json)."""
    shipped = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert shipped == analysis_json_schema()


def _minimal(**overrides: object) -> dict[str, object]:
    record: dict[str, object] = {
        "schema_version": 1,
        "document": {"id": "d1", "sha256": "0" * 64, "language": "en"},
        "text": "Japan",
        "actors": [
            {
                "id": "a1",
                "name": "Japan",
                "code": "JPN",
                "kind": "state",
                "mentions": [{"start": 0, "end": 5}],
            }
        ],
    }
    record.update(overrides)
    return record


def test_a_minimal_record_validates_against_the_schema() -> None:
    jsonschema.validate(_minimal(), analysis_json_schema())
    rec = Analysis.model_validate(_minimal())
    assert rec.actors[0].mentions[0].end == 5
    jsonschema.validate(rec.model_dump(mode="json"), analysis_json_schema())


def test_extra_fields_are_allowed_everywhere() -> None:
    data = _minimal(extra_top=1)
    data["document"] = {"id": "d1", "sha256": "0" * 64, "note": "x"}
    rec = Analysis.model_validate(data)
    assert rec.model_dump()["extra_top"] == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("schema_version", 2),
        ("text", None),
        ("document", {"id": "d1", "sha256": "not-hex"}),
        ("actors", [{"id": "a1", "name": "X", "code": None, "kind": "planet", "mentions": []}]),
    ],
)
def test_invalid_records_are_refused(field: str, value: object) -> None:
    with pytest.raises(ValidationError):
        Analysis.model_validate(_minimal(**{field: value}))


def test_span_end_before_start_is_refused() -> None:
    with pytest.raises(ValidationError):
        Span(start=5, end=2)
