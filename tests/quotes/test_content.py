"""Candidate contents of verbs, the logistic model's mechanics, and training.

The sentences are written for these tests. Training runs on a small gold file built
here in the PolNeAR format, so it checks that ``accord train quotes`` learns from
data, not what the shipped weights are.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accord import Pipeline
from accord.cli import main
from accord.errors import AccordError
from accord.quotes.attribution import QuoteFinder
from accord.quotes.content import Candidate, ContentModel, shipped_model
from accord.quotes.train import Examples, fit, train_quotes

_NO_MODEL = ContentModel({}, 0.0, 1.0, {})


def _candidates(pipeline: Pipeline, text: str) -> list[tuple[str, str, str]]:
    doc = pipeline.parse(text)
    finder = QuoteFinder(model=_NO_MODEL)
    finder.prepare(doc)
    return [(c.cue.text, c.kind, text[s:e]) for c, (s, e) in finder.content_candidates()]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a clausal complement, to the sentence's end when the verb comes first
        (
            "The minister said the port would reopen but the talks could take weeks.",
            ("said", "ccomp", "the port would reopen but the talks could take weeks"),
        ),
        # ... short of the speaker's next act
        (
            "The minister said the port would reopen and thanked the crew.",
            ("said", "ccomp", "the port would reopen"),
        ),
        # an object, short of a comment set off by a comma
        (
            "The senator criticised the decision, which was taken in secret.",
            ("criticised", "dobj", "the decision"),
        ),
        # the object of a preposition
        (
            "The unions called for new talks with the ministry.",
            ("called", "prep:for", "new talks with the ministry"),
        ),
        # the clause around a verb tucked into it
        (
            "The deal, the envoy said, is good for both sides.",
            ("said", "around", "is good for both sides"),
        ),
        # an open complement
        (
            "The mayor urged residents to leave the coast.",
            ("urged", "xcomp", "to leave the coast"),
        ),
        # an object with what the verb says of it
        (
            "The union called the offer an insult to the workers.",
            ("called", "dobj+pred", "the offer an insult to the workers"),
        ),
        (
            "The senator described the budget as reckless.",
            ("described", "dobj+pred", "the budget as reckless"),
        ),
        # the clause alone, where the content runs on to the sentence's end
        (
            "The minister said the port would reopen, but the talks could take weeks.",
            ("said", "ccomp:clause", "the port would reopen"),
        ),
        # a content short of what a comma adds to it
        (
            "The envoy welcomed the new agreement, which the rebels signed on Friday.",
            ("welcomed", "dobj", "the new agreement"),
        ),
        (
            "The governor announced the port would reopen in May, when the storms end.",
            ("announced", "ccomp:cut", "the port would reopen in May"),
        ),
        # a passive subject: what the agent's stance is about
        (
            "The new tariff was criticised by the farmers' union.",
            ("criticised", "nsubjpass", "The new tariff"),
        ),
        # an active subject: what an appearance or a stance is about
        (
            "The ceasefire talks appear stalled after the second round.",
            ("appear", "nsubj", "The ceasefire talks"),
        ),
        (
            "Most of the small farmers seemed unhappy with the new quota.",
            ("seemed", "nsubj", "Most of the small farmers"),
        ),
        # what a verb says of its subject, and the object of its preposition
        (
            "Most of the small farmers seemed unhappy with the new quota.",
            ("seemed", "oprd", "unhappy with the new quota"),
        ),
        (
            "The delegates were optimistic about a second round of talks.",
            ("were", "acomp+prep:about", "a second round of talks"),
        ),
        (
            "The new quota is a serious mistake for the coastal towns.",
            ("is", "attr", "a serious mistake for the coastal towns"),
        ),
        # the noun a verb's relative clause or participle describes
        (
            "The senators rejected the plan the ministry proposed in March.",
            ("proposed", "antecedent", "the plan"),
        ),
        (
            "The offer rejected by the board was generous.",
            ("rejected", "antecedent", "The offer"),
        ),
        # what a noun reports: its clause and the object of its preposition
        (
            "The senator repeated his claim that the port was unsafe.",
            ("claim", "noun:acl", "that the port was unsafe"),
        ),
        (
            "The minister rejected the decision to close the border.",
            ("decision", "noun:acl", "to close the border"),
        ),
        (
            "The union's criticism of the new quota grew louder.",
            ("criticism", "noun:prep:of", "the new quota"),
        ),
    ],
)
def test_candidates(pipeline: Pipeline, text: str, expected: tuple[str, str, str]) -> None:
    assert expected in _candidates(pipeline, text)


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        # the agent of a passive reports on its subject
        (
            "The new tariff was criticised by the farmers' union.",
            "The new tariff",
            "the farmers' union",
        ),
        # with no agent, nobody is named
        ("The new tariff was criticised in the press.", "The new tariff", None),
    ],
)
def test_a_passive_subject_is_attributed_to_the_agent(
    pipeline: Pipeline, text: str, content: str, speaker: str | None
) -> None:
    model = ContentModel({"kind=nsubjpass": 10.0}, -5.0, 0.5, {})
    doc = pipeline.parse(text)
    quotes = QuoteFinder(model=model)(doc)
    found = [
        (text[q.start : q.end], text[slice(*q.speaker_mention)] if q.speaker_mention else None)
        for q in quotes
    ]
    assert found == [(content, speaker)]


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        # a relative clause: its subject holds the stance
        (
            "The senators rejected the plan the ministry proposed in March.",
            "the plan",
            "the ministry",
        ),
        # a passive participle: its agent does
        ("The offer rejected by the board was generous.", "The offer", "the board"),
    ],
)
def test_the_noun_a_clause_describes_is_attributed_to_the_clause(
    pipeline: Pipeline, text: str, content: str, speaker: str
) -> None:
    model = ContentModel({"kind=antecedent": 10.0}, -5.0, 0.5, {})
    quotes = QuoteFinder(model=model)(pipeline.parse(text))
    found = [
        (text[q.start : q.end], text[slice(*q.speaker_mention)] if q.speaker_mention else None)
        for q in quotes
    ]
    assert found == [(content, speaker)]


@pytest.mark.parametrize(
    ("text", "cue", "kind", "feature"),
    [
        # a verb inside what another verb reports: PolNeAR splits such reports apart
        (
            "The minister said the union had criticised the new quota.",
            "criticised",
            "dobj",
            "nested=True",
        ),
        ("The union criticised the new quota on Friday.", "criticised", "dobj", "nested=False"),
        # remembered along the tree: a second verb under the same report, and a verb
        # of the next sentence, whose tree has no report above it
        (
            "The minister said the union had criticised the quota and rejected the plan. "
            "The board approved the budget.",
            "rejected",
            "dobj",
            "nested=True",
        ),
        (
            "The minister said the union had criticised the quota and rejected the plan. "
            "The board approved the budget.",
            "approved",
            "dobj",
            "nested=False",
        ),
        # a content that holds a report of its own
        (
            "The farmers opposed the quota that the ministry announced last week.",
            "opposed",
            "dobj",
            "reports=True",
        ),
        ("The union criticised the new quota on Friday.", "criticised", "dobj", "reports=False"),
        # how far the content is from its verb (log2 bucket of the words between)
        ("The union criticised the new quota on Friday.", "criticised", "dobj", "gap=0"),
        ("The union criticised the new quota on Friday.", "criticised", "prep:on", "gap=2"),
        # the words beside the content: a comment set off by a comma after an object ...
        (
            "The envoy welcomed the new agreement, which the rebels signed on Friday.",
            "welcomed",
            "dobj",
            "follow=,|which",
        ),
        # ... the sentence's end after it, a preposition before it
        ("The union criticised the new quota on Friday.", "criticised", "prep:on", "follow=.|END"),
        ("The union criticised the new quota on Friday.", "criticised", "prep:on", "precede=on"),
        ("The union criticised the new quota on Friday.", "criticised", "dobj", "precede=VERB"),
        # what else of the verb's phrase follows the content ("blamed X *for* Y") ...
        (
            "The board blamed the agency for the long delay.",
            "blamed",
            "dobj",
            "kind_rest=dobj|prep:for",
        ),
        # ... or nothing: the content ends the verb's phrase
        (
            "The board blamed the agency for the long delay.",
            "blamed",
            "prep:for",
            "kind_rest=prep:for|-",
        ),
    ],
)
def test_content_features(pipeline: Pipeline, text: str, cue: str, kind: str, feature: str) -> None:
    doc = pipeline.parse(text)
    finder = QuoteFinder(model=_NO_MODEL)
    finder.prepare(doc)
    features = [
        c.features for c, _ in finder.content_candidates() if (c.cue.text, c.kind) == (cue, kind)
    ]
    assert len(features) == 1
    assert feature in features[0]


@pytest.mark.parametrize(
    ("text", "kind", "content", "speaker"),
    [
        # the noun's owner holds the claim
        (
            "The senator repeated his claim that the port was unsafe.",
            "noun:acl",
            "that the port was unsafe",
            "his",
        ),
        (
            "The union's criticism of the new quota grew louder.",
            "noun:prep:of",
            "the new quota",
            "The union's",
        ),
        # else the subject of the verb whose object the noun is
        (
            "The farmers made the case that the quota was unfair.",
            "noun:acl",
            "that the quota was unfair",
            "The farmers",
        ),
    ],
)
def test_what_a_noun_reports_is_attributed_to_its_owner(
    pipeline: Pipeline, text: str, kind: str, content: str, speaker: str
) -> None:
    model = ContentModel({"kind=" + kind: 10.0}, -5.0, 0.5, {})
    quotes = QuoteFinder(model=model)(pipeline.parse(text))
    found = [
        (text[q.start : q.end], text[slice(*q.speaker_mention)] if q.speaker_mention else None)
        for q in quotes
    ]
    assert found == [(content, speaker)]


def test_a_noun_without_a_clause_or_preposition_proposes_nothing(pipeline: Pipeline) -> None:
    cues = {cue for cue, _, _ in _candidates(pipeline, "The senator repeated his claim.")}
    assert "claim" not in cues


def test_a_subject_as_the_content_has_no_speaker(pipeline: Pipeline) -> None:
    # "the talks appear stalled": the writer's impression, nobody in the sentence said it
    text = "The ceasefire talks appear stalled after the second round."
    model = ContentModel({"kind=nsubj": 10.0}, -5.0, 0.5, {})
    quotes = QuoteFinder(model=model)(pipeline.parse(text))
    assert [(text[q.start : q.end], q.speaker_mention) for q in quotes] == [
        ("The ceasefire talks", None)
    ]


def test_a_lone_pronoun_subject_is_no_candidate(pipeline: Pipeline) -> None:
    # "she appeared on ...": a pronoun alone is not what an appearance is about
    kinds = {(cue, kind) for cue, kind, _ in _candidates(pipeline, "She appeared on the show.")}
    assert ("appeared", "nsubj") not in kinds


def test_verbs_inside_a_direct_quote_propose_nothing(pipeline: Pipeline) -> None:
    text = "“We said the port would reopen,” the minister told reporters."
    cues = {cue for cue, _, _ in _candidates(pipeline, text)}
    assert "said" not in cues


def test_features_hold_no_names(pipeline: Pipeline) -> None:
    text = "Prime Minister Fumio Kishida said that Japan would help Manila."
    doc = pipeline.parse(text)
    finder = QuoteFinder(model=_NO_MODEL)
    finder.prepare(doc)
    features = {f for c, _ in finder.content_candidates() for f in c.features}
    assert features
    for name in ("kishida", "fumio", "japan", "manila"):
        assert not any(name in f.lower() for f in features)


def test_probability_is_the_logistic_of_the_summed_weights() -> None:
    model = ContentModel({"a": 1.0, "b": -0.5}, 0.25, 0.5, {})
    assert model.probability(("a", "b", "unknown")) == pytest.approx(1 / (1 + 2.718281828**-0.75))
    assert model.probability(()) == pytest.approx(1 / (1 + 2.718281828**-0.25))


def test_ceiling_is_the_best_weight_under_each_prefix() -> None:
    weights = {"size=1": 0.5, "size=2": 1.5, "size=3": -2.0, "gap=0": -1.0, "sizes=9": 9.0}
    model = ContentModel(weights, 0.0, 0.5, {})
    # "size=" takes its best value (1.5); every "gap=" value seen is negative, and an
    # unseen one adds 0.0; a prefix no feature begins adds 0.0
    assert model.ceiling(("size=", "gap=", "head_word=")) == 1.5
    assert model.ceiling(("size=3",)) == 0.0
    assert model.ceiling(("sizes=",)) == 9.0
    # no combination of one value per prefix scores above the ceiling
    for size in ("1", "2", "3", "7"):
        for gap in ("0", "4"):
            assert model.total(("size=" + size, "gap=" + gap)) <= model.ceiling(("size=", "gap="))


def test_threshold_score_is_the_logit_of_the_threshold() -> None:
    assert ContentModel({}, 0.0, 0.5, {}).threshold_score == 0.0
    assert ContentModel({}, 0.0, 0.25, {}).threshold_score == pytest.approx(-1.0986, abs=1e-4)
    assert ContentModel({}, 0.0, 0.0, {}).threshold_score == float("-inf")
    assert ContentModel({}, 0.0, 1.0, {}).threshold_score == float("inf")


_REPORTS = (
    "The minister said the port would reopen but the talks could take weeks.\n\n"
    "Officials in the capital believe that the treaty, signed last year, is at risk. "
    "The deal, the envoy added, would be reviewed. The board rejected the offer, "
    "calling it too small, and the union criticised the plan the ministry proposed. "
    "Critics called the budget a failure and urged the court to act. "
    "The talks appear stalled, and she seemed unlikely to attend."
)


@pytest.mark.parametrize("model", [shipped_model(), ContentModel({"kind=ccomp": 4.0}, -3.0, 0.5)])
def test_candidates_a_model_cannot_accept_are_dropped_and_no_other(
    pipeline: Pipeline, model: ContentModel
) -> None:
    # the finder drops candidates early by the model's weights; it must drop only
    # those the model would reject, keeping every feature of the rest
    doc = pipeline.parse(_REPORTS)
    finder = QuoteFinder(model=model)
    finder.prepare(doc)
    every = finder.content_candidates()
    kept = finder.content_candidates(model)
    accepted = [c for c in every if model.probability(c[0].features) >= model.threshold]
    assert accepted, "the sentences must give the model something to accept"
    assert len(kept) < len(every), "and something to drop"

    def keys(found: list[tuple[Candidate, tuple[int, int]]]) -> set[object]:
        return {(c.cue.i, c.kind, span, c.features) for c, span in found}

    assert keys(accepted) <= keys(kept) <= keys(every)


def test_model_round_trips_through_json(tmp_path: Path) -> None:
    model = ContentModel({"lemma=say": 1.5, "kind=dobj": -0.75}, -1.0, 0.3, {"articles": 2})
    path = tmp_path / "m.json"
    model.save(path)
    assert ContentModel.from_json(json.loads(path.read_text("utf-8"))) == model


def test_the_shipped_model_is_a_trained_one(pipeline: Pipeline) -> None:
    model = shipped_model()
    assert 0.0 < model.threshold < 1.0
    assert model.meta["articles"] >= 500
    assert len(model.weights) > 1000
    # a verb of saying with a clause is reported speech; eating an object is not
    text = "The minister said that the port would reopen. The workers ate lunch."
    doc = pipeline.parse(text)
    finder = QuoteFinder(model=model)
    finder.prepare(doc)
    scores = {
        (c.cue.text, c.kind): model.probability(c.features) for c, _ in finder.content_candidates()
    }
    assert scores[("said", "ccomp")] > model.threshold > scores[("ate", "dobj")]


# A gold file in the PolNeAR format, written here: [[...]] marks an indirect quote.
_ARTICLES = [
    "Ana Ruiz said [[that the port would reopen]]. Workers ate lunch on the pier.",
    "The mayor said [[the bridge was safe]]. Crews painted the railings.",
    "Officials said [[the border would stay closed]]. Farmers sold their grain.",
    "The envoy said [[that talks would resume]]. Guests ate dinner at the embassy.",
    "Lena Park said [[the vote was fair]]. Volunteers counted the ballots.",
    "The general said [[troops would withdraw]]. Soldiers ate breakfast early.",
]


def _gold_file(tmp_path: Path) -> Path:
    rows = []
    for i, marked in enumerate(_ARTICLES):
        start = marked.index("[[")
        end = marked.index("]]") - 2
        text = marked.replace("[[", "").replace("]]", "")
        quote = {"start": start, "end": end, "kind": "indirect"}
        rows.append({"id": f"a{i}", "text": text, "quotes": [quote]})
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    return path


def test_training_learns_which_verbs_report(tmp_path: Path) -> None:
    pipeline = Pipeline(stages=("accord_actors",))
    model, heldout = train_quotes(_gold_file(tmp_path), pipeline, heldout=1)
    assert heldout is not None
    assert model.meta["articles"] == len(_ARTICLES) - 1
    assert model.weights["lemma_kind=say|ccomp"] > 0
    assert model.weights.get("lemma_kind=eat|dobj", 0.0) < 0
    # the held-out article's quote is found with the new weights
    assert heldout.overlap["indirect"].tp == 1


@pytest.mark.parametrize(
    ("cue", "label"),
    [
        ("said", 1),  # the candidate's own verb is the gold quote's cue
        (None, 1),  # a gold quote that names no cue
        ("reported", 0),  # the span is right, but another verb reports it
    ],
)
def test_a_candidate_is_positive_only_for_its_own_cue(
    pipeline: Pipeline, cue: str | None, label: int
) -> None:
    text = "The minister said the port would reopen, the agency reported."
    start = text.index("the port")
    gold: dict[str, object] = {"start": start, "end": text.index(","), "kind": "indirect"}
    if cue is not None:
        gold["cue_start"] = text.index(cue)
        gold["cue_end"] = text.index(cue) + len(cue)
    examples = Examples()
    examples.add(pipeline.parse(text), [gold], QuoteFinder(model=_NO_MODEL))
    said = [
        lab
        for features, lab in zip(examples.features, examples.labels, strict=True)
        if "lemma=say" in features and "kind=ccomp" in features
    ]
    assert said == [label]


def test_fit_refuses_examples_of_one_class() -> None:
    examples = Examples(features=[("lemma=say",)], labels=[1])
    with pytest.raises(AccordError, match="positive and negative"):
        fit(examples)


def test_cli_trains_and_writes_the_weights(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "indirect.json"
    code = main(["train", "quotes", "--data", str(_gold_file(tmp_path)), "--out", str(out)])
    assert code == 0
    saved = json.loads(out.read_text("utf-8"))
    assert saved["meta"]["articles"] == len(_ARTICLES)
    assert saved["weights"]
    assert "wrote" in capsys.readouterr().out


def test_cli_refuses_a_missing_data_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["train", "quotes", "--data", str(tmp_path / "nope.jsonl")])
    assert code == 2
    assert "no such file" in capsys.readouterr().err
