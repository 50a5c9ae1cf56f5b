"""Build, import, remove and update: find source files, parse them all before the database is opened for
writing, then load them in one transaction. A build fills a new file and renames it into place."""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

import duckdb

from unvotes import download, ingest, settings
from unvotes.errors import DownloadError, IngestError, UnvotesError
from unvotes.models import Problem, VoteEvent
from unvotes.sources import BY_KEY
from unvotes.store.db import connect
from unvotes.store.records import carry_retired_ids
from unvotes.store.writer import (
    Batch,
    LoadReport,
    file_digest,
    files_by_digest,
    imported,
    largest_imports,
    load,
    remove,
)

Progress = Callable[[str], None]


def parse_file(path: Path, source: str | None = None) -> Batch:
    """Parse one file with its source's parser (detected from its name unless given)."""
    key = source or ingest.detect(path).key
    if key not in BY_KEY:
        raise UnvotesError(f"unknown source {key!r}", hint=f"Use one of: {', '.join(BY_KEY)}.")
    events = ingest.parser(key)(path)
    version = next((e.provenance.version for e in events if e.provenance.version), BY_KEY[key].version)
    events = [_provenance(e, version, BY_KEY[key].url) for e in events]
    return Batch(key, path, events, version, ingest.citation(key, path), ingest.listed_rows(key, path))


def _provenance(event: VoteEvent, version: str | None, url: str) -> VoteEvent:
    """Every event carries its file's version and a URL: its own where the file gives them, else the source's."""
    p = event.provenance
    if p.version and p.url:
        return event
    return replace(event, provenance=replace(p, version=p.version or version, url=p.url or url))


def parse_all(files: list[tuple[str, Path]], progress: Progress | None = None) -> list[Batch]:
    """Parse every file (in `workers` processes, largest first) and return them in the order given; if any
    fails, raise one error listing every problem of every file."""
    workers = min(int(settings.get("workers")), len(files))
    ordered = sorted(files, key=lambda f: -f[1].stat().st_size if f[1].is_file() else 0)
    if workers > 1:
        with ProcessPoolExecutor(workers, initializer=_end_with_parent, initargs=(os.getpid(),)) as pool:
            parsed = _report_each(pool.map(_parse_or_problems, ordered), ordered, progress)
    else:
        parsed = _report_each(map(_parse_or_problems, ordered), ordered, progress)
    problems = [p for result in parsed if isinstance(result, list) for p in result]
    if problems:
        raise IngestError(", ".join(sorted({p.file for p in problems})), problems)
    by_file = dict(zip(ordered, parsed, strict=True))
    return [
        result for file in files if isinstance(result := by_file[file], Batch)
    ]  # loaded in the given order


def _end_with_parent(parent: int) -> None:
    """In a parsing process: exit when the build that started it is gone (killed, even with SIGKILL, it cannot
    say so; its workers would otherwise wait for work forever)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="unvotes-parent-watch", daemon=True).start()


def _report_each(
    results: Iterable[Batch | list[Problem]], files: list[tuple[str, Path]], progress: Progress | None
) -> list[Batch | list[Problem]]:
    out = []
    for (source, path), result in zip(files, results, strict=True):
        if progress:
            progress(f"parse {source}: {path.name}")
        out.append(result)
    return out


def _parse_or_problems(file: tuple[str, Path]) -> Batch | list[Problem]:
    """One file's batch, or its problems (plain data, which crosses process boundaries)."""
    try:
        return parse_file(file[1], file[0])
    except IngestError as error:
        return error.problems


def build(db: Path, data_dir: Path, progress: Progress | None = None) -> LoadReport:
    """Import every source under a data folder (`../shared/data`) into a new database that replaces `db` only once
    it is complete: an interrupted build leaves the old file (or none) in place, never a half-built one."""
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
    step = (lambda batch: progress(f"load {batch.source}: {batch.file.name}")) if progress else None
    return _replace_database(db, lambda con: load(con, batches, step))


def staleness(db: Path, data_dir: Path) -> str | None:
    """Why the database at `db` should be built again from `data_dir`: missing, unreadable or of another schema,
    or older than a source file under the folder (or than the package's reference data); None when up to date."""
    if not db.exists():
        return f"{db} does not exist"
    try:
        connect(db, read_only=True).close()
    except UnvotesError as error:
        return str(error)
    built = db.stat().st_mtime
    newer = (
        [p for _, p in ingest.discover(data_dir) if p.stat().st_mtime > built] if data_dir.is_dir() else []
    )
    return f"{newer[0]} is newer than {db}" if newer else None


def _replace_database(db: Path, fill: Callable[[duckdb.DuckDBPyConnection], LoadReport]) -> LoadReport:
    """Fill a new file beside `db`, then rename it into place (the rename is atomic)."""
    building = db.with_name(db.name + ".building")
    _remove_database(building)
    try:
        with connect(building) as con:
            report = fill(con)
            carry_retired_ids(con, db)
            con.execute("CHECKPOINT")
        Path(f"{db}.wal").unlink(missing_ok=True)  # a log of the old file must not be replayed on the new one
        building.replace(db)
    finally:
        _remove_database(building)
    return report


