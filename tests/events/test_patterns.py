"""The shipped trigger dictionary (patterns/v1.yaml) through the whole pipeline.

Each row is a sentence written for this table and the event(s) it must give: the
source, the code (or a prefix of it: "19" accepts any 19x) and the target. The
constructions are tested with a small dictionary in test_extract.py; this table
checks the dictionary's words and the codes CAMEO gives them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from accord import Pipeline
from accord.errors import KnowledgeBaseError
from accord.events.ontology import load_ontology
from accord.events.patterns import load_patterns, parse_patterns
from accord.records import Analysis


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def _events(rec: Analysis) -> list[tuple[str | None, str, str | None, str]]:
    def code(actor_id: str | None) -> str | None:
        return rec.actor(actor_id).code if actor_id else None

    return [(code(e.source), e.code, code(e.target), e.modality) for e in rec.events]


def _has(
    events: list[tuple[str | None, str, str | None, str]],
    source: str | None,
    prefix: str,
    target: str | None,
) -> bool:
    return any(s == source and c.startswith(prefix) and t == target for s, c, t, _ in events)


TRIGGERS = [
    # agreements
    ("Japan signed a defence pact with Australia.", "JPN", "057", "AUS"),
    ("Japan signed a trade deal with Vietnam.", "JPN", "057", "VNM"),
    ("Finland and Sweden signed the treaty with Norway.", "FIN", "057", "NOR"),
    # meetings and talks
    (
        "The Japanese prime minister met with the Australian prime minister.",
        "JPNGOV",
        "04",
        "AUSGOV",
    ),
    ("India held talks with China on the border.", "IND", "04", "CHN"),
    ("France hosted a summit with Germany.", "FRA", "04", "DEU"),
    ("The Italian president visited Tunisia on Monday.", "ITAGOV", "042", "TUN"),
    # verbal conflict
    ("China condemned Japan over the visit.", "CHN", "11", "JPN"),
    ("Russia protested to Finland over the exercises.", "RUS", "11", "FIN"),
    ("Iran accused Israel of sabotage.", "IRN", "11", "ISR"),
    ("Serbia rejected the proposal by Kosovo.", "SRB", "12", "XKX"),
    ("North Korea threatened to attack South Korea.", "PRK", "138", "KOR"),
    ("Pakistan warned India of retaliation.", "PAK", "13", "IND"),
    ("Pakistan warned that the economy would suffer.", "PAK", "012", None),
    # a statement whose content nothing else codes; optimistic and pessimistic ones
    ("The Japanese prime minister said China would remain a partner.", "JPNGOV", "010", "CHN"),
    ("The Indian president said he was confident about the talks.", "INDGOV", "013", None),
    ("The Kenyan president said he was worried about the drought.", "KENGOV", "012", None),
    ("Poland demanded compensation from Germany.", "POL", "10", "DEU"),
    ("Egypt urged Ethiopia to resume negotiations.", "EGY", "02", "ETH"),
    # material conflict
    ("The European Union imposed sanctions on Belarus.", "EU", "163", "BLR"),
    ("Estonia expelled two Russian diplomats.", "EST", "1", "RUSDIP"),
    ("Chinese troops were deployed to the border with India.", "CHNMIL", "15", "IND"),
    ("Russian forces shelled Kyiv overnight.", "RUSMIL", "19", "UKR"),
    ("Israeli warplanes struck targets in Lebanon.", "ISRMIL", "19", "LBN"),
    ("Russian forces captured the village.", "RUSMIL", "19", None),
    ("Ukrainian forces liberated the village.", "UKRMIL", "19", None),
    ("Turkish police arrested Swedish journalists.", "TURCOP", "173", "SWEMED"),
    ("Iraqi militants killed two US soldiers in a bomb blast.", "IRQINS", "183", "USAMIL"),
    ("Italy announced a suspension of air links with Serbia.", "ITA", "161", "SRB"),
    # material cooperation
    ("Japan conducted joint exercises with the Philippines.", "JPN", "062", "PHL"),
    ("The United States provided weapons to Ukraine.", "USA", "07", "UKR"),
    ("Germany sent humanitarian aid to Sudan.", "DEU", "07", "SDN"),
    # the object as written, not only its lemma ("the wounded" is lemmatised "wound")
    ("UN helicopters evacuated the wounded from Syria.", "UN", "073", "SYR"),
    # yielding and its reversals
    ("The Indian government cancelled restrictions on the press.", "INDGOV", "081", None),
    ("Kenya conceded to demands from Uganda.", "KEN", "083", "UGA"),
    ("The Sudanese president shortened the curfew.", "SDNGOV", "0813", None),
    # welcomes, inspections, hacking
    (
        "The French president gave a warm welcome to the Kenyan president.",
        "FRAGOV",
        "043",
        "KENGOV",
    ),
    ("The IAEA dispatched inspectors to Iran.", "IAEA", "090", "IRN"),
    ("North Korea tried to hack into South Korean military computers.", "PRK", "171", "KORMIL"),
]


@pytest.mark.parametrize(("text", "source", "prefix", "target"), TRIGGERS)
def test_dictionary_codes(
    pipeline: Pipeline, text: str, source: str, prefix: str, target: str | None
) -> None:
    events = _events(pipeline.analyze(text, published="2024-07-10"))
    assert _has(events, source, prefix, target), events


# The slant of a word never decides its code: taking a place by force is 19x whether
# the text calls it liberating, capturing or seizing.
@pytest.mark.parametrize("verb", ["captured", "seized", "liberated", "took control of"])
def test_slanted_verbs_share_one_code(pipeline: Pipeline, verb: str) -> None:
    rec = pipeline.analyze(f"Syrian troops {verb} the town on Monday.")
    codes = {e.code for e in rec.events}
    baseline = pipeline.analyze("Syrian troops captured the town on Monday.")
    assert codes == {e.code for e in baseline.events}
    assert codes
    assert all(c.startswith("19") for c in codes)


# Modality with the shipped dictionary, and CAMEO's own codes where it has them.
MODALITY = [
    ("Japan signed the agreement with India.", "057", "asserted"),
    ("Japan will sign the agreement with India.", "03", "planned"),
    ("Japan did not sign the agreement with India.", "057", "negated"),
    ("Japan did not meet India.", "04", "negated"),
    ("Japan refused to meet India.", "125", "asserted"),  # the refusal happened
    ("Japan could sign the agreement with India.", "057", "hypothetical"),
    ("India said Japan signed the agreement with India.", "057", "reported"),
    ("Russia will impose sanctions on Japan.", "13", "planned"),
    # agreeing to lift sanctions happened: an intent to ease them (and no threat)
    ("The European Union agreed to lift sanctions on Belarus.", "0354", "asserted"),
    # "must" in what someone reiterates: a demand by the speaker (CAMEO 10x)
    (
        "A British minister reiterated that Libya must release the prisoners.",
        "1053",
        "hypothetical",
    ),
]


@pytest.mark.parametrize(("text", "prefix", "modality"), MODALITY)
def test_modality_and_its_codes(pipeline: Pipeline, text: str, prefix: str, modality: str) -> None:
    events = _events(pipeline.analyze(text, published="2024-07-10"))
    assert any(c.startswith(prefix) and m == modality for _, c, _, m in events), events


def test_a_planned_or_negated_event_is_not_one_that_happened(pipeline: Pipeline) -> None:
    for text in ("Japan will sign the pact with India.", "Japan did not sign the pact with India."):
        events = _events(pipeline.analyze(text))
        assert events
        assert all(m != "asserted" for *_, m in events), events


@pytest.mark.parametrize(
    ("a", "b"),
    [("Japan", "China"), ("Russia", "Ukraine"), ("the United States", "Iran"), ("NATO", "Serbia")],
)
@pytest.mark.parametrize(
    "template",
    [
        "{A} imposed sanctions on {b}.",
        "{A} signed a trade agreement with {b}.",
        "{A} accused {b} of violating the ceasefire.",
        "{A} threatened to attack {b}.",
    ],
)
def test_swapping_names_swaps_the_dyad(pipeline: Pipeline, template: str, a: str, b: str) -> None:
    """The output of the swapped sentence is the output of the first with the two actors'
    codes exchanged, wherever they stand: nothing else changes."""

    def run(x: str, y: str) -> tuple[list[tuple[str | None, str, str | None, str]], Analysis]:
        rec = pipeline.analyze(template.format(A=x[0].upper() + x[1:], b=y), published="2024-07-10")
        return _events(rec), rec

    (first, rec), (second, _) = run(a, b), run(b, a)

    def code_of(name: str) -> str:
        return next(
            x.code
            for x in rec.actors
            if x.code and any(rec.text[m.start : m.end] in name for m in x.mentions)
        )

    code_a, code_b = code_of(a), code_of(b)

    def rename(code: str | None) -> str | None:
        if code is None:
            return None
        for old, new in ((code_a, code_b), (code_b, code_a)):
            if code.startswith(old):
                return new + code[len(old) :]
        return code

    assert first
    assert [(rename(s), c, rename(t), m) for s, c, t, m in first] == second


def test_a_dictionary_with_an_unknown_code_or_a_repeated_entry_is_refused() -> None:
    ontology = load_ontology()
    with pytest.raises(KnowledgeBaseError, match="unknown CAMEO code 999"):
        parse_patterns({"verbs": [{"lemma": "x", "rules": [{"code": "999"}]}]}, ontology, "t")
    twice = {"nouns": [{"lemma": "talk", "rules": [{"code": "040"}]}] * 2}
    with pytest.raises(KnowledgeBaseError, match="listed twice"):
        parse_patterns(twice, ontology, "t")


def test_the_shipped_dictionary_loads_with_a_content_version() -> None:
    patterns = load_patterns()
    assert len(patterns.verbs) > 300
    assert len(patterns.nouns) > 100
    assert patterns.version.startswith("v1-")


def test_the_dictionary_read_from_the_cache_is_the_one_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACCORD_CACHE_DIR", str(tmp_path))
    load_patterns.cache_clear()
    try:
        parsed = load_patterns()
        assert len(list(tmp_path.glob("patterns-*.pickle"))) == 1
        load_patterns.cache_clear()
        read_back = load_patterns()
        assert read_back is not parsed
        assert read_back == parsed
    finally:
        load_patterns.cache_clear()


def test_a_city_with_a_country_is_the_target_of_force_aimed_at_it(tmp_path: Path) -> None:
    extra = tmp_path / "places.yaml"
    extra.write_text("version: 1\nplaces:\n  - {name: Testville, kind: city, country: EST}\n")
    pipe = Pipeline(kb=[extra])
    for text in ("Russian forces shelled Testville.", "Testville was shelled by Russian forces."):
        rec = pipe.analyze(text)
        assert _has(_events(rec), "RUSMIL", "19", "EST"), _events(rec)
    # a meeting's place is where it happens, not whom it concerns
    rec = pipe.analyze("The ministers met in Testville.")
    assert [(p.name, p.country) for p in rec.places] == [("Testville", "EST")]
    assert not rec.actors


def test_negotiating_and_signing_are_coded_both_ways(pipeline: Pipeline) -> None:
    events = _events(pipeline.analyze("Japan signed a defence pact with Australia."))
    assert _has(events, "JPN", "057", "AUS")
    assert _has(events, "AUS", "057", "JPN")
    # a visit is one side's act
    events = _events(pipeline.analyze("The Italian president visited Tunisia on Monday."))
    assert _has(events, "ITAGOV", "042", "TUN")
    assert not any(s == "TUN" for s, *_ in events)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # a verbal retort the parser reads as "hit" + adverb is not force
        ("China's foreign ministry hit back within hours.", "19"),
        # handing over an office to a successor hands nothing over
        ("The minister attended his last summit before handing over to Mark Rutte.", "08"),
        # the sanctions agreed to be lifted are not also threatened
        ("The European Union agreed to lift sanctions on Belarus.", "13"),
        # a participle used as a noun is no event
        ("U.N. helicopters evacuated the wounded from the town.", "19"),
        # the audience of "told" is not a meeting
        ("President Joe Biden told the summit that NATO was stronger than ever.", "04"),
    ],
)
def test_words_that_are_not_the_event_they_look_like(
    pipeline: Pipeline, text: str, absent: str
) -> None:
    events = _events(pipeline.analyze(text, published="2024-07-10"))
    assert not any(c.startswith(absent) for _, c, _, _ in events), events


def test_one_statement_per_speaker_and_saying(pipeline: Pipeline) -> None:
    text = "Kishida told reporters that Europe mattered, adding that Russia's war was a warning."
    events = _events(pipeline.analyze(text, published="2024-07-10"))
    assert [c for _, c, _, _ in events if c.startswith("01")] == ["010"]


def test_not_ruling_out_is_considering_and_not_a_negation(pipeline: Pipeline) -> None:
    events = _events(pipeline.analyze("Russia did not rule out cooperation with North Korea."))
    assert ("RUS", "014", "PRK", "asserted") in events
    events = _events(pipeline.analyze("Russia ruled out talks with Ukraine."))
    assert _has(events, "RUS", "125", "UKR")


def test_a_statement_is_not_aimed_at_the_speakers_own_state(pipeline: Pipeline) -> None:
    text = "The Japanese foreign minister said Japan remained a peaceful nation."
    events = _events(pipeline.analyze(text, published="2024-07-10"))
    assert _has(events, "JPNGOV", "010", None)
