"""Incremental imports and a store that survives interruptions and mistakes, on real DuckDB files."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from unvotes import pipeline
from unvotes.errors import StoreError, UnvotesError
from unvotes.store import connect, queries

FILES = [
    ("unxml_ga", "raw/unxml_ga/ES-11.json"),
    ("hzloto_2025", "raw/hzloto_unga2025/un_votes_2025_processed.csv"),
    ("witwicki", "raw/undl_scrape_witwicki/2021_RAW_COIN.csv"),
    ("curated", "votes/2025-02-24_GA_A-ES-11-L.10.json"),
    ("curated", "votes/2022-03-02_GA_A-ES-11-L.1.json"),
]


def _state(db: Path) -> tuple[dict, set, set]:
    """What reconciliation decides, independent of row numbers: records, votes shown, disagreements."""
    with connect(db, read_only=True) as con:
        records = con.execute(
            """SELECT r.vote_id, list(e.source || ':' || e.key ORDER BY e.source, e.key), r.kind,
                      CAST(r.date AS VARCHAR), r.matched_by, r.amends, m.source || ':' || m.key
               FROM records r JOIN events e USING (record_id) JOIN events m ON m.event_id = r.main_event
               GROUP BY ALL"""
        ).fetchall()
        shown = con.execute(
            "SELECT r.vote_id, v.state_id, v.vote, v.source FROM record_votes v JOIN records r USING (record_id)"
        ).fetchall()
        differ = con.execute(
            """SELECT r.vote_id, d.state_id, CAST(d.votes AS VARCHAR)
               FROM vote_disagreements d JOIN records r USING (record_id)"""
        ).fetchall()
    return {r[0]: r[1:] for r in records}, set(shown), set(differ)


def _paths(shared: Path, files: list[tuple[str, str]]) -> list[tuple[Path, str | None]]:
    return [(shared / name, source) for source, name in files]


@pytest.fixture(scope="module")
def whole(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five files imported at once (a full reconciliation)."""
    db = tmp_path_factory.mktemp("whole") / "record.duckdb"
    pipeline.import_files(db, _paths(shared_data, FILES))
    return db


@pytest.mark.parametrize("last", range(len(FILES)))
def test_an_incremental_import_decides_as_a_full_one(whole, shared_data, tmp_path, last):
    """Importing one file into the others gives the records, votes and disagreements of importing all at once."""
    db = tmp_path / "record.duckdb"
    pipeline.import_files(db, _paths(shared_data, [f for i, f in enumerate(FILES) if i != last]))
    report = pipeline.import_files(db, _paths(shared_data, [FILES[last]]))
    assert report.inserted > 0
    assert _state(db) == _state(whole)


@pytest.mark.parametrize("gone", range(len(FILES)))
def test_removing_a_file_decides_as_never_having_imported_it(whole, shared_data, tmp_path, gone):
    """`remove` leaves the record the other files give on their own."""
    db = shutil.copyfile(whole, tmp_path / "record.duckdb")
    report = pipeline.remove_file(db, shared_data / FILES[gone][1])
    alone = tmp_path / "alone.duckdb"
    pipeline.import_files(alone, _paths(shared_data, [f for i, f in enumerate(FILES) if i != gone]))
    assert report.removed > 0
    assert _state(db) == _state(alone)


def test_removing_a_file_that_was_never_imported_says_so(whole, tmp_path):
    """Removing an unknown file is an error that says how to list the files imported."""
    with pytest.raises(UnvotesError, match="never imported"):
        pipeline.remove_file(whole, tmp_path / "nothing.json")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_opening_for_writing_changes_nothing_when_nothing_changed(whole, tmp_path):
    """A write-mode open of an up-to-date database leaves its file byte for byte as it was."""
    db = shutil.copyfile(whole, tmp_path / "record.duckdb")
    before = _digest(db)
    connect(db).close()
    assert _digest(db) == before


def test_a_rejected_import_leaves_the_file_byte_for_byte(whole, tmp_path):
    """A file with a problem is refused and the database file is not touched (reference tables included)."""
    db = shutil.copyfile(whole, tmp_path / "record.duckdb")
    bad = tmp_path / "2025-02-24_GA_broken.json"
    bad.write_text('{"organ": "GA"}', encoding="utf-8")
    before = _digest(db)
    with pytest.raises(UnvotesError):
        pipeline.import_file(db, bad, "curated")
    assert _digest(db) == before


