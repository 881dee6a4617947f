"""The ``accord_events`` spaCy component: CAMEO events on ``doc._.events``."""

from __future__ import annotations

import datetime as dt

from spacy.language import Language
from spacy.tokens import Doc

from ..actors.kb import KnowledgeBase, cached_kb
from ..extensions import register_extensions
from .extract import Extractor
from .ontology import Ontology, load_ontology
from .patterns import Patterns, load_patterns

#: Version of the extraction rules; the pattern file carries its own version.
EVENTS_VERSION = "0.1"


class EventsComponent:
    def __init__(
        self, ontology: Ontology, patterns: Patterns, kb: KnowledgeBase | None = None
    ) -> None:
        register_extensions()
        self.ontology = ontology
        self.patterns = patterns
        self.extract = Extractor(patterns, kb)

    def __call__(self, doc: Doc) -> Doc:
        published: dt.date | None = doc._.accord_published
        doc._.events = self.extract(doc, published)
        return doc


@Language.factory(
    "accord_events",
    requires=["doc._.actors", "token.dep", "token.lemma", "doc.ents"],
    assigns=["doc._.events"],
    default_config={"kb_paths": []},
)
def make_events_component(nlp: Language, name: str, kb_paths: list[str]) -> EventsComponent:
    # Places that events take as targets become state actors: that needs the actor KB.
    kb = cached_kb(tuple(kb_paths)) if "accord_actors" in nlp.pipe_names else None
    return EventsComponent(load_ontology(), load_patterns(), kb)
