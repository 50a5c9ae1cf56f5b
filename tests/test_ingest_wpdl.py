"""The WPDL SC veto list: one vetoed draft per row, the vetoers' "no" votes, and the indicator cross-check."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from unvotes.errors import IngestError
from unvotes.ingest import parser
from unvotes.ingest.wpdl import parse
from unvotes.models import EventKind, Organ, Outcome, Vote, VoteEvent

VETOES = "raw/wpdl_vetoes/unsc_vetoes_1946_sept2022.csv"


@pytest.fixture(scope="module")
def vetoes(shared_data: Path) -> list[VoteEvent]:
    return parse(shared_data / VETOES)


@pytest.fixture(scope="module")
def by_key(vetoes: list[VoteEvent]) -> dict[str, VoteEvent]:
    return {event.key: event for event in vetoes}


def test_every_row_is_an_event(vetoes: list[VoteEvent], by_key: dict[str, VoteEvent]) -> None:
    """214 rows make 214 vetoed SC drafts with distinct keys, each incomplete."""
    assert len(vetoes) == len(by_key) == 214
    assert {(e.organ, e.outcome, e.complete, e.counts) for e in vetoes} == {
        (Organ.SC, Outcome.VETOED, False, None)
    }


def test_first_veto(vetoes: list[VoteEvent]) -> None:
    """16 Feb 1946: the USSR's veto at S/PV.23, which names a meeting, not a draft."""
    event = vetoes[0]
    assert (event.key, event.date, event.votes) == (
        "1946-02-16:S/PV.23",
        dt.date(1946, 2, 16),
        {"SUN": Vote.NO},
    )
    assert (event.document, event.meeting, event.extra["draft"], event.kind) == (
        None,
        "S/PV.23",
        "S/PV.23",
        EventKind.DRAFT,
    )


def test_same_day_drafts_get_numbered_keys(by_key: dict[str, VoteEvent]) -> None:
    """Three vetoes at S/PV.49 on 26 June 1946: the second and third get #2 and #3."""
    keys = [k for k in by_key if k.startswith("1946-06-26:S/PV.49")]
    assert keys == ["1946-06-26:S/PV.49", "1946-06-26:S/PV.49#2", "1946-06-26:S/PV.49#3"]


def test_russia_2022(by_key: dict[str, VoteEvent]) -> None:
    """25 Feb 2022: Russia vetoed S/2022/155 on Ukraine at S/PV.8979."""
    event = by_key["2022-02-25:S/2022/155"]
    assert (event.votes, event.document, event.meeting) == ({"RUS": Vote.NO}, "S/2022/155", "S/PV.8979")
    assert event.agenda is not None and event.agenda.startswith("Letter dated 28 February 2014")


def test_joint_vetoes(by_key: dict[str, VoteEvent]) -> None:
    """31 Oct 1977: France, the UK and the US vetoed S/12312/Rev.1 together."""
    assert by_key["1977-10-31:S/12312/Rev.1"].votes == {"FRA": Vote.NO, "GBR": Vote.NO, "USA": Vote.NO}


def test_draft_notes_and_amended_drafts(by_key: dict[str, VoteEvent]) -> None:
    """A draft "as amended" is a DRAFT_AS_AMENDED event; notes are cut from the document symbol."""
    event = by_key["1956-10-30:S/3713/Rev.1 (as amended)"]
    assert (event.kind, event.document) == (EventKind.DRAFT_AS_AMENDED, "S/3713/Rev.1")
    assert by_key["1947-08-19:S/471 and S/471/Add.1"].document == "S/471"


def test_written_procedure_2020(by_key: dict[str, VoteEvent]) -> None:
    """July 2020 votes by letter: no meeting, the letters kept in extra."""
    event = by_key["2020-07-07:S/2020/654"]
    assert (event.meeting, event.extra["letters"]) == (None, ["S/2020/661", "S/2020/657"])
    assert event.votes == {"RUS": Vote.NO, "CHN": Vote.NO}


def test_unfilled_indicators_are_noted(vetoes: list[VoteEvent], by_key: dict[str, VoteEvent]) -> None:
    """17 rows have every indicator at 0: noted, not a problem; the USSR still vetoed S/7575/Rev.1."""
    assert sum(1 for e in vetoes if e.extra.get("flags_missing")) == 17
    assert by_key["1966-11-04:S/7575/Rev.1"].votes == {"SUN": Vote.NO}


def test_ussr_and_russia_by_date(vetoes: list[VoteEvent]) -> None:
    """Vetoes before 1992 are the USSR's, later ones Russia's."""
    soviet = {e.date.year for e in vetoes if "SUN" in e.votes}
    russian = {e.date.year for e in vetoes if "RUS" in e.votes}
    assert max(soviet) < 1992 <= min(russian)


def test_fixture(test_data: Path) -> None:
    """Hand-made rows: numbered keys, an amended draft, unfilled indicators, letters."""
    events = parse(test_data / "wpdl" / "ok.csv")
    assert [e.key for e in events][:3] == [
        "1946-06-26:S/PV.49",
        "1946-06-26:S/PV.49#2",
        "1956-10-30:S/3710 (as amended)",
    ]
    assert [e.provenance.line for e in events] == [2, 3, 4, 5, 6, 7]
    assert (
        events[2].votes == {"FRA": Vote.NO, "GBR": Vote.NO} and events[2].kind is EventKind.DRAFT_AS_AMENDED
    )
    assert events[3].extra["flags_missing"] is True and "flags_missing" not in events[4].extra


def test_problems_are_all_listed(test_data: Path) -> None:
    """A disagreeing indicator, bad date, unknown vetoer, bad indicator and a row without vetoer: all listed."""
    path = test_data / "wpdl" / "bad.csv"
    with pytest.raises(IngestError) as raised:
        parse(path)
    assert [str(p) for p in raised.value.problems] == [
        f"{path}:3 [UK]: indicator columns flag ['USA'], member_veto1..3 name ['UK', 'USA']",
        f"{path}:4 [date]: bad date '2/30/1975' (expected YYYY-MM-DD or '29 October 2025')",
        f"{path}:5 [member_veto1]: unknown vetoing member 'Germany' (expected one of China, France, Russia, USSR, USA, UK)",
        f"{path}:6 [France]: bad indicator 'x' (expected 0 or 1)",
        f"{path}:7 [member_veto1]: no vetoing member",
    ]


def test_parser_is_registered() -> None:
    """The ingest registry finds this module's parse."""
    assert parser("wpdl_vetoes").__wrapped__ is parse
