"""accord: structured, evidence-linked data from international-affairs news.

>>> import accord
>>> rec = accord.analyze("Japan and Australia signed a defence pact.", published="2024-07-08")
>>> rec.actors[0].code
'JPN'

The names below are imported on first use (PEP 562), so that a process which needs
only a light part of accord (a Ray task reading shards, ``accord query``) does not
import spaCy and load the pipeline's modules.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .errors import AccordError, InputError, ModelNotFoundError
    from .pipeline import Pipeline, analyze
    from .records import (
        Actor,
        Analysis,
        Document,
        Event,
        FramingSpan,
        Mention,
        Quote,
        Span,
    )
    from .text import Article

#: Where each public name lives.
_HOMES = {
    "AccordError": ".errors",
    "InputError": ".errors",
    "ModelNotFoundError": ".errors",
    "Pipeline": ".pipeline",
    "analyze": ".pipeline",
    "Actor": ".records",
    "Analysis": ".records",
    "Document": ".records",
    "Event": ".records",
    "FramingSpan": ".records",
    "Mention": ".records",
    "Quote": ".records",
    "Span": ".records",
    "Article": ".text",
}

__all__ = [
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
]


def __getattr__(name: str) -> Any:
    """A public name, imported on first use; or a submodule (``accord.pipeline`` after
    a bare ``import accord``, as when the package imported everything at once)."""
    home = _HOMES.get(name)
    if home is None:
        if name.startswith("_") or importlib.util.find_spec(f"{__name__}.{name}") is None:
            raise AttributeError(f"module 'accord' has no attribute {name!r}")
        return importlib.import_module(f".{name}", __name__)
    value = getattr(importlib.import_module(home, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
