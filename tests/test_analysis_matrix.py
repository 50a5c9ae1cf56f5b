"""The matrix adapter: the store's votes as a membership-aware states × votes matrix of Voeten codes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from fixture_events import batches
from unvotes.analysis import matrix
from unvotes.models import Organ, Selection
from unvotes.store import connect, load


def _votes(rows: list[tuple[int, str, str]]) -> dict[str, np.ndarray]:
    return {
        "record_id": np.array([r for r, _, _ in rows]),
        "state_id": np.array([s for _, s, _ in rows], dtype=object),
        "vote": np.array([v for _, _, v in rows], dtype=object),
    }


def _event(record_id: int, day: str, complete: bool) -> dict[str, object]:
    return {"record_id": record_id, "date": day, "complete": complete}


def test_codes_follow_voeten():
    """Yes 1, abstain 2, no 3, absent 8, not a member 9."""
    m = matrix.build(
        ["USA", "RUS"], [_event(1, "2000-01-01", True)], _votes([(1, "USA", "Y"), (1, "RUS", "N")]), Organ.GA
    )
    assert m.values.tolist() == [[1], [3]]
    assert (matrix.YES, matrix.ABSTAIN, matrix.NO, matrix.ABSENT, matrix.NOT_MEMBER) == (1, 2, 3, 8, 9)


def test_a_state_before_its_admission_is_not_a_member_not_absent():
    """Montenegro (admitted 2006) is 9 in 2000 and 8 (absent) in a complete 2010 vote where it has no vote."""
    events = [_event(1, "2000-06-01", True), _event(2, "2010-06-01", True)]
    m = matrix.build(["MNE", "USA"], events, _votes([(1, "USA", "Y"), (2, "USA", "Y")]), Organ.GA)
    assert m.row("MNE").tolist() == [matrix.NOT_MEMBER, matrix.ABSENT]


def test_a_member_missing_from_an_incomplete_source_is_unknown():
    """Where the source names only some votes, a member without one is 0 (unknown), not absent."""
    m = matrix.build(["FRA", "USA"], [_event(1, "2010-06-01", False)], _votes([(1, "USA", "N")]), Organ.GA)
    assert m.row("FRA").tolist() == [matrix.UNKNOWN]


def test_security_council_membership_is_the_council_seat():
    """On the Council, Slovenia sat in 2025 and not in 2022: 2022 is 9, 2025 is its vote."""
    events = [_event(1, "2022-02-25", True), _event(2, "2025-02-24", True)]
    m = matrix.build(["SVN"], events, _votes([(2, "SVN", "A")]), Organ.SC)
    assert m.row("SVN").tolist() == [matrix.NOT_MEMBER, matrix.ABSTAIN]


def test_the_soviet_union_and_russia_are_separate_rows_by_date():
    """The USSR is a member in 1980 and not in 2000; Russia the reverse."""
    events = [_event(1, "1980-06-01", True), _event(2, "2000-06-01", True)]
    m = matrix.build(["SUN", "RUS"], events, _votes([(1, "SUN", "N"), (2, "RUS", "Y")]), Organ.GA)
    assert m.values.tolist() == [[matrix.NO, matrix.NOT_MEMBER], [matrix.NOT_MEMBER, matrix.YES]]


@pytest.fixture
def con(tmp_path: Path):
    with connect(tmp_path / "m.duckdb") as connection:
        load(connection, batches(tmp_path))
        yield connection


def test_load_selects_by_organ_and_kind(con):
    """GA final votes: ES-11/7 only; SC with amendments: the draft and the amendment."""
    ga = matrix.load(con)
    sc_all = matrix.load(con, Selection(organ=Organ.SC, final_only=False))
    assert [e["symbol"] for e in ga.events] == ["A/RES/ES-11/7"]
    assert sorted(e["symbol"] for e in sc_all.events) == ["S/2025/114", "S/RES/2774 (2025)"]
    assert ga.row("USA").tolist() == [matrix.NO]


def test_load_by_year_and_topic(con):
    """A year with no votes gives an empty matrix; a topic word filters by title."""
    assert matrix.load(con, Selection(year=2024)).shape == (0, 0)
    assert matrix.load(con, Selection(topic="lasting peace")).shape[1] == 1


def test_take_and_only_keep_labels_aligned(con):
    """Subsetting keeps states, values, events and dates aligned."""
    m = matrix.load(con, Selection(organ=Organ.SC, final_only=False))
    sub = m.only(["RUS", "USA"]).take([0])
    assert sub.shape == (2, 1)
    assert sub.dates[0] == np.datetime64(dt.date(2025, 2, 24))
    assert sub.values[:, 0].tolist() == [m.row("RUS")[0], m.row("USA")[0]]


def test_lineage_merges_the_ussr_into_the_russian_federation_before_the_succession():
    """With lineage, RUS holds the USSR's 1990 yes (marked SUN) and keeps its own 1992 no; the USSR row stays."""
    events = [_event(1, "1990-06-01", False), _event(2, "1992-06-01", False)]
    m = matrix.build(["RUS", "SUN"], events, _votes([(1, "SUN", "Y"), (2, "RUS", "N")]), Organ.GA)
    merged, inherited = matrix.with_lineage(m, "RUS")
    assert merged.row("RUS").tolist() == [matrix.YES, matrix.NO]
    assert inherited.tolist() == ["SUN", ""]
    assert merged.row("SUN").tolist() == m.row("SUN").tolist()
    assert m.row("RUS").tolist() == [matrix.NOT_MEMBER, matrix.NO]  # the original is left as it was


def test_lineage_adds_a_missing_successor_and_never_overrides_a_member():
    """RUS, absent from a 1990 matrix, gets a row with the USSR's vote; Germany, a member, keeps its own vote."""
    events = [_event(1, "1980-06-01", False), _event(2, "1990-06-01", False)]
    rows = [(1, "SUN", "N"), (2, "SUN", "A"), (1, "DEU", "Y"), (1, "DDR", "N")]
    m = matrix.build(["DDR", "DEU", "SUN"], events, _votes(rows), Organ.GA)
    with_russia, inherited = matrix.with_lineage(m, "RUS")
    assert with_russia.states[-1] == "RUS" and inherited.tolist() == ["SUN", "SUN"]
    assert with_russia.row("RUS").tolist() == [matrix.NO, matrix.ABSTAIN]
    germany, inherited = matrix.with_lineage(m, "DEU")
    assert germany.row("DEU").tolist() == m.row("DEU").tolist() and inherited.tolist() == ["", ""]
