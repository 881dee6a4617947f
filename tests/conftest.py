"""Shared fixtures: one loaded pipeline for the whole session (loading takes ~1 s)."""

from __future__ import annotations

from pathlib import Path

import pytest

import accord

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(scope="session")
def pipeline() -> accord.Pipeline:
    return accord.Pipeline()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"development data not available ({SHARED_DATA} is absent)")
    return SHARED_DATA
