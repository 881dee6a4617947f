"""Extraction over the parse, with a small dictionary written for these tests.

The shipped dictionary (patterns/v1.yaml) is tested in test_patterns.py; here the
constructions are: active and passive voice, coordination, inherited subjects,
relative clauses, prepositional targets, nominal events and possessives.
"""

from __future__ import annotations

import pytest

from accord import Pipeline
from accord.actors.kb import load_kb
from accord.events.extract import EventData, Extractor
from accord.events.ontology import load_ontology
from accord.events.patterns import parse_patterns

DICTIONARY = {
    "verbs": [
        {"lemma": "sign", "rules": [{"objects": ["agreement", "pact", "treaty"], "code": "057"}]},
        {"lemma": "meet", "rules": [{"code": "040"}]},
        {"lemma": "attack", "rules": [{"code": "190"}]},
        {"lemma": "condemn", "rules": [{"code": "111"}]},
        {"lemma": "impose", "rules": [{"objects": ["sanction"], "code": "163"}]},
        {"lemma": "agree", "rules": [{"xcomp": ["lift"], "code": "0354"}, {"code": "030"}]},
        {
            "lemma": "arrive",
            "rules": [
                {"subjects": ["peacekeeping", "peacekeeper"], "code": "074"},
                {"subjects": ["troop"], "code": "154"},
                {"code": "042"},
            ],
        },
        {"lemma": "complain", "rules": [{"code": "114", "target_preps": ["about", "over", "to"]}]},
        {"lemma": "threaten", "rules": [{"xcomp": ["attack"], "code": "138"}, {"code": "130"}]},
        {"lemma": "demand", "rules": [{"code": "100"}]},
        {"lemma": "withdraw", "rules": [{"code": "087"}]},
        {"lemma": "reject", "rules": [{"code": "120"}]},
        {"lemma": "send", "rules": [{"objects": ["troop"], "code": "154"}]},
        {"lemma": "rebuild", "rules": [{"code": "073"}]},
        {"lemma": "launch", "rules": [{"objects": ["war"], "code": "190"}]},
    ],
    "nouns": [
        {"lemma": "talks", "rules": [{"code": "046"}]},
        {"lemma": "protest", "rules": [{"code": "111"}]},
        {"lemma": "exercise", "rules": [{"with_modifiers": ["joint"], "code": "062"}]},
        {"lemma": "signing", "rules": [{"code": "057"}]},
        {"lemma": "attack", "rules": [{"code": "190"}]},
        {"lemma": "demand", "rules": [{"code": "100"}]},
        {"lemma": "mediation", "rules": [{"code": "045"}]},
        {"lemma": "truce", "rules": [{"code": "0871"}]},
        {"lemma": "drill", "rules": [{"code": "150"}]},
    ],
}


@pytest.fixture(scope="module")
def actors_only() -> Pipeline:
    return Pipeline(stages=("accord_actors",))


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(parse_patterns(DICTIONARY, load_ontology(), "test"), load_kb())


def _events(pipe: Pipeline, extractor: Extractor, text: str) -> list[EventData]:
    doc = pipe.parse(text, published="2024-07-10")
    return extractor(doc, doc._.accord_published)


def _dyads(events: list[EventData]) -> list[tuple[str | None, str, str | None]]:
    def code(a: object) -> str | None:
        return getattr(a, "code", None)

    return [(code(e.source), e.code, code(e.target)) for e in events]


