"""The ASGI app: the pages and the API over a read-only record, with the headers that keep it self-contained
(a Content-Security-Policy allowing nothing from elsewhere) and limits on what a request may send."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from unvotes.errors import UnvotesError
from unvotes.views import errors
from unvotes.web import api, check, routes
from unvotes.web.database import Database
from unvotes.web.respond import ViewCache, error_response, library_error, to_json
from unvotes.web.version import VERSION

STATIC = Path(__file__).with_name("static")
DEFAULT_THREADS = 8
MAX_QUERY = 2048  # bytes of query string
MAX_BODY = 256 * 1024  # bytes of request body (an article to check is the largest thing sent)
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]


def create_app(db: Path, threads: int = DEFAULT_THREADS) -> FastAPI:
    """The app over the record at `db` (opened read-only on the first request, reopened when the file changes);
    `threads` answer requests side by side."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield
        app.state.database.close()

    app = FastAPI(
        lifespan=lifespan,
        title="unvotes",
        version=VERSION,
        summary="Every recorded vote of the UN General Assembly and Security Council.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.database = Database(db)
    app.state.views = ViewCache()
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(check.router)
    app.include_router(api.docs)
    app.include_router(routes.router)
    app.add_exception_handler(UnvotesError, library_error)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(ValueError, _value_error)
    app.add_middleware(Guard)
    return app


async def _invalid(request: Request, error: Exception) -> Any:
    assert isinstance(error, RequestValidationError)
    problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors())
    return error_response(
        request, 422, dict(errors.envelope("bad_input", problems, "See /api for the parameters."))
    )


async def _http_error(request: Request, error: Exception) -> Any:
    assert isinstance(error, HTTPException)
    if error.status_code == 404:
        message = f"nothing at {request.url.path}"
        return error_response(
            request, 404, dict(errors.envelope("not_found", message, "Try the search box."))
        )
    return error_response(request, error.status_code, dict(errors.envelope("http", str(error.detail))))


async def _value_error(request: Request, error: Exception) -> Any:
    return error_response(request, 400, dict(errors.envelope("bad_input", str(error))))


class Guard:
    """Refuses an overlong query string (414) or body (413) before the app sees it, and adds the security headers
    to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refused = _refusal(scope)
        if refused:
            await _send_error(send, *refused)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        await self.app(scope, _limited(receive), with_headers)


def _refusal(scope: Scope) -> tuple[int, str] | None:
    if len(scope.get("query_string", b"")) > MAX_QUERY:
        return 414, f"the query string is longer than {MAX_QUERY} bytes"
    length = dict(scope.get("headers", [])).get(b"content-length")
    if length and (not length.isdigit() or int(length) > MAX_BODY):
        return 413, f"the request body is larger than {MAX_BODY} bytes"
    return None


def _limited(receive: Receive) -> Receive:
    """A body sent without a length is cut off at the limit too."""
    seen = 0

    async def counted() -> Message:
        nonlocal seen
        message = await receive()
        seen += len(message.get("body", b""))
        if seen > MAX_BODY:
            raise ValueError(f"the request body is larger than {MAX_BODY} bytes")
        return message

    return counted


async def _send_error(send: Send, status: int, message: str) -> None:
    body = to_json(errors.envelope("too_large", message)).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *HEADERS]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
