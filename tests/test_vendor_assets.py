"""The vendored front-end files: as the manifest records them, licensed, loading nothing from elsewhere, the
versions vl-convert renders with, and drawn in a browser by `static/js/charts.js` under the site's strict CSP."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path

import pytest
import vl_convert

from unvotes.refdata import states
from unvotes.report import maps, render

STATIC = Path(__file__).resolve().parents[1] / "src" / "unvotes" / "web" / "static"
VENDOR = STATIC / "vendor"
MANIFEST = json.loads((VENDOR / "MANIFEST.json").read_text(encoding="utf-8"))
PACKAGES = {p["name"]: p for p in MANIFEST["packages"]}
FILES = [f for p in MANIFEST["packages"] for f in p["files"]]
CHROMIUM = Path("/usr/bin/chromium")
SITE = "http://unvotes.test"
CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'"

# A load from a CDN: a package host's address, or a protocol-relative one ("//cdn…"). Licence headers and
# the SVG and XML namespaces name other addresses, which no code fetches.
CDN = re.compile(
    r"(?:https?:)?//(?:[\w.-]+\.)?(?:cdn|unpkg\.com|jsdelivr\.net|cdnjs\.cloudflare\.com|esm\.sh|skypack\.dev)"
    r"|https?://[\w.-]*(?:googleapis|gstatic)\.com"
)


def vendored() -> list[Path]:
    return sorted(p for p in VENDOR.rglob("*") if p.is_file() and p.name != "MANIFEST.json")


@pytest.mark.parametrize("entry", FILES, ids=lambda f: f["path"])
def test_each_kept_file_has_the_manifests_sha256(entry):
    """Every file the manifest lists is there, byte for byte as recorded."""
    data = (VENDOR / entry["path"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == entry["sha256"]


def test_the_manifest_lists_every_vendored_file():
    """No file lies in vendor/ that the manifest does not account for."""
    assert sorted(str(p.relative_to(VENDOR)) for p in vendored()) == sorted(f["path"] for f in FILES)


@pytest.mark.parametrize("package", MANIFEST["packages"], ids=lambda p: p["name"])
def test_each_package_names_its_source_and_has_its_licence(package):
    """Each package has a version, a licence id, its npm tarball's sha512 integrity and its LICENSE file."""
    assert re.fullmatch(r"\d+\.\d+\.\d+", package["version"])
    assert package["license"] in {"BSD-3-Clause", "ISC", "MIT"}
    assert re.fullmatch(r"sha512-[A-Za-z0-9+/]{86}==", package["integrity"])
    assert package["tarball"] == (
        f"https://registry.npmjs.org/{package['name']}/-/{package['name']}-{package['version']}.tgz"
    )
    licence = VENDOR / package["licence_file"]
    assert (
        licence.parent.name == package["name"] and "copyright" in licence.read_text(encoding="utf-8").lower()
    )


def test_the_cdn_pattern_finds_loads_and_spares_licence_urls():
    """The check below would catch a script that loads from a CDN, and not the addresses in licence headers."""
    assert CDN.search('import("https://cdn.jsdelivr.net/npm/vega@6")')
    assert CDN.search('src="https://unpkg.com/vega-lite@6"') and CDN.search('url: "//cdn.example.org/x.json"')
    assert not CDN.search("https://github.com/vega/vega-lite/issues/2415 http://www.w3.org/2000/svg")


@pytest.mark.parametrize("path", [*vendored(), STATIC / "js" / "charts.js"], ids=lambda p: p.name)
def test_no_vendored_file_loads_from_a_cdn(path):
    """No vendored script, style or data file, nor charts.js, refers to a CDN it would load from."""
    assert CDN.findall(path.read_text(encoding="utf-8")) == []


