"""Commands that analyse the record: coincidence, agreement, allies, blocs, ideal-points, shifts.

Each imports `views.analysis` (and with it NumPy and SciPy) only when it runs, so `unvotes --help` starts fast.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from unvotes.cli import LIMIT, YEAR, _date, _date_end, _store, cli, emit, output_options

if TYPE_CHECKING:
    from unvotes.models import Selection

F = Callable[..., Any]


def selection_options(func: F) -> F:
    """--organ, --year, --since, --until, --topic, --all-kinds and --important, shared by the analysis commands."""
    options = [
        click.option(
            "--important", is_flag=True, help="Only the votes the State Department reports as important."
        ),
        click.option("--all-kinds", is_flag=True, help="Include amendments, paragraph votes and motions."),
        click.option("--topic", help="Words in the title, agenda item or subjects."),
        click.option("--until", callback=_date_end, help="Last date (YYYY-MM-DD, or a year)."),
        click.option("--since", callback=_date, help="First date (YYYY-MM-DD, or a year)."),
        click.option("--organ", type=click.Choice(["GA", "SC"]), default="GA", show_default=True),
    ]
    for option in options:
        func = option(func)
    return func


def _selection(kw: dict[str, Any], year: int | None = None, session: str | None = None) -> Selection:
    """The votes the options select."""
    from unvotes.models import Organ, Selection

    return Selection(
        organ=Organ(kw.pop("organ")),
        since=kw.pop("since"),
        until=kw.pop("until"),
        year=year,
        session=session,
        topic=kw.pop("topic"),
        final_only=not kw.pop("all_kinds"),
        important_only=kw.pop("important"),
    )


@cli.command()
@click.argument("state")
@click.option(
    "--year", type=YEAR, required=True, help="Calendar year, as the State Department reports count."
)
@click.option(
    "--method", type=click.Choice(["auto", "state-dept", "yes-no"]), default="auto", show_default=True
)
@click.option("--important", is_flag=True, help="Only the votes the State Department reports as important.")
@click.option(
    "--as-recorded",
    is_flag=True,
    help="Score every vote as cast, also where the report's table scores it otherwise (its errata).",
)
@click.option(
    "--against",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A published per-country table (CSV: ISO or COUNTRY, SAME, OPPOSITE, PARTIAL, ABSENT, COINCIDENCE): "
    "compare every state's row with it.",
)
@output_options
@click.pass_context
def coincidence(
    ctx: click.Context,
    state: str,
    year: int,
    method: str,
    important: bool,
    as_recorded: bool,
    against: Path | None,
    as_json: bool,
    as_csv: bool,
) -> None:
    """Voting coincidence of every state with STATE in a calendar year (US State Department method).

    Each year's report: up to 2016 identical ÷ (identical + opposite); 2017-2020 (same + ½ partial) ÷ (same +
    opposite + partial), 2019 and 2020 counting an absence where the US abstained as partial; 2021 non-votes
    scored as abstentions, over all votes; from 2022 each absence half a point. Over the votes of the year's
    State Department list (2019-2023), else the final GA votes adopted with a recorded vote. Where the report's
    table scored votes otherwise than they were cast (2019: five votes read out of order; 2021: A/RES/75/289),
    the USA's rows follow the table and say
    so; --as-recorded scores the votes as cast. docs/methods-alignment.md cites each.

    \b
    Example:
      unvotes coincidence USA --year 2024
      unvotes coincidence USA --year 2021 --as-recorded
      unvotes coincidence USA --year 2015 --important --csv
      unvotes coincidence USA --year 2022 --against voting-coincidence-2022.csv
    """
    from unvotes.report import analysis as render
    from unvotes.report import rows
    from unvotes.views import analysis as views

    if against is not None:
        with _store(ctx) as con:
            check = views.coincidence_against(con, state, year, against, method, important, as_recorded)
        emit(check, as_json, as_csv, render.coincidence_check, rows.coincidence_check(check))
        return
    with _store(ctx) as con:
        found = views.coincidence(con, state, year, method, important, as_recorded)
    emit(found, as_json, as_csv, render.coincidence, found["rows"], found["rows"])
    if (as_json or as_csv) and found["errata"]:  # the rows are a bare list: say on stderr what they follow
        click.echo(render.errata_note(found), err=True)


@cli.command()
@click.argument("a")
@click.argument("b")
@click.option("--by", type=click.Choice(["year", "session"]), default="year", show_default=True)
@click.option(
    "--lineage",
    is_flag=True,
    help="A successor state with its predecessor's votes (RUS with the USSR's), labelled.",
)
@selection_options
@output_options
@click.pass_context
def agreement(
    ctx: click.Context, a: str, b: str, by: str, lineage: bool, as_json: bool, as_csv: bool, **kw: Any
) -> None:
    """How often two states (or blocs: eu, nato, g77, …) voted alike: 1 same, ½ one abstained, 0 opposite.

    \b
    Example:
      unvotes agreement USA RUS --since 2000-01-01
      unvotes agreement USA RUS --lineage      # with the USSR's votes before 1991
      unvotes agreement HUN eu --by year --json
    """
    from unvotes.report import analysis as render
    from unvotes.views import analysis as views

    with _store(ctx) as con:
        found = views.agreement(con, a, b, _selection(kw), by, lineage)  # type: ignore[arg-type]
    emit(found, as_json, as_csv, render.agreement, found["series"])


@cli.command()
@click.argument("a")
@click.argument("b")
@click.option("--year", type=YEAR, help="Calendar year.")
@click.option("--by", type=click.Choice(["year", "session"]), default="year", show_default=True)
@selection_options
@output_options
@click.pass_context
def compare(
    ctx: click.Context, a: str, b: str, year: int | None, by: str, as_json: bool, as_csv: bool, **kw: Any
) -> None:
    """Two states (or blocs) side by side: their agreement over time and every vote on which they split.

    \b
    Example:
      unvotes compare USA RUS --year 2024
      unvotes compare HUN eu --since 2022 --csv
    """
    from unvotes.report import analysis as render
    from unvotes.views import analysis as views

    with _store(ctx) as con:
        found = views.compare(con, a, b, _selection(kw, year=year), by)  # type: ignore[arg-type]
    emit(found, as_json, as_csv, render.compare, found["splits"])


@cli.command()
@click.argument("state")
@click.option("--year", type=YEAR, help="Calendar year.")
@click.option("--top", type=LIMIT, default=10, show_default=True)
@click.option("--min-votes", default=10, show_default=True, help="Leave out pairs with fewer shared votes.")
@selection_options
@output_options
@click.pass_context
def allies(
    ctx: click.Context,
    state: str,
    year: int | None,
    top: int,
    min_votes: int,
    as_json: bool,
    as_csv: bool,
    **kw: Any,
) -> None:
    """A state's closest allies and farthest opponents by agreement.

    \b
    Example:
      unvotes allies USA --year 2025
    """
    from unvotes.report import analysis as render
    from unvotes.report import rows
    from unvotes.views import analysis as views

    with _store(ctx) as con:
        found = views.allies(con, state, _selection(kw, year=year), top, min_votes)
    emit(found, as_json, as_csv, render.allies, rows.allies(found))


@cli.command(name="blocs")
@click.option("--year", type=YEAR, required=True, help="Calendar year.")
@click.option(
    "--clusters", "with_clusters", is_flag=True, help="Also find data-driven clusters and name them."
)
@output_options
@click.pass_context
def blocs_(ctx: click.Context, year: int, with_clusters: bool, as_json: bool, as_csv: bool) -> None:
    """Cohesion of the reference blocs (regional groups, EU, NATO, AU, Arab Group, OIC, NAM, G77, BRICS) and who
    broke with them, in a calendar year.

    \b
    Example:
      unvotes blocs --year 2024
      unvotes blocs --year 2024 --clusters --json
    """
    from unvotes.report import analysis as render
    from unvotes.views import analysis as views

    with _store(ctx) as con:
        found = views.bloc_cohesion(con, year, with_clusters)
    emit(found, as_json, as_csv, render.blocs, found["blocs"])


@cli.command(name="ideal-points")
@click.option("--session", help="One GA session (static fit).")
@click.option("--year", type=YEAR, help="One calendar year (static fit).")
@click.option(
    "--dynamic", is_flag=True, help="Dynamic fit over the whole selection, linked by recurring resolutions."
)
@output_options
@click.pass_context
def ideal_points(
    ctx: click.Context, session: str | None, year: int | None, dynamic: bool, as_json: bool, as_csv: bool
) -> None:
    """Ideal points on the one-dimensional ordinal model (No < Abstain < Yes); the United States above Cuba.

    \b
    Example:
      unvotes ideal-points --year 2023
      unvotes ideal-points --dynamic --csv > ideal_points.csv
    """
    if not (session or year or dynamic):
        raise click.UsageError("give --session, --year or --dynamic")
    from unvotes.report import analysis as render
    from unvotes.views import analysis as views

    def starting(shape: tuple[int, int]) -> None:
        if dynamic:
            click.echo(
                f"fitting dynamic ideal points: {shape[0]} states × {shape[1]} votes (about half a minute)…",
                err=True,
            )

    with _store(ctx) as con:
        found = views.ideal_points(con, session, year, dynamic, starting)
    emit(found, as_json, as_csv, render.ideal_points, found["rows"], found["rows"])


@cli.command(name="shifts")
@click.argument("state")
@click.option("--since", callback=_date, help="Only shifts on or after this date (YYYY-MM-DD, or a year).")
@click.option(
    "--with", "partner", help="Also the change points of STATE's agreement with this state or bloc."
)
@output_options
@click.pass_context
def shifts_(
    ctx: click.Context, state: str, since: dt.date | None, partner: str | None, as_json: bool, as_csv: bool
) -> None:
    """Turnarounds: the votes where STATE reversed its own earlier position on the same recurring question.

    \b
    Example:
      unvotes shifts USA --since 2025-01-01
      unvotes shifts USA --with UKR --json
    """
    from unvotes.report import analysis as render
    from unvotes.report import rows
    from unvotes.views import analysis as views

    with _store(ctx) as con:
        found = views.turnarounds(con, state, since, partner)
    emit(found, as_json, as_csv, render.shifts, rows.turnarounds(found))
