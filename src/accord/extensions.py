"""The custom ``Doc`` attributes that accord's stages read and write."""

from __future__ import annotations

from spacy.tokens import Doc

#: attribute -> what it holds
EXTENSIONS: dict[str, str] = {
    "accord_published": "the document's publication date (datetime.date or None)",
    "actors": "list[accord.actors.resolve.ActorData], set by accord_actors",
    "events": "list[accord.events.extract.EventData], set by accord_events",
    "quotes": "list[accord.quotes.attribution.QuoteData], set by accord_quotes",
    "framing": "list[accord.framing.detect.FramingData], set by accord_framing",
    "places": "list[accord.actors.resolve.PlaceData]: states, capitals, cities, regions as places",
}


def register_extensions() -> None:
    """Register accord's ``Doc`` extensions (idempotent)."""
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


# Where :func:`doc_text` keeps a Doc's text.
_TEXT_KEY = "accord.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once: spaCy joins every token's text (a new ``Token`` object
    each) on every read, and several stages read it. Tokenizing keeps every character
    and retokenizing keeps the text, so a Doc's text never changes once it is made."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return str(text)
