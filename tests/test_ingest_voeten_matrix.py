"""Voeten's wide matrix: reused rcids, the USSR and Yugoslavia under RUS and SRB, dropped states, problems."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from unvotes.errors import IngestError
from unvotes.ingest import parser
from unvotes.ingest.voeten_matrix import parse
from unvotes.models import EventKind, Organ, Vote, VoteEvent
from unvotes.refdata import states

MATRIX = "raw/voeten_pigeon/ungaVoting_003.csv"


@pytest.fixture(scope="module")
def matrix(shared_data: Path) -> dict[str, VoteEvent]:
    return {event.key: event for event in parse(shared_data / MATRIX)}


def test_every_row_is_an_event(matrix: dict[str, VoteEvent]) -> None:
    """6,551 rows make 6,551 events with distinct rcid:date keys."""
    assert len(matrix) == 6551


@pytest.mark.parametrize("rcid", [411, 427, 449, 495])
def test_reused_rcids_are_kept_apart(matrix: dict[str, VoteEvent], rcid: int) -> None:
    """Each reused rcid is two events, one in the 1950s and one in 2023."""
    years = sorted(e.date.year for e in matrix.values() if e.extra["rcid"] == rcid)
    assert len(years) == 2 and years[0] < 1960 and years[1] == 2023


def test_reused_rcid_2023(matrix: dict[str, VoteEvent]) -> None:
    """411 of 2023-12-04 is its own event: Russia (RUS) and Serbia (SRB) voted yes; issues di, co, ec."""
    event = matrix["411:2023-12-04"]
    assert event.extra == {
        "rcid": 411,
        "date": "2023-12-04",
        "issues": ["di", "co", "ec"],
        "kind_unknown": True,
    }
    assert (event.votes["RUS"], event.votes["SRB"], event.votes["YEM"]) == (Vote.YES, Vote.YES, Vote.YES)
    assert "SUN" not in event.votes and "YUG" not in event.votes


def test_first_roll_call(matrix: dict[str, VoteEvent]) -> None:
    """rcid 3 (1946): US yes, Canada no, the USSR (RUS column) and Yugoslavia (SRB column) no."""
    event = matrix["3:1946-01-01"]
    assert (event.organ, event.kind, event.date) == (Organ.GA, EventKind.DRAFT, dt.date(1946, 1, 1))
    assert (event.votes["USA"], event.votes["CAN"]) == (Vote.YES, Vote.NO)
    assert (event.votes["SUN"], event.votes["YUG"], event.votes["CHN"]) == (Vote.NO, Vote.NO, Vote.NO)
    assert (event.counts, event.outcome) == (None, None)


def test_rus_and_srb_columns_follow_the_seats(matrix: dict[str, VoteEvent]) -> None:
    """RUS is the USSR in 1960, SRB Yugoslavia in 1980 and Serbia in 2010."""
    assert matrix["627:1960-10-03"].votes["SUN"] == Vote.ABSTAIN
    assert matrix["2094:1980-10-07"].votes["YUG"] == Vote.YES
    assert matrix["5044:2010-02-26"].votes["SRB"] == Vote.YES
    assert "RUS" not in matrix["627:1960-10-03"].votes and "SRB" not in matrix["2094:1980-10-07"].votes


def test_idle_yugoslav_seat_has_no_vote(matrix: dict[str, VoteEvent]) -> None:
    """In 1997 the SRB column's 8 is nobody's vote: neither Yugoslavia nor Serbia held the seat."""
    assert not {"YUG", "SRB"} & matrix["6011:1997-11-12"].votes.keys()


def test_float_codes_are_read(matrix: dict[str, VoteEvent]) -> None:
    """YEM prints 1.0 in 2001 (rcid 4303): it is a yes."""
    assert matrix["4303:2001-06-06"].votes["YEM"] == Vote.YES


def test_complete_only_without_dropped_members(matrix: dict[str, VoteEvent]) -> None:
    """1980 lacks Czechoslovakia, the GDR, the two Yemens' seats; 2010 has every member."""
    assert matrix["2094:1980-10-07"].complete is False
    assert matrix["2094:1980-10-07"].extra["missing_states"] == ["CSK", "DDR", "YEM", "YMD"]
    event = matrix["5044:2010-02-26"]
    assert event.complete is True and set(states.members_on(event.date)) <= event.votes.keys()


def test_fixture_quirks(test_data: Path) -> None:
    """Hand-made rows: reused rcid with two keys, 1.0 codes, the SRB gap, issue flags as subjects."""
    events = {e.key: e for e in parse(test_data / "voeten" / "matrix_ok.csv")}
    assert sorted(events) == ["411:1954-12-03", "411:2023-12-04", "6011:1997-11-12"]
    assert events["411:1954-12-03"].votes == {"CAN": Vote.YES, "SUN": Vote.NO, "YUG": Vote.ABSTAIN}
    assert events["411:2023-12-04"].votes == {
        "CAN": Vote.NO,
        "RUS": Vote.YES,
        "SRB": Vote.YES,
        "YEM": Vote.YES,
    }
    assert events["6011:1997-11-12"].votes == {
        "CAN": Vote.NON_VOTING,
        "RUS": Vote.ABSTAIN,
        "YEM": Vote.ABSTAIN,
    }
    assert events["411:1954-12-03"].subjects == ("Palestinian conflict",)


def test_problems_are_all_listed(test_data: Path) -> None:
    """Unknown ISO3 header, duplicate key, bad date, unknown code, a vote in the SRB gap, a bad flag."""
    path = test_data / "voeten" / "matrix_bad.csv"
    with pytest.raises(IngestError) as raised:
        parse(path)
    assert [str(p) for p in raised.value.problems] == [
        f"{path}:1 [XXX]: unknown state 'XXX' (iso3)",
        f"{path}:3 [rcid]: duplicate roll call 3:1946-01-01 (first on line 2)",
        f"{path}:4 [date]: bad date '1946-13-02' (expected YYYY-MM-DD or '29 October 2025')",
        f"{path}:5 [me]: bad issue flag 'MAYBE' (expected TRUE or FALSE)",
        f"{path}:5 [CAN]: unknown vote code '7' (expected 1, 2, 3, 8 or 9)",
        f"{path}:5 [SRB]: a vote (1) when the Yugoslav seat was not taken (Sep 1992 – Oct 2000)",
    ]


def test_parser_is_registered() -> None:
    """The ingest registry finds this module's parse."""
    assert parser("voeten_matrix").__wrapped__ is parse
