"""UN DGACM's machine-readable GA and SC resolution extracts: the real files, their quirks, and malformed lines."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from unvotes.errors import IngestError
from unvotes.ingest import parser
from unvotes.ingest.undl import parse_undl_ga
from unvotes.ingest.unxml import parse_unxml_ga, parse_unxml_sc
from unvotes.models import Counts, EventKind, Organ, Outcome, Vote, VoteEvent
from unvotes.refdata import states

# raw/README.md section 1: recorded-vote symbols, the date range of recorded votes, member votes listed
GA_TABLE = {
    "74.json": (90, "2019-11-07", "2019-12-27", 16_174),
    "75.json": (100, "2020-11-05", "2021-06-30", 17_551 - 137),  # A/RES/75/290 A lists every name twice
    "76.json": (80, "2021-12-01", "2022-07-28", 14_259),
    "77.json": (88, "2022-11-03", "2023-09-01", 15_143),
    "78.json": (85, "2023-11-01", "2024-07-11", 14_959),
    "79.json": (113, "2024-10-29", "2025-09-05", None),  # the README's vote count includes re-uploaded lines
    "80.json": (166, "2025-09-19", "2026-06-04", None),
    "ES-10.json": (3, "2023-10-27", "2024-09-18", 546),
    "ES-11.json": (6, "2022-03-02", "2023-02-23", 1_083),
}
# raw/README.md section 2: lines per year
SC_LINES = {
    2000: 50, 2001: 52, 2002: 68, 2003: 67, 2004: 59, 2005: 71, 2006: 87, 2007: 56, 2008: 65, 2009: 48,
    2010: 59, 2011: 66, 2012: 53, 2013: 47, 2014: 63, 2015: 64, 2016: 77, 2017: 61, 2018: 54, 2019: 52,
    2020: 57, 2021: 57, 2022: 54, 2023: 50, 2024: 45, 2025: 42, 2026: 17,
}  # fmt: skip


def recorded(events: list[VoteEvent]) -> list[VoteEvent]:
    return [event for event in events if event.extra["adoption"] == "recorded"]


def by_key(events: list[VoteEvent]) -> dict[str, VoteEvent]:
    return {event.key: event for event in events}


@pytest.fixture(scope="module")
def ga79(shared_data: Path) -> dict[str, VoteEvent]:
    return by_key(parse_unxml_ga(shared_data / "raw" / "unxml_ga" / "79.json"))


@pytest.fixture(scope="module")
def ga75(shared_data: Path) -> dict[str, VoteEvent]:
    return by_key(parse_unxml_ga(shared_data / "raw" / "unxml_ga" / "75.json"))


@pytest.mark.parametrize(("name", "expected"), GA_TABLE.items())
def test_ga_recorded_symbols_per_file(shared_data: Path, name: str, expected: tuple) -> None:
    """Each GA file has the README's number of unique recorded symbols, date range and member votes."""
    events = recorded(parse_unxml_ga(shared_data / "raw" / "unxml_ga" / name))
    count, first, last, listed = expected
    assert len(events) == len({event.key for event in events}) == count
    assert (min(e.date for e in events), max(e.date for e in events)) == (
        dt.date.fromisoformat(first),
        dt.date.fromisoformat(last),
    )
    if listed is not None:
        assert sum(1 for e in events for vote in e.votes.values() if vote != Vote.NON_VOTING) == listed


def test_ga_adopted_without_a_vote_are_events(ga79: dict[str, VoteEvent]) -> None:
    """Resolutions adopted without a vote are events too: no votes, no counts, complete."""
    event = ga79["A/RES/79/1"]
    assert (event.outcome, event.votes, event.counts, event.complete) == (
        Outcome.ADOPTED_WITHOUT_VOTE,
        {},
        None,
        True,
    )
    assert event.title == "The Pact for the Future" and event.document == "A/79/L.2"


