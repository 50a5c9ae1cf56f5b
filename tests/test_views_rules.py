"""The rules' views conform to their published shapes: decisions, replays and the audit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from unvotes.rules import sequence_format
from unvotes.store import connect
from unvotes.views import rules, shapes
from view_checks import conforms

DAY = dt.date(2025, 2, 24)


@pytest.fixture
def con(fixture_db: Path):
    with connect(fixture_db, read_only=True) as con:
        yield con


def test_decision_from_numbers_conforms():
    """A decision from numbers is a `Decision` with no symbol and no recorded outcome."""
    found = rules.decision("SC", 11, 1, 3, negative_permanent=["RUS"], on=dt.date(2022, 2, 25))
    conforms(found, shapes.Decision)
    assert (found["outcome"], found["vetoed_by"], found["symbol"]) == ("vetoed", ["RUS"], None)
    assert found["tally"] == {"yes": 11, "no": 1, "abstain": 3, "non_voting": 0}


def test_decision_of_a_recorded_vote_conforms(con):
    """A recorded vote's decision names the vote and its recorded outcome."""
    found = rules.recorded_decision(con, "S/2025/114")
    conforms(found, shapes.Decision)
    assert (found["symbol"], found["recorded"], found["outcome"]) == ("S/2025/114", "rejected", "rejected")


def test_an_impossible_question_is_a_value_error():
    """A procedural question in the General Assembly is refused."""
    with pytest.raises(ValueError, match="Security Council question"):
        rules.decision("GA", 1, 0, question="procedural")


def test_replay_of_the_day_conforms(con):
    """`replay_day` returns a `Replay` with the summary in words."""
    found = rules.replay_day(con, "SC", DAY)
    conforms(found, shapes.Replay)
    assert found["agrees"] is True and found["summary"].startswith("SC 2025-02-24")


def test_replay_of_a_packaged_sequence_file_conforms():
    """A sequence file replays to a `Replay` without the store."""
    seq = sequence_format.packaged(DAY.isoformat(), "GA")
    assert seq is not None
    conforms(rules.replay_dict(seq), shapes.Replay)


def test_audit_conforms(con):
    """`audit` returns an `Audit`."""
    found = rules.audit(con)
    conforms(found, shapes.Audit)
    assert (found["decided"], found["agree"]) == (3, 3)
