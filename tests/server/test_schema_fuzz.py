"""Schemathesis against the API's own OpenAPI description: generated requests,
valid and not, for every route; no answer may be a server error or break the
declared schema (status codes, content types, bodies, headers), and invalid
requests must be refused."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

import accord
from accord.server.app import create_app
from accord.server.service import Settings

from ..store.conftest import STORIES, record
from .conftest import MAX_BODY, MAX_UPLOAD

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def api(
    tmp_path_factory: pytest.TempPathFactory, pipeline: accord.Pipeline
) -> schemathesis.BaseSchema:
    from accord.store.store import Store

    db = Path(tmp_path_factory.mktemp("schema")) / "corpus.duckdb"
    with Store(db) as store:
        store.add([record(s) for s in STORIES])
    app = create_app(
        Settings(db=db, max_body=MAX_BODY, max_upload=MAX_UPLOAD, time_limit=20),
        pipeline=pipeline,
    )
    return schemathesis.openapi.from_asgi("/openapi.json", app)


SETTINGS = settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def test_every_route_keeps_its_contract(api: schemathesis.BaseSchema) -> None:
    # schemathesis' own pytest plugin does not run on this pytest: the operations are
    # driven here, one hypothesis run each, and every failure is collected.
    failures: dict[str, str] = {}
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) == 10
    for operation in operations:

        @SETTINGS
        @given(case=operation.as_strategy())
        def check(case: schemathesis.Case) -> None:
            # positive_data_acceptance would call a 422 for a schema-valid request a
            # failure; accord's input refusals (not English, no words) are 422 by
            # design and cannot be written into a JSON schema.
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        try:
            check()
        except Exception as exc:  # noqa: BLE001  (reported below, with its operation)
            failures[operation.label] = str(exc)[:2000]
    assert failures == {}
