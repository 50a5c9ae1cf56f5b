"""`unvotes story`: a news account of a vote or a day, written from the record, each sentence with its evidence."""

from __future__ import annotations

import click

from unvotes.cli import _store, cli, setting, to_json

FORMATS = ("text", "markdown", "html", "json")


@cli.command()
@click.argument("target")
@click.option("--format", "form", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option(
    "--spelling",
    type=click.Choice(["british", "american"]),
    default=None,
    help="Spelling and date style (default: $UNVOTES_SPELLING, else british).",
)
@click.option("--json", "as_json", is_flag=True, help="Write JSON (the same as --format json).")
@click.pass_context
def story(ctx: click.Context, target: str, form: str, spelling: str | None, as_json: bool) -> None:
    """A news story of a day (YYYY-MM-DD) or of one vote (a symbol): what passed or failed and by what count, who
    stood with whom, the blocs that split, the states that turned, amendments, vetoes and the order of voting.

    \b
    Example:
      unvotes story 2025-02-24
      unvotes story A/RES/ES-11/7 --format markdown
      unvotes story 2025-02-24 --json        # every sentence with its evidence
    """
    from unvotes.report import story as writer
    from unvotes.views.story import story_facts

    with _store(ctx) as con:
        facts = story_facts(con, target)
    written = writer.write(facts, spelling or setting("spelling"))
    if as_json or form == "json":
        click.echo(to_json(written))
    elif form == "markdown":
        click.echo(writer.markdown(written), nl=False)
    elif form == "html":
        click.echo(writer.html(written))
    else:
        click.echo(writer.text(written), nl=False)
