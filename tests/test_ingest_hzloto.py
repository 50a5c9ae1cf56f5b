"""HZloto's 2025 GA and SC scrape: the real file's votes, and hand-made files for completeness and problems."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from unvotes.errors import IngestError
from unvotes.ingest import hzloto
from unvotes.models import Counts, EventKind, Organ, Outcome, Vote, VoteEvent

COUNCIL_2025 = [
    "CHN",
    "DNK",
    "DZA",
    "FRA",
    "GBR",
    "GRC",
    "GUY",
    "KOR",
    "PAK",
    "PAN",
    "RUS",
    "SLE",
    "SOM",
    "SVN",
    "USA",
]


@pytest.fixture(scope="module")
def events(shared_data: Path) -> list[VoteEvent]:
    return hzloto.parse(shared_data / "raw" / "hzloto_unga2025" / "un_votes_2025_processed.csv")


def _by_resolution(events: list[VoteEvent], resolution: str) -> VoteEvent:
    [event] = [e for e in events if e.resolution == resolution]
    return event


def test_every_row_is_an_event(events):
    """236 rows give 236 events keyed by UN Digital Library record: 192 GA, 44 SC, all adopted texts."""
    assert len(events) == 236 and len({e.key for e in events}) == 236
    assert sum(e.organ is Organ.GA for e in events) == 192
    assert sum(e.organ is Organ.SC for e in events) == 44
    assert {e.outcome for e in events} == {Outcome.ADOPTED} and {e.kind for e in events} == {EventKind.DRAFT}


def test_es_11_7(events):
    """ES-11/7 (24 Feb 2025) passed 93–18–65 with the United States voting no."""
    event = _by_resolution(events, "A/RES/ES-11/7")
    assert (event.date, event.session, event.organ) == (dt.date(2025, 2, 24), "ES-11", Organ.GA)
    assert event.counts == Counts(93, 18, 65, 17)
    assert event.tally() == Counts(93, 18, 65, 17)
    assert event.votes["USA"] is Vote.NO and event.votes["UKR"] is Vote.YES and event.votes["RUS"] is Vote.NO


def test_es_11_8(events):
    """ES-11/8 passed 93–8–73 with the United States abstaining."""
    event = _by_resolution(events, "A/RES/ES-11/8")
    assert event.counts == event.tally() == Counts(93, 8, 73, 19)
    assert event.votes["USA"] is Vote.ABSTAIN and event.votes["RUS"] is Vote.NO


def test_ga_rows_without_afghanistan_and_venezuela_are_complete(events):
    """Every GA row's cells give the printed yes/no/abstain exactly, so AFG and VEN (no columns) are deduced X."""
    ga = [e for e in events if e.organ is Organ.GA]
    assert all(e.complete and e.tally() == e.counts and len(e.votes) == 193 for e in ga)
    assert all(e.votes["AFG"] is e.votes["VEN"] is Vote.NON_VOTING for e in ga)
    assert all(e.extra["deduced_non_voting"] == ["AFG", "VEN"] for e in ga)


@pytest.mark.parametrize(
    ("resolution", "session"),
    [
        ("A/DEC/80/506", "80"),
        ("A/RES/80/84 A", "80"),
        ("A/RES/ES-10/27", "ES-10"),
        ("S/RES/2768 (2025)", None),
    ],
)
def test_symbols_are_canonical(events, resolution, session):
    """Decisions keep their A/DEC symbol, split resolutions get their letter, SC years their brackets."""
    assert _by_resolution(events, resolution).session == session


def test_decision_counts(events):
    """A/DEC/80/506 is a decision voted 142–10–12; it is an event like a resolution."""
    event = _by_resolution(events, "A/DEC/80/506")
    assert event.counts == event.tally() == Counts(142, 10, 12, 29)


def test_sc_row_with_a_member_not_voting(events):
    """S/RES/2797 (2025) was 11–0–3 with one member not voting: the Council member with a blank cell is X."""
    event = _by_resolution(events, "S/RES/2797 (2025)")
    assert event.counts == Counts(11, 0, 3, 1) and sorted(event.votes) == COUNCIL_2025
    assert event.complete and event.tally() == Counts(11, 0, 3, 1)
    assert [s for s, v in event.votes.items() if v is Vote.NON_VOTING] == ["DZA"]


def test_provenance_and_extra(events):
    """Each event links its UN Digital Library record and keeps the (model-written) tags aside."""
    event = _by_resolution(events, "A/RES/ES-11/7")
    assert event.key == event.extra["undl_id"] == "4076672"
    assert event.provenance.url == "https://digitallibrary.un.org/record/4076672"
    assert (event.provenance.source, event.provenance.line) == ("hzloto_2025", 9)
    assert isinstance(event.extra["tags"], str) and "country" not in event.extra


# --- hand-made files ---------------------------------------------------------------------------------------


def test_sample_exact_cells_deduce_the_missing_columns(test_data):
    """Cells that give the printed counts exactly make the row complete, AFG and VEN X."""
    event = hzloto.parse(test_data / "hzloto" / "sample.csv")[0]
    assert event.complete and event.counts == event.tally() == Counts(180, 5, 3, 5)
    assert event.votes["AFG"] is Vote.NON_VOTING and event.votes["TKM"] is Vote.NON_VOTING


def test_sample_cells_short_of_the_counts_are_incomplete(test_data):
    """Cells two short of the printed yes count leave AFG and VEN unknown and the row incomplete."""
    event = hzloto.parse(test_data / "hzloto" / "sample.csv")[1]
    assert not event.complete and "AFG" not in event.votes and "VEN" not in event.votes
    assert (event.resolution, event.counts, len(event.votes)) == ("A/RES/80/999 B", Counts(182, 5, 3, 3), 191)


def test_sample_sc_blank_member(test_data):
    """A blank SC cell of a Council member that day is X."""
    event = hzloto.parse(test_data / "hzloto" / "sample.csv")[2]
    assert event.complete and event.votes["DZA"] is Vote.NON_VOTING and sorted(event.votes) == COUNCIL_2025


def test_bad_file_lists_every_problem(test_data):
    """A bad count, an unknown vote, cells that contradict the counts, a bad date: all reported with line and field."""
    with pytest.raises(IngestError) as caught:
        hzloto.parse(test_data / "hzloto" / "bad.csv")
    where = [(p.line, p.field) for p in caught.value.problems]
    assert where == [
        (1, "XKX"),  # a column that is no state
        (2, "YES COUNT"),  # '1x2'
        (3, "USA"),  # 'MAYBE'
        (4, "YES COUNT"),  # SC: printed 13–0–1, cells 14–0–0
        (5, "TOTAL VOTES"),  # counts add up to 194, not the printed 193
        (5, "TOTAL VOTES"),  # … and the GA had 193 members
        (6, "Date"),  # '31/31/2025'
        (7, "Council"),  # 'Trusteeship Council'
        (8, "YES COUNT"),  # cells give 180 yes, printed 170
    ]
    assert {p.file for p in caught.value.problems} == {str(test_data / "hzloto" / "bad.csv")}
    assert "'MAYBE'" in str(caught.value) and "'1x2'" in str(caught.value)


def test_missing_fixed_column(tmp_path):
    """A file without the Council column is refused before its rows are read."""
    path = tmp_path / "x.csv"
    header = [name for name in hzloto.FIXED if name != "Council"] + ["USA"]
    path.write_text(",".join(header) + "\n" + ",".join("" for _ in header) + "\n", encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        hzloto.parse(path)
    assert [(p.line, p.field) for p in caught.value.problems] == [(1, "Council")]
