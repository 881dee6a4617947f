"""The Markdown report: a readable summary of one Analysis record."""

from __future__ import annotations

from ..records import Actor, Analysis


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def render(record: Analysis) -> str:
    """The record as Markdown: document header, then one section per layer."""
    doc = record.document
    lines = [f"# {_cell(doc.title) or 'Untitled article'}", ""]
    facts = [
        ("Published", doc.published.isoformat() if doc.published else None),
        ("Source", doc.source),
        ("URL", doc.url),
        ("Document", doc.id),
        ("Characters", f"{len(record.text):,}"),
    ]
    lines += [f"- **{k}:** {_cell(v)}" for k, v in facts if v]
    lines += ["", *_actors(record.actors), *_events(record), *_quotes(record)]
    lines += _framing(record)
    return "\n".join(lines).rstrip() + "\n"


def _framing(record: Analysis) -> list[str]:
    """Each flagged span in bold inside its sentence, with its technique and reason."""
    if not record.framing:
        return ["## Framing", "", "No persuasion techniques flagged.", ""]
    lines = [f"## Framing ({len(record.framing)})", ""]
    text = record.text
    for f in record.framing:
        start, end = _sentence_around(text, f.start, f.end)
        shown = text[start : f.start] + "**" + text[f.start : f.end] + "**" + text[f.end : end]
        lines += [
            f"- **{f.technique}** · {_cell(f.rationale)} · confidence {f.confidence:.2f}",
            f"  > {_cell(' '.join(shown.split()))}",
        ]
    return [*lines, ""]


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """From after the sentence end or line break before ``start`` to the one after ``end``."""
    left = max(text.rfind(mark, 0, start) for mark in (". ", "! ", "? ", "\n"))
    left = left + 1 if left >= 0 else 0
    right = len(text)
    for mark in (". ", "! ", "? ", "\n"):
        k = text.find(mark, end)
        if k >= 0:
            right = min(right, k + 1)
    return left, right


def _events(record: Analysis) -> list[str]:
    if not record.events:
        return ["## Events", "", "No events found.", ""]
    names = {a.id: a.name for a in record.actors}
    lines = [f"## Events ({len(record.events)})", ""]
    for e in record.events:
        s, t = e.sentence, e.trigger
        sentence = (
            record.text[s.start : t.start]
            + "**"
            + record.text[t.start : t.end]
            + "**"
            + record.text[t.end : s.end]
        )
        dyad = f"{names.get(e.source or '', '—')} → {names.get(e.target or '', '—')}"
        when = f"{e.date} ({e.date_precision})" if e.date else "no date"
        lines += [
            f"- **{e.code}** {e.label} · {dyad} · Goldstein {e.goldstein:+.1f} · "
            f"{e.modality} · {when}" + (f" · at {e.location}" if e.location else ""),
            f"  > {_cell(' '.join(sentence.split()))}",
        ]
    return [*lines, ""]


def _quotes(record: Analysis) -> list[str]:
    """Each quote with its speaker as written, the actor it resolves to and their role."""
    if not record.quotes:
        return ["## Quotes", "", "No quotes found.", ""]
    actors = {a.id: a for a in record.actors}
    lines = [f"## Quotes ({len(record.quotes)})", ""]
    for q in record.quotes:
        said = " ".join(record.text[q.start : q.end].split())
        mention = q.speaker_mention
        written = record.text[mention.start : mention.end] if mention else None
        actor = actors.get(q.speaker or "")
        if actor is not None:
            who = f"{actor.name} ({', '.join(x for x in (actor.role, actor.code) if x)})"
            if written and " ".join(written.split()) != actor.name:
                who += f", as “{' '.join(written.split())}”"
        elif written:
            who = f"“{' '.join(written.split())}” (unresolved)"
        else:
            who = "speaker unknown"
        cue = f" · cue “{record.text[q.cue.start : q.cue.end]}”" if q.cue else ""
        lines += [f"- **{q.kind}** · {_cell(who)}{cue}", f"  > {_cell(said)}"]
    return [*lines, ""]


def _actors(actors: list[Actor]) -> list[str]:
    if not actors:
        return ["## Actors", "", "No actors found.", ""]
    lines = [
        f"## Actors ({len(actors)})",
        "",
        "| id | name | code | kind | role | country | org | mentions |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for a in actors:
        row = [a.id, a.name, a.code, a.kind, a.role, a.country, a.org, len(a.mentions)]
        lines.append("| " + " | ".join(_cell(v) for v in row) + " |")
    return [*lines, ""]
