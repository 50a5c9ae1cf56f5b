"""oliverunv's SC table: the real workbook's votes and quirks, and hand-made workbooks for the edge cases."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from unvotes.errors import IngestError
from unvotes.ingest import oliverunv
from unvotes.models import EventKind, Organ, Outcome, Vote, VoteEvent

COUNCIL_2024 = {
    "Algeria": "DZA",
    "China": "CHN",
    "Ecuador": "ECU",
    "France": "FRA",
    "Guyana": "GUY",
    "Japan": "JPN",
    "Malta": "MLT",
    "Mozambique": "MOZ",
    "Republic of Korea": "KOR",
    "Russian Federation": "RUS",
    "Sierra Leone": "SLE",
    "Slovenia": "SVN",
    "Switzerland": "CHE",
    "United Kingdom": "GBR",
    "United States": "USA",
}


# --- the real workbook -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def events(sc_workbook: list[VoteEvent]) -> list[VoteEvent]:
    return sc_workbook


@pytest.fixture(scope="module")
def by_key(events: list[VoteEvent]) -> dict[str, VoteEvent]:
    return {event.key: event for event in events}


def _one(events: list[VoteEvent], **fields: object) -> VoteEvent:
    found = [e for e in events if all(getattr(e, name) == value for name, value in fields.items())]
    assert len(found) == 1, found
    return found[0]


def test_one_event_per_id_less_six_copies(events):
    """1,997 IDs give 1,991 SC events: the six adopted-looking copies of vetoes are dropped."""
    assert len(events) == 1991
    assert {e.organ for e in events} == {Organ.SC}
    assert len({e.key for e in events}) == len(events)


def test_not_adopted_votes(events):
    """112 votes were not adopted, 111 of them with a draft label, 53 in 2020–2025 (raw/README §6)."""
    failed = [e for e in events if e.outcome in (Outcome.VETOED, Outcome.REJECTED)]
    labelled = {(e.date, e.document or e.extra.get("document_text")) for e in failed} - {
        (e.date, None) for e in failed
    }
    assert len(failed) == 112
    assert len(labelled) == 111
    assert sum(e.date.year >= 2020 for e in failed) == 53


def test_first_european_amendment_2025_votes(events):
    """S/2025/114 (24 Feb 2025) failed 6–1–8: the five Europeans and Korea for, Russia against."""
    event = _one(events, document="S/2025/114")
    assert (event.date, event.meeting, event.outcome) == (dt.date(2025, 2, 24), "S/PV.9866", Outcome.REJECTED)
    assert event.tally().as_dict() == {"yes": 6, "no": 1, "abstain": 8, "non_voting": 0}
    assert sorted(s for s, v in event.votes.items() if v is Vote.YES) == [
        "DNK",
        "FRA",
        "GBR",
        "GRC",
        "KOR",
        "SVN",
    ]
    assert [s for s, v in event.votes.items() if v is Vote.NO] == ["RUS"]
    assert event.votes["USA"] is Vote.ABSTAIN
    assert event.complete and event.kind is EventKind.DRAFT


@pytest.mark.parametrize(
    ("document", "outcome", "tally"),
    [
        ("S/2025/115", Outcome.VETOED, (9, 1, 5)),
        ("S/2025/116", Outcome.VETOED, (11, 1, 3)),
        ("S/2025/117", Outcome.REJECTED, (4, 6, 5)),
        ("S/2025/118", Outcome.REJECTED, (1, 7, 7)),
    ],
)
def test_other_amendments_2025(events, document, outcome, tally):
    """S/2025/115 and 116 were vetoed by Russia alone; 117 and 118 failed for want of votes."""
    event = _one(events, document=document)
    assert event.outcome is outcome
    assert (event.tally().yes, event.tally().no, event.tally().abstain) == tally
    if outcome is Outcome.VETOED:
        assert [s for s, v in event.votes.items() if v is Vote.NO] == ["RUS"]


def test_resolution_2774(events):
    """S/RES/2774 (2025) was draft S/2025/112, adopted 10–0–5 at S/PV.9866."""
    event = _one(events, resolution="S/RES/2774 (2025)")
    assert (event.document, event.meeting, event.outcome) == ("S/2025/112", "S/PV.9866", Outcome.ADOPTED)
    assert event.tally().as_dict() == {"yes": 10, "no": 0, "abstain": 5, "non_voting": 0}
    assert sorted(s for s, v in event.votes.items() if v is Vote.ABSTAIN) == [
        "DNK",
        "FRA",
        "GBR",
        "GRC",
        "SVN",
    ]


@pytest.mark.parametrize(
    ("resolution", "document", "day"),
    [
        ("S/RES/2779 (2025)", "S/2025/270", dt.date(2025, 5, 8)),
        ("S/RES/2780 (2025)", "S/2025/333", dt.date(2025, 5, 29)),
        ("S/RES/2778 (2025)", "S/2025/259", dt.date(2025, 4, 30)),
    ],
)
def test_swapped_resolution_and_draft_columns(events, resolution, document, day):
    """From 2025-05-08 the Resolution and Draft columns are swapped in the file; the symbols come out right."""
    event = _one(events, resolution=resolution)
    assert (event.document, event.date) == (document, day)
    swapped = "Resolution and Draft columns swapped; read the other way round"
    assert (swapped in event.extra.get("anomalies", [])) is (day >= dt.date(2025, 5, 8))


@pytest.mark.parametrize(
    ("key", "resolution"),
    [
        ("1", "S/RES/893 (1994)"),  # '893 (1994)'
        ("2007", "S/RES/2776 (2025)"),  # 'S/RES/2776/2025'
        ("2008", "S/RES/2777 (2025)"),  # ' S/RES/2777 (2025)' with a non-breaking space
        ("1726", "S/RES/2541 (2020)"),  # '2541 (2020' without its bracket
        ("1807", "S/RES/2618 (2022)"),  # 'Resolution 2618 (2022)'
        ("1994", "S/RES/2768 (2025)"),  # 'S/RES/2768(2025)'
    ],
)
def test_resolution_spellings_are_canonical(by_key, key, resolution):
    """Every spelling of the Resolution column becomes the canonical `S/RES/n (yyyy)`."""
    assert by_key[key].resolution == resolution


@pytest.mark.parametrize(
    ("key", "meeting", "text"),
    [
        ("1", "S/PV.3326", None),
        ("1763", "S/PV.8780", None),
        ("2000", "S/PV.9866", None),
        ("1691", None, "V005"),
    ],
)
def test_meeting_spellings(by_key, key, meeting, text):
    """Meetings given as 3326, 'PV.8780' or 'S/PV.9866' become S/PV.n; written-procedure votes keep 'V005' as text."""
    assert by_key[key].meeting == meeting
    assert by_key[key].extra.get("meeting_text") == text


@pytest.mark.parametrize(
    ("resolution", "document", "day"),
    [
        ("S/RES/893 (1994)", None, dt.date(1994, 1, 6)),  # stored 1994-06-01
        ("S/RES/2562 (2021)", None, dt.date(2021, 2, 11)),  # stored 2021-11-02
        ("S/RES/2566 (2021)", None, dt.date(2021, 3, 12)),  # after the switch: stored right
        (None, "S/1997/199", dt.date(1997, 3, 7)),  # a veto: stored right
        (None, "S/2016/846", dt.date(2016, 10, 8)),  # a veto: stored right
        (None, "S/2016/847", dt.date(2016, 10, 8)),  # the failed draft of that day: stored 2016-08-10
    ],
)
def test_day_and_month_swap_is_undone(events, resolution, document, day):
    """Dates stored day-for-month before March 2021 are swapped back; vetoes and later dates are left alone."""
    event = _one(events, resolution=resolution) if resolution else _one(events, document=document)
    assert event.date == day


def test_ids_are_chronological_after_the_repair(events):
    """With the dates repaired, IDs run in date order (the June 2025 veto, ID 2004, is the one exception)."""
    ordered = sorted(events, key=lambda e: int(e.key))
    late = [b.key for a, b in zip(ordered, ordered[1:], strict=False) if b.date < a.date]
    assert late == ["2005"]


def test_amendments_are_marked_from_the_draft_text(events):
    """'Oral amendment', 'S/2016/239 amendment' and 'S/2024/797 (amendment)' are amendments; the draft they amend is named."""
    amendments = [e for e in events if e.kind is EventKind.AMENDMENT]
    assert len(amendments) == 11
    assert all(e.document is None and "amendment" in e.extra["document_text"].lower() for e in amendments)
    assert _one(amendments, date=dt.date(2016, 3, 11)).amends == "S/2016/239"
    assert sum(e.amends is None for e in amendments) == 6  # the oral ones


def test_draft_as_orally_amended(events):
    """'S/2003/578 as orally amended' is the draft as amended, adopted as S/RES/1484 (2003)."""
    event = _one(events, resolution="S/RES/1484 (2003)")
    assert (event.kind, event.document) == (EventKind.DRAFT_AS_AMENDED, "S/2003/578")


def test_consensus_rows_are_not_votes(events):
    """'Adopted by consensus' lists every member as Yes, but no vote was taken: no votes, rows kept in extra."""
    event = _one(events, resolution="S/RES/904 (1994)")
    assert (event.outcome, event.votes, event.complete) == (Outcome.ADOPTED_WITHOUT_VOTE, {}, True)
    assert set(event.extra["listed_votes"].values()) == {"Y"} and len(event.extra["listed_votes"]) == 15
    assert sum(e.outcome is Outcome.ADOPTED_WITHOUT_VOTE for e in events) == 21


def test_copies_of_vetoes_are_dropped(events):
    """IDs 75–80 repeat six vetoes as adopted: the veto is kept, with the copy named."""
    kept = [e for e in events if e.document == "S/1995/394"]
    assert [e.key for e in kept] == ["104"]
    assert kept[0].outcome is Outcome.VETOED
    assert kept[0].extra["copies_dropped"] == [
        {"id": "75", "line": 1108, "outcome_text": "Adopted unanimously"}
    ]
    assert not {"75", "76", "77", "78", "79", "80"} & {e.key for e in events}


def test_member_listed_twice_with_two_votes(by_key):
    """S/RES/2602 (2021) lists Tunisia twice (Y and A): Tunisia has no vote and the event is incomplete."""
    event = by_key["1790"]
    assert "TUN" not in event.votes and not event.complete
    assert "member twice: TUN has 2 rows (Y, A)" in event.extra["anomalies"]


def test_provenance_and_extra(by_key):
    """Each event says its first row, agenda, topic, raw outcome text, region and who submitted the draft."""
    event = by_key["2000"]
    assert (event.provenance.source, event.provenance.line) == ("oliverunv_sc", 29745)
    assert event.extra["outcome_text"] == "Adopted by majority"
    assert event.extra["submitted_by"] == "United States"
    assert event.extra["region"] == "Europe"
    assert event.subjects == ("Ukraine", "Country/Region-specific")
    assert event.title == event.agenda == "Maintenance of peace and security of Ukraine"


def test_real_absences_become_x(by_key):
    """Rwanda, on the Council but absent on 21 July 1994, is X and the vote is complete."""
    event = by_key["45"]
    assert event.votes["RWA"] is Vote.NON_VOTING and event.complete


def test_rows_of_non_members_1995_are_not_votes(by_key):
    """IDs 81–136 (1995) carry the rows of later vetoes, of states not on the Council then: they are not votes."""
    event = by_key["82"]
    assert event.votes == {} and not event.complete and event.extra["listed_votes"]


# --- hand-made workbooks -------------------------------------------------------------------------------------


def _row(key: int, state: str, vote: str, **changes: object) -> list[object]:
    cells: dict[str, object] = {
        "Year": 2024,
        "Date,": dt.datetime(2024, 3, 25),
        "Resolution": "2728 (2024)",
        "Meeting": 9586,
        "Draft": "S/2024/239",
        "Agenda item": "The situation in the Middle East",
        "Category": "Country/Region-specific",
        "Region": "Middle East",
        "Submitted by": "E10",
        "Outcome results": "Adopted by majority",
        "Vote": vote,
        "Member State": state,
        "ID": key,
        "Membership_Status": "Other",
        "Topic": "Gaza",
    }
    cells.update(changes)
    return [cells[name] for name in oliverunv.COLUMNS.values()]


def _workbook(path: Path, rows: list[list[object]], header: list[str] | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header or list(oliverunv.COLUMNS.values()))
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _vote(names: list[str], **changes: object) -> list[list[object]]:
    return [_row(1, name, "Abstain" if name == "United States" else "Yes", **changes) for name in names]


def test_missing_rows_become_x(tmp_path):
    """A Council member with no row is X (absent) and the event is complete."""
    path = _workbook(tmp_path / "v.xlsx", _vote([n for n in COUNCIL_2024 if n != "Malta"]))
    [event] = oliverunv.parse(path)
    assert event.votes["MLT"] is Vote.NON_VOTING and event.complete
    assert event.tally().as_dict() == {"yes": 13, "no": 0, "abstain": 1, "non_voting": 1}


def test_fifteen_rows_are_complete(tmp_path):
    """Fifteen distinct members are the whole Council."""
    [event] = oliverunv.parse(_workbook(tmp_path / "v.xlsx", _vote(list(COUNCIL_2024))))
    assert len(event.votes) == 15 and event.complete


def test_damaged_rows_are_not_filled(tmp_path):
    """A member listed twice with two votes loses its vote, and the missing rows are not read as absences."""
    rows = _vote([n for n in COUNCIL_2024 if n != "Malta"]) + [_row(1, "Japan", "No")]
    [event] = oliverunv.parse(_workbook(tmp_path / "v.xlsx", rows))
    assert "JPN" not in event.votes and "MLT" not in event.votes and not event.complete
    assert "member twice: JPN has 2 rows (Y, N)" in event.extra["anomalies"]


def test_rows_of_non_members_are_kept_aside(tmp_path):
    """Rows naming a state not on the Council that day are not this vote's: no votes, rows in listed_votes."""
    rows = _vote([n for n in COUNCIL_2024 if n != "Malta"]) + [_row(1, "Brazil", "Yes")]
    [event] = oliverunv.parse(_workbook(tmp_path / "v.xlsx", rows))
    assert event.votes == {} and not event.complete
    assert event.extra["listed_votes"]["BRA"] == "Y"


