"""The article as HTML: the text with every datum marked where it came from.

Actor mentions, event triggers, quotes, quote cues and framing spans may overlap and
nest, so the text is cut at every span boundary and each piece is wrapped in one
``<span>`` whose classes name the layers covering it and whose ``data-ids`` list their
record ids. The text itself is only ever inserted through :func:`html.escape`: the
marking is built from offsets over the escaped pieces, never by injecting the
article's own markup, so a ``<script>`` in an article stays visible text.

Each piece also carries a ``title`` (a tooltip naming what covers it), so the view
explains itself without JavaScript: in a Jupyter notebook
(:meth:`Analysis._repr_html_ <accord.records.Analysis._repr_html_>`) and in the web UI
before its script adds the click-for-details panel.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from ..records import Actor, Analysis

__all__ = [
    "LAYERS",
    "STYLE",
    "Mark",
    "article_html",
    "details",
    "json_script",
    "marked_text",
    "marks",
]

#: The layers, in the order the legend lists them: CSS class → what it marks.
LAYERS = {
    "mention": "actor mention",
    "trigger": "event trigger",
    "quote": "quote",
    "cue": "quote cue",
    "framing": "framing technique",
}


@dataclass(frozen=True)
class Mark:
    """One marked range: its layer (a :data:`LAYERS` key), the record id it shows and
    a one-line description for the tooltip."""

    start: int
    end: int
    layer: str
    ref: str
    summary: str


def _actor_summary(actor: Actor) -> str:
    parts = [actor.name]
    if actor.code:
        parts.append(actor.code)
    parts.append(actor.kind)
    if actor.role:
        parts.append(actor.role)
    return " · ".join(parts)


def marks(record: Analysis) -> list[Mark]:
    """Every marked range of the record, in text order, empty ranges left out."""
    names = {a.id: a.name for a in record.actors}
    found: list[Mark] = []
    for actor in record.actors:
        summary = f"actor: {_actor_summary(actor)}"
        found += [Mark(m.start, m.end, "mention", actor.id, summary) for m in actor.mentions]
    for e in record.events:
        who = f"{names.get(e.source or '', '?')} → {names.get(e.target or '', '?')}"
        summary = f"event {e.code} {e.label}: {who} ({e.modality}, Goldstein {e.goldstein:+g})"
        found.append(Mark(e.trigger.start, e.trigger.end, "trigger", e.id, summary))
    for q in record.quotes:
        speaker = names.get(q.speaker or "", "unresolved speaker")
        found.append(Mark(q.start, q.end, "quote", q.id, f"{q.kind} quote: {speaker}"))
        if q.cue is not None:
            found.append(Mark(q.cue.start, q.cue.end, "cue", q.id, f"quote cue: {speaker}"))
    for f in record.framing:
        summary = f"{f.technique}: {f.rationale}"
        found.append(Mark(f.start, f.end, "framing", f.id, summary))
    size = len(record.text)
    kept = [m for m in found if 0 <= m.start < m.end <= size]
    return sorted(kept, key=lambda m: (m.start, -m.end, m.layer))


def marked_text(record: Analysis) -> str:
    """The text as escaped HTML with every :func:`marks` range wrapped in spans."""
    text = record.text
    found = marks(record)
    cuts = sorted({0, len(text), *(m.start for m in found), *(m.end for m in found)})
    pieces: list[str] = []
    waiting = iter(found)  # by start: each joins the active ones when its start is cut
    upcoming = next(waiting, None)
    active: list[Mark] = []
    for start, end in itertools.pairwise(cuts):
        active = [m for m in active if m.end > start]
        while upcoming is not None and upcoming.start == start:
            active.append(upcoming)
            upcoming = next(waiting, None)
        piece = escape(text[start:end], quote=False)
        covering = active  # in the order of ``found``, as they were added
        if not covering:
            pieces.append(piece)
            continue
        layers = sorted({m.layer for m in covering}, key=list(LAYERS).index)
        refs = " ".join(dict.fromkeys(m.ref for m in covering))
        title = "\n".join(dict.fromkeys(m.summary for m in covering))
        pieces.append(
            f'<span class="{" ".join(layers)}" data-ids="{escape(refs)}" '
            f'title="{escape(title)}">{piece}</span>'
        )
    return "".join(pieces)


def details(record: Analysis) -> dict[str, dict[str, Any]]:
    """What a click on a marked piece shows, by record id: the actor, event, quote or
    framing flag as JSON, with the names of the actors it refers to."""
    names = {a.id: a.name for a in record.actors}
    out: dict[str, dict[str, Any]] = {}
    for actor in record.actors:
        data = actor.model_dump(mode="json", exclude={"mentions"})
        out[actor.id] = {"layer": "mention", "mentions": len(actor.mentions), **data}
    for e in record.events:
        sentence = record.text[e.sentence.start : e.sentence.end]
        out[e.id] = {
            "layer": "trigger",
            **e.model_dump(mode="json"),
            "source_name": names.get(e.source or ""),
            "target_name": names.get(e.target or ""),
            "sentence_text": sentence,
        }
    for q in record.quotes:
        out[q.id] = {
            "layer": "quote",
            **q.model_dump(mode="json"),
            "speaker_name": names.get(q.speaker or ""),
            "quote_text": record.text[q.start : q.end],
        }
    for f in record.framing:
        out[f.id] = {"layer": "framing", **f.model_dump(mode="json")}
        out[f.id]["span_text"] = record.text[f.start : f.end]
    return out


def json_script(value: object, element_id: str) -> str:
    """``value`` as JSON inside ``<script type="application/json">``, safe to embed:
    ``<``, ``>`` and ``&`` are written as ``\\u`` escapes, so no string in it can close
    the element or open a comment."""
    data = (
        json.dumps(value, ensure_ascii=False, default=str)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )
    return f'<script type="application/json" id="{escape(element_id)}">{data}</script>'


#: The styles of the marked text, shared by the web UI (``/article.css``) and the
#: notebook view (inline).
STYLE = (Path(__file__).parent / "article.css").read_text(encoding="utf-8")


def legend() -> str:
    """One sample of each layer's style, with its name."""
    return "".join(f'<span class="{layer}">{escape(name)}</span>' for layer, name in LAYERS.items())


def article_html(record: Analysis, *, standalone: bool = True) -> str:
    """The marked article as an HTML fragment (with its styles if ``standalone``):
    what the web UI shows and what a notebook displays for a record."""
    doc = record.document
    title = escape(doc.title or "Untitled article")
    facts = " · ".join(
        escape(str(v)) for v in (doc.source, doc.published, doc.id) if v not in (None, "")
    )
    style = f"<style>{STYLE}</style>" if standalone else ""
    return (
        f'{style}<div class="accord-view"><h3>{title}</h3><p><small>{facts}</small></p>'
        f'<p class="accord-legend accord-article">{legend()}</p>'
        f'<div class="accord-article">{marked_text(record)}</div></div>'
    )
