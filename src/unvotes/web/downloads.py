"""A vote in the forms one downloads: every state's vote as CSV, and the map as a Vega-Lite spec, SVG or PNG."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import threading
import zipfile
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import FileResponse, Response

from unvotes.errors import NotFound
from unvotes.report.rows import to_csv
from unvotes.web.respond import CACHE_CONTROL, etag, to_json


def vote_form(request: Request, found: dict[str, Any], suffix: str) -> Response:
    """The CSV of states' votes, or the map in the form the suffix names."""
    headers = {"ETag": etag(request.app.state.database.generation, request), "Cache-Control": CACHE_CONTROL}
    name = (found["vote"]["id"] or "vote").replace("/", "_").replace(" ", "_")
    if suffix == ".csv":
        headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return Response(to_csv(found["states"]), media_type="text/csv; charset=utf-8", headers=headers)
    spec = vote_map(found)
    if suffix == "/map.json":
        return Response(to_json(spec), media_type="application/json", headers=headers)
    from unvotes.report import render

    if suffix == "/map.svg":
        headers["Content-Disposition"] = f'inline; filename="{name}-map.svg"'
        return Response(render.svg(spec), media_type="image/svg+xml", headers=headers)
    headers["Content-Disposition"] = f'inline; filename="{name}-map.png"'
    return Response(render.png(spec), media_type="image/png", headers=headers)


def vote_map(found: dict[str, Any]) -> dict[str, Any]:
    """The map of a vote page's view."""
    from unvotes.report import maps

    vote = found["vote"]
    title = f"{vote['symbol'] or vote['id']} — {vote['date']}"
    return maps.vote_map(vote["votes"], dt.date.fromisoformat(vote["date"]), vote["organ"], title=title)


_bulk_lock = threading.Lock()


def bulk(request: Request, file_format: str) -> Response:
    """The whole record in one format as a zip (`unvotes export`), made once per generation of the data and kept
    in the temporary folder until the data change."""
    from unvotes.report import export
    from unvotes.store.export import Tables

    if file_format not in export.FORMATS:
        raise NotFound(f"no export format {file_format!r}", hint=f"Formats: {', '.join(export.FORMATS)}.")
    database = request.app.state.database
    folder = _cache_folder(database.generation)
    archive = folder / f"unvotes-{file_format}.zip"
    with _bulk_lock:
        if not archive.exists():
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryDirectory(dir=folder) as work, database.cursor() as con:
                written = export.write(Tables(con), file_format, Path(work) / file_format)
                partial = archive.with_suffix(".part")
                with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as packed:
                    for path in written:
                        packed.write(path, f"unvotes-{file_format}/{path.name}")
                partial.replace(archive)
    return FileResponse(archive, media_type="application/zip", filename=archive.name)


_fit_lock = threading.Lock()


def dynamic_ideal_points(request: Request) -> dict[str, Any]:
    """The dynamic ideal points of every state and session, fitted once per generation of the data and kept on
    disk beside the bulk downloads (a restart does not fit again)."""
    import json

    from unvotes.views import analysis

    database = request.app.state.database
    kept = _cache_folder(database.generation) / "ideal-points-dynamic.json"
    with _fit_lock:
        if kept.exists():
            return json.loads(kept.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
        with database.cursor() as con:
            fit = dict(analysis.ideal_points(con, dynamic=True))
        kept.parent.mkdir(parents=True, exist_ok=True)
        partial = kept.with_suffix(".part")
        partial.write_text(json.dumps(fit), encoding="utf-8")
        partial.replace(kept)
        return fit


def _cache_folder(generation: str) -> Path:
    """Where answers too costly to make again are kept, per generation of the data."""
    return Path(tempfile.gettempdir()) / f"unvotes-web-{os.getuid()}" / generation
