"""accord: structured, evidence-linked data from international-affairs news.

>>> import accord
>>> rec = accord.analyze("Japan and Australia signed a defence pact.", published="2024-07-08")
>>> rec.actors[0].code
'JPN'
"""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import AccordError, InputError, ModelNotFoundError  # noqa: E402
from .pipeline import Pipeline, analyze  # noqa: E402
from .records import (  # noqa: E402
    Actor,
    Analysis,
    Document,
    Event,
    FramingSpan,
    Mention,
    Quote,
    Span,
)
from .text import Article  # noqa: E402

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
