"""The hostile-input corpus: every input is built here, in code, when a test asks for it.

Nothing large is committed: the 50 MB file, the 2 MB line and the 10,000-deep HTML
are generated at test time. Each :class:`Case` says what must happen to it: refused
with a message holding ``refusal`` (an error code such as ``[A101]``, or the reader's
words for a bad JSON line or feed), or analysed into a sound record (``refusal`` is
None) that also passes the case's own ``check``. ``bug`` marks a case that does not do
so yet: its tests are strict xfails, so they fail the day it is fixed, as a reminder
to drop the mark. See README.md beside this file for the table and the reasons.
"""

from __future__ import annotations

import json
import random
import signal
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import Any

import jsonschema

from accord.records import Analysis, analysis_json_schema
from accord.text import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, FormatChoice

SCHEMA = analysis_json_schema()
#: A refusal whose message is not prescribed.
ANY_MESSAGE = ""
#: Seconds any one case may take before the watchdog calls it a hang (the slowest
#: takes about two seconds on a slow machine).
HANG_SECONDS = 60

_TOPICS = (
    "joint patrols in the Coral Sea",
    "the exchange of intelligence on maritime traffic",
    "a training programme for naval cadets",
    "the supply of spare parts for patrol aircraft",
    "shared use of airfields in the north",
    "a hotline between the two defence ministries",
)


def article(topic: str, city: str = "Tokyo") -> str:
    """A short English article about ``topic``: distinct topics give distinct documents."""
    return (
        f"Japan and Australia signed a new defence agreement in {city} on Monday, officials "
        f"said. The pact covers {topic}.\n\n"
        "The Australian prime minister said the agreement would strengthen security in the "
        "region, according to a statement from the Japanese foreign ministry."
    )


def good_article(i: int) -> bytes:
    """The ``i``-th plain good article to mix with the hostile ones (each one distinct)."""
    return article(f"{_TOPICS[i % len(_TOPICS)]}, part {i}").encode()


@dataclass(frozen=True)
class Case:
    """One hostile input and what must become of it."""

    name: str
    #: The input's bytes: a file's content, or one JSON line (without its newline).
    build: Callable[[], bytes]
    #: The file suffix, which tells analyze and ingest how to read it.
    suffix: str
    #: What the error message must contain (e.g. "[A101]"; "" for any message); None: it
    #: is analysed.
    refusal: str | None
    #: One line: what the input is and why that is the right outcome.
    why: str
    #: A publication date given beside the input (--published, published=, JSON field).
    published: str | None = None
    #: A property of the record beyond the checks every record passes.
    check: Callable[[Analysis], None] | None = None
    #: The decoder must warn (InputWarning) that it replaced bad bytes.
    warns: bool = False
    #: Why it does not behave yet (a bug to fix); its tests are strict xfails.
    bug: str | None = None

    @property
    def code(self) -> str | None:
        """The error code the refusal names ("A101"), if it names one."""
        if self.refusal is not None and self.refusal.startswith("[A"):
            return self.refusal.strip("[]")
        return None

    @property
    def format(self) -> FormatChoice:
        """The input format the suffix stands for (what ``Pipeline.analyze`` is told)."""
        formats: dict[str, FormatChoice] = {".html": "html", ".md": "markdown", ".txt": "text"}
        return formats.get(self.suffix, "auto")

    @property
    def file_name(self) -> str:
        return f"{self.name}{self.suffix}"


# -- checks of particular records ------------------------------------------------------


def has_actors(*codes: str) -> Callable[[Analysis], None]:
    def check(rec: Analysis) -> None:
        found = {a.code for a in rec.actors}
        assert set(codes) <= found, f"expected {codes} among {sorted(map(str, found))}"

    return check


def all_of(*checks: Callable[[Analysis], None]) -> Callable[[Analysis], None]:
    def check(rec: Analysis) -> None:
        for one in checks:
            one(rec)

    return check


def contains(*parts: str) -> Callable[[Analysis], None]:
    def check(rec: Analysis) -> None:
        for part in parts:
            assert part in rec.text, f"{part!r} is not in the text"

    return check


def lacks(*parts: str) -> Callable[[Analysis], None]:
    def check(rec: Analysis) -> None:
        for part in parts:
            assert part not in rec.text, f"{part!r} should not be in the text"

    return check