def _remove_database(path: Path) -> None:
    path.unlink(missing_ok=True)
    Path(f"{path}.wal").unlink(missing_ok=True)


def import_files(db: Path, files: list[tuple[Path, str | None]], allow_empty: bool = False) -> LoadReport:
    """Import files atomically: all parsed before the database is opened for writing, then loaded together.
    A file whose exact content was imported before is not parsed again; a file without votes is refused unless
    `allow_empty`."""
    for path, _ in files:
        if not path.is_file():
            raise UnvotesError(f"no file at {path}")
    known = _already_imported(db, [path for path, _ in files])
    batches = [parse_file(path, source) for path, source in files if path not in known]
    if not allow_empty:
        _refuse_empty(batches)
    report = LoadReport()
    if batches:
        with connect(db) as con:
            report = load(con, batches)
    for path, (imported_as, events) in known.items():
        report.unchanged += events
        if imported_as != str(path):
            report.already[str(path)] = imported_as
    return report


def _refuse_empty(batches: list[Batch]) -> None:
    """A file that parses to no vote at all (empty, or a header alone) is most likely cut or the wrong file."""
    for batch in batches:
        if not batch.events and not batch.listed:
            error = IngestError(
                str(batch.file), [Problem(str(batch.file), None, None, f"no votes in {batch.file}")]
            )
            error.hint = "Check that the file is complete; pass --allow-empty to import it anyway."
            raise error


def import_file(db: Path, path: Path, source: str | None = None, allow_empty: bool = False) -> LoadReport:
    """Import one file atomically; re-importing the same file changes nothing."""
    return import_files(db, [(path, source)], allow_empty)


def _already_imported(db: Path, paths: list[Path]) -> dict[Path, tuple[str, int]]:
    """Files whose bytes the database already holds: path → (the file imported, its events)."""
    if not db.exists():
        return {}
    with connect(db, read_only=True) as con:
        by_digest = files_by_digest(con)
    return {p: by_digest[d] for p in paths if (d := file_digest(p)) in by_digest}


def remove_file(db: Path, file: Path) -> LoadReport:
    """Take an imported file's events out of the record (found by path, however spelled, or by content)."""
    with connect(db) as con:
        found = imported(con, file)
        if not found:
            raise UnvotesError(
                f"{file} was never imported", hint="`unvotes stats` lists the files the record holds."
            )
        report = LoadReport()
        for source, name in found:
            one = remove(con, source, name)
            report.removed += one.removed
            report.records += one.records
            report.files += one.files
    return report


def update(
    db: Path,
    base: str,
    download_dir: Path,
    records: tuple[str, ...] = download.RECORDS,
    allow_shrink: bool = False,
    progress: download.Progress | None = None,
) -> list[tuple[download.Fetched, LoadReport]]:
    """Download the newest official files, check them all, then import them together in one transaction.
    Files are fetched into a staging folder: any failure leaves the downloads folder and the database as they were."""
    urls = _linked_files(base, records)
    staging = download_dir / ".incoming"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        staged = [(url, download.fetch(url, staging / url.rsplit("/", 1)[-1], progress)) for url in urls]
        fetched = _checked(db, staged, allow_shrink)
        placed = _place(staged, download_dir)
        batches = [parse_file(placed[f.path], f.source) for f in fetched]
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    with connect(db) as con:
        report = load(con, batches)
    return [(replace(f, path=placed[f.path]), report.per_file[str(placed[f.path])]) for f in fetched]


def _linked_files(base: str, records: tuple[str, ...]) -> list[str]:
    urls = [url for record in records for url in download.file_links(base, record)]
    if not any(download.source_of(url.rsplit("/", 1)[-1]) for url in urls):
        raise DownloadError(
            f"{base}: the record page(s) {', '.join(records)} link no voting file",
            hint="Check the record numbers (`--record`), or that the UN Digital Library page still lists its files.",
        )
    return sorted(urls, key=lambda u: not u.endswith("_md.md"))  # data dictionaries first: they give versions


def _checked(db: Path, staged: list[tuple[str, Path]], allow_shrink: bool) -> list[download.Fetched]:
    """Every voting file checked against its layout and the rows already imported, before anything is kept."""
    minimum = {} if allow_shrink else _previous_rows(db)
    out = []
    for url, path in staged:
        source = download.source_of(path.name)
        if source is not None:  # else a data dictionary, kept beside its CSV for the version
            out.append(download.check(path, source, url, minimum.get(source, 0)))
    return out


def _place(staged: list[tuple[str, Path]], download_dir: Path) -> dict[Path, Path]:
    placed = {}
    for _, path in staged:
        placed[path] = download_dir / path.name
        path.replace(placed[path])
    return placed


def _previous_rows(db: Path) -> dict[str, int]:
    if not db.exists():
        return {}
    with connect(db, read_only=True) as con:
        return largest_imports(con)
