"""The pages. Each is one view of `views.pages` rendered by a template; the same address plus `.json` returns the
view itself."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from unvotes.errors import NotFound, UnvotesError
from unvotes.models import Selection
from unvotes.views import analysis, pages, record
from unvotes.web import downloads
from unvotes.web.links import split_suffix, vote_path
from unvotes.web.respond import answer

router = APIRouter(include_in_schema=False)
MAX_TEXT = 200  # the longest search or name a page accepts


def _twin(value: str) -> tuple[str, bool]:
    """A path parameter without its `.json`, and whether the JSON twin was asked for."""
    return (value[:-5], True) if value.endswith(".json") else (value, False)


@router.get("/")
def home(request: Request) -> Response:
    return answer(request, pages.home, template="home.html", as_json=False)


@router.get("/favicon.ico")
def favicon() -> Response:
    """Browsers ask for /favicon.ico whatever the page says: send them the icon the pages link."""
    return RedirectResponse("/static/favicon.svg", status_code=301)


@router.get("/index.json")
def home_json(request: Request) -> Response:
    return answer(request, pages.home, template=None, as_json=True)


@router.get("/votes/{address:path}")
def vote(request: Request, address: str) -> Response:
    """A vote's page, its JSON twin, its CSV, and its map (spec, SVG, PNG); aliases redirect to its address."""
    symbol, suffix = split_suffix(address)
    found = answer_vote(request, symbol)
    canonical = found["vote"]["id"]
    if canonical and canonical != symbol:
        return RedirectResponse(vote_path(canonical, suffix), status_code=308)
    if suffix in (".csv", "/map.json", "/map.svg", "/map.png"):
        return downloads.vote_form(request, found, suffix)
    if suffix in ("/story", "/story.json"):
        return _story(request, canonical or symbol, as_json=suffix == "/story.json")
    if suffix == ".json":
        return answer(request, lambda con: found, template=None, as_json=True)

    def with_notes(con: Any) -> dict[str, Any]:  # computed once per generation, with the rendered page
        return {**found, "map_notes": downloads.vote_map(found).get("usermeta", {}).get("notes", [])}

    return answer(request, with_notes, template="vote.html", as_json=False)


def answer_vote(request: Request, symbol: str) -> dict[str, Any]:
    """The vote page's view, from the cache of this generation of the data."""
    database = request.app.state.database

    def compute() -> Any:
        with database.cursor() as con:
            return pages.vote(con, symbol)

    return request.app.state.views.get((database.generation, "vote:" + symbol), compute)  # type: ignore[no-any-return]


@router.get("/days/{date}/story")
def day_story(request: Request, date: str) -> Response:
    """The day's votes as a news story, each sentence with its evidence in the JSON twin."""
    return _story(request, _date(date).isoformat(), as_json=False)


@router.get("/days/{date}/story.json")
def day_story_json(request: Request, date: str) -> Response:
    return _story(request, _date(date).isoformat(), as_json=True)


def _story(request: Request, target: str, as_json: bool) -> Response:
    from unvotes import settings
    from unvotes.report import story as writer
    from unvotes.views.story import story_facts

    spelling = settings.get("spelling")
    return answer(
        request,
        lambda con: writer.write(story_facts(con, target), spelling),
        template="story.html",
        as_json=as_json,
    )


@router.get("/days/{date}")
def day(request: Request, date: str) -> Response:
    text, as_json = _twin(date)
    on = _date(text)
    return answer(request, lambda con: pages.day(con, on), template="day.html", as_json=as_json)


@router.get("/states/{state}/agreement.json")
def state_agreement_chart(
    request: Request, state: str, partner: Annotated[str, Query(min_length=1, max_length=MAX_TEXT)] = "USA"
) -> Response:
    """The chart of a state's agreement with `partner` over time (a Vega-Lite spec)."""
    from unvotes.report import charts

    def compute(con: Any) -> dict[str, Any]:
        found = analysis.agreement(con, state, partner, Selection(), lineage=True)
        return charts.agreement_chart(found, title=f"{found['a']} and {found['b']}: agreement by year")

    return answer(request, compute, template=None, as_json=True)