def _text_is(expected: str) -> Callable[[Analysis], None]:
    def check(rec: Analysis) -> None:
        assert rec.text == expected

    return check


def _no_invisible(rec: Analysis) -> None:
    invisible = [ch for ch in rec.text if unicodedata.category(ch) == "Cf"]
    assert not invisible, f"format characters left in the text: {invisible!r}"


def _nothing_found(rec: Analysis) -> None:
    assert (rec.actors, rec.events, rec.quotes) == ([], [], [])


def _no_event_dates(rec: Analysis) -> None:
    assert rec.events, "the article's events were lost"
    assert [e.date for e in rec.events] == [None] * len(rec.events)


def _published_unknown(rec: Analysis) -> None:
    assert rec.document.published is None


def _nfc(rec: Analysis) -> None:
    assert unicodedata.is_normalized("NFC", rec.text)


def _balanced_quote_found(rec: Analysis) -> None:
    quoted = [rec.text[q.start : q.end] for q in rec.quotes if q.kind == "direct"]
    assert any("We will sign the pact on Friday" in q for q in quoted), quoted


# -- the inputs ----------------------------------------------------------------------------

_GOOD = article("a hostile-input test")


def _utf8(text: str) -> Callable[[], bytes]:
    return lambda: text.encode("utf-8")


def _random_bytes(size: int, seed: int, *, nul: bool) -> bytes:
    rng = random.Random(seed)
    low = 0 if nul else 1
    return bytes(rng.randrange(low, 256) for _ in range(size))


