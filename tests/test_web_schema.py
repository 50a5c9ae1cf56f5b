"""Every operation of the API (/openapi.json), called with requests generated from its own description (schemathesis,
through ASGI, over the hand-made fixture record): none answers with a server error, and every refusal is the one
error envelope."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unvotes.web.app import create_app

ENVELOPE_FIELDS = {"type", "message", "hint"}
# Values the record knows, for parameters that name a vote, a state or a session: random text rarely finds one.
KNOWN = {
    "symbol": ["A/RES/ES-11/7", "ES-11/7", "A/ES-11/L.10", "S/RES/2774 (2025)", "S/2025/114"],
    "state": ["USA", "RUS", "UKR", "Ukraine", "United States"],
    "a": ["USA", "FRA", "EU"],
    "b": ["RUS", "CHN", "UKR"],
    "partner": ["USA", "RUS"],
    "session": ["ES-11", "79"],
}
# The operations as the app describes them: describing needs no record (the app opens one on the first request).
OPERATIONS = [
    (method.upper(), path)
    for path, item in create_app(Path(os.devnull)).openapi()["paths"].items()
    for method in item
]


@pytest.fixture(scope="module")
def api_schema(fixture_db: Path) -> Any:
    """The app's OpenAPI description, loaded from the app itself, which answers over the fixture record."""
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(fixture_db))


def test_every_operation_is_covered(api_schema: Any) -> None:
    """Schemathesis loads every operation the app describes (none dropped as invalid), the vote list among them."""
    loaded = {(result.ok().method.upper(), result.ok().path) for result in api_schema.get_all_operations()}
    assert loaded == set(OPERATIONS)
    assert {("GET", "/api/v1/votes"), ("GET", "/api/v1/votes/{symbol}"), ("POST", "/api/v1/decide")} <= loaded


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_api_answers_without_server_errors(api_schema: Any, method: str, path: str) -> None:
    """No request generated for the operation, valid or not, gets a 5xx; each 4xx is the error envelope."""
    operation = api_schema[path][method]
    requests = st.one_of(
        operation.as_strategy(schemathesis.GenerationMode.POSITIVE),
        operation.as_strategy(schemathesis.GenerationMode.NEGATIVE),
        _with_known_values(api_schema, operation, method, path),
    )

    @given(case=requests)
    @settings(
        max_examples=40,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def check(case: schemathesis.Case) -> None:
        response = case.call()
        where = f"{case.method} {case.formatted_path} query={case.query} body={case.body!r}"
        assert response.status_code < 500, f"{where}: {response.status_code} {response.text[:500]}"
        if response.status_code >= 400:
            body = response.json()
            assert set(body) == {"error"}, f"{where}: {body}"
            assert set(body["error"]) == ENVELOPE_FIELDS, f"{where}: {body}"
            assert isinstance(body["error"]["message"], str) and body["error"]["message"], f"{where}: {body}"

    check()


def _with_known_values(api_schema: Any, operation: Any, method: str, path: str) -> Any:
    """Valid requests whose vote, state and session parameters are ones the record holds."""
    parameters = api_schema.raw_schema["paths"][path][method.lower()].get("parameters", [])
    known = {
        (p["in"], p["name"]): st.sampled_from(KNOWN[p["name"]]) for p in parameters if p["name"] in KNOWN
    }
    if not known:
        return st.nothing()

    def requests(values: dict[tuple[str, str], str]) -> Any:
        by_place: dict[str, dict[str, str]] = {"path": {}, "query": {}}
        for (place, name), value in values.items():
            by_place[place][name] = value
        return operation.as_strategy(
            schemathesis.GenerationMode.POSITIVE,
            path_parameters=by_place["path"] or None,
            query=by_place["query"] or None,
        )

    return st.fixed_dictionaries(known).flatmap(requests)
