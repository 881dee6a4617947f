"""The web UI's pages, their JSON twins, and what they do with hostile text.

Every page is parsed as HTML: the tests look at the elements a browser would build,
not at substrings, so an escaping bug shows up as a stray ``<script>`` or ``on*``
attribute. The real browser test (tests/server/test_browser.py) checks that nothing
runs.
"""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import accord
from accord.records import Analysis
from accord.report.html import details, json_script, marked_text, marks
from accord.store.store import Store

# What an article, a title or a URL may try: each must stay inert text.
HOSTILE = (
    "Officials in Paris said on Monday that talks with Berlin would resume next week. "
    "<script>window.__xss = 1</script> The ministry added that "
    '<img src=x onerror="window.__xss = 2"> was a test string, and that '
    '<a href="javascript:window.__xss=3">this link</a> should not work. '
    "Entities such as &lt;script&gt;alert(1)&lt;/script&gt; and &#60;b&#62; stay text. "
    "A closing tag </script><script>window.__xss = 4</script> cannot escape either. "
    "\u202eThe bidi override and the zero\u200bwidth space are kept."
)
HOSTILE_TITLE = '<img src=x onerror="window.__xss = 5">Title'
HOSTILE_URL = "javascript:window.__xss=6"


class Elements(HTMLParser):
    """Every start tag of a page with its attributes, and the text of its scripts."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def assert_inert(page: str) -> None:
    """No script but the app's own files and JSON blocks, no event handler attribute,
    no javascript: URL, no external resource."""
    found = Elements(page)
    for tag, attrs in found.tags:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        for key in ("href", "src", "action"):
            value = (attrs.get(key) or "").strip().lower()
            assert not value.startswith(("javascript:", "http://", "https://", "//")) or (
                key == "href" and value.startswith(("http://", "https://")) and tag == "a"
            ), (tag, attrs)
        if tag == "script":
            assert attrs.get("type") == "application/json" or (
                (attrs.get("src") or "").startswith("/static/")
            ), attrs
        assert tag != "img", attrs
        assert tag != "iframe", attrs
    for body in found.scripts:
        json.loads(body)  # only JSON blocks have a body


def test_home_page_is_a_form(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    form = [attrs for tag, attrs in Elements(page.text).tags if tag == "form"]
    assert form[0]["action"] == "/analyze"
    assert form[0]["enctype"] == "multipart/form-data"
    assert_inert(page.text)


@pytest.mark.parametrize(
    "path",
    ["/", "/corpus", "/documents", "/actors/JPN", "/docs", "/corpus?quad_class=3,4"],
)
def test_pages_use_only_local_resources(client: TestClient, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 200
    for tag, attrs in Elements(page.text).tags:
        for key in ("src", "href"):
            value = attrs.get(key)
            if tag in ("script", "link", "img") and value is not None:
                assert value.startswith(("/", "data:")), (path, tag, attrs)


def test_static_files_and_vendor_licences_are_served(client: TestClient) -> None:
    for path in (
        "/static/accord.css",
        "/article.css",
        "/static/article.js",
        "/static/corpus.js",
        "/static/vendor/cytoscape.esm.min.js",
        "/static/vendor/chart.umd.min.js",
        "/static/vendor/swagger-ui-bundle.js",
    ):
        answer = client.get(path)
        assert answer.status_code == 200, path
        assert len(answer.content) > 100, path
    module = client.get("/static/vendor/cytoscape.esm.min.js")
    assert "javascript" in module.headers["content-type"]  # an ES module needs a JS type
    readme = Path(__file__).parents[2] / "src/accord/server/static/vendor/README.md"
    for name in ("cytoscape", "chart.js", "swagger-ui-dist"):
        assert name in readme.read_text(encoding="utf-8")


def test_corpus_page_and_its_twin_show_the_same_data(client: TestClient) -> None:
    data = client.get("/corpus.json").json()
    assert data["counts"]["documents"] == 7
    assert (data["top_dyads"][0]["a"], data["top_dyads"][0]["b"]) == ("AUS", "JPN")
    assert data["filters"]["a"] == "AUS"
    assert data["filters"]["b"] == "JPN"
    months = sorted({row["month"] for row in data["timeline"]["series"]})
    assert months == ["2024-01-01", "2024-02-01", "2024-03-01"]
    codes = {n["code"] for n in data["network"]["nodes"]}
    assert codes == {"JPN", "AUS", "RUS", "UKR", "CHN", "NATO"}

    page = client.get("/corpus")
    found = Elements(page.text)
    (blob,) = found.scripts
    embedded = json.loads(blob)
    assert embedded["network"] == data["network"]
    assert embedded["timeline"] == data["timeline"]
    assert "Japan" in page.text
    assert "AUS – JPN" in page.text
    assert_inert(page.text)


def test_corpus_filters_reach_the_network(client: TestClient) -> None:
    data = client.get("/corpus.json", params={"quad_class": "3,4"}).json()
    assert data["network"]["edges"]
    assert all(e["conflict"] > 0 and e["cooperation"] == 0 for e in data["network"]["edges"])
    data = client.get("/corpus.json", params={"actor": "rus"}).json()
    assert {n["code"] for n in data["network"]["nodes"]} == {"RUS", "UKR"}
    data = client.get("/corpus.json", params={"since": "2024-03", "a": "RUS", "b": "UKR"}).json()
    assert data["timeline"]["a"] == "RUS"
    assert [r["month"] for r in data["timeline"]["series"]] == ["2024-03-01"]


def test_a_bad_filter_is_a_400_page_and_a_400_json(client: TestClient) -> None:
    page = client.get("/corpus", params={"since": "last week"})
    assert page.status_code == 400
    assert "bad date" in page.text
    assert page.headers["content-type"].startswith("text/html")
    answer = client.get("/corpus.json", params={"since": "last week"})
    assert answer.status_code == 400
    assert "bad date" in answer.json()["error"]["message"]


def test_documents_page_searches_and_pages(client: TestClient) -> None:
    data = client.get("/documents.json", params={"q": "steppe"}).json()
    assert {d["outlet"] for d in data["items"]} == {"Steppe Post"}
    assert len(data["items"]) == 2
    first = client.get("/documents.json", params={"limit": 3}).json()
    assert first["next_offset"] == 3
    page = client.get("/documents", params={"limit": 3})
    links = [a["href"] for tag, a in Elements(page.text).tags if tag == "a" and a.get("rel")]
    assert any("offset=3" in (link or "") for link in links)
    titles = [a["href"] for tag, a in Elements(page.text).tags if tag == "a"]
    assert sum(1 for t in titles if (t or "").startswith("/documents/")) == 3


def test_document_page_marks_the_stored_record(client: TestClient) -> None:
    items = client.get("/documents.json", params={"q": "Canberra", "limit": 1}).json()["items"]
    doc_id = items[0]["doc_id"]
    twin = client.get(f"/documents/{doc_id}.json").json()
    api = client.get(f"/api/documents/{doc_id}").json()
    assert twin["record"] == api
    page = client.get(f"/documents/{doc_id}")
    assert page.status_code == 200
    spans = [a for tag, a in Elements(page.text).tags if tag == "span" and a.get("data-ids")]
    assert any("mention" in (a.get("class") or "") for a in spans)
    assert any("trigger" in (a.get("class") or "") for a in spans)
    assert "Sign formal agreement" in page.text  # the events table
    assert_inert(page.text)


def test_unknown_document_and_actor(client: TestClient) -> None:
    assert client.get("/documents/0000000000000000").status_code == 404
    missing = client.get("/documents/0000000000000000.json")
    assert missing.status_code == 404
    assert "no document" in missing.json()["error"]["message"]
    assert client.get("/actors/ZZZZ").status_code == 404


def test_actor_page_and_twin(client: TestClient) -> None:
    data = client.get("/actors/JPN.json", params={"at": "2024-06-01"}).json()
    assert data["name"] == "Japan"
    assert data["at"] == "2024-06-01"
    assert [p["code"] for p in data["partners"]] == ["AUS"]
    page = client.get("/actors/JPN", params={"at": "2024-06-01"})
    assert 'href="/actors/AUS"' in page.text
    assert "Canberra" not in page.text or "acted on" in page.text  # recent events' sentences
    nato = client.get("/actors/NATO.json", params={"at": "2024-06-01"}).json()
    assert "USA" in nato["members"]
    assert "SWE" in nato["members"]
    assert (
        "SWE" not in client.get("/actors/NATO.json", params={"at": "2023-01-01"}).json()["members"]
    )


def test_analyze_form_shows_the_marked_article(client: TestClient) -> None:
    text = (
        "Japan and Australia signed a defence agreement in Tokyo on Monday. "
        '"This is a historic step," the Japanese prime minister said.'
    )
    page = client.post("/analyze", data={"text": text, "published": "2024-07-12", "format": "text"})
    assert page.status_code == 200
    found = Elements(page.text)
    classes = " ".join(a.get("class") or "" for tag, a in found.tags if tag == "span")
    for layer in ("mention", "trigger", "quote", "cue"):
        assert layer in classes, layer
    (blob,) = found.scripts
    ids = json.loads(blob)
    assert any(
        item["layer"] == "trigger" and item["code"].startswith("05") for item in ids.values()
    )
    twin = client.post("/analyze.json", data={"text": text, "published": "2024-07-12"})
    assert twin.json()["record"]["text"] == text
    assert twin.json()["stored"] is False
    assert client.get("/documents.json").json()["total_documents"] == 7  # nothing stored


def test_analyze_form_takes_an_uploaded_file(client: TestClient) -> None:
    html = (
        b"<html><head><title>Ministers meet</title></head><body><article>"
        b"<p>The foreign ministers of India and Brazil met in New Delhi on Tuesday.</p>"
        b"<p>They agreed to expand trade and to hold regular talks.</p>"
        b"</article></body></html>"
    )
    page = client.post("/analyze.json", files={"file": ("talks.html", html, "text/html")})
    assert page.status_code == 200
    record = page.json()["record"]
    assert "<p>" not in record["text"]
    assert "New Delhi" in record["text"]


def test_analyze_form_errors(client: TestClient) -> None:
    empty = client.post("/analyze", data={"text": "   "})
    assert empty.status_code == 422
    assert "error" in empty.text.lower() or "empty" in empty.text.lower()
    big = client.post("/analyze.json", data={"text": "Word " * 20_000})
    assert big.status_code == 413


def _assert_hostile_page(page: str) -> None:
    assert_inert(page)
    found = Elements(page)
    # The hostile strings are there, as text.
    assert "window.__xss = 1" in unescape(page)
    (blob,) = found.scripts
    assert "</script" not in blob.lower()
    json.loads(blob)
    assert not any(
        tag == "a" and (a.get("href") or "").startswith("javascript") for tag, a in found.tags
    )


def test_hostile_article_is_inert_when_analysed(client: TestClient) -> None:
    page = client.post(
        "/analyze",
        data={"text": HOSTILE, "format": "text", "title": HOSTILE_TITLE, "url": HOSTILE_URL},
    )
    assert page.status_code == 200
    _assert_hostile_page(page.text)
    assert "&lt;img src=x onerror=" in page.text  # the title, escaped


def test_hostile_stored_document_is_inert(client: TestClient) -> None:
    line = json.dumps({"text": HOSTILE, "title": HOSTILE_TITLE, "url": HOSTILE_URL})
    upload = client.post("/api/ingest", files={"file": ("hostile.jsonl", line.encode())})
    assert upload.json()["stored"] == 1
    doc_id = client.get("/documents.json", params={"q": "bidi"}).json()["items"][0]["doc_id"]
    page = client.get(f"/documents/{doc_id}")
    assert page.status_code == 200
    _assert_hostile_page(page.text)
    listing = client.get("/documents", params={"q": "bidi"})
    assert_inert(listing.text)
    assert "&lt;img src=x onerror" in listing.text


# -- the marked article itself (accord.report.html) ------------------------------------


@pytest.fixture(scope="module")
def hostile_record(pipeline: accord.Pipeline) -> Analysis:
    return pipeline.analyze(HOSTILE + ' "We are ready," the minister said.', format="text")


def test_marked_text_is_the_text_once_tags_are_removed(hostile_record: Analysis) -> None:
    marked = marked_text(hostile_record)
    assert unescape(re.sub(r"<[^>]*>", "", marked)) == hostile_record.text
    assert "<script>" not in marked


def test_every_mark_is_a_span_with_its_ids(hostile_record: Analysis) -> None:
    found = marks(hostile_record)
    assert {m.layer for m in found} >= {"mention", "quote", "cue"}
    info = details(hostile_record)
    spans = [a for tag, a in Elements(marked_text(hostile_record)).tags if tag == "span"]
    ids = {i for a in spans for i in (a["data-ids"] or "").split()}
    assert ids == {m.ref for m in found}
    assert ids <= info.keys()


def test_overlapping_marks_share_pieces(pipeline: accord.Pipeline) -> None:
    rec = pipeline.analyze('"Japan will defend its interests," Kishida said in Tokyo.')
    spans = [a for tag, a in Elements(marked_text(rec)).tags if tag == "span"]
    assert any({"mention", "quote"} <= set((a["class"] or "").split()) for a in spans)


def test_json_script_cannot_close_its_element() -> None:
    block = json_script({"x": "</script><script>alert(1)</script><!--"}, "d")
    body = block.removeprefix('<script type="application/json" id="d">')
    body = body.removesuffix("</script>")
    assert "<" not in body
    assert ">" not in body
    assert json.loads(body)["x"].startswith("</script>")


def test_notebook_view(hostile_record: Analysis) -> None:
    shown = hostile_record._repr_html_()
    assert shown.startswith("<style>")
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in shown
    assert 'class="mention"' in shown or "mention " in shown


def test_store_fixture_is_untouched(corpus_db: Path) -> None:
    with Store(corpus_db, read_only=True) as store:
        assert store.count("documents") == 7
