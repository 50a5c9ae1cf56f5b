"""The JSON API, version 1: the views as JSON, with every parameter typed and bound (the OpenAPI description is
at /openapi.json, and read as a page at /api)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from unvotes.models import Selection
from unvotes.refdata import states
from unvotes.store import queries
from unvotes.views import analysis, record, rules
from unvotes.web.respond import TEMPLATES, answer, to_json

router = APIRouter(prefix="/api/v1", tags=["v1"])
docs = APIRouter(include_in_schema=False)
Organ = Literal["GA", "SC"]
Year = Annotated[int, Query(ge=1946, le=2100)]
Text = Annotated[str, Query(min_length=1, max_length=200)]
PER_PAGE = 50


@router.get("/votes", summary="Votes, newest first, filtered and paginated")
def votes(
    request: Request,
    organ: Organ | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    state: Annotated[
        str | None, Query(max_length=60, description="A state whose vote each row carries")
    ] = None,
    topic: Annotated[str | None, Query(max_length=200)] = None,
    kind: Annotated[str | None, Query(max_length=40)] = None,
    outcome: Annotated[str | None, Query(max_length=40)] = None,
    session: Annotated[str | None, Query(max_length=20)] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=500)] = PER_PAGE,
) -> Response:
    def compute(con: Any) -> dict[str, Any]:
        state_id = states.resolve(state, on=until or since) if state else None
        total, rows = queries.vote_list(
            con,
            organ=organ,
            since=since,
            until=until,
            session=session,
            topic=topic,
            kind=kind,
            outcome=outcome,
            state=state_id,
            limit=per_page,
            offset=(page - 1) * per_page,
        )
        more = page * per_page < total
        return {
            "total": total,
            "page": page,
            "per_page": per_page,
            "next": page + 1 if more else None,
            "votes": rows,
        }

    return answer(request, compute, template=None, as_json=True)


@router.get(
    "/votes/{symbol:path}", summary="One vote: counts, outcome, every state's vote, related votes, sources"
)
def vote(request: Request, symbol: str) -> Response:
    return answer(request, lambda con: record.vote(con, symbol), template=None, as_json=True)


@router.get("/states/{state}", summary="One member state: names, successions and its votes in the record")
def state(request: Request, state: str) -> Response:
    return answer(request, lambda con: record.state(con, state), template=None, as_json=True)


@router.get("/agreement", summary="How often two states or blocs voted alike, overall and per period")
def agreement(
    request: Request,
    a: Text,
    b: Text,
    organ: Organ = "GA",
    since: dt.date | None = None,
    until: dt.date | None = None,
    by: Literal["year", "session"] = "year",
) -> Response:
    selection = Selection(organ=organ, since=since, until=until)  # type: ignore[arg-type]
    return answer(
        request, lambda con: analysis.agreement(con, a, b, selection, by), template=None, as_json=True
    )


@router.get("/coincidence", summary="Voting coincidence with a state in a year (State Department method)")
def coincidence(
    request: Request,
    state: Text,
    year: Year,
    method: Literal["auto", "state-dept", "yes-no"] = "auto",
    important: bool = False,
    as_recorded: bool = False,
) -> Response:
    return answer(
        request,
        lambda con: analysis.coincidence(con, state, year, method, important, as_recorded),
        template=None,
        as_json=True,
    )


@router.get("/ideal-points", summary="Ideal points of one GA session or calendar year (static fit)")
def ideal_points(
    request: Request,
    session: Annotated[str | None, Query(max_length=20)] = None,
    year: Annotated[int | None, Query(ge=1946, le=2100)] = None,
) -> Response:
    if (session is None) == (year is None):
        raise ValueError("give one of session or year")
    return answer(request, lambda con: analysis.ideal_points(con, session, year), template=None, as_json=True)


@router.get(
    "/shifts", summary="The votes where a state reversed its earlier position; change points with a partner"
)
def shifts(
    request: Request, state: Text, since: dt.date | None = None, partner: Text | None = None
) -> Response:
    return answer(
        request, lambda con: analysis.turnarounds(con, state, since, partner), template=None, as_json=True
    )


class Tally(BaseModel):
    """A tally to decide, as the Charter and the rules of procedure decide it."""

    organ: Organ
    yes: int = Field(ge=0, le=250)
    no: int = Field(ge=0, le=250)
    abstain: int = Field(0, ge=0, le=250)
    non_voting: int = Field(0, ge=0, le=250)
    question: str | None = Field(None, max_length=40)
    negative_permanent: list[str] = Field(default_factory=list, max_length=5)
    on: dt.date | None = None


@router.post("/decide", summary="Decide a tally: outcome, threshold, vetoes, legal basis and explanation")
def decide(tally: Tally) -> Response:
    found = rules.decision(
        tally.organ,
        tally.yes,
        tally.no,
        tally.abstain,
        tally.non_voting,
        tally.question,
        tally.negative_permanent,
        tally.on,
    )
    return Response(to_json(found), media_type="application/json")


@docs.get("/api")
def api_page(request: Request) -> HTMLResponse:
    """The API described from its OpenAPI document, as a page that needs nothing from elsewhere."""
    return TEMPLATES.TemplateResponse(request, "api.html", {"spec": request.app.openapi()})