def _repeated(unit: bytes, size: int, sep: bytes) -> bytes:
    """``unit`` joined by ``sep`` up to just over ``size`` bytes."""
    return sep.join([unit] * (size // (len(unit) + len(sep)) + 1))


def _invalid_utf8_stray() -> bytes:
    quoted = "The minister called it a \u201cturning point\u201d \u2014 the \u201cbest\u201d deal."
    return (article("a stray byte") + " " + quoted).encode().replace(b"pact", b"pa\xffct", 1)


def _invalid_utf8_mixed() -> bytes:
    head = "Japan\u2019s \u201cnew\u201d pact was signed in Tokyo, officials said. "
    return head.encode() + b"A cut \xc3\x28 and a stray \xff byte. " + article("mixed").encode()


def _deep_html() -> bytes:
    depth = 10_000
    body = f"<p>{article('documents nested ten thousand deep')}</p>"
    return f"<html><body>{'<div>' * depth}{body}{'</div>' * depth}</body></html>".encode()


def _scripts_html() -> bytes:
    noise = "".join(
        f"<script>var SCRIPTMARK{i} = 'Russia invaded Iran';</script>"
        f"<style>.STYLEMARK{i} {{ color: red }} /* China */</style>"
        for i in range(400)
    )
    paragraphs = "".join(f"<p>{p}</p>" for p in article("pages full of scripts").split("\n\n"))
    return (
        f"<!doctype html><html><head><title>Pact</title>{noise}</head><body>{noise}"
        f"<article>{paragraphs}</article>{noise}</body></html>"
    ).encode()


def _only_scripts_html() -> bytes:
    return (
        b"<!doctype html><html><head><script>alert('Russia invaded');</script>"
        b"<style>body { color: red }</style></head><body><script>var a = 1;</script>"
        b"<style>p {}</style></body></html>"
    )


_ZERO_WIDTH = (
    "Ja\u200bpan and Aus\u200dtralia\u202e signed\u202c a \u2066defence\u2069 pact in "
    "\ufeffTokyo on Monday, \u200eofficials\u200f said. \u202dThe pact covers hidden "
    "characters.\u202c\u2060 The Australian prime minister said it would strengthen security."
)

_QUOTES = (
    "\u201cJapan will never sign, a diplomat in Tokyo began, and the mark never closed.\n\n"
    "Australia's \u2018foreign minister met her Japanese counterpart in Tokyo on Monday.\n\n"
    "\u201cWe will sign the pact on Friday,\u201d the Japanese prime minister said. "
    '"Mismatched marks\u201d and \u00abmixed\u201d ones \u00bbreversed\u00ab follow, with '
    "\u201d backwards \u201c quotes and a lone \u201e at the end."
)

_EMOJI = (
    "Japan \U0001f1ef\U0001f1f5 and Australia \U0001f1e6\U0001f1fa signed a defence pact "
    "\U0001f91d in Tokyo on Monday \U0001f468\u200d\U0001f469\u200d\U0001f467, officials "
    "said. The cafe\u0301 near the ministry served the delegations; the word "
    "Z\u0301\u0302\u0303\u0304\u0305 was on the menu. " + "\U0001f642" * 40
)

_ZALGO = (
    "Japan and Australia signed a pact in Tokyo, officials said. The word pact"
    + "\u0301\u0316\u0337" * 2000
    + " was written with six thousand combining marks."
)

_FRENCH = (
    "Les ministres des affaires étrangères des deux pays se sont réunis mardi à Genève et ont "
    "convenu de reprendre les négociations sur un cessez-le-feu dans la région."
)
_RUSSIAN = (
    "Министры иностранных дел двух стран встретились во вторник в Женеве и договорились "
    "возобновить переговоры о прекращении огня в регионе."
)
_CHINESE = (
    "两国外交部长星期二在日内瓦会晤，同意恢复停火谈判。双方表示将继续保持沟通，推动地区局势缓和，"
    "并将在下个月举行新一轮会谈。"
)
_ARABIC = (
    "التقى وزيرا خارجية البلدين يوم الثلاثاء في جنيف واتفقا على استئناف المفاوضات بشأن وقف "
    "إطلاق النار في المنطقة."
)

_TOMORROW = "Japan and Australia will sign a defence pact tomorrow, officials said in Tokyo."
_YESTERDAY = "Japan and Australia signed a defence pact yesterday, officials said in Tokyo."
_NEXT_YEAR = "Japan and Australia will sign a defence pact next year, officials said in Tokyo."
_AGES_AGO = "Japan attacked Australia 5000 years ago, officials in Tokyo said on Monday."


def _front_matter(published: str, body: str) -> Callable[[], bytes]:
    return _utf8(f"---\ntitle: Pact\npublished: {published}\n---\n{body}\n")


ARTICLES: list[Case] = [
    Case("empty", lambda: b"", ".txt", "[A101]", "nothing to analyse"),
    Case(
        "whitespace-only",
        _utf8(" \n\t\r\n \u00a0\u2003\u3000 \x0b\x0c\n"),
        ".txt",
        "[A101]",
        "ASCII and Unicode spaces only: nothing to analyse",
    ),
    Case(
        "binary",
        lambda: _random_bytes(4096, seed=1, nul=True),
        ".txt",
        "[A102]",
        "random bytes are no text in any encoding",
    ),
    Case(
        "binary-without-nul",
        lambda: _random_bytes(4096, seed=2, nul=False),
        ".txt",
        "[A102]",
        "random bytes without NUL are no text either",
    ),
    Case(
        "nul-bytes",
        lambda: article("NUL bytes").encode().replace(b" ", b"\x00", 3),
        ".txt",
        "[A102]",
        "NUL bytes in a file mark it as binary",
    ),
    Case(
        "invalid-utf8-stray-byte",
        _invalid_utf8_stray,
        ".txt",
        None,
        "one bad byte in UTF-8 text is replaced with U+FFFD, with a warning",
        check=all_of(contains("\ufffd", "\u201cturning point\u201d"), has_actors("JPN", "AUS")),
        warns=True,
    ),
    Case(
        "invalid-utf8-mixed",
        _invalid_utf8_mixed,
        ".txt",
        None,
        "two bad sequences among a few curly quotes: the valid UTF-8 must stay as written",
        check=all_of(contains("\ufffd", "Japan\u2019s \u201cnew\u201d"), has_actors("JPN")),
        warns=True,
    ),
    Case(
        "cp1252",
        lambda: article("a d\u00e9tente in the caf\u00e9").encode("cp1252"),
        ".txt",
        None,
        "Windows-1252 (the web's latin-1) is decoded as such",
        check=contains("d\u00e9tente in the caf\u00e9"),
    ),
    Case(
        "utf16-le-bom",
        lambda: b"\xff\xfe" + article("UTF-16 LE with a BOM").encode("utf-16-le"),
        ".txt",
        None,
        "UTF-16 with a byte-order mark is decoded by its mark",
        check=_text_is(article("UTF-16 LE with a BOM")),
    ),
    Case(
        "utf16-be-bom",
        lambda: b"\xfe\xff" + article("UTF-16 BE with a BOM").encode("utf-16-be"),
        ".txt",
        None,
        "UTF-16 big-endian with a byte-order mark",
        check=_text_is(article("UTF-16 BE with a BOM")),
    ),
    Case(
        "utf16-le-no-bom",
        lambda: article("UTF-16 LE without a BOM").encode("utf-16-le"),
        ".txt",
        None,
        "UTF-16 without a mark: every other byte NUL, sniffed, not taken for binary",
        check=_text_is(article("UTF-16 LE without a BOM")),
    ),
    Case(
        "utf16-be-no-bom",
        lambda: article("UTF-16 BE without a BOM").encode("utf-16-be"),
        ".txt",
        None,
        "UTF-16 big-endian without a mark",
        check=_text_is(article("UTF-16 BE without a BOM")),
    ),
    Case(
        "utf8-bom",
        lambda: b"\xef\xbb\xbf" + article("UTF-8 with a BOM").encode(),
        ".txt",
        None,
        "the UTF-8 byte-order mark is dropped, not analysed",
        check=_text_is(article("UTF-8 with a BOM")),
    ),
    Case(
        "50mb-file",
        lambda: _repeated(article("a fifty megabyte file").encode(), 50_000_000, b"\n\n"),
        ".txt",
        "[A103]",
        f"over the {DEFAULT_MAX_BYTES:,}-byte limit: refused before it is parsed",
    ),
    Case(
        "2mb-single-line",
        lambda: _repeated(article("one long line").replace("\n\n", " ").encode(), 2_000_000, b" "),
        ".txt",
        "[A103]",
        f"under the byte limit but over {DEFAULT_MAX_CHARS:,} characters: refused before spaCy",
    ),
    Case(
        "deep-html",
        _deep_html,
        ".html",
        None,
        "10,000 nested <div>s: the article is extracted, no RecursionError",
        check=all_of(contains("documents nested ten thousand deep"), lacks("<div")),
    ),
    Case(
        "scripts-and-styles",
        _scripts_html,
        ".html",
        None,
        "1,200 <script> and <style> blocks around the article: none of their text is kept",
        check=all_of(
            contains("pages full of scripts"),
            lacks("SCRIPTMARK", "STYLEMARK", "Russia", "color"),
            has_actors("JPN", "AUS"),
        ),
    ),
    Case(
        "only-scripts-and-styles",
        _only_scripts_html,
        ".html",
        "[A101]",
        "a page whose only text is script and style has no words to analyse",
    ),
    Case(
        "zero-width-and-bidi",
        _utf8(_ZERO_WIDTH),
        ".txt",
        None,
        "zero-width and bidi-override characters are removed before analysis",
        check=all_of(_no_invisible, has_actors("JPN", "AUS"), contains("Japan and Australia")),
    ),
    Case(
        "unbalanced-quotes",
        _utf8(_QUOTES),
        ".txt",
        None,
        "an unclosed mark, mismatched and reversed marks: later quotes are still found",
        check=_balanced_quote_found,
    ),
    Case(
        "emoji-and-combining",
        _utf8(_EMOJI),
        ".txt",
        None,
        "flags, ZWJ sequences and combining accents: NFC text, offsets by code point",
        check=all_of(_nfc, has_actors("JPN", "AUS"), contains("\U0001f1ef\U0001f1f5", "caf\u00e9")),
    ),
    Case(
        "combining-marks-pile",
        _utf8(_ZALGO),
        ".txt",
        None,
        "6,000 combining marks on one word: no slowdown, no broken offsets",
        check=has_actors("JPN", "AUS"),
    ),
    Case(
        "punctuation-only",
        _utf8('!!! ??? ... --- *** ((( ))) ,,, ;;; """ \u201c\u201d \u00ab\u00bb \u2014 \u2026'),
        ".txt",
        "[A101]",
        "no letter or digit: no words to analyse",
    ),
    Case(
        "numbers-only",
        _utf8("1 2 3 4 5 6 7 8 9 10\n\n3.14159 2024-07-11 1,000,000 +44 20 7946 0000 42%"),
        ".txt",
        None,
        "numbers are words of a kind: analysed, and nothing is found in them",
        check=_nothing_found,
    ),
    Case("french", _utf8(_FRENCH), ".txt", "[A104]", "French prose is not English"),
    Case("russian", _utf8(_RUSSIAN), ".txt", "[A104]", "Cyrillic prose is not English"),
    Case("chinese", _utf8(_CHINESE), ".txt", "[A104]", "Chinese prose is not English"),
    Case("arabic", _utf8(_ARABIC), ".txt", "[A104]", "right-to-left Arabic is not English"),
    Case(
        "published-year-0",
        _utf8(article("a year zero")),
        ".txt",
        "[A106]",
        "0000-01-01 is not a date (Python's dates start in year 1)",
        published="0000-01-01",
    ),
    Case(
        "published-word",
        _utf8(article("a date in words")),
        ".txt",
        "[A106]",
        "'yesterday' is no publication date",
        published="yesterday",
    ),
    Case(
        "published-9999-tomorrow",
        _utf8(_TOMORROW),
        ".txt",
        None,
        "9999-12-31 is a date; 'tomorrow' after it cannot be resolved and stays undated",
        published="9999-12-31",
        check=has_actors("JPN", "AUS"),
    ),
    Case(
        "published-9999-next-year",
        _utf8(_NEXT_YEAR),
        ".txt",
        None,
        "'next year' after 9999 is year 10000: it must stay undated, not break the record",
        published="9999-06-01",
        check=has_actors("JPN", "AUS"),
    ),
    Case(
        "published-year-1-yesterday",
        _utf8(_YESTERDAY),
        ".txt",
        None,
        "'yesterday' before 0001-01-01 cannot be resolved and stays undated",
        published="0001-01-01",
        check=has_actors("JPN", "AUS"),
    ),
    Case(
        "5000-years-ago",
        _utf8(_AGES_AGO),
        ".txt",
        None,
        "'5000 years ago' is before year 1: it must stay undated, not become '-2976'",
        published="2024-07-08",
        check=has_actors("JPN", "AUS"),
    ),
    Case(
        "yesterday-without-publication-date",
        _utf8(_YESTERDAY),
        ".txt",
        None,
        "'yesterday' with no publication date to count from: the events stay undated",
        check=_no_event_dates,
    ),
    Case(
        "front-matter-year-0",
        _front_matter("0000-01-01", article("front matter of year zero")),
        ".md",
        None,
        "an impossible date in Markdown front matter is ignored, not a crash",
        check=_published_unknown,
    ),
    Case(
        "front-matter-9999-tomorrow",
        _front_matter("9999-12-31", _TOMORROW.replace("pact", "treaty")),
        ".md",
        None,
        "the file form of 9999-12-31 + 'tomorrow' (what ingest meets)",
        check=has_actors("JPN", "AUS"),
    ),
]


# -- feeds ------------------------------------------------------------------------------------


def _rss(items: str, doctype: str = "") -> Callable[[], bytes]:
    head = '<?xml version="1.0" encoding="utf-8"?>\n'
    return _utf8(
        f'{head}{doctype}<rss version="2.0"><channel><title>Hostile Wire</title>'
        f"{items}</channel></rss>"
    )


def _item(text: str, title: str = "Pact") -> str:
    return f"<item><title>{title}</title><description>{text}</description></item>"


_LAUGHS = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)).replace(
    "&lol0;", "lol"
)