CASES = [
    ("Japan signed a defence pact with Australia.", [("JPN", "057", "AUS")]),
    ("Russia attacked Ukraine on Monday.", [("RUS", "190", "UKR")]),
    ("Ukraine was attacked by Russia.", [("RUS", "190", "UKR")]),
    (
        "China condemned Japan, South Korea and Australia.",
        [("CHN", "111", "JPN"), ("CHN", "111", "KOR"), ("CHN", "111", "AUS")],
    ),
    ("Japan and India met on Tuesday.", [("JPN", "040", "IND"), ("IND", "040", "JPN")]),
    # coordinated modifiers name two parties
    (
        "Chinese and Philippine vessels attacked each other.",
        [("CHN", "190", "PHL"), ("PHL", "190", "CHN")],
    ),
    ("The EU imposed sanctions on Russia.", [("EU", "163", "RUS")]),
    # what was agreed, demanded, refused or intended is the main event's content, not a
    # second event that happened
    ("Japan agreed to sign a treaty with Vietnam.", [("JPN", "030", "VNM")]),
    ("Japan demanded that China withdraw its troops from the border.", [("JPN", "100", "CHN")]),
    (
        "Japan rejected the demand from China to end the exercises with the Philippines.",
        [("JPN", "120", "CHN")],
    ),
    ("Japan sent troops to Iraq to help rebuild the country.", [("JPN", "154", "IRQ")]),
    # the complement the rule names holds the target: whom the lifting is for
    ("Japan agreed with India to lift sanctions on Iran.", [("JPN", "0354", "IRN")]),
    # a mediation between two parties is aimed at both; a compound noun's phrase
    # carries the roles ("a mediation effort between ...")
    (
        "Qatar launched a mediation effort between Jordan and Egypt.",
        [("QAT", "045", "JOR"), ("QAT", "045", "EGY")],
    ),
    # a clause of time or cause sets the scene; an event noun before a plain noun only
    # describes it ("truce monitors")
    (
        "Japan condemned Russia, one day after China attacked Vietnam.",
        [("JPN", "111", "RUS")],
    ),
    ("China attacked truce monitors from Vietnam.", [("CHN", "190", "VNM")]),
    # an event noun object decides, not the word in front of it ("war" in "war games");
    # a show of force two parties stage together is a joint exercise
    (
        "Japan and India launched ten days of war drills.",
        [("JPN", "062", "IND"), ("IND", "062", "JPN")],
    ),
    # the subject decides the sense: peacekeepers, troops, an envoy arriving
    (
        "The first contingent of Japanese peacekeeping troops arrived in Haiti.",
        [("JPN", "074", "HTI")],
    ),
    ("Japanese troops arrived in Haiti.", [("JPNMIL", "154", "HTI")]),
    ("The Japanese foreign minister arrived in Haiti.", [("JPNGOV", "042", "HTI")]),
    # the threat's code says what was threatened; the attack itself is not coded
    ("Russia threatened to attack Ukraine.", [("RUS", "138", "UKR")]),
    # object control: the one urged is the subject of what they are urged to do
    ("Germany urged Iran to condemn Russia.", [("IRN", "111", "RUS")]),
    ("Japan met Australia and condemned China.", [("JPN", "040", "AUS"), ("JPN", "111", "CHN")]),
    ("Talks between Russia and Ukraine resumed.", [("RUS", "046", "UKR")]),
    ("China's protest was delivered on Monday.", [("CHN", "111", None)]),
    ("Japan held joint exercises with the Philippines.", [("JPN", "062", "PHL")]),
    ("Exercises were routine, officials said.", []),
    # relative clause and apposition
    ("The plan was opposed by Hungary, which condemned Russia.", [("HUN", "111", "RUS")]),
    ("Russia's ally, Belarus, attacked Ukraine.", [("BLR", "190", "UKR")]),
    (
        "The signing of new agreements between Russia and North Korea worried Japan.",
        [("RUS", "057", "PRK")],
    ),
]

