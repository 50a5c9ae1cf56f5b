"""Shared fixtures: where the real data lies, small hand-made files, and the databases built once per session.

The built databases are read-only by agreement: a test opens them with `read_only=True`, and a test that must
change one copies the file first (`shutil.copyfile`).
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest
from hypothesis import settings

from fixture_events import batches
from unvotes import pipeline
from unvotes.ingest import oliverunv
from unvotes.models import VoteEvent
from unvotes.store import connect, load

REPO = Path(__file__).resolve().parents[1]
TEST_DATA = REPO / "tests" / "data"
SHARED_DATA = Path(os.environ.get("UNVOTES_SHARED_DATA", REPO.parent / "shared" / "data"))
SC_WORKBOOK = Path("raw") / "oliverunv_sc" / "sc_voting.xlsx"

# Property tests judge results, not speed: on a shared, busy machine one example may take 300 ms where the
# next takes 0.5 ms, which Hypothesis's default 200 ms deadline reports as a failure.
settings.register_profile("unvotes", deadline=None)
settings.load_profile("unvotes")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real data folder (../shared/data); tests that need it are skipped where it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data not found at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture(scope="session")
def test_data() -> Path:
    return TEST_DATA


@pytest.fixture(scope="session")
def full_db(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole record built from every source in ../shared/data, once per run (20–40 s).

    Under `pytest -n` the workers share one build: the first to ask builds it behind a file lock, the others wait.
    The build renames a finished file into place, so an existing path is always a whole record.
    """
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    path = root / "full" / "record.duckdb"
    path.parent.mkdir(exist_ok=True)
    with open(root / "full.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            pipeline.build(path, shared_data)
    return path


@pytest.fixture(scope="session")
def es11_db(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small real record built in seconds: ES-11/1–6 (2022–23, UN XML) and every 2025 vote (HZloto)."""
    path = tmp_path_factory.mktemp("es11") / "es11.duckdb"
    files = [
        ("unxml_ga", shared_data / "raw" / "unxml_ga" / "ES-11.json"),
        ("hzloto_2025", shared_data / "raw" / "hzloto_unga2025" / "un_votes_2025_processed.csv"),
    ]
    with connect(path) as con:
        load(con, pipeline.parse_all(files))
    return path


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-made fixture record (`fixture_events.py`), built once per session."""
    folder = tmp_path_factory.mktemp("fixture")
    path = folder / "fixture.duckdb"
    with connect(path) as con:
        load(con, batches(folder))
    return path


@pytest.fixture(scope="session")
def sc_workbook(shared_data: Path) -> list[VoteEvent]:
    """The oliverunv Security Council workbook, parsed once per session (a few seconds)."""
    return oliverunv.parse(shared_data / SC_WORKBOOK)
