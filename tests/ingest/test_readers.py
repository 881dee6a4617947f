"""Paths to items: accord.ingest.readers (files, folders, JSON Lines, feeds, stdin)."""

from __future__ import annotations

import inspect
import io
import json
import os
from collections.abc import Iterable
from pathlib import Path

import pytest

from accord.ingest import BadRecord, Fields, Item, read_sources

SUMMIT = "Leaders of the alliance met in Vilnius on Tuesday and agreed a new defence plan."
TALKS = "The two foreign ministers resumed talks in Geneva, officials said on Friday."
TRADE = "The trade bloc imposed new tariffs on steel imports after a week of negotiations."


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def _jsonl(*records: object) -> str:
    return "".join(json.dumps(record) + "\n" for record in records)


def _items(results: Iterable[Item | BadRecord]) -> list[Item]:
    listed = list(results)
    assert all(isinstance(result, Item) for result in listed), listed
    return [result for result in listed if isinstance(result, Item)]


def _stdin(data: bytes, **options: object) -> list[Item | BadRecord]:
    return list(read_sources(["-"], stdin=io.BytesIO(data), **options))  # type: ignore[arg-type]


# --- Single files ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "expected_format"),
    [
        ("a.txt", SUMMIT, "text"),
        ("a.text", SUMMIT, "text"),
        ("a.md", f"# Summit\n\n{SUMMIT}\n", "markdown"),
        ("a.markdown", f"# Summit\n\n{SUMMIT}\n", "markdown"),
        ("a.html", f"<html><body><p>{SUMMIT}</p></body></html>", "html"),
        ("a.htm", f"<html><body><p>{SUMMIT}</p></body></html>", "html"),
        ("A.HTML", f"<html><body><p>{SUMMIT}</p></body></html>", "html"),
    ],
)
def test_article_file_by_suffix(
    tmp_path: Path, name: str, content: str, expected_format: str
) -> None:
    path = _write(tmp_path / name, content)
    [item] = _items(read_sources([path]))
    assert item.raw == content.encode("utf-8")
    assert item.format == expected_format
    assert item.origin == str(path)
    assert item.suffix == path.suffix.lower()


@pytest.mark.parametrize(("name", "suffix"), [("article.body", ".body"), ("README", None)])
def test_named_file_with_unknown_suffix_is_read_as_auto(
    tmp_path: Path, name: str, suffix: str | None
) -> None:
    path = _write(tmp_path / name, SUMMIT)
    [item] = _items(read_sources([str(path)]))
    assert (item.raw, item.format, item.suffix) == (SUMMIT.encode(), "auto", suffix)


def test_missing_path_is_a_bad_record(tmp_path: Path) -> None:
    missing = str(tmp_path / "nowhere.txt")
    good = _write(tmp_path / "good.txt", SUMMIT)
    results = list(read_sources([missing, good]))
    assert results[0] == BadRecord(missing, "no such file or directory")
    assert isinstance(results[1], Item)
    assert results[1].raw == SUMMIT.encode()


def test_oversize_file_is_a_bad_record_and_the_next_file_is_read(tmp_path: Path) -> None:
    big = _write(tmp_path / "big.txt", SUMMIT * 10)
    small = _write(tmp_path / "small.txt", "Short.")
    results = list(read_sources([big, small], max_bytes=100))
    assert isinstance(results[0], BadRecord)
    assert results[0].origin == str(big)
    assert "over the limit of 100 bytes" in results[0].message
    assert "\n" not in results[0].message
    assert isinstance(results[1], Item)
    assert results[1].raw == b"Short."


def test_size_limit_defaults_to_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACCORD_MAX_BYTES", "20")
    path = _write(tmp_path / "a.txt", SUMMIT)
    [result] = list(read_sources([path]))
    assert isinstance(result, BadRecord)
    assert "over the limit of 20 bytes" in result.message


# --- Directories -----------------------------------------------------------------------------


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    _write(root / "b.md", f"# Talks\n\n{TALKS}\n")
    _write(root / "a.txt", SUMMIT)
    _write(root / "sub" / "c.html", f"<p>{TRADE}</p>")
    _write(root / "sub" / "deeper" / "d.txt", TALKS)
    _write(root / "sub" / "draft.txt", "A draft.")
    _write(root / "notes.docx", b"PK\x03\x04 not an article")
    _write(root / "unknown", SUMMIT)
    _write(root / ".hidden.txt", "hidden file")
    _write(root / ".git" / "e.txt", "hidden folder")
    return root


