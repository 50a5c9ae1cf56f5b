"""The Witwicki UN Digital Library scrape: a resolution × country matrix a year, without dates."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from unvotes.errors import IngestError
from unvotes.ingest import parser
from unvotes.ingest.witwicki import parse
from unvotes.models import Organ, Outcome, Vote, VoteEvent

RAW = "raw/undl_scrape_witwicki"
# raw/README.md section 4: resolutions and vote cells per file
CELLS = {
    2020: (100, {Vote.YES: 14_580, Vote.ABSTAIN: 1_876, Vote.NON_VOTING: 1_551, Vote.NO: 1_293}),
    2021: (86, {Vote.YES: 12_203, Vote.ABSTAIN: 1_801, Vote.NON_VOTING: 1_435, Vote.NO: 1_159}),
}


def by_key(events: list[VoteEvent]) -> dict[str, VoteEvent]:
    return {event.key: event for event in events}


@pytest.mark.parametrize(("year", "expected"), CELLS.items())
def test_real_files(shared_data: Path, year: int, expected: tuple[int, dict[Vote, int]]) -> None:
    """Each file gives the README's number of resolutions and vote cells; the junk 'Country' row is dropped."""
    events = parse(shared_data / RAW / f"{year}_RAW_COIN.csv")
    resolutions, cells = expected
    assert len(events) == len({event.key for event in events}) == resolutions
    assert Counter(vote for event in events for vote in event.votes.values()) == cells
    assert all(len(event.votes) == 193 and event.key.startswith("A/RES/") for event in events)


def test_real_dates_are_the_year(shared_data: Path) -> None:
    """With no dates in the file, every event is dated 1 January of the file's year, precision 'year'."""
    events = parse(shared_data / RAW / "2021_RAW_COIN.csv")
    assert {event.date for event in events} == {dt.date(2021, 1, 1)}
    assert {event.extra["date_precision"] for event in events} == {"year"}


def test_real_budget_parts(shared_data: Path) -> None:
    """A/RES/75/254A-C and its parts [A], [B], [C] are four events with canonical symbols."""
    events = by_key(parse(shared_data / RAW / "2020_RAW_COIN.csv"))
    assert {"A/RES/75/254 A-C", "A/RES/75/254 A", "A/RES/75/254 B", "A/RES/75/254 C"} <= set(events)
    whole = events["A/RES/75/254 A-C"]
    assert (whole.organ, whole.outcome, whole.session, whole.counts) == (
        Organ.GA,
        Outcome.ADOPTED,
        "75",
        None,
    )
    assert whole.tally().yes == 168 and whole.tally().no == 2


def test_real_74th_session_votes_of_2020(shared_data: Path) -> None:
    """The 74th session's 2020 votes that UNxml lacks are here (A/RES/74/267, 74/300–302, 74/306–307)."""
    events = by_key(parse(shared_data / RAW / "2020_RAW_COIN.csv"))
    assert {f"A/RES/74/{n}" for n in (267, 300, 301, 302, 306, 307)} <= set(events)
    assert events["A/RES/74/300"].session == "74"


def test_fixture(test_data: Path) -> None:
    """A small file: bracketed parts read as letters, the junk row is dropped, votes are keyed by state id."""
    path = test_data / "witwicki" / "2021_small_RAW_COIN.csv"
    events = parse(path)
    assert [event.key for event in events] == ["A/RES/75/254 C", "A/RES/75/254 A-C"]
    assert events[0].votes == {"FRA": Vote.YES, "CHN": Vote.ABSTAIN, "DEU": Vote.NO}
    assert events[1].votes["DEU"] == Vote.NON_VOTING
    assert (events[1].provenance.source, events[1].provenance.file, events[1].provenance.line) == (
        "witwicki",
        str(path),
        3,
    )
    assert events[0].extra["symbol_as_printed"] == "A/RES/75/254[C]"


def test_malformed_lists_every_problem(test_data: Path) -> None:
    """An unknown name, a bad vote code, a short row, a repeated symbol and a non-GA symbol: all at once."""
    path = test_data / "witwicki" / "2020_malformed_RAW_COIN.csv"
    with pytest.raises(IngestError) as caught:
        parse(path)
    problems = caught.value.problems
    assert [(p.line, p.field) for p in problems] == [
        (1, "ATLANTIS"),
        (3, "CHINA"),
        (4, None),
        (5, "symbol"),
        (6, "symbol"),
    ]
    assert {p.file for p in problems} == {str(path)}
    assert "'Q'" in problems[1].message and "2 fields, expected 4" in problems[2].message
    assert "also on line 2" in problems[3].message and "'S/RES/1'" in problems[4].message


def test_no_year_in_name(test_data: Path, tmp_path: Path) -> None:
    """Without a year in the file name there is no date to give: a problem."""
    path = tmp_path / "RAW_COIN.csv"
    path.write_bytes((test_data / "witwicki" / "2021_small_RAW_COIN.csv").read_bytes())
    with pytest.raises(IngestError, match="no year in the file name"):
        parse(path)


def test_parser_registry() -> None:
    """The ingest registry finds this module's parse."""
    assert parser("witwicki").__wrapped__ is parse
