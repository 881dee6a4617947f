"""Resolution: coreference, officeholders by date, descriptions and metonyms."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord import Pipeline

from .helpers import actor_named, mentions_by_code


def test_surname_and_pronoun_join_the_person(pipeline: Pipeline) -> None:
    text = (
        "US Deputy Secretary of Defense Kathleen Hicks visited the shipyard on Monday. "
        "Hicks said the program was on schedule. She added that more funding would follow."
    )
    rec = pipeline.analyze(text, published="2023-03-01")
    hicks = actor_named(rec, "Kathleen Hicks")
    assert hicks["code"] == "USAGOV"
    assert hicks["country"] == "USA"
    assert hicks["gender"] == "female"
    assert [rec.text[m["start"] : m["end"]] for m in hicks["mentions"]] == [
        "US Deputy Secretary of Defense Kathleen Hicks",
        "Hicks",
        "She",
    ]


def test_subject_pronoun_prefers_the_earlier_subject(pipeline: Pipeline) -> None:
    text = (
        "NATO Secretary General Jens Stoltenberg, at his last summit before handing over to "
        "former Dutch Prime Minister Mark Rutte, praised the partners. He repeated the "
        "alliance's warning."
    )
    rec = pipeline.analyze(text, published="2024-07-11")
    stoltenberg = actor_named(rec, "Jens Stoltenberg")
    rutte = actor_named(rec, "Mark Rutte")
    texts = [rec.text[m["start"] : m["end"]] for m in stoltenberg["mentions"]]
    assert "He" in texts
    assert stoltenberg["org"] == "NATO"
    assert rutte["code"] == "NLDELI"  # a former officeholder is coded as an elite


@pytest.mark.parametrize(
    ("published", "code", "role"),
    [
        ("2016-05-01", "NATO", "Secretary General"),
        ("2025-06-01", "NORGOV", "Minister of Finance"),
        ("2024-12-01", None, None),  # between two offices: no guess
    ],
)
def test_bare_name_resolves_by_publication_date(
    pipeline: Pipeline, published: str, code: str | None, role: str | None
) -> None:
    rec = pipeline.analyze("Stoltenberg said the decision was final.", published=published)
    person = actor_named(rec, "Jens Stoltenberg") if code else rec.actors[0].model_dump()
    assert person["code"] == code
    assert person["role"] == role


def test_bare_name_without_a_date_uses_offices_that_agree(pipeline: Pipeline) -> None:
    rec = pipeline.analyze("Putin said the talks had been useful.")
    putin = actor_named(rec, "Vladimir Putin")
    assert putin["code"] == "RUSGOV"


def test_title_without_a_name_finds_the_officeholder(pipeline: Pipeline) -> None:
    rec = pipeline.analyze("The Chinese president called for restraint.", published="2024-07-11")
    xi = actor_named(rec, "Xi Jinping")
    assert xi["code"] == "CHNGOV"


def test_definite_description_refers_to_the_igo_in_focus(pipeline: Pipeline) -> None:
    text = "The SCO admitted Belarus on Thursday. The bloc said it would grow further."
    found = mentions_by_code(pipeline.analyze(text, published="2024-07-04"))
    assert found["SCO"] == ["SCO", "The bloc"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The European Union agreed new sanctions. Brussels said they would bite.", "EU"),
        ("NATO agreed to send more air defence. Brussels said it would act fast.", "NATO"),
    ],
)
def test_brussels_is_the_igo_in_focus(pipeline: Pipeline, text: str, code: str) -> None:
    found = mentions_by_code(pipeline.analyze(text, published="2024-07-04"))
    assert "Brussels" in found[code]


def test_the_minister_refers_back_to_the_named_minister(pipeline: Pipeline) -> None:
    text = (
        "Australian Foreign Minister Penny Wong arrived in Tokyo on Sunday. "
        "The minister said the partnership had never been closer."
    )
    wong = actor_named(pipeline.analyze(text, published="2024-07-28"), "Penny Wong")
    assert len(wong["mentions"]) == 2
    assert wong["code"] == "AUSGOV"


@pytest.mark.parametrize(
    ("published", "has_finland", "has_sweden"),
    [("2023-01-01", False, False), ("2023-05-01", True, False), ("2024-07-11", True, True)],
)
def test_memberships_follow_the_publication_date(
    pipeline: Pipeline, published: str, has_finland: bool, has_sweden: bool
) -> None:
    rec = pipeline.analyze("NATO leaders welcomed Finland and Sweden.", published=published)
    nato = actor_named(rec, "North Atlantic Treaty Organization")
    assert ("FIN" in nato["members"]) is has_finland
    assert ("SWE" in nato["members"]) is has_sweden
    finland = actor_named(rec, "Finland")
    assert ("NATO" in finland["memberships"]) is has_finland


def test_user_knowledge_base_extends_the_bundled_one(tmp_path: Path) -> None:
    extra = tmp_path / "extra.yaml"
    extra.write_text(
        "people:\n"
        "  - name: Avery Quill\n"
        "    aliases: [Quill]\n"
        "    gender: female\n"
        "    nationality: NZL\n"
        "    terms:\n"
        "      - {role: Minister of Defence, country: NZL, sector: GOV, start: 2030-01-01}\n",
        encoding="utf-8",
    )
    pipe = Pipeline(kb=[extra])
    rec = pipe.analyze("Quill said the exercise would go ahead.", published="2030-06-01")
    quill = actor_named(rec, "Avery Quill")
    assert (quill["code"], quill["gender"]) == ("NZLGOV", "female")


@pytest.mark.parametrize(
    ("published", "name"), [("2025-06-01", "Shigeru Ishiba"), ("2025-11-01", "Sanae Takaichi")]
)
def test_the_office_changes_hands_on_the_date(
    pipeline: Pipeline, published: str, name: str
) -> None:
    rec = pipeline.analyze("The Japanese prime minister spoke to reporters.", published=published)
    assert actor_named(rec, name)["code"] == "JPNGOV"


def test_bare_family_name_of_a_chinese_leader(pipeline: Pipeline) -> None:
    rec = pipeline.analyze("Xi said the two countries were partners.", published="2024-05-16")
    assert actor_named(rec, "Xi Jinping")["code"] == "CHNGOV"


def test_undated_surname_shared_by_holders_of_one_office(tmp_path: Path) -> None:
    """Two people of one office and one surname: without a date either gives the code."""
    extra = tmp_path / "people.yaml"
    extra.write_text(
        "version: 1\npeople:\n"
        "  - name: Anna Testova\n    aliases: [Testova]\n    terms:\n"
        "      - {role: President, country: EST, sector: GOV, head: state, "
        "start: 1990-01-01, end: 1995-01-01}\n"
        "  - name: Boris Testova\n    aliases: [Testova]\n    terms:\n"
        "      - {role: President, country: EST, sector: GOV, head: state, "
        "start: 2001-01-01, end: 2006-01-01}\n",
        encoding="utf-8",
    )
    rec = Pipeline(kb=[extra]).analyze("President Testova protested to Latvia.")
    (person,) = [a for a in rec.actors if a.kind == "person"]
    assert person.code == "ESTGOV"


PEOPLES = [
    # a plural demonym used as a noun: the people of that state, not the state
    ("Thousands of Nigerians rallied in Lagos.", "Nigerians", "NGA"),
    # a people after a state adjective lives in that state
    ("Iraqi Kurds demonstrated in Kirkuk.", "Iraqi Kurds", "IRQ"),
    ("Bosnian Serbs shelled the town.", "Bosnian Serbs", "BIH"),
    # "of" a state or place says where a community lives; "in" too for peoples
    ("The Albanians of southern Serbia demanded autonomy.", "Albanians", "SRB"),
    ("Kurds in Syria clashed with the army.", "Kurds", "SYR"),
    # a hyphenated adjective before the place names someone else ("Russian-backed")
    ("Kurds in Russian-backed Syria protested.", "Kurds", "SYR"),
    # an ethnic demonym is not the demonym's state: the sentence's other state is
    ("Police arrested three ethnic Albanians in a raid in Macedonia.", "ethnic Albanians", "MKD"),
]


@pytest.mark.parametrize(("text", "name", "code"), PEOPLES)
def test_peoples_are_coded_with_the_state_they_live_in(
    pipeline: Pipeline, text: str, name: str, code: str
) -> None:
    rec = pipeline.analyze(text)
    (people,) = [a for a in rec.actors if a.kind == "group"]
    assert (people.name, people.code, people.country) == (name, code, code)


def test_a_people_is_not_its_state(pipeline: Pipeline) -> None:
    """A domestic protest is a dyad inside one state, not a state acting on itself."""
    rec = pipeline.analyze("Iraqi Kurds demonstrated in Kirkuk.")
    (event,) = rec.events
    source, target = rec.actor(event.source), rec.actor(event.target)
    assert (source.kind, source.code, target.kind, target.code) == ("group", "IRQ", "state", "IRQ")


@pytest.mark.parametrize(
    "text",
    ["Kurds protested on Sunday.", "Kurdish leaders met on Sunday.", "Nigerian troops left."],
)
def test_no_people_without_a_state_or_as_a_modifier(pipeline: Pipeline, text: str) -> None:
    rec = pipeline.analyze(text)
    assert [a for a in rec.actors if a.kind == "group"] == []


@pytest.mark.parametrize(
    ("text", "name", "code"),
    [
        (
            "John Smithers, Kenya's leading rights activist, met Ugandan police.",
            "John Smithers",
            "KENNGO",
        ),
        (
            "Kenya's leading rights activist, John Smithers, met Ugandan police.",
            "John Smithers",
            "KENNGO",
        ),
    ],
)
def test_an_unknown_person_takes_the_state_of_the_description_beside_them(
    pipeline: Pipeline, text: str, name: str, code: str
) -> None:
    assert actor_named(pipeline.analyze(text), name)["code"] == code


def test_a_list_of_states_is_no_apposition(pipeline: Pipeline) -> None:
    rec = pipeline.analyze("John Smithers, Uganda and Kenya met.")
    assert actor_named(rec, "John Smithers")["code"] is None