@pytest.mark.parametrize(
    ("include", "exclude", "expected"),
    [
        ((), (), ["a.txt", "b.md", "sub/c.html", "sub/deeper/d.txt", "sub/draft.txt"]),
        (("*.txt",), (), ["a.txt", "sub/deeper/d.txt", "sub/draft.txt"]),
        (("sub/*",), (), ["sub/c.html", "sub/deeper/d.txt", "sub/draft.txt"]),
        ((), ("sub/*",), ["a.txt", "b.md"]),
        (("*.txt", "*.md"), ("*draft*",), ["a.txt", "b.md", "sub/deeper/d.txt"]),
        (("*.pdf",), (), []),
    ],
)
def test_directory_walk_is_sorted_recursive_and_filtered(
    corpus: Path, include: tuple[str, ...], exclude: tuple[str, ...], expected: list[str]
) -> None:
    items = _items(read_sources([corpus], include=include, exclude=exclude))
    assert [item.origin for item in items] == [str(corpus / name) for name in expected]


def test_directory_walk_gives_formats_and_skips_hidden_entries(corpus: Path) -> None:
    items = _items(read_sources([str(corpus)]))
    assert [item.format for item in items] == ["text", "markdown", "html", "text", "text"]
    raws = b" ".join(item.raw for item in items if isinstance(item.raw, bytes))
    assert b"hidden" not in raws
    assert b"PK" not in raws


def test_directory_walk_does_not_follow_a_symlink_loop(corpus: Path) -> None:
    os.symlink(corpus, corpus / "sub" / "loop", target_is_directory=True)
    items = _items(read_sources([corpus]))
    assert len(items) == 5


def test_directory_reads_jsonl_and_feeds_inside(tmp_path: Path) -> None:
    root = tmp_path / "mixed"
    _write(root / "a.jsonl", _jsonl({"text": SUMMIT}, {"text": TALKS}))
    _write(root / "b.rss", _rss(f"<item><title>T</title><description>{TRADE}</description></item>"))
    items = _items(read_sources([root]))
    assert [item.raw for item in items] == [SUMMIT, TALKS, TRADE]
    assert [item.origin for item in items] == [
        f"{root / 'a.jsonl'}:1",
        f"{root / 'a.jsonl'}:2",
        f"{root / 'b.rss'}#1",
    ]


# --- JSON Lines ------------------------------------------------------------------------------


def test_jsonl_records_become_items_with_metadata(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "feed.jsonl",
        _jsonl(
            {
                "text": SUMMIT,
                "title": "Summit",
                "published": "2024-07-10",
                "source": "Wire",
                "url": "https://example.org/summit",
                "extra": [1, 2],
            },
            {"text": TALKS, "title": None, "published": "2024-07-12T23:30:00-05:00"},
            {"html": f"<p>{TRADE}</p>", "title": ""},
        ),
    )
    items = _items(read_sources([path]))
    assert items[0] == Item(
        SUMMIT,
        "text",
        f"{path}:1",
        title="Summit",
        published="2024-07-10",
        source="Wire",
        url="https://example.org/summit",
    )
    assert items[1] == Item(TALKS, "text", f"{path}:2", published="2024-07-12")
    assert items[2] == Item(f"<p>{TRADE}</p>", "html", f"{path}:3")


@pytest.mark.parametrize("suffix", [".jsonl", ".ndjson", ".json"])
def test_jsonl_suffixes(tmp_path: Path, suffix: str) -> None:
    path = _write(tmp_path / f"corpus{suffix}", _jsonl({"text": SUMMIT}))
    assert [item.raw for item in _items(read_sources([path]))] == [SUMMIT]


