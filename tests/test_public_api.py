"""The public surface: what ``import accord`` offers, and nothing more."""

from __future__ import annotations

import subprocess
import sys

import pytest

import accord


def test_all_is_sorted_and_complete() -> None:
    assert accord.__all__ == sorted(accord.__all__)
    for name in accord.__all__:
        assert hasattr(accord, name), name


def test_public_names() -> None:
    assert set(accord.__all__) == {
        "AccordError",
        "Actor",
        "Analysis",
        "Article",
        "Document",
        "Event",
        "FramingSpan",
        "InputError",
        "Mention",
        "ModelNotFoundError",
        "Pipeline",
        "Quote",
        "Span",
        "__version__",
        "analyze",
    }


def test_every_public_name_has_a_home() -> None:
    """The lazily imported names are exactly the public ones (besides the version)."""
    assert set(accord._HOMES) == set(accord.__all__) - {"__version__"}
    assert set(dir(accord)) >= set(accord.__all__)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Pipelines'"):
        _ = accord.Pipelines  # type: ignore[attr-defined]


def test_reading_shards_imports_no_spacy() -> None:
    """``import accord`` and the Ray shard reader stay light: a Ray worker that only
    reads shards must not pay for importing spaCy and the pipeline."""
    code = (
        "import sys, accord, accord.scale.shards\n"
        "print(sorted(m for m in ('spacy', 'accord.pipeline') if m in sys.modules))\n"
        "accord.Pipeline\n"
        "print('spacy' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    assert out[:2] == ["[]", "True"]


def test_a_submodule_is_reached_from_the_package() -> None:
    """``import accord`` then ``accord.pipeline``, as when the package imported its
    modules at once (in a fresh process: here the tests have imported it already)."""
    code = "import accord; print(accord.pipeline.DEFAULT_STAGES[0])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "accord_actors", out.stderr
