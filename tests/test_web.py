"""The web app through the framework's test client over the fixture record: every page and its JSON twin, the
API, redirects of aliases, errors, caching headers, the security headers and the request limits."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from unvotes.store import connect
from unvotes.views import errors, pages, record
from unvotes.web.app import CSP, MAX_BODY, MAX_QUERY, create_app
from unvotes.web.links import vote_path

PAGES = [
    "/",
    "/votes/A/RES/ES-11/7",
    "/votes/S/RES/2774%20%282025%29",
    "/days/2025-02-24",
    "/states/USA",
    "/search?q=Ukraine",
    "/sessions/ES-11",
    "/about",
]
TWINS = {
    "/": "/index.json",
    "/search?q=Ukraine": "/search.json?q=Ukraine",
    "/about": "/about.json",
}


@pytest.fixture(scope="module")
def client(fixture_db: Path):
    with TestClient(create_app(fixture_db)) as client:
        yield client


def twin_of(page: str) -> str:
    return TWINS.get(page) or page + ".json"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_is_html_with_a_json_twin(client, page):
    """Each page answers HTML that links its JSON twin, and the twin answers JSON."""
    html, twin = client.get(page), client.get(twin_of(page))
    assert (html.status_code, twin.status_code) == (200, 200)
    assert html.headers["content-type"].startswith("text/html")
    assert twin.headers["content-type"] == "application/json"
    assert f'href="{twin_of(page).split("?")[0]}' in html.text


def test_the_vote_twin_is_the_view_itself(client, fixture_db):
    """The JSON twin of a vote page returns `views.pages.vote` unchanged: one view, two renderings."""
    with connect(fixture_db, read_only=True) as con:
        expected = pages.vote(con, "A/RES/ES-11/7")
    found = client.get("/votes/A/RES/ES-11/7.json").json()
    assert found["vote"]["id"] == expected["vote"]["id"] == "A/RES/ES-11/7"
    assert found["states"] == expected["states"] and found["groups"] == expected["groups"]


def test_the_vote_page_shows_what_was_voted_and_every_state(client):
    """The vote page names the outcome, the rule's explanation, each state's vote and links the downloads."""
    text = client.get("/votes/A/RES/ES-11/7").text
    assert "A/RES/ES-11/7" in text and "adopted" in text
    assert 'id="map"' in text and "/votes/A/RES/ES-11/7/map.svg" in text
    assert re.search(
        r'data-state="USA"><td><a href="/states/USA">United States of America</a></td><td class="v-no">no',
        text,
    )
    assert "/votes/A/RES/ES-11/7.csv" in text


def test_an_alias_redirects_to_the_votes_address(client):
    """A short form or the draft symbol redirects (308) to the vote's permanent address, keeping the form asked."""
    page = client.get("/votes/ES-11/7", follow_redirects=False)
    twin = client.get("/votes/A/ES-11/L.10.json", follow_redirects=False)
    assert (page.status_code, page.headers["location"]) == (308, "/votes/A/RES/ES-11/7")
    assert (twin.status_code, twin.headers["location"]) == (308, "/votes/A/RES/ES-11/7.json")


def test_symbols_with_spaces_and_parentheses_have_safe_addresses(client):
    """A Security Council resolution's address encodes its space and parentheses, and answers."""
    assert vote_path("S/RES/2774 (2025)") == "/votes/S/RES/2774%20%282025%29"
    assert client.get(vote_path("S/RES/2774 (2025)", ".json")).json()["vote"]["id"] == "S/RES/2774 (2025)"


def test_the_csv_download_lists_every_member(client):
    """The vote's CSV has a header and one row per member state that day (193 in 2025)."""
    found = client.get("/votes/A/RES/ES-11/7.csv")
    lines = found.text.strip().splitlines()
    assert found.headers["content-type"].startswith("text/csv") and lines[0] == "state,name,vote,group"
    assert len(lines) == 1 + 193


