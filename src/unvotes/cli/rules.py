"""Commands that apply the rules: decide, replay, audit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from unvotes.cli import _date, _store, cli, emit, output_options, read_utf8

# The questions of `unvotes.rules.decision.Question`, spelled out so that --help loads none of the rules.
QUESTIONS = ("simple", "two-thirds", "reconsideration", "procedural", "substantive", "preliminary")


@cli.command()
@click.argument("symbol", required=False)
@click.option("--organ", type=click.Choice(["GA", "SC"]), help="The organ (with the numbers).")
@click.option(
    "--question",
    type=click.Choice(QUESTIONS),
    help="The question put (default: GA simple, SC substantive).",
)
@click.option("--yes", type=click.IntRange(0), help="Votes in favour.")
@click.option("--no", type=click.IntRange(0), help="Votes against.")
@click.option("--abstain", type=click.IntRange(0), default=0, show_default=True)
@click.option("--non-voting", type=click.IntRange(0), default=0, show_default=True)
@click.option("--negative-permanent", default="", help="Permanent members voting no, e.g. RUS,USA.")
@click.option("--date", "on", callback=_date, help="Date of the vote (SC: council size and permanent seats).")
@output_options
@click.pass_context
def decide(
    ctx: click.Context,
    symbol: str | None,
    organ: str | None,
    question: str | None,
    yes: int | None,
    no: int | None,
    abstain: int,
    non_voting: int,
    negative_permanent: str,
    on: dt.date | None,
    as_json: bool,
    as_csv: bool,
) -> None:
    """Decide a vote as the Charter and the rules of procedure do, with the arithmetic and the legal basis.

    Give the numbers, or the symbol of a recorded vote (decided from its votes, next to the recorded outcome).

    \b
    Example:
      unvotes decide --organ GA --question two-thirds --yes 93 --no 18 --abstain 65
      unvotes decide --organ SC --yes 11 --no 1 --abstain 3 --negative-permanent RUS
      unvotes decide S/2025/115
    """
    from unvotes.report import rows
    from unvotes.report import rules as render
    from unvotes.views import rules as views

    if symbol:
        with _store(ctx) as con:
            found = views.recorded_decision(con, symbol, question)
    elif organ is None or yes is None or no is None:
        raise click.UsageError("give a SYMBOL, or --organ, --yes and --no")
    else:
        negative = [s.strip() for s in negative_permanent.split(",") if s.strip()]
        try:
            found = views.decision(organ, yes, no, abstain, non_voting, question, negative, on)
        except ValueError as error:  # a question or tally the organ cannot have
            raise click.UsageError(str(error)) from error
    emit(found, as_json, as_csv, render.decision, rows.decision(found))


@cli.command(name="audit")
@click.option(
    "--statedept",
    "statedept_year",
    type=int,
    metavar="YEAR",
    help="Compare the record with the State Department's list of that year's votes (2019-2023).",
)
@output_options
@click.pass_context
def audit_(ctx: click.Context, statedept_year: int | None, as_json: bool, as_csv: bool) -> None:
    """Decide every vote in the record from its votes and list where the recorded outcome disagrees, by cause.

    With --statedept YEAR: the State Department's list of the votes its report counts, vote by vote against the
    record (printed tally, US vote, votes in one set and not the other), each difference with its cause.

    \b
    Example:
      unvotes audit
      unvotes audit --json > audit.json
      unvotes audit --statedept 2022
    """
    from unvotes.report import rules as render
    from unvotes.views import rules as views

    with _store(ctx) as con:
        if statedept_year is not None:
            found = views.statedept_audit(con, statedept_year)
            emit(found, as_json, as_csv, render.statedept_audit, found["differences"])
            return
        report = views.audit(con)
    emit(report, as_json, as_csv, render.audit, report["findings"])


@cli.command()
@click.argument("file", required=False, type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--organ", type=click.Choice(["GA", "SC"]), help="With --date: replay that day's votes from the record."
)
@click.option("--date", "on", callback=_date, help="The day (YYYY-MM-DD).")
@output_options
@click.pass_context
def replay(
    ctx: click.Context, file: Path | None, organ: str | None, on: dt.date | None, as_json: bool, as_csv: bool
) -> None:
    """Replay a whole voting sequence step by step: motions, amendments in the chair's order, parts, the draft.

    From the record (the chair's order from the sequence shipped for that day, the numbers from the record), or
    from a sequence file (format: docs/sequences.md).

    \b
    Example:
      unvotes replay --organ SC --date 2025-02-24
      unvotes replay my-sequence.json --json
    """
    from unvotes.report import rules as render
    from unvotes.views import rules as views

    if file is not None:
        found = views.replay_file(read_utf8(file), str(file))
    elif organ and on:
        with _store(ctx) as con:
            found = views.replay_day(con, organ, on)
    else:
        raise click.UsageError("give a sequence FILE, or --organ and --date")
    emit(found, as_json, as_csv, render.replay, found["steps"])