def test_outcome_contradicted_by_votes_is_an_anomaly(tmp_path):
    """'Adopted by majority' with a permanent member voting no is recorded as an anomaly, not an error."""
    rows = [_row(1, n, "No" if n == "China" else "Yes") for n in COUNCIL_2024]
    [event] = oliverunv.parse(_workbook(tmp_path / "v.xlsx", rows))
    assert event.outcome is Outcome.ADOPTED and event.complete
    assert event.extra["anomalies"][0].startswith(oliverunv.CONTRADICTED)


def test_malformed_rows_are_all_reported(tmp_path):
    """Unknown votes, states and outcomes, bad dates and unreadable symbols are all listed, with line and column."""
    rows = [
        _row(1, "Algeria", "Maybe"),
        _row(1, "Atlantis", "Yes"),
        _row(2, "China", "Yes", **{"Date,": "yesterday"}),
        _row(3, "China", "Yes", Resolution="S/RES/xyz"),
        _row(4, "China", "Yes", **{"Outcome results": "Postponed"}),
        _row(5, "China", "Yes", Meeting="the 9586th"),
    ]
    with pytest.raises(IngestError) as caught:
        oliverunv.parse(_workbook(tmp_path / "bad.xlsx", rows))
    where = {(p.line, p.field) for p in caught.value.problems}
    assert where == {
        (2, "Vote"),
        (3, "Member State"),
        (4, "Date,"),
        (5, "Resolution"),
        (6, "Outcome results"),
        (7, "Meeting"),
    }
    assert {p.file for p in caught.value.problems} == {str(tmp_path / "bad.xlsx")}
    assert "'Maybe'" in str(caught.value) and "'Atlantis'" in str(caught.value)


def test_id_reused_for_two_votes_is_a_problem(tmp_path):
    """Rows of one ID with different drafts are a problem, not two votes merged."""
    rows = [_row(1, "China", "Yes"), _row(1, "France", "Yes", Draft="S/2024/240")]
    with pytest.raises(IngestError) as caught:
        oliverunv.parse(_workbook(tmp_path / "bad.xlsx", rows))
    assert [(p.line, p.field) for p in caught.value.problems] == [(2, "Draft")]


def test_missing_column_is_a_problem(tmp_path):
    """A workbook without the Vote column is refused with the column named."""
    header = [name for name in oliverunv.COLUMNS.values() if name != "Vote"]
    with pytest.raises(IngestError) as caught:
        oliverunv.parse(_workbook(tmp_path / "bad.xlsx", [], header=header))
    assert [(p.line, p.field) for p in caught.value.problems] == [(1, "Vote")]


def test_not_a_workbook_is_a_problem(tmp_path):
    """A file that is not an xlsx workbook is refused as an IngestError, not a crash."""
    path = tmp_path / "sc_voting.xlsx"
    path.write_text("Year,Date\n")
    with pytest.raises(IngestError, match="cannot read the workbook"):
        oliverunv.parse(path)
