"""The check on the web: a form to paste an article, the article given back annotated claim by claim, and
`POST /api/v1/check` with the check itself as JSON."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from unvotes.factcheck import BadArticle, check
from unvotes.factcheck import text as article_text
from unvotes.factcheck.render import summary
from unvotes.factcheck.shapes import Check
from unvotes.web.respond import TEMPLATES, to_json

router = APIRouter()
MAX_CHARS = 200_000


class CheckRequest(BaseModel):
    """An article to check: its text (plain or HTML), its dateline and the organ it is about, where known."""

    text: str = Field(min_length=1, max_length=MAX_CHARS)
    date: dt.date | None = Field(
        default=None, description="The dateline: the vote is that day or shortly before"
    )
    organ: Literal["GA", "SC"] | None = None


def _checked(request: Request, text: str, date: dt.date | None, organ: str | None) -> Check:
    with request.app.state.database.cursor() as con:
        return check(con, text, date=date, organ=organ)


@router.post(
    "/api/v1/check", tags=["v1"], summary="Check what an article says about UN votes, claim by claim"
)
def check_api(request: Request, body: CheckRequest) -> Response:
    """The article's claims about votes, each true, false or unverifiable with its evidence; the verdict."""
    found = _checked(request, body.text, body.date, body.organ)
    return Response(to_json(found), media_type="application/json")


@router.get("/check", include_in_schema=False)
def check_form(request: Request) -> HTMLResponse:
    """The form: paste an article, give its dateline and organ."""
    return _page(request, None, {"text": "", "date": "", "organ": ""})


@router.post("/check", include_in_schema=False)
def check_page(
    request: Request,
    text: Annotated[str, Form(max_length=MAX_CHARS)],
    date: Annotated[str, Form(max_length=10)] = "",
    organ: Annotated[str, Form(max_length=2)] = "",
) -> HTMLResponse:
    """The article back, annotated claim by claim, with the evidence of each claim below it."""
    found = _checked(request, text, _day(date), organ or None)
    return _page(request, found, {"text": text, "date": date, "organ": organ})


def _day(value: str) -> dt.date | None:
    if not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise BadArticle(
            f"{value!r} is not a date", hint="Give the dateline as YYYY-MM-DD, or leave it empty."
        ) from None


def _page(request: Request, found: Check | None, form: dict[str, str]) -> HTMLResponse:
    data: dict[str, Any] = {"form": form, "check": found}
    if found is not None:
        data["paragraphs"] = paragraphs(found)
        data["summary"] = summary(found)
    page = TEMPLATES.get_template("check.html").render(request=request, data=data)
    return HTMLResponse(page)


def paragraphs(found: Check) -> list[list[dict[str, Any]]]:
    """The article's prose as paragraphs of pieces: plain text, or a claim's words with its number and verdict
    (claims that overlap one already marked are numbered on that mark)."""
    text = found["text"]
    marks: list[dict[str, Any]] = []
    for number, claim in enumerate(found["claims"], start=1):
        if marks and claim["start"] < marks[-1]["end"]:
            marks[-1]["numbers"].append(number)
            marks[-1]["verdicts"].append(claim["verdict"])
            marks[-1]["end"] = max(marks[-1]["end"], claim["end"])
        else:
            marks.append(
                {
                    "start": claim["start"],
                    "end": claim["end"],
                    "numbers": [number],
                    "verdicts": [claim["verdict"]],
                }
            )
    out: list[list[dict[str, Any]]] = []
    offset = 0
    for line in text.split("\n"):
        end = offset + len(line)
        if article_text.is_prose(line):
            out.append(_pieces(text, offset, end, [m for m in marks if offset <= m["start"] < end]))
        offset = end + 1
    return out


def _pieces(text: str, start: int, end: int, marks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    pieces: list[dict[str, Any]] = []
    at = start
    for mark in marks:
        stop = min(mark["end"], end)
        if mark["start"] > at:
            pieces.append({"text": text[at : mark["start"]]})
        verdict = next((v for v in ("false", "unverifiable") if v in mark["verdicts"]), "true")
        pieces.append(
            {"text": text[max(at, mark["start"]) : stop], "numbers": mark["numbers"], "verdict": verdict}
        )
        at = max(at, stop)
    if at < end:
        pieces.append({"text": text[at:end]})
    return [p for p in pieces if p["text"]]
