"""accord: structured, evidence-linked data from international-affairs news.

>>> import accord
>>> rec = accord.analyze("Japan and Australia signed a defence pact.", published="2024-07-08")
>>> rec.actors[0].code
'JPN'
"""

from __future__ import annotations

__version__ = "0.1.0"

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
