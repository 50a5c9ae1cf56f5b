"""The only writer: `load()` puts parsed events into the database, atomically and idempotently.

Each batch names the file it came from. A file is known by its path (however it is spelled) and by its content:
the same bytes imported again, under any name, change nothing. An event whose content is unchanged is left alone;
a changed one is replaced; one that the file no longer holds is removed. Only the records those events reach are
reconciled again (the first load reconciles everything). Everything happens in one transaction: when anything
fails, the database is left exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from unvotes.models import VoteEvent
from unvotes.store import listed, reconcile
from unvotes.store.db import first
from unvotes.store.grouping import registered


@dataclass(frozen=True)
class Batch:
    """The events parsed from one file of one source."""

    source: str
    file: Path
    events: Sequence[VoteEvent]
    version: str | None = None
    citation: str | None = None
    listed: Sequence[dict[str, Any]] = ()  # rows of a list that checks the record (statedept), not events


@dataclass
class LoadReport:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    votes: int = 0
    records: int = 0
    files: list[str] = field(default_factory=list)
    already: dict[str, str] = field(default_factory=dict)  # file → the same bytes imported before as
    per_file: dict[str, LoadReport] = field(default_factory=dict)
    new_events: set[int] = field(default_factory=set)
    old_records: set[int] = field(default_factory=set)

    @property
    def changed(self) -> bool:
        return bool(self.inserted or self.updated or self.removed)


def load(
    con: duckdb.DuckDBPyConnection, batches: Iterable[Batch], progress: Callable[[Batch], None] | None = None
) -> LoadReport:
    """Write every batch in one transaction, then reconcile records across sources; roll back on any failure."""
    report = LoadReport()
    with transaction(con):
        first_load = not _has_records(con)
        for batch in batches:
            report.per_file[str(batch.file)] = _load_batch(con, batch, report)
            if progress:
                progress(batch)
        _reconcile(con, report, everything=first_load)
    return report


def remove(con: duckdb.DuckDBPyConnection, source: str, file: str) -> LoadReport:
    """Take every event of one imported file out of the record, in one transaction."""
    report = LoadReport()
    with transaction(con):
        rows = con.execute(
            "SELECT event_id, record_id FROM events WHERE source = ? AND file = ?", [source, file]
        ).fetchall()
        report.removed = len(rows)
        report.old_records = {r[1] for r in rows if r[1] is not None}
        _delete(con, [r[0] for r in rows])
        if source in listed.TABLES:
            report.removed, touched = listed.replace(con, source, file, ())
            report.old_records |= touched
        con.execute("DELETE FROM source_files WHERE source = ? AND file = ?", [source, file])
        report.files.append(file)
        _reconcile(con, report, everything=False)
    return report


def imported(con: duckdb.DuckDBPyConnection, path: Path) -> list[tuple[str, str]]:
    """The (source, file) rows of an imported file: by its path, however spelled, or else by its content."""
    rows = con.execute("SELECT source, file, path, sha256 FROM source_files").fetchall()
    resolved = str(path.resolve())
    by_path = [(r[0], r[1]) for r in rows if r[2] == resolved or r[1] == str(path)]
    if by_path or not path.is_file():
        return by_path
    digest = file_digest(path)
    return [(r[0], r[1]) for r in rows if r[3] == digest]


def files_by_digest(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, int]]:
    """Every imported file by the sha256 of its bytes: (the file as imported, its events)."""
    rows = con.execute("SELECT sha256, file, events FROM source_files").fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


def largest_imports(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """The most state votes any file of each source brought (a new version must not bring fewer)."""
    rows = con.execute("SELECT source, max(votes) FROM source_files GROUP BY source").fetchall()
    return {r[0]: int(r[1]) for r in rows}


class transaction:
    """BEGIN … COMMIT, or ROLLBACK on any failure (interrupts included)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def __enter__(self) -> None:
        self.con.execute("BEGIN TRANSACTION")

    def __exit__(self, kind: object, *_: object) -> None:
        self.con.execute("COMMIT" if kind is None else "ROLLBACK")