def test_jsonl_custom_field_names(tmp_path: Path) -> None:
    fields = Fields(
        text="body",
        title="headline",
        published="date",
        source="outlet",
        url="link",
        html="page",
    )
    path = _write(
        tmp_path / "custom.jsonl",
        _jsonl(
            {
                "body": SUMMIT,
                "headline": "Summit",
                "date": "2024-07-10T08:00:00Z",
                "outlet": "Wire",
                "link": "https://example.org/s",
                "text": "ignored: not the configured text field",
            },
            {"page": f"<p>{TALKS}</p>"},
            {"text": TRADE},
        ),
    )
    results = list(read_sources([path], fields=fields))
    assert results[0] == Item(
        SUMMIT,
        "text",
        f"{path}:1",
        title="Summit",
        published="2024-07-10",
        source="Wire",
        url="https://example.org/s",
    )
    assert results[1] == Item(f"<p>{TALKS}</p>", "html", f"{path}:2")
    assert results[2] == BadRecord(f"{path}:3", "field 'body' is missing")


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2024-07-10", "2024-07-10"),
        (" 2024-07-10 ", "2024-07-10"),
        ("2024-07-10T12:00:00Z", "2024-07-10"),
        ("2024-07-10T23:30:00-05:00", "2024-07-10"),
        ("2024-07-10 08:15:00", "2024-07-10"),
        ("2024-07-10T12:00:00.123+02:00", "2024-07-10"),
        ("10 July 2024", "10 July 2024"),
        ("2024-13-45T00:00:00", "2024-13-45T00:00:00"),
        ("2024-02-30", "2024-02-30"),
        ("yesterday", "yesterday"),
    ],
)
def test_jsonl_published_keeps_the_date_part(tmp_path: Path, published: str, expected: str) -> None:
    path = _write(tmp_path / "d.jsonl", _jsonl({"text": SUMMIT, "published": published}))
    [item] = _items(read_sources([path]))
    assert item.published == expected


def test_malformed_jsonl_lines_are_reported_with_their_line_numbers(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": SUMMIT}),  # 1
        "",  # 2 blank
        '{"text": "unterminated',  # 3
        "   ",  # 4 blank
        json.dumps({"text": TALKS}),  # 5
        json.dumps([SUMMIT]),  # 6
        json.dumps({"title": "No text"}),  # 7
        json.dumps({"text": "  "}),  # 8
        json.dumps({"text": 42}),  # 9
        json.dumps({"text": SUMMIT, "title": 7}),  # 10
        json.dumps({"text": SUMMIT, "url": ["https://example.org"]}),  # 11
        json.dumps({"text": SUMMIT, "published": 20240710}),  # 12
        json.dumps({"text": SUMMIT, "source": True}),  # 13
        json.dumps({"text": SUMMIT, "html": {"a": 1}}),  # 14: html unused, text is there
        "[" * 100_000,  # 15
        "null",  # 16
    ]
    data = (
        "\n".join(lines).encode()
        + b"\n"
        + b'{"text": "caf\xe9"}\n'
        + _jsonl({"text": TRADE}).encode()
    )
    path = _write(tmp_path / "bad.jsonl", data)
    results = list(read_sources([path]))
    by_line = {result.origin.rsplit(":", 1)[1]: result for result in results}
    assert sorted(by_line, key=int) == [str(n) for n in [1, 3, *range(5, 19)]]
    good = {n: by_line[n] for n in ("1", "5", "14", "18")}
    assert all(isinstance(result, Item) for result in good.values())
    assert [result.raw for result in good.values() if isinstance(result, Item)] == [
        SUMMIT,
        TALKS,
        SUMMIT,
        TRADE,
    ]
    expected_messages = {
        "3": "invalid JSON: Unterminated string",
        "6": "expected a JSON object, got an array",
        "7": "field 'text' is missing",
        "8": "field 'text' is empty",
        "9": "field 'text' must be a string, not a number",
        "10": "field 'title' must be a string, not a number",
        "11": "field 'url' must be a string, not an array",
        "12": "field 'published' must be a string, not a number",
        "13": "field 'source' must be a string, not a boolean",
        "15": "invalid JSON",
        "16": "expected a JSON object, got null",
        "17": "not valid UTF-8",
    }
    for line, fragment in expected_messages.items():
        result = by_line[line]
        assert isinstance(result, BadRecord), line
        assert result.origin == f"{path}:{line}"
        assert fragment in result.message, (line, result.message)
        assert "\n" not in result.message