def test_the_versions_are_those_vl_convert_renders_with():
    """The browser draws with the same Vega, Vega-Lite and Vega-Embed versions as the server renders with."""
    assert PACKAGES["vega"]["version"] == vl_convert.get_vega_version()
    assert PACKAGES["vega-embed"]["version"] == vl_convert.get_vega_embed_version()
    assert PACKAGES["vega-lite"]["version"].startswith(render.VL_VERSION + ".")
    assert render.VL_VERSION in vl_convert.get_vegalite_versions()
    assert (
        f'var n="{PACKAGES["vega-lite"]["version"]}"'
        in (VENDOR / "vega-lite" / "vega-lite.min.js").read_text()
    )


def test_the_map_shapes_are_the_vendored_atlas():
    """The maps' default shapes URL is the vendored atlas, as the site serves it."""
    assert maps.SHAPES_URL == "/static/" + "vendor/world-atlas/countries-50m.json"
    assert (STATIC / maps.SHAPES_URL.removeprefix("/static/")).is_file()


# ---- charts.js in a browser -----------------------------------------------------------------------------------

PAGE = """<!doctype html><html><head><title>map</title>
<script src="/static/vendor/vega/vega.min.js"></script>
<script src="/static/vendor/vega-lite/vega-lite.min.js"></script>
<script src="/static/vendor/vega-embed/vega-embed.min.js"></script>
<script src="/static/js/charts.js"></script></head><body>
<div id="map" data-vega-spec="/map.json"><img id="fallback-map" alt="map" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></div>
<div id="broken" data-vega-spec="/missing.json"><img id="fallback-broken" alt="chart" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></div>
<div id="foreign" data-vega-spec="https://elsewhere.test/spec.json"></div>
</body></html>"""


def serve(route, spec: dict) -> None:
    """Answer a request of the test site: the page (with the CSP), the spec, a static file, else 404."""
    path = route.request.url.removeprefix(SITE).split("?")[0]
    if path == "/":
        route.fulfill(
            status=200, body=PAGE, headers={"content-type": "text/html", "content-security-policy": CSP}
        )
    elif path == "/map.json":
        route.fulfill(status=200, body=json.dumps(spec), headers={"content-type": "application/json"})
    elif path.startswith("/static/") and (STATIC / path.removeprefix("/static/")).is_file():
        route.fulfill(status=200, path=str(STATIC / path.removeprefix("/static/")))
    else:
        route.fulfill(status=404, body="not found")


@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium not installed at {CHROMIUM}")
def test_charts_js_draws_a_map_under_the_strict_csp():
    """charts.js draws the map in place of its fallback with a label per member, keeps the fallback where the
    spec is missing, refuses a foreign spec, and breaks no CSP rule (no eval, inline script or style)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    day = dt.date(2025, 2, 24)
    votes = {s: "YNAX"[i % 4] for i, s in enumerate(states.members_on(day))}
    spec = maps.vote_map(votes, day, "GA")
    expected = {r["label"] for r in maps.map_data(votes, day, "GA")}
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page()
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.route("**/*", lambda route: serve(route, spec))
        page.goto(SITE + "/")
        page.wait_for_selector("#map[data-vega-state=drawn] svg", timeout=15_000)
        page.wait_for_selector("#broken[data-vega-state=failed]", timeout=5_000)
        labels = page.eval_on_selector_all(
            "#map svg [aria-label]", "els => els.map(e => e.getAttribute('aria-label'))"
        )
        state = {s: page.get_attribute(f"#{s}", "data-vega-state") for s in ("map", "broken", "foreign")}
        fallbacks = [page.query_selector(f"#fallback-{s}") is not None for s in ("map", "broken")]
        tooltip_css = page.eval_on_selector_all(
            "link[rel=stylesheet]", "els => els.map(e => e.getAttribute('href'))"
        )
        browser.close()
    assert expected <= set(labels)
    assert state == {"map": "drawn", "broken": "failed", "foreign": "refused"}
    assert fallbacks == [False, True]
    assert tooltip_css == ["/static/vendor/vega-embed/vega-tooltip.css"]
    assert [p for p in problems if "missing.json" not in p and "404" not in p] == []
