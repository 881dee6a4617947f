"""The public surface: what ``import accord`` offers, and nothing more."""

from __future__ import annotations

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
