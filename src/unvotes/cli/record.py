"""Commands over the record: build, import, update, show, with, votes, search, stats, day, about."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click
from tqdm import tqdm

from unvotes import pipeline, settings
from unvotes.cli import _date, _date_end, _store, cli, emit, output_options
from unvotes.report import text
from unvotes.sources import SOURCES
from unvotes.store import queries
from unvotes.store.load import LoadReport


def _report(report: LoadReport) -> str:
    return (
        f"{report.inserted} inserted, {report.updated} updated, {report.unchanged} unchanged, "
        f"{report.removed} removed; {report.votes} state votes written; {report.records} records"
    )


@cli.command()
@click.option(
    "--from",
    "data_dir",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Data folder, e.g. ../shared/data.",
)
@click.pass_context
def build(ctx: click.Context, data_dir: Path) -> None:
    """Import every source file under a data folder, atomically.

    \b
    Example:
      unvotes build --from ../shared/data
    """
    with _store(ctx, read_only=False) as con:
        files = pipeline.ingest.discover(data_dir)
        bar = tqdm(total=2 * len(files), desc="build", unit="step", file=sys.stderr, disable=None)

        def progress(name: str) -> None:
            bar.set_postfix_str(name[-40:])
            bar.update(1)

        report = pipeline.build(con, data_dir, progress=progress)
        bar.close()
    click.echo(f"{ctx.obj}: {_report(report)}")


@cli.command(name="import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--source", help="The source the file belongs to (detected from its name by default).")
@click.pass_context
def import_(ctx: click.Context, file: Path, source: str | None) -> None:
    """Import one file; a file with any problem is rejected whole and the database is left as it was.

    \b
    Example:
      unvotes import downloads/2026_02_06_ga_voting.csv
      unvotes import my_votes/2025-03-01_GA_A-79-L.5.json --source curated
    """
    with _store(ctx, read_only=False) as con:
        click.echo(f"{file}: {_report(pipeline.import_file(con, file, source))}")


@cli.command()
@click.option(
    "--base",
    default=lambda: settings.get("undl_base"),
    show_default="$UNVOTES_UNDL_BASE or the UN Digital Library",
)
@click.option(
    "--record", "records", multiple=True, help="Record number(s) to fetch (default: 4060887 4060945 4055387)."
)
@click.option(
    "--allow-shrink", is_flag=True, help="Accept a file with fewer rows than the one already imported."
)
@click.pass_context
def update(ctx: click.Context, base: str, records: tuple[str, ...], allow_shrink: bool) -> None:
    """Download the newest official voting files from the UN Digital Library and import them.

    \b
    Example:
      unvotes update
      unvotes update --record 4055387
    """
    bar = tqdm(unit="B", unit_scale=True, desc="downloading", file=sys.stderr, disable=None)

    def progress(done: int, total: int | None) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    with _store(ctx, read_only=False) as con:
        done = pipeline.update(
            con,
            base,
            Path(settings.get("download_dir")),
            records or pipeline.download.RECORDS,
            allow_shrink,
            progress,
        )
    bar.close()
    for fetched, report in done:
        click.echo(f"{fetched.url}: {fetched.rows} rows; {_report(report)}")


@cli.command()
@click.argument("symbol")
@output_options
@click.pass_context
def show(ctx: click.Context, symbol: str, as_json: bool, as_csv: bool) -> None:
    """One vote: organ, date, document, counts, outcome, every state's vote, related votes, sources.

    \b
    Example:
      unvotes show ES-11/7
      unvotes show "S/RES/2774 (2025)" --json
    """
    with _store(ctx) as con:
        record = queries.show(con, symbol)
    rows = [{"state": s, "vote": v} for s, v in record["votes"].items()]
    emit(record, as_json, as_csv, text.event, rows)


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
    with _store(ctx) as con:
        found = queries.voted_with(con, symbol, state)
    rows = [{"state": s, "vote": found["vote"]} for s in found["states"]]
    emit(found, as_json, as_csv, _render_with, rows)


def _render_with(found: dict[str, Any]) -> str:
    word = text.VOTE_WORDS[found["vote"]]
    return f"{found['symbol']} ({found['date']}): {text.state_name(found['state'])} voted {word}, as did {len(found['states'])}: {text.names(found['states'])}"


@cli.command()
@click.argument("state")
@click.option("--since", callback=_date, help="First date (YYYY-MM-DD, or a year).")
@click.option("--until", callback=_date_end, help="Last date (YYYY-MM-DD, or a year).")
@click.option("--organ", type=click.Choice(["GA", "SC"]))
@click.option("--topic", help="Words in the title, agenda item or subjects.")
@output_options
@click.pass_context
def votes(
    ctx: click.Context,
    state: str,
    since: dt.date | None,
    until: dt.date | None,
    organ: str | None,
    topic: str | None,
    as_json: bool,
    as_csv: bool,
) -> None:
    """How one state voted, vote by vote.

    \b
    Example:
      unvotes votes USA --since 2022-01-01 --topic Ukraine
    """
    with _store(ctx) as con:
        rows = queries.state_votes(con, state, since, until, organ, topic)
    emit(
        rows,
        as_json,
        as_csv,
        lambda r: text.table(r, ["date", "organ", "symbol", "vote", "outcome", "title"]),
    )


@cli.command()
@click.argument("words")
@click.option("--limit", default=50, show_default=True)
@output_options
@click.pass_context
def search(ctx: click.Context, words: str, limit: int, as_json: bool, as_csv: bool) -> None:
    """Votes whose title, agenda item or subjects mention WORDS, newest first.

    \b
    Example:
      unvotes search "territorial integrity of Ukraine"
    """
    with _store(ctx) as con:
        rows = queries.search(con, words, limit)
    emit(
        rows,
        as_json,
        as_csv,
        lambda r: text.table(r, ["date", "organ", "resolution", "document", "outcome", "title"]),
    )


@cli.command()
@output_options
@click.pass_context
def stats(ctx: click.Context, as_json: bool, as_csv: bool) -> None:
    """What the record holds: records per organ and year, sources and versions, known gaps.

    \b
    Example:
      unvotes stats --json
    """
    with _store(ctx) as con:
        found = queries.stats(con)
    emit(found, as_json, as_csv, _render_stats, found["per_organ_year"])


def _render_stats(found: dict[str, Any]) -> str:
    lines = [
        f"{found['records']} votes ({found['events']} source events, {found['votes']} state votes); "
        f"{found['disagreements']} state votes on which sources disagree"
    ]
    for organ in ("GA", "SC"):
        years = [r for r in found["per_organ_year"] if r["organ"] == organ]
        if years:
            lines.append(
                f"{organ}: {sum(r['records'] for r in years)} votes, {years[0]['year']}–{years[-1]['year']}"
            )
    lines.append(
        "disagreements by source: "
        + ", ".join(f"{k} {v}" for k, v in found["disagreements_by_source"].items())
    )
    lines.append(
        f"{len(found['tally_mismatches'])} events whose per-state votes do not add up to their printed counts:"
    )
    lines += [
        f"  {m['source']} {m['symbol']} ({m['date']}): printed {m['printed']}, per state {m['per_state']}"
        for m in found["tally_mismatches"]
    ]
    lines.append("sources:")
    lines += _render_sources(found["sources"])
    lines.append("known gaps:")
    lines += [f"  - {g}" for g in found["gaps"]]
    return "\n".join(lines)


@cli.command()
@output_options
def about(as_json: bool, as_csv: bool) -> None:
    """The sources of the record: what each is, where it comes from, its terms and its precedence.

    \b
    Example:
      unvotes about
      unvotes about --json
    """
    rows = [
        {
            "source": s.key,
            "title": s.title,
            "url": s.url,
            "terms": s.terms,
            "precedence": s.precedence,
            "version": s.version,
        }
        for s in sorted(SOURCES, key=lambda s: s.precedence)
    ]
    emit(rows, as_json, as_csv, _render_about)


def _render_about(rows: list[dict[str, Any]]) -> str:
    lines = ["unvotes is built from these sources (a lower precedence wins where they disagree):", ""]
    for r in rows:
        lines += [
            f"{r['source']} (precedence {r['precedence']}): {r['title']}",
            f"  {r['url']}",
            f"  terms: {r['terms']}",
        ]
    lines += [
        "",
        "UN material: © United Nations; non-commercial use, with attribution to the United Nations.",
    ]
    return "\n".join(lines)


def _render_sources(files: list[dict[str, Any]]) -> list[str]:
    """One line per source: its version, how many files and events, and its terms; then how to cite it."""
    by_source: dict[str, list[dict[str, Any]]] = {}
    for f in files:
        by_source.setdefault(f["source"], []).append(f)
    lines = []
    for key, fs in by_source.items():
        events = sum(f["events"] for f in fs)
        lines.append(
            f"  {key:<14} {fs[0]['version'] or '-':<52} {len(fs):>3} file(s) {events:>6} events  ({fs[0]['terms']})"
        )
        lines += sorted({f"      cite: {f['citation']}" for f in fs if f["citation"]})
    return lines


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
    with _store(ctx) as con:
        records = queries.day(con, date)
    state = text.states.resolve(with_state, on=date)
    rows = [
        {k: r[k] for k in ("organ", "date", "resolution", "document", "kind", "outcome")}
        | (r["counts"] or {})
        for r in records
    ]
    emit(
        records,
        as_json,
        as_csv,
        lambda rs: "\n\n".join(text.event(r, state) for r in rs) or "(no votes that day)",
        rows,
    )
