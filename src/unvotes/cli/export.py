"""`unvotes export`: the whole record as files (Popolo JSON, Parquet, CSV, the unvotes R package's CSVs)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from unvotes.cli import _store, cli, json_option, to_json
from unvotes.report.export import FORMATS


@cli.command()
@click.option("--format", "file_format", type=click.Choice(FORMATS), required=True, help="What to write.")
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder to write into (default: ./unvotes-export-FORMAT/).",
)
@click.option("--force", is_flag=True, help="Replace the folder's contents if it is not empty.")
@json_option
@click.pass_context
def export(ctx: click.Context, file_format: str, out: Path | None, force: bool, as_json: bool) -> None:
    """Write the whole record as files, for researchers and other tools (see docs/export.md).

    \b
    popolo     vote_events.json, motions.json, organizations.json, memberships.json
    parquet    votes.parquet, roll_calls.parquet, states.parquet
    csv        votes.csv, roll_calls.csv, states.csv
    unvotes-r  un_votes.csv, un_roll_calls.csv, un_roll_call_issues.csv (GA plenary)

    \b
    Example:
      unvotes export --format parquet
      unvotes export --format popolo --out popolo/ --force
      unvotes export --format unvotes-r --json
    """
    from tqdm import tqdm

    from unvotes.report.export import default_out
    from unvotes.report.export import export as write
    from unvotes.store.export import Tables

    bar = tqdm(desc="export", unit="step", file=sys.stderr, disable=None)

    def progress(step: str, done: int, total: int) -> None:
        bar.total = total
        bar.update(done - bar.n)
        bar.set_postfix_str(step)

    with _store(ctx) as con:
        found = write(Tables(con), file_format, out or default_out(file_format), progress, force)
    bar.close()
    if as_json:
        click.echo(to_json(found.as_dict()))
        return
    for file in found.files:
        click.echo(f"{file.path}: {file.rows} rows, {file.bytes} bytes")
