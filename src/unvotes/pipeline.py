"""Build and import: find source files, parse them all, then load them in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import duckdb

from unvotes import download, ingest
from unvotes.errors import IngestError, UnvotesError
from unvotes.models import Problem, VoteEvent
from unvotes.sources import BY_KEY
from unvotes.store import Batch, LoadReport, load
from unvotes.store.db import first

Progress = Callable[[str], None]


def parse_file(path: Path, source: str | None = None) -> Batch:
    """Parse one file with its source's parser (detected from its name unless given)."""
    key = source or ingest.detect(path).key
    if key not in BY_KEY:
        raise UnvotesError(f"unknown source {key!r}", hint=f"Use one of: {', '.join(BY_KEY)}.")
    events = ingest.parser(key)(path)
    version = next((e.provenance.version for e in events if e.provenance.version), BY_KEY[key].version)
    events = [_provenance(e, version, BY_KEY[key].url) for e in events]
    return Batch(key, path, events, version, ingest.citation(key, path))


def _provenance(event: VoteEvent, version: str | None, url: str) -> VoteEvent:
    """Every event carries its file's version and a URL: its own where the file gives them, else the source's."""
    p = event.provenance
    if p.version and p.url:
        return event
    return replace(event, provenance=replace(p, version=p.version or version, url=p.url or url))


def parse_all(files: list[tuple[str, Path]], progress: Progress | None = None) -> list[Batch]:
    """Parse every file; if any fails, raise one error listing every problem of every file."""
    batches: list[Batch] = []
    problems: list[Problem] = []
    for source, path in files:
        if progress:
            progress(f"parse {source}: {path.name}")
        try:
            batches.append(parse_file(path, source))
        except IngestError as error:
            problems.extend(error.problems)
    if problems:
        raise IngestError(", ".join(sorted({p.file for p in problems})), problems)
    return batches


def build(con: duckdb.DuckDBPyConnection, data_dir: Path, progress: Progress | None = None) -> LoadReport:
    """Import every source under a data folder (`../shared/data`), atomically."""
    if not data_dir.is_dir():
        raise UnvotesError(
            f"no data folder at {data_dir}", hint="Point --from at ../shared/data or run `unvotes update`."
        )
    files = [(source.key, path) for source, path in ingest.discover(data_dir)]
    if not files:
        raise UnvotesError(
            f"{data_dir} holds no source file unvotes knows", hint="See `unvotes stats` for the sources."
        )
    batches = parse_all(files, progress)
    return load(
        con,
        batches,
        (lambda batch: progress(f"load {batch.source}: {batch.file.name}")) if progress else None,
    )


def import_file(con: duckdb.DuckDBPyConnection, path: Path, source: str | None = None) -> LoadReport:
    """Import one file atomically; re-importing the same file changes nothing."""
    if not path.is_file():
        raise UnvotesError(f"no file at {path}")
    return load(con, [parse_file(path, source)])


def update(
    con: duckdb.DuckDBPyConnection,
    base: str,
    download_dir: Path,
    records: tuple[str, ...] = download.RECORDS,
    allow_shrink: bool = False,
    progress: download.Progress | None = None,
) -> list[tuple[download.Fetched, LoadReport]]:
    """Download the newest official files, check them, and import each atomically."""
    done = []
    for record in records:
        for url in sorted(download.file_links(base, record), key=lambda u: not u.endswith("_md.md")):
            name = url.rsplit("/", 1)[-1]
            dest = download.fetch(url, download_dir / name, progress)
            source = download.source_of(name)
            if source is None:
                continue  # a data dictionary: kept beside its CSV, read by the parser for the version
            minimum = 0 if allow_shrink else _previous_rows(con, source)
            fetched = download.check(dest, source, url, minimum)
            done.append((fetched, import_file(con, dest, source)))
    return done


def _previous_rows(con: duckdb.DuckDBPyConnection, source: str) -> int:
    row = first(con, "SELECT coalesce(max(votes), 0) FROM source_files WHERE source = ?", [source])
    return int(row[0]) if row else 0
