"""Opening the database: the schema, named migrations, and the reference tables."""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from unvotes.errors import StoreError
from unvotes.refdata import states
from unvotes.sources import SOURCES

SCHEMA_VERSION = "3"  # raise it when schema.sql changes in a way old databases cannot follow
ORGANS = {"GA": "General Assembly (plenary)", "SC": "Security Council"} | {
    f"GA-C{n}": f"General Assembly, Main Committee {n}" for n in range(1, 7)
}

# Named migrations, applied once each in order after the schema; the name is recorded in `migrations`.
MIGRATIONS: tuple[tuple[str, Callable[[duckdb.DuckDBPyConnection], None]], ...] = ()


def connect(path: Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (and on first use create) the database at `path`."""
    if read_only and not path.exists():
        raise StoreError(
            f"no database at {path}",
            hint="Build it first: `unvotes build --from ../shared/data` (or `unvotes update`), or set $UNVOTES_DB.",
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as error:
        raise StoreError(
            f"cannot open {path}: {error}", hint="Is another unvotes process writing to it?"
        ) from error
    _check_version(con, path)
    if not read_only:
        _initialise(con)
    return con


def _check_version(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Refuse a database written by another version of the schema, rather than fail on a missing column."""
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if "meta" not in tables:
        return
    found = first(con, "SELECT value FROM meta WHERE key = 'schema_version'")
    if found and found[0] != SCHEMA_VERSION:
        con.close()
        raise StoreError(
            f"{path} was built with schema {found[0]}; this unvotes reads schema {SCHEMA_VERSION}",
            hint="Rebuild it: delete the file and run `unvotes build --from ../shared/data` (or `unvotes update`).",
        )


def _initialise(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(resources.files("unvotes.store").joinpath("schema.sql").read_text(encoding="utf-8"))
    for name, migrate in MIGRATIONS:
        if not first(con, "SELECT 1 FROM migrations WHERE name = ?", [name]):
            migrate(con)
            con.execute("INSERT INTO migrations (name) VALUES (?)", [name])
    con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])
    _reference_tables(con)


def _reference_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Refresh the reference tables from the package's data (cheap: a few hundred rows)."""
    _replace(con, "source_precedence", [(s.key, s.precedence, s.title, s.terms, s.url) for s in SOURCES])
    _replace(con, "organs", list(ORGANS.items()))
    _replace(
        con,
        "states",
        [
            (s.state_id, s.name, s.iso3, s.iso2, s.m49, s.cow, s.undl_code, s.admitted, s.ended)
            for s in states.states().values()
        ],
    )
    _replace(
        con, "state_names", [(n.state_id, n.name, n.valid_from, n.valid_to) for n in states.official_names()]
    )
    _replace(con, "successions", [(s.predecessor, s.successor, s.date, s.kind) for s in states.successions()])
    _council_seats(con)


def _replace(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple[object, ...]]) -> None:
    con.execute(f"DELETE FROM {table}")
    if rows:
        marks = ", ".join("?" * len(rows[0]))
        con.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)


def _council_seats(con: duckdb.DuckDBPyConnection) -> None:
    try:
        from unvotes.refdata import council  # type: ignore[attr-defined,unused-ignore]
    except ImportError:  # the council table is optional reference data
        return
    seats: list[tuple[object, ...]] = [
        (s.state_id, s.seat_from, s.seat_to, s.permanent) for s in council.seats()
    ]
    _replace(con, "sc_seats", seats)


def first(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None
) -> tuple[Any, ...] | None:
    """The first row of a query, reading the result to its end (DuckDB wants results finished)."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0] if rows else None