# Sides the syntactic roles leave empty, filled from the rest of the sentence.
FALLBACK = [
    # a collective noun, of the state its phrase (else its sentence) names; an actor
    # inside the subject phrase
    ("Rebels attacked the town in Sudan.", [("SDNREB", "190", "SDN")]),
    ("Thousands of students attacked the police station in Sudan.", [("SDNEDU", "190", "SDN")]),
    # "leaders", "officials" are left to the actor layer; "troops" of no state are nobody's
    ("Leaders attacked the town in Sudan.", [(None, "190", "SDN")]),
    ("Troops attacked the town.", []),
    # the author of an event noun after "responsible for", "guilty of"
    ("Japan is responsible for the attack on China.", [("JPN", "190", "CHN")]),
    # a noun's content: the attempt's is an event, the demand's is not (the demand is)
    ("Russia's attempt to attack Ukraine failed.", [("RUS", "190", "UKR")]),
    ("Japan's demand to attack Korea was refused.", [("JPN", "100", None)]),
    # an event that sets the scene is not one the sentence reports
    ("Japan condemned China after the attack on Korea.", [("JPN", "111", "CHN")]),
    ("Security forces in Guinea attacked Liberia.", [("GINCOP", "190", "LBR")]),
    # the antecedent of a subject pronoun; "they" may be people
    ("Japan said it would condemn China.", [("JPN", "111", "CHN")]),
    ("Russian officials said they would condemn Japan.", [("RUSGOV", "111", "JPN")]),
    # the rule's prepositions in its order: what the complaint is about, not its addressee
    ("Lebanon complained to the UN over Israeli raids.", [("LBN", "114", "ISR")]),
    # the target further inside the trigger's phrase
    ("Russia attacked a convoy heading to Ukraine.", [("RUS", "190", "UKR")]),
    # who reports an event is never a side of it
    ("Russia attacked the town, Ukraine said.", [("RUS", "190", None)]),
    ("Russia attacked the town, according to Japan.", [("RUS", "190", None)]),
    ("Russia attacked the town, an official of the Japanese team said.", [("RUS", "190", None)]),
    # the nearest candidate, actor or place: "rebels in Darfur", not a later bystander
    (
        "Iran condemned rebels in Darfur, and Egypt agreed.",
        [("IRN", "111", "SDN"), ("EGY", "030", None)],
    ),
    # one incident told twice is one event; two dates are two incidents
    ("Russia attacked Ukraine, attacking its ports.", [("RUS", "190", "UKR")]),
    ("Russia attacked Ukraine in a night attack, Kyiv said.", [("RUS", "190", "UKR")]),
    (
        "Russia attacked Ukraine on Monday and attacked Ukraine again in August.",
        [("RUS", "190", "UKR"), ("RUS", "190", "UKR")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_constructions(
    actors_only: Pipeline, extractor: Extractor, text: str, expected: list[tuple[str, ...]]
) -> None:
    assert _dyads(_events(actors_only, extractor, text)) == expected


@pytest.mark.parametrize(("text", "expected"), FALLBACK)
def test_sides_from_the_rest_of_the_sentence(
    actors_only: Pipeline, extractor: Extractor, text: str, expected: list[tuple[str, ...]]
) -> None:
    assert _dyads(_events(actors_only, extractor, text)) == expected


def test_a_guessed_side_lowers_confidence(actors_only: Pipeline, extractor: Extractor) -> None:
    (parsed,) = _events(actors_only, extractor, "Russia attacked Ukraine.")
    (guessed,) = _events(actors_only, extractor, "Russia attacked a convoy heading to Ukraine.")
    assert guessed.confidence < parsed.confidence


MODALITY = [
    ("Russia attacked Ukraine.", "asserted"),
    ("Russia did not attack Ukraine.", "negated"),
    ("Russia refused to attack Ukraine.", "negated"),
    ("Russia will attack Ukraine next week.", "planned"),
    ("Russia plans to attack Ukraine.", "planned"),
    ("Russia could attack Ukraine.", "hypothetical"),
    ("If Russia attacks Ukraine, the alliance will respond.", "hypothetical"),
    ("Kyiv said Russia attacked Ukraine.", "reported"),
]


@pytest.mark.parametrize(("text", "modality"), MODALITY)
def test_modality(actors_only: Pipeline, extractor: Extractor, text: str, modality: str) -> None:
    events = [e for e in _events(actors_only, extractor, text) if e.code == "190"]
    assert events
    assert events[0].modality == modality


def test_reported_event_keeps_its_claimant(actors_only: Pipeline, extractor: Extractor) -> None:
    (event,) = _events(actors_only, extractor, "Kyiv said Russia attacked Ukraine.")
    assert event.claimant is not None
    assert event.claimant.code == "UKR"


DATES = [
    ("Russia attacked Ukraine on Monday.", "2024-07-08", "day"),  # published Wed 2024-07-10
    ("Russia attacked Ukraine yesterday.", "2024-07-09", "day"),
    ("Russia attacked Ukraine last year.", "2023", "year"),
    ("Russia attacked Ukraine in early 2023.", "2023", "year"),
    ("Russia attacked Ukraine in March.", "2024-03", "month"),
    ("Russia attacked Ukraine in August.", "2023-08", "month"),  # past tense: last August
    ("Russia will attack Ukraine in August.", "2024-08", "month"),  # future: coming August
    ("Russia attacked Ukraine on July 4.", "2024-07-04", "day"),
    ("Russia attacked Ukraine in June 2022.", "2022-06", "month"),
    ("Russia attacked Ukraine.", "2024-07-10", "day"),  # no date: the document's
]


@pytest.mark.parametrize(("text", "date", "precision"), DATES)
def test_dates(
    actors_only: Pipeline, extractor: Extractor, text: str, date: str, precision: str
) -> None:
    (event,) = [e for e in _events(actors_only, extractor, text) if e.code == "190"]
    assert (event.date, event.date_precision) == (date, precision)


@pytest.mark.parametrize(
    ("a", "b"), [("Russia", "Ukraine"), ("the United States", "China"), ("NATO", "the SCO")]
)
def test_swapping_actors_swaps_source_and_target(
    actors_only: Pipeline, extractor: Extractor, a: str, b: str
) -> None:
    first = _dyads(_events(actors_only, extractor, f"{a[0].upper()}{a[1:]} condemned {b}."))
    second = _dyads(_events(actors_only, extractor, f"{b[0].upper()}{b[1:]} condemned {a}."))
    assert [(t, c, s) for s, c, t in first] == second
