"""The store: atomic, idempotent loading and reconciliation across sources, on a real DuckDB file."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from fixture_events import batches, ga_scrape
from unvotes.models import Counts, EventKind, Organ, Outcome, Provenance, Vote, VoteEvent
from unvotes.refdata.states import members_on
from unvotes.store import Batch, connect, load, queries
from unvotes.store.db import SCHEMA_VERSION


@pytest.fixture
def con(tmp_path: Path):
    connection = connect(tmp_path / "test.duckdb")
    yield connection
    connection.close()


def _snapshot(con) -> list[tuple]:
    return (
        con.execute("SELECT source, key, fingerprint, record_id FROM events ORDER BY source, key").fetchall()
        + con.execute("SELECT * FROM votes ORDER BY ALL").fetchall()
    )


def test_load_reports_inserted_then_unchanged(con, tmp_path):
    """A second load of the same files changes nothing and says so."""
    first = load(con, batches(tmp_path))
    before = _snapshot(con)
    second = load(con, batches(tmp_path))
    assert (first.inserted, first.updated, first.unchanged) == (5, 0, 0)
    assert (second.inserted, second.updated, second.unchanged, second.removed) == (0, 0, 5, 0)
    assert _snapshot(con) == before


def test_changed_event_is_replaced(con, tmp_path):
    """An event whose content changed is updated in place, its votes rewritten."""
    load(con, batches(tmp_path))
    changed = [
        b if b.source != "hzloto_2025" else replace(b, events=[ga_scrape(b.file, Vote.ABSTAIN)])
        for b in batches(tmp_path)
    ]
    report = load(con, changed)
    assert (report.updated, report.unchanged) == (1, 4)
    vote = con.execute(
        "SELECT vote FROM votes JOIN events USING (event_id) WHERE source = 'hzloto_2025' AND state_id = 'UKR'"
    ).fetchone()
    assert vote == ("A",)


def test_event_dropped_from_file_is_removed(con, tmp_path):
    """A file that no longer holds an event removes it."""
    load(con, batches(tmp_path))
    shrunk = [replace(b, events=b.events[:1]) if b.source == "oliverunv_sc" else b for b in batches(tmp_path)]
    report = load(con, shrunk)
    assert report.removed == 1
    assert con.execute("SELECT count(*) FROM events WHERE source = 'oliverunv_sc'").fetchone() == (1,)


def test_failed_load_leaves_database_unchanged(con, tmp_path):
    """An error in the middle of a load rolls everything back."""
    load(con, batches(tmp_path))
    before = _snapshot(con)
    good = batches(tmp_path)
    broken = Batch("hzloto_2025", tmp_path / "missing.csv", good[1].events)  # hashing a missing file fails
    with pytest.raises(FileNotFoundError):
        load(con, [replace(good[0], events=[]), broken])
    assert _snapshot(con) == before


def test_same_resolution_in_two_sources_is_one_record(con, tmp_path):
    """Two sources of ES-11/7 become one record whose main event is the official one."""
    load(con, batches(tmp_path))
    record = queries.show(con, "ES-11/7")
    assert [s["source"] for s in record["sources"]] == ["undl_ga", "hzloto_2025"]
    assert record["counts"] == {"yes": 4, "no": 4, "abstain": 2, "non_voting": 0}


def test_record_votes_take_each_state_from_the_best_source(con, tmp_path):
    """A state only the lower-precedence source names is filled in from it; the official vote wins elsewhere."""
    load(
        con,
        [
            *batches(tmp_path)[:1],
            replace(batches(tmp_path)[1], events=[ga_scrape(tmp_path / "hz.csv", Vote.NO)]),
        ],
    )
    record = queries.show(con, "A/RES/ES-11/7")
    assert record["votes"]["POL"] == "Y"
    assert record["votes"]["UKR"] == "Y"
    assert record["disagreements"] == [{"state": "UKR", "votes": {"undl_ga": "Y", "hzloto_2025": "N"}}]


def test_amendment_without_symbol_is_matched_by_its_votes(con, tmp_path):
    """The curated amendment with no symbol joins S/2025/114, whose votes and counts agree."""
    load(con, batches(tmp_path))
    record = queries.show(con, "S/2025/114")
    assert sorted(s["source"] for s in record["sources"]) == ["curated", "oliverunv_sc"]
    assert record["amends"] == "S/2025/112"


@pytest.mark.parametrize(
    "spelling",
    ["S/RES/2774 (2025)", "S/RES/2774(2025)", "s/res/2774/2025", "2774", "2774 (2025)", "S/2025/112"],
)
def test_every_usual_spelling_finds_the_sc_resolution(con, tmp_path, spelling):
    """All the ways people write S/RES/2774 (2025) find the same record."""
    load(con, batches(tmp_path))
    assert queries.show(con, spelling)["resolution"] == "S/RES/2774 (2025)"


@pytest.mark.parametrize("spelling", ["A/RES/ES-11/7", "ES-11/7", "a/res/es-11/7", "A/ES-11/L.10"])
def test_every_usual_spelling_finds_the_ga_resolution(con, tmp_path, spelling):
    """All the ways people write ES-11/7 find the same record."""
    load(con, batches(tmp_path))
    assert queries.show(con, spelling)["document"] == "A/ES-11/L.10"


def test_related_lists_the_amendment_of_a_draft(con, tmp_path):
    """The draft shows its amendment, and the amendment shows the draft it amends."""
    load(con, batches(tmp_path))
    draft = queries.show(con, "S/2025/112")
    amendment = queries.show(con, "S/2025/114")
    assert [(r["relation"], r["document"]) for r in draft["related"]] == [("amendment", "S/2025/114")]
    assert [(r["relation"], r["document"]) for r in amendment["related"]] == [("amends", "S/2025/112")]


def test_voted_with_lists_the_states_that_voted_alike(con, tmp_path):
    """Who voted as the United States did on ES-11/7."""
    load(con, batches(tmp_path))
    found = queries.voted_with(con, "ES-11/7", "United States")
    assert (found["state"], found["vote"], found["states"]) == ("USA", "N", ["BLR", "PRK", "RUS"])


def _roll_call(source: str, key: str, day, votes, file: Path, **fields) -> VoteEvent:
    return VoteEvent(
        key=key,
        organ=Organ.GA,
        date=day,
        kind=EventKind.DRAFT,
        provenance=Provenance(source, str(file)),
        votes=votes,
        **fields,
    )


def _nearby_batches(tmp_path: Path, official_votes: dict) -> list[Batch]:
    states = [
        "USA",
        "GBR",
        "FRA",
        "CHN",
        "SUN",
        "CAN",
        "AUS",
        "IND",
        "EGY",
        "BRA",
        "MEX",
        "ARG",
        "CHL",
        "PER",
        "COL",
        "CUB",
        "IRN",
        "IRQ",
        "TUR",
        "GRC",
        "NOR",
    ]
    voeten_votes = dict.fromkeys(states, Vote.YES) | {"SUN": Vote.NO, "CUB": Vote.ABSTAIN}
    paths = [tmp_path / "v.csv", tmp_path / "n.csv"]
    for p in paths:
        p.write_text(p.name)
    voeten = _roll_call("voeten", "999", dt.date(1961, 12, 2), voeten_votes, paths[0], extra={"rcid": "999"})
    official = _roll_call(
        "navya",
        "t1",
        dt.date(1961, 12, 20),
        official_votes(voeten_votes),
        paths[1],
        resolution="A/RES/1740(XVI)",
        counts=Counts(19, 1, 1, 0),
    )
    return [Batch("voeten", paths[0], [voeten]), Batch("navya", paths[1], [official])]


def test_loosely_dated_roll_call_joins_its_official_twin(con, tmp_path):
    """A Voeten roll call 18 days off, with the same tally and votes, is one record dated by the official source."""
    load(con, _nearby_batches(tmp_path, lambda votes: dict(votes)))
    record = queries.show(con, "A/RES/1740(XVI)")
    assert sorted(s["source"] for s in record["sources"]) == ["navya", "voeten"]
    assert record["date"] == "1961-12-20"


def test_roll_call_with_other_votes_stays_apart(con, tmp_path):
    """A roll call whose state votes differ (3 of 21) is not joined, however close in time."""
    load(
        con, _nearby_batches(tmp_path, lambda votes: votes | {"USA": Vote.NO, "GBR": Vote.NO, "FRA": Vote.NO})
    )
    assert [s["source"] for s in queries.show(con, "A/RES/1740(XVI)")["sources"]] == ["navya"]


def test_another_roll_call_on_the_same_text_stays_apart(con, tmp_path):
    """A roll call whose votes cannot be the resolution's (more no votes than it had) is kept as its own record,
    and the resolution's symbol finds the resolution."""
    states = members_on(dt.date(2009, 9, 9))[:30]  # 30 no votes: more than the 19 the resolution had
    paths = [tmp_path / "r.csv", tmp_path / "n.csv"]
    for p in paths:
        p.write_text(p.name)
    roll_call = _roll_call(
        "unvotes_r",
        "5000",
        dt.date(2009, 9, 9),
        dict.fromkeys(states, Vote.NO),
        paths[0],
        resolution="A/RES/63/307",
        complete=False,
        extra={"rcid": "5000"},
    )
    adopted = _roll_call(
        "navya",
        "t2",
        dt.date(2009, 9, 9),
        dict.fromkeys(states, Vote.YES),
        paths[1],
        resolution="A/RES/63/307",
        counts=Counts(48, 19, 78, 47),
        outcome=Outcome.ADOPTED,
        complete=False,
    )
    load(con, [Batch("unvotes_r", paths[0], [roll_call]), Batch("navya", paths[1], [adopted])])
    record = queries.show(con, "A/RES/63/307")
    assert [s["source"] for s in record["sources"]] == ["navya"]
    assert con.execute("SELECT count(*) FROM records").fetchall() == [(2,)]


def test_a_database_of_another_schema_is_refused_with_a_hint(tmp_path):
    """Opening a database written with another schema version names both versions and says how to rebuild."""
    from unvotes.errors import StoreError

    path = tmp_path / "old.duckdb"
    with connect(path) as con:
        con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    with pytest.raises(
        StoreError, match=f"built with schema 1; this unvotes reads schema {SCHEMA_VERSION}"
    ) as caught:
        connect(path, read_only=True)
    assert "unvotes build" in (caught.value.hint or "")


def test_an_id_that_goes_away_keeps_resolving(con, tmp_path):
    """A Voeten roll call first known as RC/1961/999, later joined by its official twin, is still found by that id."""
    voeten, official = _nearby_batches(tmp_path, lambda votes: dict(votes))
    load(con, [voeten])
    assert con.execute("SELECT vote_id FROM records").fetchall() == [("RC/1961/999",)]
    load(con, [official])
    assert con.execute("SELECT vote_id FROM records").fetchall() == [("A/RES/1740 (XVI)",)]
    assert queries.find_records(con, "RC/1961/999") == queries.find_records(con, "A/RES/1740(XVI)")
    assert queries.find_records(con, "rc 999") == queries.find_records(con, "A/RES/1740(XVI)")
