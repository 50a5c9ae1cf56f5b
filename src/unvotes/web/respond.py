"""One way to answer: an HTML page or its JSON twin from the same view dict, with ETags and a cache of the
views' results per generation of the data; errors as the one envelope (JSON) or an error page (HTML)."""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from unvotes.errors import NotFound, StoreError, UnknownState, UnvotesError
from unvotes.report import story as story_writer
from unvotes.store.engine import duckdb
from unvotes.views import errors
from unvotes.web.database import Database
from unvotes.web.links import vote_path
from unvotes.web.version import VERSION

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).with_name("templates")))
TEMPLATES.env.globals["vote_path"] = vote_path
TEMPLATES.env.globals["version"] = VERSION


def story_html(story: dict[str, Any]) -> Markup:
    """The story's HTML (escaped by the writer) with the map of its lead vote after the lede."""
    figure = TEMPLATES.get_template("story_map.html").render(lead=story["lead"]) if story["lead"] else ""
    return Markup(story_writer.html(story, vote_path, figure))


TEMPLATES.env.globals["story_html"] = story_html
CACHE_CONTROL = "public, max-age=300"  # the data change only on import; the ETag tells a client when
CACHED_VIEWS = 256


class ViewCache:
    """The latest results of the views, by generation of the data and address: a page asked for again is not
    computed again until the data change."""

    def __init__(self, size: int = CACHED_VIEWS) -> None:
        self._items: OrderedDict[tuple[str, str], Any] = OrderedDict()
        self._making: dict[tuple[str, str], threading.Lock] = {}
        self._lock = threading.Lock()
        self._size = size

    def get(self, key: tuple[str, str], compute: Callable[[], Any]) -> Any:
        """The kept result, else `compute()`'s, made once however many requests ask for it at the same time."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            making = self._making.setdefault(key, threading.Lock())
        with making:
            with self._lock:
                if key in self._items:
                    return self._items[key]
            found = compute()
            with self._lock:
                self._items[key] = found
                self._making.pop(key, None)
                while len(self._items) > self._size:
                    self._items.popitem(last=False)
        return found


def etag(generation: str, request: Request) -> str:
    """A weak ETag: the data's generation, the code's version and the address asked for."""
    address = hashlib.sha1(str(request.url).encode()).hexdigest()[:16]
    return f'W/"{generation}-{VERSION}-{address}"'


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def answer(
    request: Request,
    compute: Callable[[duckdb.DuckDBPyConnection], Any],
    *,
    template: str | None,
    as_json: bool,
) -> Response:
    """The view `compute` gives, as JSON or through `template`; 304 when the client holds this generation. Both
    the view and the rendered answer are kept until the data change, so a page asked again costs no query."""
    database: Database = request.app.state.database
    generation = database.generation  # one look at the file per request
    tag = etag(generation, request)
    headers = {"ETag": tag, "Cache-Control": CACHE_CONTROL}
    if request.headers.get("if-none-match") == tag:
        return Response(status_code=304, headers=headers)
    json_wanted = as_json or template is None
    key = (
        generation,
        f"{'json' if json_wanted else template} {request.url.path}?{request.url.query}",
    )

    def rendered() -> bytes:
        data = _compute(database, compute)
        if json_wanted:
            return to_json(data).encode()
        return TEMPLATES.get_template(template or "").render(request=request, data=data).encode()

    body = request.app.state.views.get(key, rendered)
    return Response(
        body, media_type="application/json" if json_wanted else "text/html; charset=utf-8", headers=headers
    )


def _compute(database: Database, compute: Callable[[duckdb.DuckDBPyConnection], Any]) -> Any:
    with database.cursor() as con:
        return compute(con)


def status_of(error: UnvotesError) -> int:
    """Not found (an unknown vote, state or day) is 404; a missing or unreadable database 503; else bad input."""
    if isinstance(error, NotFound | UnknownState):
        return 404
    if isinstance(error, StoreError):
        return 503
    return 400


def wants_json(request: Request) -> bool:
    """An address of the API or a JSON twin, or a client that asks for JSON only."""
    path = request.url.path
    accept = request.headers.get("accept", "")
    return path.startswith("/api/") or path.endswith(".json") or accept.startswith("application/json")


def error_response(request: Request, status: int, envelope: dict[str, Any]) -> Response:
    """The envelope as JSON, or the error page with a search box."""
    if wants_json(request):
        return Response(to_json(envelope), status_code=status, media_type="application/json")
    page = TEMPLATES.get_template("error.html").render(
        request=request, status=status, error=envelope["error"]
    )
    return HTMLResponse(page, status_code=status)


def library_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, UnvotesError)
    return error_response(request, status_of(error), dict(errors.from_error(error)))
