"""A published per-country coincidence table of the State Department's report, typed out or extracted as CSV.

One row per state: the state, by ISO code (`ISO`, `ISO3` or `state`) or by name (`COUNTRY`, `name`), then `SAME`,
`OPPOSITE` (or `OPPOSE`), `PARTIAL`, `ABSENT` and the printed coincidence (`COINCIDENCE` or `PERCENT`: a fraction
such as 0.42 or a percentage such as 42). Column names are read without regard to case and in any order; other
columns are ignored. A `year` column, where present, keeps only the rows of the year asked. The rows check the
record's figures (`unvotes coincidence --against`); they are never written to the database.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

from unvotes.errors import IngestError, UnknownState
from unvotes.ingest._checks import ProblemLog
from unvotes.ingest._reading import csv_problem, encoding_problem
from unvotes.models import Problem
from unvotes.refdata import states

COLUMNS = {  # what a column may be called → the name used here
    "iso": "state", "iso3": "state", "state": "state", "country": "name", "name": "name",
    "same": "same", "opposite": "opposite", "oppose": "opposite", "partial": "partial", "absent": "absent",
    "coincidence": "percent", "percent": "percent", "year": "year",
}  # fmt: skip
NEEDED = ("same", "opposite", "partial", "absent", "percent")
COUNTS = ("same", "opposite", "partial", "absent")


def parse_table(path: Path, year: int) -> list[dict[str, Any]]:
    """Every row of the table for `year`: state, same, opposite, partial, absent, percent (0–100), line; one
    `IngestError` naming file, line and field of every problem."""
    path = Path(path)
    try:
        return _parse(path, year)
    except IngestError as error:  # said as a comparison's problem, not an import's
        raise IngestError(error.file, error.problems, compared=True) from None


def _parse(path: Path, year: int) -> list[dict[str, Any]]:
    log = ProblemLog(str(path))
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise IngestError(str(path), [encoding_problem(path)]) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    names = {h: COLUMNS.get(h.strip().lower()) for h in reader.fieldnames or ()}
    missing = [n for n in NEEDED if n not in names.values()] + (
        [] if {"state", "name"} & set(names.values()) else ["ISO or COUNTRY"]
    )
    if missing:
        log.add(1, None, f"no column {', '.join(missing)} (columns: {', '.join(reader.fieldnames or ())})")
        log.check()
    try:
        rows = _rows(reader, names, year, log)
    except csv.Error as error:
        raise IngestError(str(path), [csv_problem(path, error)]) from None
    _check_states(rows, log)
    log.check()
    if not rows:
        raise IngestError(
            str(path), [Problem(str(path), None, None, f"no row for {year}: is it that year's table?")]
        )
    return rows


def _rows(
    reader: csv.DictReader[str], names: dict[str, str | None], year: int, log: ProblemLog
) -> list[dict[str, Any]]:
    """The rows of the year, each with the line it starts on (a quoted name may run over two lines)."""
    on, rows, line = dt.date(year, 12, 31), [], reader.line_num + 1
    for raw in reader:
        cells = {str(names[h]): (v or "").strip() for h, v in raw.items() if h is not None and names.get(h)}
        if cells.get("year", str(year)) == str(year):
            rows.append(_row(cells, line, on, log))
        line = reader.line_num + 1
    return rows


def _row(cells: dict[str, str], line: int, on: dt.date, log: ProblemLog) -> dict[str, Any]:
    row: dict[str, Any] = {"state": _state(cells, line, on, log), "line": line}
    row |= {name: log.integer(cells[name], line, name) for name in COUNTS}
    row["percent"] = _percent(cells["percent"], line, log)
    return row


def _state(cells: dict[str, str], line: int, on: dt.date, log: ProblemLog) -> str | None:
    """The state of a row: by its ISO code, else by its name (an extraction may misspell one of them)."""
    for field, scheme in (("state", "iso3"), ("name", "any")):
        if cells.get(field):
            try:
                return states.resolve(cells[field], on=on, scheme=scheme)
            except UnknownState:
                continue
    given = " / ".join(cells[f] for f in ("state", "name") if cells.get(f)) or "(empty)"
    log.add(line, "ISO" if cells.get("state") else "COUNTRY", f"no member state is called {given!r}")
    return None


def _percent(text: str, line: int, log: ProblemLog) -> float | None:
    """0.42, 42 or 42 % as a percentage."""
    try:
        value = float(text.rstrip("% "))
    except ValueError:
        log.add(line, "percent", f"expected a fraction or a percentage, not {text!r}")
        return None
    if not 0 <= value <= 100:
        log.add(line, "percent", f"{text!r} is not between 0 and 100")
        return None
    return value * 100 if value <= 1 and "." in text else value


def _check_states(rows: list[dict[str, Any]], log: ProblemLog) -> None:
    seen: dict[str, int] = {}
    for row in rows:
        if row["state"] in seen:
            log.add(row["line"], "ISO", f"{row['state']} is also on line {seen[row['state']]}")
        seen.setdefault(row["state"], row["line"])
