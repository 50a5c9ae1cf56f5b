"""Lists that check the record rather than add votes to it (the State Department's, `statedept_votes`): written
by `load()`, file by file, and read by the audit and the coincidence of the report's years."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb

from unvotes import symbols

TABLES = {"statedept": "statedept_votes"}
COLUMNS = (
    "year", "file", "line", "symbol", "symbol_key", "printed", "title", "us_vote",
    "yes", "no", "abstain", "absent", "important", "note",
)  # fmt: skip


def replace(
    con: duckdb.DuckDBPyConnection, source: str, file: str, rows: Sequence[dict[str, Any]]
) -> tuple[int, set[int]]:
    """Make a file's rows these; return how many rows changed (0 when the same) and the records they name."""
    table = TABLES[source]
    old = con.execute(f"SELECT {', '.join(COLUMNS)} FROM {table} WHERE file = ?", [file]).fetchall()
    new = [_values(row, file) for row in rows]
    if sorted(old, key=repr) == sorted(new, key=repr):
        return 0, set()
    con.execute(f"DELETE FROM {table} WHERE file = ?", [file])
    if new:
        marks = "(" + ", ".join("?" * len(COLUMNS)) + ")"
        con.executemany(f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES {marks}", new)
    keys = sorted({row[COLUMNS.index("symbol_key")] for row in old + new})
    return max(len(new), len(old)), _records(con, keys)


def _values(row: dict[str, Any], file: str) -> tuple[Any, ...]:
    full = {**row, "file": file, "symbol_key": symbols.key(row["symbol"])}
    return tuple(full[name] for name in COLUMNS)


def _records(con: duckdb.DuckDBPyConnection, keys: list[str]) -> set[int]:
    """The records these symbols name (reconciliation weighs a listed tally: they are reconciled again)."""
    if not keys:
        return set()
    found = con.execute(
        "SELECT DISTINCT record_id FROM symbols WHERE symbol_key IN (SELECT unnest(?))", [keys]
    ).fetchall()
    return {r[0] for r in found}
