"""Vega-Lite specifications rendered on the server, to SVG and PNG, with vl-convert and no network access.

A specification's data URLs are site paths (`/static/vendor/world-atlas/countries-50m.json`): the browser
fetches them from the site, while here they are read from the package's own `web/static/` files and inlined
before conversion. Any other URL is refused, and vl-convert is told to allow no base URL at all, so a rendering
never reaches the internet. Results are cached by the specification's canonical JSON: the data only change when
the record is rebuilt, and a cached map is served in microseconds instead of a fraction of a second.
"""

from __future__ import annotations

import json
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import vl_convert

VL_VERSION = "6.4"  # the Vega-Lite vl-convert compiles with, as vendored in web/static/vendor/vega-lite
STATIC = "/static/"
CACHED = 32  # renderings kept per format; a world map's SVG is about 1.5 MB


def canonical(spec: dict[str, Any]) -> str:
    """The specification as JSON with sorted keys: equal specifications give equal text."""
    return json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@cache
def static_text(url: str) -> str:
    """The text of a file the site serves under `/static/`, read from the installed package."""
    if not url.startswith(STATIC) or ".." in url.split("/"):
        raise ValueError(
            f"data URL {url!r} is not a file of the site's /static/ folder; renderings never fetch"
        )
    path = resources.files("unvotes").joinpath("web", "static", *url.removeprefix(STATIC).split("/"))
    return path.read_text(encoding="utf-8")


@cache
def static_values(url: str) -> Any:
    """The parsed JSON of a file the site serves under `/static/`, parsed once (the 50m atlas takes a while)."""
    return json.loads(static_text(url))


def inline(node: Any) -> Any:
    """A copy of a specification with every `{"url": ...}` data source replaced by the file's parsed values."""
    if isinstance(node, list):
        return [inline(item) for item in node]
    if not isinstance(node, dict):
        return node
    if isinstance(node.get("url"), str):
        rest = {k: inline(v) for k, v in node.items() if k != "url"}
        return rest | {"values": static_values(node["url"])}
    return {k: inline(v) for k, v in node.items()}


@lru_cache(maxsize=CACHED)
def _svg(text: str) -> str:
    spec = inline(json.loads(text))
    return vl_convert.vegalite_to_svg(spec, vl_version=VL_VERSION, allowed_base_urls=[])


@lru_cache(maxsize=CACHED)
def _png(text: str, scale: float) -> bytes:
    spec = inline(json.loads(text))
    return vl_convert.vegalite_to_png(spec, vl_version=VL_VERSION, scale=scale, allowed_base_urls=[])


def svg(spec: dict[str, Any]) -> str:
    """The specification drawn as an SVG document (each mark with a `description` carries an `aria-label`)."""
    return _svg(canonical(spec))


def png(spec: dict[str, Any], scale: float = 2) -> bytes:
    """The specification drawn as a PNG image, `scale` device pixels per CSS pixel."""
    return _png(canonical(spec), float(scale))