def test_jsonl_line_over_the_limit_is_skipped_and_counted(tmp_path: Path) -> None:
    long_text = "word " * 100
    path = _write(
        tmp_path / "long.jsonl",
        _jsonl({"text": SUMMIT}, {"text": long_text}, {"text": TALKS})
        + json.dumps({"text": TRADE}),
    )
    results = list(read_sources([path], max_bytes=120))
    assert results[0] == Item(SUMMIT, "text", f"{path}:1")
    assert results[1] == BadRecord(f"{path}:2", "the line is over the limit of 120 bytes")
    assert results[2] == Item(TALKS, "text", f"{path}:3")
    assert results[3] == Item(TRADE, "text", f"{path}:4")
    assert len(results) == 4


def test_jsonl_file_larger_than_the_limit_is_read_line_by_line(tmp_path: Path) -> None:
    records = [{"text": f"{SUMMIT} Number {n}."} for n in range(50)]
    path = _write(tmp_path / "many.jsonl", _jsonl(*records))
    assert path.stat().st_size > 1000
    items = _items(read_sources([path], max_bytes=1000))
    assert [item.raw for item in items] == [record["text"] for record in records]


def test_jsonl_with_byte_order_mark_and_crlf(tmp_path: Path) -> None:
    data = (
        b"\xef\xbb\xbf" + _jsonl({"text": SUMMIT}, {"text": TALKS}).replace("\n", "\r\n").encode()
    )
    path = _write(tmp_path / "bom.jsonl", data)
    assert [item.raw for item in _items(read_sources([path]))] == [SUMMIT, TALKS]


# --- Feeds -----------------------------------------------------------------------------------


def _rss(items: str, *, prolog: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n{prolog}'
        '<rss version="2.0"><channel><title>Daily Wire</title>'
        f"<link>https://example.org/</link>{items}</channel></rss>"
    )


RSS_ITEMS = (
    "<item><title>Summit ends</title><link>https://example.org/summit</link>"
    "<pubDate>Wed, 10 Jul 2024 23:30:00 -0500</pubDate>"
    f"<description>&lt;p&gt;{SUMMIT}&lt;/p&gt;</description></item>"
    "<item><title>Talks resume</title><pubDate>Fri, 12 Jul 2024</pubDate>"
    f"<description>{TALKS}</description></item>"
    "<item><title>Only a title</title><link>https://example.org/empty</link></item>"
)

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Atom Outlet</title>
  <entry>
    <title>Full content</title>
    <link href="https://example.org/1"/>
    <updated>2024-07-10T23:30:00-05:00</updated>
    <summary>Short summary that the content replaces.</summary>
    <content type="html">&lt;p&gt;{SUMMIT}&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Summary only</title>
    <link href="https://example.org/2"/>
    <published>2024-07-09T10:00:00Z</published>
    <updated>2024-07-11T10:00:00Z</updated>
    <summary type="text">{TALKS}</summary>
  </entry>
  <entry>
    <title>XHTML content</title>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>{TRADE}</p></div></content>
  </entry>
  <entry><title>Nothing here</title><summary>   </summary></entry>
