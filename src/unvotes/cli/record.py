"""Commands over the record: build, import, update, show, with, votes, search, stats, day, about."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from unvotes.cli import (
    LIMIT,
    _date,
    _date_end,
    _store,
    cli,
    emit,
    json_option,
    output_options,
    setting,
    to_json,
)

if TYPE_CHECKING:
    from unvotes.store.writer import LoadReport


def _report(report: LoadReport) -> str:
    return (
        f"{report.inserted} inserted, {report.updated} updated, {report.unchanged} unchanged, "
        f"{report.removed} removed; {report.votes} state votes written; {report.records} records"
    )


def _written(database: Path, report: LoadReport, as_json: bool, text: str) -> None:
    """What a write did: `text`, or with --json the `Written` view."""
    if not as_json:
        click.echo(text)
        return
    from unvotes.views.record import written

    click.echo(to_json(written(database, report)))


@cli.command()
@click.option(
    "--from",
    "data_dir",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Data folder, e.g. ../shared/data.",
)
@click.option(
    "--if-stale",
    is_flag=True,
    help="Build only when the database is missing, unreadable or older than the data.",
)
@json_option
@click.pass_context
def build(ctx: click.Context, data_dir: Path, if_stale: bool, as_json: bool) -> None:
    """Import every source file under a data folder, atomically.

    \b
    Example:
      unvotes build --from ../shared/data
      unvotes build --from ../shared/data --json
      unvotes build --from ../shared/data --if-stale
    """
    from tqdm import tqdm

    from unvotes import pipeline

    if if_stale:
        reason = pipeline.staleness(ctx.obj, data_dir)
        if reason is None:
            from unvotes.store.writer import LoadReport

            _written(ctx.obj, LoadReport(), as_json, f"{ctx.obj} is up to date with {data_dir}")
            return
        click.echo(f"building: {reason}", err=True)

    files = pipeline.ingest.discover(data_dir) if data_dir.is_dir() else []
    bar = tqdm(total=2 * len(files), desc="build", unit="step", file=sys.stderr, disable=None)

    def progress(name: str) -> None:
        bar.set_postfix_str(name[-40:])
        bar.update(1)

    report = pipeline.build(ctx.obj, data_dir, progress=progress)
    bar.close()
    _written(ctx.obj, report, as_json, f"{ctx.obj}: {_report(report)}")


@cli.command(name="import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--source", help="The source the file belongs to (detected from its name by default).")
@click.option("--allow-empty", is_flag=True, help="Accept a file without votes (refused by default).")
@json_option
@click.pass_context
def import_(ctx: click.Context, file: Path, source: str | None, allow_empty: bool, as_json: bool) -> None:
    """Import one file; a file with any problem is rejected whole and the database is left as it was.

    \b
    Example:
      unvotes import downloads/2026_02_06_ga_voting.csv
      unvotes import my_votes/2025-03-01_GA_A-79-L.5.json --source curated
      unvotes import downloads/2026_02_06_ga_voting.csv --json
    """
    from unvotes import pipeline

    report = pipeline.import_file(ctx.obj, file, source, allow_empty)
    note = f" (already imported as {report.already[str(file)]})" if str(file) in report.already else ""
    _written(ctx.obj, report, as_json, f"{file}: {_report(report)}{note}")


@cli.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@json_option
@click.pass_context
def remove(ctx: click.Context, file: Path, as_json: bool) -> None:
    """Take an imported file's votes out of the record (the file is found by its path or by its content).

    \b
    Example:
      unvotes remove my_votes/2025-03-01_GA_A-79-L.5.json
      unvotes remove my_votes/2025-03-01_GA_A-79-L.5.json --json
    """
    from unvotes import pipeline

    report = pipeline.remove_file(ctx.obj, file)
    text = f"{', '.join(report.files)}: {report.removed} events removed; {report.records} records reconciled"
    _written(ctx.obj, report, as_json, text)


@cli.command()
@click.option(
    "--base",
    default=lambda: setting("undl_base"),
    show_default="$UNVOTES_UNDL_BASE or the UN Digital Library",
)
@click.option(
    "--record", "records", multiple=True, help="Record number(s) to fetch (default: 4060887 4060945 4055387)."
)
@click.option(
    "--allow-shrink", is_flag=True, help="Accept a file with fewer rows than the one already imported."
)
@json_option
@click.pass_context
def update(
    ctx: click.Context, base: str, records: tuple[str, ...], allow_shrink: bool, as_json: bool
) -> None:
    """Download the newest official voting files from the UN Digital Library and import them.

    \b
    Example:
      unvotes update
      unvotes update --record 4055387
      unvotes update --json
    """
    from tqdm import tqdm

    from unvotes import pipeline

    bar = tqdm(unit="B", unit_scale=True, desc="downloading", file=sys.stderr, disable=None)

    def progress(done: int, total: int | None) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    done = pipeline.update(
        ctx.obj,
        base,
        Path(setting("download_dir")),
        records or pipeline.download.RECORDS,
        allow_shrink,
        progress,
    )
    bar.close()
    if as_json:
        from unvotes.views.record import written

        downloads = [{"url": f.url, "rows": f.rows, **written(ctx.obj, r)} for f, r in done]
        click.echo(to_json(downloads))
        return
    for fetched, report in done:
        click.echo(f"{fetched.url}: {fetched.rows} rows; {_report(report)}")


@cli.command()
@click.argument("symbol")
@click.option(
    "--all",
    "whole",
    is_flag=True,
    help="Name every state in the text (the largest group is abridged otherwise).",
)
@output_options
@click.pass_context
def show(ctx: click.Context, symbol: str, whole: bool, as_json: bool, as_csv: bool) -> None:
    """One vote: organ, date, document, counts, outcome, every state's vote by group, related votes, sources.

    \b
    Example:
      unvotes show ES-11/7
      unvotes show ES-11/7 --all
      unvotes show "S/RES/2774 (2025)" --json
    """
    from unvotes.report import rows, text
    from unvotes.views import record as views

    with _store(ctx) as con:
        found = views.vote(con, symbol)
    emit(found, as_json, as_csv, lambda r: text.event(r, whole=whole), rows.vote(found))


@cli.command(name="with")
@click.argument("symbol")
@click.argument("state")
@output_options
@click.pass_context
def with_(ctx: click.Context, symbol: str, state: str, as_json: bool, as_csv: bool) -> None:
    """The states that voted as STATE did on one vote.

    \b
    Example:
      unvotes with ES-11/7 USA
    """
    from unvotes.report import record as render
    from unvotes.report import rows
    from unvotes.views import record as views

    with _store(ctx) as con:
        found = views.voted_with(con, symbol, state)
    emit(found, as_json, as_csv, render.voted_with, rows.voted_with(found))


@cli.command()
@click.argument("state")
@click.option("--since", callback=_date, help="First date (YYYY-MM-DD, or a year).")
@click.option("--until", callback=_date_end, help="Last date (YYYY-MM-DD, or a year).")
@click.option("--organ", type=click.Choice(["GA", "SC"]))
@click.option("--topic", help="Words in the title, agenda item or subjects.")
@click.option(
    "--lineage",
    is_flag=True,
    help="Include a successor's predecessor's votes (the USSR's for RUS), labelled.",
)
@output_options
@click.pass_context
def votes(
    ctx: click.Context,
    state: str,
    since: dt.date | None,
    until: dt.date | None,
    organ: str | None,
    topic: str | None,
    lineage: bool,
    as_json: bool,
    as_csv: bool,
) -> None:
    """How one state voted, vote by vote.

    \b
    Example:
      unvotes votes USA --since 2022-01-01 --topic Ukraine
      unvotes votes RUS --until 1992 --lineage
    """
    from unvotes.report import record as render
    from unvotes.report import rows
    from unvotes.views import record as views

    with _store(ctx) as con:
        found = views.state_votes(con, state, since, until, organ, topic, lineage)
    emit(found, as_json, as_csv, render.state_votes, rows.state_votes(found), found["votes"])


@cli.command()
@click.argument("words")
@click.option("--limit", type=LIMIT, default=50, show_default=True)
@output_options
@click.pass_context
def search(ctx: click.Context, words: str, limit: int, as_json: bool, as_csv: bool) -> None:
    """Votes whose title, agenda item or subjects mention WORDS, newest first.

    \b
    Example:
      unvotes search "territorial integrity of Ukraine"
    """
    from unvotes.report import record as render
    from unvotes.report import rows
    from unvotes.views import record as views

    with _store(ctx) as con:
        found = views.search(con, words, limit)
    emit(found, as_json, as_csv, render.search, rows.search(found), found["hits"])


@cli.command()
@output_options
@click.pass_context
def stats(ctx: click.Context, as_json: bool, as_csv: bool) -> None:
    """What the record holds: records per organ and year, sources and versions, known gaps.

    \b
    Example:
      unvotes stats --json
    """
    from unvotes.report import record as render
    from unvotes.views import record as views

    with _store(ctx) as con:
        found = views.stats(con)
    emit(found, as_json, as_csv, render.stats, found["per_organ_year"])


@cli.command()
@output_options
def about(as_json: bool, as_csv: bool) -> None:
    """The sources of the record: what each is, where it comes from, its terms and its precedence.

    \b
    Example:
      unvotes about
      unvotes about --json
    """
    from unvotes.report import record as render
    from unvotes.views import record as views

    found = views.about()
    emit(found, as_json, as_csv, render.about, found["sources"], found["sources"])


@cli.command()
@click.argument("date", callback=_date)
@click.option(
    "--with", "with_state", default="USA", show_default=True, help="Show who voted with this state."
)
@output_options
@click.pass_context
def day(ctx: click.Context, date: dt.date, with_state: str, as_json: bool, as_csv: bool) -> None:
    """Every vote of one day, with its tallies, outcome and who voted with a state.

    \b
    Example:
      unvotes day 2025-02-24 --with USA
    """
    from unvotes.report import record as render
    from unvotes.report import rows
    from unvotes.views import record as views

    with _store(ctx) as con:
        found = views.day(con, date, with_state)
    emit(found, as_json, as_csv, render.day, rows.day(found), found["votes"])


@cli.command()
@click.argument("name")
@click.option("--latest", default=10, show_default=True, help="How many of its latest votes to list.")
@output_options
@click.pass_context
def state(ctx: click.Context, name: str, latest: int, as_json: bool, as_csv: bool) -> None:
    """One member state: its names over time, successions, its votes per organ and its latest votes.

    \b
    Example:
      unvotes state "Russian Federation"
      unvotes state DDR --json
    """
    from unvotes.report import record as render
    from unvotes.report import rows
    from unvotes.views import record as views

    with _store(ctx) as con:
        found = views.state(con, name, latest)
    emit(found, as_json, as_csv, render.state, rows.state(found))
