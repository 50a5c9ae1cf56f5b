"""Opening the database: the schema, named migrations, and the reference tables."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from unvotes.errors import REBUILD_HINT, StoreError
from unvotes.refdata import council, states
from unvotes.sources import SOURCES
from unvotes.store.engine import duckdb

SCHEMA_VERSION = "4"  # raise it when schema.sql changes in a way old databases cannot follow
ORGANS = {"GA": "General Assembly (plenary)", "SC": "Security Council"} | {
    f"GA-C{n}": f"General Assembly, Main Committee {n}" for n in range(1, 7)
}

REBUILD = REBUILD_HINT
WAIT_SECONDS = 5.0  # how long an open waits for another process's write to finish

# Named migrations, applied once each in order after the schema; the name is recorded in `migrations`.
MIGRATIONS: tuple[tuple[str, Callable[[duckdb.DuckDBPyConnection], None]], ...] = ()


def connect(path: Path, *, read_only: bool = False, wait: float = WAIT_SECONDS) -> duckdb.DuckDBPyConnection:
    """Open (and on first use create) the database at `path`; wait up to `wait` seconds for a writer to finish."""
    if read_only and not path.exists():
        raise StoreError(
            f"no database at {path}",
            hint="Build it first: `unvotes build --from ../shared/data` (or `unvotes update`), or set $UNVOTES_DB.",
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    con = _open(path, read_only, wait)
    try:
        tables = _tables(con)
        _check_version(con, path, tables)
        if not read_only:
            _initialise(con, tables)
        elif not tables >= RECORD_TABLES:
            raise StoreError(f"{path} holds no unvotes record", hint=REBUILD)
    except duckdb.Error as error:  # a file cut short opens, then fails on its first read
        con.close()
        raise _open_error(path, error) from error
    except StoreError:
        con.close()
        raise
    return con


def _open(path: Path, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + wait
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except (duckdb.IOException, duckdb.SerializationException, duckdb.InvalidInputException) as error:
            if not _locked(error) or time.monotonic() >= deadline:
                raise _open_error(path, error) from error
            time.sleep(0.1)


def _locked(error: Exception) -> bool:
    return "lock" in str(error).lower()


def _open_error(path: Path, error: Exception) -> StoreError:
    """Say which case it is: another process holds the file, or the file is not a (whole) database."""
    if _locked(error):
        return StoreError(
            f"{path} is being written by another unvotes process",
            hint="Wait for the import or build to finish and try again.",
        )
    return StoreError(f"{path} is not a readable unvotes database ({_first_line(error)})", hint=REBUILD)


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


RECORD_TABLES = frozenset({"meta", "records", "events"})  # a file without them holds no record


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {
        r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE NOT temporary").fetchall()
    }


def _check_version(con: duckdb.DuckDBPyConnection, path: Path, tables: set[str]) -> None:
    """Refuse a database written by another version of the schema, rather than fail on a missing column."""
    if "meta" not in tables:
        return
    found = first(con, "SELECT value FROM meta WHERE key = 'schema_version'")
    if found and found[0] != SCHEMA_VERSION:
        raise StoreError(
            f"{path} was built with schema {found[0]}; this unvotes reads schema {SCHEMA_VERSION}",
            hint=REBUILD,
        )


def _initialise(con: duckdb.DuckDBPyConnection, tables: set[str]) -> None:
    """The schema, migrations and reference tables, in one transaction, and only what is missing or changed."""
    reference = _reference_rows()
    digest = _digest(reference)
    if _current(con, digest, tables):
        return
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(resources.files("unvotes.store").joinpath("schema.sql").read_text(encoding="utf-8"))
        for name, migrate in MIGRATIONS:
            if not first(con, "SELECT 1 FROM migrations WHERE name = ?", [name]):
                migrate(con)
                con.execute("INSERT INTO migrations (name) VALUES (?)", [name])
        con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])
        for table, rows in reference.items():
            _replace(con, table, rows)
        con.execute("INSERT OR REPLACE INTO meta VALUES ('reference_digest', ?)", [digest])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _current(con: duckdb.DuckDBPyConnection, digest: str, tables: set[str]) -> bool:
    """The file already holds this schema version and these reference tables."""
    if not tables >= RECORD_TABLES:
        return False
    done = {name for (name,) in con.execute("SELECT name FROM migrations").fetchall()}
    found = dict(con.execute("SELECT key, value FROM meta").fetchall())
    return (
        found.get("schema_version") == SCHEMA_VERSION
        and found.get("reference_digest") == digest
        and done >= {name for name, _ in MIGRATIONS}
    )


def _reference_rows() -> dict[str, list[tuple[object, ...]]]:
    """The reference tables, from the package's data (a few hundred rows each)."""
    return {
        "source_precedence": [(s.key, s.precedence, s.title, s.terms, s.url) for s in SOURCES],
        "organs": list(ORGANS.items()),
        "states": [
            (s.state_id, s.name, s.iso3, s.iso2, s.m49, s.cow, s.undl_code, s.admitted, s.ended)
            for s in states.states().values()
        ],
        "state_names": [(n.state_id, n.name, n.valid_from, n.valid_to) for n in states.official_names()],
        "successions": [(s.predecessor, s.successor, s.date, s.kind) for s in states.successions()],
        "sc_seats": [(s.state_id, s.seat_from, s.seat_to, s.permanent) for s in council.seats()],
    }


def _digest(reference: dict[str, list[tuple[object, ...]]]) -> str:
    text = repr(sorted(reference.items())) + SCHEMA_VERSION
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _replace(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple[object, ...]]) -> None:
    """Replace a table's rows with one statement (a row-by-row insert costs a second for the Council's seats)."""
    con.execute(f"DELETE FROM {table}")
    if rows:
        marks = "(" + ", ".join("?" * len(rows[0])) + ")"
        values = ", ".join([marks] * len(rows))
        con.execute(f"INSERT INTO {table} VALUES {values}", [v for row in rows for v in row])


def first(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None
) -> tuple[Any, ...] | None:
    """The first row of a query, reading the result to its end (DuckDB wants results finished)."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0] if rows else None


def file_stamp(path: Path) -> tuple[int, ...]:
    """What changes whenever the database at `path` does: inode, modification time and size of the file and of
    its write-ahead log (a write may reach only the log before a checkpoint); zeros for what does not exist."""
    return (*_stat(path), *_stat(Path(f"{path}.wal")))


def database_stamp(con: duckdb.DuckDBPyConnection) -> tuple[Any, ...] | None:
    """The open database's path and `file_stamp`, to key what is kept of it; None for a database in memory."""
    row = first(con, "SELECT path FROM duckdb_databases() WHERE database_name = current_database()")
    return (row[0], *file_stamp(Path(row[0]))) if row and row[0] else None


def _stat(path: Path) -> tuple[int, int, int]:
    try:
        found = path.stat()
    except OSError:
        return (0, 0, 0)
    return (found.st_ino, found.st_mtime_ns, found.st_size)
