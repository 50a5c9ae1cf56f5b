"""The web app in a real browser (Debian's Chromium driven by Playwright) over a live server on 127.0.0.1: the vote
page's map, sortable and filterable tables, pages without errors, nothing fetched from elsewhere, and the page
without JavaScript. The record is `es11_db` (real votes: every 2025 GA vote, ES-11/7 among them)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Response, Route, sync_playwright
from playwright.sync_api import Error as BrowserError

from web_server import HOST, live_server

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[1]
SCREENSHOTS = REPO / "benchmarks" / "out"  # ignored by git
VOTE = "/votes/A/RES/ES-11/7"
MEMBERS_ON_24_FEB_2025 = 193
MAP_WORDS = {"yes": "Yes", "no": "No", "abstain": "Abstain", "absent": "Absent"}  # the map legend's words
LOCAL_SCHEMES = {"data", "blob", "about"}  # never leave the machine
PAGES = [
    "/",
    VOTE,
    "/days/2025-02-24",
    "/states/USA",
    "/compare/USA/RUS",
    "/search?q=Ukraine",
    "/sessions/79",
    "/blocs",
    "/about",
    "/api",
]
TIMEOUT = 10_000  # ms for a page to load or the map to be drawn

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"Chromium not installed at {CHROMIUM} (apt-get install chromium)"
)


@dataclass
class Watched:
    """A page, and what it did: every request's URL, console errors and uncaught exceptions."""

    page: Page
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    responses: dict[str, int] = field(default_factory=dict)

    def on_request(self, request: Request) -> None:
        self.requests.append(request.url)

    def on_response(self, response: Response) -> None:
        self.responses[response.url] = response.status

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text} at {message.location.get('url')}")

    def on_page_error(self, error: BrowserError) -> None:
        self.errors.append(f"page error: {error}")

    def goto(self, url: str) -> None:
        response = self.page.goto(url, wait_until="load", timeout=TIMEOUT)
        assert response is not None and response.status == 200, f"{url}: {response and response.status}"


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or parts.hostname == HOST


@pytest.fixture(scope="module")
def site(es11_db: Path) -> Iterator[str]:
    """The app over the ES-11 and 2025 record, served on 127.0.0.1."""
    with live_server(es11_db) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, once per module."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield launched
        launched.close()


def _watched(browser: Browser, javascript: bool) -> Iterator[Watched]:
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": 1280, "height": 900})

    def local_only(route: Route, request: Request) -> None:
        if is_local(request.url):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    context.route("**/*", local_only)
    page = context.new_page()
    watched = Watched(page)
    page.on("request", watched.on_request)
    page.on("response", watched.on_response)
    page.on("console", watched.on_console)
    page.on("pageerror", watched.on_page_error)
    yield watched
    context.close()


@pytest.fixture
def tab(browser: Browser) -> Iterator[Watched]:
    """A fresh browser tab with JavaScript, watched, in which requests to other hosts are blocked."""
    yield from _watched(browser, javascript=True)


@pytest.fixture
def plain_tab(browser: Browser) -> Iterator[Watched]:
    """A fresh browser tab with JavaScript turned off."""
    yield from _watched(browser, javascript=False)


def _column(page: Page, table: str, index: int = 0) -> list[str]:
    cells = page.locator(f"{table} tbody tr td:nth-child({index + 1})")
    return [text.strip().lower() for text in cells.all_text_contents()]


def _screenshot(page: Page, tmp_path: Path) -> None:
    """The whole page as PNG, in the test's folder and in benchmarks/out/ (ignored by git) to look at."""
    picture = page.screenshot(path=tmp_path / "vote-page.png", full_page=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "vote-page.png").write_bytes(picture)


def test_vote_map_labels_every_member_with_its_vote(site: str, tab: Watched, tmp_path: Path) -> None:
    """The vote page's map is drawn as SVG; its labelled shapes name each of the 193 members once with its vote."""
    tab.goto(site + VOTE)
    usa = tab.page.locator('#map svg [aria-label^="USA "]')
    try:
        usa.first.wait_for(state="attached", timeout=TIMEOUT)
    except BrowserError:
        _screenshot(tab.page, tmp_path)
        pytest.fail(f"no map shape labelled USA in #map after {TIMEOUT} ms; the page's errors: {tab.errors}")
    _screenshot(tab.page, tmp_path)
    labels = tab.page.locator("#map svg [aria-label]").evaluate_all(
        "nodes => nodes.map(n => n.getAttribute('aria-label'))"
    )
    drawn = {
        m.groups() for m in (re.fullmatch(r"([A-Z]{3}) .+: (\w[\w -]*)", label) for label in labels) if m
    }
    view = tab.page.request.get(site + VOTE + ".json").json()
    expected = {(s["state"], MAP_WORDS[s["vote"]]) for s in view["states"]}
    assert len(expected) == MEMBERS_ON_24_FEB_2025
    assert drawn == expected
    assert re.fullmatch(r"USA United States of America: No", usa.first.get_attribute("aria-label") or "")
    assert tab.errors == []