</feed>
"""


def test_rss_feed_entries(tmp_path: Path) -> None:
    path = _write(tmp_path / "wire.rss", _rss(RSS_ITEMS))
    results = list(read_sources([path]))
    assert results[0] == Item(
        f"<p>{SUMMIT}</p>",
        "html",
        f"{path}#1",
        title="Summit ends",
        published="2024-07-10",
        source="Daily Wire",
        url="https://example.org/summit",
    )
    second = results[1]
    assert isinstance(second, Item)
    assert (second.raw, second.origin, second.published) == (TALKS, f"{path}#2", "2024-07-12")
    assert second.url is None
    assert results[2] == BadRecord(f"{path}#3", "entry has no text")
    assert len(results) == 3


def test_atom_feed_entries(tmp_path: Path) -> None:
    path = _write(tmp_path / "outlet.atom", ATOM)
    results = list(read_sources([path]))
    assert results[0] == Item(
        f"<p>{SUMMIT}</p>",
        "html",
        f"{path}#1",
        title="Full content",
        published="2024-07-10",
        source="Atom Outlet",
        url="https://example.org/1",
    )
    assert results[1] == Item(
        TALKS,
        "text",
        f"{path}#2",
        title="Summary only",
        published="2024-07-09",
        source="Atom Outlet",
        url="https://example.org/2",
    )
    third = results[2]
    assert isinstance(third, Item)
    assert third.format == "html"
    assert TRADE in third.raw
    assert third.published is None
    assert results[3] == BadRecord(f"{path}#4", "entry has no text")


def test_xml_file_is_read_as_a_feed_when_it_is_one(tmp_path: Path) -> None:
    rss = _write(tmp_path / "a.xml", _rss(RSS_ITEMS))
    atom16 = _write(
        tmp_path / "b.xml", ATOM.replace('encoding="utf-8"', 'encoding="utf-16"').encode("utf-16")
    )
    other = _write(tmp_path / "c.xml", '<?xml version="1.0"?><catalog><book>x</book></catalog>')
    results = list(read_sources([rss, atom16, other]))
    origins = [result.origin for result in results]
    assert origins[:3] == [f"{rss}#1", f"{rss}#2", f"{rss}#3"]
    assert origins[3:7] == [f"{atom16}#{n}" for n in range(1, 5)]
    assert isinstance(results[4], Item)
    assert results[4].raw == TALKS
    assert results[7] == BadRecord(str(other), "an XML file that is not an RSS or Atom feed")


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("this is not XML at all", "not a readable feed"),
        ("<html><body><p>A web page.</p></body></html>", "not an RSS or Atom feed"),
    ],
)
def test_unreadable_feed_is_one_bad_record(tmp_path: Path, content: str, fragment: str) -> None:
    path = _write(tmp_path / "broken.rss", content)
    [result] = list(read_sources([path]))
    assert isinstance(result, BadRecord)
    assert result.origin == str(path)
    assert fragment in result.message


def test_feed_with_public_doctype_and_no_entities_is_read(tmp_path: Path) -> None:
    prolog = (
        '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
        '"http://my.netscape.com/publish/formats/rss-0.91.dtd">\n'
    )
    path = _write(tmp_path / "old.rss", _rss(RSS_ITEMS, prolog=prolog))
    assert [result.origin for result in read_sources([path])] == [f"{path}#{n}" for n in (1, 2, 3)]


# --- Feed security: entity expansion and external entities -----------------------------------

BILLION_LAUGHS = "\n".join(
    ["<!DOCTYPE rss [", '<!ENTITY lol0 "lol">']
    + [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
    + ["]>\n"]
)
# One plain entity repeated: feedparser keeps such entities and expands them.
QUADRATIC = f'<!DOCTYPE rss [\n<!ENTITY big "{"A" * 50_000}">\n]>\n'


def _bomb_feed(prolog: str, reference: str) -> str:
    return _rss(
        f"<item><title>T</title><description>{reference}</description></item>", prolog=prolog
    )


@pytest.mark.parametrize(
    ("prolog", "reference"),
    [(BILLION_LAUGHS, "&lol9;"), (QUADRATIC, "&big;" * 2_000)],
    ids=["billion-laughs", "quadratic-blowup"],
)
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_entity_expansion_feeds_are_refused(
    tmp_path: Path, prolog: str, reference: str, encoding: str
) -> None:
    text = _bomb_feed(prolog, reference).replace('encoding="utf-8"', f'encoding="{encoding}"')
    path = _write(tmp_path / "bomb.xml", text.encode(encoding))
    results = list(read_sources([path]))
    assert results == [BadRecord(str(path), "DTD entity declarations are refused")]


def test_entity_declarations_hidden_by_utf7_are_refused(tmp_path: Path) -> None:
    text = _bomb_feed(QUADRATIC, "&big;" * 2_000).replace('encoding="utf-8"', 'encoding="utf-7"')
    data = text.encode("utf-7").replace(b"<!", b"+ADwAIQ-")
    assert b"<!ENTITY" not in data
    path = _write(tmp_path / "bomb.rss", data)
    assert list(read_sources([path])) == [
        BadRecord(str(path), "DTD entity declarations are refused")
    ]


@pytest.mark.parametrize(
    "prolog",
    [
        '<!DOCTYPE rss [\n<!ENTITY secret SYSTEM "{uri}">\n]>\n',
        '<!DOCTYPE rss [<!ENTITY secret SYSTEM "{uri}">]>\n',
        '<!DOCTYPE rss [\n<!ENTITY % remote SYSTEM "{uri}">\n%remote;\n]>\n',
    ],
    ids=["general", "one-line", "parameter"],
)
def test_external_entity_feeds_never_read_the_file(tmp_path: Path, prolog: str) -> None:
    secret = _write(tmp_path / "secret.txt", "TOP-SECRET-TOKEN")
    text = _bomb_feed(prolog.format(uri=secret.as_uri()), f"{SUMMIT} &secret;")
    path = _write(tmp_path / "xxe.rss", text)
    results = list(read_sources([path]))
    assert results == [BadRecord(str(path), "DTD entity declarations are refused")]
    assert "TOP-SECRET-TOKEN" not in repr(results)


def test_external_dtd_is_not_fetched(tmp_path: Path) -> None:
    secret = _write(tmp_path / "secret.dtd", '<!ENTITY word "TOP-SECRET-TOKEN">')
    prolog = f'<!DOCTYPE rss SYSTEM "{secret.as_uri()}">\n'
    path = _write(tmp_path / "ext.rss", _bomb_feed(prolog, f"{SUMMIT} &word;"))
    results = list(read_sources([path]))
    assert len(results) == 1
    assert "TOP-SECRET-TOKEN" not in repr(results)


# --- Standard input --------------------------------------------------------------------------


def test_stdin_text_is_one_article() -> None:
    data = f"\n  {SUMMIT}\n{TALKS}\n".encode()
    assert _stdin(data) == [Item(data, "auto", "<stdin>")]


def test_stdin_jsonl_is_streamed_line_by_line() -> None:
    data = b"\n\n" + _jsonl({"text": SUMMIT}, "not an object", {"text": TALKS}).encode()
    assert _stdin(data) == [
        Item(SUMMIT, "text", "<stdin>:3"),
        BadRecord("<stdin>:4", "expected a JSON object, got a string"),
        Item(TALKS, "text", "<stdin>:5"),
    ]


def test_stdin_jsonl_longer_than_the_limit_in_total() -> None:
    records = [{"text": f"{SUMMIT} Number {n}."} for n in range(3_000)]
    data = b"\xef\xbb\xbf" + _jsonl(*records).encode()
    assert len(data) > 200_000
    items = _items(_stdin(data, max_bytes=200))
    assert [item.raw for item in items] == [record["text"] for record in records]
    assert items[-1].origin == "<stdin>:3000"


def test_stdin_feed_is_read_as_a_feed() -> None:
    results = _stdin(_rss(RSS_ITEMS).encode())
    assert [result.origin for result in results] == ["<stdin>#1", "<stdin>#2", "<stdin>#3"]


def test_stdin_over_the_limit_is_a_bad_record() -> None:
    [result] = _stdin(SUMMIT.encode(), max_bytes=10)
    assert isinstance(result, BadRecord)
    assert result.origin == "<stdin>"
    assert "over the limit of 10 bytes" in result.message


def test_stdin_mixed_with_files_keeps_the_order(tmp_path: Path) -> None:
    before = _write(tmp_path / "before.txt", SUMMIT)
    after = _write(tmp_path / "after.md", TALKS)
    results = list(read_sources([before, "-", after], stdin=io.BytesIO(TRADE.encode())))
    assert [result.origin for result in results] == [str(before), "<stdin>", str(after)]


# --- Laziness --------------------------------------------------------------------------------


def test_read_sources_is_lazy(tmp_path: Path) -> None:
    first = _write(tmp_path / "first.txt", SUMMIT)
    later = tmp_path / "later.txt"
    stream = read_sources([first, later])
    assert inspect.isgenerator(stream)
    item = next(stream)
    assert isinstance(item, Item)
    assert item.origin == str(first)
    # The second path is only looked at now: it did not exist when the stream started.
    _write(later, TALKS)
    second = next(stream)
    assert isinstance(second, Item)
    assert second.raw == TALKS.encode()


def test_a_broken_file_later_does_not_stop_earlier_items(tmp_path: Path) -> None:
    good = _write(tmp_path / "good.jsonl", _jsonl({"text": SUMMIT}))
    broken = _write(tmp_path / "broken.rss", "<rss><channel><item>")
    stream = read_sources([good, broken])
    assert next(stream) == Item(SUMMIT, "text", f"{good}:1")
    broken.unlink()
    assert next(stream) == BadRecord(str(broken), "no such file or directory")
