"""The ``accord_actors`` spaCy component: actor mentions and actors on ``doc._.actors``.

Registered as a spaCy factory (also through the ``spacy_factories`` entry point),
so a spaCy user can write ``nlp.add_pipe("accord_actors")``.
"""

from __future__ import annotations

import datetime as dt

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import register_extensions
from .gazetteer import Gazetteer
from .kb import KnowledgeBase, cached_kb
from .recognize import Recognizer
from .resolve import PlaceData, Resolver

#: Version of the actor rules; bump when output changes for the same input and KB.
ACTORS_VERSION = "1.0"


class ActorsComponent:
    """Find and resolve the actors of a ``Doc``."""

    def __init__(self, nlp: Language, kb: KnowledgeBase) -> None:
        register_extensions()
        self.kb = kb
        self.recognize = Recognizer(Gazetteer(nlp, kb), kb)
        self.resolve = Resolver(kb)

    def __call__(self, doc: Doc) -> Doc:
        published: dt.date | None = doc._.accord_published
        mentions, places = self.recognize(doc)
        countries = [(p.start, p.country) for p in places if p.country]
        doc._.actors = self.resolve(doc, mentions, published, countries)
        doc._.places = [
            PlaceData(
                doc[p.start].idx,
                doc[p.end - 1].idx + len(doc[p.end - 1]),
                doc[p.start : p.end].text,
                p.country,
            )
            for p in places
        ]
        return doc


@Language.factory(
    "accord_actors",
    requires=["doc.ents", "token.tag", "token.dep"],
    assigns=["doc._.actors", "doc._.places"],
    default_config={"kb_paths": []},
)
def make_actors_component(nlp: Language, name: str, kb_paths: list[str]) -> ActorsComponent:
    return ActorsComponent(nlp, cached_kb(tuple(kb_paths)))