def test_ga_recorded_event_fields(ga79: dict[str, VoteEvent]) -> None:
    """A recorded GA vote: key, counts, meeting, session, subjects, agenda, and a non-breaking-space date."""
    event = ga79["A/RES/79/6"]
    assert (event.organ, event.kind, event.outcome) == (Organ.GA, EventKind.DRAFT, Outcome.ADOPTED)
    assert (event.date, event.session, event.meeting) == (dt.date(2024, 10, 29), "79", "A/79/PV.29")
    assert (event.counts, event.document) == (Counts(113, 10, 30), "A/79/L.8")
    assert event.subjects == ("INTERNATIONAL CRIMINAL COURTS", "INTERNATIONAL CRIMINAL JURISDICTION")
    assert event.agenda == "Report of the International Criminal Court"
    assert event.provenance.source == "unxml_ga" and event.provenance.line == 6


def test_ga_members_in_no_list_are_non_voting(ga79: dict[str, VoteEvent]) -> None:
    """Every UN member on the day is in the votes; those in no list are X, and the event is complete."""
    event = ga79["A/RES/79/6"]
    assert set(event.votes) == set(states.members_on(event.date))
    assert event.tally() == Counts(113, 10, 30, len(event.votes) - 153) and event.complete


def test_ga_duplicates_keep_last(ga79: dict[str, VoteEvent]) -> None:
    """A re-uploaded symbol keeps its last line and records how many lines were dropped."""
    event = ga79["A/RES/79/276"]
    assert (event.provenance.line, event.extra["duplicates_dropped"]) == (352, 1)
    assert event.votes["TUR"] in (Vote.YES, Vote.NO, Vote.ABSTAIN, Vote.NON_VOTING)


def test_ga_session_74_iso_dates(shared_data: Path) -> None:
    """Session 74 prints dates as '2019-11-07 00:00:00'."""
    event = by_key(parse_unxml_ga(shared_data / "raw" / "unxml_ga" / "74.json"))["A/RES/74/7"]
    assert (event.date, event.counts) == (dt.date(2019, 11, 7), Counts(187, 3, 2))


def test_ga_recorded_vote_with_empty_lists(ga75: dict[str, VoteEvent]) -> None:
    """A/RES/75/254 A-C gives counts but no lists: no votes, incomplete, counts kept."""
    event = ga75["A/RES/75/254 A-C"]
    assert (event.votes, event.complete, event.counts) == ({}, False, Counts(168, 2, 0))


def test_ga_names_listed_twice_count_once(ga75: dict[str, VoteEvent]) -> None:
    """A/RES/75/290 A lists every name twice: each state votes once and the counts agree."""
    event = ga75["A/RES/75/290 A"]
    assert event.extra["duplicate_names"] == 137 and "count_mismatch" not in event.extra
    assert event.tally().yes == 90 and event.tally().abstain == 47


def test_ga_count_mismatch_is_recorded_not_raised(shared_data: Path) -> None:
    """Printed counts that differ from the lists are kept in extra, never raised."""
    event = by_key(parse_unxml_ga(shared_data / "raw" / "unxml_ga" / "77.json"))["A/RES/77/293"]
    assert event.extra["count_mismatch"] == {"abstain": {"printed": 59, "listed": 58}}


@pytest.mark.parametrize("resolution", ["A/RES/78/241", "A/RES/79/62", "A/RES/80/57"])
def test_ga_agrees_with_official_rows(shared_data: Path, resolution: str) -> None:
    """The UNxml votes (with X filled in) equal the UN Digital Library's rows for the three sample resolutions."""
    official = {
        e.resolution: e for e in parse_undl_ga(shared_data / "raw/undl_official_samples/ga_voting_sample.csv")
    }
    session = resolution.split("/")[2]
    mine = by_key(parse_unxml_ga(shared_data / "raw" / "unxml_ga" / f"{session}.json"))[resolution]
    assert mine.votes == official[resolution].votes


def test_ga_special_session_has_no_recorded_vote(shared_data: Path) -> None:
    """S-32.json's single line was adopted without a vote."""
    (event,) = parse_unxml_ga(shared_data / "raw" / "unxml_ga" / "S-32.json")
    assert (event.outcome, event.session) == (Outcome.ADOPTED_WITHOUT_VOTE, "S-32")


@pytest.mark.parametrize(("year", "lines"), SC_LINES.items())
def test_sc_lines_per_year(shared_data: Path, year: int, lines: int) -> None:
    """Every SC line is an adopted resolution: events plus dropped re-uploads equal the README's lines."""
    events = parse_unxml_sc(shared_data / "raw" / "unxml_sc" / f"{year}.json")
    assert len(events) + sum(e.extra.get("duplicates_dropped", 0) for e in events) == lines
    assert all(
        e.organ == Organ.SC and e.outcome in (Outcome.ADOPTED, Outcome.ADOPTED_WITHOUT_VOTE) for e in events
    )


def test_sc_2779_abstentions(shared_data: Path) -> None:
    """S/RES/2779 (2025): 12-0-3, China, Pakistan and Russia abstaining, as the official rows say."""
    event = by_key(parse_unxml_sc(shared_data / "raw" / "unxml_sc" / "2025.json"))["S/RES/2779 (2025)"]
    assert event.counts == Counts(12, 0, 3)
    assert sorted(s for s, v in event.votes.items() if v == Vote.ABSTAIN) == ["CHN", "PAK", "RUS"]


def test_sc_unanimous_without_lists(shared_data: Path) -> None:
    """S/RES/2723 (2024) prints only a count: no votes, incomplete, counts kept, meeting from its number."""
    event = by_key(parse_unxml_sc(shared_data / "raw" / "unxml_sc" / "2024.json"))["S/RES/2723 (2024)"]
    assert (event.votes, event.complete, event.counts, event.meeting) == (
        {},
        False,
        Counts(15, 0, 0),
        "S/PV.9539",
    )
    assert event.date == dt.date(2024, 1, 30)


def test_sc_without_vote(shared_data: Path) -> None:
    """S/RES/1326 (2000) was adopted without a vote: no votes, no counts, complete."""
    event = by_key(parse_unxml_sc(shared_data / "raw" / "unxml_sc" / "2000.json"))["S/RES/1326 (2000)"]
    assert (event.outcome, event.votes, event.counts, event.complete) == (
        Outcome.ADOPTED_WITHOUT_VOTE,
        {},
        None,
        True,
    )


def test_sc_2026_keeps_last_line(shared_data: Path) -> None:
    """S/RES/2820 (2026) keeps its last line, which has no lists; its counts come from 'Adopted 13-0-2'."""
    event = by_key(parse_unxml_sc(shared_data / "raw" / "unxml_sc" / "2026.json"))["S/RES/2820 (2026)"]
    assert (event.provenance.line, event.extra["duplicates_dropped"]) == (12, 1)
    assert (event.votes, event.counts, event.complete) == ({}, Counts(13, 0, 2), False)


def test_sc_split_name_is_joined(shared_data: Path) -> None:
    """S/RES/2403 (2018) lists Côte d'Ivoire as 'CÔTE.' and "D'IVOIRE": one state, 15 votes."""
    event = by_key(parse_unxml_sc(shared_data / "raw" / "unxml_sc" / "2018.json"))["S/RES/2403 (2018)"]
    assert event.votes["CIV"] == Vote.YES and len(event.votes) == 15
    assert event.outcome == Outcome.ADOPTED_WITHOUT_VOTE


@pytest.fixture(scope="module")
def quirks(test_data: Path) -> dict[str, VoteEvent]:
    return by_key(parse_unxml_ga(test_data / "unxml" / "ga_quirks.json"))


def test_fixture_keeps_last_line(quirks: dict[str, VoteEvent]) -> None:
    """Of two lines for A/RES/99/10 the last one counts: France abstains there."""
    event = quirks["A/RES/99/10"]
    assert (event.votes["FRA"], event.votes["DEU"], event.counts) == (Vote.ABSTAIN, Vote.YES, Counts(1, 1, 2))
    assert (event.provenance.line, event.extra["duplicates_dropped"]) == (3, 1)


def test_fixture_dates(quirks: dict[str, VoteEvent]) -> None:
    """'2\\u00a0December 2024' and '2019-11-07 00:00:00' both read as dates."""
    assert (quirks["A/RES/99/10"].date, quirks["A/RES/99/11"].date) == (
        dt.date(2024, 12, 2),
        dt.date(2019, 11, 7),
    )


def test_fixture_subjects_and_document(quirks: dict[str, VoteEvent]) -> None:
    """Subjects are the UNBIS terms, once each; a report paragraph reference gives the report symbol."""
    assert quirks["A/RES/99/10"].subjects == ("DISARMAMENT",)
    assert quirks["A/RES/99/12 A-C"].document == "A/99/682"


def test_fixture_voting_type_and_duplicate_name(quirks: dict[str, VoteEvent]) -> None:
    """voting_type 'adoptedRecordedVote' makes a recorded vote; a name listed twice counts once; the gap is noted."""
    event = quirks["A/RES/99/13"]
    assert (event.votes["DEU"], event.votes["JPN"], event.extra["duplicate_names"]) == (Vote.YES, Vote.YES, 1)
    assert event.extra["count_mismatch"] == {"yes": {"printed": 3, "listed": 2}}


def test_fixture_blank_adoption_type(quirks: dict[str, VoteEvent]) -> None:
    """A line with a blank adoption type is kept as an adopted, incomplete event without counts."""
    event = quirks["A/RES/99/14"]
    assert (event.extra["adoption"], event.outcome, event.complete, event.counts) == (
        "unknown",
        Outcome.ADOPTED,
        False,
        None,
    )


@pytest.fixture(scope="module")
def sc_quirks(test_data: Path) -> dict[str, VoteEvent]:
    return by_key(parse_unxml_sc(test_data / "unxml" / "sc_quirks.json"))


def test_fixture_sc_unanimous_without_lists(sc_quirks: dict[str, VoteEvent]) -> None:
    """'Adopted unanimously' with empty lists and a count: no votes, incomplete."""
    event = sc_quirks["S/RES/2723 (2024)"]
    assert (event.votes, event.complete, event.counts, event.outcome) == (
        {},
        False,
        Counts(15, 0, 0),
        Outcome.ADOPTED,
    )


def test_fixture_sc_joined_name_without_vote(sc_quirks: dict[str, VoteEvent]) -> None:
    """A name split over two items is joined; 'Adopted without vote' with lists keeps the Y votes, no counts."""
    event = sc_quirks["S/RES/2403 (2018)"]
    assert (event.votes["CIV"], len(event.votes), event.counts) == (Vote.YES, 15, None)
    assert (event.outcome, event.extra["joined_names"]) == (Outcome.ADOPTED_WITHOUT_VOTE, ["CÔTE D'IVOIRE"])


def test_fixture_sc_blank_counts_from_text(sc_quirks: dict[str, VoteEvent]) -> None:
    """A blank count ('013', '', '002') is read from 'Adopted 13-0-2'; non-breaking spaces in the date."""
    event = sc_quirks["S/RES/2820 (2024)"]
    assert (event.counts, event.date, event.meeting) == (Counts(13, 0, 2), dt.date(2024, 4, 30), "S/PV.10148")
    assert event.tally() == Counts(13, 0, 2, 0) and event.complete


def test_fixture_sc_acclamation_and_place(sc_quirks: dict[str, VoteEvent]) -> None:
    """Acclamation is adoption without a vote; a date followed by 'in Nairobi' still reads."""
    assert sc_quirks["S/RES/1358 (2001)"].outcome == Outcome.ADOPTED_WITHOUT_VOTE
    assert sc_quirks["S/RES/2760 (2024)"].date == dt.date(2024, 11, 30)


def test_malformed_lists_every_problem(test_data: Path) -> None:
    """A truncated line, an unknown state, a bad date, a state in two lists and a missing symbol: all at once."""
    path = test_data / "unxml" / "ga_malformed.json"
    with pytest.raises(IngestError) as caught:
        parse_unxml_ga(path)
    problems = caught.value.problems
    assert [(p.line, p.field) for p in problems] == [
        (1, "MS_in_favour"),
        (2, None),
        (3, "adoption_date"),
        (4, "MS_against"),
        (5, "symbol"),
    ]
    assert {p.file for p in problems} == {str(path)}
    assert "'ATLANTIS'" in problems[0].message and "not valid JSON" in problems[1].message
    assert "'31 Smarch 2024'" in problems[2].message and "FRA" in problems[3].message


def test_parser_registry() -> None:
    """The ingest registry finds both functions of this module."""
    assert (
        parser("unxml_ga").__wrapped__ is parse_unxml_ga and parser("unxml_sc").__wrapped__ is parse_unxml_sc
    )


def test_sc_absent_member_filled_from_council(shared_data: Path) -> None:
    """A Council member in no list (Syria on S/RES/1402 (2002), 14-0-0) is X and the event complete."""
    path = shared_data / "raw" / "unxml_sc" / "2002.json"
    event = by_key(parse_unxml_sc(path))["S/RES/1402 (2002)"]
    assert (event.votes["SYR"], len(event.votes), event.complete) == (Vote.NON_VOTING, 15, True)


def test_sc_date_in_wrong_year_uses_draft_date(shared_data: Path) -> None:
    """S/RES/2423 (2018) prints '29 June 2016': the draft's date of the symbol's year is used, the slip kept."""
    event = by_key(parse_unxml_sc(shared_data / "raw" / "unxml_sc" / "2018.json"))["S/RES/2423 (2018)"]
    assert (event.date, event.extra["adoption_date_printed"]) == (dt.date(2018, 6, 28), "29 June 2016")
    assert event.extra["date_from"] == "draft_resolution_date"


def test_sc_no_fill_when_a_listed_state_is_off_the_council(
    test_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where a listed state is not on the roster for the day, nothing is filled and the stranger is noted."""
    from unvotes.refdata import council

    monkeypatch.setattr(council, "members_on", lambda day: ["CHN", "FRA", "GBR", "RUS", "USA", "SYR"])
    event = by_key(parse_unxml_sc(test_data / "unxml" / "sc_quirks.json"))["S/RES/2760 (2024)"]
    assert "SYR" not in event.votes and len(event.votes) == 15
    assert event.extra["not_members_on_date"] == [
        "CHE",
        "DZA",
        "ECU",
        "GUY",
        "JPN",
        "KOR",
        "MLT",
        "MOZ",
        "SLE",
        "SVN",
    ]


def test_ga_document_naming_several_symbols_is_split(ga75: dict[str, VoteEvent]) -> None:
    """'A/75/L.59 (as amended in A/75/L.60)': the first symbol is the document, the others are related."""
    found = [e for e in ga75.values() if e.extra.get("originating_document", "").startswith("A/75/L.59 ")]
    assert [(e.document, e.extra["related_documents"]) for e in found] == [("A/75/L.59", ["A/75/L.60"])]


def test_ga_addendum_is_related_not_joined(shared_data: Path) -> None:
    """'A/ES-11/L.1 and A/ES-11/L.1/Add.1' is the draft A/ES-11/L.1, with the addendum related."""
    event = by_key(parse_unxml_ga(shared_data / "raw" / "unxml_ga" / "ES-11.json"))["A/RES/ES-11/1"]
    assert (event.document, event.extra["related_documents"]) == ("A/ES-11/L.1", ["A/ES-11/L.1/Add.1"])