@router.get("/states/{state}/ideal.json")
def state_ideal_chart(request: Request, state: str) -> Response:
    """The chart of a state's ideal point by session with its 95 % band, from the dynamic fit of every session
    (fitted once per generation of the data and kept on disk: the first request takes about half a minute)."""
    from unvotes.report import charts

    def compute(con: Any) -> dict[str, Any]:
        own = record.state(con, state, latest=0)["state"]
        fit = downloads.dynamic_ideal_points(request)
        rows = [r for r in fit["rows"] if r["state"] == own]
        if not rows:
            raise NotFound(
                f"no ideal point of {own}", hint="Ideal points cover General Assembly members' votes."
            )
        return charts.ideal_chart({**fit, "rows": rows}, [own], title=f"{own}: ideal point by session")  # type: ignore[typeddict-item]

    return answer(request, compute, template=None, as_json=True)


@router.get("/states/{state}")
def state(
    request: Request,
    state: str,
    partner: Annotated[str, Query(max_length=MAX_TEXT)] = "USA",
    since: Annotated[int, Query(ge=1946, le=2100)] = 2000,
    organ: Literal["GA", "SC", ""] = "",
    topic: Annotated[str, Query(max_length=MAX_TEXT)] = "",
    vote: Literal["yes", "no", "abstain", "absent", ""] = "",
    from_year: Annotated[int | None, Query(ge=1946, le=2100)] = None,
    to_year: Annotated[int | None, Query(ge=1946, le=2100)] = None,
) -> Response:
    name, as_json = _twin(state)
    filters = {"organ": organ, "topic": topic, "vote": vote, "from_year": from_year, "to_year": to_year}
    return answer(
        request,
        lambda con: pages.state(con, name, partner, since, filters),
        template="state.html",
        as_json=as_json,
    )


@router.get("/compare/{a}/{b}")
def compare(
    request: Request, a: str, b: str, since: Annotated[int | None, Query(ge=1946, le=2100)] = None
) -> Response:
    right, as_json = _twin(b)
    return answer(
        request, lambda con: pages.compare(con, a, right, since), template="compare.html", as_json=as_json
    )


@router.get("/search")
def search(request: Request, q: Annotated[str, Query(max_length=MAX_TEXT)] = "") -> Response:
    return answer(request, lambda con: pages.search(con, q), template="search.html", as_json=False)


@router.get("/search.json")
def search_json(request: Request, q: Annotated[str, Query(max_length=MAX_TEXT)] = "") -> Response:
    return answer(request, lambda con: pages.search(con, q), template=None, as_json=True)


@router.get("/sessions/{number}")
def session(request: Request, number: str) -> Response:
    text, as_json = _twin(number)
    return answer(request, lambda con: pages.session(con, text), template="session.html", as_json=as_json)


@router.get("/blocs")
def blocs(request: Request, year: Annotated[int | None, Query(ge=1946, le=2100)] = None) -> Response:
    return answer(
        request,
        lambda con: pages.bloc_page(con, year or pages.last_ga_year(con)),
        template="blocs.html",
        as_json=False,
    )


@router.get("/blocs.json")
def blocs_json(request: Request, year: Annotated[int | None, Query(ge=1946, le=2100)] = None) -> Response:
    return answer(
        request,
        lambda con: pages.bloc_page(con, year or pages.last_ga_year(con)),
        template=None,
        as_json=True,
    )


@router.get("/downloads/{name}")
def bulk_download(request: Request, name: str) -> Response:
    """The whole record in one export format, zipped: /downloads/parquet.zip, csv, popolo, unvotes-r."""
    return downloads.bulk(request, name.removesuffix(".zip"))


@router.get("/about")
def about(request: Request) -> Response:
    return answer(request, _about, template="about.html", as_json=False)


@router.get("/about.json")
def about_json(request: Request) -> Response:
    return answer(request, _about, template=None, as_json=True)


def _about(con: Any) -> dict[str, Any]:
    return {"about": record.about(), "stats": record.stats(con)}


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UnvotesError(
            f"{text!r} is not a date", hint="Write the day as YYYY-MM-DD, e.g. /days/2025-02-24."
        ) from None