#: Every character reference feedparser's loose parser cannot turn into a character.
BAD_CHARREFS = ("&#xD800;", "&#56320;", "&#x110000;", "&#99999999999;")


def external_dtd_feed(url: str) -> bytes:
    """A feed whose DTD is fetched from ``url`` by a parser that follows external
    DTDs, defining ``&secret;``; accord's reading must never fetch it."""
    return _rss(
        _item(f"{article('an external DTD')} &secret;"), f'<!DOCTYPE rss SYSTEM "{url}">\n'
    )()


FEEDS: list[Case] = [
    Case(
        "entity-bomb",
        _rss(_item("&lol9;"), f"<!DOCTYPE rss [{_LAUGHS}]>\n"),
        ".rss",
        "DTD entity declarations are refused",
        "billion laughs: 10^9 'lol's if expanded; refused without expanding one",
    ),
    Case(
        "quadratic-blowup",
        _rss(_item("&a;" * 20_000), f'<!DOCTYPE rss [<!ENTITY a "{"x" * 20_000}">]>\n'),
        ".xml",
        "DTD entity declarations are refused",
        "one 20 kB entity used 20,000 times (400 MB expanded): refused",
    ),
    Case(
        "external-entity",
        _rss(
            _item(f"{article('external entities')} &xxe;"),
            '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n',
        ),
        ".rss",
        "DTD entity declarations are refused",
        "an external entity naming a local file: refused, the file is never read",
    ),
    Case(
        "utf16-entity-bomb",
        lambda: (
            _rss(_item("&lol9;"), f"<!DOCTYPE rss [{_LAUGHS}]>\n")()
            .decode()
            .replace("utf-8", "utf-16")
            .encode("utf-16")
        ),
        ".xml",
        "DTD entity declarations are refused",
        "the bomb in UTF-16, where a byte search for '<!ENTITY' finds nothing",
    ),
    Case(
        "lowercase-doctype-bomb",
        _rss(
            _item(f"{article('a lowercase doctype')} &lol2;"),
            '<!doctype rss [<!entity lol "lol"><!entity lol2 "&lol;&lol;&lol;">]>\n',
        ),
        ".rss",
        None,
        "not XML (lowercase keywords), so the loose parser reads it; nothing is expanded",
        check=all_of(contains("a lowercase doctype"), lacks("lollol")),
    ),
    Case(
        "external-dtd",
        lambda: external_dtd_feed("file:///nonexistent/accord-hostile.dtd"),
        ".rss",
        None,
        "a DTD by URL is not fetched: the entry is read, its unknown entity left as text",
        check=all_of(contains("an external DTD"), lacks("SECRET")),
    ),
    Case(
        "bad-character-references",
        _rss(_item(f"{article('bad character references')} {' '.join(BAD_CHARREFS)}")),
        ".rss",
        ANY_MESSAGE,
        "surrogate and out-of-range &#...; references: the feed is refused, the run goes on",
    ),
    Case(
        "not-a-feed",
        _utf8("<?xml version='1.0'?><root><a>Japan and Australia</a></root>"),
        ".xml",
        "not an RSS or Atom feed",
        "XML that is not a feed is reported, not guessed at",
    ),
    Case(
        "truncated-feed",
        _utf8("<?xml version='1.0'?><rss version='2.0'><channel><title>T</title><item><desc"),
        ".rss",
        "entry has no text",
        "a feed cut short inside its only entry: the entry is reported, not a crash",
    ),
]


