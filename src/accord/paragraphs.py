"""``accord_paragraphs``: a paragraph break always ends a sentence.

The parser sometimes runs a sentence across a blank line (a quote's last line and
the next paragraph's first), which confuses everything that works sentence by
sentence. This component, placed before the parser, marks the first token after a
line break as a sentence start; the parser keeps preset boundaries.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("accord_paragraphs", assigns=["token.is_sent_start"])
def mark_paragraphs(doc: Doc) -> Doc:
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc
