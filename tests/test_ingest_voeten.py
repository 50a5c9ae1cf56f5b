"""Voeten's published table and the unvotes R package: real files, dated codes, symbols, and every problem."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from unvotes.errors import IngestError
from unvotes.ingest import parser
from unvotes.ingest.voeten import parse_unvotes_r, parse_voeten, un_symbol
from unvotes.models import EventKind, Organ, Vote, VoteEvent

PUBLISHED = "unvotes/voeten_unvotes_published_1946_2015.csv.gz"
UN_VOTES = "unvotes/un_votes.csv.gz"


@pytest.fixture(scope="module")
def published(shared_data: Path) -> dict[str, VoteEvent]:
    return {event.key: event for event in parse_voeten(shared_data / PUBLISHED)}


@pytest.fixture(scope="module")
def unvotes_r(shared_data: Path) -> dict[str, VoteEvent]:
    return {event.key: event for event in parse_unvotes_r(shared_data / UN_VOTES)}


def problems(path: Path, parse: Callable[[Path], list[VoteEvent]]) -> list[str]:
    with pytest.raises(IngestError) as raised:
        parse(path)
    return [str(problem) for problem in raised.value.problems]


# -- the published table -----------------------------------------------------------------------------------


def test_published_has_one_event_per_dated_rcid(published: dict[str, VoteEvent]) -> None:
    """5,429 distinct rcids make 5,428 events: rcid 4592, printed without a date, is left out."""
    assert len(published) == 5428
    assert "4592" not in published and "3" in published


def test_published_first_roll_call(published: dict[str, VoteEvent]) -> None:
    """rcid 3 (1946): the US voted yes and Canada no; 51 members voted and none was absent."""
    event = published["3"]
    assert (event.date, event.session, event.organ) == (dt.date(1946, 1, 1), "1", Organ.GA)
    assert (event.votes["USA"], event.votes["CAN"]) == (Vote.YES, Vote.NO)
    assert (len(event.votes), event.complete, event.counts, event.outcome) == (51, True, None, None)


def test_published_absent_is_non_voting_and_non_member_is_no_vote(published: dict[str, VoteEvent]) -> None:
    """Code 8 (absent) is a non-voting entry; code 9 (not a member) leaves the state out."""
    event = published[
        "4303"
    ]  # 2001: FR Yugoslavia (COW 345, now Serbia) absent; Montenegro (341) not yet a member
    assert event.votes["SRB"] == Vote.NON_VOTING
    assert "MNE" not in event.votes


@pytest.mark.parametrize(
    ("rcid", "state", "vote"),
    [
        ("627", "SUN", Vote.ABSTAIN),
        ("2094", "SUN", Vote.NO),
        ("2094", "YUG", Vote.YES),
        ("2094", "DDR", Vote.NO),
    ],
)
def test_published_cow_codes_resolve_to_historical_states(
    published: dict[str, VoteEvent], rcid: str, state: str, vote: Vote
) -> None:
    """COW 365 is the USSR in 1960 and 1980, 345 Yugoslavia and 265 the GDR in 1980."""
    assert published[rcid].votes[state] == vote
    assert not {"RUS", "SRB"} & published[rcid].votes.keys()


def test_published_cow_365_is_russia_after_1991(published: dict[str, VoteEvent]) -> None:
    """The same COW code 365 is the Russian Federation in 2010."""
    assert published["5044"].votes["RUS"] == Vote.ABSTAIN and "SUN" not in published["5044"].votes


def test_published_china_seat_vote_wins_over_absence(published: dict[str, VoteEvent]) -> None:
    """Oct 1971: the ROC (713) voted yes while the unseated PRC (710) is coded absent: the seat's vote is yes."""
    assert published["1182"].votes["CHN"] == Vote.YES
    assert published["1183"].votes["CHN"] == Vote.NON_VOTING


def test_published_metadata(published: dict[str, VoteEvent]) -> None:
    """Issue flags become subjects, importantvote the important flag; no kind flags, so no resolution."""
    event = published["2094"]
    assert event.important is False and event.kind is EventKind.DRAFT and event.resolution is None
    assert event.extra == {
        "rcid": 2094,
        "unres": "R/35/6",
        "unres_symbol": "A/RES/35/6",
        "issues": [],
        "kind_flags": False,
    }


def test_published_fixture_china_seat_and_german_codes(test_data: Path) -> None:
    """Hand-made rows: seat sharing, COW 260 as Germany, code 9 dropped, undated rcid 4592 left out."""
    events = {event.key: event for event in parse_voeten(test_data / "voeten" / "published_ok.csv")}
    assert sorted(events) == ["1182", "2094"]
    assert events["1182"].votes == {"CHN": Vote.YES, "USA": Vote.NON_VOTING}
    assert events["2094"].votes == {"SUN": Vote.NO, "DEU": Vote.YES, "DDR": Vote.NO, "YUG": Vote.YES}
    assert events["2094"].subjects == ("Palestinian conflict", "Human rights") and events["2094"].important