def test_the_same_file_under_another_spelling_or_name_is_one_file(whole, shared_data, tmp_path):
    """Imported again by another path spelling, or copied under a new name, a file adds no file and no vote."""
    db = shutil.copyfile(whole, tmp_path / "record.duckdb")
    source, name = FILES[3]
    original = shared_data / name
    spelled = original.parent / ".." / original.parent.name / original.name
    copy = shutil.copyfile(original, tmp_path / "2025-02-24_GA_copy.json")
    before = _state(db)
    for path in (spelled, copy):
        report = pipeline.import_file(db, path, source)
        assert (report.inserted, report.updated, report.removed) == (0, 0, 0)
    with connect(db, read_only=True) as con:
        files = con.execute("SELECT count(*) FROM source_files").fetchall()[0][0]
        assert len(queries.find_records(con, "ES-11/7")) == 1
    assert files == len(FILES)
    assert _state(db) == before


def test_an_interrupted_build_leaves_the_old_database(whole, shared_data, tmp_path):
    """A build killed with SIGKILL mid-way leaves the previous file in place, whole, and no half-built file."""
    db = shutil.copyfile(whole, tmp_path / "record.duckdb")
    before = _digest(db)
    command = [
        str(Path(sys.executable).parent / "unvotes"),
        "--db",
        str(db),
        "build",
        "--from",
        str(shared_data),
    ]
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(3)
    assert child.poll() is None  # still building when killed
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert _digest(db) == before
    with connect(db, read_only=True) as con:
        assert queries.find_records(con, "ES-11/7")
    assert _gone_within(10, str(db)), "the killed build's parsing processes are still running"


def _gone_within(seconds: float, marker: str) -> bool:
    """No process whose command line names `marker` is left, within `seconds` (Linux: /proc)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not [p for p in Path("/proc").glob("[0-9]*/cmdline") if marker.encode() in _read(p)]:
            return True
        time.sleep(0.25)
    return False


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:  # the process ended meanwhile
        return b""


def test_an_interrupted_first_build_leaves_no_database(shared_data, tmp_path):
    """A first build that fails while loading leaves no file that could be taken for the database (a data folder
    of the hand-curated votes alone: the failure comes after the new file was begun, as in a full build)."""
    db = tmp_path / "record.duckdb"
    data = tmp_path / "data"
    shutil.copytree(shared_data / "votes", data / "votes")

    def fail(step: str) -> None:
        if step.startswith("load"):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        pipeline.build(db, data, progress=fail)
    assert not db.exists()
    assert not list(tmp_path.glob("*.building*"))
    with pytest.raises(StoreError, match="no database"):
        connect(db, read_only=True)


@pytest.mark.parametrize(
    ("content", "says"),
    [(b"garbage", "not a readable unvotes database"), (None, "not a readable unvotes database")],
    ids=["garbage", "truncated"],
)
def test_a_broken_file_is_named_as_such(whole, tmp_path, content, says):
    """A file that is not a database, or is cut short, is reported as such, with a hint to rebuild."""
    db = tmp_path / "record.duckdb"
    db.write_bytes(content if content is not None else whole.read_bytes()[:300_000])
    with pytest.raises(StoreError, match=says) as caught, connect(db, read_only=True) as con:
        con.execute("SELECT count(*) FROM records, record_votes").fetchall()
    assert "unvotes build" in (caught.value.hint or "")


def test_a_reader_waits_for_a_writer_then_says_to_retry(whole, tmp_path):
    """While another process writes, a reader waits briefly, then says another process is writing."""
    db = shutil.copyfile(whole, tmp_path / "record.duckdb")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(db)!r}); print(1, flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline()
        started = time.monotonic()
        with pytest.raises(StoreError, match="being written by another unvotes process"):
            connect(db, read_only=True, wait=0.5)
        assert time.monotonic() - started >= 0.5
    finally:
        holder.kill()
        holder.wait()
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM records").fetchall()[0][0] > 0


@pytest.mark.parametrize("as_json", [False, True])
def test_a_file_damaged_past_its_first_pages_gives_an_error_not_a_traceback(whole, tmp_path, as_json):
    """A database cut short where only a query reaches it fails with exit 2, the cause and a hint to rebuild."""
    from click.testing import CliRunner

    from unvotes.cli import cli

    damaged = tmp_path / "record.duckdb"
    data = whole.read_bytes()
    for cut in (0.5, 0.7, 0.9):
        damaged.write_bytes(data[: int(len(data) * cut)])
        result = CliRunner().invoke(
            cli, ["--db", str(damaged), "show", "ES-11/7", *(["--json"] if as_json else [])]
        )
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        assert "unvotes build" in result.output