def test_states_table_sorts_on_header_click(site: str, tab: Watched) -> None:
    """Clicking the State header sorts the states table ascending, a second click descending, with aria-sort."""
    tab.goto(site + VOTE)
    header = tab.page.locator("#states-table thead th").first
    before = _column(tab.page, "#states-table")
    assert len(before) == MEMBERS_ON_24_FEB_2025
    header.click()
    assert header.get_attribute("aria-sort") == "ascending"
    ascending = _column(tab.page, "#states-table")
    assert ascending == sorted(before)
    header.click()
    assert header.get_attribute("aria-sort") == "descending"
    assert _column(tab.page, "#states-table") == sorted(before, reverse=True)
    votes = tab.page.locator("#states-table thead th").nth(1)
    votes.click()
    assert votes.get_attribute("aria-sort") == "ascending"
    assert header.get_attribute("aria-sort") is None
    assert _column(tab.page, "#states-table", 1) == sorted(_column(tab.page, "#states-table", 1))


def test_states_filter_hides_rows(site: str, tab: Watched) -> None:
    """Typing in the filter box hides the rows without the words; clearing it shows every row again."""
    tab.goto(site + VOTE)
    rows = tab.page.locator("#states-table tbody tr")
    tab.page.fill("#filter-states", "united states of america")
    assert rows.locator("visible=true").count() == 1
    assert rows.locator("visible=true").get_attribute("data-state") == "USA"
    tab.page.fill("#filter-states", "no")
    shown = rows.locator("visible=true").all_text_contents()
    assert 0 < len(shown) < MEMBERS_ON_24_FEB_2025
    assert all("no" in text.lower() for text in shown)
    tab.page.fill("#filter-states", "")
    assert rows.locator("visible=true").count() == MEMBERS_ON_24_FEB_2025


@pytest.mark.parametrize("path", PAGES)
def test_pages_load_without_errors_or_foreign_requests(site: str, tab: Watched, path: str) -> None:
    """Each page loads with no console error or uncaught exception, and asks for nothing outside 127.0.0.1."""
    tab.goto(site + path)
    tab.page.wait_for_load_state("networkidle", timeout=TIMEOUT)
    assert tab.requests, "no request recorded"
    assert [url for url in tab.requests if not is_local(url)] == []
    failed = {url: status for url, status in tab.responses.items() if status >= 400}
    assert failed == {}
    assert tab.errors == []


def test_vote_page_without_javascript(site: str, plain_tab: Watched) -> None:
    """Without JavaScript the vote page still shows the tally, every state's row and the server-drawn map."""
    plain_tab.goto(site + VOTE)
    page = plain_tab.page
    facts = page.locator("dl.facts").inner_text()
    assert "93 in favour, 18 against, 65 abstaining" in facts
    assert "93 yes, 18 no, 65 abstain, 17 absent" in facts
    assert page.locator("#states-table tbody tr").count() == MEMBERS_ON_24_FEB_2025
    assert page.locator('#states-table tr[data-state="USA"] td').nth(1).inner_text() == "no"
    image = page.locator("#map img")
    source = image.get_attribute("src") or ""
    assert re.fullmatch(re.escape(VOTE) + r"/map\.(png|svg)", source)
    assert image.is_visible()
    page.wait_for_load_state("networkidle", timeout=TIMEOUT)
    assert plain_tab.responses.get(site + source) == 200
    assert image.evaluate("img => img.complete && img.naturalWidth") > 0
    assert page.locator("#map svg").count() == 0
    assert [url for url in plain_tab.requests if not is_local(url)] == []


def test_foreign_requests_are_blocked(site: str, tab: Watched) -> None:
    """The watch itself works: going to another host is recorded as a request and refused."""
    tab.goto(site + "/about")
    with pytest.raises(BrowserError, match="ERR_BLOCKED_BY_CLIENT"):
        tab.page.goto("http://example.invalid/", timeout=TIMEOUT)
    assert "http://example.invalid/" in tab.requests
    assert not is_local("http://example.invalid/")
