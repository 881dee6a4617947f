"""End to end in a real browser: Debian's headless Chromium, driven by Playwright.

A real ``accord serve`` process serves the hand-built corpus on loopback. The tests
analyse a sample article through the form, click what is marked, draw the network
and the timeline, open a profile, and feed the UI hostile text, checking that no
script of it runs. Screenshots go to ``build/test-artifacts/`` (kept by CI).

Without Chromium the tests skip, unless ``ACCORD_BROWSER_TESTS=required`` (which
``.ci/run`` sets after installing it): then a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page

from .conftest import TOKEN, serve
from .test_pages import HOSTILE, HOSTILE_TITLE

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "build" / "test-artifacts"
SAMPLE = sorted((ROOT / "examples" / "articles").glob("*.md"))[0]
CHROMIUM = os.environ.get("ACCORD_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# Chromium on a closed network: no background connections, no sandbox as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


PROBLEMS: dict[Page, list[str]] = {}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("ACCORD_BROWSER_TESTS") == "required":
            pytest.fail(f"Chromium is required but absent ({CHROMIUM})")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as play:
        launched = play.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``accord serve`` on loopback over a copy of the hand-built corpus."""
    from accord.store.store import Store

    from ..store.conftest import STORIES, record

    db = tmp_path_factory.mktemp("browser") / "corpus.duckdb"
    with Store(db) as store:
        store.add([record(s) for s in STORIES])
    with serve(db) as base:
        yield base


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A new tab that records console errors, page errors and dialogs in
    ``PROBLEMS[tab]``: no test expects any."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    opened = context.new_page()
    problems = PROBLEMS.setdefault(opened, [])
    opened.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    opened.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    opened.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    yield opened
    context.close()
    PROBLEMS.pop(opened, None)


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_analyse_a_sample_article_through_the_form(server: str, page: Page) -> None:
    p = page
    p.goto(server + "/")
    p.fill("#text", SAMPLE.read_text(encoding="utf-8"))
    p.click("#analyze-button")
    p.wait_for_selector("#article-text")
    count = p.locator
    assert count("#article-text span.mention").count() > 10
    assert count("#article-text span.trigger").count() > 3
    assert count("#article-text span.quote").count() > 3
    assert count("#events-table tbody tr").count() > 3
    assert count("#quotes-table tbody tr").count() > 3
    assert count("#legend span").count() == 5
    # A click on an event trigger shows the event in the details panel.
    count("#article-text span.trigger").first.click()
    details = count("#details").inner_text()
    assert "CAMEO" in details
    assert "Goldstein" in details
    assert "Sentence" in details
    # A click on a mention shows the actor.
    count("#article-text span.mention").first.click()
    assert "Code" in count("#details").inner_text()
    _shot(p, "article-view")
    assert PROBLEMS[p] == []


def test_corpus_dashboard_draws_network_and_timeline(server: str, page: Page) -> None:
    p = page
    p.goto(server + "/corpus")
    p.wait_for_selector("body[data-ready=true]")
    network = p.locator("#network")
    assert network.get_attribute("data-nodes") == "6"
    assert int(network.get_attribute("data-edges")) >= 4
    assert network.locator("canvas").count() >= 1
    assert p.locator("#timeline").get_attribute("data-months") == "3"
    assert p.locator("#actors-table tbody tr").count() == 6
    _shot(p, "corpus-dashboard")
    # Clicking the JPN node opens Japan's profile.
    box = network.bounding_box()
    where = p.evaluate("() => window.accord.network.getElementById('JPN').renderedPosition()")
    p.mouse.click(box["x"] + where["x"], box["y"] + where["y"])
    p.wait_for_url("**/actors/JPN")
    assert "Japan" in p.locator("h1").inner_text()
    assert p.locator("#partners-table").inner_text().count("AUS") >= 1
    _shot(p, "actor-profile")
    assert PROBLEMS[p] == []


def test_filters_change_the_network(server: str, page: Page) -> None:
    p = page
    p.goto(server + "/corpus")
    p.select_option("select[name=quad_class]", "3,4")
    p.click("#corpus-filters button")
    p.wait_for_selector("body[data-ready=true]")
    assert "quad_class=3%2C4" in p.url
    nodes = p.locator("#network").get_attribute("data-nodes")
    assert nodes == "4"  # RUS, UKR, CHN, NATO
    assert PROBLEMS[p] == []


def _assert_nothing_ran(p: Page) -> None:
    assert p.evaluate("() => window.__xss") is None
    tags = p.evaluate("() => [...document.querySelectorAll('#article-text *')].map(e => e.tagName)")
    assert set(tags) <= {"SPAN"}
    text = p.locator("#article-text").inner_text()
    assert "<script>window.__xss = 1</script>" in text
    assert "<img src=x onerror=" in text
    assert p.evaluate("() => document.images.length") == 0
    assert p.locator("a[href^='javascript']").count() == 0
    assert PROBLEMS[p] == []


def test_hostile_article_renders_as_inert_text(server: str, page: Page) -> None:
    p = page
    p.goto(server + "/")
    p.fill("#text", HOSTILE)
    p.select_option("#format", "text")
    p.fill("input[name=title]", HOSTILE_TITLE)
    p.click("#analyze-button")
    p.wait_for_selector("#article-text")
    assert HOSTILE_TITLE in p.locator("h1").inner_text()
    for span in p.locator("#article-text span[data-ids]").all():
        span.click()  # the details panel writes every value as text
    _assert_nothing_ran(p)
    _shot(p, "hostile-article")


def test_hostile_stored_document_renders_as_inert_text(server: str, page: Page) -> None:
    import json

    line = json.dumps({"text": HOSTILE, "title": HOSTILE_TITLE, "url": "javascript:alert(1)"})
    answer = httpx.post(server + "/api/ingest", files={"file": ("x.jsonl", line.encode())})
    assert answer.json()["stored"] in (0, 1)
    found = httpx.get(server + "/api/documents", params={"q": "bidi"}).json()["items"]
    p = page
    p.goto(f"{server}/documents/{found[0]['doc_id']}")
    _assert_nothing_ran(p)
    p.goto(server + "/documents?q=bidi")
    assert p.evaluate("() => document.images.length") == 0
    assert p.evaluate("() => window.__xss") is None


def test_token_server_asks_for_the_token_once(
    browser: Browser, tmp_path: Path, corpus_db: Path
) -> None:
    context = browser.new_context()
    p = context.new_page()
    with serve(corpus_db, "--token", TOKEN) as base:
        p.goto(base + "/corpus")
        assert p.locator("input[name=token]").count() == 1
        p.fill("input[name=token]", TOKEN)
        p.click("button[type=submit]")
        p.goto(base + "/corpus")
        p.wait_for_selector("body[data-ready=true]")
        assert p.locator("#network").get_attribute("data-nodes") == "6"
    context.close()