def _has_records(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(first(con, "SELECT 1 FROM records LIMIT 1"))


def _reconcile(con: duckdb.DuckDBPyConnection, report: LoadReport, everything: bool) -> None:
    if not report.changed:
        return
    if everything:
        report.records = reconcile.rebuild(con)
    else:
        report.records = reconcile.update(con, report.new_events, report.old_records)


def fingerprint(event: VoteEvent) -> str:
    """A hash of everything an event says, to tell unchanged events from changed ones."""
    fields = json.dumps(_row(event, "", 0), default=str, sort_keys=True)
    votes = ",".join(state + vote for state, vote in sorted(event.votes.items()))
    return hashlib.blake2b(f"{fields}|{votes}".encode(), digest_size=16).hexdigest()


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _load_batch(con: duckdb.DuckDBPyConnection, batch: Batch, total: LoadReport) -> LoadReport:
    """Load one file's events; return its own counts (also added to `total`)."""
    report = LoadReport()
    _load_events(con, batch, report)
    for name in ("inserted", "updated", "unchanged", "removed", "votes"):
        setattr(total, name, getattr(total, name) + getattr(report, name))
    total.files += report.files
    total.already |= report.already
    total.new_events |= report.new_events
    total.old_records |= report.old_records
    return report


def _load_events(con: duckdb.DuckDBPyConnection, batch: Batch, report: LoadReport) -> None:
    digest = file_digest(batch.file)
    file = _known_as(con, batch, digest)
    same = first(
        con,
        "SELECT file FROM source_files WHERE source = ? AND sha256 = ? AND file <> ?",
        [batch.source, digest, file],
    )
    if same:  # these bytes were imported under another name: nothing new
        report.unchanged += len(batch.events)
        report.already[str(batch.file)] = same[0]
        return
    existing = dict(
        con.execute(
            "SELECT key, (event_id, fingerprint, file, record_id) FROM events WHERE source = ?",
            [batch.source],
        ).fetchall()
    )
    fresh: list[tuple[VoteEvent, str]] = []
    stale: list[int] = []
    seen: set[str] = set()
    for event in batch.events:
        seen.add(event.key)
        print_ = fingerprint(event)
        old = existing.get(event.key)
        if old and old[1] == print_ and old[2] == file:
            report.unchanged += 1
            continue
        if old:
            stale.append(old[0])
            report.updated += 1
        else:
            report.inserted += 1
        fresh.append((event, print_))
    gone = [old for key, old in existing.items() if old[2] == file and key not in seen]
    report.removed += len(gone)
    doomed = [old for old in existing.values() if old[0] in set(stale)] + gone
    report.old_records |= {old[3] for old in doomed if old[3] is not None}
    _delete(con, [old[0] for old in doomed])
    report.votes += _insert(con, batch, fresh, file, report.new_events)
    if batch.source in listed.TABLES:
        changed, touched = listed.replace(con, batch.source, file, batch.listed)
        report.inserted, report.unchanged = changed, report.unchanged + len(batch.listed) - changed
        report.old_records |= touched
    _record_file(con, batch, file, digest)
    report.files.append(file)


def _known_as(con: duckdb.DuckDBPyConnection, batch: Batch, digest: str) -> str:
    """The name the file was first imported under (the same path spelled otherwise is the same file)."""
    resolved = str(batch.file.resolve())
    row = first(con, "SELECT file FROM source_files WHERE source = ? AND path = ?", [batch.source, resolved])
    return str(row[0]) if row else str(batch.file)


def _delete(con: duckdb.DuckDBPyConnection, event_ids: list[int]) -> None:
    if not event_ids:
        return
    with registered(con, "doomed", event_ids):
        con.execute("DELETE FROM votes WHERE event_id IN (SELECT event_id FROM doomed)")
        con.execute("DELETE FROM events WHERE event_id IN (SELECT event_id FROM doomed)")


EVENT_COLUMNS = [
    "event_id",
    "source",
    "key",
    "file",
    "line",
    "version",
    "url",
    "organ",
    "date",
    "session",
    "meeting",
    "kind",
    "document",
    "resolution",
    "amends",
    "title",
    "agenda",
    "subjects",
    "yes",
    "no",
    "abstain",
    "non_voting",
    "outcome",
    "important",
    "complete",
    "extra",
    "fingerprint",
]


def _row(event: VoteEvent, print_: str, event_id: int, file: str | None = None) -> list[object]:
    counts = event.counts
    p = event.provenance
    return [
        event_id, p.source, event.key, file or p.file, p.line, p.version, p.url, str(event.organ), event.date,
        event.session, event.meeting, str(event.kind), event.document, event.resolution, event.amends,
        event.title, event.agenda, list(event.subjects),
        counts.yes if counts else None, counts.no if counts else None,
        counts.abstain if counts else None, counts.non_voting if counts else None,
        str(event.outcome) if event.outcome else None, event.important, event.complete,
        json.dumps(event.extra, default=str, sort_keys=True) if event.extra else None, print_,
    ]  # fmt: skip


def _insert(
    con: duckdb.DuckDBPyConnection, batch: Batch, fresh: list[tuple[VoteEvent, str]], file: str, ids: set[int]
) -> int:
    import pyarrow as pa  # loaded only when writing

    if not fresh:
        return 0
    start = int((first(con, "SELECT coalesce(max(event_id), 0) FROM events") or (0,))[0]) + 1
    rows = [_row(event, print_, start + i, file) for i, (event, print_) in enumerate(fresh)]
    ids.update(range(start, start + len(fresh)))
    columns = list(zip(*rows, strict=True))
    events = pa.table({name: pa.array(values) for name, values in zip(EVENT_COLUMNS, columns, strict=True)})
    con.register("new_events", events)
    con.execute(f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) SELECT * FROM new_events")
    con.unregister("new_events")
    event_ids: list[int] = []
    states: list[str] = []
    values: list[str] = []  # Vote is a str enum: pyarrow takes its members as strings
    for i, (event, _) in enumerate(fresh):
        event_ids.extend([start + i] * len(event.votes))
        states.extend(event.votes)
        values.extend(event.votes.values())
    votes = pa.table({"event_id": pa.array(event_ids, pa.int32()), "state_id": states, "vote": values})
    con.register("new_votes", votes)
    con.execute("INSERT INTO votes SELECT * FROM new_votes")
    con.unregister("new_votes")
    return len(event_ids)


def _record_file(con: duckdb.DuckDBPyConnection, batch: Batch, file: str, digest: str) -> None:
    votes = sum(len(e.votes) for e in batch.events)
    con.execute(
        "INSERT OR REPLACE INTO source_files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            batch.source,
            file,
            batch.version,
            digest,
            len(batch.events),
            votes,
            dt.datetime.now(),
            batch.citation,
            str(batch.file.resolve()),
        ],
    )