# -- JSON Lines -------------------------------------------------------------------------------


def json_line(**fields: Any) -> Callable[[], bytes]:
    """One JSON Lines record (built when asked for)."""
    return lambda: json.dumps(fields).encode()


def _raw(line: bytes) -> Callable[[], bytes]:
    return lambda: line


JSONL_LINES: list[Case] = [
    Case("malformed", _raw(b"{text: 'no quotes'}"), ".jsonl", "invalid JSON", "not JSON"),
    Case(
        "truncated",
        lambda: json_line(text=article("a truncated line"))()[:60],
        ".jsonl",
        "invalid JSON",
        "a record cut off mid-string (a crash while writing)",
    ),
    Case(
        "oversized",
        lambda: json_line(text="x" * (DEFAULT_MAX_BYTES + 10))(),
        ".jsonl",
        "over the limit",
        f"one line over {DEFAULT_MAX_BYTES:,} bytes: skipped unread, the next line is read",
    ),
    Case(
        "two-mb-text",
        lambda: json_line(text=(article("a long text") + " ") * 6_000)(),
        ".jsonl",
        "[A103]",
        f"a 2 MB text field is over {DEFAULT_MAX_CHARS:,} characters",
    ),
    Case(
        "deeply-nested",
        lambda: b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        ".jsonl",
        "invalid JSON",
        "100,000 nested arrays: no RecursionError escapes",
    ),
    Case(
        "invalid-utf8",
        lambda: json_line(text=article("bad bytes in a line"))().replace(b"bad", b"b\xffd"),
        ".jsonl",
        "not valid UTF-8",
        "JSON must be UTF-8",
    ),
    Case("array", _raw(b'["Japan", "Australia"]'), ".jsonl", "expected a JSON object", "no record"),
    Case("null", _raw(b"null"), ".jsonl", "expected a JSON object", "no record"),
    Case(
        "text-not-a-string",
        json_line(text=12345, title="Numbers"),
        ".jsonl",
        "must be a string",
        "a number where the text should be",
    ),
    Case("no-text", json_line(title="Pact"), ".jsonl", "is missing", "no text and no html field"),
    Case(
        "whitespace-text",
        json_line(text=" \n\t\u3000 "),
        ".jsonl",
        "is empty",
        "a text field of whitespace",
    ),
    Case(
        "nul-escape",
        json_line(text=article("an escaped NUL").replace(" ", "\x00", 2)),
        ".jsonl",
        None,
        "a \\u0000 escape in JSON is a control character in text, not a binary file",
        check=all_of(lacks("\x00"), has_actors("JPN", "AUS")),
    ),
    Case(
        "lone-surrogate",
        lambda: json_line(text=article("a lone surrogate"))().replace(
            b"surrogate", b"surrogate \\ud800", 1
        ),
        ".jsonl",
        None,
        "a lone surrogate escape: replaced (U+FFFD) like a bad byte, or refused; never a crash",
        check=all_of(contains("a lone surrogate"), lacks("\ud800")),
    ),
    Case(
        "html-field-deep",
        lambda: json_line(html=_deep_html().decode())(),
        ".jsonl",
        None,
        "the deep HTML as the html field of a record",
        check=contains("documents nested ten thousand deep"),
    ),
    Case(
        "html-field-scripts",
        lambda: json_line(html=_only_scripts_html().decode())(),
        ".jsonl",
        "[A101]",
        "an html field with nothing but scripts",
    ),
    Case(
        "zero-width-text",
        json_line(text=_ZERO_WIDTH.replace("hidden", "invisible")),
        ".jsonl",
        None,
        "zero-width and bidi characters in a JSON string",
        check=_no_invisible,
    ),
    Case("french-text", json_line(text=_FRENCH), ".jsonl", "[A104]", "not English"),
    Case(
        "published-year-0",
        json_line(text=article("a JSON year zero"), published="0000-01-01"),
        ".jsonl",
        "[A106]",
        "year 0 is not a date",
    ),
    Case(
        "published-word",
        json_line(text=article("a JSON word date"), published="yesterday"),
        ".jsonl",
        "[A106]",
        "'yesterday' is no publication date",
    ),
    Case(
        "published-number",
        json_line(text=article("a JSON numeric date"), published=20240708),
        ".jsonl",
        "must be a string",
        "a date as a number",
    ),
    Case(
        "published-9999-tomorrow",
        json_line(text=_TOMORROW.replace("pact", "charter"), published="9999-12-31"),
        ".jsonl",
        None,
        "9999-12-31 and 'tomorrow' in a record",
        check=has_actors("JPN", "AUS"),
    ),
]


