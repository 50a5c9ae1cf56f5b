"""Stable addresses: every vote's id is derived from what identifies it and survives rebuilds and new sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from unvotes import pipeline
from unvotes.store import connect, queries
from unvotes.store.grouping import Event
from unvotes.store.identity import assign, base

BASE_FILES = [
    ("unxml_ga", "raw/unxml_ga/ES-11.json"),
    ("unxml_ga", "raw/unxml_ga/77.json"),
    ("hzloto_2025", "raw/hzloto_unga2025/un_votes_2025_processed.csv"),
]
EXTRA_FILES = [
    ("witwicki", "raw/undl_scrape_witwicki/2021_RAW_COIN.csv"),
    ("undl_ga", "raw/undl_official_samples/ga_voting_sample.csv"),
    *[("curated", f"votes/{name}") for name in ("2025-02-24_GA_A-ES-11-L.10.json", "2025-02-24_GA_A-ES-11-L.12.json",
                                                 "2022-03-02_GA_A-ES-11-L.1.json", "2022-04-07_GA_A-RES-ES-11-3.json")]
]  # fmt: skip


def _event(event_id: int, **fields: object) -> Event:
    values: dict[str, object] = {
        "event_id": event_id, "source": "unxml_ga", "precedence": 3, "organ": "GA", "date": "2025-02-24",
        "kind": "draft resolution", "document": None, "resolution": None, "counts": (None,) * 4, "rcid": None,
        "complete": True, "nvotes": 193, "key": str(event_id), "amends": None, "cast": (0, 0, 0), "meeting": None,
    }  # fmt: skip
    values.update(fields)
    return Event(**values)  # type: ignore[arg-type]


def test_the_id_prefers_the_resolution_then_the_document_then_the_meeting_then_the_roll_call():
    """A vote is named by its resolution, else the text voted on, else its meeting and order, else its rcid."""
    assert base([_event(1, resolution="a/res/es-11/7", document="A/ES-11/L.10")], set())[0] == "A/RES/ES-11/7"
    assert base([_event(1, kind="amendment", resolution="A/RES/ES-11/7", document="A/ES-11/L.12")], set())[
        0
    ] == ("A/ES-11/L.12")
    assert base([_event(1, meeting="S/PV.49", organ="SC")], set())[0] == "S/PV.49"
    assert base([_event(1, rcid="9332", date="2022-12-12")], set())[0] == "RC/2022/9332"


def test_votes_that_share_a_base_are_numbered_in_the_order_taken():
    """Two roll calls of one meeting are #1 and #2 by date and source order; the whole resolution keeps it bare."""
    meeting = {1: [_event(1, meeting="S/PV.49", key="k#2")], 2: [_event(2, meeting="S/PV.49", key="k")]}
    assert assign(meeting, set()) == {2: "S/PV.49#1", 1: "S/PV.49#2"}
    text = {
        5: [_event(5, resolution="A/RES/57/58", key="b")],  # another roll call on the resolution's text
        6: [_event(6, resolution="A/RES/57/58", key="a", date="2002-12-01")],
    }
    assert assign(text, {5}) == {6: "A/RES/57/58", 5: "A/RES/57/58#2"}


def _build(folder: Path, shared: Path, files: list[tuple[str, str]]) -> Path:
    db = folder / "record.duckdb"
    pipeline.import_files(db, [(shared / name, source) for source, name in files])
    return db


def _ids(db: Path) -> dict[str, set[str]]:
    """Each vote id with the events (source:key) it holds."""
    with connect(db, read_only=True) as con:
        rows = con.execute(
            "SELECT r.vote_id, list(e.source || ':' || e.key) FROM records r JOIN events e USING (record_id) GROUP BY 1"
        ).fetchall()
    return {vote_id: set(events) for vote_id, events in rows}


@pytest.fixture(scope="module")
def records(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict, Path]:
    base_db = _build(tmp_path_factory.mktemp("base"), shared_data, BASE_FILES)
    extra_db = _build(tmp_path_factory.mktemp("extra"), shared_data, BASE_FILES + EXTRA_FILES)
    return _ids(base_db), _ids(extra_db), extra_db


def test_ids_are_unique_and_read_like_symbols(records):
    """Every record has one id of its own, and the 2025 Ukraine resolution is A/RES/ES-11/7."""
    _, extra, db = records
    with connect(db, read_only=True) as con:
        count, distinct = con.execute("SELECT count(*), count(DISTINCT vote_id) FROM records").fetchall()[0]
    assert count == distinct == len(extra)
    assert {"A/RES/ES-11/7", "A/RES/ES-11/1", "A/ES-11/L.12"} <= extra.keys()


def test_an_extra_source_changes_no_existing_id(records):
    """Rebuilt with more sources, every id of the smaller record still names the same vote."""
    smaller, larger, _ = records
    moved = [vote_id for vote_id, events in smaller.items() if not events <= larger.get(vote_id, set())]
    assert not moved
    assert len(larger) > len(smaller)


def test_the_same_files_in_another_order_give_the_same_ids(records, shared_data, tmp_path):
    """Ids do not depend on the order files were loaded in (no row numbers)."""
    _, larger, _ = records
    reordered = _build(tmp_path, shared_data, list(reversed(BASE_FILES + EXTRA_FILES)))
    assert _ids(reordered) == larger


@pytest.mark.parametrize("spelling", ["A/RES/ES-11/7", "ES-11/7", "A/ES-11/L.10", "a/res/es-11/7"])
def test_every_alias_resolves_to_the_id(records, spelling):
    """The id, the short form and the draft symbol all find the one vote whose id is A/RES/ES-11/7."""
    _, _, db = records
    with connect(db, read_only=True) as con:
        found = queries.find_records(con, spelling)
        ids = {
            con.execute("SELECT vote_id FROM records WHERE record_id = ?", [r]).fetchall()[0][0]
            for r in found
        }
    assert ids == {"A/RES/ES-11/7"}


@pytest.mark.slow
def test_a_voeten_roll_call_resolves_by_its_rcid(full_db):
    """`rc 9332` and `roll call 9332` find the roll call whose Voeten id is 9332."""
    with connect(full_db, read_only=True) as con:
        wanted = {
            r[0] for r in con.execute("SELECT record_id FROM events WHERE extra->>'rcid' = '9332'").fetchall()
        }
        assert wanted
        assert set(queries.find_records(con, "rc 9332")) == wanted
        assert set(queries.find_records(con, "roll call 9332")) == wanted
