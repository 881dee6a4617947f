"""The ``accord_framing`` spaCy component: persuasion-technique spans on ``doc._.framing``."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import register_extensions
from .detect import FramingDetector

#: Version of the framing stage (its models' digest is recorded apart).
FRAMING_VERSION = "0.1"


class FramingComponent:
    def __init__(self) -> None:
        register_extensions()
        self.detect = FramingDetector()

    def __call__(self, doc: Doc) -> Doc:
        doc._.framing = self.detect(doc)
        return doc


@Language.factory(
    "accord_framing",
    requires=["doc._.actors", "token.dep", "token.lemma"],
    assigns=["doc._.framing"],
    default_config={"kb_paths": []},
)
def make_framing_component(nlp: Language, name: str, kb_paths: list[str]) -> FramingComponent:
    # Names are masked through the actor layer's mentions: no knowledge base of its own.
    return FramingComponent()
