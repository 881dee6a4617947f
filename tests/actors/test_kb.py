"""The knowledge base: complete, consistent, and extensible with clear errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from accord.actors.kb import KnowledgeBase, cached_kb, load_kb, surface_forms
from accord.errors import KnowledgeBaseError


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return cached_kb()


def test_every_un_member_and_the_listed_others_are_there(kb: KnowledgeBase) -> None:
    members = [s for s in kb.states.values() if s.un_status == "member"]
    assert len(members) == 193
    assert {"VAT", "PSE", "TWN", "XKX"} <= set(kb.states)
    assert all(s.aliases for s in kb.states.values())


@pytest.mark.parametrize(
    ("alias", "code"),
    [("US", "USA"), ("U.S.", "USA"), ("America", "USA"), ("UK", "GBR"), ("Britain", "GBR"),
     ("DPRK", "PRK"), ("North Korea", "PRK"), ("ROK", "KOR"), ("PRC", "CHN"),
     ("Japanese", "JPN"), ("Chinese", "CHN"), ("Kyiv", "UKR"), ("Kiev", "UKR"),
     ("Tokyo", "JPN"), ("Washington", "USA"), ("Beijing", "CHN")],
)  # fmt: skip
def test_aliases_demonyms_and_capitals(kb: KnowledgeBase, alias: str, code: str) -> None:
    assert dict(surface_forms(kb))[alias] == code


@pytest.mark.parametrize(
    ("seat", "target"), [("White House", "USAGOV"), ("Kremlin", "RUSGOV"), ("Pentagon", "USAMIL")]
)
def test_seats_of_power(kb: KnowledgeBase, seat: str, target: str) -> None:
    assert dict(surface_forms(kb))[seat] == target


REQUIRED_IGOS = (
    "NATO EU UN AUKUS QUAD FVEY SCO BRICS ASEAN G7 G20 CSTO AU OAS GCC ARAB OSCE IP4".split()
)


def test_required_igos_are_there(kb: KnowledgeBase) -> None:
    assert set(REQUIRED_IGOS) <= set(kb.igos)


@pytest.mark.parametrize(
    ("igo", "state", "day_before", "day_of"),
    [
        ("NATO", "FIN", "2023-04-03", "2023-04-04"),
        ("NATO", "SWE", "2024-03-06", "2024-03-07"),
        ("BRICS", "EGY", "2023-12-31", "2024-01-01"),
        ("BRICS", "IRN", "2023-12-31", "2024-01-01"),
        ("BRICS", "IDN", "2025-01-05", "2025-01-06"),
        ("SCO", "BLR", "2024-07-03", "2024-07-04"),
    ],
)
def test_membership_dates(
    kb: KnowledgeBase, igo: str, state: str, day_before: str, day_of: str
) -> None:
    entry = kb.igos[igo]
    assert state not in entry.members_on(dt.date.fromisoformat(day_before))
    assert state in entry.members_on(dt.date.fromisoformat(day_of))


def test_leaving_ends_membership(kb: KnowledgeBase) -> None:
    assert "GBR" in kb.igos["EU"].members_on(dt.date(2020, 1, 30))
    assert "GBR" not in kb.igos["EU"].members_on(dt.date(2020, 2, 1))
    assert len(kb.igos["NATO"].members_on(dt.date(2024, 7, 11))) == 32


def test_officeholders_have_ordered_terms(kb: KnowledgeBase) -> None:
    assert len(kb.people) > 400
    for person in kb.people.values():
        for term in person.terms:
            assert term.start is None or term.end is None or term.start <= term.end


def test_no_surface_form_points_two_ways(kb: KnowledgeBase) -> None:
    seen: dict[str, str] = {}
    for form, target in surface_forms(kb):
        assert seen.setdefault(form, target) == target, form


def test_lexicons_carry_no_names(kb: KnowledgeBase) -> None:
    """Neutral by construction: no state, IGO or person name in the role/noun lexicons."""
    names = {f.lower() for f, t in surface_forms(kb) if " " not in f and not t.startswith("place:")}
    names |= {a.lower() for p in kb.people.values() for a in p.aliases if " " not in a}
    entries = [r.title for r in kb.roles] + [n.noun for n in kb.nouns]
    assert not [e for e in entries if set(e.lower().split()) & names]


def test_version_is_stable(kb: KnowledgeBase) -> None:
    assert kb.version == load_kb().version
    assert len(kb.version) == 12


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("states:\n  - {code: XXA, name: Testland, aliases: [Japan]}\n", "points to both"),
        ("igos:\n  - {code: TST, name: T, kind: bloc, members: [{state: QQQ}]}\n", "unknown"),
        ("planets: []\n", "unknown section"),
        ("states: [\n", "Cannot read"),
        ("people:\n  - {name: X, terms: [{role: R, start: 2020-01-02, end: 2020-01-01, "
         "country: USA}]}\n", "before start"),
    ],
)  # fmt: skip
def test_bad_user_files_are_refused_clearly(tmp_path: Path, content: str, message: str) -> None:
    extra = tmp_path / "extra.yaml"
    extra.write_text(content, encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match=message):
        load_kb([extra])


def test_missing_user_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeBaseError, match="does not exist"):
        load_kb([tmp_path / "nope.yaml"])


def test_the_parsed_knowledge_base_is_cached_by_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("ACCORD_CACHE_DIR", str(cache))
    extra = tmp_path / "extra.yaml"
    extra.write_text("version: 1\nplaces:\n  - {name: Testville, kind: city, country: EST}\n")
    first = load_kb([extra])
    assert len(list(cache.glob("kb-*.pickle"))) == 1
    again = load_kb([extra])
    assert again.version == first.version
    assert [p.country for p in again.places if p.name == "Testville"] == ["EST"]
    # a changed input is a new key, never the stale result
    extra.write_text("version: 1\nplaces:\n  - {name: Testville, kind: city, country: LVA}\n")
    changed = load_kb([extra])
    assert [p.country for p in changed.places if p.name == "Testville"] == ["LVA"]
    assert len(list(cache.glob("kb-*.pickle"))) == 2


def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACCORD_CACHE_DIR", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    load_kb()
    assert not list(tmp_path.rglob("*.pickle"))


def test_a_place_with_an_unknown_country_is_refused(tmp_path: Path) -> None:
    extra = tmp_path / "extra.yaml"
    extra.write_text("version: 1\nplaces:\n  - {name: Testville, kind: city, country: XXX}\n")
    with pytest.raises(KnowledgeBaseError, match="Testville: unknown country XXX"):
        load_kb([extra])
