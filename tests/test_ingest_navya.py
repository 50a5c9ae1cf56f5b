"""The navya UN DL scrape: read inside the zip, dated names, junk headers, mislabelled counts, tally mismatches."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest

from unvotes.errors import IngestError
from unvotes.ingest import parser
from unvotes.ingest.navya import HEADER_FIXES, parse
from unvotes.models import Counts, Organ, Outcome, Vote, VoteEvent
from unvotes.refdata import states

ZIP = "raw/navya_undata/UN DATA.csv.zip"


@pytest.fixture(scope="module")
def navya(shared_data: Path) -> dict[str, VoteEvent]:
    return {event.key: event for event in parse(shared_data / ZIP)}


def zipped(test_data: Path, name: str, folder: Path) -> Path:
    """A hand-made CSV zipped the way the real file is (one `UN DATA.csv` inside)."""
    path = folder / f"{name}.csv.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(test_data / "navya" / f"{name}.csv", "UN DATA.csv")
    return path


def test_every_dated_row_is_an_event(navya: dict[str, VoteEvent]) -> None:
    """7,855 rows less the two dated with a year only and one repeated row make 7,852 events: 5,235 GA and
    2,617 SC."""
    assert len(navya) == 7852
    assert sum(e.organ is Organ.GA for e in navya.values()) == 5235
    assert "724807" not in navya and "642010" not in navya


def test_a_draft_symbol_is_the_document_and_a_repeated_row_is_kept_once(navya: dict[str, VoteEvent]) -> None:
    """A/RES/76/10 (1 December 2021, 148-9-14) is listed three times: twice under its draft A/76/L.14 (tokens
    3949879, 3949880), once under its symbol. The draft is the document voted on, not a resolution; the second
    row naming it, identical in every vote, is the first listed again. A/73/L.42 (6 December 2018), which failed,
    is a draft too and is not said to be adopted."""
    draft = navya["3949880"]
    assert (draft.resolution, draft.document, draft.outcome) == (None, "A/76/L.14", None)
    assert "3949879" not in navya and draft.extra["repeated_as"] == ["3949879"]
    assert navya["3949881"].resolution == "A/RES/76/10" and navya["3949881"].votes == draft.votes
    assert (navya["3836030"].document, navya["3836030"].outcome) == ("A/73/L.42", None)


def test_mislabelled_counts(navya: dict[str, VoteEvent]) -> None:
    """S/RES/1973 (2011) is 10-0-5: ABSENT COUNT holds the abstentions; the five abstainers are A cells."""
    event = next(e for e in navya.values() if e.resolution == "S/RES/1973 (2011)")
    assert event.counts == Counts(10, 0, 5, 0) and event.tally() == Counts(10, 0, 5, 0)
    abstained = {state for state, vote in event.votes.items() if vote is Vote.ABSTAIN}
    assert abstained == {"RUS", "CHN", "DEU", "BRA", "IND"} and event.complete


def test_sc_1982_with_the_ussr(navya: dict[str, VoteEvent]) -> None:
    """S/RES/502 (1982): the USSR (header USSR) and China abstained, the US voted yes; 15 members, adopted."""
    event = navya["278789"]
    assert (event.organ, event.date, event.resolution, event.outcome) == (
        Organ.SC,
        dt.date(1982, 4, 3),
        "S/RES/502 (1982)",
        Outcome.ADOPTED,
    )
    assert (event.votes["SUN"], event.votes["CHN"], event.votes["USA"], len(event.votes)) == (
        Vote.ABSTAIN,
        Vote.ABSTAIN,
        Vote.YES,
        15,
    )
    assert event.provenance.url == "https://digitallibrary.un.org/record/278789?ln=en"


def test_junk_header_is_a_state(navya: dict[str, VoteEvent]) -> None:
    """`AY DENMARK` holds Denmark's vote on A/RES/36/146 B (non-voting)."""
    event = navya["626986"]
    assert (event.resolution, event.votes["DNK"]) == ("A/RES/36/146 B", Vote.NON_VOTING)


def test_ignored_header_leaves_a_tally_mismatch(navya: dict[str, VoteEvent]) -> None:
    """S/RES/1966 (2010): the DONOTKNOW vote is nobody's, so 14 votes fall short of 15: kept, incomplete."""
    event = navya["695490"]
    assert (len(event.votes), event.complete) == (14, False)
    assert event.extra["tally_mismatch"] == {"yes": [14, 13], "total": [15, 14]}


def test_only_that_row_mismatches(navya: dict[str, VoteEvent]) -> None:
    """Every other row's cells add up to its printed counts."""
    assert [e.key for e in navya.values() if not e.complete] == ["695490"]


def test_fixture_events(test_data: Path, tmp_path: Path) -> None:
    """Hand-made rows: dated names (USSR, Yugoslavia), a junk header, an ignored column, a year-only row."""
    events = {e.key: e for e in parse(zipped(test_data, "ok", tmp_path))}
    assert sorted(events) == ["278789", "626986", "695490", "900001"]
    assert events["626986"].votes == {
        "USA": Vote.NO,
        "SUN": Vote.YES,
        "DNK": Vote.NON_VOTING,
        "YUG": Vote.YES,
    }
    assert events["900001"].votes == {"USA": Vote.YES, "RUS": Vote.YES, "SRB": Vote.YES}
    assert events["900001"].extra["tally_mismatch"] == {"yes": [2, 3], "total": [2, 3]}
    assert (events["278789"].complete, events["278789"].counts) == (True, Counts(1, 0, 1, 0))
    assert events["695490"].votes == {"USA": Vote.YES}


def test_problems_are_all_listed(test_data: Path, tmp_path: Path) -> None:
    """Bad date, unknown council, unknown vote, unknown header (once), duplicate token, bad count: all listed."""
    path = zipped(test_data, "bad", tmp_path)
    with pytest.raises(IngestError) as raised:
        parse(path)
    assert [str(p) for p in raised.value.problems] == [
        f"{path}:3 [Date]: bad date '1981-13-16' (expected YYYY-MM-DD or '29 October 2025')",
        f"{path}:4 [Council]: unknown council 'Trusteeship Council'",
        f"{path}:5 [UNITED STATES]: unknown vote 'Q' (expected Y, N, A or X)",
        f"{path}:6 [ATLANTIS]: column header names no state: unknown state 'ATLANTIS' (name) on 1981-12-16",
        f"{path}:8 [token]: duplicate token 278789 (first on line 2)",
        f"{path}:9 [YES COUNT]: bad count 'one' (expected a whole number)",
    ]


def test_zip_must_hold_one_csv(tmp_path: Path) -> None:
    """A zip without a CSV is refused."""
    path = tmp_path / "empty.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("README.txt", "nothing here")
    with pytest.raises(IngestError, match="expected one CSV in the zip"):
        parse(path)


@pytest.mark.parametrize("header", sorted(HEADER_FIXES))
def test_header_fixes_name_states(header: str) -> None:
    """Every junk-header fix resolves to a state on a day of the file."""
    assert states.resolve(HEADER_FIXES[header], on=dt.date(1980, 1, 1), scheme="name")


def test_parser_is_registered() -> None:
    """The ingest registry finds this module's parse."""
    assert parser("navya").__wrapped__ is parse
