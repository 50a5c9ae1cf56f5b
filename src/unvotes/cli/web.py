"""`unvotes serve`: the web app and its JSON API over the record."""

from __future__ import annotations

import click

from unvotes.cli import cli, setting


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on."
)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int) -> None:
    """Serve the web app (pages, their JSON twins, the API at /api) over the record, read-only.

    \b
    Example:
      unvotes serve
      unvotes serve --port 8080
      UNVOTES_WEB_THREADS=4 unvotes serve --host 0.0.0.0
    """
    import uvicorn

    from unvotes.web.app import create_app

    app = create_app(ctx.obj, threads=int(setting("web_threads")))
    click.echo(f"unvotes: serving {ctx.obj} at http://{host}:{port}/ (Ctrl-C stops)")
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