def test_an_unknown_vote_is_a_404_page_with_a_search_box_and_a_json_envelope(client):
    """Not found: an HTML page with a search box, or the error envelope for the twin and the API."""
    page = client.get("/votes/A/RES/99/999")
    twin = client.get("/votes/A/RES/99/999.json")
    api = client.get("/api/v1/votes/A/RES/99/999")
    assert page.status_code == twin.status_code == api.status_code == 404
    assert 'role="search"' in page.text and "no vote found for" in page.text
    assert (
        twin.json()
        == api.json()
        == errors.envelope(
            "not_found", "no vote found for 'A/RES/99/999'", "Try `unvotes search TEXT` to find its symbol."
        )
    )


def test_an_unknown_address_is_a_404(client):
    """An address no route knows is a 404 page, or the envelope under /api."""
    assert client.get("/no/such/page").status_code == 404
    assert client.get("/api/v1/nothing").json()["error"]["type"] == "not_found"


def test_bad_parameters_are_named_in_the_envelope(client):
    """A malformed date or an out-of-range number is a 4xx envelope naming the parameter, never a 500."""
    day = client.get("/days/24-02-2025.json")
    votes = client.get("/api/v1/votes?since=yesterday")
    assert day.status_code == 400 and "is not a date" in day.json()["error"]["message"]
    assert votes.status_code == 422 and "since" in votes.json()["error"]["message"]


def test_the_api_lists_votes_with_filters_and_pages(client):
    """`/api/v1/votes` filters by organ and pages through the results."""
    first = client.get("/api/v1/votes?organ=SC&per_page=1").json()
    second = client.get("/api/v1/votes?organ=SC&per_page=1&page=2").json()
    assert (first["total"], first["next"], second["next"]) == (2, 2, None)
    assert {first["votes"][0]["id"], second["votes"][0]["id"]} == {"S/RES/2774 (2025)", "S/2025/114"}


def test_the_api_carries_a_states_vote_on_each_row(client):
    """With `state`, each row of `/api/v1/votes` carries that state's vote."""
    found = client.get("/api/v1/votes?state=RUS&organ=SC").json()["votes"]
    assert {v["id"]: v["state_vote"] for v in found} == {"S/RES/2774 (2025)": "Y", "S/2025/114": "N"}


def test_decide_returns_the_whole_decision(client):
    """POST /api/v1/decide: the 2022 Ukraine draft's tally decides a veto, with its arithmetic and basis."""
    body = {
        "organ": "SC",
        "yes": 11,
        "no": 1,
        "abstain": 3,
        "negative_permanent": ["RUS"],
        "on": "2022-02-25",
    }
    found = client.post("/api/v1/decide", json=body)
    assert found.status_code == 200
    assert found.json() == {
        "organ": "SC",
        "question": "substantive",
        "tally": {"yes": 11, "no": 1, "abstain": 3, "non_voting": 0},
        "outcome": "vetoed",
        "threshold": "9 affirmative votes of the 15 members, with no permanent member voting against",
        "required": 9,
        "negative_permanent": ["RUS"],
        "vetoed_by": ["RUS"],
        "insufficient_votes": False,
        "basis": ["UN Charter Art. 27(3)", "SC provisional rules, rule 40"],
        "flags": [],
        "explanation": (
            "The proposal needed 9 affirmative votes of the 15 members of the Council, with no permanent member "
            "voting against; it received 11 in favour to 1 against, with 3 abstentions. It had enough votes but "
            "was not adopted because the Russian Federation, a permanent member, voted against: a veto."
        ),
        "symbol": None,
        "recorded": None,
    }


def test_a_page_of_votes_is_pinned_whole(client):
    """`/api/v1/votes?organ=SC&per_page=1`: the whole first page of the fixture's Council votes."""
    assert client.get("/api/v1/votes?organ=SC&per_page=1").json() == {
        "total": 2,
        "page": 1,
        "per_page": 1,
        "next": 2,
        "votes": [
            {
                "id": "S/2025/114",
                "symbol": "S/2025/114",
                "date": "2025-02-24",
                "organ": "SC",
                "session": None,
                "kind": "amendment",
                "title": None,
                "outcome": "rejected",
                "yes": 6,
                "no": 1,
                "abstain": 8,
                "non_voting": 0,
                "state_vote": None,
            }
        ],
    }


