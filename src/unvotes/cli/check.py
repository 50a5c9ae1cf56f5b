"""`unvotes check`: what an article says about UN votes, claim by claim, against the record."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from unvotes.cli import _date, _store, cli, emit, json_option, read_utf8


def _article(source: str) -> str:
    """The article's text: a file, or standard input for `-`."""
    if source == "-":
        return sys.stdin.read()
    path = Path(source)
    if not path.is_file():
        from unvotes.errors import UnvotesError

        raise UnvotesError(
            f"{source}: no such file",
            hint="Give the article as a file, or `-` to read it from standard input.",
        )
    return read_utf8(path)


@cli.command()
@click.argument("source", metavar="FILE|-")
@click.option(
    "--date",
    "date",
    callback=_date,
    help="The article's dateline, YYYY-MM-DD: its votes are that day or shortly before.",
)
@click.option(
    "--organ",
    type=click.Choice(["GA", "SC"]),
    default=None,
    help="The organ the article is about, where a sentence does not say.",
)
@json_option
@click.pass_context
def check(ctx: click.Context, source: str, date: dt.date | None, organ: str | None, as_json: bool) -> None:
    """Check what an article (text or HTML) says about UN votes, claim by claim: counts, who voted how,
    outcomes, vetoes, membership, dates and changes of position, each true, false or unverifiable with the
    record's evidence. Exit code 0 whatever the verdict.

    \b
    Example:
      unvotes check --date 2025-02-25 article.txt
      unvotes check --date 2022-03-02 --organ GA --json article.html
      echo "Russia vetoed the draft." | unvotes check --date 2022-02-25 -
    """
    from unvotes.factcheck import check as checking
    from unvotes.factcheck import render

    article = _article(source)
    with _store(ctx) as con:
        found = checking(con, article, date=date, organ=organ)
    emit(found, as_json, False, render.text)
