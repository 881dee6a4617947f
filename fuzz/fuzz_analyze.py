"""Fuzz the whole analysis: ``Pipeline.analyze`` with the loaded spaCy model and every stage.

The contract under test: for any input, ``analyze`` returns an :class:`Analysis` whose
every offset lies inside its text and whose every actor reference names one of its
actors, or raises an :class:`~accord.errors.InputError`.

A full analysis is slow (tens of milliseconds), so inputs are capped at
:data:`MAX_INPUT` bytes and the pipeline is loaded once, before fuzzing starts. The
last three bytes of an input pick the input format, the publication date and whether
the article is passed as bytes or as ``str`` (see ``fuzz/README.md``); the rest is the
article.

    python fuzz/fuzz_analyze.py fuzz/corpus/analyze -max_len=2048
"""

from __future__ import annotations

import logging
import sys
import warnings
from collections.abc import Iterator

import atheris

with atheris.instrument_imports(include=["accord"]):
    from accord import Analysis, Pipeline
    from accord.errors import InputError, InputWarning

MAX_INPUT = 2048
FORMATS = ["auto", "text", "markdown", "html"]
#: No date, two ordinary ones and a leap day (relative dates resolve against it).
PUBLISHED = [None, "2024-07-11", "1999-12-31", "2024-02-29"]
MODES = ["bytes", "str"]

PIPELINE = Pipeline()


def TestOneInput(data: bytes) -> None:
    """One fuzz case: analyse the input; check the record's offsets and references."""
    fdp = atheris.FuzzedDataProvider(data)
    fmt = fdp.PickValueInList(FORMATS)
    published = fdp.PickValueInList(PUBLISHED)
    mode = fdp.PickValueInList(MODES)
    payload = fdp.ConsumeBytes(min(fdp.remaining_bytes(), MAX_INPUT))
    text = payload if mode == "bytes" else payload.decode("utf-8", errors="surrogateescape")
    try:
        record = PIPELINE.analyze(text, format=fmt, published=published)
    except InputError:
        return
    check_record(record)


def check_record(record: Analysis) -> None:
    """Raise AssertionError unless every span is inside the text and every id resolves."""
    size = len(record.text)
    for name, start, end in _spans(record):
        if not 0 <= start <= end <= size:
            raise AssertionError(f"{name} [{start}, {end}) is outside the text of {size} chars")
    for place in record.places:
        if record.text[place.start : place.end] != place.name:
            raise AssertionError(f"{place.id} is {place.name!r} but its span is not that name")
    actor_ids = {actor.id for actor in record.actors}
    references = [(q.id, q.speaker) for q in record.quotes]
    for event in record.events:
        claimant = (event.model_extra or {}).get("claimant")
        references += [(event.id, event.source), (event.id, event.target), (event.id, claimant)]
    for owner, actor_id in references:
        if actor_id is not None and actor_id not in actor_ids:
            raise AssertionError(f"{owner} refers to actor {actor_id}, which is not in the record")


def _spans(record: Analysis) -> Iterator[tuple[str, int, int]]:
    for actor in record.actors:
        for mention in actor.mentions:
            yield f"{actor.id} mention", mention.start, mention.end
    for event in record.events:
        yield f"{event.id} trigger", event.trigger.start, event.trigger.end
        yield f"{event.id} sentence", event.sentence.start, event.sentence.end
    for quote in record.quotes:
        yield quote.id, quote.start, quote.end
        for part, span in (("speaker mention", quote.speaker_mention), ("cue", quote.cue)):
            if span is not None:
                yield f"{quote.id} {part}", span.start, span.end
    for framing in record.framing:
        yield framing.id, framing.start, framing.end
    for place in record.places:
        yield place.id, place.start, place.end


def main() -> None:
    warnings.simplefilter("ignore", InputWarning)
    # Errors stay visible: the pipeline logs the traceback of a stage that failed.
    logging.disable(logging.WARNING)
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
