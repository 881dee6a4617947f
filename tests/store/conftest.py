"""A small corpus built by hand, stored without running the pipeline.

Each article names its actors and events directly, so the queries and exports have
known answers: Japan and Australia cooperate month after month, Russia and Ukraine
clash, and one wire story is syndicated by two outlets (a near-duplicate).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from accord.records import Actor, Analysis, Document, Event, Mention, Quote, Span
from accord.store.store import Store

VERSIONS = {"accord": "0.1.0", "events": "test"}

# code -> (name, kind)
ACTORS = {
    "JPN": ("Japan", "state"),
    "AUS": ("Australia", "state"),
    "RUS": ("Russia", "state"),
    "UKR": ("Ukraine", "state"),
    "NATO": ("North Atlantic Treaty Organization", "igo"),
    "CHN": ("China", "state"),
}
# CAMEO code -> (root, label, quad class, Goldstein)
CODES = {
    "057": ("05", "Sign formal agreement", 1, 8.0),
    "036": ("03", "Express intent to meet or negotiate", 1, 4.0),
    "190": ("19", "Use conventional military force", 4, -10.0),
    "111": ("11", "Criticize or denounce", 3, -2.0),
    "043": ("04", "Host a visit", 1, 2.8),
}


@dataclass
class Story:
    """An article: sentences of the form 'SOURCE <verb> TARGET.' with their codes."""

    published: str
    source: str
    events: list[tuple[str, str, str]]  # (source code, CAMEO code, target code)
    extra: str = ""
    quotes: list[str] = field(default_factory=list)

    def text(self) -> str:
        parts = [f"{ACTORS[s][0]} acted on {ACTORS[t][0]} ({c})." for s, c, t in self.events]
        parts += [f"“{q},” the minister said." for q in self.quotes]
        return " ".join(parts) + (" " + self.extra if self.extra else "")


def record(story: Story, versions: dict[str, str] = VERSIONS) -> Analysis:
    text = story.text()
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    codes = sorted({c for s, _, t in story.events for c in (s, t)})
    ids = {code: f"a{i}" for i, code in enumerate(codes, 1)}
    actors = []
    for code in codes:
        name, kind = ACTORS[code]
        mentions = []
        at = text.find(name)
        while at >= 0:
            mentions.append(Mention(start=at, end=at + len(name), form="name"))
            at = text.find(name, at + len(name))
        actors.append(Actor(id=ids[code], name=name, code=code, kind=kind, mentions=mentions))
    events = []
    cursor = 0
    for i, (s, code, t) in enumerate(story.events, 1):
        root, label, quad, goldstein = CODES[code]
        sentence_end = text.index(".", cursor) + 1
        trigger = text.index("acted", cursor)
        events.append(
            Event(
                id=f"e{i}",
                source=ids[s],
                target=ids[t],
                code=code,
                root=root,
                label=label,
                quad_class=quad,
                goldstein=goldstein,
                modality="asserted",
                date=story.published,
                date_precision="day",
                trigger=Span(start=trigger, end=trigger + 5),
                sentence=Span(start=cursor, end=sentence_end),
                confidence=0.9,
            )
        )
        cursor = sentence_end + 1
    quotes = []
    for i, q in enumerate(story.quotes, 1):
        start = text.index(q)
        quotes.append(
            Quote(id=f"q{i}", start=start, end=start + len(q), kind="direct", speaker=None)
        )
    return Analysis(
        document=Document(
            id=sha[:16],
            sha256=sha,
            published=dt.date.fromisoformat(story.published),
            source=story.source,
            title=f"{story.source} report",
        ),
        text=text,
        actors=actors,
        events=events,
        quotes=quotes,
        pipeline=dict(versions),
    )


WIRE = (
    "Leaders met in Canberra for two days of talks on maritime security, trade and "
    "energy, and agreed to hold the next round in Tokyo before the end of the year."
)

STORIES = [
    Story("2024-01-10", "Daily Wire Service", [("JPN", "057", "AUS")], WIRE),
    # the same wire story, syndicated by another outlet with a different last word
    Story("2024-01-10", "Harbour Times", [("JPN", "057", "AUS")], WIRE[:-5] + "year!"),
    Story("2024-02-03", "Harbour Times", [("JPN", "036", "AUS"), ("AUS", "043", "JPN")]),
    Story("2024-03-15", "Daily Wire Service", [("JPN", "036", "AUS")], quotes=["We talk"]),
    Story("2024-02-20", "Steppe Post", [("RUS", "190", "UKR"), ("UKR", "111", "RUS")]),
    Story("2024-03-02", "Steppe Post", [("RUS", "190", "UKR")]),
    Story("2024-03-05", "Harbour Times", [("CHN", "111", "NATO")]),
]


@pytest.fixture
def corpus_records() -> list[Analysis]:
    return [record(s) for s in STORIES]


@pytest.fixture
def corpus_store(tmp_path: Path, corpus_records: list[Analysis]) -> Iterator[Store]:
    with Store(tmp_path / "corpus.duckdb") as store:
        store.add(corpus_records, [f"story{i}.txt" for i in range(len(corpus_records))])
        yield store
