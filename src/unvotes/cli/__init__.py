"""The `unvotes` command: one group of thin commands over the library. Each opens the store and calls one function.

`record.py` holds the commands over the record (build, import, update, show, with, votes, search, stats, day,
about); `rules.py` those that apply the rules (decide, replay, audit). Shared here: the group, the output options
(`--json`, `--csv`), error handling and the date parameter.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn

import click

from unvotes.errors import REBUILD_HINT, StoreError, UnvotesError
from unvotes.views import errors

F = Callable[..., Any]


def output_options(func: F) -> F:
    """--json and --csv on every query."""
    func = click.option("--csv", "as_csv", is_flag=True, help="Write CSV.")(func)
    return json_option(func)


def json_option(func: F) -> F:
    """--json alone, for the commands that write the record."""
    return click.option("--json", "as_json", is_flag=True, help="Write JSON.")(func)


def emit(
    view: Any,
    as_json: bool,
    as_csv: bool,
    render: Callable[[Any], str],
    rows: Sequence[Mapping[str, Any]] | None = None,
    json_value: Any = None,
) -> None:
    """Write a view as JSON (the view itself, or `json_value` where the answer has always been a list), as CSV
    (`rows`), or as text (`render`)."""
    if as_json:
        click.echo(to_json(view if json_value is None else json_value))
    elif as_csv:
        from unvotes.report.rows import to_csv

        click.echo(to_csv(rows if rows is not None else view), nl=False)
    else:
        click.echo(render(view))


def to_json(value: Any) -> str:
    """Indented JSON, non-ASCII kept as written."""
    return json.dumps(value, indent=2, ensure_ascii=False, default=str)


def usage_type(error: click.ClickException) -> str:
    """The envelope's type for a click error: a bad option value is bad input, anything else a usage error."""
    if isinstance(error, click.BadParameter) and not isinstance(error, click.MissingParameter):
        return "bad_input"
    return "usage"


def usage_hint(error: click.ClickException) -> str | None:
    """Where click knows the command, the line it prints under a usage error."""
    ctx = getattr(error, "ctx", None)
    return f"Try '{ctx.command_path} --help' for help." if ctx is not None else None


class Group(click.Group):
    """Turns library errors into one clear message and exit code 2; with --json, into the one error envelope
    on stdout (usage errors too)."""

    def main(self, args: Sequence[str] | None = None, *rest: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        argv = list(sys.argv[1:] if args is None else args)
        as_json = "--json" in argv
        if as_json:
            kwargs["standalone_mode"] = False
        try:
            return super().main(argv, *rest, **kwargs)
        except UnvotesError as error:
            _fail(errors.from_error(error), as_json)
        except click.ClickException as error:  # only reached with --json: click reports the others itself
            _fail(errors.envelope(usage_type(error), error.format_message(), usage_hint(error)), True)
        except click.Abort:  # only reached with --json, as above
            _fail(errors.envelope("aborted", "Aborted!"), True)
        except Exception as error:
            if not _database_error(error):
                raise
            _fail(errors.from_error(_unreadable(error)), as_json)


def _database_error(error: Exception) -> bool:
    """A DuckDB error (a file damaged past its first pages fails only when a query reaches them)."""
    duckdb = sys.modules.get("duckdb")
    return duckdb is not None and isinstance(error, duckdb.Error)


def _unreadable(error: Exception) -> StoreError:
    first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return StoreError(f"the database could not be read ({first})", hint=REBUILD_HINT)


def _fail(envelope: Mapping[str, Any], as_json: bool) -> NoReturn:
    """Report an error, as the envelope on stdout with --json, else as `Error:` and `Hint:` on stderr; exit 2."""
    if as_json:
        click.echo(to_json(envelope))
    else:
        click.echo(f"Error: {envelope['error']['message']}", err=True)
        if envelope["error"]["hint"]:
            click.echo(f"Hint: {envelope['error']['hint']}", err=True)
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
    ctx.obj = db or setting_db_path()


def setting(name: str) -> Any:
    """A setting's value (`unvotes.settings`, loaded on first use: it brings platformdirs)."""
    from unvotes import settings

    return settings.get(name)


def setting_db_path() -> Path:
    """The database file the settings name (`$UNVOTES_DB`, else the user data folder)."""
    from unvotes import settings

    return settings.db_path()


def _store(ctx: click.Context, read_only: bool = True) -> Any:
    from unvotes.store.db import connect

    return connect(ctx.obj, read_only=read_only)


def _date(_: Any, __: Any, value: str | None) -> dt.date | None:
    """A date option: YYYY-MM-DD, or a bare year meaning its first day."""
    return _parse_day(value, end=False)


def _date_end(_: Any, __: Any, value: str | None) -> dt.date | None:
    """An --until option: YYYY-MM-DD, or a bare year meaning its last day."""
    return _parse_day(value, end=True)


FIRST_YEAR = 1945  # the Charter: no vote of the UN is older
LAST_YEAR = 2100
YEAR = click.IntRange(FIRST_YEAR, LAST_YEAR)  # a --year option
LIMIT = click.IntRange(1, 100_000)  # a --limit or --top option


def _parse_day(value: str | None, end: bool) -> dt.date | None:
    if value is None:
        return None
    try:
        if value.isdigit() and len(value) == 4:
            day = dt.date(int(value), 12, 31) if end else dt.date(int(value), 1, 1)
        else:
            day = dt.date.fromisoformat(value)
    except ValueError as error:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD, or a year YYYY)") from error
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise click.BadParameter(
            f"{value!r} is outside {FIRST_YEAR}–{LAST_YEAR} (the UN's votes start in 1946)"
        )
    return day


def read_utf8(path: Path) -> str:
    """A text file's content; UnvotesError naming the line where it is not UTF-8 text."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise UnvotesError(
            f"{path}:{line} [encoding]: not UTF-8 text (byte 0x{data[error.start]:02x})",
            hint="Save the file as UTF-8 text and try again.",
        ) from None


def main() -> None:
    cli(prog_name="unvotes")


from unvotes.cli import analysis, check, export, record, rules, story, web  # noqa: E402, F401  (registers the commands on the group)
