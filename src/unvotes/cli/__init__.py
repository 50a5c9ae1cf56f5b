"""The `unvotes` command: one group of thin commands over the library. Each opens the store and calls one function.

`record.py` holds the commands over the record (build, import, update, show, with, votes, search, stats, day,
about); `rules.py` those that apply the rules (decide, replay, audit). Shared here: the group, the output options
(`--json`, `--csv`), error handling and the date parameter.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from unvotes import settings
from unvotes.errors import UnvotesError
from unvotes.store import connect

F = Callable[..., Any]


def output_options(func: F) -> F:
    """--json and --csv on every query."""
    func = click.option("--csv", "as_csv", is_flag=True, help="Write CSV.")(func)
    return click.option("--json", "as_json", is_flag=True, help="Write JSON.")(func)


def emit(
    data: Any,
    as_json: bool,
    as_csv: bool,
    render: Callable[[Any], str],
    rows: list[dict[str, Any]] | None = None,
) -> None:
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))
    elif as_csv:
        click.echo(to_csv(rows if rows is not None else data), nl=False)
    else:
        click.echo(render(data))


def to_csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(
            {k: json.dumps(v) if isinstance(v, dict | list) else v for k, v in r.items()} for r in rows
        )
    return buffer.getvalue()


class Group(click.Group):
    """Turns library errors into one clear message and a non-zero exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UnvotesError as error:
            click.echo(f"Error: {error}", err=True)
            if error.hint:
                click.echo(f"Hint: {error.hint}", err=True)
            sys.exit(2)


@click.group(cls=Group)
@click.option(
    "--db",
    type=click.Path(path_type=Path),
    default=None,
    help="Database file (default: $UNVOTES_DB, else the user data folder).",
)
@click.pass_context
def cli(ctx: click.Context, db: Path | None) -> None:
    """Every recorded vote of the UN General Assembly and Security Council, in a local database.

    \b
    Example:
      unvotes build --from ../shared/data
      unvotes show ES-11/7
      unvotes with A/RES/ES-11/7 USA
    """
    ctx.obj = db or settings.db_path()


def _store(ctx: click.Context, read_only: bool = True) -> Any:
    return connect(ctx.obj, read_only=read_only)


def _date(_: Any, __: Any, value: str | None) -> dt.date | None:
    """A date option: YYYY-MM-DD, or a bare year meaning its first day."""
    return _parse_day(value, end=False)


def _date_end(_: Any, __: Any, value: str | None) -> dt.date | None:
    """An --until option: YYYY-MM-DD, or a bare year meaning its last day."""
    return _parse_day(value, end=True)


def _parse_day(value: str | None, end: bool) -> dt.date | None:
    if value is None:
        return None
    if value.isdigit() and len(value) == 4:
        return dt.date(int(value), 12, 31) if end else dt.date(int(value), 1, 1)
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD, or a year YYYY)") from error


def main() -> None:
    cli(prog_name="unvotes")


from unvotes.cli import analysis, record, rules  # noqa: E402, F401  (registers the commands on the group)
