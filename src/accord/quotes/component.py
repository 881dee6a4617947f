"""The ``accord_quotes`` spaCy component: quotes and their speakers on ``doc._.quotes``."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import register_extensions
from .attribution import QuoteFinder

#: Version of the quote rules.
QUOTES_VERSION = "0.5"


class QuotesComponent:
    def __init__(self) -> None:
        register_extensions()
        self.find = QuoteFinder()

    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes = self.find(doc)
        return doc


@Language.factory(
    "accord_quotes",
    requires=["doc._.actors", "token.dep", "token.lemma"],
    assigns=["doc._.quotes"],
    default_config={"kb_paths": []},
)
def make_quotes_component(nlp: Language, name: str, kb_paths: list[str]) -> QuotesComponent:
    # Speakers resolve through the actor layer's mentions: no knowledge base of its own.
    return QuotesComponent()
