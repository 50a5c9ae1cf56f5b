"""The only writer: `load()` puts parsed events into the database, atomically and idempotently.

Each batch names the file it came from. An event whose content is unchanged is left alone; a changed one is
replaced; one that the file no longer holds is removed. Everything happens in one transaction: when anything
fails, the database is left exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from unvotes.models import VoteEvent
from unvotes.store import reconcile
from unvotes.store.db import first


@dataclass(frozen=True)
class Batch:
    """The events parsed from one file of one source."""

    source: str
    file: Path
    events: Sequence[VoteEvent]
    version: str | None = None
    citation: str | None = None


@dataclass
class LoadReport:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    votes: int = 0
    records: int = 0
    files: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.inserted or self.updated or self.removed)


def load(
    con: duckdb.DuckDBPyConnection, batches: Iterable[Batch], progress: Callable[[Batch], None] | None = None
) -> LoadReport:
    """Write every batch in one transaction, then reconcile records across sources; roll back on any failure."""
    report = LoadReport()
    con.execute("BEGIN TRANSACTION")
    try:
        for batch in batches:
            _load_batch(con, batch, report)
            if progress:
                progress(batch)
        if report.changed:
            report.records = reconcile.rebuild(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return report


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


def _load_batch(con: duckdb.DuckDBPyConnection, batch: Batch, report: LoadReport) -> None:
    existing = dict(
        con.execute(
            "SELECT key, (event_id, fingerprint, file) FROM events WHERE source = ?", [batch.source]
        ).fetchall()
    )
    file = str(batch.file)
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
    gone = [old[0] for key, old in existing.items() if old[2] == file and key not in seen]
    report.removed += len(gone)
    _delete(con, stale + gone)
    report.votes += _insert(con, batch, fresh)
    _record_file(con, batch, len(batch.events))
    report.files.append(file)


def _delete(con: duckdb.DuckDBPyConnection, event_ids: list[int]) -> None:
    if not event_ids:
        return
    ids = pa.table({"event_id": pa.array(event_ids, pa.int32())})
    con.register("doomed", ids)
    con.execute("DELETE FROM votes WHERE event_id IN (SELECT event_id FROM doomed)")
    con.execute("DELETE FROM events WHERE event_id IN (SELECT event_id FROM doomed)")
    con.unregister("doomed")


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


def _row(event: VoteEvent, print_: str, event_id: int) -> list[object]:
    counts = event.counts
    p = event.provenance
    return [
        event_id, p.source, event.key, p.file, p.line, p.version, p.url, str(event.organ), event.date,
        event.session, event.meeting, str(event.kind), event.document, event.resolution, event.amends,
        event.title, event.agenda, list(event.subjects),
        counts.yes if counts else None, counts.no if counts else None,
        counts.abstain if counts else None, counts.non_voting if counts else None,
        str(event.outcome) if event.outcome else None, event.important, event.complete,
        json.dumps(event.extra, default=str, sort_keys=True) if event.extra else None, print_,
    ]  # fmt: skip


def _insert(con: duckdb.DuckDBPyConnection, batch: Batch, fresh: list[tuple[VoteEvent, str]]) -> int:
    if not fresh:
        return 0
    start = int((first(con, "SELECT coalesce(max(event_id), 0) FROM events") or (0,))[0]) + 1
    rows = [_row(event, print_, start + i) for i, (event, print_) in enumerate(fresh)]
    columns = list(zip(*rows, strict=True))
    events = pa.table({name: pa.array(values) for name, values in zip(EVENT_COLUMNS, columns, strict=True)})
    con.register("new_events", events)
    con.execute(f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) SELECT * FROM new_events")
    con.unregister("new_events")
    ids: list[int] = []
    states: list[str] = []
    values: list[str] = []  # Vote is a str enum: pyarrow takes its members as strings
    for i, (event, _) in enumerate(fresh):
        ids.extend([start + i] * len(event.votes))
        states.extend(event.votes)
        values.extend(event.votes.values())
    votes = pa.table({"event_id": pa.array(ids, pa.int32()), "state_id": states, "vote": values})
    con.register("new_votes", votes)
    con.execute("INSERT INTO votes SELECT * FROM new_votes")
    con.unregister("new_votes")
    return len(ids)


def _record_file(con: duckdb.DuckDBPyConnection, batch: Batch, events: int) -> None:
    votes = sum(len(e.votes) for e in batch.events)
    con.execute(
        "INSERT OR REPLACE INTO source_files VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            batch.source,
            str(batch.file),
            batch.version,
            file_digest(batch.file),
            events,
            votes,
            dt.datetime.now(),
            batch.citation,
        ],
    )