# -- what every record must satisfy ---------------------------------------------------------


def assert_sound(rec: Analysis) -> None:
    """Offsets inside the text, mentions non-empty, the record valid against the schema."""
    size = len(rec.text)
    spans: list[tuple[str, int, int]] = []
    for actor in rec.actors:
        for m in actor.mentions:
            assert rec.text[m.start : m.end], f"empty mention of {actor.id}"
            spans.append((f"mention of {actor.id}", m.start, m.end))
    for place in rec.places:
        spans.append((place.id, place.start, place.end))
    for event in rec.events:
        spans += [(f"{event.id} trigger", event.trigger.start, event.trigger.end)]
        spans += [(f"{event.id} sentence", event.sentence.start, event.sentence.end)]
    for quote in rec.quotes:
        spans.append((quote.id, quote.start, quote.end))
        for part in (quote.cue, quote.speaker_mention):
            if part is not None:
                spans.append((f"{quote.id} part", part.start, part.end))
    for flag in rec.framing:
        spans.append((flag.id, flag.start, flag.end))
    for what, start, end in spans:
        assert 0 <= start <= end <= size, f"{what} at {start}:{end} is outside the text ({size})"
    jsonschema.validate(rec.model_dump(mode="json"), SCHEMA)


# -- the hang guard ---------------------------------------------------------------------------


class Hang(BaseException):
    """A case ran past :data:`HANG_SECONDS`. A BaseException, so that no ``except
    Exception`` in the code under test can swallow it."""


@contextmanager
def watchdog(seconds: float = HANG_SECONDS) -> Iterator[None]:
    """Turn a hang into a failure (SIGALRM, main thread): the suite never sticks."""

    def expired(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"still running after {seconds:g} s: a hang")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
