"""``accord_paragraphs``: a paragraph break always ends a sentence.

The parser sometimes runs a sentence across a blank line (a quote's last line and
the next paragraph's first), which confuses everything that works sentence by
sentence. This component, placed before the parser, marks the first token after a
line break as a sentence start; the parser keeps preset boundaries.
"""

from __future__ import annotations

from spacy.attrs import IS_SPACE, SENT_START
from spacy.language import Language
from spacy.tokens import Doc


@Language.component("accord_paragraphs", assigns=["token.is_sent_start"])
def mark_paragraphs(doc: Doc) -> Doc:
    # Read and written as arrays: only the whitespace tokens become Token objects, and
    # setting Token.is_sent_start would check the whole Doc for a parse every time.
    starts = doc.to_array(SENT_START)
    last = len(doc) - 1
    for i in doc.to_array(IS_SPACE).nonzero()[0].tolist():
        if i < last and "\n" in doc[i].text:
            starts[i + 1] = 1
    doc.from_array([SENT_START], starts)  # type: ignore[arg-type]  # the stub says Ints2d
    return doc
