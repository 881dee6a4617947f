"""Event dates: the closest date expression in the trigger's clause, resolved against
the publication date, with its precision; else the publication date itself.

A small resolver handles what news writes ("on Monday", "last year", "in early
2023", "in July", "on July 4", "in June 2024", "three days ago", "yesterday");
``dateparser`` is a fallback for other forms that contain a digit or a month name,
never for bare words that only look like dates ("may", "we").
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable

from spacy.tokens import Span, Token

Resolved = tuple[str, str]  # (YYYY[-MM[-DD]], precision)

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS.pop("may", None)  # "may" alone is a verb; "May" is handled case-sensitively
_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_NUMBERS = {
    w: i for i, w in enumerate("zero one two three four five six seven eight nine ten".split())
}
_UNITS = {"day": "day", "week": "week", "month": "month", "year": "year"}

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Z][a-z]+)\.?(?:,?\s+(\d{4}))?")
_MONTH_DAY = re.compile(r"\b([A-Z][a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?")
_AGO = re.compile(
    r"\b(\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+(day|week|month|year)s?\s+ago\b",
    re.I,
)
_DURATION = re.compile(r"\b(for|over|within|less than|more than|nearly|almost|about)\b", re.I)


def _month(word: str) -> int | None:
    if word == "May":
        return 5
    return _MONTHS.get(word.lower().rstrip("."))


def _shift_month(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


# What a record's date may be: year 0001 to 9999, month and day optional.
_RECORD_DATE = re.compile(r"(?!0000)\d{4}(-\d{2}(-\d{2})?)?")


def resolve_expression(text: str, published: dt.date, future: bool) -> Resolved | None:
    """Resolve one date expression; ``future`` says the clause looks forward. A date
    that would fall outside years 1 to 9999 ("tomorrow" on 9999-12-31, "5000 years
    ago") is left unresolved, like one without a publication date."""
    try:
        resolved = _resolve(text, published, future)
    except (OverflowError, ValueError):
        return None
    if resolved is None or not _RECORD_DATE.fullmatch(resolved[0]):
        return None
    return resolved


def _resolve(text: str, published: dt.date, future: bool) -> Resolved | None:
    low = text.lower().strip()
    if _DURATION.search(low) and "ago" not in low:
        return None  # "for six months", "less than a year": durations, not dates
    if low in ("today", "tonight", "this morning", "this afternoon", "this evening"):
        return published.isoformat(), "day"
    if low in ("yesterday", "the day before", "last night"):
        return (published - dt.timedelta(days=1)).isoformat(), "day"
    if low == "tomorrow":
        return (published + dt.timedelta(days=1)).isoformat(), "day"
    if m := _ISO.search(text):
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat(), "day"
        except ValueError:
            return None
    if m := _AGO.search(text):
        n = _NUMBERS.get(m[1].lower(), 1) if not m[1].isdigit() else int(m[1])
        return _ago(published, n, _UNITS[m[2].lower()])
    for word, index in _WEEKDAYS.items():
        if re.search(rf"\b{word}\b", low):
            return _weekday(published, index, future), "day"
    if resolved := _relative(low, published):
        return resolved
    if resolved := _calendar(text, published, future):
        return resolved
    if m := _YEAR.search(text):
        return m[1], "year"
    return None


def _ago(published: dt.date, n: int, unit: str) -> Resolved:
    if unit in ("day", "week"):
        return (published - dt.timedelta(days=n * (7 if unit == "week" else 1))).isoformat(), "day"
    if unit == "month":
        year, month = _shift_month(published, -n)
        return f"{year:04d}-{month:02d}", "month"
    return f"{published.year - n:04d}", "year"


def _weekday(published: dt.date, index: int, future: bool) -> str:
    delta = (index - published.weekday()) % 7
    day = (
        published + dt.timedelta(days=delta)
        if future
        else published - dt.timedelta(days=(published.weekday() - index) % 7)
    )
    return day.isoformat()


def _relative(low: str, published: dt.date) -> Resolved | None:
    for word, step in (
        ("last", -1),
        ("past", -1),
        ("previous", -1),
        ("this", 0),
        ("next", 1),
        ("coming", 1),
    ):
        if m := re.search(rf"\b{word} (week|month|year)\b", low):
            unit = m[1]
            if unit == "year":
                return f"{published.year + step:04d}", "year"
            if unit == "month":
                year, month = _shift_month(published, step)
                return f"{year:04d}-{month:02d}", "month"
            day = published + dt.timedelta(days=7 * step)
            return f"{day.year:04d}-{day.month:02d}", "month"
    return None


def _calendar(text: str, published: dt.date, future: bool) -> Resolved | None:
    """ "July 4", "4 July 2024", "June 2024", "in July"."""
    for pattern, day_group, month_group in ((_MONTH_DAY, 2, 1), (_DAY_MONTH, 1, 2)):
        if (m := pattern.search(text)) and (month := _month(m[month_group])):
            year = int(m[3]) if m[3] else _year_for(published, month, future)
            try:
                return dt.date(year, month, int(m[day_group])).isoformat(), "day"
            except ValueError:
                return None
    for word in re.findall(r"[A-Z][a-z]+\.?", text):
        month = _month(word)
        if month:
            year_match = _YEAR.search(text)
            year = int(year_match[1]) if year_match else _year_for(published, month, future)
            return f"{year:04d}-{month:02d}", "month"
    return None


def _year_for(published: dt.date, month: int, future: bool) -> int:
    """The year of "July": the last one for past events, the coming one for plans."""
    if future:
        return published.year if month >= published.month else published.year + 1
    return published.year if month <= published.month else published.year - 1


def _fallback(text: str, published: dt.date, future: bool) -> Resolved | None:
    if not (re.search(r"\d", text) or any(_month(w) for w in re.findall(r"[A-Z][a-z]+", text))):
        return None
    import dateparser

    settings = {
        "RELATIVE_BASE": dt.datetime.combine(published, dt.time()),
        "PREFER_DATES_FROM": "future" if future else "past",
        "REQUIRE_PARTS": ["year"] if re.fullmatch(r"\d{4}", text.strip()) else [],
    }
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return (parsed.date().isoformat(), "day") if parsed else None


def event_date(
    trigger: Token, dates: Iterable[Span], published: dt.date | None, future: bool
) -> tuple[str | None, str | None]:
    """The date of the event at ``trigger``: the closest DATE entity of its clause."""
    if published is None:
        return None, None
    sent = trigger.sent
    subtree = {t.i for t in trigger.subtree}
    candidates = [d for d in dates if sent.start <= d.start < sent.end]
    candidates.sort(key=lambda d: (d.root.i not in subtree, abs(d.root.i - trigger.i)))
    for span in candidates:
        resolved = resolve_expression(span.text, published, future)
        if resolved is None:
            resolved = _fallback(span.text, published, future)
        if resolved is not None:
            return resolved
    return published.isoformat(), "day"