def test_the_openapi_document_and_its_page(client):
    """/openapi.json describes every API route; /api reads it as a page without loading anything from elsewhere."""
    spec = client.get("/openapi.json").json()
    assert {"/api/v1/votes", "/api/v1/decide", "/api/v1/agreement", "/api/v1/coincidence"} <= set(
        spec["paths"]
    )
    assert "/api/v1/shifts" in spec["paths"] and "/api/v1/ideal-points" in spec["paths"]
    assert "GET /api/v1/votes" in client.get("/api").text


def test_an_unchanged_answer_is_a_304_with_its_etag(client):
    """A client that sends back the ETag gets 304 Not Modified; the answer says how long to cache it."""
    first = client.get("/votes/A/RES/ES-11/7.json")
    again = client.get("/votes/A/RES/ES-11/7.json", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    assert "max-age" in first.headers["cache-control"]


@pytest.mark.parametrize("page", ["/", "/votes/A/RES/ES-11/7", "/api/v1/votes", "/nothing"])
def test_every_answer_forbids_loading_from_elsewhere(client, page):
    """Every answer, errors included, carries the Content-Security-Policy that allows only the app itself."""
    found = client.get(page)
    assert found.headers["content-security-policy"] == CSP and "default-src 'self'" in CSP
    assert found.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("page", PAGES)
def test_no_page_loads_anything_from_elsewhere(client, page):
    """No script, stylesheet or image of a page comes from another host, and there is no inline script."""
    text = client.get(page).text
    assert not re.search(r'<(script|img|link)[^>]+(src|href)="(https?:)?//', text)
    assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", text)
    assert "style=" not in text


def test_an_overlong_query_or_body_is_refused(client):
    """A query string over the limit is 414 and a body over the limit 413, each with the envelope."""
    long_query = client.get("/search?q=" + "x" * MAX_QUERY)
    big_body = client.post(
        "/api/v1/decide", content=b"{" + b" " * MAX_BODY + b"}", headers={"content-type": "application/json"}
    )
    assert long_query.status_code == 414 and long_query.json()["error"]["type"] == "too_large"
    assert big_body.status_code == 413 and big_body.json()["error"]["type"] == "too_large"


def test_search_finds_symbols_days_and_words(client):
    """A symbol finds its vote, a date its day, and words the votes whose titles mention them."""
    by_symbol = client.get("/search.json?q=ES-11/7").json()
    by_day = client.get("/search.json?q=2025-02-24").json()
    assert [v["id"] for v in by_symbol["symbols"]] == ["A/RES/ES-11/7"]
    assert by_day["day"] == "2025-02-24"


def test_the_about_page_names_the_sources(client):
    """The about page lists every source with its terms, as `views.record.about` gives them."""
    text = client.get("/about").text
    assert all(s["title"] in text.replace("&amp;", "&") for s in record.about()["sources"])


def test_the_server_lets_a_writer_take_the_file_when_idle(fixture_db, tmp_path):
    """After a second without requests the app closes its connection, so an import may write the file; the next
    request opens it again and sees the new generation."""
    import shutil
    import time

    from unvotes.web.database import IDLE_SECONDS

    path = Path(shutil.copyfile(fixture_db, tmp_path / "served.duckdb"))
    with TestClient(create_app(path)) as client:
        before = client.get("/votes/A/RES/ES-11/7.json").headers["etag"]
        time.sleep(IDLE_SECONDS * 2.5)
        with connect(path, wait=0) as writer:  # fails at once if the app still held the file
            writer.execute("CREATE TABLE touched AS SELECT 1 AS x")
            writer.execute("CHECKPOINT")
        after = client.get("/votes/A/RES/ES-11/7.json")
    assert after.status_code == 200 and after.headers["etag"] != before


def test_bulk_downloads_are_zips_of_the_export(client):
    """/downloads/csv.zip holds the export's CSV tables, one row per record in `roll_calls`; an unknown format
    is a 404."""
    import io
    import zipfile

    found = client.get("/downloads/csv.zip")
    assert found.status_code == 200 and found.headers["content-type"] == "application/zip"
    packed = zipfile.ZipFile(io.BytesIO(found.content))
    names = sorted(n.split("/")[-1] for n in packed.namelist())
    assert {"roll_calls.csv", "votes.csv", "states.csv"} <= set(names)
    roll_calls = packed.read(next(n for n in packed.namelist() if n.endswith("roll_calls.csv"))).decode()
    assert len(roll_calls.strip().splitlines()) == 1 + 3
    assert client.get("/downloads/word.zip").status_code == 404


def test_the_map_comes_as_a_spec_an_svg_and_a_png(client):
    """A vote's map: the Vega-Lite spec the page draws, and the same map rendered on the server as SVG and PNG,
    each state's shape labelled with its vote."""
    spec = client.get("/votes/A/RES/ES-11/7/map.json")
    svg = client.get("/votes/A/RES/ES-11/7/map.svg")
    png = client.get("/votes/A/RES/ES-11/7/map.png")
    assert spec.status_code == svg.status_code == png.status_code == 200
    assert spec.json()["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    assert (
        svg.headers["content-type"] == "image/svg+xml"
        and 'aria-label="USA United States of America: No"' in svg.text
    )
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_states_agreement_chart_is_a_spec(client):
    """The state page's chart of agreement with a partner is a Vega-Lite spec over the years."""
    found = client.get("/states/RUS/agreement.json?partner=USA")
    assert found.status_code == 200 and found.json()["$schema"].startswith(
        "https://vega.github.io/schema/vega-lite/"
    )


def test_the_story_pages_and_their_twins(client):
    """/days/{date}/story and /votes/{symbol}/story show the story; their .json twins carry each sentence's
    evidence; an alias redirects to the vote's story."""
    page = client.get("/days/2025-02-24/story")
    twin = client.get("/days/2025-02-24/story.json").json()
    alias = client.get("/votes/ES-11/7/story", follow_redirects=False)
    assert page.status_code == 200 and twin["headline"] in page.text.replace("&#34;", '"')
    assert all("evidence" in s for p in twin["paragraphs"] for s in p["sentences"])
    assert (alias.status_code, alias.headers["location"]) == (308, "/votes/A/RES/ES-11/7/story")
    assert client.get("/votes/A/RES/ES-11/7/story.json").json()["lead"] == "A/RES/ES-11/7"


def test_the_state_page_filters_its_votes(client):
    """/states/RUS?organ=SC&vote=no lists the Council votes Russia voted against; other filters narrow it more."""
    found = client.get("/states/RUS.json?organ=SC&vote=no").json()["votes"]
    none = client.get("/states/RUS.json?organ=SC&vote=no&from_year=2026").json()["votes"]
    assert (found["total"], [v["id"] for v in found["rows"]]) == (1, ["S/2025/114"])
    assert found["filters"] == {"organ": "SC", "vote": "no"} and none["total"] == 0
    assert client.get("/states/RUS?vote=maybe").status_code == 422


def test_an_empty_filter_is_no_filter(client):
    """`/api/v1/votes?topic=&kind=` (a form sent with empty boxes) filters nothing out."""
    assert (
        client.get("/api/v1/votes?topic=&kind=").json()["total"]
        == client.get("/api/v1/votes").json()["total"]
        == 3
    )


def test_decide_takes_a_permanent_member_by_name(client):
    """`negative_permanent` may name the state ("Russia") as well as code it; an unknown name is an error."""
    body = {"organ": "SC", "yes": 11, "no": 1, "abstain": 3, "on": "2022-02-25"}
    named = client.post("/api/v1/decide", json=body | {"negative_permanent": ["Russia"]}).json()
    unknown = client.post("/api/v1/decide", json=body | {"negative_permanent": ["Atlantis"]})
    assert named["vetoed_by"] == ["RUS"]
    assert unknown.status_code >= 400 and unknown.json()["error"]["type"] == "unknown_state"