def test_published_problems_are_all_listed(test_data: Path) -> None:
    """Unknown vote code, unknown COW code, duplicate row, bad date and a disagreeing rcid: all reported."""
    path = test_data / "voeten" / "published_bad.csv"
    assert problems(path, parse_voeten) == [
        f"{path}:3 [vote]: unknown vote code '5' (expected one of 1, 2, 3, 8, 9)",
        f"{path}:4 [ccode]: unknown state '999' (cow) on 1946-01-01",
        f"{path}:5 [ccode]: duplicate row for rcid 3, ccode 2",
        f"{path}:6 [date]: bad date '13/45/1946' (expected M/D/YYYY or YYYY-MM-DD)",
        f"{path}:8 [date]: rcid 5: date '1/5/1946' differs from '1/4/1946' (line 7)",
        f"{path}:8 [session]: rcid 5: session '2' differs from '1' (line 7)",
    ]


# -- the unvotes R package ---------------------------------------------------------------------------------


def test_unvotes_r_has_every_roll_call(unvotes_r: dict[str, VoteEvent]) -> None:
    """un_roll_calls lists 6,203 roll calls; each is one event, less five that repeat an earlier one."""
    assert len(unvotes_r) == 6198


def test_unvotes_r_keeps_a_repeated_roll_call_once(unvotes_r: dict[str, VoteEvent]) -> None:
    """rcid 6006 repeats 5569 (A/RES/72/164, 19 December 2017, the same 193 votes) under a meeting record's
    words for a title; so do 5740, 5798, 5919 and 5938 for 59/28, 61/156, 66/257 and 67/243."""
    assert "6006" not in unvotes_r and unvotes_r["5569"].extra["repeated_as"] == ["6006"]
    repeated = sorted(k for e in unvotes_r.values() for k in e.extra.get("repeated_as", []))
    assert repeated == ["5740", "5798", "5919", "5938", "6006"]


def test_unvotes_r_first_roll_call(unvotes_r: dict[str, VoteEvent]) -> None:
    """rcid 3 is an amendment (amend = 1): US yes, Canada no, titled from `short`, no resolution."""
    event = unvotes_r["3"]
    assert (event.votes["USA"], event.votes["CAN"], event.kind) == (Vote.YES, Vote.NO, EventKind.AMENDMENT)
    assert (event.title, event.resolution, event.extra["kind_flags"]) == (
        "AMENDMENTS, RULES OF PROCEDURE",
        None,
        True,
    )
    assert event.extra["description"].startswith("TO ADOPT A CUBAN AMENDMENT")


def test_unvotes_r_agrees_with_published(
    published: dict[str, VoteEvent], unvotes_r: dict[str, VoteEvent]
) -> None:
    """Where both hold a roll call, every unvotes vote is the published table's vote."""
    for rcid in ("3", "627", "1182", "2094", "4303", "5044"):
        assert unvotes_r[rcid].votes.items() <= published[rcid].votes.items()


def test_unvotes_r_omits_absent_members(
    published: dict[str, VoteEvent], unvotes_r: dict[str, VoteEvent]
) -> None:
    """un_votes lists no absences: 2094 has 144 votes against the table's 154, so it is incomplete."""
    event = unvotes_r["2094"]
    assert (len(event.votes), len(published["2094"].votes), event.complete) == (144, 154, False)
    assert Vote.NON_VOTING not in event.votes.values()


def test_unvotes_r_complete_only_when_every_member_voted(unvotes_r: dict[str, VoteEvent]) -> None:
    """rcid 3 has a vote from each of the 51 members of the day, so it is complete."""
    assert (len(unvotes_r["3"].votes), unvotes_r["3"].complete) == (51, True)


@pytest.mark.parametrize(
    ("rcid", "state", "vote", "not_there"),
    [
        ("627", "SUN", Vote.ABSTAIN, "RUS"),  # RU, 1960
        ("627", "CHN", Vote.NO, "TWN"),  # TW, 1960: the Republic of China in the China seat
        ("627", "YUG", Vote.NO, "SRB"),  # YU, 1960
        ("5044", "SRB", Vote.YES, "YUG"),  # YU, 2010
        ("2094", "DEU", Vote.YES, "FRG"),  # no code, "Federal Republic of Germany", 1980
    ],
)
def test_unvotes_r_codes_resolve_as_of_the_day(
    unvotes_r: dict[str, VoteEvent], rcid: str, state: str, vote: Vote, not_there: str
) -> None:
    """RU is the USSR in 1960, TW the China seat, YU Yugoslavia then Serbia, FRG's empty code Germany."""
    assert unvotes_r[rcid].votes[state] == vote and not_there not in unvotes_r[rcid].votes


