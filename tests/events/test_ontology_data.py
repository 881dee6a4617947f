"""The CAMEO ontology data file (accord/events/cameo/cameo.yaml): complete and consistent.

The file is read with ``yaml.safe_load`` directly, so the data is checked independently of
the loader that validates it at run time.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

CAMEO_YAML = (
    Path(__file__).resolve().parents[2] / "src" / "accord" / "events" / "cameo" / "cameo.yaml"
)
SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
CODEBOOK = SHARED_DATA / "events" / "cameo_codes.csv"
PLOVER_TABLE = SHARED_DATA / "events" / "cameo2plover_2021.txt"

ROOTS = [f"{i:02d}" for i in range(1, 21)]
N_CODES = 312  # CAMEO 1.1b3: 20 roots with their 3- and 4-digit children
PLOVER_TYPES = frozenset(
    {
        "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
        "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
    }
)  # fmt: skip
QUAD_CLASSES = {
    1: ("verbal cooperation", ROOTS[0:5]),
    2: ("material cooperation", ROOTS[5:8]),
    3: ("verbal conflict", ROOTS[8:13]),
    4: ("material conflict", ROOTS[13:20]),
}
ENTRY_KEYS = {"code", "name", "goldstein", "plover"}
OPTIONAL_KEYS = {"plover_mode"}

# cameo.yaml takes its Goldstein scores from GDELT's table, which differs from the
# andybega/icews codebook on these codes: code -> (GDELT / cameo.yaml, codebook).
GOLDSTEIN_DIFFERENCES = {
    "016": (-2.0, -5.0),
    "022": (3.2, 3.4),
    "164": (-7.0, -6.5),
    "165": (-6.5, -7.0),
}
# Rows of the PLOVER 2021 conversion table that are not CAMEO 1.1b3 codes.
PLOVER_TABLE_EXTRA = {"1214"}


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    return yaml.safe_load(CAMEO_YAML.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def codes(data: dict[str, Any]) -> list[dict[str, Any]]:
    return data["codes"]


@pytest.fixture(scope="module")
def by_code(codes: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {entry["code"]: entry for entry in codes}


@pytest.fixture(scope="module")
def codebook() -> dict[str, float]:
    if not CODEBOOK.is_file():
        pytest.skip(f"development data not available ({CODEBOOK} is absent)")
    with CODEBOOK.open(encoding="utf-8", newline="") as f:
        return {row["code"]: float(row["goldstein"]) for row in csv.DictReader(f)}


@pytest.fixture(scope="module")
def plover_table() -> dict[str, str]:
    if not PLOVER_TABLE.is_file():
        pytest.skip(f"development data not available ({PLOVER_TABLE} is absent)")
    table: dict[str, str] = {}
    for line in PLOVER_TABLE.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"(\d{2,4}):\s*([A-Z]+)", line):
            table.setdefault(m[1], m[2])  # the 08 header is listed twice: first wins
    return table


def test_top_level_shape(data: dict[str, Any]) -> None:
    assert data["version"] == 1
    assert isinstance(data["source"], str)
    assert "CAMEO" in data["source"]
    assert "PLOVER" in data["source"]
    assert set(data) == {"version", "source", "quad_classes", "codes"}


def test_every_entry_has_the_schema_fields(codes: list[dict[str, Any]]) -> None:
    bad = {
        entry.get("code"): sorted(set(entry) ^ ENTRY_KEYS)
        for entry in codes
        if not ENTRY_KEYS <= set(entry) <= ENTRY_KEYS | OPTIONAL_KEYS
    }
    assert bad == {}


def test_codes_are_digit_strings_of_two_to_four(codes: list[dict[str, Any]]) -> None:
    bad = [
        e["code"]
        for e in codes
        if not (isinstance(e["code"], str) and re.fullmatch(r"\d{2,4}", e["code"]))
    ]
    assert bad == []


def test_codes_are_unique_and_in_order(codes: list[dict[str, Any]]) -> None:
    seq = [entry["code"] for entry in codes]
    assert len(seq) == len(set(seq)), sorted({c for c in seq if seq.count(c) > 1})
    assert seq == sorted(seq)
    assert len(seq) == N_CODES


def test_every_child_has_its_parent(by_code: dict[str, dict[str, Any]]) -> None:
    orphans = [code for code in by_code if len(code) > 2 and code[:-1] not in by_code]
    assert orphans == []


@pytest.mark.parametrize("root", ROOTS)
def test_every_root_is_present_and_in_exactly_one_quad_class(
    data: dict[str, Any], by_code: dict[str, dict[str, Any]], root: str
) -> None:
    assert root in by_code
    assert sum(root in q["roots"] for q in data["quad_classes"].values()) == 1


def test_no_code_outside_the_twenty_roots(by_code: dict[str, dict[str, Any]]) -> None:
    assert {code[:2] for code in by_code} == set(ROOTS)


@pytest.mark.parametrize(("quad", "label", "roots"), [(q, *v) for q, v in QUAD_CLASSES.items()])
def test_quad_classes(data: dict[str, Any], quad: int, label: str, roots: list[str]) -> None:
    assert set(data["quad_classes"]) == set(QUAD_CLASSES)
    assert data["quad_classes"][quad] == {"label": label, "roots": roots}


def test_names_are_short_labels(codes: list[dict[str, Any]]) -> None:
    bad = [
        e["code"]
        for e in codes
        if not isinstance(e["name"], str)
        or not e["name"]
        or e["name"] != e["name"].strip()
        or len(e["name"]) > 80
        or e["name"].endswith(".")
        or not e["name"][0].isupper()
    ]
    assert bad == []


def test_goldstein_scores_are_floats_within_the_scale(codes: list[dict[str, Any]]) -> None:
    bad = {
        e["code"]: e["goldstein"]
        for e in codes
        if not isinstance(e["goldstein"], float) or not -10.0 <= e["goldstein"] <= 10.0
    }
    assert bad == {}


def test_plover_types_are_from_the_allowed_list(codes: list[dict[str, Any]]) -> None:
    bad = {
        e["code"]: e["plover"]
        for e in codes
        if e["plover"] is not None and e["plover"] not in PLOVER_TYPES
    }
    assert bad == {}


def test_plover_modes_are_short_lower_case_and_only_with_a_type(
    codes: list[dict[str, Any]],
) -> None:
    bad = {
        e["code"]: e["plover_mode"]
        for e in codes
        if "plover_mode" in e
        and (e["plover"] is None or not re.fullmatch(r"[a-z][a-z_-]{1,29}", str(e["plover_mode"])))
    }
    assert bad == {}


@pytest.mark.parametrize(
    ("code", "name", "goldstein", "plover"),
    [
        ("01", "Make public statement", 0.0, None),
        ("010", "Make statement, not specified below", 0.0, None),
        ("0233", "Appeal for humanitarian aid", 3.4, None),
        ("036", "Express intent to meet or negotiate", 4.0, "AGREE"),
        ("042", "Make a visit", 1.9, "CONSULT"),
        ("057", "Sign formal agreement", 8.0, "SUPPORT"),
        ("0874", "Retreat or surrender militarily", 10.0, "RETREAT"),
        ("1041", "Demand change in leadership", -5.0, "REQUEST"),
        ("112", "Accuse, not specified below", -2.0, "ACCUSE"),
        ("163", "Impose embargo, boycott, or sanctions", -8.0, "COERCE"),
        ("173", "Arrest, detain, or charge with legal action", -5.0, "COERCE"),
        ("1831", "Carry out suicide bombing", -10.0, "ASSAULT"),
        ("195", "Employ aerial weapons", -10.0, "ASSAULT"),
        ("2042", "Detonate nuclear weapons", -10.0, "ASSAULT"),
    ],
)
def test_known_entries(
    by_code: dict[str, dict[str, Any]], code: str, name: str, goldstein: float, plover: str | None
) -> None:
    entry = by_code[code]
    assert (entry["name"], entry["goldstein"], entry["plover"]) == (name, goldstein, plover)


@pytest.mark.data
def test_codes_equal_the_codebooks(
    by_code: dict[str, dict[str, Any]], codebook: dict[str, float]
) -> None:
    assert set(by_code) == set(codebook)


@pytest.mark.data
def test_goldstein_scores_equal_the_codebooks(
    by_code: dict[str, dict[str, Any]], codebook: dict[str, float]
) -> None:
    differ = {
        code: (entry["goldstein"], codebook[code])
        for code, entry in by_code.items()
        if code in codebook and entry["goldstein"] != codebook[code]
    }
    assert differ == GOLDSTEIN_DIFFERENCES


@pytest.mark.data
def test_plover_types_follow_the_2021_table(
    by_code: dict[str, dict[str, Any]], plover_table: dict[str, str]
) -> None:
    assert set(plover_table) - set(by_code) == PLOVER_TABLE_EXTRA
    differ = {
        code: (entry["plover"], plover_table.get(code))
        for code, entry in by_code.items()
        if entry["plover"] != plover_table.get(code)
    }
    assert differ == {}
