"""The framing detector's mechanics with small hand-made models, and training.

Hand-made weights make the expected flags certain, so these tests check decoding
(seeds and growth, trimming, sentence limits), technique choice and rationales, not
what the shipped models learned. The training test fits real models on a small gold
file written here.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from accord import Pipeline
from accord.cli import main
from accord.framing.detect import FramingDetector, FramingModels, _word_starts, shipped_models
from accord.framing.features import span_features, view
from accord.framing.lexicon import load_lexicon
from accord.framing.train import train_framing
from accord.learn import BinaryModel, MulticlassModel

CLASSES = ["Loaded_Language", "Name_Calling,Labeling", "Repetition"]


def _detector(
    span_weights: dict[str, float],
    technique_weights: dict[str, list[float]],
    meta: dict[str, float] | None = None,
) -> FramingDetector:
    spans = BinaryModel(span_weights, -4.0, 0.5, meta or {"grow": 0.2})
    techniques = MulticlassModel(CLASSES, technique_weights, [0.0, 0.0, 0.0])
    return FramingDetector(FramingModels(spans, techniques))


@pytest.fixture(scope="module")
def parse() -> Pipeline:
    return Pipeline(stages=("accord_actors",))


def test_a_seed_grows_over_likely_neighbours_and_is_trimmed(parse: Pipeline) -> None:
    # "regime" seeds (p = 0.73); "brutal" joins (p = 0.38 >= 0.2); "the" would join
    # too (p = 0.27) but a determiner is trimmed from the edge
    detector = _detector(
        {"w=regime": 5.0, "w=brutal": 3.5, "w=the": 3.0}, {"in=regime": [0.0, 3.0, 0.0]}
    )
    doc = parse.parse("Officials met the brutal regime on Monday.")
    flags = detector(doc)
    assert [(doc.text[f.start : f.end], f.technique) for f in flags] == [
        ("brutal regime", "Name_Calling,Labeling")
    ]
    assert flags[0].rationale == "a pejorative label for a person or group: “regime”"
    assert 0.2 < flags[0].confidence < 0.8


def test_spans_stop_at_the_sentence_end(parse: Pipeline) -> None:
    detector = _detector({"w=awful": 6.0, "w=.": 3.0, "w=it": 3.0}, {})
    doc = parse.parse("That was awful. It rained.")
    assert [doc.text[f.start : f.end] for f in detector(doc)] == ["awful"]


# "sham" and "lie" seed (p = 0.73), their likely neighbours join (p = 0.38): "plan is
# a sham" and "(a) lie", five of the ten words of the first sentence ("and" is
# unlikely); "critics" is likely but no seed is next to it; "brutal" seeds alone in
# the second sentence, one word of eleven
_CLAUSE_WEIGHTS = {
    "w=sham": 5.0,
    "w=lie": 5.0,
    "w=plan": 3.5,
    "w=be": 3.5,
    "w=a": 3.5,
    "w=critic": 3.5,
    "w=brutal": 5.0,
}
_CLAUSE_TEXT = (
    "Critics say the plan is a sham and a lie. "
    "The brutal storm passed north of the town on Monday night."
)


def test_a_mostly_flagged_sentence_is_one_span_between_its_likely_words(
    parse: Pipeline,
) -> None:
    detector = _detector(_CLAUSE_WEIGHTS, {}, {"grow": 0.2, "sentence": 0.5})
    doc = parse.parse(_CLAUSE_TEXT)
    # the gap ("and") is bridged, and the span reaches the likely first word
    assert [doc.text[f.start : f.end] for f in detector(doc)] == [
        "Critics say the plan is a sham and a lie",
        "brutal",
    ]


def test_unlikely_words_at_the_ends_of_a_flagged_sentence_stay_out(parse: Pipeline) -> None:
    detector = _detector(_CLAUSE_WEIGHTS, {}, {"grow": 0.2, "sentence": 0.5})
    doc = parse.parse("The plan is a sham and a lie, officials say.")
    assert [doc.text[f.start : f.end] for f in detector(doc)] == ["plan is a sham and a lie"]


def test_without_a_sentence_share_fragments_stay_fragments(parse: Pipeline) -> None:
    doc = parse.parse(_CLAUSE_TEXT)
    fragments = ["plan is a sham", "lie", "brutal"]
    assert [doc.text[f.start : f.end] for f in _detector(_CLAUSE_WEIGHTS, {})(doc)] == fragments
    strict = _detector(_CLAUSE_WEIGHTS, {}, {"grow": 0.2, "sentence": 0.8})
    assert [doc.text[f.start : f.end] for f in strict(doc)] == fragments


@pytest.mark.parametrize("name", ["the United States", "Russia", "the Gulf Cooperation Council"])
def test_a_name_of_several_words_counts_as_one_word_in_the_share(
    parse: Pipeline, name: str
) -> None:
    # Officials, in, the name, said, so: five words whichever name it is
    doc = parse.parse(f"Officials in {name} said so.")
    assert sum(_word_starts(view(doc, load_lexicon()))) == 5


def test_a_name_of_several_words_counts_as_one_in_the_span_features(parse: Pipeline) -> None:
    # the span "true patriot stands united against X": six units of the sentence's
    # eight whichever name X is, so its size and its share of the sentence are the same
    features = []
    for name in ("Russia", "the United States", "the Gulf Cooperation Council"):
        doc = parse.parse(f"Every true patriot stands united against {name}.")
        found = span_features(doc, view(doc, load_lexicon()), 1, len(doc) - 1)
        features.append(sorted(f for f in found if f.startswith(("size=", "sent_share="))))
    assert features[0] == ["sent_share=3", "size=2"]
    assert features[1] == features[0] == features[2]


def test_repetition_says_how_often(parse: Pipeline) -> None:
    detector = _detector({"w=never": 6.0}, {"w=never": [0.0, 0.0, 5.0], "in=never": [0, 0, 5]})
    doc = parse.parse("Never surrender. We will never surrender. They said never.")
    flags = detector(doc)
    assert flags
    assert all(f.technique == "Repetition" for f in flags)
    assert flags[0].rationale == "phrase repeated 3 times in the article"


def test_nothing_flagged_without_a_seed(parse: Pipeline) -> None:
    detector = _detector({"w=brutal": 3.5}, {})
    assert detector(parse.parse("The brutal winter ended.")) == []


def test_shipped_models_load_and_are_small() -> None:
    models = shipped_models()
    assert 0 < models.spans.meta["grow"] <= models.spans.threshold < 1
    assert 0 < models.spans.meta["sentence"] <= 1
    assert len(models.techniques.classes) == 14
    folder = Path(__file__).resolve().parents[2] / "src" / "accord" / "framing" / "data"
    size = sum(p.stat().st_size for p in folder.glob("*.json"))
    assert size <= 20 * 1024 * 1024


# A gold file in the PTC format, written here: [[...|technique]] marks a span.
_ARTICLES = [  # both techniques in each of two folds (article i is in fold i % 2)
    "The [[brutal|Loaded_Language]] attack shocked the town. Crews repaired the road.",
    "The [[vicious|Loaded_Language]] campaign went on. Farmers planted wheat.",
    "Critics called the council a [[gang of crooks|Name_Calling,Labeling]]. The vote was held.",
    "They are [[thugs|Name_Calling,Labeling]], the mayor said. The market opened.",
    "The [[savage|Loaded_Language]] raid was condemned. Schools reopened on Monday.",
    "Residents called them [[criminals|Name_Calling,Labeling]]. Buses ran late.",
]


def _gold_file(tmp_path: Path) -> Path:
    rows = []
    for i, marked in enumerate(_ARTICLES):
        start = marked.index("[[")
        inner = marked[start + 2 : marked.index("]]")]
        words, technique = inner.split("|")
        text = marked.replace("[[" + inner + "]]", words)
        span = {"start": start, "end": start + len(words), "technique": technique}
        rows.append({"id": f"a{i}", "text": text, "spans": [span]})
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    return path


def test_training_learns_from_the_gold_and_cross_validates(tmp_path: Path) -> None:
    parse = Pipeline(stages=("accord_actors",))
    models, cv = train_framing(_gold_file(tmp_path), parse, folds=2, min_count=1)
    assert cv is not None
    assert cv.documents == len(_ARTICLES)
    assert cv.tc.micro.tp + cv.tc.micro.fn == len(_ARTICLES)
    assert models.spans.meta["articles"] == len(_ARTICLES)
    # loaded words are in spans, the words of the quiet second sentences are not
    assert models.spans.weights.get("w=brutal", 0.0) > models.spans.weights.get("w=crew", 0.0)
    assert sorted(models.techniques.classes) == ["Loaded_Language", "Name_Calling,Labeling"]


def test_cli_writes_both_models(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "models"
    args = ["train", "framing", "--data", str(_gold_file(tmp_path)), "--out-dir", str(out)]
    assert main(args) == 0
    spans = json.loads((out / "spans.json").read_text("utf-8"))
    techniques = json.loads((out / "techniques.json").read_text("utf-8"))
    assert spans["weights"]
    assert techniques["classes"]
    assert "wrote" in capsys.readouterr().out


def test_the_shipped_models_read_from_the_cache_are_the_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = resources.files("accord.framing").joinpath("data")
    spans, techniques = (
        json.loads(folder.joinpath(name).read_text("utf-8"))
        for name in ("spans.json", "techniques.json")
    )
    expected = FramingModels(BinaryModel.from_json(spans), MulticlassModel.from_json(techniques))
    monkeypatch.setenv("ACCORD_CACHE_DIR", str(tmp_path))
    shipped_models.cache_clear()
    try:
        parsed = shipped_models()
        assert len(list(tmp_path.glob("framing-*.pickle"))) == 1
        shipped_models.cache_clear()
        read_back = shipped_models()
        assert read_back is not parsed
        assert read_back == parsed == expected
        assert read_back.digest == parsed.digest == expected.digest
    finally:
        shipped_models.cache_clear()