@pytest.mark.parametrize(
    ("rcid", "resolution"),
    [
        ("2094", "A/RES/35/6"),
        ("4303", "A/RES/55/180 B"),
        ("5145", "A/RES/66/230"),
        ("1190", None),
        ("3", None),
    ],
)
def test_unvotes_r_resolution_symbols(
    unvotes_r: dict[str, VoteEvent], rcid: str, resolution: str | None
) -> None:
    """Final votes carry the UN symbol; 2758G (1971) is Voeten's seventh China vote, and rcid 3 an amendment."""
    assert unvotes_r[rcid].resolution == resolution


def test_unvotes_r_kind_flags_end_in_1985(unvotes_r: dict[str, VoteEvent]) -> None:
    """Every roll call from 1986 on lacks the amend/para pair: kind_flags is False there and True before 1985."""
    assert all(not e.extra["kind_flags"] for e in unvotes_r.values() if e.date.year >= 1986)
    assert all(e.extra["kind_flags"] for e in unvotes_r.values() if e.date.year < 1985)


def test_unvotes_r_fixture(test_data: Path) -> None:
    """Hand-made rows: dated codes and names, issues as subjects, a paragraph vote and a roll call without votes."""
    events = {e.key: e for e in parse_unvotes_r(test_data / "voeten" / "unvotes_r_ok" / "un_votes.csv")}
    assert events["627"].votes == {"SUN": Vote.ABSTAIN, "CHN": Vote.NO, "YUG": Vote.NO}
    assert events["2094"].votes == {"DEU": Vote.YES, "DDR": Vote.NO}
    assert events["2094"].subjects == ("Palestinian conflict", "Human rights")
    assert events["4303"].votes == {"SRB": Vote.YES, "RUS": Vote.YES}
    assert (events["5000"].kind, events["5000"].resolution, events["5000"].votes) == (
        EventKind.PARAGRAPH,
        None,
        {},
    )
    assert not any(event.complete for event in events.values())


def test_unvotes_r_problems_name_their_files(test_data: Path) -> None:
    """Problems of the sibling files are listed with theirs; every problem of all three files is listed."""
    folder = test_data / "voeten" / "unvotes_r_bad"
    assert problems(folder / "un_votes.csv", parse_unvotes_r) == [
        f"{folder / 'un_roll_call_issues.csv'}:2 [short_name]: unknown issue 'xx' (expected one of me, nu, di, hr, co, ec)",
        f"{folder / 'un_roll_calls.csv'}:3 [date]: bad date '1946-02-30' (expected M/D/YYYY or YYYY-MM-DD)",
        f"{folder / 'un_votes.csv'}:3 [vote]: unknown vote 'maybe' (expected yes, no or abstain)",
        f"{folder / 'un_votes.csv'}:4 [country_code]: unknown state 'QQ' (iso2) on 1946-01-01",
        f"{folder / 'un_votes.csv'}:5: second vote of USA (rcid 3, United States): NO after YES",
        f"{folder / 'un_votes.csv'}:6 [rcid]: rcid 4 is not in the roll calls (un_roll_calls)",
        f"{folder / 'un_votes.csv'}:7 [rcid]: rcid 99 is not in the roll calls (un_roll_calls)",
    ]


def test_unvotes_r_needs_its_siblings(tmp_path: Path) -> None:
    """A lone un_votes file is refused, naming the missing roll-call file."""
    (tmp_path / "un_votes.csv").write_text("rcid,country,country_code,vote\n")
    assert any("un_roll_calls.csv" in p for p in problems(tmp_path / "un_votes.csv", parse_unvotes_r))


@pytest.mark.parametrize(
    ("unres", "symbol"),
    [
        ("R/34/199", "A/RES/34/199"),
        ("R/31/6K", "A/RES/31/6 K"),
        ("A/RES/ES-10/19", "A/RES/ES-10/19"),
        ("R/26/2762", "A/RES/2762(XXVI)"),
        ("R/30/3379", "A/RES/3379(XXX)"),
        ("R/26/2758G", None),  # a letter before 1976 counts Voeten's votes, not UN parts
        ("R/16/1114A", None),  # before 1963: a page reference, not a resolution number
        ("R/29/3396", None),  # outside the 29th session's numbers
        ("ESS/1/34", None),
        ("R/34/233/XII", None),
        ("", None),
    ],
)
def test_un_symbol(unres: str, symbol: str | None) -> None:
    """Voeten's unres becomes a UN symbol only where it certainly names a resolution."""
    assert un_symbol(unres) == symbol


def test_parsers_are_registered() -> None:
    """The ingest registry finds both parse functions of the module."""
    assert parser("voeten").__wrapped__ is parse_voeten and parser("unvotes_r").__wrapped__ is parse_unvotes_r
