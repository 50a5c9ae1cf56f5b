"""Commands that analyse the record: coincidence, agreement, allies, blocs, ideal-points, shifts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Literal

import click

from unvotes.analysis import alignment, blocs, matrix, shifts
from unvotes.cli import _date, _date_end, _store, cli, emit, output_options
from unvotes.errors import UnvotesError
from unvotes.models import Organ, Selection
from unvotes.refdata import blocs as bloc_data
from unvotes.refdata import states
from unvotes.report import text

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


def _load(ctx: click.Context, selection: Selection) -> matrix.VoteMatrix:
    with _store(ctx) as con:
        m = matrix.load(con, selection)
    if not m.events:
        raise UnvotesError(
            "no recorded vote matches this selection", hint="Widen the dates, or drop --topic/--important."
        )
    return m


def _state(m: matrix.VoteMatrix, name: str) -> str:
    """A state id present in the matrix, from any spelling."""
    found = states.resolve(name, on=m.dates[-1].item() if len(m.dates) else None)
    if found not in m.states:
        raise UnvotesError(f"{found} cast no vote in this selection")
    return found


def _side(m: matrix.VoteMatrix, name: str) -> tuple[matrix.VoteMatrix, str]:
    """A state, or a reference bloc (eu, nato, g77, …) added to the matrix as one more row."""
    if name.lower() in bloc_data.BLOCS:
        members = [s for s in bloc_data.members_on(name.lower(), m.dates[-1].item()) if s in m.states]
        label = f"bloc:{name.lower()}"
        return alignment.with_bloc(m, label, members), label
    return m, _state(m, name)


@cli.command()
@click.argument("state")
@click.option("--year", type=int, required=True, help="Calendar year, as the State Department reports count.")
@click.option(
    "--method", type=click.Choice(["auto", "state-dept", "yes-no"]), default="auto", show_default=True
)
@click.option("--important", is_flag=True, help="Only the votes the State Department reports as important.")
@output_options
@click.pass_context
def coincidence(
    ctx: click.Context, state: str, year: int, method: str, important: bool, as_json: bool, as_csv: bool
) -> None:
    """Voting coincidence of every state with STATE in a calendar year (US State Department method).

    From 2017: (same + ½ partial) ÷ (same + opposite + partial) over final GA plenary recorded votes; up to
    2016: identical ÷ (identical + opposite). docs/methods-alignment.md cites both.

    \b
    Example:
      unvotes coincidence USA --year 2024
      unvotes coincidence USA --year 2015 --important --csv
    """
    m = _load(ctx, Selection(year=year, important_only=important))
    rows = alignment.coincidence(m, _state(m, state), method, year)  # type: ignore[arg-type]
    rows.sort(key=lambda r: (r["percent"] is None, -(r["percent"] or 0), r["state"]))
    emit(
        rows,
        as_json,
        as_csv,
        lambda r: text.table(r, ["state", "same", "opposite", "partial", "absent", "percent"]),
    )


@cli.command()
@click.argument("a")
@click.argument("b")
@click.option("--by", type=click.Choice(["year", "session"]), default="year", show_default=True)
@selection_options
@output_options
@click.pass_context
def agreement(ctx: click.Context, a: str, b: str, by: str, as_json: bool, as_csv: bool, **kw: Any) -> None:
    """How often two states (or blocs: eu, nato, g77, …) voted alike: 1 same, ½ one abstained, 0 opposite.

    \b
    Example:
      unvotes agreement USA RUS --since 2000-01-01
      unvotes agreement HUN eu --by year --json
    """
    m = _load(ctx, _selection(kw))
    m, left = _side(m, a)
    m, right = _side(m, b)
    score, n = alignment.agreement(m, left, right)
    series = alignment.agreement_series(m, left, right, by)  # type: ignore[arg-type]
    found = {"a": left, "b": right, "score": score, "votes": n, "series": series}
    emit(found, as_json, as_csv, _render_agreement, series)


def _render_agreement(found: dict[str, Any]) -> str:
    score = "n/a" if found["score"] is None else f"{100 * found['score']:.1f} %"
    lines = [f"{found['a']} and {found['b']}: {score} agreement over {found['votes']} votes"]
    return "\n".join(
        lines + [text.table(found["series"], list(found["series"][0]) if found["series"] else [])]
    )


@cli.command()
@click.argument("state")
@click.option("--year", type=int, help="Calendar year.")
@click.option("--top", default=10, show_default=True)
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
    m = _load(ctx, _selection(kw, year=year))
    found = alignment.allies(m, _state(m, state), top, min_votes)
    rows = [
        {"relation": k[:-1] if k == "allies" else "opponent", **r}
        for k in ("allies", "opponents")
        for r in found[k]
    ]
    emit(found, as_json, as_csv, lambda _: text.table(rows, ["relation", "state", "score", "n"]), rows)


@cli.command(name="blocs")
@click.option("--year", type=int, required=True, help="Calendar year.")
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
    m = _load(ctx, Selection(year=year))
    summary = blocs.bloc_summary(m, year=year)
    found: dict[str, Any] = {"year": year, "blocs": summary}
    if with_clusters:
        found["clusters"] = blocs.clusters(m)
    emit(found, as_json, as_csv, _render_blocs, summary)


def _render_blocs(found: dict[str, Any]) -> str:
    rows = [{k: v for k, v in b.items() if not isinstance(v, list | dict)} for b in found["blocs"]]
    lines = [text.table(rows, list(rows[0]) if rows else [])]
    for cluster in found.get("clusters", []):
        lines.append(f"cluster {cluster.get('name')}: {', '.join(cluster.get('states', []))}")
    return "\n".join(lines)


@cli.command(name="ideal-points")
@click.option("--session", help="One GA session (static fit).")
@click.option("--year", type=int, help="One calendar year (static fit).")
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
    from unvotes.analysis import ideal  # SciPy's sparse solvers load only when asked for

    m = _load(ctx, Selection(session=session, year=year))
    by: Literal["session", "year"] = "year" if year and not dynamic else "session"
    if dynamic:
        click.echo(
            f"fitting dynamic ideal points: {m.shape[0]} states × {m.shape[1]} votes (about half a minute)…",
            err=True,
        )
    fit = ideal.dynamic(m, by=by) if dynamic else ideal.static(m, by=by)
    rows = [_with_session(r, m) for r in fit.rows()]
    columns = (
        ["state", "session", "year", "ideal_point", "se"]
        if by == "year"
        else ["state", "session", "ideal_point", "se"]
    )
    emit(rows, as_json, as_csv, lambda r: text.table(r, columns))


def _with_session(row: dict[str, Any], m: matrix.VoteMatrix) -> dict[str, Any]:
    """A calendar-year fit names the GA sessions whose votes it spans (a year holds parts of two)."""
    if "session" in row:
        return row
    sessions = sorted({str(e["session"]) for e in m.events if e["session"]})
    return {"state": row["state"], "session": ", ".join(sessions) or None, **row}


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
    m = _load(ctx, Selection())
    own = _state(m, state)
    found: dict[str, Any] = {"state": own, "turnarounds": shifts.turnarounds(m, own, since)}
    if partner:
        m, other = _side(m, partner)
        found["change_points"] = shifts.pair_shifts(m, own, other)
    emit(found, as_json, as_csv, _render_shifts, [_flat(t) for t in found["turnarounds"]])


def _flat(t: dict[str, Any]) -> dict[str, Any]:
    return {
        "change": t["change"],
        "from": t["from"],
        "to": t["to"],
        "before": t["before"]["symbol"],
        "before_date": t["before"]["date"],
        "after": t["after"]["symbol"],
        "after_date": t["after"]["date"],
        "rule": t["rule"],
    }


def _render_shifts(found: dict[str, Any]) -> str:
    rows = [_flat(t) for t in found["turnarounds"]]
    lines = [
        f"{found['state']}: {len(rows)} turnarounds",
        text.table(rows, ["change", "from", "to", "before", "before_date", "after", "after_date"]),
    ]
    lines += [_render_change(point) for point in found.get("change_points", [])]
    return "\n".join(lines)


def _render_change(point: dict[str, Any]) -> str:
    before, after = point["before"], point["after"]
    shown = "; ".join(f"{v['symbol']} ({v['date']}) {v['a']}/{v['b']}" for v in point["votes"][:3])
    return (
        f"change point: {before['score']:.3f} in {before['periods'][0]}–{before['periods'][-1]} ({before['n']} votes)"
        f" → {after['score']:.3f} in {after['periods'][0]}–{after['periods'][-1]} ({after['n']} votes); shown by {shown}"
    )
